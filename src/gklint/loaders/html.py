"""Load an HTML page (a published report, or Word's "save as web page") into a Document.

Decoding: a BOM wins, then a ``<meta charset>``/``http-equiv`` declaration (tried
strictly: government pages often lie), then :func:`gklint.loaders.encoding.decode_bytes`
(UTF-8 → UTF-16 → GB18030), with a private fallback if that module is unavailable.

Parsing: ``lxml.etree.HTMLParser(recover=True, no_network=True, remove_comments=True,
huge_tree=False)`` (``lxml.html``'s parser options, plain elements).  lxml never runs scripts or fetches resources.  ``<script>``,
``<style>``, ``<noscript>``, ``<template>``, ``<head>`` (and a few other non-text
elements, plus elements marked ``hidden``/``display:none``) are dropped.  libxml2
stops at 256 levels of nesting and silently drops the rest of the page; when that
happens the page is parsed again with ``huge_tree=True`` (2048 levels, enough for real
pages with thousands of unclosed ``<font>`` tags), and if that still overflows an
:class:`InputError` is raised rather than reading half a page.  The tree is walked with
``lxml.etree.iterwalk`` — no Python recursion anywhere.

Blocks: text of block elements (``p``, ``div``, ``li``, ``h1``–``h6`` …) becomes a
:class:`Paragraph` (``heading`` = the ``hN`` level); ``<br>`` ends a paragraph.
Whitespace runs collapse to one space; U+3000 and ``&nbsp;`` are blanks.

Tables use the convention of :mod:`gklint.loaders.docx` (one cell per physical cell, as
Word's tab-separated export writes a row):

* a ``colspan="n"`` cell is ONE cell (at its first grid column), nothing more;
* a ``rowspan="n"`` cell has its text in its first row; in each of the following
  ``n-1`` rows ONE empty cell (``""``) is inserted at the grid position it covers
  (whatever its colspan), exactly where Word has the ``vMerge`` continuation cell.

So ``<tr><td colspan="2">（二）部分公开…</td><td>3</td>…</tr>`` under a
``<td rowspan="22">三、本年度办理结果</td>`` reads ``["", "（二）部分公开…", "3", …]``
— the same list as the .docx template row.  Cell text: lines (split at ``<br>`` and
block elements) are stripped and blank ones dropped; joined with ``""`` when every line
is one character (vertical text), else with ``"\\n"``.  A nested table's text is read
into its cell.  Layout tables (a table containing another table, or a single cell) are
not data: their content is read as ordinary paragraphs and tables.

Positions: ``Span.line`` is the element's source line (``sourceline``), column 1;
``where`` is ``"第N段"``, ``"第K个表格"`` or ``"第K个表格 第R行 第C列"`` (C = grid column).
``Document.text`` is the decoded source (newlines normalised to ``\\n``).
"""
from __future__ import annotations

import codecs
import re

from gklint.model import Cell, Document, InputError, Paragraph, Span, Table

MAX_CELLS = 200_000  # a real report has ~500 cells; rowspan placeholders could otherwise multiply a small file
MAX_COLSPAN = 1000  # the HTML standard's own limit

_SKIP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
    "iframe", "frame", "object", "embed", "svg", "math", "textarea", "select", "button",
    "audio", "video", "canvas", "map",
}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "ul", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "td", "th",
}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLANKS = str.maketrans({"\u3000": " ", "\xa0": " ", "\u200b": None, "\ufeff": None})
_SPACE = re.compile(r"\s+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB = {"gb2312", "gbk", "gb18030", "hz", "x-gbk", "cp936", "ms936", "euc-cn"}


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        try:
            name = "gb18030" if declared in _GB else codecs.lookup(declared).name
        except LookupError:
            name = None
        if name and not name.startswith(("utf-16", "utf-32")):  # HTML spec: ignore these in <meta>
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass  # the declaration lies; guess below
    try:
        from gklint.loaders.encoding import decode_bytes
    except ImportError:
        decode_bytes = None
    if decode_bytes is not None:
        try:
            return decode_bytes(data)
        except InputError:
            raise
        except Exception:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


# --------------------------------------------------------------------------- parsing


def _parse(text: str):
    import lxml.etree as etree

    raw = text.encode("utf-8")
    for huge in (False, True):
        # lxml.html.HTMLParser's options without its element classes (a Python lookup per element)
        parser = etree.HTMLParser(
            recover=True, no_network=True, remove_comments=True, remove_pis=True,
            huge_tree=huge, encoding="utf-8",
        )
        try:
            root = etree.fromstring(raw, parser)
        except etree.LxmlError as exc:
            raise InputError(f"无法解析 HTML：{exc}", code="GK901") from None
        if not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
            return root
    raise InputError("HTML 嵌套层级过深（超过 2048 层），无法完整读取，疑似异常或恶意页面", code="GK901")


def _clean(pieces: list[str]) -> str:
    return _SPACE.sub(" ", "".join(pieces).translate(_BLANKS)).strip()


def _hidden(el) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN.search(el.get("style") or ""))


def _tag(el) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def _first_line(el, text: str | None) -> int | None:
    line = el.sourceline
    if line is None or not text:
        return line
    lead = len(text) - len(text.lstrip())
    return line + text.count("\n", 0, lead)


# --------------------------------------------------------------------------- cells and tables


def _cell_text(td) -> str:
    """Text of a cell: lines at <br> and block elements, vertical text joined with ""."""
    import lxml.etree as etree

    lines: list[list[str]] = [[td.text or ""]]
    walker = etree.iterwalk(td, events=("start", "end"))
    for event, el in walker:
        if el is td:
            continue
        tag = _tag(el)
        if event == "start":
            if tag is None or tag in _SKIP or _hidden(el):
                walker.skip_subtree()
                continue
            if tag == "br" or tag in _BLOCK and tag not in ("td", "th"):
                lines.append([])
            elif tag in ("td", "th"):  # a nested table's cell
                lines[-1].append(" ")
            lines[-1].append(el.text or "")
        else:
            if tag in _BLOCK:
                lines.append([])
            lines[-1].append(el.tail or "")
    cleaned = [c for c in (_clean(pieces) for pieces in lines) if c]
    if len(cleaned) > 1 and all(len(c) == 1 for c in cleaned):
        return "".join(cleaned)
    return "\n".join(cleaned)


def _rows(table) -> list:
    rows = []
    for ch in table:
        tag = _tag(ch)
        if tag == "tr":
            rows.append(ch)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in ch if _tag(tr) == "tr")
    return rows


_SPAN_NUMBER = re.compile(r"\s*(\d+)")


def _span_attr(el, name: str) -> int | None:
    value = el.get(name)
    m = _SPAN_NUMBER.match(value) if value else None
    return int(m.group(1)) if m else None


class _Builder:
    """Walks the tree once (iteratively) and collects blocks."""

    def __init__(self, root):
        self.root = root
        self.blocks: list = []
        self.pieces: list[str] = []
        self.line: int | None = None
        self.last_line = 1
        self.headings: list = []  # open hN elements and their level
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0
        self.layout = self._layout_tables()

    def _layout_tables(self) -> set:
        import lxml.etree as etree

        nested, stack = set(), []
        for event, el in etree.iterwalk(self.root, events=("start", "end"), tag="table"):
            if event == "start":
                if stack:
                    nested.add(stack[-1])
                stack.append(el)
            else:
                stack.pop()
        single = {t for t in self.root.iter("table") if sum(len([c for c in tr if _tag(c) in ("td", "th")]) for tr in _rows(t)) == 1}
        return nested | single

    # -- paragraphs
    def add(self, text: str | None, el, line: int | None = None) -> None:
        if el.sourceline is not None:
            self.last_line = el.sourceline
        if not text:
            return
        if self.line is None and text.translate(_BLANKS).strip():
            self.line = line or el.sourceline or self.last_line
        self.pieces.append(text)

    def flush(self) -> None:
        text = _clean(self.pieces)
        if text:
            self.paragraphs += 1
            level = self.headings[-1][1] if self.headings else 0
            span = Span(self.line or self.last_line, 1, where=f"第{self.paragraphs}段")
            self.blocks.append(Paragraph(text, span, heading=level))
        self.pieces, self.line = [], None

    # -- tables
    def table(self, table) -> None:
        for ch in table:
            if _tag(ch) == "caption":
                text = _cell_text(ch).replace("\n", " ")
                if text:
                    self.paragraphs += 1
                    self.blocks.append(Paragraph(text, Span(ch.sourceline or self.last_line, 1, where=f"第{self.paragraphs}段")))
        trs = _rows(table)
        if not trs:
            return
        self.tables += 1
        k = self.tables
        line = table.sourceline or self.last_line
        rows: list[list[Cell]] = []
        active: list[tuple[int, int, int]] = []  # (first grid col, width, last row index) of rowspans
        for r, tr in enumerate(trs):
            tr_line = tr.sourceline or line
            covering = sorted(a for a in active if a[2] >= r)
            active = list(covering)
            row: list[Cell] = []
            col, j = 0, 0

            def placeholder(start: int) -> None:
                row.append(Cell("", Span(tr_line, 1, where=f"第{k}个表格 第{r + 1}行 第{start + 1}列")))

            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while j < len(covering) and covering[j][0] <= col:
                    start, width, _ = covering[j]
                    placeholder(start)
                    col = max(col, start + width)
                    j += 1
                colspan = min(max(_span_attr(td, "colspan") or 1, 1), MAX_COLSPAN)
                rowspan = _span_attr(td, "rowspan")
                rowspan = len(trs) - r if rowspan == 0 else min(max(rowspan or 1, 1), len(trs) - r)
                where = f"第{k}个表格 第{r + 1}行 第{col + 1}列"
                row.append(Cell(_cell_text(td), Span(td.sourceline or tr_line, 1, where=where)))
                if rowspan > 1:
                    active.append((col, colspan, r + rowspan - 1))
                col += colspan
            for start, _, _ in covering[j:]:
                placeholder(start)
            self.cells += len(row)
            if self.cells > MAX_CELLS:
                raise InputError(f"HTML 表格过大（超过 {MAX_CELLS} 个单元格），拒绝读取", code="GK901")
            rows.append(row)
        self.blocks.append(Table(rows, Span(line, 1, where=f"第{k}个表格")))

    # -- the walk
    def run(self) -> list:
        import lxml.etree as etree

        walker = etree.iterwalk(self.root, events=("start", "end"))
        for event, el in walker:
            tag = _tag(el)
            if event == "start":
                if tag is None or tag in _SKIP or _hidden(el):
                    walker.skip_subtree()
                    continue
                if tag == "table" and el not in self.layout:
                    self.flush()
                    self.table(el)
                    walker.skip_subtree()
                    continue
                if tag == "br":
                    self.flush()
                    continue
                if tag in _BLOCK:
                    self.flush()
                    if tag in _HEADINGS:
                        self.headings.append((el, _HEADINGS[tag]))
                self.add(el.text, el, _first_line(el, el.text))
            else:
                if tag in _BLOCK:
                    self.flush()
                    if self.headings and self.headings[-1][0] is el:
                        self.headings.pop()
                if el is not self.root:
                    self.add(el.tail, el)
        self.flush()
        return self.blocks


# --------------------------------------------------------------------------- entry point


def load(path: str, data: bytes) -> Document:
    """Read ``data`` (the bytes of ``path``) as an HTML draft; InputError when unreadable."""
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list = []
    if text.strip():
        root = _parse(text)
        if root is not None:
            blocks = _Builder(root).run()
    return Document(path=path, format="html", blocks=blocks, text=text, encoding=encoding)
