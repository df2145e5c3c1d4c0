"""SARIF 2.1.0 output (GitHub code scanning, VS Code SARIF viewer, …).

* ``runs[0].tool.driver``: name, version, informationUri and every rule known to the run
  (id, name, shortDescription = English summary, fullDescription = Chinese description,
  help = message template + basis + examples, defaultConfiguration.level, properties).
* ``results``: ruleId, ruleIndex, level (error/warning/note), message.text, one location
  with ``artifactLocation.uri`` — relative to the current directory, ``/`` separators,
  percent-encoded (Chinese, spaces), ``uriBaseId: "%SRCROOT%"`` — and a region
  (startLine/startColumn/endLine/endColumn; ``endColumn`` is exclusive).  For .docx the
  human location (``第2个表格 第5行``) is the location's message.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

output_encoding = "utf-8"

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/gklint/gklint"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> tuple[str, bool]:
    """``(uri, relative)``: a percent-encoded relative URI, or a file: URI outside the cwd."""
    if path == "-":
        return "stdin", True
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive
        rel = None
    if rel is None or rel == ".." or rel.startswith(".." + os.sep):
        return Path(absolute).as_uri(), False
    return quote(rel.replace(os.sep, "/"), safe="/"), True


def _example_text(example: Any) -> str:
    return example if isinstance(example, str) else str(example.get("text", ""))


def _rule_descriptor(rule) -> dict:
    fails = [_example_text(e) for e in rule.examples.get("fail", [])][:1]
    passes = [_example_text(e) for e in rule.examples.get("pass", [])][:1]
    help_text = f"{rule.message}\n\n依据：{rule.basis}"
    markdown = f"**{rule.id} {rule.name}**: {rule.summary}\n\n提示模板：{rule.message}\n\n依据：{rule.basis}"
    if rule.description:
        markdown += f"\n\n{rule.description}"
    for title, items in (("不通过的示例", fails), ("通过的示例", passes)):
        for text in items:
            help_text += f"\n\n{title}：\n{text}"
            markdown += f"\n\n{title}：\n\n```text\n{text.rstrip()}\n```"
    descriptor = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.description or rule.summary or rule.message},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {"pack": rule.pack, "kind": rule.kind, "basis": rule.basis, "tags": [rule.pack] + ([rule.plugin] if rule.plugin else [])},
    }
    return descriptor


def build(run) -> dict:
    rules = list(run.rules.values())
    known = {r.id for r in rules}
    extra = sorted({f.rule for f in run.findings} - known)
    descriptors = [_rule_descriptor(r) for r in rules]
    for rule_id in extra:  # a finding whose rule is unknown to the run (should not happen)
        descriptors.append({"id": rule_id, "shortDescription": {"text": rule_id}})
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for f in run.findings:
        uri, relative = artifact_uri(f.path)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        end_line = max(f.span.last_line, f.span.line)
        end_column = f.span.last_column if end_line != f.span.line else max(f.span.last_column, f.span.column)
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": {"startLine": f.span.line, "startColumn": f.span.column, "endLine": end_line, "endColumn": end_column},
            }
        }
        if f.excerpt:
            location["physicalLocation"]["contextRegion"] = {"startLine": f.span.line, "endLine": f.span.line, "snippet": {"text": f.excerpt}}
        if f.span.where:
            location["message"] = {"text": f.span.where}
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [location],
        }
        if f.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": "可自动修复" if f.fix.safe else "修改前请确认"},
                    "artifactChanges": [
                        {
                            "artifactLocation": dict(artifact),
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": f.fix.span.line,
                                        "startColumn": f.fix.span.column,
                                        "endLine": f.fix.span.last_line,
                                        "endColumn": f.fix.span.last_column,
                                    },
                                    "insertedContent": {"text": f.fix.replacement},
                                }
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gklint",
                        "version": run.version,
                        "semanticVersion": run.version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def report(run, out: TextIO) -> None:
    json.dump(build(run), out, ensure_ascii=False, indent=2)
    out.write("\n")
