"""Rule packs: schema, line-mapped errors, cross-pack checks, regex guard, cache."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from engine_fakes import DEFAULT_KINDS, isolated_env, rule, write_pack  # noqa: F401

from gklint import cache
from gklint.packs import Pack, PackError, check_pack_set, read_pack, validate_data
from gklint.plugins import KindEntry
from gklint.resources import load_schema, rules_dir
from gklint.safe_regex import MAX_INPUT, BoundedPattern, compile_bounded, iter_param_regexes, regex_risk

KINDS = {k.name: KindEntry(k, "fake", "1.0") for k in DEFAULT_KINDS}

GOOD = """\
pack: demo
prefix: DM
description: 示例
rules:
  - id: DM101
    name: bad-word
    kind: contains
    severity: warning
    summary: A bad word.
    message: 发现「{needle}」
    basis: 测试依据
    params:
      needle: 坏词
    examples:
      fail: ["坏词"]
      pass: ["好词"]
  - id: DM102
    name: other-word
    kind: contains
    severity: info
    summary: Another word.
    message: 发现「{needle}」
    basis: 测试依据
    fix_safe: false
    params:
      needle: 另一个
    examples:
      fail:
        - text: "另一个"
          format: md
          count: 1
          lines: [1]
      pass: ["好词"]
"""


def write(tmp_path, text, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(exc_info):
    return exc_info.value.problems


def test_valid_pack_loads_with_lines(tmp_path):
    pack = read_pack(write(tmp_path, GOOD), kinds=KINDS, use_cache=False)
    assert pack.name == "demo" and pack.prefix == "DM"
    assert [r.id for r in pack.rules] == ["DM101", "DM102"]
    first, second = pack.rules
    assert first.source_line == 5 and second.source_line == 17
    assert first.params == {"needle": "坏词"} and first.severity == "warning"
    assert second.fix_safe is False and first.fix_safe is True
    assert second.examples["fail"][0] == {"text": "另一个", "format": "md", "count": 1, "lines": [1]}
    assert first.pack == "demo" and first.source == str(tmp_path / "pack.yaml")


@pytest.mark.parametrize(
    "tagged",
    [
        'message: !!python/object/apply:os.system ["echo pwned"]',
        "message: !!python/object:collections.OrderedDict {}",
        "message: !!python/name:os.system ''",
        "message: !custom 发现",
        "message: !!binary aGVsbG8=",
    ],
)
def test_python_and_custom_tags_are_refused(tmp_path, tagged):
    text = GOOD.replace("    message: 发现「{needle}」\n", f"    {tagged}\n", 1)
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, text), kinds=KINDS, use_cache=False)
    assert info.value.line == 10
    assert "标签" in str(info.value) or "不支持的值类型" in str(info.value)


def test_str_tag_is_fine(tmp_path):
    text = GOOD.replace("    message: 发现「{needle}」\n", "    message: !!str 发现\n", 1)
    assert read_pack(write(tmp_path, text), kinds=KINDS, use_cache=False).rules[0].message == "发现"


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("    basis: 测试依据\n", "", 5, ["缺少必需的键 basis", "国办公开办函"]),
        ("    severity: warning\n", "    severity: fatal\n", 8, ["'fatal'", "error、warning、info"]),
        ("  - id: DM101\n", "  - id: DM1011\n", 5, ["格式不对", "三位数字"]),
        ("    name: bad-word\n", "    name: Bad_Word\n", 6, ["格式不对", "kebab-case"]),
        ("    summary: A bad word.\n", "    summary: A bad word.\n    sumary: typo\n", 10, ["不认识的键 sumary", "允许的键"]),
        ('      fail: ["坏词"]\n', "      fail: []\n", 15, ["至少需要 1 项"]),
        ('      pass: ["好词"]\n', "      pass: [{txt: 好词}]\n", 16, ["示例格式不对"]),
    ],
)
def test_schema_errors_name_file_line_and_hint(tmp_path, old, new, line, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(PackError) as info:
        read_pack(path, kinds=KINDS, use_cache=False)
    problem = problems_of(info)[0]
    assert problem.file == str(path)
    assert problem.line == line, str(info.value)
    text = str(info.value)
    for word in words:
        assert word in text
    assert "提示：" in text or problem.hint == ""


def test_yaml_syntax_error_has_line(tmp_path):
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, GOOD.replace("    kind: contains\n", "    kind: [contains\n", 1)), kinds=KINDS, use_cache=False)
    assert "YAML 语法错误" in str(info.value) and info.value.line is not None


def test_duplicate_key_is_an_error(tmp_path):
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, GOOD.replace("    kind: contains\n", "    kind: contains\n    kind: contains\n", 1)), kinds=KINDS, use_cache=False)
    assert "键不能重复" in str(info.value)


def test_id_must_match_prefix_and_be_unique(tmp_path):
    text = GOOD.replace("id: DM102", "id: DM101").replace("name: other-word", "name: bad-word")
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, text), kinds=KINDS, use_cache=False)
    messages = [p.message for p in problems_of(info)]
    assert any("规则 ID DM101 重复" in m for m in messages)
    assert any("规则名 bad-word 重复" in m for m in messages)
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, GOOD.replace("id: DM102", "id: XY102")), kinds=KINDS, use_cache=False)
    assert "与包前缀 DM 不符" in str(info.value) and info.value.line == 17


def test_unknown_kind_lists_known_kinds(tmp_path):
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, GOOD.replace("kind: contains", "kind: containz", 1)), kinds=KINDS, use_cache=False)
    text = str(info.value)
    assert "未知的检查类型 'containz'" in text and "boom、contains、whole" in text
    assert info.value.line == 7


def test_params_validated_against_kind_schema(tmp_path):
    text = GOOD.replace("      needle: 坏词\n", "      needle: 3\n      colour: red\n", 1)
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, text), kinds=KINDS, use_cache=False)
    text = str(info.value)
    assert "params.needle" in text and "应为字符串" in text
    assert "不认识的键 colour" in text
    assert {p.line for p in problems_of(info)} == {13, 14}


def test_broken_message_template(tmp_path):
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, GOOD.replace("message: 发现「{needle}」", "message: 发现「{needle」", 1)), kinds=KINDS, use_cache=False)
    assert "message 模板无效" in str(info.value) and "{{" in str(info.value)


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*", "(a|a)*", "(?:\\d+\\s*)*元", "(ab|a.)*", "^(\\w+\\s?)*$"])
def test_catastrophic_regexes_are_refused(tmp_path, pattern):
    text = GOOD.replace("      needle: 坏词\n", f"      needle: 坏词\n      pattern: {json.dumps(pattern)}\n", 1)
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, text), kinds=KINDS, use_cache=False)
    assert "回溯" in str(info.value) and info.value.line == 14
    assert "占有量词" in str(info.value)


def test_invalid_regex_is_refused(tmp_path):
    text = GOOD.replace("      needle: 坏词\n", '      needle: 坏词\n      patterns: ["ok", "([未闭合"]\n', 1)
    with pytest.raises(PackError) as info:
        read_pack(write(tmp_path, text), kinds=KINDS, use_cache=False)
    assert "无法编译" in str(info.value) and "patterns[1]" in str(info.value)


@pytest.mark.parametrize(
    "pattern",
    ["第[一二三四五六七八九十]+条", "(?:\\d+,)*\\d+", "(?:信息|公开)+", "a++", "(?>a+)+", "(\\d{1,3},)*", "国办公开办函\\s*[〔\\[]\\s*2021\\s*[〕\\]]\\s*30\\s*号", ".*收费.*"],
)
def test_ordinary_regexes_pass_the_heuristic(pattern):
    assert regex_risk(pattern) is None


def test_iter_param_regexes_finds_nested_keys():
    params = {
        "pattern": "a",
        "swaps": [{"pattern": "b", "replacement": "x"}],
        "patterns": ["c", "d"],
        "regex": "e",
        "when": ["f"],
        "issuer_pattern": "g",
        "claims": [{"pattern": "h", "cells": ["x"]}],
        "other": "(a+)+",
        "scope": "三",
    }
    found = dict(iter_param_regexes(params))
    assert found == {
        ("pattern",): "a",
        ("swaps", 0, "pattern"): "b",
        ("patterns", 0): "c",
        ("patterns", 1): "d",
        ("regex",): "e",
        ("when", 0): "f",
        ("issuer_pattern",): "g",
        ("claims", 0, "pattern"): "h",
    }


def test_bounded_pattern_caps_input_and_keeps_offsets():
    pattern = compile_bounded("收费")
    short = "本年度未收费"
    assert [(s, e) for s, e, _ in pattern.findall_spans(short)] == [(4, 6)]
    long_text = ("x" * (MAX_INPUT + 50)) + "收费\n前言收费"
    spans = pattern.findall_spans(long_text)
    # the first line is cut at MAX_INPUT characters, so its match is not seen; the second line's is, at the right offset
    assert spans == [(MAX_INPUT + 50 + 2 + 1 + 2, MAX_INPUT + 50 + 2 + 1 + 4, "收费")]
    assert isinstance(pattern, BoundedPattern) and pattern.search("无") is None


def _pack(name, prefix, origin, rules, path):
    from gklint.model import Rule

    p = Pack(name=name, prefix=prefix, description="", path=path, origin=origin, plugin=origin.split(":", 1)[1] if origin.startswith("plugin:") else "")
    for rid, rname, line in rules:
        p.rules.append(Rule(id=rid, name=rname, kind="contains", severity="error", message="m", summary="s", basis="b", source=path, source_line=line))
    return p


def test_cross_pack_duplicates_name_both_files():
    a = _pack("a", "GK", "builtin", [("GK101", "one", 3)], "a.yaml")
    b = _pack("b", "GK", "builtin", [("GK101", "two", 7), ("GK102", "one", 9)], "b.yaml")
    problems = check_pack_set([a, b])
    assert [pack.name for pack, _ in problems] == ["b", "b"]
    text = "\n".join(str(p) for _, p in problems)
    assert "b.yaml:7: 规则 ID GK101 重复：a.yaml:3 已定义" in text
    assert "b.yaml:9: 规则名 one 重复：a.yaml:3（GK101）已使用" in text


def test_plugin_prefix_rules():
    builtin = _pack("core", "GK", "builtin", [("GK101", "one", 3)], "core.yaml")
    builtin2 = _pack("core-input", "GK", "builtin", [("GK901", "nine", 3)], "input.yaml")
    thief = _pack("thief", "GK", "plugin:thief", [("GK501", "five", 3)], "thief.yaml")
    hlj = _pack("hlj", "HLJ", "plugin:hlj", [("HLJ101", "h-one", 3)], "hlj.yaml")
    hlj2 = _pack("hlj-extra", "HLJ", "plugin:hlj", [("HLJ201", "h-two", 3)], "hlj2.yaml")
    other = _pack("other", "HLJ", "plugin:other", [("HLJ301", "o-one", 3)], "other.yaml")
    problems = check_pack_set([builtin, builtin2, thief, hlj, hlj2, other])
    blamed: dict[str, str] = {}
    for pack, problem in problems:
        blamed[pack.name] = blamed.get(pack.name, "") + str(problem)
    assert set(blamed) == {"thief", "other"}
    assert "前缀 GK 保留给 gklint 内置规则包" in blamed["thief"]
    assert "前缀 HLJ 已被规则包 hlj（hlj.yaml）使用" in blamed["other"]


def test_builtin_packs_are_valid_and_engine_rules_declared():
    from gklint.plugins import load_plugins

    plugins = load_plugins(entry_points=False)
    kinds = plugins.check_kinds()
    assert "input" in kinds and not plugins.failures
    names = [s.path.name for s in plugins.rule_packs()]
    assert "core-input.yaml" in names and not any(n.startswith("format-") for n in names)
    pack = read_pack(rules_dir() / "core-input.yaml", kinds=kinds, use_cache=False)
    assert [r.id for r in pack.rules] == ["GK901", "GK902", "GK903", "GK904", "GK905"]
    assert {r.kind for r in pack.rules} == {"input"}
    for r in pack.rules:
        assert r.description and r.examples["fail"] and r.examples["pass"]


def test_schemas_are_valid_json_schemas():
    from jsonschema import Draft202012Validator

    for name in ("rule-pack.schema.json", "config.schema.json", "findings.schema.json"):
        schema = load_schema(name)
        Draft202012Validator.check_schema(schema)
        assert schema["$id"].startswith("urn:gklint:schema:")


# --------------------------------------------------------------------------- cache


def test_cache_hit_returns_the_same_rules(tmp_path):
    path = write(tmp_path, GOOD)
    first = read_pack(path, kinds=KINDS)
    assert not first.from_cache
    second = read_pack(path, kinds=KINDS)
    assert second.from_cache
    assert [(r.id, r.name, r.params, r.source_line, r.fix_safe, r.examples) for r in first.rules] == [
        (r.id, r.name, r.params, r.source_line, r.fix_safe, r.examples) for r in second.rules
    ]
    entries = list((tmp_path / "_cache" / "packs").glob("*.json"))
    assert len(entries) == 1 and not list((tmp_path / "_cache" / "packs").glob(".tmp-*"))


def test_cache_key_changes_with_content_and_kinds(tmp_path):
    path = write(tmp_path, GOOD)
    read_pack(path, kinds=KINDS)
    path.write_text(GOOD.replace("坏词", "错词"), encoding="utf-8")
    pack = read_pack(path, kinds=KINDS)
    assert not pack.from_cache and pack.rules[0].params["needle"] == "错词"
    other_kinds = dict(KINDS, extra=KindEntry(DEFAULT_KINDS[0], "other", "2.0"))
    assert not read_pack(path, kinds=other_kinds).from_cache


def test_invalid_pack_is_not_cached_and_fixed_pack_is_revalidated(tmp_path):
    path = write(tmp_path, GOOD.replace("severity: warning", "severity: fatal", 1))
    with pytest.raises(PackError):
        read_pack(path, kinds=KINDS)
    with pytest.raises(PackError):
        read_pack(path, kinds=KINDS)
    assert not list((tmp_path / "_cache").glob("packs/*.json"))


def test_corrupt_cache_entry_is_ignored(tmp_path):
    path = write(tmp_path, GOOD)
    read_pack(path, kinds=KINDS)
    (entry,) = (tmp_path / "_cache" / "packs").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert not read_pack(path, kinds=KINDS).from_cache
    entry.write_text(json.dumps({"format": 1, "pack": "x"}), encoding="utf-8")  # valid JSON, wrong shape
    assert not read_pack(path, kinds=KINDS).from_cache
    assert read_pack(path, kinds=KINDS).from_cache  # rewritten


def test_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(blocker / "sub"))
    path = write(tmp_path, GOOD)
    assert not read_pack(path, kinds=KINDS).from_cache
    assert not read_pack(path, kinds=KINDS).from_cache
    assert cache.write_json("packs", "abc", {"a": 1}) is False
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    assert cache.cache_dir() is None and cache.read_json("packs", "abc") is None


def test_cache_dir_locations(monkeypatch, tmp_path):
    monkeypatch.delenv("GKLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform != "win32":
        assert cache.cache_dir() == tmp_path / "xdg" / "gklint"
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert cache.cache_dir() == tmp_path / "home" / ".cache" / "gklint"


def test_cache_hit_imports_neither_jsonschema_nor_ruamel(tmp_path):
    """The point of the cache: a warm start-up skips YAML parsing and schema validation."""
    path = write(tmp_path, GOOD)
    code = f"""
import sys
from gklint.packs import read_pack
from gklint.plugins import KindEntry
class K:
    name = "contains"; description = ""; params_schema = {{"type": "object"}}
    def run(self, report, rule): return []
pack = read_pack({str(path)!r}, kinds={{"contains": KindEntry(K(), "t", "1")}})
print(pack.from_cache, "jsonschema" in sys.modules, "ruamel.yaml" in sys.modules)
"""
    env = dict(os.environ, GKLINT_CACHE_DIR=str(tmp_path / "_cache"))
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert cold == ["False", "True", "True"]
    assert warm == ["True", "False", "False"]


def test_validate_data_accepts_text():
    data = validate_data(GOOD, "x.yaml", KINDS)
    assert data["rules"][1]["line"] == 17 and data["format"] == 1


def test_write_pack_helper_produces_valid_pack(tmp_path):
    path = write_pack(tmp_path, rules=[rule("TS101", "bad-word", params={"needle": "坏词"})])
    assert read_pack(path, kinds=KINDS, use_cache=False).rules[0].id == "TS101"


def test_unreadable_pack_file(tmp_path):
    with pytest.raises(PackError) as info:
        read_pack(tmp_path / "missing.yaml", kinds=KINDS)
    assert "无法读取规则包" in str(info.value)
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(PackError) as info:
        read_pack(bad, kinds=KINDS)
    assert "UTF-8" in str(info.value)


def test_pack_path_helpers():
    from gklint.packs import pack_file_kind

    assert pack_file_kind(Path("rules/format-2021.yaml")) == "format"
    assert pack_file_kind("rules/core-2021.yaml") == "pack"
