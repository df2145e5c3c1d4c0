"""Check kind ``period``: the statistics-period statement.

``check: present`` — a sentence states the statistics period (统计期限 …);
``check: full-year`` — its dates are 1 January to 31 December of the report year.
"""
from __future__ import annotations

from datetime import date

from gklint.checks.base import Hit
from gklint.model import Report, Rule, Span


def _cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "（无法识别）"


class Period:
    name = "period"
    description = "The statistics-period statement exists (check: present) and covers 1 Jan–31 Dec of the report year (check: full-year)."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {"check": {"enum": ["present", "full-year"]}},
    }

    def run(self, report: Report, rule: Rule):
        check = rule.params["check"]
        if check == "present":
            if report.period is None and (report.sections or report.title):
                anchor = report.section("一")
                span = anchor.span if anchor else (report.title_span or Span(1))
                year = report.year or "YYYY"
                yield Hit(span, {"year": year})
            return
        period = report.period
        if period is None:
            return
        year = report.year or (period.start.year if period.start else None)
        if year is None:
            return
        expected = (date(year, 1, 1), date(year, 12, 31))
        if (period.start, period.end) != expected:
            yield Hit(period.span, {
                "start": _cn(period.start), "end": _cn(period.end), "year": year,
                "expected_start": _cn(expected[0]), "expected_end": _cn(expected[1]), "text": period.text,
            })


CHECK_KIND = Period()
