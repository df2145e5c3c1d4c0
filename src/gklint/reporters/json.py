"""JSON output: an array of findings, each ``Finding.to_dict()``.

The fields are documented in docs/output-formats.md and fixed by
``schemas/findings.schema.json``.  With ``--statistics`` the output is instead an array
of ``{"rule", "name", "severity", "count", "fixable"}``.  Always UTF-8.
"""
from __future__ import annotations

import json
from typing import TextIO

from gklint.reporters import statistics

output_encoding = "utf-8"


def report(run, out: TextIO) -> None:
    if run.statistics:
        data = statistics(run.findings)
    else:
        data = [f.to_dict() for f in run.findings]
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
