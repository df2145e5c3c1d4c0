"""The extracted report as JSON: the documented contract of ``gklint extract``.

Validated by ``schemas/report.schema.json``; see docs/extract-format.md.
"""
from __future__ import annotations

from typing import Any

from gklint.model import Report, Span

ACTIVE_TRIPLES = ("规章", "行政规范性文件")
ACTIVE_SINGLES = ("行政许可", "行政处罚", "行政强制", "行政事业性收费")


def _line(span: Span | None) -> int | None:
    return span.line if span else None


def report_to_dict(report: Report) -> dict[str, Any]:
    from gklint.recognize.template import load_template

    t = load_template()
    tables = report.tables
    active = tables.get("active")
    apps = tables.get("applications")
    review = tables.get("review_litigation")

    active_out: dict[str, Any] = {}
    if active:
        for key in ACTIVE_TRIPLES:
            active_out[key] = [active.number(key, col) for col in ("制发", "废止", "现行有效")]
        for key in ACTIVE_SINGLES:
            col = t.tables["active"].row_by_key[key]["columns"][0]
            active_out[key] = active.number(key, col)

    app_columns = [c["key"] for c in t.tables["applications"].columns]
    apps_out = {}
    for row in t.tables["applications"].rows:
        apps_out[row["key"]] = [apps.number(row["key"], c) if apps else None for c in app_columns]

    review_columns = [c["key"] for c in t.tables["review_litigation"].columns]
    review_out = {}
    for row in t.tables["review_litigation"].rows:
        review_out[row["key"]] = [review.number(row["key"], c) if review else None for c in review_columns]

    period = None
    if report.period:
        period = {
            "start": report.period.start.isoformat() if report.period.start else None,
            "end": report.period.end.isoformat() if report.period.end else None,
            "text": report.period.text,
            "line": _line(report.period.span),
        }
    return {
        "path": report.path,
        "format": report.document.format,
        "encoding": report.document.encoding,
        "title": report.title,
        "issuer": report.issuer,
        "year": report.year,
        "period": period,
        "sections": [
            {"number": s.number, "title": s.title, "canonical": s.canonical, "numbered": s.numbered, "line": _line(s.span)}
            for s in report.sections
        ],
        "tables": {
            "active": active_out,
            "applications": apps_out,
            "applications_columns": app_columns,
            "review_litigation": review_out,
            "review_litigation_columns": review_columns,
        },
        "outdated_template_labels": [{"label": m.label, "line": _line(m.span)} for m in report.outdated_markers],
        "problems": [p.to_dict() for p in report.problems],
    }
