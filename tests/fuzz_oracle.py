"""What every input must satisfy, whatever its content: the oracle of the fuzz tests.

Shared by ``tests/test_fuzz.py`` (hypothesis, bounded, in CI) and
``benchmarks/fuzz_long.py`` (atheris or a long random run, by hand).

* :func:`check_text` — ``parse_text`` + ``recognize`` on any ``str``;
* :func:`check_bytes` — ``decode_bytes`` on any ``bytes``, then the text as above;
* :func:`check_document_bytes` — ``load_document`` of any bytes under a file name.

Each returns normally or raises ``AssertionError`` (the property that broke) or the
unexpected exception itself.  :class:`InputError` is the only exception allowed to come
out of the library, and it must carry a Chinese message and a GK9xx code.

The properties of a recognized report:

* every :class:`Problem` has ``span`` None or a line within ``1 … number of lines``;
* every table ``Value.number`` is None, or a finite number ≥ 0, or its cell has a
  ``cell-negative`` problem;
* ``to_json(report)`` validates against ``schemas/report.schema.json`` and is strict
  JSON (no NaN/Infinity).

Edits of the seed drafts (:func:`mutate`) are described by plain tuples so that
hypothesis, atheris and a seeded ``random.Random`` can all drive them.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from gklint.loaders import load_document
from gklint.loaders.encoding import decode_bytes
from gklint.loaders.text import parse_text
from gklint.model import Document, InputError, Report
from gklint.recognize import recognize, to_json

SEEDS_DIR = Path(__file__).resolve().parent / "data" / "seeds"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def seeds() -> tuple[str, ...]:
    """The seed drafts' text, in file-name order."""
    files = sorted(SEEDS_DIR.glob("*.txt"))
    assert files, f"no seed drafts in {SEEDS_DIR}"
    return tuple(f.read_text(encoding="utf-8") for f in files)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    from gklint.resources import load_schema

    return Draft202012Validator(load_schema("report.schema.json"), format_checker=Draft202012Validator.FORMAT_CHECKER)


# --------------------------------------------------------------------------- properties


def check_input_error(exc: InputError) -> None:
    message = str(exc)
    assert message and _CJK.search(message), f"InputError without a Chinese message: {message!r}"
    assert exc.code.startswith("GK9"), exc.code


def _line_count(doc: Document) -> int:
    assert doc.text is not None
    return doc.text.count("\n") + 1


def check_report(report: Report, lines: int) -> None:
    """The report properties (see the module docstring); ``lines`` = the source's line count."""
    for p in report.problems:
        if p.span is not None:
            assert 1 <= p.span.line <= lines, f"{p.code} at line {p.span.line} of {lines}: {p.message}"
            assert p.span.line <= p.span.last_line <= lines, f"{p.code} ends at line {p.span.last_line} of {lines}"
            assert p.span.column >= 1, f"{p.code} at column {p.span.column}"
    negative = {(p.table, p.row, p.column) for p in report.problems if p.code == "cell-negative"}
    for name, table in report.tables.items():
        for key, row in table.rows.items():
            for column, value in row.values.items():
                n = value.number
                if n is None:
                    continue
                assert isinstance(n, (int, float)) and not isinstance(n, bool), (name, key, column, n)
                if isinstance(n, float):
                    assert math.isfinite(n), f"{name} {key} {column}: {n!r} from {value.raw!r}"
                if n < 0:
                    assert (name, key, column) in negative, f"{name} {key} {column}: {n} from {value.raw!r} without cell-negative"
                assert 1 <= value.span.line <= lines, (name, key, column, value.span)
    for s in report.sections:
        assert 1 <= s.span.line <= lines, s
    data = to_json(report)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "report JSON does not match the schema: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
    json.dumps(data, ensure_ascii=False, allow_nan=False)


def check_text(text: str) -> Report | None:
    """``parse_text`` + ``recognize``; None when the text is refused with an InputError."""
    try:
        doc = parse_text(text)
    except InputError as exc:
        check_input_error(exc)
        return None
    report = recognize(doc)
    check_report(report, _line_count(doc))
    return report


def check_bytes(data: bytes) -> Report | None:
    """``decode_bytes`` must return ``(str, str)`` or raise InputError; the text is then checked."""
    try:
        text, encoding = decode_bytes(data)
    except InputError as exc:
        check_input_error(exc)
        return None
    assert isinstance(text, str) and isinstance(encoding, str) and encoding, (type(text), encoding)
    return check_text(text)


def check_document_bytes(data: bytes, name: str = "draft.txt") -> Report | None:
    """``load_document`` of ``data`` as file ``name`` + ``recognize`` (text formats only)."""
    try:
        doc = load_document(name, data)
    except InputError as exc:
        check_input_error(exc)
        return None
    report = recognize(doc)
    check_report(report, _line_count(doc) if doc.text is not None else max(len(doc.blocks), 1))
    return report


# --------------------------------------------------------------------------- report-like material

# what a table cell may hold: numbers as drafts write them, and what trips the reader
CELLS = (
    "0", "7", "12", "120", "1,234", "１２", "０", "1.5", "0.0001", "3.12345", "3.25万元", "5件", "-5件", "-3", "-0",
    "+4", "-1.5", "1.5件", "/", "／", "—", "——", "-", "无", "空", "×", "", " ", "\u3000", "若干", "0 0 0", "1　2　3",
    "9" * 16, "9" * 5000, "1" * 40 + ".5", "٣", "1e5", "NaN", "inf", "12 件", "1,23", "1,234,567",
)


@lru_cache(maxsize=1)
def labels() -> tuple[str, ...]:
    """Every label of the format template: section headings, table rows, columns, groups."""
    from gklint.recognize.template import load_template

    t = load_template()
    out = [f"{s['number']}、{s['title']}" for s in t.sections]
    for spec in t.tables.values():
        for entries in (spec.rows, spec.columns, spec.groups):
            for e in entries:
                out.append(e["label"])
                out.extend(e.get("variants", []) or [])
        out.extend(spec.other_labels)
    out.extend(t.outdated_labels)
    return tuple(dict.fromkeys(x for x in out if x))


def table_text(rows: list[tuple[str, list[str]]], layout: str = "tab") -> str:
    """Rows of (label, cells) written as tab rows, one cell per line, or pipe rows."""
    if layout == "cell-lines":
        return "\n\n".join("\n".join("\t" + c for c in [label, *cells]) for label, cells in rows)
    if layout == "pipe":
        return "\n".join("| " + " | ".join([label, *cells]) + " |" for label, cells in rows)
    return "\n".join("\t".join([label, *cells]) for label, cells in rows)


# --------------------------------------------------------------------------- seed edits

# (op, a, b, c): a/b are line or cell positions, c a text (a character, a digit, a cell);
# positions are taken modulo the current size, so any integers describe a valid edit.
OPS = ("delete-line", "duplicate-line", "swap-lines", "delete-cell", "duplicate-cell", "swap-digit", "insert-char",
       "set-cell", "set-value")
_VALUE = re.compile(r"^\s*[0-9０-９]+\s*$")


def mutate(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    """Apply ``edits`` to ``text``, line by line (tab rows for the cell edits)."""
    lines = text.split("\n")
    for op, a, b, c in edits:
        if not lines:
            lines = [""]
        i = a % len(lines)
        if op == "delete-line":
            del lines[i]
        elif op == "duplicate-line":
            lines.insert(i, lines[i])
        elif op == "swap-lines":
            j = b % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("delete-cell", "duplicate-cell", "set-cell"):
            rows = [k for k, line in enumerate(lines) if "\t" in line] or [i]
            k = rows[a % len(rows)]
            cells = lines[k].split("\t")
            j = b % len(cells)
            if op == "delete-cell":
                del cells[j]
            elif op == "set-cell":
                cells[j] = c
            else:
                cells.insert(j, cells[j])
            lines[k] = "\t".join(cells)
        elif op == "set-value":  # a number cell (tab row or one cell per line) gets ``c``
            values = [(k, j) for k, line in enumerate(lines) for j, cell in enumerate(line.split("\t"))
                      if "\t" in line and _VALUE.match(cell)]
            if values:
                k, j = values[(a * 7919 + b) % len(values)]
                cells = lines[k].split("\t")
                cells[j] = c.replace("\n", " ").replace("\t", " ")
                lines[k] = "\t".join(cells)
        elif op == "swap-digit":
            digits = [(k, m.start()) for k, line in enumerate(lines) for m in re.finditer(r"[0-9０-９]", line)]
            if digits:
                k, pos = digits[(a * 7919 + b) % len(digits)]
                new = c if c and (c.isdigit() or c in "-.,") else str(b % 10)
                lines[k] = lines[k][:pos] + new[:1] + lines[k][pos + 1:]
        elif op == "insert-char":
            line = lines[i]
            pos = b % (len(line) + 1)
            lines[i] = line[:pos] + c + line[pos:]
    return "\n".join(lines)
