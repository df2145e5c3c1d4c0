"""Check kind ``substitution`` (like Vale's substitution / textlint prh): wrong wording → right wording.

Each swap has a ``pattern`` (regex) and the ``replacement``; a match that already equals
the replacement is fine (so one pattern can match every spelling of a citation).  The
fix replaces the match.  Message values: ``found``, ``replacement``, ``note``.
"""
from __future__ import annotations

from gklint.checks._util import find_matches, scope_paragraphs
from gklint.checks.base import Hit
from gklint.model import Fix, Report, Rule


class Substitution:
    name = "substitution"
    description = "Each match of a swap's pattern that differs from its replacement is a finding with a fix."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["swaps"],
        "properties": {
            "scope": {"type": "string"},
            "swaps": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["pattern", "replacement"],
                    "properties": {
                        "pattern": {"type": "string"},
                        "replacement": {"type": "string"},
                        "note": {"type": "string"},
                    },
                },
            },
        },
    }

    def run(self, report: Report, rule: Rule):
        paragraphs = scope_paragraphs(report, rule.params.get("scope", "all")) or []
        for swap in rule.params["swaps"]:
            for para, m in find_matches(paragraphs, swap["pattern"]):
                found = m.group(0)
                replacement = m.expand(swap["replacement"]) if "\\" in swap["replacement"] else swap["replacement"]
                if found == replacement:
                    continue
                span = para.span_of(m.start(), m.end())
                fix = Fix(span, replacement, safe=rule.fix_safe) if para.offsets else None
                yield Hit(span, {"found": found, "replacement": replacement or "（删除）", "note": swap.get("note", "")}, fix)


CHECK_KIND = Substitution()
