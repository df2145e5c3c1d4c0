"""Load a plain-text or Markdown draft and rebuild its tables.

Real drafts reach us as text exported from Word/WPS or copied from a web page.  Tables
come in these layouts, all rebuilt into :class:`~gklint.model.Table` rows of cells:

* **tab rows** — one table row per line, cells separated by tabs (leading tabs are
  empty cells: merged label columns);
* **one cell per line** — every cell on its own line starting with one tab, a blank
  line between rows; a short line without a tab right after a cell continues that
  cell (header words broken over lines, ``商业\\n企业``, or one character per line,
  ``结\\n果\\n维\\n持``);
* **pipe rows** — Markdown ``| a | b |`` rows (separator rows skipped);
* **space-aligned rows** — a line of numbers separated by spaces, or a label followed
  by numbers separated by two or more spaces (PDF copies).

Everything else is a paragraph; Markdown heading marks, bold marks and list bullets
are removed from the paragraph text but every character keeps its source column.
"""
from __future__ import annotations

import re

from gklint.loaders.encoding import decode_bytes
from gklint.model import Cell, Document, InputError, Paragraph, Span, Table

_CELL_LINE = re.compile(r"^\t[^\t]*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_NUMBER = r"[-+]?[0-9０-９]+(?:[.．][0-9０-９]+)?"
_NUMBER_ROW = re.compile(rf"^\s*{_NUMBER}(?:[ \u3000]+{_NUMBER}){{2,}}\s*$")
_WIDE_GAP = re.compile(r"[ \u3000]{2,}")
_NUMERIC = re.compile(rf"^\s*(?:{_NUMBER}|[/／—\-–])\s*$")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})[ \t]+")
_BULLET = re.compile(r"^\s*(?:[-*+][ \t]+|>\s*)")
_CONTINUATION_MAX = 8
_LONG_LINE = 20000  # a broken header word or a vertical character is short
_MARK = re.compile(r"\*\*|__")
_COLUMNS = list(range(_LONG_LINE + 2))  # shared int objects: an offsets list costs one pointer per character
# A real report has a few hundred lines and a few hundred table cells.  Far beyond that the
# file is not a report (a log, a data dump, a generated file) and is refused before the
# recognizer spends minutes and gigabytes on it.
MAX_LINES = 100_000
MAX_CELLS = 100_000


def load(path: str, data: bytes) -> Document:
    text, encoding = decode_bytes(data)
    if not normalize_newlines(text).strip():  # e.g. only a BOM (Notepad's empty file) or full-width spaces
        raise InputError("文件是空的", code="GK901")
    fmt = "markdown" if path.lower().endswith((".md", ".markdown")) else "text"
    return parse_text(text, path=path, fmt=fmt, encoding=encoding)


def normalize_newlines(text: str) -> str:
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, path: str = "<text>", fmt: str = "text", encoding: str | None = "utf-8") -> Document:
    text = normalize_newlines(text)
    count = text.count("\n") + 1
    if count > MAX_LINES:
        raise InputError(f"文件有 {count} 行，超过上限 {MAX_LINES} 行：一份年度报告通常只有几百行，请检查是否选错了文件", code="GK901")
    lines = text.split("\n")
    return Document(path=path, format=fmt, blocks=_Builder(lines).build(), text=text, encoding=encoding)


def _kind(line: str) -> str:
    # each regex is tried only when the line has the character it needs (most lines are prose)
    if line.startswith("\t") and _CELL_LINE.match(line):  # includes a lone tab: an empty cell
        return "cell"
    if not line.strip():
        return "blank"
    if "<!--" in line and _COMMENT_LINE.match(line):
        return "comment"
    if "\t" in line:
        return "row"
    if "|" in line and _PIPE_ROW.match(line):
        return "pipe"
    if len(line) <= _LONG_LINE and (" " in line or "\u3000" in line):  # a longer line is no table row
        # numbers are separated by blanks; a spaced row needs a gap of two blanks
        if _NUMBER_ROW.match(line) or (("  " in line or "\u3000" in line) and _is_spaced_row(line)):
            return "spaced"
    return "text"


def _wide_parts(s: str):
    """``[p for p in _WIDE_GAP.split(s) if p]``, lazily (a 20 MB line is not copied into a list)."""
    pos = 0
    for m in _WIDE_GAP.finditer(s):
        if m.start() > pos:
            yield s[pos:m.start()]
        pos = m.end()
    if pos < len(s):
        yield s[pos:]


def _is_spaced_row(line: str) -> bool:
    parts = _wide_parts(line.strip())
    first, second = next(parts, None), next(parts, None)
    if first is None or second is None or _NUMERIC.match(first):
        return False
    return bool(_NUMERIC.match(second)) and all(_NUMERIC.match(p) for p in parts)


def _too_many_cells(lineno: int) -> InputError:
    return InputError(f"表格单元格过多（到第 {lineno} 行已超过 {MAX_CELLS} 个）：一份年度报告的表格通常只有几百个单元格，"
                      "请检查是否选错了文件", code="GK901")


class _Builder:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.blocks: list = []
        self.rows: list[list[Cell]] = []  # rows of the table being built
        self.table_start = 0
        self.row: list[Cell] = []  # current row in one-cell-per-line layout
        self.cells = 0  # cells read so far (MAX_CELLS)

    # -- table assembly
    def _flush_row(self) -> None:
        if self.row:
            if any(c.text for c in self.row):
                self.rows.append(self.row)
            self.row = []

    def _flush_table(self, last_line: int) -> None:
        self._flush_row()
        if self.rows:
            self.blocks.append(Table(rows=self.rows, span=Span(self.table_start, 1, last_line, 1)))
        self.rows = []

    def _start_table(self, lineno: int) -> None:
        if not self.rows and not self.row:
            self.table_start = lineno

    def build(self) -> list:
        prev_kind = "blank"
        last_table_line = 0
        for index, line in enumerate(self.lines):
            lineno = index + 1
            kind = _kind(line)
            if kind == "text" and prev_kind == "cell" and self.row and self._continues(line):
                cell = self.row[-1]
                piece = line.strip()
                cell.text += piece
                cell.span = Span(cell.span.line, cell.span.column, lineno, len(line.rstrip()) + 1)
                last_table_line = lineno
                continue  # prev_kind stays "cell": more characters may follow
            if kind == "cell":
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise _too_many_cells(lineno)
                self._start_table(lineno)
                self.row.append(Cell(line[1:].strip().replace("\u3000", " ").strip(), Span(lineno, 2, lineno, len(line) + 1)))
                last_table_line = lineno
            elif kind in ("row", "pipe", "spaced"):
                self._flush_row()
                self._start_table(lineno)
                cells = _split_row(line, lineno, kind, MAX_CELLS - self.cells)
                self.cells += len(cells or ())
                if cells is not None:
                    self.rows.append(cells)
                last_table_line = lineno
            elif kind == "blank":
                self._flush_row()
            elif kind == "comment":
                pass
            else:  # text
                self._flush_table(last_table_line)
                self.blocks.append(_paragraph(line, lineno))
            prev_kind = kind
        self._flush_table(last_table_line)
        return self.blocks

    def _continues(self, line: str) -> bool:
        stripped = line.strip()
        last = self.row[-1].text
        return 0 < len(stripped) <= _CONTINUATION_MAX and bool(last) and not _NUMERIC.match(last)


def _split_row(line: str, lineno: int, kind: str, limit: int = MAX_CELLS) -> list[Cell] | None:
    """Cells of a row line; InputError when the line holds more than ``limit`` cells."""
    if kind == "pipe":
        inner_start = line.index("|") + 1
        inner_end = line.rindex("|")
        if line.count("|", inner_start, inner_end) + 1 > limit:
            raise _too_many_cells(lineno)
        pieces = _split_keep_columns(line, inner_start, inner_end, "|")
    elif kind == "spaced":
        pieces = []
        for m in re.finditer(r"\S+(?: \S+)*", line) if not _NUMBER_ROW.match(line) else re.finditer(r"\S+", line):
            pieces.append((m.start(), m.group()))
            if len(pieces) > limit:
                raise _too_many_cells(lineno)
    else:
        if line.count("\t") + 1 > limit:
            raise _too_many_cells(lineno)
        pieces = _split_keep_columns(line, 0, len(line), "\t")
    cells = []
    append = cells.append
    for start, raw in pieces:
        if "\u3000" in raw or "\xa0" in raw:
            text = raw.replace("\u3000", " ").replace("\xa0", " ").strip()
            lead = len(raw) - len(raw.lstrip(" \u3000\xa0"))
        else:  # the same without the replacements
            text = raw.strip()
            lead = len(raw) - len(raw.lstrip(" "))
        col = start + lead + 1
        append(Cell(text, Span(lineno, col, lineno, col + len(text))))
    if cells and all(_SEPARATOR_CELL.match(c.text) or not c.text for c in cells) and any(c.text for c in cells):
        return None  # Markdown separator row (|---|---| or ---\t---)
    return cells


def _split_keep_columns(line: str, start: int, end: int, sep: str) -> list[tuple[int, str]]:
    out = []
    pos = start
    segment = line[start:end]
    for piece in segment.split(sep):
        out.append((pos, piece))
        pos += len(piece) + 1
    return out


def _paragraph(line: str, lineno: int) -> Paragraph:
    """Strip Markdown marks, keeping the source column of each kept character."""
    heading = 0
    start = 0
    m = _HEADING.match(line)
    if m:
        heading = len(m.group(1))
        start = m.end()
    else:
        b = _BULLET.match(line)
        if b:
            start = b.end()
    if len(line) > _LONG_LINE:  # no per-character offsets for huge lines (memory stays linear and small)
        text = line[start:].replace("**", "").replace("__", "").strip()
        return Paragraph(text=text, span=Span(lineno, start + 1, lineno, len(line) + 1), heading=heading)
    # the pieces between bold marks, each with the source columns of its characters
    parts: list[str] = []
    offsets: list[int] = []
    pos = start
    for mark in _MARK.finditer(line, start):
        if mark.start() > pos:
            parts.append(line[pos:mark.start()])
            offsets += _COLUMNS[pos + 1:mark.start() + 1]
        pos = mark.end()
    parts.append(line[pos:])
    offsets += _COLUMNS[pos + 1:len(line) + 1]
    text = "".join(parts)
    if heading:  # closing ATX hashes
        text = text.rstrip("# ")
    # trim surrounding whitespace (incl. full-width spaces) keeping offsets aligned
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    offsets = offsets[lead:lead + len(text)]
    end_col = (offsets[-1] + 1) if offsets else len(line) + 1
    first_col = offsets[0] if offsets else 1
    return Paragraph(text=text, span=Span(lineno, first_col, lineno, end_col), heading=heading, offsets=offsets)
