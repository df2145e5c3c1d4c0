"""The .docx loader reads the OPC package itself (not with python-docx): the main part is
found through the relationships, must be a WordprocessingML document, styles come from
the part's styles relationship (python-docx's default styles without one), and what is
read is the same as python-docx's object model gave."""
from __future__ import annotations

import gc
import io
import re
import sys
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fixtures_build as fb  # noqa: E402

from gklint.loaders.docx import CT_DOCUMENT_MAIN, load  # noqa: E402
from gklint.model import InputError, Table  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rewrite(data: bytes, edits: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> bytes:
    """The package with members replaced (``None``: removed) and added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in edits:
                if edits[info.filename] is not None:
                    dst.writestr(info.filename, edits[info.filename])
                continue
            dst.writestr(info.filename, src.read(info.filename))
        for name, payload in (add or {}).items():
            dst.writestr(name, payload)
    return out.getvalue()


def member(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def blocks(doc) -> list:
    out = []
    for b in doc.blocks:
        if isinstance(b, Table):
            out.append([[(c.text, c.span) for c in row] for row in b.rows])
        else:
            out.append((b.text, b.span, b.heading))
    return out


def headings_docx() -> bytes:
    d = python_docx.Document()
    d.add_paragraph("一、总体情况", style="Heading 1")
    d.add_paragraph("（一）主动公开", style="Heading 2")
    d.add_paragraph("正文")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_main_part_found_through_relationships_wherever_it_is():
    data = fb.build_docx(None)
    moved = rewrite(
        data,
        {
            "word/document.xml": None,
            "_rels/.rels": member(data, "_rels/.rels").replace("word/document.xml", "word/main.xml").encode(),
            "[Content_Types].xml": member(data, "[Content_Types].xml").replace("/word/document.xml", "/word/main.xml").encode(),
            "word/_rels/document.xml.rels": None,
        },
        {"word/main.xml": member(data, "word/document.xml").encode(),
         "word/_rels/main.xml.rels": member(data, "word/_rels/document.xml.rels").encode(),
         "word/document.xml": b"<unused/>"},  # _check_bytes wants the usual name present
    )
    assert blocks(load("moved.docx", moved)) == blocks(load("x.docx", data))


@pytest.mark.parametrize("content_type", [
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
])
def test_not_a_word_document_content_type_refused(content_type):
    data = fb.build_docx(None)
    types = member(data, "[Content_Types].xml").replace(CT_DOCUMENT_MAIN, content_type)
    with pytest.raises(InputError) as info:
        load("x.docx", rewrite(data, {"[Content_Types].xml": types.encode()}))
    assert "无法读取 .docx 文件" in str(info.value) and content_type in str(info.value)
    with pytest.raises(ValueError):  # python-docx refuses it too
        python_docx.Document(io.BytesIO(rewrite(data, {"[Content_Types].xml": types.encode()})))


def test_missing_package_relationships_refused():
    data = fb.build_docx(None)
    with pytest.raises(InputError) as info:
        load("x.docx", rewrite(data, {"_rels/.rels": None}))
    assert "无法读取 .docx 文件" in str(info.value)


def test_without_a_styles_part_python_docx_default_styles_apply():
    """python-docx reads a document without a styles part with its default styles, where
    the document's own heading style ids do not exist: no heading levels, as before."""
    data = headings_docx()
    rels = re.sub(r'<Relationship [^>]*relationships/styles"[^>]*/>', "", member(data, "word/_rels/document.xml.rels"))
    without = rewrite(data, {"word/styles.xml": None, "word/_rels/document.xml.rels": rels.encode()})
    doc = load("x.docx", without)
    assert [(b.text, b.heading) for b in doc.blocks] == [("一、总体情况", 0), ("（一）主动公开", 0), ("正文", 0)]
    d = python_docx.Document(io.BytesIO(without))
    assert [p.style.name for p in d.paragraphs] == ["Normal", "Normal", "Normal"]
    assert [(b.text, b.heading) for b in load("x.docx", data).blocks] == [("一、总体情况", 1), ("（一）主动公开", 2), ("正文", 0)]


def test_broken_styles_part_means_no_heading_levels_not_an_error():
    data = headings_docx()
    doc = load("x.docx", rewrite(data, {"word/styles.xml": b"<w:styles"}))
    assert [(b.text, b.heading) for b in doc.blocks] == [("一、总体情况", 0), ("（一）主动公开", 0), ("正文", 0)]


def test_no_reference_cycles_keep_documents_alive():
    """python-docx's object model held cycles: every loaded document stayed in memory
    until a full collection.  The loader's own reading leaves nothing for the collector."""
    data = fb.build_docx(None)
    load("x.docx", data)
    gc.collect()
    gc.disable()
    try:
        gc.collect()
        load("x.docx", data)
        assert gc.collect() == 0
    finally:
        gc.enable()
