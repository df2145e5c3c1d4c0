"""Suppression comments in text, Markdown and HTML sources.

``<!-- gklint-disable GK301 理由 -->``
    suppresses the listed rules from the next line until a matching
    ``<!-- gklint-enable GK301 -->``; without one, to the end of the next block (the
    first blank line after the first non-blank line).  Written at the end of a line of
    text, it also covers that line.
``<!-- gklint-disable-file GK5 理由 -->``
    suppresses the listed rules in the whole file.
``<!-- gklint-enable -->``
    ends suppressions early (without a list: all open ones).

The list holds rule IDs (``GK301``), ID prefixes (``GK3``) or rule names
(``applications-balance``), separated by spaces, commas or 、; no list means every rule.
Everything after the list is the **reason**, which is required: a disable without one
still works but is reported as GK904.  A selector that suppressed nothing is reported as
GK905 (like ruff's RUF100) — but only if it names a rule that ran, or names no rule at all.
GK901 (unreadable input) cannot be suppressed, nor can GK904/GK905 themselves.

This module only parses and matches; the engine turns its results into findings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from gklint.config import selector_matches
from gklint.model import Finding

_DIRECTIVE = re.compile(r"<!--\s*gklint-(disable-file|disable|enable)(?![\w-])(.*?)-->", re.DOTALL)
_SPLIT = re.compile(r"[\s,，、]+")
_FULL_ID = re.compile(r"^[A-Z]{2,8}[0-9]{3}$")
_PREFIX = re.compile(r"^[A-Z]{1,8}[0-9]{0,2}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_REASON_PREFIX = re.compile(r"^(?:--+|—+|[:：]|理由[:：]|原因[:：]|reason\s*[=:：]\s*)\s*", re.IGNORECASE)
ALL = "*"
UNSUPPRESSIBLE = frozenset({"GK901", "GK904", "GK905"})


@dataclass(slots=True)
class Directive:
    kind: str  # "disable", "disable-file" or "enable"
    selectors: list[str]  # [] = every rule
    reason: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    ranges: list[tuple[str, int, int]] = field(default_factory=list)  # (selector or "*", first line, last line)
    used: set[str] = field(default_factory=set)


@dataclass(slots=True)
class SuppressionIssue:
    """A GK904 (``reason``) or GK905 (``unused``) problem with a directive."""

    code: str
    directive: Directive
    detail: str


def parse(text: str, *, rule_ids: Iterable[str] = (), rule_names: Iterable[str] = ()) -> list[Directive]:
    """Find every directive in ``text`` and compute the line ranges of disables."""
    ids = list(rule_ids)
    names = set(rule_names)
    lines = text.split("\n")
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)

    def position(offset: int) -> tuple[int, int]:
        lo, hi = 0, len(lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - line_starts[lo] + 1

    directives: list[Directive] = []
    for match in _DIRECTIVE.finditer(text):
        kind, body = match.group(1), match.group(2)
        selectors, reason = _split_body(body, ids, names)
        line, column = position(match.start())
        end_line, end_col = position(match.end() - 1)
        directives.append(Directive(kind, selectors, reason, line, column, end_line, end_col + 1, match.group(0)))
    _compute_ranges(directives, lines)
    return directives


def _is_selector(token: str, ids: list[str], names: set[str]) -> bool:
    if token == "ALL" or _FULL_ID.match(token):
        return True
    if _PREFIX.match(token):
        return any(rid.startswith(token) for rid in ids)
    return bool(_NAME.match(token)) and token in names


def _split_body(body: str, ids: list[str], names: set[str]) -> tuple[list[str], str]:
    selectors: list[str] = []
    position = 0
    stripped = body.strip()
    while position < len(stripped):
        sep = _SPLIT.match(stripped, position)
        if sep:
            position = sep.end()
            continue
        end = _SPLIT.search(stripped, position)
        token = stripped[position : end.start() if end else len(stripped)]
        if not _is_selector(token, ids, names):
            break
        selectors.append(token)
        position = end.end() if end else len(stripped)
    reason = _REASON_PREFIX.sub("", stripped[position:].strip()).strip().strip("\"'“”").strip()
    return selectors, reason


def _alone_on_line(directive: Directive, lines: list[str]) -> bool:
    before = lines[directive.line - 1][: directive.column - 1]
    after = lines[directive.end_line - 1][directive.end_column - 1 :]
    return not before.strip() and not after.strip()


def _block_end(start: int, lines: list[str]) -> int:
    """Last line of the block that starts at the first non-blank line at or after ``start``."""
    n = len(lines)
    i = start
    while i <= n and not lines[i - 1].strip():
        i += 1
    while i <= n and lines[i - 1].strip():
        i += 1
    return max(start, i - 1)


def _compute_ranges(directives: list[Directive], lines: list[str]) -> None:
    last = max(len(lines), 1)
    for index, d in enumerate(directives):
        selectors = d.selectors or [ALL]
        if d.kind == "disable-file":
            d.ranges = [(s, 1, last) for s in selectors]
        elif d.kind == "disable":
            start = d.end_line + 1 if _alone_on_line(d, lines) else d.line
            for s in selectors:
                end = None
                for later in directives[index + 1 :]:
                    if later.kind == "enable" and (not later.selectors or s in later.selectors):
                        end = later.line
                        break
                if end is None:
                    end = _block_end(start, lines)
                d.ranges.append((s, start, max(start, end)))


def apply(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """Drop suppressed findings; mark the selectors that suppressed something as used."""
    if not directives:
        return findings
    kept = []
    for finding in findings:
        suppressed = False
        if finding.rule not in UNSUPPRESSIBLE:
            for d in directives:
                for selector, first, last in d.ranges:
                    if first <= finding.span.line <= last and (selector == ALL or selector_matches(selector, finding.rule, finding.name)):
                        d.used.add(selector)
                        suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept


def issues(directives: list[Directive], *, ran: Iterable[tuple[str, str]], known: Iterable[tuple[str, str]]) -> list[SuppressionIssue]:
    """GK904/GK905 problems.  ``ran``/``known``: ``(id, name)`` of rules that ran / exist."""
    ran = list(ran)
    known = list(known)
    out: list[SuppressionIssue] = []
    for d in directives:
        if d.kind == "enable":
            continue
        label = f"gklint-{d.kind}" + (" " + " ".join(d.selectors) if d.selectors else "")
        if not d.reason:
            out.append(SuppressionIssue("GK904", d, label))
        unused: list[str] = []
        unknown: list[str] = []
        for selector in d.selectors or [ALL]:
            if selector in d.used:
                continue
            if selector == ALL:
                if ran:
                    unused.append("（全部规则）")
                continue
            if not any(selector_matches(selector, rid, name) for rid, name in known):
                unknown.append(selector)
            elif any(selector_matches(selector, rid, name) for rid, name in ran):
                unused.append(selector)
        parts = []
        if unused:
            parts.append(f"{label} 中的 {'、'.join(unused)} 在其范围内没有问题可抑制，请删除")
        if unknown:
            parts.append(f"{label} 中的 {'、'.join(unknown)} 不是已知的规则 ID、前缀或名称")
        if parts:
            out.append(SuppressionIssue("GK905", d, "；".join(parts)))
    return out
