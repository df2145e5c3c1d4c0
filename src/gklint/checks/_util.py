"""Helpers shared by check kinds: text scopes, regex matches with positions, cell references."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from gklint.model import Paragraph, Report, Span

MAX_MATCH_CHARS = 20000  # regexes only ever see paragraph-sized text


def scope_paragraphs(report: Report, scope: str) -> list[Paragraph] | None:
    """Paragraphs of a scope: ``all``, ``preamble`` (before section 一) or a section numeral.

    Returns None when the scope is a section the draft does not have (rules then stay
    silent: the missing section is reported by the structure rules).
    """
    if scope == "all":
        return report.paragraphs
    if scope == "preamble":
        if not report.sections:
            return report.paragraphs
        first = report.sections[0].span.line
        return [p for p in report.paragraphs if p.span.line < first]
    section = report.section(scope)
    return section.paragraphs if section else None


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def find_matches(paragraphs: list[Paragraph], pattern: str) -> Iterator[tuple[Paragraph, re.Match]]:
    rx = compile_pattern(pattern)
    for p in paragraphs:
        for m in rx.finditer(p.text[:MAX_MATCH_CHARS]):
            yield p, m


def any_match(paragraphs: list[Paragraph], patterns: list[str]) -> bool:
    return any(True for pat in patterns for _ in find_matches(paragraphs, pat))


def section_anchor(report: Report, number: str | None) -> Span | None:
    if number is None:
        return report.title_span
    s = report.section(number)
    return s.span if s else None


def parse_cell_ref(ref: str) -> tuple[str, str, str]:
    """``"applications:三.六.2:总计"`` → (table, row, column)."""
    table, row, column = ref.split(":")
    return table, row, column


def display_row(table: str, row: str) -> str:
    """Row label as a reader knows it, e.g. 「（三）不予公开 1.属于国家秘密」."""
    from gklint.recognize.template import load_template

    return load_template().tables[table].display_row(row)


def table_name(table: str) -> str:
    from gklint.recognize.template import load_template

    return load_template().tables[table].name.split(" ")[0]


def column_label(table: str, column: str) -> str:
    from gklint.recognize.template import load_template

    return load_template().tables[table].column_by_key[column]["label"]
