"""Find the title, the issuing body, the report year and the six section headings."""
from __future__ import annotations

import re

from gklint.model import Paragraph, Section, Span
from gklint.recognize.labels import NUMERALS, normalize
from gklint.recognize.template import Template

_NUMBERED = re.compile(rf"^([{NUMERALS}]{{1,2}})[、.．,，]?(.+)$")
_TRAILING = "。：:;；.、"
_YEAR = re.compile(r"((?:19|20)\d{2})年")
MAX_HEADING_CHARS = 40


def _heading_text(p: Paragraph) -> str:
    return normalize(p.text).rstrip(_TRAILING)


def match_heading(p: Paragraph, template: Template) -> Section | None:
    """A section heading, numbered (``五、存在…``) or not (``存在的主要问题及改进情况``)."""
    text = _heading_text(p)
    if not text or len(text) > MAX_HEADING_CHARS:
        return None
    memo = template.memo_table("heading")  # the same headings recur in every report
    key = (text, p.heading == 0)
    found = memo.get(key, _UNKNOWN)
    if found is _UNKNOWN:
        found = memo[key] = _heading_spec(text, p.heading == 0, template)
    if found is None:
        return None
    spec, numeral, variant = found
    return Section(
        number=spec["number"],
        title=p.text.strip(),
        canonical=f"{spec['number']}、{spec['title']}",
        span=p.span,
        numbered=numeral is not None,
        numeral_found=numeral,
        variant=variant,
    )


_UNKNOWN = object()


def _heading_spec(text: str, body_text: bool, template: Template) -> tuple[dict, str | None, bool] | None:
    """``(section spec, numeral as written, variant?)`` of a normalized heading text."""
    numeral = None
    title = text
    m = _NUMBERED.match(text)
    if m:
        numeral, title = m.group(1), m.group(2)
    for spec in template.sections:
        canonical = normalize(spec["title"])
        variants = [normalize(v) for v in spec.get("variants", []) or []]
        if title == canonical:
            variant = False
        elif title in variants:
            variant = True
        elif numeral and len(title) >= 4 and (canonical in title or (title in canonical and len(title) >= len(canonical) - 4)):
            variant = True
        else:
            continue
        if numeral is None and body_text and len(text) > len(canonical) + 4:
            continue
        return spec, numeral, variant
    return None


def find_title(paragraphs: list[Paragraph], suffixes: tuple[str, ...]) -> tuple[str | None, Span | None]:
    """The title: the first paragraph(s) naming 年度报告, joined with a short line before it."""
    for i, p in enumerate(paragraphs[:8]):
        t = normalize(p.text)
        if "年度报告" in t or "年报" in t or any(s in t for s in suffixes):
            if len(t) > 80:
                continue
            text = t
            span = p.span
            needs_more = t[:1].isdigit() or not _YEAR.search(t)  # "2024年度…" or "政府信息公开工作年度报告"
            if i > 0 and needs_more:
                prev = normalize(paragraphs[i - 1].text)
                if prev and len(prev) <= 30 and "。" not in prev:
                    text = prev + t
                    first = paragraphs[i - 1].span
                    span = Span(first.line, first.column, p.span.last_line, p.span.last_column, first.where)
            return text, span
    return None, None


def split_title(title: str) -> tuple[str | None, int | None]:
    """Issuer and year from a title like ``虎林市迎春镇人民政府2024年度政府信息公开工作年度报告``."""
    m = _YEAR.search(title)
    if not m:
        return None, None
    issuer = title[: m.start()].strip() or None
    if issuer:
        issuer = issuer.removeprefix("关于").strip()
    return issuer, int(m.group(1))
