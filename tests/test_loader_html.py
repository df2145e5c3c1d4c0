"""The HTML loader: rowspan/colspan grids, <br>, blanks, ignored content, hostile input."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fixtures_build as fb  # noqa: E402

from gklint.loaders.docx import load as load_docx  # noqa: E402
from gklint.loaders.html import MAX_CELLS, load  # noqa: E402
from gklint.model import Document, InputError, Paragraph, Table  # noqa: E402


def load_str(html: str, encoding: str = "utf-8") -> Document:
    return load("page.html", html.encode(encoding))


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def grid(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


@pytest.fixture(scope="module")
def report() -> Document:
    return load_str(fb.html_report())


# --------------------------------------------------------------------------- the sample report


def test_report_blocks_in_order(report):
    heads = [(b.text, b.heading) for b in report.blocks if isinstance(b, Paragraph) and b.heading]
    assert heads[0] == ("某某市自然资源局2023年政府信息公开工作年度报告", 1)
    assert [t for t, level in heads[1:]] == list(fb.SECTION_HEADINGS) and {lv for _, lv in heads[1:]} == {2}
    kinds = ["T" if isinstance(b, Table) else "P" for b in report.blocks]
    assert kinds.count("T") == 3
    for heading in fb.SECTION_HEADINGS[1:4]:
        i = next(i for i, b in enumerate(report.blocks) if isinstance(b, Paragraph) and b.text == heading)
        assert kinds[i + 1] == "T"
    texts = [b.text for b in report.blocks if isinstance(b, Paragraph)]
    assert "不应读到的脚本" not in "".join(texts)  # <script> and <title> ignored
    assert texts[1].startswith("本年度报告根据")
    assert any(t.startswith("（一）主动公开。") for t in texts)  # leading U+3000 stripped
    assert report.format == "html" and report.encoding == "utf-8" and "<table" in report.text


def test_table3_rowspan_colspan(report):
    t3 = tables(report)[1]
    rows = grid(t3)
    assert len(rows) == 28
    apps = fb.SAMPLE_FIGURES["applications"]
    for row, (key, label) in zip(rows[3:], fb.APPLICATION_ROWS):
        assert row[-7:] == [str(v) for v in apps[key]], key
        labels = [t for t in row[:-7] if t]
        assert labels[-1] == label and len(labels) == len(set(labels))
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "49", "10", "1", "1", "5", "2", "68"]
    assert rows[6][:2] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert rows[8] == ["", "", "2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"]
    assert rows[1] == ["", "自然人", "法人或其他组织", "总计"]
    assert rows[2] == ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert [c.span.where for c in t3.rows[8][:4]] == [
        "第2个表格 第9行 第1列", "第2个表格 第9行 第2列", "第2个表格 第9行 第3列", "第2个表格 第9行 第4列"]


def test_same_rows_as_the_docx_template():
    """The convention is shared: an HTML table and the Word template give the same rows."""
    docx_tables = tables(load_docx("d.docx", fb.build_docx()))
    html_tables = tables(load_str(fb.html_report()))
    for d, h in zip(docx_tables, html_tables):
        norm = lambda t: [[c.replace("\n", "") for c in row] for row in grid(t)]  # noqa: E731
        assert norm(d) == norm(h)


def test_table4_vertical_header(report):
    rows = grid(tables(report)[2])
    assert rows[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert rows[2][:5] == [""] * 5 and len(rows[2]) == 15
    assert rows[3] == ["2", "1", "0", "1", "4", "1", "0", "1", "1", "3", "1", "0", "0", "0", "1"]


def test_spans_use_source_lines():
    html = "<html><body>\n<p>第一段</p>\n\n<table>\n<tr>\n<td>甲</td><td>乙</td></tr>\n</table>\n<p>\n  后文</p></body></html>"
    doc = load_str(html)
    p1, table, p2 = doc.blocks
    assert p1.span.line == 2 and p1.span.where == "第1段"
    assert table.span.line == 4 and table.span.where == "第1个表格"
    assert table.rows[0][1].span.line == 6 and table.rows[0][1].span.where == "第1个表格 第1行 第2列"
    assert p2.span.line == 9 and p2.span.where == "第2段"
    assert doc.line_text(2) == "<p>第一段</p>"


# --------------------------------------------------------------------------- grids


def test_rowspan_placeholders_including_trailing_and_wide():
    html = """<table>
      <tr><td rowspan="3" colspan="2">A</td><td>b</td><td rowspan="2">C</td></tr>
      <tr><td>d</td></tr>
      <tr><td>e</td><td>f</td></tr>
      <tr><td>g</td><td>h</td><td>i</td><td>j</td></tr>
    </table>"""
    t = tables(load_str(html))[0]
    assert grid(t) == [["A", "b", "C"], ["", "d", ""], ["", "e", "f"], ["g", "h", "i", "j"]]
    assert [c.span.where.split()[-1] for c in t.rows[1]] == ["第1列", "第3列", "第4列"]
    assert [c.span.where.split()[-1] for c in t.rows[2]] == ["第1列", "第3列", "第4列"]


def test_rowspan_zero_and_overlong_and_thead_tbody():
    html = """<table><thead><tr><th>头</th><th rowspan="0">全</th></tr></thead>
      <tbody><tr><td>1</td></tr><tr><td rowspan="99">2</td></tr></tbody></table>"""
    assert grid(tables(load_str(html))[0]) == [["头", "全"], ["1", ""], ["2", ""]]


def test_cell_br_nbsp_and_blocks():
    html = """<table><tr>
      <td>结<br>果<br/>维<br>持</td>
      <td>第一行<br>第二行</td>
      <td>&nbsp;</td>
      <td>\u3000</td>
      <td><p>&nbsp;12&nbsp;</p></td>
      <td><p>本年</p><p>制发件数</p></td>
      <td>  1,234\n </td>
      <td><span>5</span><script>9</script><style>x</style></td>
    </tr></table>"""
    assert grid(tables(load_str(html))[0]) == [
        ["结果维持", "第一行\n第二行", "", "", "12", "本年\n制发件数", "1,234", "5"]]


def test_paragraph_splitting_and_headings():
    html = """<body><h3>三、收到和处理政府信息公开申请情况</h3>
      <div>前文<span>内联</span>文字<p>段内</p>尾部<br>换行后</div>
      <ul><li>条目一</li><li>条目<b>二</b></li></ul>
      <p>&nbsp;&nbsp;\u3000缩进  多个   空格</p><h6>六级</h6></body>"""
    doc = load_str(html)
    assert [(b.text, b.heading) for b in doc.blocks] == [
        ("三、收到和处理政府信息公开申请情况", 3), ("前文内联文字", 0), ("段内", 0), ("尾部", 0), ("换行后", 0),
        ("条目一", 0), ("条目二", 0), ("缩进 多个 空格", 0), ("六级", 6)]


def test_ignored_elements():
    html = """<html><head><title>标题不读</title><style>p {color: red}</style>
      <script>document.write('<p>注入</p>')</script></head><body>
      <noscript>请启用脚本</noscript><template><p>模板</p></template>
      <!-- 注释 --><p>正文</p><div style="display: none">隐藏</div><p hidden>也隐藏</p>
      <script type="text/javascript">var x = "<table><tr><td>1</td></tr></table>";</script>
      <p>结尾</p></body></html>"""
    doc = load_str(html)
    assert [b.text for b in doc.blocks] == ["正文", "结尾"]


def test_layout_table_is_read_as_content():
    inner = "<table><tr><td>规章</td><td>1</td></tr></table>"
    html = f"""<table width="100%"><tr><td>导航</td><td><h2>二、主动公开政府信息情况</h2><p>说明</p>{inner}</td></tr></table>
      <table><tr><td><p>单格包裹的段落</p></td></tr></table>"""
    doc = load_str(html)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Paragraph", "Table", "Paragraph"]
    assert doc.blocks[1].heading == 2
    assert grid(doc.blocks[3]) == [["规章", "1"]] and doc.blocks[3].span.where == "第1个表格"
    assert doc.blocks[4].text == "单格包裹的段落"


def test_caption_becomes_a_paragraph():
    doc = load_str("<table><caption>表三</caption><tr><td>a</td><td>b</td></tr></table>")
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "表三"
    assert grid(doc.blocks[1]) == [["a", "b"]]


# --------------------------------------------------------------------------- encodings


def test_gbk_with_meta_charset():
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>政府信息公开</p></body></html>'
    doc = load("p.html", html.encode("gbk"))
    assert doc.blocks[0].text == "政府信息公开" and doc.encoding == "gb18030"


def test_meta_charset_that_lies():
    html = '<meta charset="utf-8"><p>统计期限自2023年1月1日起</p>'
    doc = load("p.html", html.encode("gb18030"))
    assert doc.blocks[0].text == "统计期限自2023年1月1日起"


def test_gb18030_without_meta_and_utf8_bom_and_utf16():
    assert load("p.html", "<p>年度报告</p>".encode("gb18030")).blocks[0].text == "年度报告"
    assert load("p.html", "\ufeff<p>年度报告</p>".encode("utf-8")).blocks[0].text == "年度报告"
    assert load("p.html", "\ufeff<p>年度报告</p>".encode("utf-16-le")).blocks[0].text == "年度报告"


def test_empty_and_whitespace_pages():
    assert load("p.html", b"").blocks == []
    assert load("p.html", b"  \n ").blocks == []
    assert load("p.html", b"<!-- only a comment -->").blocks == []


# --------------------------------------------------------------------------- hostile input


def test_deep_nesting_no_recursion_error():
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "深处" + "</div>" * depth + "<p>之后</p></body></html>"
    with pytest.raises(InputError) as info:
        load_str(html)
    assert "嵌套" in str(info.value) and info.value.code == "GK901"


def test_moderately_deep_real_world_nesting_is_read_whole():
    # old pages with hundreds of unclosed <font> tags exceed libxml2's default 256 levels
    html = "<body>" + "<font size=3>字" * 600 + "<p>之后的段落</p><table><tr><td>1</td></tr><tr><td>2</td></tr></table></body>"
    doc = load_str(html)
    assert any(isinstance(b, Paragraph) and b.text == "之后的段落" for b in doc.blocks)
    assert grid(tables(doc)[0]) == [["1"], ["2"]]


def test_deep_nested_tables_no_recursion_error():
    depth = 600  # 1800 element levels: under libxml2's 2048 huge-tree limit
    html = "<table><tr><td>" * depth + "核心" + "</td></tr></table>" * depth
    doc = load_str(html)
    assert any("核心" in (b.text if isinstance(b, Paragraph) else "") for b in doc.blocks)


def test_rowspan_amplification_is_bounded():
    n = 500  # 500 cells spanning 500 empty rows would make 250 000 placeholder cells
    html = "<table><tr>" + '<td rowspan="65534">x</td>' * n + "</tr>" + "<tr></tr>" * n + "</table>"
    assert n * n > MAX_CELLS
    with pytest.raises(InputError):
        load_str(html)


def test_no_network_no_entities():
    html = '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;安全</p><img src="http://example.invalid/a.png">'
    doc = load_str(html)
    assert "root:" not in "".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
