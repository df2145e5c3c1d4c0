"""Statements found in the prose: the statistics period, and labels of the outdated template."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from gklint.model import Marker, Paragraph, Period, Span
from gklint.recognize.labels import normalize

_DATE = r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
_SECOND = r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
# ``\s*(?:起|开始)?\s*`` would try every split of a run of blanks (quadratic on a long one)
_RANGE = re.compile(_DATE + r"\s*(?:(?:起|开始)\s*)?(?:至|到|—+|－|-|~|～|止至)\s*" + _SECOND)


def _safe_date(y: str | None, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d)) if y else None
    except ValueError:
        return None


def find_period(paragraphs: list[Paragraph], keywords: list[str]) -> Period | None:
    """The first sentence that names the statistics period, with its dates parsed.

    A sentence with a keyword (统计期限 …) but no readable date range is still returned,
    with ``start``/``end`` None, so a rule can say the dates cannot be read.
    """
    fallback: Period | None = None
    for p in paragraphs:
        text = p.text
        if not any(k in text for k in keywords) and "统计" not in text:
            continue
        for sentence in re.finditer(r"[^。；;\n]+[。；;]?", text):
            s = sentence.group()
            if not any(k in s for k in keywords):
                continue
            m = _RANGE.search(s)
            if m:
                y1, m1, d1, y2, m2, d2 = m.groups()
                start = _safe_date(y1, m1, d1)
                end = _safe_date(y2 or y1, m2, d2)
                a, b = sentence.start() + m.start(), sentence.start() + m.end()
                return Period(text=s.strip(), span=p.span_of(a, b), start=start, end=end)
            if fallback is None and re.search(r"统计(?:期限|时限|区间|周期)", s):
                fallback = Period(text=s.strip(), span=p.span_of(sentence.start(), sentence.end()))
    return fallback


@lru_cache(maxsize=8)
def _any_of(keys: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(k) for k in keys))


def find_outdated_markers(texts: list[tuple[str, Span]], labels: list[str]) -> list[Marker]:
    wanted = [(label, normalize(label)) for label in labels]
    found: list[Marker] = []
    seen: set[str] = set()
    # one regex search skips the texts that hold none of the labels (most of them)
    any_label = _any_of(tuple(key for _, key in wanted)) if wanted and all(key for _, key in wanted) else None
    # normalize() turns ASCII text into ASCII and 「、」 only: it holds no label with another character
    skip_ascii = any_label is not None and all(any(ord(ch) > 127 and ch != "、" for ch in key) for _, key in wanted)
    for text, span in texts:
        if skip_ascii and text.isascii():
            continue
        n = normalize(text)
        if any_label is not None and not any_label.search(n):
            continue
        for label, key in wanted:
            if key in n and label not in seen:
                seen.add(label)
                found.append(Marker(label=label, span=span))
    return found
