"""GitHub Actions workflow commands, one per finding::

    ::error file=报告.txt,line=12,col=5,endLine=12,endColumn=9,title=GK301 applications-balance::表三 …

error → ``error``, warning → ``warning``, info → ``notice``.  Data is escaped for
``%``, CR and LF; property values also for ``,`` and ``:`` (as the Actions toolkit does).
Paths are relative to the current directory with ``/``.
"""
from __future__ import annotations

import os
from typing import TextIO

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str:
    if path == "-":
        return path
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    if rel.startswith(".."):
        rel = path
    return rel.replace(os.sep, "/")


def format_finding(f) -> str:
    props = [
        ("file", _path(f.path)),
        ("line", str(f.span.line)),
        ("col", str(f.span.column)),
        ("endLine", str(f.span.last_line)),
        ("endColumn", str(f.span.last_column)),
        ("title", f"{f.rule} {f.name}"),
    ]
    message = f.message
    if f.span.where:
        message += f"（位置：{f.span.where}）"
    prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{LEVEL.get(f.severity, 'warning')} {prop_text}::{escape_data(message)}"


def report(run, out: TextIO) -> None:
    for f in run.findings:
        out.write(format_finding(f) + "\n")
