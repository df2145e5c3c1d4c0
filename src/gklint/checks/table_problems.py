"""Check kind ``table-problems``: report what the recognizer could not read in the tables.

The recognizer records problems (missing rows, blank cells, label variants …) instead of
guessing; this kind turns the problems whose ``code`` is listed into findings.  With
``aggregate: true`` all problems of one table become one finding listing the rows.

Message values: ``table`` (表二/表三/表四), ``row`` (row label as in the format),
``column``, ``found``, ``expected``, ``problem`` (the recognizer's own description),
and, when aggregated, ``count`` and ``rows``.
"""
from __future__ import annotations

from gklint.checks._util import column_label, display_row, table_name
from gklint.checks.base import Hit
from gklint.model import Fix, Report, Rule
from gklint.recognize.labels import core


class TableProblems:
    name = "table-problems"
    description = "Findings for recognizer problems with the listed codes (optionally only in some tables)."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["codes"],
        "properties": {
            "codes": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "tables": {"type": "array", "items": {"enum": ["active", "applications", "review_litigation"]}},
            "aggregate": {"type": "boolean"},
            "fix_label": {"type": "boolean", "description": "offer the canonical label as a fix"},
        },
    }

    def run(self, report: Report, rule: Rule):
        codes = set(rule.params["codes"])
        tables = set(rule.params.get("tables") or ["active", "applications", "review_litigation"])
        problems = [p for p in report.problems if p.code in codes and p.table in tables]
        if rule.params.get("aggregate"):
            by_table: dict[str, list] = {}
            for p in problems:
                by_table.setdefault(p.table, []).append(p)
            for table, group in by_table.items():
                rows = "、".join(f"「{display_row(table, p.row)}」" for p in group if p.row) or ""
                yield Hit(group[0].span, {"table": table_name(table), "count": len(group), "rows": rows, "problem": group[0].message})
            return
        for p in problems:
            values = {
                "table": table_name(p.table),
                "row": display_row(p.table, p.row) if p.row and p.table else "",
                "column": column_label(p.table, p.column) if p.column and p.table else "",
                "found": p.found or "",
                "expected": p.expected or "",
                "problem": p.message,
            }
            yield Hit(p.span, values, self._fix(report, rule, p))

    @staticmethod
    def _fix(report: Report, rule: Rule, p) -> Fix | None:
        if not rule.params.get("fix_label") or not p.found or not p.expected or p.span is None:
            return None
        if report.document.text is None:
            return None
        found_core, canonical_core = core(p.found), core(p.expected)
        if found_core and found_core in p.found:
            return Fix(p.span, p.found.replace(found_core, canonical_core, 1), safe=rule.fix_safe)
        return None


CHECK_KIND = TableProblems()
