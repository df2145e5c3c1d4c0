"""The five seed drafts (tests/data/seeds, see its README): every value read, exactly the real problems.

All five report zero applications; ``test_recognize_layouts.py`` covers non-zero figures.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import jsonschema
import pytest

from gklint.loaders import load_document
from gklint.recognize import recognize, to_json
from gklint.resources import load_schema

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"

APP_ROWS = (
    "一", "二", "三.一", "三.二",
    "三.三.1", "三.三.2", "三.三.3", "三.三.4", "三.三.5", "三.三.6", "三.三.7", "三.三.8",
    "三.四.1", "三.四.2", "三.四.3",
    "三.五.1", "三.五.2", "三.五.3", "三.五.4", "三.五.5",
    "三.六.1", "三.六.2", "三.六.3", "三.七", "四",
)
APP_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
ZERO_ACTIVE = {"规章": [0, 0, 0], "行政规范性文件": [0, 0, 0], "行政许可": 0, "行政处罚": 0, "行政强制": 0, "行政事业性收费": 0}
ZERO_REVIEW = {g: [0] * 5 for g in ("复议", "直接起诉", "复议后起诉")}
ALL_SECTIONS = [("一", True), ("二", True), ("三", True), ("四", True), ("五", True), ("六", True)]


def zero_apps(missing_rows=(), null_columns=(), null_cells=()):
    """表三 of a report with no applications: 0 everywhere except what could not be read."""
    out = {}
    for row in APP_ROWS:
        if row in missing_rows:
            out[row] = [None] * 7
        else:
            out[row] = [None if col in null_columns or (row, col) in null_cells else 0 for col in APP_COLUMNS]
    return out


# Problems as (code, table, row, column, found, line).  Lines are those of the seed file.
EXPECTED = {
    "000_fda45213274d01ac.txt": {
        "title": "虎林市迎春镇人民政府2024年度政府信息公开工作年度报告",
        "title_line": 3,
        "issuer": "虎林市迎春镇人民政府",
        "period": (date(2024, 1, 1), date(2024, 12, 31), 9),
        "sections": ALL_SECTIONS,
        "section_lines": [7, 33, 51, 83, 90, 98],
        "applications": zero_apps(),
        "problems": [],
    },
    "001_52fabd2e9e55d580.txt": {
        "title": "抚远镇人民政府2024年政府信息公开工作年度报告",
        "title_line": 1,
        "issuer": "抚远镇人民政府",
        "period": None,  # no statistics-period sentence anywhere
        "sections": [("一", True), ("二", True), ("三", True), ("四", True), ("五", False), ("六", True)],
        "section_lines": [3, 27, 73, 360, 416, 422],
        "applications": zero_apps(),
        "problems": [],
    },
    "002_5fcbcb2887811187.txt": {
        "title": "集贤县集贤镇人民政府2024年政府信息公开工作年度报告",
        "title_line": 3,
        "issuer": "集贤县集贤镇人民政府",
        "period": (date(2024, 1, 1), date(2024, 12, 31), 5),  # 「2024 年 1 月 1 日到 12 月 31 日」
        # the 四 heading is lost together with the end of 表三 (the recognizer finds no 四)
        "sections": [("一", True), ("二", True), ("三", True), ("五", True), ("六", True)],
        "section_lines": [7, 21, 39, 71, 85],
        "applications": zero_apps(missing_rows=("三.五.5", "三.六.1", "三.六.2", "三.六.3", "三.七", "四")),
        "problems": [
            ("label-variant", "active", None, "废止", "本年度止件数", 24),
            ("label-variant", "applications", None, None, "三、本年处理结果", 46),
            ("label-truncated", "applications", "三.五.4", None, "4. 无正当理由大量反", 64),
            ("row-missing", "applications", "三.五.5", None, None, 64),
            ("row-missing", "applications", "三.六.1", None, None, 64),
            ("row-missing", "applications", "三.六.2", None, None, 64),
            ("row-missing", "applications", "三.六.3", None, None, 64),
            ("row-missing", "applications", "三.七", None, None, 64),
            ("row-missing", "applications", "四", None, None, 64),
            ("header-missing", "review_litigation", None, None, None, 68),
        ],
    },
    "003_e93e2860776d7910.txt": {
        "title": "凤泉区大块镇2024年政府信息公开工作年度报告",
        "title_line": 3,
        "issuer": "凤泉区大块镇",
        "period": None,
        "sections": ALL_SECTIONS,
        "section_lines": [5, 27, 44, 75, 82, 96],
        # The 其他 column is missing.  In the four rows where a group label sits in the
        # row (（三）4, （四）1, （五）1, （六）1) the file holds five numbers for six
        # columns: every row of this table has exactly eight cells, and the group label
        # takes the place of one value (the label itself sits under 自然人).  The
        # recognizer reads the five numbers right-aligned and records the lost cell as
        # ``cell-covered`` instead of inventing a 0.
        "applications": zero_apps(null_columns=("其他",), null_cells=[(r, "自然人") for r in ("三.三.4", "三.四.1", "三.五.1", "三.六.1")]),
        "problems": [
            ("column-missing", "applications", None, "其他", None, 46),
            ("label-variant", "applications", "三.三.2", None, "2.其他法律法规禁止公开", 54),
            ("cell-covered", "applications", "三.三.4", "自然人", "(三) 不予公开", 56),
            ("cell-covered", "applications", "三.四.1", "自然人", "(四) 无法提供", 61),
            ("cell-covered", "applications", "三.五.1", "自然人", "(五) 不予处理", 64),
            ("cell-covered", "applications", "三.六.1", "自然人", "(六) 其他处理", 69),
        ],
    },
    "004_e71c1f5ffb99afb5.txt": {
        "title": "五常市小山子镇人民政府2024年政府信息公开工作年度报告",
        "title_line": 1,  # split over lines 1-2
        "issuer": "五常市小山子镇人民政府",
        "period": (date(2024, 1, 1), date(2024, 12, 31), 4),
        "sections": ALL_SECTIONS,
        "section_lines": [5, 11, 59, 359, 509, 512],
        "applications": zero_apps(),
        "problems": [],
    },
}


@pytest.fixture(scope="module")
def reports():
    out = {}
    for name in EXPECTED:
        doc = load_document(str(SEEDS / name))
        out[name] = recognize(doc)
    return out


def test_seed_copies_are_complete():
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(EXPECTED)
    assert (SEEDS / "README.md").is_file()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_issuer_year(reports, name):
    r, exp = reports[name], EXPECTED[name]
    assert r.title == exp["title"]
    assert r.title_span is not None and r.title_span.line == exp["title_line"]
    assert r.issuer == exp["issuer"]
    assert r.year == 2024
    assert r.document.encoding == "utf-8"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_period(reports, name):
    r, exp = reports[name], EXPECTED[name]
    if exp["period"] is None:
        assert r.period is None
    else:
        start, end, line = exp["period"]
        assert (r.period.start, r.period.end) == (start, end)
        assert r.period.span.line == line
        assert "统计期限" in r.period.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sections(reports, name):
    r, exp = reports[name], EXPECTED[name]
    assert [(s.number, s.numbered) for s in r.sections] == exp["sections"]
    assert [s.span.line for s in r.sections] == exp["section_lines"]
    for s in r.sections:
        assert s.canonical.startswith(s.number + "、")


def test_001_section_five_lost_its_numeral(reports):
    five = reports["001_52fabd2e9e55d580.txt"].section("五")
    assert five is not None
    assert five.numbered is False and five.numeral_found is None
    assert five.title == "存在的主要问题及改进情况"
    assert five.canonical == "五、存在的主要问题及改进情况"


def test_002_section_four_missing(reports):
    r = reports["002_5fcbcb2887811187.txt"]
    assert r.section("四") is None
    # the table values are still found: a 15-number row after 表三
    assert r.tables["review_litigation"].found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_active_table(reports, name):
    j = to_json(reports[name])
    assert j["tables"]["active"] == ZERO_ACTIVE
    active = reports[name].tables["active"]
    assert active.found and active.header_found
    values = [v for row in active.rows.values() for v in row.values.values()]
    assert len(values) == 10
    assert all(v.raw == "0" and v.number == 0 for v in values)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applications_table(reports, name):
    j = to_json(reports[name])
    assert j["tables"]["applications_columns"] == list(APP_COLUMNS)
    apps = j["tables"]["applications"]
    assert list(apps) == list(APP_ROWS)
    assert apps == EXPECTED[name]["applications"]
    assert sum(len(v) for v in apps.values()) == 175


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_review_table(reports, name):
    j = to_json(reports[name])
    assert j["tables"]["review_litigation"] == ZERO_REVIEW
    assert j["tables"]["review_litigation_columns"] == list(REVIEW_COLUMNS)


def test_003_reads_six_columns(reports):
    apps = reports["003_e93e2860776d7910.txt"].tables["applications"]
    assert apps.columns == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计"]
    row = apps.rows["三.三.1"]
    assert list(row.values) == apps.columns


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_problems(reports, name):
    r = reports[name]
    got = sorted(
        ((p.code, p.table, p.row, p.column, p.found, p.span.line if p.span else None) for p in r.problems),
        key=repr,
    )
    assert got == sorted(EXPECTED[name]["problems"], key=repr)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_problem_positions_are_in_the_file(reports, name):
    r = reports[name]
    n_lines = len(r.document.text.split("\n"))
    for p in r.problems:
        assert p.span is not None, p
        assert 1 <= p.span.line <= n_lines, p
        assert p.span.column >= 1, p


def test_002_problem_details(reports):
    r = reports["002_5fcbcb2887811187.txt"]
    by = {(p.code, p.found or p.row): p for p in r.problems}
    assert by[("label-variant", "本年度止件数")].expected == "本年废止件数"
    assert by[("label-variant", "三、本年处理结果")].expected == "本年度办理结果"
    truncated = by[("label-truncated", "4. 无正当理由大量反")]
    assert truncated.expected == "无正当理由大量反复申请"
    assert truncated.span.column == 2  # after the leading tab
    assert by[("row-missing", "三.七")].expected == "（七）总计"
    assert by[("row-missing", "四")].expected == "四、结转下年度继续办理"
    # the truncated row is still read
    assert r.tables["applications"].number("三.五.4", "总计") == 0


def test_003_problem_details(reports):
    r = reports["003_e93e2860776d7910.txt"]
    variant = next(p for p in r.problems if p.code == "label-variant")
    assert variant.expected == "其他法律行政法规禁止公开"
    missing = next(p for p in r.problems if p.code == "column-missing")
    assert missing.expected == "其他"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_outdated_markers(reports, name):
    assert reports[name].outdated_markers == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_json_matches_schema(reports, name):
    schema = load_schema("report.schema.json")
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    j = to_json(reports[name])
    errors = sorted(validator.iter_errors(j), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert j["path"].endswith(name)
    assert j["format"] == "text"
    assert len(j["problems"]) == len(EXPECTED[name]["problems"])


def test_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(load_schema("report.schema.json"))
