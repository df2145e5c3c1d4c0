"""Reports with non-zero figures in every text layout of the seeds, clean and defective.

Drafts are rendered by ``text_fixtures.render_report``, which also says where each value
and row label was written, so positions are checked exactly.
"""
from __future__ import annotations

from datetime import date

import jsonschema
import pytest

from gklint.loaders import load_document
from gklint.loaders.text import parse_text
from gklint.recognize import recognize, to_json
from gklint.resources import load_schema
from text_fixtures import (
    APPLICATION_COLUMNS,
    APPLICATION_KEYS,
    LAYOUTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SAMPLE_FIGURES,
    Rendered,
    expected_tables,
    identity_errors,
    render_report,
    sample_figures,
)

ISSUER = "某某市自然资源局"
_VALIDATOR = jsonschema.Draft202012Validator(load_schema("report.schema.json"), format_checker=jsonschema.FormatChecker())


def read(rendered: Rendered, path: str = "draft.txt"):
    return recognize(parse_text(rendered.text, path=path))


def problems(report, code=None):
    return [p for p in report.problems if code is None or p.code == code]


def assert_valid(report, rendered: Rendered):
    """The JSON validates and every problem points inside the file."""
    j = to_json(report)
    errors = [f"{list(e.path)}: {e.message}" for e in _VALIDATOR.iter_errors(j)]
    assert not errors, errors
    n_lines = rendered.line_count
    for p in report.problems:
        assert p.span is not None, p
        assert 1 <= p.span.line <= n_lines, p
        assert 1 <= p.span.last_line <= n_lines, p
        assert p.span.column >= 1, p
        line = rendered.text.split("\n")[p.span.line - 1]
        assert p.span.column <= len(line) + 1, p
    return j


def test_sample_figures_are_consistent_and_non_zero():
    assert identity_errors(SAMPLE_FIGURES) == []
    apps = SAMPLE_FIGURES["applications"]
    assert list(apps) == list(APPLICATION_KEYS) and len(apps) == 25
    cells = [v for row in apps.values() for v in row] + [v for row in SAMPLE_FIGURES["review_litigation"].values() for v in row]
    active = SAMPLE_FIGURES["active"]
    cells += active["规章"] + active["行政规范性文件"] + [active[k] for k in ("行政许可", "行政处罚", "行政强制", "行政事业性收费")]
    assert len(cells) == 200
    assert all(v > 0 for v in cells)
    assert active["行政事业性收费"] == 3.25


# --------------------------------------------------------------------------- clean reports


@pytest.fixture(scope="module", params=LAYOUTS)
def clean(request):
    rendered = render_report(layout=request.param)
    return rendered, read(rendered)


def test_layout_reads_every_value(clean):
    rendered, report = clean
    j = assert_valid(report, rendered)
    assert j["tables"] == expected_tables(SAMPLE_FIGURES)
    assert report.problems == []
    assert report.outdated_markers == []


def test_layout_value_positions(clean):
    rendered, report = clean
    assert len(rendered.cells) == 200
    for (table, row, column), (line, col) in rendered.cells.items():
        value = report.tables[table].value(row, column)
        assert value is not None, (table, row, column)
        assert (value.span.line, value.span.column) == (line, col), (table, row, column)
    for (table, row), (line, col) in rendered.labels.items():
        r = report.tables[table].rows[row]
        assert (r.span.line, r.span.column) == (line, col), (table, row)


def test_layout_fee_is_decimal(clean):
    _, report = clean
    value = report.tables["active"].value("行政事业性收费", "收费金额")
    assert value.raw == "3.25" and value.number == 3.25


def test_layout_structure(clean):
    rendered, report = clean
    assert report.title == f"{ISSUER}2024年政府信息公开工作年度报告"
    assert report.issuer == ISSUER and report.year == 2024
    assert (report.period.start, report.period.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert [(s.number, s.numbered, s.variant) for s in report.sections] == [(n, True, False) for n in "一二三四五六"]
    for s in report.sections:
        assert s.span.line == rendered.line_of(s.canonical)
    assert all(report.tables[t].found and report.tables[t].header_found for t in report.tables)
    assert report.tables["applications"].columns == list(APPLICATION_COLUMNS)


# --------------------------------------------------------------------------- encodings and line ends

ENCODINGS = [
    ("gb18030", "\n", False),
    ("utf-16-le", "\n", True),
    ("utf-16-be", "\n", True),
    ("utf-8", "\n", True),
    ("utf-8", "\r\n", False),
    ("utf-8", "\r", False),
    ("gb18030", "\r\n", False),
    ("utf-16-le", "\r\n", True),
    ("utf-16-be", "\n", False),  # no BOM
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("encoding, newline, bom", ENCODINGS,
                         ids=[f"{e}{'-bom' if b else ''}-{n.encode().hex()}" for e, n, b in ENCODINGS])
def test_encodings_and_line_ends_read_the_same(layout, encoding, newline, bom):
    rendered = render_report(layout=layout)
    baseline = to_json(read(rendered))
    report = recognize(load_document("draft.txt", rendered.encode(encoding, newline, bom)))
    j = assert_valid(report, rendered)
    assert j["tables"] == baseline["tables"] == expected_tables(SAMPLE_FIGURES)
    assert j["sections"] == baseline["sections"]
    assert j["period"] == baseline["period"]
    assert j["problems"] == baseline["problems"] == []
    assert j["title"] == baseline["title"]


def test_markdown_suffix_reads_the_same():
    rendered = render_report(layout="pipes")
    report = recognize(load_document("draft.md", rendered.encode("gb18030")))
    j = to_json(report)
    assert j["format"] == "markdown" and j["encoding"] == "gb18030"
    assert j["tables"] == expected_tables(SAMPLE_FIGURES)


# --------------------------------------------------------------------------- defective cells

CELL = ("applications", "三.三.3", "科研机构")  # a leaf row, a middle column


def _with_cell(layout, raw, cell=CELL):
    figures = sample_figures()
    table, row, column = cell
    if table == "applications":
        figures[table][row][APPLICATION_COLUMNS.index(column)] = raw
    elif table == "review_litigation":
        figures[table][row][REVIEW_COLUMNS.index(column)] = raw
    else:
        figures[table][row] = raw
    rendered = render_report(figures, layout)
    return figures, rendered, read(rendered)


def _others_intact(report, figures, cell):
    """Every value but ``cell`` read as written."""
    expected = expected_tables(figures)
    j = to_json(report)["tables"]
    table, row, column = cell
    for t in ("active", "applications", "review_litigation"):
        for key, values in expected[t].items():
            if t == table and key == row:
                continue
            assert j[t][key] == values, (t, key)
    if table == "applications":
        got, want = j[table][row], expected[table][row]
        i = APPLICATION_COLUMNS.index(column)
        assert got[:i] + got[i + 1:] == want[:i] + want[i + 1:]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "cell",
    [CELL, ("applications", "一", "自然人"), ("applications", "一", "总计"), ("applications", "三.一", "总计"),
     ("applications", "三.三.1", "自然人"), ("review_litigation", "直接起诉", "结果纠正"), ("active", "行政许可", "处理决定")],
    ids=["middle", "first", "last", "last-after-group", "first-after-group", "table4", "table2"],
)
def test_blank_cell(layout, cell):
    figures, rendered, report = _with_cell(layout, "", cell)
    (p,) = problems(report)
    assert (p.code, p.table, p.row, p.column) == ("cell-blank", *cell)
    assert (p.span.line, p.span.column) == rendered.cells[cell]
    assert report.tables[cell[0]].number(cell[1], cell[2]) is None
    _others_intact(report, figures, cell)
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "raw, code, number",
    [("/", "cell-dash", None), ("—", "cell-dash", None), ("5件", "cell-unit", 5), ("1.5", "cell-decimal", 1.5),
     ("-3", "cell-negative", -3), ("若干", "cell-not-number", None), ("１２", None, 12)],
)
def test_bad_cell(layout, raw, code, number):
    figures, rendered, report = _with_cell(layout, raw)
    value = report.tables["applications"].value(CELL[1], CELL[2])
    assert value.raw == raw and value.number == number
    assert (value.span.line, value.span.column) == rendered.cells[CELL]
    if code is None:
        assert report.problems == []
    else:
        (p,) = problems(report)
        assert (p.code, p.table, p.row, p.column, p.found) == (code, *CELL, raw)
        assert (p.span.line, p.span.column) == rendered.cells[CELL]
    _others_intact(report, figures, CELL)
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("raw, code", [("1.5", None), ("0.0001", None), ("3.12345", "cell-decimal"), ("3.25万元", "cell-unit")])
def test_fee_cell(layout, raw, code):
    cell = ("active", "行政事业性收费", "收费金额")
    figures, rendered, report = _with_cell(layout, raw, cell)
    assert report.tables["active"].value(cell[1], cell[2]).raw == raw
    assert [p.code for p in report.problems] == ([code] if code else [])
    _others_intact(report, figures, cell)


# --------------------------------------------------------------------------- defective rows


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("drop", [3, 6, 0], ids=["middle", "last", "first"])
def test_row_with_too_few_values(layout, drop):
    figures = sample_figures()
    del figures["applications"]["一"][drop]  # six numbers for seven columns; the header is complete
    rendered = render_report(figures, layout)
    report = read(rendered)
    (p,) = problems(report)
    assert (p.code, p.table, p.row, p.found, p.expected) == ("too-few-values", "applications", "一", "6", "7")
    assert (p.span.line, p.span.column) == rendered.labels[("applications", "一")]
    assert to_json(report)["tables"]["applications"]["一"] == [None] * 7  # nothing guessed
    assert report.tables["applications"].header_found
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_row_with_too_many_values(layout):
    figures = sample_figures()
    figures["applications"]["二"].append(9)
    rendered = render_report(figures, layout)
    report = read(rendered)
    (p,) = problems(report)
    assert (p.code, p.row, p.found, p.expected) == ("too-many-values", "二", "8", "7")
    assert to_json(report)["tables"]["applications"]["二"] == [None] * 7
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("row, before", [("三.四.2", "三.四.1"), ("三.三.1", "三.二"), ("四", "三.七")])
def test_row_deleted(layout, row, before):
    figures = sample_figures()
    del figures["applications"][row]
    rendered = render_report(figures, layout)
    report = read(rendered)
    (p,) = problems(report)
    assert (p.code, p.table, p.row) == ("row-missing", "applications", row)
    # reported where the row belongs: right after the last cell of the row before it
    assert p.span.line == rendered.cells[("applications", before, "总计")][0]
    others = expected_tables(figures)["applications"]
    j = to_json(report)["tables"]["applications"]
    assert j[row] == [None] * 7
    assert {k: v for k, v in j.items() if k != row} == others
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_active_row_deleted(layout):
    figures = sample_figures()
    del figures["active"]["行政强制"]
    rendered = render_report(figures, layout)
    report = read(rendered)
    (p,) = problems(report)
    assert (p.code, p.table, p.row) == ("row-missing", "active", "行政强制")
    assert p.span.line == rendered.cells[("active", "行政处罚", "处理决定")][0]
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "written, standard, key",
    [("1.属于国家密秘", "属于国家秘密", "三.三.1"),  # two characters swapped
     ("1.属于国家秘蜜", "属于国家秘密", "三.三.1"),  # one character wrong
     ("7.属于行政执法卷", "属于行政执法案卷", "三.三.7"),  # one character dropped
     ("2.重复申请", None, "三.五.2")],  # unchanged: exact
)
def test_row_label_typo(layout, written, standard, key):
    standard_label = {"三.三.1": "1.属于国家秘密", "三.三.7": "7.属于行政执法案卷", "三.五.2": "2.重复申请"}[key]
    rendered = render_report(layout=layout, relabel={standard_label: written})
    report = read(rendered)
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)  # the row is still read
    if standard is None:
        assert report.problems == []
        return
    (p,) = problems(report)
    assert (p.code, p.table, p.row, p.found, p.expected) == ("label-variant", "applications", key, written, standard)
    assert (p.span.line, p.span.column) == rendered.labels[("applications", key)]
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_column_label_variant(layout):
    rendered = render_report(layout=layout, relabel={"本年废止件数": "本年度止件数"})
    report = read(rendered)
    (p,) = problems(report)
    assert (p.code, p.table, p.column, p.found, p.expected) == ("label-variant", "active", "废止", "本年度止件数", "本年废止件数")
    assert p.span.line == rendered.line_of("本年度止件数")
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_group_label_variant(layout):
    written = "三、本年处理结果"
    rendered = render_report(layout=layout, relabel={"三、本年度办理结果": written})
    report = read(rendered)
    (p,) = problems(report)
    assert (p.code, p.table, p.found, p.expected) == ("label-variant", "applications", written, "本年度办理结果")
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("table, section", [("active", "二"), ("applications", "三"), ("review_litigation", "四")])
def test_table_missing(layout, table, section):
    rendered = render_report(layout=layout, omit_tables=(table,))
    report = read(rendered)
    missing = problems(report, "table-missing")
    assert [(p.table, p.span.line) for p in missing] == [(table, report.section(section).span.line)]
    assert all(p.table == table for p in report.problems)  # nothing else is disturbed
    j = assert_valid(report, rendered)
    for other in ("active", "applications", "review_litigation"):
        if other != table:
            assert j["tables"][other] == SAMPLE_FIGURES[other]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_table_and_heading_missing(layout):
    report = read(render_report(layout=layout, omit_tables=("review_litigation",), headings={"四": None}))
    (p,) = problems(report)
    assert p.code == "table-missing" and p.span is None  # nowhere to point: the engine reports it at line 1


@pytest.mark.parametrize("layout", ["tabs", "pipes"])
def test_review_table_with_row_labels(layout):
    """表四 written as three labelled rows instead of one row of 15 numbers."""
    rendered = render_report(layout=layout, omit_tables=("review_litigation",))
    review = SAMPLE_FIGURES["review_litigation"]
    labels = {"复议": "行政复议", "直接起诉": "未经复议直接起诉", "复议后起诉": "复议后起诉"}
    cells = [["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]]
    cells += [[labels[g]] + [str(v) for v in review[g]] for g in REVIEW_GROUPS]
    if layout == "tabs":
        rows = ["\t".join(r) for r in cells]
    else:
        rows = ["| " + " | ".join(r) + " |" for r in cells]
        rows.insert(1, "|---" * 6 + "|")
    heading = "四、政府信息公开行政复议、行政诉讼情况\n"
    text = rendered.text.replace(heading, heading + "\n" + "\n".join(rows) + "\n", 1)
    report = recognize(parse_text(text))
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)
    assert report.problems == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_duplicated_row(layout):
    rendered = render_report(layout=layout)
    lines = rendered.text.split("\n")
    if layout in ("tabs", "pipes"):
        i = rendered.labels[("applications", "三.五.2")][0]
        lines.insert(i, lines[i - 1])
    else:  # the whole block of lines of the row, blank line included
        start = rendered.labels[("applications", "三.五.2")][0] - 1
        end = rendered.cells[("applications", "三.五.2", "总计")][0] + 1
        lines[end:end] = lines[start:end]
    report = recognize(parse_text("\n".join(lines)))
    (p,) = problems(report)
    assert (p.code, p.row) == ("row-duplicate", "三.五.2")
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)


def test_number_run_in_one_cell():
    rendered = render_report(layout="tabs")
    line = rendered.labels[("applications", "二")][0]
    lines = rendered.text.split("\n")
    values = " ".join(str(v) for v in SAMPLE_FIGURES["applications"]["二"])
    lines[line - 1] = f"二、上年结转政府信息公开申请数量\t\t{values}\t"
    report = recognize(parse_text("\n".join(lines)))
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)
    assert report.problems == []


# --------------------------------------------------------------------------- template, sections, period, title


@pytest.mark.parametrize("layout", LAYOUTS)
def test_outdated_2019_table(layout):
    rendered = render_report(layout=layout, active_2019=True)
    report = read(rendered)
    labels = {m.label for m in report.outdated_markers}
    assert {"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "其他对外管理服务事项",
            "第二十条第（九）项", "采购项目数量", "采购总金额", "政府集中采购"} <= labels
    for m in report.outdated_markers:
        assert m.label in rendered.text.split("\n")[m.span.line - 1]
    j = assert_valid(report, rendered)
    assert j["outdated_template_labels"] and all(x["line"] for x in j["outdated_template_labels"])
    # 表三 and 表四 are unaffected
    assert j["tables"]["applications"] == SAMPLE_FIGURES["applications"]
    assert j["tables"]["review_litigation"] == SAMPLE_FIGURES["review_litigation"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("heading", ["五、存在问题及改进情况", "五、存在的主要问题和改进情况", "五、政府信息公开工作存在的主要问题及改进情况"])
def test_section_variant(layout, heading):
    rendered = render_report(layout=layout, headings={"五": heading})
    report = read(rendered)
    five = report.section("五")
    assert five is not None
    assert (five.variant, five.numbered, five.numeral_found, five.title) == (True, True, "五", heading)
    assert five.canonical == "五、存在的主要问题及改进情况"
    assert five.span.line == rendered.line_of(heading)
    assert [s.number for s in report.sections] == list("一二三四五六")
    assert report.problems == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_section_without_numeral(layout):
    rendered = render_report(layout=layout, headings={"五": "存在的主要问题及改进情况"})
    five = read(rendered).section("五")
    assert (five.numbered, five.variant, five.numeral_found) == (False, False, None)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_section_heading_missing(layout):
    rendered = render_report(layout=layout, headings={"四": None})
    report = read(rendered)
    assert [s.number for s in report.sections] == list("一二三五六")
    # table 四 is still read (its labels say what it is)
    assert to_json(report)["tables"] == expected_tables(SAMPLE_FIGURES)


PERIODS = [
    ("统计期限为2022年1月1日至12月31日。", date(2022, 1, 1), date(2022, 12, 31)),
    ("本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。", date(2023, 1, 1), date(2023, 12, 31)),
    ("报告中所列数据统计期限从2019年1月1日到12月31日止。", date(2019, 1, 1), date(2019, 12, 31)),
    ("本报告所列数据统计期限为2024年1月1日至2024年11月30日。", date(2024, 1, 1), date(2024, 11, 30)),
    ("报告中所列数据统计期限为 2024 年 1 月 1 日到 12 月 31 日。", date(2024, 1, 1), date(2024, 12, 31)),
    ("本报告中所列数据统计时间为2024年1月1日—2024年12月31日。", date(2024, 1, 1), date(2024, 12, 31)),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sentence, start, end", PERIODS)
def test_period_wordings(layout, sentence, start, end):
    rendered = render_report(layout=layout, period=sentence)
    report = read(rendered)
    period = report.period
    assert (period.start, period.end) == (start, end)
    assert period.text == sentence
    assert "统计" in period.text
    assert period.span.line == rendered.line_of(sentence)
    line = rendered.text.split("\n")[period.span.line - 1]
    assert line[period.span.column - 1:period.span.end_column - 1].startswith(str(start.year))
    assert_valid(report, rendered)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_period_missing(layout):
    report = read(render_report(layout=layout, period=None))
    assert report.period is None
    assert report.year == 2024  # from the title


@pytest.mark.parametrize("layout", LAYOUTS)
def test_title_split_over_two_lines(layout):
    rendered = render_report(layout=layout, title_split=True, issuer="五常市小山子镇人民政府", year=2023)
    report = read(rendered)
    assert report.title == "五常市小山子镇人民政府2023年政府信息公开工作年度报告"
    assert (report.issuer, report.year) == ("五常市小山子镇人民政府", 2023)
    assert report.title_span.line == rendered.line_of("五常市小山子镇人民政府2023年")
    assert report.title_span.last_line == rendered.line_of("政府信息公开工作年度报告")


# --------------------------------------------------------------------------- many defects at once


@pytest.mark.parametrize("layout", LAYOUTS)
def test_many_defects_keep_positions_valid(layout):
    figures = sample_figures()
    apps = figures["applications"]
    apps["一"][1] = ""
    apps["三.三.3"][2] = "/"
    apps["三.五.1"][0] = "5件"
    del apps["三.六.2"]
    del apps["二"][4]
    figures["review_litigation"]["复议"][4] = "—"
    figures["active"]["行政许可"] = "1.5"
    rendered = render_report(figures, layout, relabel={"1.属于国家秘密": "1.属于国家密秘", "本年废止件数": "本年度止件数"},
                             headings={"五": "五、存在问题及改进情况"}, period="统计期限为2024年1月1日至2024年11月30日。")
    report = read(rendered)
    codes = sorted(p.code for p in report.problems)
    assert codes == sorted(["cell-blank", "cell-dash", "cell-unit", "row-missing", "too-few-values", "cell-dash",
                            "cell-decimal", "label-variant", "label-variant"])
    assert_valid(report, rendered)
    assert report.period.end == date(2024, 11, 30)
    assert report.section("五").variant
    # problems come sorted by position
    keys = [(p.span.line, p.span.column) for p in report.problems]
    assert keys == sorted(keys)


def test_review_groups_constant():
    assert REVIEW_GROUPS == ("复议", "直接起诉", "复议后起诉")
