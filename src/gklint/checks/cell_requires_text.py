"""Check kind ``cell-requires-text``: when a cell is above a threshold, the prose must say something.

E.g. 表三 （六）2 (逾期未按收费通知要求缴纳费用) > 0 means fee notices were sent, so
section 六 must report 收费通知.  Message values: ``cell``, ``value``.
"""
from __future__ import annotations

from gklint.checks._util import any_match, column_label, display_row, parse_cell_ref, scope_paragraphs, section_anchor, table_name
from gklint.checks.base import Hit
from gklint.model import Report, Rule


class CellRequiresText:
    name = "cell-requires-text"
    description = "If cell > `above`, one of `patterns` must match in `scope`."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["cell", "scope", "patterns"],
        "properties": {
            "cell": {"type": "string", "pattern": "^[a-z_]+:[^:]+:[^:]+$"},
            "above": {"type": "number"},
            "scope": {"type": "string"},
            "patterns": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
    }

    def run(self, report: Report, rule: Rule):
        table, row, column = parse_cell_ref(rule.params["cell"])
        data = report.tables.get(table)
        value = data.value(row, column) if data else None
        if value is None or value.number is None or value.number <= rule.params.get("above", 0):
            return
        paragraphs = scope_paragraphs(report, rule.params["scope"])
        if paragraphs is not None and any_match(paragraphs, rule.params["patterns"]):
            return
        anchor = section_anchor(report, rule.params["scope"]) if rule.params["scope"] not in ("all", "preamble") else None
        yield Hit(anchor or value.span, {
            "value": value.number,
            "cell": f"{table_name(table)}「{display_row(table, row)}」行「{column_label(table, column)}」列",
        })


CHECK_KIND = CellRequiresText()
