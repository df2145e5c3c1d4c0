"""The .docx loader: merged cells read once, document order, headings, and hostile input."""
from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fixtures_build as fb  # noqa: E402

from gklint.loaders.docx import load  # noqa: E402
from gklint.model import Document, InputError, Paragraph, Table  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEMPLATE_BYTES = fb.TEMPLATE.read_bytes()


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def filled() -> Document:
    return load("draft.docx", fb.build_docx(heading_style="Heading 2"))


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def texts(row) -> list[str]:
    return [c.text for c in row]


def replace_member(data: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, payload if info.filename == name else src.read(info.filename))
    return out.getvalue()


def docx_with_body(body: str) -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    return replace_member(TEMPLATE_BYTES, "word/document.xml", xml.encode("utf-8"))


def p(text: str, ppr: str = "") -> str:
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(*paragraphs: str, pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def patch_central_sizes(data: bytes, sizes: dict[str, int]) -> bytes:
    """Rewrite the uncompressed sizes declared in the ZIP central directory."""
    buf = bytearray(data)
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        name = bytes(buf[pos + 46:pos + 46 + name_len]).decode()
        if name in sizes:
            struct.pack_into("<I", buf, pos + 24, sizes[name])
        pos = buf.find(b"PK\x01\x02", pos + 46)
    return bytes(buf)


# --------------------------------------------------------------------------- the filled template


def test_document_order_and_block_kinds(filled):
    kinds = ["T" if isinstance(b, Table) else "P" for b in filled.blocks]
    heads = [b.text for b in filled.blocks if isinstance(b, Paragraph) and b.heading]
    assert heads == list(fb.SECTION_HEADINGS)
    # each of the three tables comes right after its section heading
    for name, heading in zip(("表二", "表三", "表四"), fb.SECTION_HEADINGS[1:4]):
        i = next(i for i, b in enumerate(filled.blocks) if isinstance(b, Paragraph) and b.text == heading)
        assert kinds[i + 1] == "T", name
    assert kinds.count("T") == 3
    assert filled.blocks[0].text == "某某市自然资源局2023年政府信息公开工作年度报告"
    assert any("统计期限自2023年1月1日起至2023年12月31日止" in b.text for b in filled.blocks if isinstance(b, Paragraph))
    assert filled.format == "docx" and filled.path == "draft.docx"


def test_block_spans_are_ordinals(filled):
    assert [b.span.line for b in filled.blocks] == list(range(1, len(filled.blocks) + 1))
    assert filled.blocks[0].span.where == "第1段"
    t3 = tables(filled)[1]
    assert t3.span.where == "第2个表格"
    row = t3.rows[3]
    assert [c.span.column for c in row] == [1, 4, 5, 6, 7, 8, 9, 10]  # grid columns
    assert row[1].span.where == "第2个表格 第4行 第4列"
    assert all(c.span.line == t3.span.line for r in t3.rows for c in r)


def test_table3_rows_read_once_with_seven_values(filled):
    t3 = tables(filled)[1]
    assert len(t3.rows) == 28
    apps = fb.SAMPLE_FIGURES["applications"]
    for row, (key, label) in zip(t3.rows[3:], fb.APPLICATION_ROWS):
        values = texts(row)[-7:]
        assert values == [str(v) for v in apps[key]], key
        labels = [c.text for c in row[:-7] if c.text]
        assert len(labels) == len(set(labels)), f"duplicated label in {key}: {labels}"
        assert labels[-1] == label
        assert len(row) in (8, 9, 10)


def test_table3_exact_rows(filled):
    rows = [texts(r) for r in tables(filled)[1].rows]
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "49", "10", "1", "1", "5", "2", "68"]
    assert rows[5] == ["三、本年度办理结果", "（一）予以公开", "20", "4", "1", "1", "2", "1", "29"]
    # vMerge continuations are one empty cell each, horizontal spans never add cells
    assert rows[6][:2] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert rows[8] == ["", "", "2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"]
    assert rows[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    assert rows[1] == ["", "自然人", "法人或其他组织", "总计"]
    assert rows[2][0] == "" and rows[2][-1] == ""  # continuation of the merged header and of 总计
    assert rows[26] == ["", "（七）总计", "48", "9", "1", "2", "4", "2", "66"]


def test_table2_and_table4(filled):
    t2, _, t4 = tables(filled)
    rows2 = [texts(r) for r in t2.rows]
    assert rows2[0] == ["第二十条第（一）项"]  # gridSpan=4 read once
    assert ["规章", "1", "0", "5"] in rows2
    assert ["行政许可", "1268"] in rows2
    assert ["行政事业性收费", "12.35"] in rows2
    rows4 = [texts(r) for r in t4.rows]
    assert rows4[0] == ["行政复议", "行政诉讼"]
    assert rows4[1][5:] == ["未经复议直接起诉", "复议后起诉"]
    assert rows4[2][:5] == [""] * 5 and len(rows4[2]) == 15
    assert rows4[3] == ["2", "1", "0", "1", "4", "1", "0", "1", "1", "3", "1", "0", "0", "0", "1"]


def test_blank_template_cells_are_empty():
    doc = load("blank.docx", TEMPLATE_BYTES)
    t3 = tables(doc)[1]
    assert all(c.text == "" for r in t3.rows[3:] for c in r[-7:])  # U+3000 placeholders are blank


def test_defective_figures_are_written_as_is():
    figures = fb.sample_figures()
    figures["applications"]["一"][0] = "/"
    figures["applications"]["二"][2] = ""
    figures["review_litigation"]["复议"][4] = 99
    assert fb.identity_errors(fb.SAMPLE_FIGURES) == []
    doc = load("bad.docx", fb.build_docx(figures))
    t3 = tables(doc)[1]
    assert texts(t3.rows[3])[1] == "/"
    assert texts(t3.rows[4])[3] == ""
    assert texts(tables(doc)[2].rows[3])[4] == "99"


# --------------------------------------------------------------------------- cell text, headings, structure


def test_vertical_text_and_blanks():
    row = ("<w:tr>" + tc(p("结"), p("果"), p("维"), p("持")) + tc(p("第一行"), p("第二行"))
           + tc(p("\u3000")) + tc(p("\u00a0 12 \u3000")) + tc(p("结果"), p("纠正")) + "</w:tr>")
    doc = load("x.docx", docx_with_body(f"<w:tbl>{row}</w:tbl>"))
    assert texts(tables(doc)[0].rows[0]) == ["结果维持", "第一行\n第二行", "", "12", "结果\n纠正"]


def test_vmerge_continuation_is_empty_even_with_text_and_gridspan():
    rows = ("<w:tr>" + tc(p("合并"), pr='<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>') + tc(p("a")) + "</w:tr>"
            "<w:tr>" + tc(p("残留"), pr='<w:gridSpan w:val="2"/><w:vMerge/>') + tc(p("b")) + "</w:tr>")
    doc = load("x.docx", docx_with_body(f"<w:tbl>{rows}</w:tbl>"))
    t = tables(doc)[0]
    assert [texts(r) for r in t.rows] == [["合并", "a"], ["", "b"]]
    assert [c.span.column for c in t.rows[1]] == [1, 3]


def test_grid_before_and_legacy_hmerge():
    rows = ('<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc(p("x")) + "</w:tr>"
            "<w:tr>" + tc(p("h"), pr='<w:hMerge w:val="restart"/>') + tc(p(""), pr="<w:hMerge/>") + tc(p("y")) + "</w:tr>")
    t = tables(load("x.docx", docx_with_body(f"<w:tbl>{rows}</w:tbl>")))[0]
    assert texts(t.rows[0]) == ["x"] and t.rows[0][0].span.column == 2
    assert texts(t.rows[1]) == ["h", "y"] and t.rows[1][1].span.column == 3


def test_sdt_wrapped_blocks_nested_table_and_tracked_changes():
    nested = "<w:tbl><w:tr>" + tc(p("内1")) + tc(p("内2")) + "</w:tr><w:tr>" + tc(p("内3")) + "</w:tr></w:tbl>"
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("控件中的段落") + "<w:tbl><w:tr>" + tc(p("控件表格")) + "</w:tr></w:tbl>"
        "</w:sdtContent></w:sdt>"
        + "<w:tbl><w:tr>" + tc(p("外"), nested) + "</w:tr></w:tbl>"
        + '<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删掉</w:delText></w:r></w:del>'
          '<w:ins w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
          '<w:r><w:tab/><w:t>尾</w:t></w:r></w:p>'
        + "<w:p/>" + p("\u3000\u3000")
    )
    doc = load("x.docx", docx_with_body(body))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Table", "Paragraph"]
    assert doc.blocks[0].text == "控件中的段落"
    assert texts(doc.blocks[1].rows[0]) == ["控件表格"]
    assert texts(doc.blocks[2].rows[0]) == ["外\n内1\t内2\n内3"]
    assert doc.blocks[3].text == "保留插入7\t尾"
    assert doc.blocks[2].span.where == "第2个表格" and doc.blocks[3].span.where == "第2段"


def test_line_breaks_split_a_paragraph():
    body = '<w:p><w:r><w:t>虎林市迎春镇人民政府</w:t><w:br/><w:t>2024年度政府信息公开工作年度报告</w:t></w:r></w:p>'
    doc = load("x.docx", docx_with_body(body))
    assert [b.text for b in doc.blocks] == ["虎林市迎春镇人民政府", "2024年度政府信息公开工作年度报告"]
    assert {b.span.where for b in doc.blocks} == {"第1段"}


def test_heading_levels_from_style_names_and_outline_level():
    from docx.enum.style import WD_STYLE_TYPE

    d = python_docx.Document()
    d.add_paragraph("标题", style="Title")
    d.add_paragraph("一、总体情况", style="Heading 1")
    d.add_paragraph("（一）主动公开", style="Heading 2")
    d.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("中文样式名", style="标题 3")
    custom = d.styles.add_style("我的标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = d.styles["Heading 1"]
    d.add_paragraph("继承样式", style="我的标题")
    para = d.add_paragraph("大纲级别")
    outline = para._p.get_or_add_pPr().makeelement(f"{{{W_NS}}}outlineLvl", {f"{{{W_NS}}}val": "1"})
    para._p.get_or_add_pPr().append(outline)
    d.add_paragraph("正文")
    out = io.BytesIO()
    d.save(out)
    doc = load("h.docx", out.getvalue())
    assert [(b.text, b.heading) for b in doc.blocks] == [
        ("标题", 0), ("一、总体情况", 1), ("（一）主动公开", 2), ("中文样式名", 3),
        ("继承样式", 1), ("大纲级别", 2), ("正文", 0),
    ]


def test_filled_template_heading_style(filled):
    levels = {b.text: b.heading for b in filled.blocks if isinstance(b, Paragraph)}
    assert levels["一、总体情况"] == 2 and levels["三、收到和处理政府信息公开申请情况"] == 2
    assert levels["某某市自然资源局2023年政府信息公开工作年度报告"] == 0


def test_fill_template_docx_writes_a_file(tmp_path):
    path = fb.fill_template_docx(tmp_path / "draft.docx")
    assert path.exists() and load(str(path), path.read_bytes()).blocks


# --------------------------------------------------------------------------- hostile and wrong input


def expect_input_error(data: bytes, *fragments: str) -> InputError:
    with pytest.raises(InputError) as info:
        load("bad.docx", data)
    for fragment in fragments:
        assert fragment in str(info.value)
    assert info.value.code == "GK901"
    return info.value


def test_not_a_zip():
    expect_input_error(b"just some text, not a zip archive at all", "不是有效的 .docx 文件（不是 ZIP 压缩包）")
    expect_input_error(b"PK\x03\x04truncated", "不是 ZIP 压缩包")


def test_zip_without_document_xml():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    expect_input_error(out.getvalue(), "ZIP 压缩包中没有 word/document.xml，不是 Word 文档")


def test_zip_that_is_not_an_opc_package():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>')
    expect_input_error(out.getvalue(), "无法读取 .docx 文件：")


def test_old_doc_and_wps_binary():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    error = expect_input_error(ole, ".doc", "另存为")
    assert "WPS" in str(error)
    encrypted = ole + "EncryptedPackage".encode("utf-16-le")
    expect_input_error(encrypted, "加密")


def test_pdf_and_rtf_renamed():
    expect_input_error(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF")
    expect_input_error(b"{\\rtf1\\ansi\\deff0 hello}", "RTF")


def test_ratio_zip_bomb_refused_fast():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(TEMPLATE_BYTES)) as t:
            for info in t.infolist():
                z.writestr(info.filename, t.read(info.filename))
        with z.open("word/media/bomb.bin", "w") as member:  # 20 MB of zeros, ~20 KB compressed
            chunk = b"\x00" * (1 << 20)
            for _ in range(20):
                member.write(chunk)
    expect_input_error(out.getvalue(), "压缩比", "压缩炸弹")


def test_declared_total_bomb_refused_from_directory_only():
    out = io.BytesIO()
    names = [f"word/media/part{i}.bin" for i in range(30)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        for name in names:
            z.writestr(name, b"\x00" * 1024)
    # 30 × 10 MB declared = 300 MB: each member under the ratio threshold, the sum over the cap
    bomb = patch_central_sizes(out.getvalue(), {name: 10 * 1024 * 1024 for name in names})
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 200 * 1024 * 1024
    expect_input_error(bomb, "MB", "压缩炸弹")


def test_understated_size_cannot_inflate():
    data = patch_central_sizes(TEMPLATE_BYTES, {"word/document.xml": 1000})
    expect_input_error(data, "无法读取 .docx 文件")


def test_malformed_document_xml():
    data = replace_member(TEMPLATE_BYTES, "word/document.xml", b"<w:document><w:body><w:p>")
    expect_input_error(data, "无法读取 .docx 文件：")


def _entity_document(declarations: str, use: str) -> bytes:
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{declarations}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{use}</w:t></w:r></w:p></w:body></w:document>')
    return replace_member(TEMPLATE_BYTES, "word/document.xml", xml.encode())


@pytest.mark.parametrize("kind", ["billion-laughs", "quadratic"])
def test_entity_expansion_is_safe_and_fast(kind):
    if kind == "billion-laughs":
        decl = '<!ENTITY lol0 "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
        data = _entity_document(decl, "&lol9;")  # 3 × 10^9 characters if expanded
    else:
        decl = f'<!ENTITY big "{"x" * 100_000}">'
        data = _entity_document(decl, "&big;" * 20_000)  # 2 × 10^9 characters if expanded
    try:
        doc = load("laughs.docx", data)
    except InputError as exc:  # libxml2 refuses the amplification
        assert "无法读取 .docx 文件" in str(exc)
    else:  # or the entities stay unexpanded (resolve_entities=False)
        assert all(len(b.text) < 10_000 for b in doc.blocks if isinstance(b, Paragraph))


def test_python_docx_parser_does_not_resolve_entities():
    from docx.oxml.parser import oxml_parser

    from lxml import etree

    root = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "EXPANDED">]><d>&e;</d>', oxml_parser)
    assert "EXPANDED" not in "".join(root.itertext())


def test_external_entity_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = _entity_document(f'<!ENTITY xxe SYSTEM "file://{secret}">', "&xxe;")
    try:
        doc = load("xxe.docx", data)
    except InputError:
        return
    assert all("TOP-SECRET" not in b.text for b in doc.blocks if isinstance(b, Paragraph))


def test_entity_bomb_reason_is_in_chinese():
    decl = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    try:
        load("laughs.docx", _entity_document(decl, "&lol9;"))
    except InputError as exc:
        assert "XML 炸弹" in str(exc) and "amplification" not in str(exc)


def test_too_many_table_cells_is_refused(monkeypatch):
    import gklint.loaders.docx as docx_loader

    monkeypatch.setattr(docx_loader, "MAX_CELLS", 100)  # the filled template has ~560 cells
    with pytest.raises(InputError, match="表格单元格过多"):
        load("big.docx", TEMPLATE_BYTES)
