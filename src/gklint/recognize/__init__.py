"""Recognizer: Document → Report, driven by the format template in ``rules/``."""
from __future__ import annotations

from gklint.model import Document, Paragraph, Report, Table
from gklint.recognize.sections import find_title, match_heading, split_title
from gklint.recognize.statements import find_outdated_markers, find_period
from gklint.recognize.tables import TableReader
from gklint.recognize.template import Template, load_template

__all__ = ["recognize", "to_json"]


def recognize(doc: Document, template: Template | None = None) -> Report:
    t = template or load_template()
    report = Report(path=doc.path, document=doc)
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    report.paragraphs = paragraphs

    # sections, in document order; tables are read in the context of the current section
    reader = TableReader(t)
    current = None
    seen: set[str] = set()
    marker_texts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            marker_texts.append((block.text, block.span))
            section = match_heading(block, t)
            if section and section.number not in seen:
                seen.add(section.number)
                report.sections.append(section)
                current = section
                continue
            if current is not None:
                current.paragraphs.append(block)
        elif isinstance(block, Table):
            reader.feed(block, current.number if current else None)
            for row in block.rows:
                for cell in row:
                    if cell.text:
                        marker_texts.append((cell.text, cell.span))
    report.tables, report.problems = reader.finish()
    for problem in report.problems:  # a missing table is reported at the heading of its section
        if problem.code == "table-missing" and problem.span is None and problem.table in t.tables:
            section = report.section(t.tables[problem.table].section)
            if section is not None:
                problem.span = section.span

    first_heading = report.sections[0].span.line if report.sections else None
    before = [p for p in paragraphs if first_heading is None or p.span.line < first_heading] or paragraphs
    suffixes = tuple([t.data.get("title", {}).get("suffix", "")] + list(t.data.get("title", {}).get("wrong_suffixes", [])))
    report.title, report.title_span = find_title(before, tuple(s for s in suffixes if s))
    if report.title:
        report.issuer, report.year = split_title(report.title)
    report.period = find_period(paragraphs, t.period_keywords)
    if report.year is None and report.period and report.period.start:
        report.year = report.period.start.year
    report.outdated_markers = find_outdated_markers(marker_texts, t.outdated_labels)
    report.problems.sort(key=lambda p: (p.span.line if p.span else 0, p.span.column if p.span else 0))
    return report


def to_json(report: Report) -> dict:
    from gklint.recognize.export import report_to_dict

    return report_to_dict(report)
