"""Check kind ``input``: the engine-level rules GK9xx.

Input problems (GK901 unreadable file, GK902 a rule that crashed, GK903 no report found,
GK904/GK905 suppression comments) are detected by the engine and by
:mod:`gklint.suppress`, not by a check.  They are still declared in a rule pack
(``rules/core-input.yaml``) with this no-op kind, so that they have an ID, a name, a
severity that config can override, a Chinese message, and examples — documented and
explainable (``gklint explain GK901``) like every other rule.

``params.self_test_marker`` (GK902 only): when the draft's source text contains this
marker, ``run`` raises on purpose, so the GK902 examples exercise the real error path.
"""
from __future__ import annotations

from typing import Iterable

from gklint.checks.base import Hit
from gklint.model import Report, Rule


class SelfTestError(RuntimeError):
    """Raised on purpose by the ``input`` kind when its self-test marker is present."""


class Input:
    name = "input"
    description = "Engine-level rule (input problems, suppressions): the engine emits its findings; this check yields nothing."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "self_test_marker": {
                "type": "string",
                "minLength": 8,
                "description": "If the source text contains this marker, run() raises (exercises GK902).",
            }
        },
    }

    def run(self, report: Report, rule: Rule) -> Iterable[Hit]:
        marker = rule.params.get("self_test_marker")
        if marker and marker in (report.document.text or ""):
            raise SelfTestError("自检标记触发的故意错误")
        return ()


CHECK_KIND = Input()
