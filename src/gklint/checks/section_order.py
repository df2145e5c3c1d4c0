"""Check kind ``section-order``: section headings appear in the format's order."""
from __future__ import annotations

from gklint.checks.base import Hit
from gklint.model import Report, Rule


class SectionOrder:
    name = "section-order"
    description = "Section headings appear in the order of the format template."
    params_schema = {"type": "object", "additionalProperties": False, "properties": {}}

    def run(self, report: Report, rule: Rule):
        from gklint.recognize.template import load_template

        order = [s["number"] for s in load_template().sections]
        highest = None
        for s in report.sections:
            if highest is not None and order.index(s.number) < order.index(highest.number):
                yield Hit(s.span, {"section": s.canonical, "previous": highest.canonical})
            elif highest is None or order.index(s.number) > order.index(highest.number):
                highest = s


CHECK_KIND = SectionOrder()
