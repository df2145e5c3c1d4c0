"""Check kind ``title``: the report has a title of the form ``…YYYY年(度)政府信息公开工作年度报告``.

``check: present`` — a title naming the annual report is found before section 一;
``check: form`` — it matches ``pattern`` (a regex over the title without spaces).
"""
from __future__ import annotations

from gklint.checks._util import compile_pattern
from gklint.checks.base import Hit
from gklint.model import Report, Rule, Span


class Title:
    name = "title"
    description = "A title exists (check: present) and matches `pattern` (check: form)."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {"check": {"enum": ["present", "form"]}, "pattern": {"type": "string"}},
    }

    def run(self, report: Report, rule: Rule):
        if rule.params["check"] == "present":
            if report.title is None and (report.sections or any(t.found for t in report.tables.values())):
                yield Hit(Span(1), {})
            return
        if report.title is None:
            return
        pattern = rule.params.get("pattern", r".")
        if not compile_pattern(pattern).search(report.title):
            yield Hit(report.title_span, {"title": report.title})


CHECK_KIND = Title()
