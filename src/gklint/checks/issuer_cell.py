"""Check kind ``issuer-cell``: a cell must stay within a limit for some kinds of issuing body.

E.g. a 镇/乡/街道 cannot make 规章, so 表二 规章 本年制发件数 must be 0 when the issuer
matches ``issuer_pattern``.  Message values: ``issuer``, ``cell``, ``value``, ``max``.
"""
from __future__ import annotations

from gklint.checks._util import column_label, compile_pattern, display_row, parse_cell_ref, table_name
from gklint.checks.base import Hit
from gklint.model import Report, Rule


class IssuerCell:
    name = "issuer-cell"
    description = "When the issuing body matches `issuer_pattern`, each listed cell is at most `max`."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["issuer_pattern", "cells", "max"],
        "properties": {
            "issuer_pattern": {"type": "string"},
            "cells": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-z_]+:[^:]+:[^:]+$"}},
            "max": {"type": "number"},
        },
    }

    def run(self, report: Report, rule: Rule):
        issuer = report.issuer or ""
        if not issuer or not compile_pattern(rule.params["issuer_pattern"]).search(issuer):
            return
        for ref in rule.params["cells"]:
            table, row, column = parse_cell_ref(ref)
            data = report.tables.get(table)
            value = data.value(row, column) if data else None
            if value is None or value.number is None or value.number <= rule.params["max"]:
                continue
            yield Hit(value.span, {
                "issuer": issuer, "value": value.number, "max": rule.params["max"],
                "cell": f"{table_name(table)}「{display_row(table, row)}」行「{column_label(table, column)}」列",
            })


CHECK_KIND = IssuerCell()
