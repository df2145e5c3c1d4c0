"""Apply findings' fixes to a text or Markdown draft (``gklint check --fix``).

Only text sources are edited (a .docx or .html draft is never written).  The file is
decoded as the loader decoded it, edited line by line at the findings' columns, and
encoded back in the same encoding with the same byte-order mark and the same line
endings, then written atomically (:mod:`gklint.atomic`).  Overlapping fixes and fixes
spanning several lines are skipped; unsafe fixes only with ``unsafe=True``.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from gklint.atomic import atomic_write_bytes
from gklint.loaders.encoding import decode_bytes
from gklint.model import Finding

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class FixResult:
    path: str
    applied: list[Finding]
    skipped: list[Finding]
    written: bool = False


def fixable(finding: Finding, unsafe: bool = False) -> bool:
    fix = finding.fix
    return fix is not None and (fix.safe or unsafe) and fix.span.line == fix.span.last_line


def split_lines(text: str) -> list[str]:
    """Lines with their own endings (``\\r\\n``, ``\\r`` or ``\\n``), as the loader counts them."""
    return [m.group() for m in _LINE.finditer(text) if m.group()] or [""]


def apply_fixes(path: str, findings: list[Finding], *, unsafe: bool = False) -> FixResult:
    result = FixResult(path, [], [])
    if not path.lower().endswith(TEXT_SUFFIXES):
        return result
    candidates = sorted((f for f in findings if fixable(f, unsafe)), key=lambda f: (f.fix.span.line, f.fix.span.column), reverse=True)
    if not candidates:
        return result
    with open(path, "rb") as fh:
        data = fh.read()
    text, encoding = decode_bytes(data)
    if "\x00" in text:  # the loader dropped NULs, so its columns would not match the file
        result.skipped = candidates
        return result
    bom = next((b for b in _BOMS if data.startswith(b)), b"")
    lines = split_lines(text)
    last_start: tuple[int, int] | None = None
    for finding in candidates:
        span = finding.fix.span
        index = span.line - 1
        if index >= len(lines):
            result.skipped.append(finding)
            continue
        line = lines[index]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        start, end = span.column - 1, span.last_column - 1
        overlaps = last_start is not None and (span.line, span.last_column) > last_start
        if overlaps or not (0 <= start <= end <= len(body)):
            result.skipped.append(finding)
            continue
        lines[index] = body[:start] + finding.fix.replacement + body[end:] + ending
        last_start = (span.line, span.column)
        result.applied.append(finding)
    if result.applied:
        codec = encoding.replace("-sig", "")
        atomic_write_bytes(path, bom + "".join(lines).encode(codec))
        result.written = True
    return result
