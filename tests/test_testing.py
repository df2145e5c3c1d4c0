"""gklint.testing: the rule-case helpers plugin authors (and gklint's own rule tests) use."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from engine_fakes import DEFAULT_KINDS, FakePlugin, isolated_env, rule, write_pack  # noqa: F401

from gklint.builtin import builtin_pack_paths
from gklint.engine import Engine, validate_pack_files
from gklint.plugins import load_plugins
from gklint.testing import (
    RuleCase,
    RuleCaseError,
    assert_rule_examples,
    load_rule_cases,
    make_rule_tests,
    rule_case_params,
    run_rule_cases,
)

HERE = Path(__file__).parent


def plugin_with(tmp_path: Path, rules: list[dict], name: str = "test-pack", prefix: str = "TS") -> tuple[Path, FakePlugin]:
    pack = write_pack(tmp_path / "packs", name=name, prefix=prefix, rules=rules)
    return pack, FakePlugin(DEFAULT_KINDS, [pack])


def write_cases(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


GOOD = rule("TS101", "bad-word", params={"needle": "坏词"})


def test_make_rule_tests_is_a_parametrized_test(tmp_path):
    pack, plugin = plugin_with(tmp_path, [GOOD])
    cases = write_cases(tmp_path / "cases" / "TS101.yaml", {"rule": "TS101", "cases": [
        {"name": "two-lines", "text": "一、总体情况\n坏词\n好词\n坏词\n", "expect": [{"line": 2}, {"line": 4, "column": 1, "message": "坏词"}]},
        {"name": "silent", "format": "md", "text": "## 一、总体情况\n好词\n", "expect": []},
    ]})
    test = make_rule_tests(pack, cases.parent, plugin=plugin)
    (mark,) = test.pytestmark
    argname, params = mark.args
    assert argname == "rule_case"
    assert [p.id for p in params] == ["TS101-fail-0", "TS101-pass-0", "TS101-two-lines", "TS101-silent"]
    for param in params:
        test(*param.values)  # every case passes
    assert [p.id for p in rule_case_params(pack, plugin=plugin)] == ["TS101-fail-0", "TS101-pass-0"]


def test_every_mismatch_is_listed_with_findings_and_text(tmp_path):
    wrong = rule("TS101", "bad-word", params={"needle": "坏词"}, examples={
        "fail": ["一、总体情况\n好词", {"text": "一、总体情况\n坏词\n坏词", "count": 1}],
        "pass": ["一、总体情况\n坏词"],
    })
    pack, plugin = plugin_with(tmp_path, [wrong])
    cases = write_cases(tmp_path / "TS101.yaml", {"rule": "TS101", "cases": [
        {"name": "wrong-line", "text": "一、总体情况\n坏词\n", "expect": [{"line": 3}]},
        {"name": "ok", "text": "一、总体情况\n好词\n", "expect": []},
    ]})
    results = run_rule_cases(pack, cases, plugin=plugin)
    assert [(r.case.id, r.ok) for r in results] == [
        ("TS101-fail-0", False), ("TS101-fail-1", False), ("TS101-pass-0", False), ("TS101-wrong-line", False), ("TS101-ok", True),
    ]
    with pytest.raises(AssertionError) as info:
        assert_rule_examples(pack, cases, plugin=plugin)
    text = str(info.value)
    assert text.startswith("4 / 5 个规则用例不符合预期")
    assert "TS101-fail-0（" in text and "不通过的示例没有报告问题" in text
    assert "应报告 1 个问题，实际 2 个" in text and "通过的示例报告了 1 个问题" in text
    assert "缺少预期的问题：TS101 第 3 行；多出的问题：TS101 2:1" in text
    assert "2:1 TS101 发现「坏词」" in text  # the findings …
    assert "    2 | 坏词" in text  # … and the numbered draft
    assert f"{cases}:" in text and f"{pack}:" in text  # where each case is written


def test_a_crashing_rule_shows_its_error(tmp_path):
    pack, plugin = plugin_with(tmp_path, [rule("TS101", "always-boom", kind="boom")])
    (result, *_) = run_rule_cases(pack, plugin=plugin)
    assert not result.ok and "规则出错：规则 TS101（来自插件 FakePlugin）运行出错：ValueError: 炸了" in result.report()
    (result, *_) = run_rule_cases(pack, plugin={"ts": plugin})  # named as its entry point would be
    assert "（来自插件 ts）" in result.report()


def test_relative_paths_start_at_the_calling_module(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    suite = load_rule_cases("rule_cases/GK301.yaml")  # tests/rule_cases, not ./rule_cases
    assert {c.rule for c in suite} == {"GK301"} and all(c.which == "case" for c in suite)
    with pytest.raises(RuleCaseError, match="找不到 nowhere.yaml"):
        load_rule_cases("nowhere.yaml")


def test_case_ids_are_unique_and_files_read_once():
    packs = builtin_pack_paths()
    once = load_rule_cases(*packs)
    assert len(load_rule_cases(*packs, *packs)) == len(once)
    suite = load_rule_cases(*packs, [once.engine.rules["GK301"]])
    ids = [c.id for c in suite]
    assert len(ids) == len(set(ids)) == len(once) + 2 and "GK301-fail-0-2" in ids


def test_given_engine_and_rule_objects():
    engine = Engine(use_cache=False, skip_unrecognized=False)
    rule301 = engine.rules["GK301"]
    results = assert_rule_examples([rule301], engine=engine)
    assert [r.case.id for r in results] == ["GK301-fail-0", "GK301-pass-0"]
    assert load_rule_cases(rule301, engine=engine).engine is engine


@pytest.mark.parametrize(
    "data, words",
    [
        ({"rule": "TS101", "cases": [{"text": "x", "expect": [], "colour": 1}]}, "Additional properties are not allowed ('colour'"),
        ({"rule": "TS101", "cases": [{"text": "x"}]}, "'expect' is a required property"),
        ({"rule": "TS101", "cases": [{"text": "x", "expect": [{"line": 0}]}]}, "cases/0/expect/0/line"),
        ({"rule": "TS101", "cases": [{"name": "a", "text": "x", "expect": []}, {"name": "a", "text": "y", "expect": []}]}, "用例名重复：a"),
        ({"rule": "TS999", "cases": [{"text": "x", "expect": []}]}, "引擎中没有规则 TS999"),
        ({"rule": "TS101", "cases": [{"text": "x", "expect": [{"rule": "TS998"}]}]}, "expect 中的规则 TS998 不存在"),
    ],
)
def test_invalid_case_files_are_clear_errors(tmp_path, data, words):
    pack, plugin = plugin_with(tmp_path, [GOOD])
    cases = write_cases(tmp_path / "bad.yaml", data)
    with pytest.raises(RuleCaseError) as info:
        load_rule_cases(pack, cases, plugin=plugin)
    assert words in str(info.value) and str(cases) in str(info.value)


def test_broken_plugin_under_test_is_an_error(tmp_path):
    pack, plugin = plugin_with(tmp_path, [GOOD])
    plugin.fail_on = {"gklint_reporters"}
    with pytest.raises(RuleCaseError, match="插件有错误：\nplugin 'FakePlugin' \\(9.9\\) failed: hook gklint_reporters raised"):
        load_rule_cases(pack, plugin=plugin)


def test_no_cases_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(RuleCaseError, match="没有 .yaml 文件"):
        load_rule_cases(tmp_path / "empty")
    with pytest.raises(RuleCaseError, match="没有给出"):
        load_rule_cases()


def test_edited_copy_of_an_installed_pack_replaces_it(tmp_path):
    """A plugin author tests (and validates) the pack in the source tree while an older copy is installed."""
    installed, plugin = plugin_with(tmp_path / "site-packages", [GOOD])
    edited = tmp_path / "checkout" / "test-pack.yaml"
    edited.parent.mkdir()
    shutil.copy(installed, edited)
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["rules"].append(rule("TS102", "worse-word", params={"needle": "更坏"}, examples={"fail": ["一、总体情况\n更坏"], "pass": ["一、总体情况\n好"]}))
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    suite = load_rule_cases(edited, plugin=plugin)
    assert suite.rules == {"TS101", "TS102"} and [p.path for p in suite.packs] == [str(edited)]
    assert all(r.ok for r in suite.run_all())
    plugins = load_plugins(entry_points=False, extra=[("fake", plugin)])
    results = validate_pack_files([str(edited)], plugins)
    assert len(results) == 4 and all(r.ok for r in results)


def test_rule_case_check_raises_assertion_error(tmp_path):
    pack, plugin = plugin_with(tmp_path, [GOOD])
    suite = load_rule_cases(pack, plugin=plugin)
    case = suite.cases[0]
    bad = RuleCase(id="TS101-x", rule="TS101", which="pass", text="一、总体情况\n坏词", format="txt", source="here", example="一、总体情况\n坏词", suite=suite)
    case.check()
    with pytest.raises(AssertionError, match="TS101-x（here）：通过的示例报告了 1 个问题"):
        bad.check()
