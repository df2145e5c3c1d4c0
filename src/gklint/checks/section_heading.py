"""Check kind ``section-heading``: a heading has its numeral and the format's wording.

``check: numbering`` — the numeral is missing or wrong (``存在的主要问题及改进情况``,
``四、存在的主要问题及改进情况``); ``check: wording`` — the title is an accepted variant
of the canonical title.  The fix replaces the heading text with the canonical heading.
"""
from __future__ import annotations

from gklint.checks.base import Hit
from gklint.model import Fix, Report, Rule


class SectionHeading:
    name = "section-heading"
    description = "Section headings carry the right numeral (check: numbering) and the format's wording (check: wording)."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {"check": {"enum": ["numbering", "wording"]}},
    }

    def run(self, report: Report, rule: Rule):
        check = rule.params["check"]
        for s in report.sections:
            if check == "numbering":
                bad = not s.numbered or (s.numeral_found is not None and s.numeral_found != s.number)
            else:
                bad = s.numbered and s.variant and (s.numeral_found in (None, s.number))
            if not bad:
                continue
            fix = Fix(s.span, s.canonical, safe=rule.fix_safe) if report.document.text is not None else None
            yield Hit(s.span, {"found": s.title, "canonical": s.canonical, "number": s.number}, fix)


CHECK_KIND = SectionHeading()
