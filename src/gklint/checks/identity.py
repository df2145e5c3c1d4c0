"""Check kind ``identity``: a sum of named cells equals another sum, per column or per row.

Declared in YAML, evaluated without ``eval``: ``left`` and ``right`` are lists of row keys
(``over: columns`` — the identity holds in every column) or of column keys
(``over: rows`` — it holds in every row).  A cell that is missing or unreadable makes
that column/row skip (the table-completeness rules report it).

Message values: ``table``, ``where`` (the column or row), ``left`` / ``right`` (the
terms as written in the format), ``left_sum``, ``right_sum``, ``diff``.
"""
from __future__ import annotations

from gklint.checks._util import column_label, display_row, table_name
from gklint.checks.base import Hit
from gklint.model import Report, Rule


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.4f}".rstrip("0").rstrip(".")


def _readable(values: list) -> bool:
    for v in values:
        if v is None or v.number is None:
            return False
    return True


class Identity:
    name = "identity"
    description = "sum(left) == sum(right) for every column (over: columns) or every row (over: rows) of a table."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["table", "over", "left", "right"],
        "properties": {
            "table": {"type": "string"},
            "over": {"enum": ["columns", "rows"]},
            "left": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "right": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "only": {"type": "array", "items": {"type": "string"}, "description": "restrict to these columns/rows"},
        },
    }

    def run(self, report: Report, rule: Rule):
        p = rule.params
        table = p["table"]
        data = report.tables.get(table)
        if data is None or not data.found:
            return
        from gklint.recognize.template import load_template

        spec = load_template().tables[table]
        if p["over"] == "columns":
            axis = [c["key"] for c in spec.columns]
            term_label = lambda term: display_row(table, term)  # noqa: E731
            along_label = lambda along: f"「{column_label(table, along)}」列"  # noqa: E731
        else:
            axis = [r["key"] for r in spec.rows]
            term_label = lambda term: column_label(table, term)  # noqa: E731
            along_label = lambda along: f"「{display_row(table, along)}」行"  # noqa: E731
        only = set(p.get("only") or axis)
        rows = data.rows
        left_terms, right_terms = p["left"], p["right"]
        if p["over"] == "columns":  # the terms are rows: look them up once
            left_rows = [rows.get(t) for t in left_terms]
            right_rows = [rows.get(t) for t in right_terms]
            if any(r is None for r in left_rows) or any(r is None for r in right_rows):
                return  # a missing row: every column has a missing cell
        for along in axis:
            if along not in only:
                continue
            if p["over"] == "columns":
                left = [r.values.get(along) for r in left_rows]
                right = [r.values.get(along) for r in right_rows]
            else:
                row = rows.get(along)
                if row is None:
                    continue
                values = row.values
                left = [values.get(t) for t in left_terms]
                right = [values.get(t) for t in right_terms]
            if not (_readable(left) and _readable(right)):
                continue
            ls = sum(v.number for v in left)
            rs = sum(v.number for v in right)
            if abs(ls - rs) < 1e-9:
                continue
            anchor = right[-1].span
            yield Hit(anchor, {
                "table": table_name(table),
                "where": along_label(along),
                "left": " + ".join(f"「{term_label(t)}」" for t in p["left"]) if len(p["left"]) <= 4 else f"{len(p['left'])} 项之和",
                "right": " + ".join(f"「{term_label(t)}」" for t in p["right"]) if len(p["right"]) <= 4 else f"{len(p['right'])} 项之和",
                "left_sum": _fmt(ls),
                "right_sum": _fmt(rs),
                "diff": _fmt(abs(ls - rs)),
            })


CHECK_KIND = Identity()
