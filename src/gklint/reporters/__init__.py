"""Output formats.  Each module has ``report(run: LintRun, out: TextIO) -> None``.

Built-ins are registered through the ``gklint_reporters`` hook (:mod:`gklint.builtin`)
and imported only when chosen: ``text`` (humans; colour only on a terminal), ``json``
(documented in docs/output-formats.md, schema ``schemas/findings.schema.json``),
``sarif`` (SARIF 2.1.0) and ``github`` (GitHub Actions workflow commands).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from gklint.model import Finding

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {level: c.get(level, 0) for level in ("error", "warning", "info")}


def statistics(findings: Iterable[Finding]) -> list[dict]:
    """Per-rule counts, most frequent first (``--statistics``)."""
    by_rule: dict[str, dict] = {}
    for f in findings:
        entry = by_rule.setdefault(f.rule, {"rule": f.rule, "name": f.name, "severity": f.severity, "count": 0, "fixable": 0})
        entry["count"] += 1
        if f.fix is not None:
            entry["fixable"] += 1
    return sorted(by_rule.values(), key=lambda e: (-e["count"], e["rule"]))
