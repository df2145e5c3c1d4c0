"""Check kind ``outdated-template``: labels of the 2019 trial format (国办公开办函〔2019〕60号) in the draft."""
from __future__ import annotations

from gklint.checks.base import Hit
from gklint.model import Report, Rule


class OutdatedTemplate:
    name = "outdated-template"
    description = "Reports the first label of the outdated template found (the template lists them), naming all found."
    params_schema = {"type": "object", "additionalProperties": False, "properties": {}}

    def run(self, report: Report, rule: Rule):
        markers = report.outdated_markers
        if markers:
            labels = "、".join(f"「{m.label}」" for m in markers[:5])
            yield Hit(markers[0].span, {"labels": labels, "count": len(markers)})


CHECK_KIND = OutdatedTemplate()
