"""Check kind ``publication-deadline``: the report is dated no later than the deadline.

《中华人民共和国政府信息公开条例》第五十条: the annual report on year Y is published
by 31 January of year Y+1; some provinces set an earlier day.  The report's date is its
落款 (signature) date: a paragraph that is only a date — ``2025年1月20日``,
``２０２５年１月２０日``, ``二〇二五年一月二十日`` — optionally labelled
(``发布日期：2025年1月20日``).  Dates inside sentences (plans, events) are not the
report's date and are ignored.  Without a report year (no title) the check is silent.

Params: ``deadline`` — month and day in year Y+1, ``"MM-DD"`` (default ``"01-31"``).
Message values: ``date`` (as written), ``deadline`` (``2025年1月31日``), ``year`` (Y).
"""
from __future__ import annotations

import datetime
import re

from gklint.checks.base import Hit

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9〇○零Ｏ一二三四五六七八九十]"
DATE_LINE = re.compile(
    rf"^(?:(?:发布|印发|成文|公布|落款)?(?:日期|时间)\s*[:：]\s*)?"
    rf"(?P<date>(?P<y>{_NUM}{{4}})\s*年\s*(?P<m>{_NUM}{{1,2}})\s*月\s*(?P<d>{_NUM}{{1,3}})\s*日)$"
)


def cn_number(text: str) -> int | None:
    """``"2025"``, ``"二〇二五"`` → 2025; ``"十"`` → 10, ``"二十一"`` → 21; None if unreadable."""
    if text.isdigit():
        return int(text)
    if "十" in text:  # 十, 十一, 二十, 二十一, 三十一
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1:
            return None
        t = _CN_DIGITS.get(tens, None) if tens else 1
        u = _CN_DIGITS.get(units, None) if units else 0
        return None if t is None or u is None else t * 10 + u
    value = 0
    for ch in text:
        if ch not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[ch]
    return value


def parse_date(text: str) -> tuple[datetime.date, int, int] | None:
    """``(date, start, end)`` when ``text`` is a date line (``text[start:end]`` is the date), else None."""
    plain = text.translate(_FULLWIDTH)  # same length: offsets stay valid
    lead = len(plain) - len(plain.lstrip())
    m = DATE_LINE.match(plain.strip())
    if not m:
        return None
    y, mo, d = (cn_number(m.group(k)) for k in ("y", "m", "d"))
    if y is None or mo is None or d is None:
        return None
    try:
        date = datetime.date(y, mo, d)
    except ValueError:
        return None
    return date, lead + m.start("date"), lead + m.end("date")


class PublicationDeadline:
    name = "publication-deadline"
    description = "The report's signature date (a paragraph that is only a date) is on or before params.deadline (MM-DD) of the year after the report year."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "deadline": {"type": "string", "pattern": "^(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$", "default": "01-31"},
        },
    }

    def run(self, report, rule):
        if report.year is None:
            return
        month, day = (int(x) for x in rule.params.get("deadline", "01-31").split("-"))
        deadline = datetime.date(report.year + 1, month, day)
        for para in report.paragraphs:
            if len(para.text) > 40:  # a signature line is short
                continue
            parsed = parse_date(para.text)
            if parsed is None:
                continue
            date, start, end = parsed
            if date > deadline:
                values = {"date": para.text[start:end], "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日", "year": report.year}
                yield Hit(para.span_of(start, end), values)
