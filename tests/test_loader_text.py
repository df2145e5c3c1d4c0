"""The text/Markdown loader: decoding, Markdown stripping with source columns, table rebuilding."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.loaders import load_document
from gklint.loaders.encoding import decode_bytes
from gklint.loaders.text import parse_text
from gklint.model import InputError, Paragraph, Span, Table

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
PROSE = (
    "根据《中华人民共和国政府信息公开条例》要求，现发布本机关政府信息公开工作年度报告。"
    "全年共收到政府信息公开申请十二件，均已按期答复。\n"
    "二、主动公开政府信息情况\n"
)
TABLE_HEAVY = (SEEDS / "001_52fabd2e9e55d580.txt").read_text(encoding="utf-8")


def paragraphs(doc):
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def texts(table):
    return [[c.text for c in row] for row in table.rows]


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding, bom, name",
    [
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
)
@pytest.mark.parametrize("text", [PROSE, TABLE_HEAVY], ids=["prose", "table"])
def test_decode_with_bom(encoding, bom, name, text):
    decoded, used = decode_bytes(bom + text.encode(encoding))
    assert decoded == text
    assert used == name


@pytest.mark.parametrize("text", [PROSE, TABLE_HEAVY, "２０２４年，本机关共收到申请１２件。“三安全一稳定”㐀"], ids=["prose", "table", "fullwidth"])
def test_decode_utf8_and_gb18030_without_bom(text):
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_decode_gbk_subset():
    text = "集贤县集贤镇人民政府2024年政府信息公开工作年度报告"
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [PROSE, TABLE_HEAVY, PROSE.replace("\n", "")], ids=["prose", "table", "cjk-only"])
def test_decode_utf16_without_bom(encoding, text):
    """Mostly-CJK prose has few NUL bytes: it must still be recognized as UTF-16."""
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4096),
        random.Random(1).randbytes(257),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(2).randbytes(2000),
        b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x06\x00" + random.Random(3).randbytes(3000),
    ],
    ids=["noise", "noise-odd", "png", "elf", "zip"],
)
def test_binary_is_refused(data):
    with pytest.raises(InputError) as exc:
        decode_bytes(data)
    assert exc.value.code == "GK901"
    with pytest.raises(InputError):
        load_document("draft.txt", data)


def test_nul_bytes_sprinkled_in_utf8_still_load():
    raw = (SEEDS / "000_fda45213274d01ac.txt").read_bytes()
    lines = raw.split(b"\n")
    for i in (3, 10, 40, 60):
        lines[i] = lines[i] + b"\x00"
    data = b"\n".join(lines)
    assert data.count(b"\x00") == 4
    doc = load_document("draft.txt", data)
    assert "\x00" not in doc.text
    clean = load_document("draft.txt", raw)
    assert doc.text == clean.text
    assert [p.text for p in paragraphs(doc)] == [p.text for p in paragraphs(clean)]


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n\t\r\n", "\u3000\u3000\n".encode("utf-8"), "\u3000".encode("gb18030"),
     b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b"\xff\xfe", b"\xfe\xff\x00\n", b"\x00\x00"],
    ids=["empty", "whitespace", "fullwidth-spaces", "fullwidth-gb", "utf8-bom-only", "utf8-bom-newline",
         "utf16le-bom-only", "utf16be-bom-newline", "nuls"],
)
def test_empty_file_is_refused(data):
    with pytest.raises(InputError) as exc:
        load_document("draft.txt", data)
    assert "空" in str(exc.value)


def test_empty_file_on_disk_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError):
        load_document(str(path))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError) as exc:
        load_document(str(tmp_path / "nope.txt"))
    assert "不存在" in str(exc.value)


def test_format_by_suffix():
    assert load_document("a.md", PROSE.encode()).format == "markdown"
    assert load_document("a.txt", PROSE.encode()).format == "text"
    assert load_document("-", PROSE.encode()).format == "text"  # stdin: unknown suffix read as text


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_normalized(newline):
    text = "标题\n\n一、总体情况\n规章\t1\t2\t3\n"
    doc = parse_text(text.replace("\n", newline))
    assert [p.text for p in paragraphs(doc)] == ["标题", "一、总体情况"]
    assert [p.span.line for p in paragraphs(doc)] == [1, 3]
    assert texts(tables(doc)[0]) == [["规章", "1", "2", "3"]]
    assert tables(doc)[0].rows[0][1].span.line == 4
    assert doc.line_text(3) == "一、总体情况"


# --------------------------------------------------------------------------- Markdown paragraphs


def test_heading_and_bold_marks_removed_keeping_columns():
    doc = parse_text("# 标题\n\n## **六、其他需要报告的事项**\n")
    title, six = paragraphs(doc)
    assert (title.text, title.heading, title.span.line, title.span.column) == ("标题", 1, 1, 3)
    assert six.text == "六、其他需要报告的事项"
    assert six.heading == 2
    assert six.offsets[0] == 6  # after "## **"
    assert six.offsets == list(range(6, 6 + len(six.text)))
    assert six.span_of(0, 2) == Span(3, 6, 3, 8)
    assert six.span.end_column == 6 + len(six.text)


def test_bold_inside_text_keeps_offsets():
    p = paragraphs(parse_text("本机关**未收取**信息处理费。"))[0]
    assert p.text == "本机关未收取信息处理费。"
    line = "本机关**未收取**信息处理费。"
    for i, ch in enumerate(p.text):
        assert line[p.offsets[i] - 1] == ch
    start = p.text.index("信息处理费")
    assert p.span_of(start, start + 5) == Span(1, line.index("信息处理费") + 1, 1, line.index("信息处理费") + 6)


def test_closing_hashes_and_underscores():
    p = paragraphs(parse_text("### 三、收到和处理政府信息公开申请情况 ###"))[0]
    assert p.text == "三、收到和处理政府信息公开申请情况"
    assert p.heading == 3
    q = paragraphs(parse_text("__五、存在的主要问题及改进情况__"))[0]
    assert q.text == "五、存在的主要问题及改进情况"
    assert q.offsets[0] == 3


@pytest.mark.parametrize("line, first", [("- 一是政府信息公开工作的质量有待提升；", 3), ("* 二是形式有待拓宽", 3),
                                         ("  + 三是业务水平需加强", 5), ("> 引用的段落", 3)])
def test_bullets_removed(line, first):
    p = paragraphs(parse_text(line))[0]
    assert p.text == line.strip()[2:].strip()
    assert p.offsets[0] == first
    assert line[p.offsets[0] - 1] == p.text[0]
    assert p.heading == 0


def test_fullwidth_indent_trimmed_with_offsets():
    p = paragraphs(parse_text("\u3000\u30002024年，本机关未收到申请。\u3000"))[0]
    assert p.text == "2024年，本机关未收到申请。"
    assert p.offsets[0] == 3
    assert p.span == Span(1, 3, 1, 3 + len(p.text))


def test_seven_hashes_is_not_a_heading():
    p = paragraphs(parse_text("####### 七个井号"))[0]
    assert p.heading == 0


def test_span_of_falls_back_to_paragraph():
    p = paragraphs(parse_text("abc"))[0]
    assert p.span_of(5, 9) == p.span
    assert p.span_of(0, 0) == p.span


def test_comment_lines_ignored():
    doc = parse_text("<!-- gklint-disable GK101 -->\n正文")
    assert [p.text for p in paragraphs(doc)] == ["正文"]


# --------------------------------------------------------------------------- tables


def test_tab_rows_keep_empty_cells_and_columns():
    doc = parse_text("规章\t2\t1\t7\n\t(二) 部分公开\t0\t\n")
    (table,) = tables(doc)
    assert texts(table) == [["规章", "2", "1", "7"], ["", "(二) 部分公开", "0", ""]]
    assert [c.span.column for c in table.rows[0]] == [1, 4, 6, 8]
    assert table.rows[1][1].span == Span(2, 2, 2, 2 + len("(二) 部分公开"))
    assert table.span.line == 1 and table.span.end_line == 2


def test_pipe_rows_separator_skipped():
    text = "| 信息内容 | 本年制发件数 | 本年废止件数 |\n|---|:---:|---:|\n| 规章 | 2 | 1 |\n"
    (table,) = tables(parse_text(text))
    assert texts(table) == [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "2", "1"]]
    assert table.rows[1][0].span == Span(3, 3, 3, 5)
    assert table.rows[1][1].span.column == len("| 规章 | ") + 1


def test_tab_separator_row_skipped():
    text = "0\t0\t0\n---\t---\t---\n"
    (table,) = tables(parse_text(text))
    assert texts(table) == [["0", "0", "0"]]


def test_separator_row_in_seed_002_skipped():
    doc = load_document(str(SEEDS / "002_5fcbcb2887811187.txt"))
    rows = [r for t in tables(doc) for r in t.rows]
    assert not any(c.text.startswith("---") for r in rows for c in r)
    fifteen = [r for r in rows if len(r) == 15]
    assert len(fifteen) == 1 and fifteen[0][0].span.line == 68


def test_one_cell_per_line_rows():
    text = "\t信息内容\n\t本年制发件数\n\n\t规章\n\t2\n\t\n\t7\n\n正文\n"
    doc = parse_text(text)
    (table,) = tables(doc)
    assert texts(table) == [["信息内容", "本年制发件数"], ["规章", "2", "", "7"]]
    assert table.rows[1][1].span == Span(5, 2, 5, 3)
    assert [p.text for p in paragraphs(doc)] == ["正文"]


def test_broken_header_words_joined():
    text = "\t\n\t商业\n企业\n\t科研\n机构\n\t社会公益组织\n"
    (table,) = tables(parse_text(text))
    assert texts(table) == [["", "商业企业", "科研机构", "社会公益组织"]]
    cell = table.rows[0][1]
    assert cell.span.line == 2 and cell.span.end_line == 3


def test_one_character_per_line_joined():
    text = "\t结\n果\n维\n持\n\t结\n果 \n纠\n正\n\t总\n计\n\n\t0\n\t0\n"
    (table,) = tables(parse_text(text))
    assert texts(table) == [["结果维持", "结果纠正", "总计"], ["0", "0"]]
    assert table.rows[0][0].span == Span(1, 2, 4, 2)


def test_continuation_only_after_text_cells():
    # a short line after a number cell, or a long line, is a paragraph, not part of the cell
    doc = parse_text("\t行政许可\n\t0\n无。\n")
    assert texts(tables(doc)[0]) == [["行政许可", "0"]]
    assert [p.text for p in paragraphs(doc)] == ["无。"]
    doc = parse_text("\t存在的问题\n本机关政府信息公开工作仍有不足之处。\n")
    assert texts(tables(doc)[0]) == [["存在的问题"]]
    assert [p.text for p in paragraphs(doc)] == ["本机关政府信息公开工作仍有不足之处。"]


def test_seed_001_header_words_joined():
    doc = load_document(str(SEEDS / "001_52fabd2e9e55d580.txt"))
    cells = {c.text for t in tables(doc) for r in t.rows for c in r}
    assert {"商业企业", "科研机构", "结果纠正", "其他结果", "尚未审结", "结果维持"} <= cells


def test_seed_004_vertical_header_joined():
    doc = load_document(str(SEEDS / "004_e71c1f5ffb99afb5.txt"))
    rows = [[c.text for c in r] for t in tables(doc) for r in t.rows]
    header = next(r for r in rows if "结果维持" in r)
    assert header[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_spaced_number_row():
    (table,) = tables(parse_text("0  0  0  1  0  1  0  0  0  0  0  0  0  0  0\n"))
    assert len(table.rows[0]) == 15
    (table,) = tables(parse_text("行政许可    12\n"))
    assert texts(table) == [["行政许可", "12"]]


def test_paragraph_between_tables_splits_them():
    doc = parse_text("规章\t1\t2\t3\n说明文字\n行政许可\t5\n")
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph", "Table"]


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_gb18030_is_not_taken_for_utf16(seed):
    """Even-length GB18030/GBK text (all CJK, no ASCII) must not decode as UTF-16."""
    text = (SEEDS / seed).read_text(encoding="utf-8")
    cjk = "".join(ch for ch in text if ord(ch) > 0x2000)[:400]
    for chunk in (text, cjk, cjk[:7], text[:201]):
        for enc in ("gb18030", "gbk"):
            data = chunk.encode(enc)
            assert decode_bytes(data) == (chunk, "gb18030"), (enc, len(data))
        assert decode_bytes(chunk.encode("utf-16-le")) == (chunk, "utf-16-le")
        assert decode_bytes(chunk.encode("utf-16-be")) == (chunk, "utf-16-be")
