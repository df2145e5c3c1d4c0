"""Load a Word .docx draft into a :class:`~gklint.model.Document`.

Blocks are read from ``w:body`` in document order: paragraphs (``w:p``) and tables
(``w:tbl``), looking through block-level content controls (``w:sdt``) and ``w:customXml``
wrappers.  Empty paragraphs are dropped.  A paragraph containing manual line breaks
(``w:br``) yields one :class:`Paragraph` per line, as the text loader does for lines.
Text boxes, drawings, deleted (tracked) text and field codes are not read; tracked
insertions and field results are.

Merged cells — the convention (shared with :mod:`gklint.loaders.html`)
-----------------------------------------------------------------------
A row is the list of the row's *physical* cells in visual order, i.e. one
:class:`Cell` per ``w:tc`` — the row as Word itself stores it, and as a cell-by-cell
tab-separated export writes it (one field per cell):

* a horizontally merged cell (``w:gridSpan="n"``, or legacy ``w:hMerge``) is ONE cell; no
  cells are emitted for the further grid columns it covers;
* a vertically merged cell appears with its text in the row where the merge starts
  (``w:vMerge w:val="restart"``); in every following row it covers, its continuation
  ``w:tc`` (``w:vMerge`` without ``restart``) is emitted as ONE empty cell (text ``""``),
  so the cells after it keep their place.

``Cell.span.column`` is the 1-based *grid* column where the cell starts (so the same
column has the same number in every row, whatever merges precede it).  Example, the
second row of the 不予公开 group in table 三 of the 2021 template::

    ["", "", "2.其他法律行政法规禁止公开", "5", "1", "0", "0", "0", "0", "6"]
     # grid columns 1, 2, 3, 4 … 10

and a row whose label spans three grid columns::

    ["一、本年新收政府信息公开申请数量", "120", "8", "1", "2", "3", "0", "134"]
     # grid columns 1, 4, 5 … 10

Cell text: the cell's paragraphs (and ``w:br`` lines) are stripped; blank lines dropped;
if every remaining line is a single character (vertical text 结/果/维/持) they are joined
with ``""``, otherwise with ``"\\n"``.  U+3000 and NBSP count as blanks.  A table nested
in a cell contributes its text: one line per nested row, its cells joined with a tab.

Positions: ``Span.line`` is the block's 1-based ordinal in the document (paragraphs and
tables as emitted).  ``where`` is ``"第N段"`` (N counts emitted Word paragraphs) or
``"第K个表格 第R行 第C列"`` (C is the grid column).

Safety: the bytes are checked before python-docx sees them — magic numbers of .doc/WPS,
PDF and RTF files, a ZIP archive with ``word/document.xml``, and the ZIP directory's
declared sizes (zip bombs are refused from the directory alone; Python's zipfile never
inflates a member beyond its declared size).  The package is read here, not with
python-docx (whose object model costs more than the rest of the linting and holds
reference cycles that keep parsed documents in memory until a full garbage collection):
``_rels/.rels`` names the main document part, ``[Content_Types].xml`` must declare it a
WordprocessingML document (as python-docx requires), and the part's relationships name
the styles part (python-docx's default styles when there is none).  XML is parsed with
python-docx's parser settings (``resolve_entities=False``, no network) without its
element classes; libxml2 refuses entity amplification ("billion laughs"), so an entity
payload fails fast and becomes an :class:`InputError`.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from gklint.model import Cell, Document, InputError, Paragraph, Span, Table

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_MIN_SIZE = 10 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_CELLS = 100_000  # a real report has ~500 table cells (same limit as the text loader)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_SDT, _SDT_CONTENT, _CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_TEXT_TAGS = {_W + "t": None, _W + "tab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# subtrees whose text is not part of the visible paragraph text
_SKIP = {
    _W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _W + "pPr", _W + "rPr",
    _W + "drawing", _W + "pict", _W + "object", _MC + "AlternateContent",
    _W + "footnoteReference", _W + "endnoteReference", _W + "commentReference",
}
_WRAPPERS = (_SDT, _CUSTOM_XML)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_BLANKS = str.maketrans({"\u3000": " ", "\xa0": " ", "\u200b": None, "\ufeff": None})
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


# --------------------------------------------------------------------------- safety


def _check_bytes(data: bytes) -> None:
    """Refuse what is not a sane .docx before python-docx reads it (directory only)."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data[:1_000_000]:
            raise InputError("这个 .docx 文件设置了打开密码（已加密），无法读取：请取消密码后另存为 .docx 再检查", code="GK901")
        raise InputError(
            "这是旧版 Word .doc 或 WPS 二进制文件（只是扩展名改成了 .docx），无法读取：请在 Word/WPS 中“另存为” .docx 格式后再检查",
            code="GK901",
        )
    if not data.startswith(b"PK") and b"%PDF-" in data[:1024]:
        raise InputError("这是 PDF 文件（只是扩展名改成了 .docx），无法按 Word 文档读取：请提供原始 .docx 文件", code="GK901")
    if data.lstrip()[:5] == b"{\\rtf":
        raise InputError("这是 RTF 文件（只是扩展名改成了 .docx）：请在 Word/WPS 中另存为 .docx 格式后再检查", code="GK901")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(
            "不是有效的 .docx 文件（不是 ZIP 压缩包）：文件可能已损坏或并非 Word 文档，请用 Word/WPS 另存为 .docx 后再检查",
            code="GK901",
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"ZIP 压缩包中有 {len(infos)} 个文件，远多于 Word 文档应有的数量，拒绝读取（疑似压缩炸弹）", code="GK901")
        if "word/document.xml" not in {i.filename for i in infos}:
            raise InputError("ZIP 压缩包中没有 word/document.xml，不是 Word 文档", code="GK901")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(
                    f"ZIP 压缩包中的 {info.filename} 压缩比异常（{info.compress_size} 字节解压后为 {info.file_size} 字节，"
                    f"超过 {MAX_RATIO}:1），拒绝读取（疑似压缩炸弹）",
                    code="GK901",
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(
                f"ZIP 压缩包解压后共 {total // (1024 * 1024)} MB，超过上限 {MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB，"
                "拒绝读取（疑似压缩炸弹）",
                code="GK901",
            )


# --------------------------------------------------------------------------- text


_BR = _W + "br"
_BR_TYPE = _W + "type"
_NOT_TEXT = object()


def _paragraph_text(p) -> str:
    """Visible text of a ``w:p``: runs, hyperlinks, fields' results, tracked insertions.

    Iterative walk in document order (a stack of child iterators); python-docx's own
    ``.text`` misses ``w:ins``/``w:smartTag``/``w:fldSimple`` content, so ``w:t`` text is
    read directly.
    """
    out: list[str] = []
    append = out.append
    stack = [iter(p)]
    while stack:
        for el in stack[-1]:
            tag = el.tag
            if tag.__class__ is not str or tag in _SKIP:
                continue
            fixed = _TEXT_TAGS.get(tag, _NOT_TEXT)
            if fixed is not _NOT_TEXT:
                append(_element_text(el) if fixed is None else fixed)
            elif tag == _BR:
                kind = el.get(_BR_TYPE)
                append("\n" if kind in (None, "textWrapping") else "")
            else:
                if tag == _P or tag == _TBL:  # paragraphs inside e.g. an inline sdt: a line break
                    append("\n")
                stack.append(iter(el))
                break  # go down; this level's iterator goes on after the subtree
        else:
            stack.pop()
    return "".join(out)


_RAW_TEXT = etree._Element.text  # the C-level descriptor, not python-docx's overrides


def _element_text(el) -> str:
    """The XML text of an element, bypassing python-docx's ``text`` overrides."""
    return _RAW_TEXT.__get__(el) or ""  # type: ignore[attr-defined]


def _clean_line(line: str) -> str:
    return line.translate(_BLANKS).strip()


def _join_cell_lines(lines: list[str]) -> str:
    lines = [c for c in (_clean_line(x) for x in lines) if c]
    if len(lines) > 1 and all(len(x) == 1 for x in lines):
        return "".join(lines)  # vertical text: 结/果/维/持
    return "\n".join(lines)


def _children(el):
    """Children of ``el``, looking through ``w:sdt``/``w:customXml`` wrappers (iterative)."""
    stack = [iter(el)]
    while stack:
        for ch in stack[-1]:
            tag = ch.tag
            if tag in _WRAPPERS or tag == _SDT_CONTENT:
                content = _child(ch, _SDT_CONTENT) if tag == _SDT else ch
                if content is not None:
                    stack.append(iter(content))
                    break
                continue
            yield ch
        else:
            stack.pop()


def _child(el, tag: str):
    """The first child of ``el`` with ``tag`` (``el.find(tag)``, without ElementPath)."""
    for ch in el.iterchildren(tag):
        return ch
    return None


def _container_lines(container, depth: int = 0) -> list[str]:
    """Text lines of a cell's content: paragraphs, and nested tables (row = one line)."""
    lines: list[str] = []
    for ch in _children(container):
        if ch.tag == _P:
            lines.extend(_paragraph_text(ch).split("\n"))
        elif ch.tag == _TBL and depth < 50:  # lxml caps XML depth at 256 anyway
            for tr in (c for c in _children(ch) if c.tag == _TR):
                texts = [" ".join(x for x in map(_clean_line, _container_lines(tc, depth + 1)) if x)
                         for tc in _children(tr) if tc.tag == _TC]
                lines.append("\t".join(texts))
    return lines


# --------------------------------------------------------------------------- tables


def _int_attr(parent, child_tag: str, default: int) -> int:
    """The non-negative ``w:val`` of ``parent``'s ``child_tag`` child (missing or bad: ``default``)."""
    return _int_value(_child(parent, child_tag) if parent is not None else None, default)


def _int_value(el, default: int) -> int:
    """The non-negative ``w:val`` of an element already found (None or bad: ``default``)."""
    if el is None:
        return default
    try:
        return max(int(el.get(_VAL, default)), 0)
    except (TypeError, ValueError):
        return default


def _first_child(el, tag: str):
    """:func:`_child`, looking at the first child before searching (``w:tcPr`` comes first)."""
    for ch in el:
        if ch.tag == tag:
            return ch
        break
    return _child(el, tag)


def _first_children(el, tags: frozenset) -> dict:
    """The first child of ``el`` with each of ``tags`` (one pass over the children)."""
    found: dict = {}
    for ch in el:
        tag = ch.tag
        if tag in tags and tag not in found:
            found[tag] = ch
    return found


_VAL = _W + "val"
_TRPR, _GRID_BEFORE, _TCPR, _GRID_SPAN = _W + "trPr", _W + "gridBefore", _W + "tcPr", _W + "gridSpan"
_HMERGE, _VMERGE = _W + "hMerge", _W + "vMerge"
_TC_PROPS = frozenset({_GRID_SPAN, _HMERGE, _VMERGE})


def _read_table(tbl, ordinal: int, table_no: int) -> Table:
    rows: list[list[Cell]] = []
    for r, tr in enumerate((c for c in _children(tbl) if c.tag == _TR), start=1):
        col = _int_attr(_child(tr, _TRPR), _GRID_BEFORE, 0) + 1
        row: list[Cell] = []
        for tc in _children(tr):
            if tc.tag != _TC:
                continue
            tcPr = _first_child(tc, _TCPR)
            if tcPr is not None:
                props = _first_children(tcPr, _TC_PROPS)
                span = max(_int_value(props.get(_GRID_SPAN), 1), 1)
                hmerge = props.get(_HMERGE)
                if hmerge is not None and hmerge.get(_VAL) != "restart":
                    col += span  # legacy horizontal merge: continuation is not a separate cell
                    continue
                vmerge = props.get(_VMERGE)
                continuation = vmerge is not None and vmerge.get(_VAL, "continue") != "restart"
            else:
                span, continuation = 1, False
            text = "" if continuation else _join_cell_lines(_container_lines(tc))
            row.append(Cell(text, Span(ordinal, col, None, None, f"第{table_no}个表格 第{r}行 第{col}列")))
            col += span
        rows.append(row)
    return Table(rows, Span(ordinal, 1, where=f"第{table_no}个表格"))


# --------------------------------------------------------------------------- headings


def _style_levels(styles) -> dict[str, int]:
    """Paragraph style id → heading level (name "Heading n"/"标题 n", outline level, base
    style), from the ``w:styles`` element (None: no styles)."""
    levels: dict[str, int] = {}
    if styles is None:
        return levels
    by_id: dict[str, object] = {}
    all_styles = [el for el in styles if el.tag == _W + "style"]
    for el in all_styles:
        by_id.setdefault(el.get(_W + "styleId"), el)

    def own_level(style) -> int | None:
        name_el = style.find(_W + "name")
        name = name_el.get(_W + "val") if name_el is not None else None
        m = _HEADING_NAME.match((name or "").strip())
        if m:
            return int(m.group(1))
        lvl = style.find(f"{_W}pPr/{_W}outlineLvl")
        if lvl is not None:
            try:
                v = int(lvl.get(_W + "val", "9"))
            except ValueError:
                return None
            return v + 1 if 0 <= v <= 8 else 0
        return None

    def base_style(style):
        based = style.find(_W + "basedOn")
        return by_id.get(based.get(_W + "val")) if based is not None else None

    for style in all_styles:
        try:
            level, s, hops = None, style, 0
            while s is not None and hops < 10 and level is None:
                level = own_level(s)
                s, hops = base_style(s), hops + 1
            if level:
                levels[style.get(_W + "styleId")] = level
        except Exception:
            continue
    return levels


def _heading_level(p, levels: dict[str, int]) -> int:
    pPr = p.find(_W + "pPr")
    if pPr is None:
        return 0
    lvl = pPr.find(_W + "outlineLvl")
    if lvl is not None:
        try:
            v = int(lvl.get(_W + "val", "9"))
            return v + 1 if 0 <= v <= 8 else 0
        except ValueError:
            pass
    style = pPr.find(_W + "pStyle")
    return levels.get(style.get(_W + "val", ""), 0) if style is not None else 0


# --------------------------------------------------------------------------- entry point


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CT_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _parser():
    # python-docx's oxml_parser settings, without its element classes
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _parse(xml: bytes):
    return etree.fromstring(xml, _parser())


def _relationships(archive: zipfile.ZipFile, source: str) -> list[tuple[str, str]]:
    """``(type, member name)`` of the internal relationships of part ``source`` ("" = the package)."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    try:
        xml = archive.read(rels_name)
    except KeyError:
        return []
    out = []
    for rel in _parse(xml).iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        member = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join("/" + folder, target))[1:]
        out.append((rel.get("Type", ""), member))
    return out


def _content_type(archive: zipfile.ZipFile, member: str) -> str:
    types = _parse(archive.read("[Content_Types].xml"))
    partname = "/" + member
    for override in types.iter(_CT + "Override"):
        if override.get("PartName", "").lower() == partname.lower():
            return override.get("ContentType", "")
    ext = posixpath.splitext(member)[1][1:].lower()
    for default in types.iter(_CT + "Default"):
        if default.get("Extension", "").lower() == ext:
            return default.get("ContentType", "")
    raise KeyError(f"no content type for partname '{partname}' in [Content_Types].xml")


def _default_styles() -> bytes | None:
    """python-docx's default styles (what it uses for a document without a styles part)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("docx")
        if spec is None or not spec.origin:
            return None
        with open(posixpath.join(posixpath.dirname(spec.origin), "templates", "default-styles.xml"), "rb") as fh:
            return fh.read()
    except (ImportError, OSError, ValueError):
        return None


def _open_package(data: bytes):
    """``(w:body or None, w:styles or None)`` of the main document part."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main = [member for kind, member in _relationships(archive, "") if kind == RT_OFFICE_DOCUMENT]
        if not main:
            raise KeyError("no relationship of type 'officeDocument' in collection")
        if len(main) > 1:
            raise ValueError("multiple relationships of type 'officeDocument' in collection")
        content_type = _content_type(archive, main[0])
        if content_type != CT_DOCUMENT_MAIN:
            raise ValueError(f"file is not a Word file, content type is '{content_type}'")
        root = _parse(archive.read(main[0]))
        styles_members = [member for kind, member in _relationships(archive, main[0]) if kind == RT_STYLES]
        styles_xml = archive.read(styles_members[0]) if styles_members else _default_styles()
    styles = None
    if styles_xml is not None:
        try:
            styles = _parse(styles_xml)
        except etree.XMLSyntaxError:
            styles = None
    return root.find(_W + "body"), styles


_XML_REASONS = (  # libxml2's English messages for what a hostile document triggers
    ("amplification", "文档中的 XML 实体会被成倍展开（疑似“XML 炸弹”），已拒绝读取"),
    ("Excessive depth", "文档的 XML 嵌套层数过深，已拒绝读取"),
    ("Detected an entity reference loop", "文档中的 XML 实体互相引用成环，已拒绝读取"),
)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    for marker, chinese in _XML_REASONS:
        if marker in text:
            return chinese
    if isinstance(exc, etree.XMLSyntaxError):
        return f"文档的 XML 格式错误（{text}），文件可能已损坏；请在 Word/WPS 中打开后重新另存为 .docx"
    return text


def load(path: str, data: bytes) -> Document:
    """Read ``data`` (the bytes of ``path``) as a .docx draft; InputError when unreadable."""
    _check_bytes(data)
    try:
        body, styles = _open_package(data)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"无法读取 .docx 文件：{_reason(exc)}", code="GK901") from None
    if body is None:
        raise InputError("无法读取 .docx 文件：文档中没有正文（w:body），可能是 Strict Open XML 格式，请另存为普通 .docx", code="GK901")
    try:
        return Document(path=path, format="docx", blocks=_read_body(styles, body))
    except Exception as exc:
        raise InputError(f"无法读取 .docx 文件：{str(exc).strip() or type(exc).__name__}", code="GK901") from None


def _read_body(styles, body) -> list:
    levels = _style_levels(styles)
    blocks: list = []
    paragraphs = tables = cells = 0
    for el in _children(body):
        if el.tag == _P:
            lines = [ln for ln in (_clean_line(x) for x in _paragraph_text(el).split("\n")) if ln]
            if not lines:
                continue
            paragraphs += 1
            heading = _heading_level(el, levels)
            for line in lines:
                blocks.append(Paragraph(line, Span(len(blocks) + 1, 1, where=f"第{paragraphs}段"), heading=heading))
        elif el.tag == _TBL:
            tables += 1
            table = _read_table(el, len(blocks) + 1, tables)
            cells += sum(len(row) for row in table.rows)
            if cells > MAX_CELLS:
                raise InputError(f"表格单元格过多（超过 {MAX_CELLS} 个）：一份年度报告的表格通常只有几百个单元格，请检查是否选错了文件", code="GK901")
            if table.rows:
                blocks.append(table)
    return blocks
