"""Check kind ``section-present``: each of the format's sections has a heading."""
from __future__ import annotations

from gklint.checks.base import Hit
from gklint.model import Report, Rule, Span


class SectionPresent:
    name = "section-present"
    description = "Every section of the format template (or those listed in `sections`) has a heading in the draft."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"sections": {"type": "array", "items": {"type": "string"}}},
    }

    def run(self, report: Report, rule: Rule):
        from gklint.recognize.template import load_template

        t = load_template()
        wanted = rule.params.get("sections") or [s["number"] for s in t.sections]
        found = {s.number for s in report.sections}
        if not report.sections and not any(td.found for td in report.tables.values()):
            return  # nothing recognized at all: GK903 says so
        order = [s["number"] for s in t.sections]
        for spec in t.sections:
            number = spec["number"]
            if number not in wanted or number in found:
                continue
            later = [s for s in report.sections if order.index(s.number) > order.index(number)]
            span = later[0].span if later else (report.sections[-1].span if report.sections else Span(1))
            yield Hit(span, {"number": number, "canonical": f"{number}、{spec['title']}"})


CHECK_KIND = SectionPresent()
