"""Check kind ``narrative-figure``: a figure stated in the prose agrees with the tables.

Each claim has a ``pattern`` whose first group captures the number (or ``value`` for a
statement that means a fixed number, e.g. 「未收到政府信息公开申请」 means 0), and
``cells``: one or more alternatives, each a list of cell references
``table:row:column`` that are summed.  The claim holds if it equals any alternative.
Message values: ``found`` (the sentence part), ``stated``, ``table_value``, ``cells``.
"""
from __future__ import annotations

from gklint.checks._util import column_label, display_row, find_matches, parse_cell_ref, scope_paragraphs, table_name
from gklint.checks.base import Hit
from gklint.model import Report, Rule

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _to_int(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


class NarrativeFigure:
    name = "narrative-figure"
    description = "Numbers stated in the prose (regex claims) equal the sum of the named table cells."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["claims"],
        "properties": {
            "scope": {"type": "string"},
            "claims": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["pattern", "cells"],
                    "properties": {
                        "pattern": {"type": "string"},
                        "value": {"type": "integer"},
                        "cells": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-z_]+:[^:]+:[^:]+$"}},
                        },
                    },
                },
            },
        },
    }

    def run(self, report: Report, rule: Rule):
        paragraphs = scope_paragraphs(report, rule.params.get("scope", "all")) or []
        for claim in rule.params["claims"]:
            sums = []
            for alternative in claim["cells"]:
                total = 0
                for ref in alternative:
                    table, row, column = parse_cell_ref(ref)
                    data = report.tables.get(table)
                    n = data.number(row, column) if data else None
                    if n is None:
                        total = None
                        break
                    total += n
                if total is not None:
                    sums.append((total, alternative))
            if not sums:
                continue
            for para, m in find_matches(paragraphs, claim["pattern"]):
                stated = claim["value"] if "value" in claim else _to_int(m.group(1))
                if stated is None or any(abs(stated - s) < 1e-9 for s, _ in sums):
                    continue
                total, alternative = sums[0]
                cells = " + ".join(
                    f"{table_name(t)}「{display_row(t, r)}」行「{column_label(t, c)}」列" for t, r, c in map(parse_cell_ref, alternative)
                )
                yield Hit(para.span_of(m.start(), m.end()), {
                    "found": m.group(0), "stated": stated, "table_value": int(total) if float(total).is_integer() else total, "cells": cells,
                })


CHECK_KIND = NarrativeFigure()
