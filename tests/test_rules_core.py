"""The built-in pack on real drafts: the seeds, clean reports in every format, and defects in .docx.

Each rule's own failing/passing examples (text) are run by ``test_builtin_examples``; here
rules are shown firing on real defects in .docx drafts with non-zero figures and staying
silent on clean ones, and the five seeds give exactly the defects of their README.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

import fixtures_build as fb
import text_fixtures as tf
from gklint.builtin import builtin_pack_paths
from gklint.engine import Engine
from gklint.testing import load_rule_cases, make_rule_tests

SEEDS = Path(__file__).parent / "data" / "seeds"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(use_cache=False)


def rules_of(findings, severity=None):
    return sorted((f.rule, f.span.line) for f in findings if severity is None or f.severity == severity)


# ------------------------------------------------------------------ every rule's examples and YAML cases

# One test per example of the built-in packs and per case of tests/rule_cases/<ID>.yaml,
# run by the same helper plugin authors use (gklint.testing): pytest -k GK301
BUILTIN_CASES = load_rule_cases(*builtin_pack_paths(), "rule_cases")
test_builtin_examples = make_rule_tests(BUILTIN_CASES)


def test_builtin_examples_cover_every_rule():
    rules = BUILTIN_CASES.engine.rulebook.rules
    assert {rid for rid in rules if rid.startswith("GK")} <= BUILTIN_CASES.rules
    for rid in rules:
        whichs = {c.which for c in BUILTIN_CASES if c.rule == rid}
        assert {"fail", "pass"} <= whichs, rid


def test_every_rule_is_documented(engine):
    for rule in engine.rulebook.rules.values():
        assert rule.message and rule.summary and rule.basis, rule.id
        assert rule.examples.get("fail") and rule.examples.get("pass"), rule.id


# ------------------------------------------------------------------ the seeds: exactly their real defects

EXPECTED_SEEDS = {
    # 000: the fee measure cited under a wrong title (warning); otherwise compliant
    "000_fda45213274d01ac.txt": [("GK603", 100)],
    # 001: no statistics period; section 五 lost its numeral
    "001_52fabd2e9e55d580.txt": [("GK105", 416), ("GK401", 3)],
    # 002: label typo 本年度止件数, 三、本年处理结果, truncated 表三 (cut-off label, 6 rows missing),
    # 表四 without header (and with it the 四 heading), section 六 says only 无。
    "002_5fcbcb2887811187.txt": [("GK103", 71), ("GK202", 64), ("GK204", 68), ("GK501", 85),
                                 ("GK601", 24), ("GK601", 46), ("GK602", 64)],
    # 003: no period; 其他 column missing; 其他法律法规禁止公开; vague fee statement (info);
    # four rows whose first value is covered by an exported group label (warning)
    "003_e93e2860776d7910.txt": [("GK203", 46), ("GK212", 56), ("GK212", 61), ("GK212", 64), ("GK212", 69),
                                 ("GK401", 5), ("GK502", 96), ("GK601", 54)],
    # 004: compliant; a conversion artifact and a duplicated phrase (cosmetic, info)
    "004_e71c1f5ffb99afb5.txt": [("GK605", 511), ("GK606", 4)],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SEEDS))
def test_seed_findings_are_exactly_the_real_defects(engine, name):
    findings = engine.lint_path(str(SEEDS / name))
    assert rules_of(findings) == sorted(EXPECTED_SEEDS[name])


def test_seed_messages_are_specific(engine):
    findings = engine.lint_path(str(SEEDS / "002_5fcbcb2887811187.txt"))
    variants = [f.message for f in findings if f.rule == "GK601"]
    assert any("「本年度止件数」" in m and "「本年废止件数」" in m for m in variants)
    assert any("「三、本年处理结果」" in m and "「本年度办理结果」" in m for m in variants)
    findings = {f.rule: f for f in findings}
    assert "（七）总计" in findings["GK202"].message and "四、结转下年度继续办理" in findings["GK202"].message
    assert "缺少 6 行" in findings["GK202"].message
    findings = {f.rule: f for f in engine.lint_path(str(SEEDS / "000_fda45213274d01ac.txt"))}
    assert findings["GK603"].fix is not None and findings["GK603"].fix.replacement == "政府信息公开信息处理费管理办法"


def test_compliant_seeds_have_no_error(engine):
    for name in ("000_fda45213274d01ac.txt", "004_e71c1f5ffb99afb5.txt"):
        assert not [f for f in engine.lint_path(str(SEEDS / name)) if f.severity == "error"], name


# ------------------------------------------------------------------ clean reports, every format


@pytest.mark.parametrize("layout", tf.LAYOUTS)
def test_clean_text_layouts_have_no_findings(engine, layout):
    text = tf.render_report(tf.SAMPLE_FIGURES, layout=layout).text
    assert engine.lint_bytes("草稿 2024.md", text.encode("utf-8")) == []


def test_clean_docx_and_html_have_no_findings(engine):
    assert engine.lint_bytes("草稿 2024.docx", fb.build_docx()) == []
    assert engine.lint_bytes("草稿 2024.html", fb.html_report().encode("utf-8")) == []


# ------------------------------------------------------------------ defects in .docx drafts (non-zero figures)


def figures(**edits):
    f = fb.sample_figures()
    for path, value in edits.items():
        table, row, col = path.split("/")
        f[table][row][int(col)] = value
    return f


def lint_docx(engine, figs=None, story_edit=None, **kw):
    return engine.lint_bytes("年报草稿.docx", fb.build_docx(figs, story_edit=story_edit, **kw))


def test_docx_applications_balance(engine):
    f = fb.sample_figures()
    f["applications"]["一"][0] += 2  # 自然人 +2 …
    f["applications"]["一"][6] += 2  # … and the 总计 column stays consistent
    found = [x for x in lint_docx(engine, f) if x.rule == "GK301"]
    assert [x.message for x in found] == [
        m for m in (x.message for x in found)
    ] and len(found) == 2  # the 自然人 and 总计 columns
    assert "「自然人」列" in found[0].message or "「自然人」列" in found[1].message
    assert all("相差 2" in x.message for x in found)
    assert all(x.span.where for x in found)  # .docx positions name the table cell


def test_docx_row_total_and_results_total(engine):
    f = fb.sample_figures()
    f["applications"]["三.一"][6] += 1  # 总计 column of （一）予以公开 off by one
    rules = [x.rule for x in lint_docx(engine, f)]
    assert "GK302" in rules  # row: 总计 ≠ six columns
    assert "GK303" in rules  # column 总计: （七）总计 ≠ sum of results


def test_docx_review_total(engine):
    f = fb.sample_figures()
    f["review_litigation"]["复议"][4] += 3
    found = [x for x in lint_docx(engine, f) if x.rule == "GK304"]
    assert len(found) == 1 and "行政复议" in found[0].message and "相差 3" in found[0].message


@pytest.mark.parametrize("value, rule", [(None, "GK206"), ("/", "GK207"), ("若干", "GK208"), ("5件", "GK209"), (-1, "GK210"), (1.5, "GK211")])
def test_docx_bad_cells(engine, value, rule):
    f = copy.deepcopy(fb.SAMPLE_FIGURES)
    f["active"]["行政许可"] = value
    found = [x for x in lint_docx(engine, f) if x.rule == rule]
    assert len(found) == 1 and "行政许可" in found[0].message


def test_docx_fee_cell_allows_four_decimals(engine):
    f = copy.deepcopy(fb.SAMPLE_FIGURES)
    f["active"]["行政事业性收费"] = 0.1234
    assert lint_docx(engine, f) == []
    f["active"]["行政事业性收费"] = "0.12345"
    assert [x.rule for x in lint_docx(engine, f)] == ["GK211"]


def _edit(key, texts):
    def edit(story):
        story[key] = texts
    return edit


def test_docx_period_missing_and_wrong(engine):
    def drop_period(story):
        story["opening"] = story["opening"][:1]
    assert [x.rule for x in lint_docx(engine, story_edit=drop_period)] == ["GK401"]

    def wrong_period(story):
        story["opening"][1] = "本报告中所列数据的统计期限自2023年1月1日起至2023年11月30日止。"
    assert [x.rule for x in lint_docx(engine, story_edit=wrong_period)] == ["GK402"]


def test_docx_fee_statement(engine):
    assert [x.rule for x in lint_docx(engine, story_edit=_edit("六", ["无。"]))] == ["GK501"]
    assert [x.rule for x in lint_docx(engine, story_edit=_edit("六", ["本机关无政府信息公开收费项目。"]))] == ["GK502"]


def test_docx_fee_notices_required_when_unpaid_fee_rows(engine):
    f = fb.sample_figures()
    for key, col in (("三.六.2", 0), ("三.六.2", 6), ("三.一", 0), ("三.一", 6)):
        f["applications"][key][col] += 1 if key == "三.六.2" else -1
    assert fb.identity_errors(f) == []
    assert [x.rule for x in lint_docx(engine, f)] == ["GK503"]


def test_docx_problems_section_perfunctory(engine):
    assert [x.rule for x in lint_docx(engine, story_edit=_edit("五", ["无。"]))] == ["GK107"]


def test_docx_narrative_disagrees_with_table(engine):
    def wrong_count(story):
        story["一"][1] = "（二）依申请公开。全年新收政府信息公开申请999件，上年结转5件，办结66件，结转下年度继续办理5件。"
    found = [x for x in lint_docx(engine, story_edit=wrong_count)]
    assert [x.rule for x in found] == ["GK701"] and "999" in found[0].message and "68" in found[0].message


def test_docx_citation_wording(engine):
    def bad_citation(story):
        story["opening"][0] = story["opening"][0].replace("国办公开办函〔2021〕30号", "国办公开办函[2021]第30号")
    found = lint_docx(engine, story_edit=bad_citation)
    assert [x.rule for x in found] == ["GK604"] and "国办公开办函〔2021〕30号" in found[0].message


def test_docx_township_reporting_regulations(engine):
    f = fb.sample_figures()
    assert f["active"]["规章"][0] > 0
    found = [x for x in lint_docx(engine, f, issuer="某某镇人民政府") if x.rule == "GK703"]
    assert found and "某某镇人民政府" in found[0].message


def test_outdated_2019_table_is_flagged_not_converted(engine):
    """An old 表二 (本年新制作数量 …) is one GK108 error; its numbers are not read as 2021 columns."""
    from gklint.loaders.text import parse_text
    from gklint.recognize import recognize, to_json

    text = tf.render_report(tf.SAMPLE_FIGURES, layout="tabs", active_2019=True).text
    findings = engine.lint_bytes("old.md", text.encode("utf-8"))
    assert [f.rule for f in findings] == ["GK108"]
    assert "本年新制作数量" in findings[0].message
    active = to_json(recognize(parse_text(text)))["tables"]["active"]
    assert active["规章"] == [None, None, None]
