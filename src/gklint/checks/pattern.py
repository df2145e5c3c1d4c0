"""Check kind ``pattern`` (like Vale's existence/conditional): text must, or must not, say something.

``mode: require`` — at least one of ``patterns`` matches in ``scope``; with ``when``,
only if one of the ``when`` patterns matches there (a conditional rule).
``mode: forbid`` — every match of ``patterns`` in ``scope`` is a finding.
``scope``: ``all``, ``preamble`` or a section numeral (一 … 六).
"""
from __future__ import annotations

from gklint.checks._util import any_match, find_matches, scope_paragraphs, section_anchor
from gklint.checks.base import Hit
from gklint.model import Report, Rule, Span


class Pattern:
    name = "pattern"
    description = "Require (any of) or forbid regex patterns in a scope; `when` makes a requirement conditional."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["scope", "mode", "patterns"],
        "properties": {
            "scope": {"type": "string"},
            "mode": {"enum": ["require", "forbid"]},
            "patterns": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "when": {"type": "array", "items": {"type": "string"}},
        },
    }

    def run(self, report: Report, rule: Rule):
        p = rule.params
        paragraphs = scope_paragraphs(report, p["scope"])
        if paragraphs is None:
            return
        if p["mode"] == "forbid":
            for pattern in p["patterns"]:
                for para, m in find_matches(paragraphs, pattern):
                    yield Hit(para.span_of(m.start(), m.end()), {"match": m.group(0)})
            return
        if p.get("when") and not any_match(paragraphs, p["when"]):
            return
        if not any_match(paragraphs, p["patterns"]):
            anchor = section_anchor(report, None if p["scope"] in ("all", "preamble") else p["scope"])
            text = "".join(x.text for x in paragraphs)[:30]
            yield Hit(anchor or Span(1), {"text": text or "（空）"})


CHECK_KIND = Pattern()
