"""Check kind ``year-consistency``: the report year is the same everywhere.

Compares the title year with the statistics-period year and with years in phrases given
by ``patterns`` (each with one group capturing a four-digit year, e.g. ``截至(\\d{4})年``).
"""
from __future__ import annotations

from gklint.checks._util import find_matches, scope_paragraphs
from gklint.checks.base import Hit
from gklint.model import Report, Rule


class YearConsistency:
    name = "year-consistency"
    description = "The title year agrees with the period year and with year phrases (patterns with one year group)."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "patterns": {"type": "array", "items": {"type": "string"}},
            "scope": {"type": "string"},
        },
    }

    def run(self, report: Report, rule: Rule):
        if report.year is None or report.title is None:
            return
        year = report.year
        if report.period and report.period.start and report.period.start.year != year:
            yield Hit(report.period.span, {"year": year, "found": report.period.start.year, "text": report.period.text})
        paragraphs = scope_paragraphs(report, rule.params.get("scope", "all")) or []
        for pattern in rule.params.get("patterns", []):
            for p, m in find_matches(paragraphs, pattern):
                found = int(m.group(1))
                if found != year:
                    yield Hit(p.span_of(m.start(), m.end()), {"year": year, "found": found, "text": m.group(0)})


CHECK_KIND = YearConsistency()
