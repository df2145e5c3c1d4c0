"""Check kind ``section-content``: a section says something (not empty, not just 「无」)."""
from __future__ import annotations

import re

from gklint.checks.base import Hit
from gklint.model import Report, Rule


class SectionContent:
    name = "section-content"
    description = "A section's text is at least `min_chars` characters and is not one of the `empty` answers."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["section"],
        "properties": {
            "section": {"type": "string"},
            "min_chars": {"type": "integer", "minimum": 0},
            "empty": {"type": "array", "items": {"type": "string"}},
        },
    }

    def run(self, report: Report, rule: Rule):
        section = report.section(rule.params["section"])
        if section is None:
            return
        text = re.sub(r"\s+", "", section.text)
        empty = {re.sub(r"\s+", "", e) for e in rule.params.get("empty", [])}
        too_short = len(text) < int(rule.params.get("min_chars", 0))
        if text in empty or too_short or not text:
            yield Hit(section.span, {"section": section.canonical, "length": len(text), "text": text[:20] or "（空）"})


CHECK_KIND = SectionContent()
