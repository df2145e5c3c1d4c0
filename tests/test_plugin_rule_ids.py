"""Rule IDs from plugins never collide with gklint's or with each other's.

A plugin pack that uses the reserved prefix GK, another pack's prefix, a rule ID or a
rule name already taken is refused when the packs are loaded: a plugin failure naming
both files (printed once; the rest of gklint and the other plugins keep working;
``--strict-plugins`` makes it exit code 2).  Refusing the whole pack keeps one plugin
from shadowing or half-replacing another's rules.
"""
from __future__ import annotations

import textwrap

import pytest

from engine_fakes import DEFAULT_KINDS, FakePlugin, isolated_env, rule, write_pack  # noqa: F401
from gklint import cli
from gklint.builtin import builtin_pack_paths
from gklint.config import default_config
from gklint.engine import Engine, RuleBook
from gklint.plugins import load_plugins

CORE = str(builtin_pack_paths()[0])  # rules/core-2021.yaml, the first pack with prefix GK


def load(tmp_path, *plugins, builtin=True):
    pm = load_plugins(builtin=builtin, entry_points=False, extra=list(plugins))
    return pm, RuleBook.load(pm, use_cache=False)


def test_plugin_pack_with_the_gk_prefix_names_both_files(tmp_path):
    thief = write_pack(tmp_path / "thief", name="thief", prefix="GK", rules=[rule("GK301", "my-balance", params={"needle": "x"})])
    pm, book = load(tmp_path, ("thief", FakePlugin(DEFAULT_KINDS, [thief])))
    assert book.rules["GK301"].name == "applications-balance" and book.rules["GK301"].plugin == ""
    (failure,) = [str(f) for f in pm.failures]
    assert failure.startswith(f"plugin 'thief' (9.9) failed: rule pack {thief}: 前缀 GK 保留给 gklint 内置规则包（内置规则包 core-2021：{CORE}）; ")
    assert f"; 规则 ID GK301 重复：{CORE}:" in failure  # every problem of the pack, in one failure


def test_two_plugins_with_one_prefix_names_both_files(tmp_path):
    first = write_pack(tmp_path / "a", name="hlj-a", prefix="HLJ", rules=[rule("HLJ101", "one", params={"needle": "x"})])
    second = write_pack(tmp_path / "b", name="hlj-b", prefix="HLJ", rules=[rule("HLJ101", "two", params={"needle": "y"})])
    pm, book = load(tmp_path, ("a", FakePlugin(DEFAULT_KINDS, [first])), ("b", FakePlugin([], [second])))
    assert book.rules["HLJ101"].name == "one" and book.rules["HLJ101"].plugin == "a"
    assert [str(f) for f in pm.failures] == [f"plugin 'b' (9.9) failed: rule pack {second}: 前缀 HLJ 已被规则包 hlj-a（{first}）使用; 规则 ID HLJ101 重复：{first}:6 已定义"]


def test_one_plugin_two_packs_duplicate_id_names_both_files(tmp_path):
    first = write_pack(tmp_path / "a", name="hlj-a", prefix="HLJ", rules=[rule("HLJ101", "one", params={"needle": "x"})])
    second = write_pack(tmp_path / "b", name="hlj-b", prefix="HLJ", rules=[rule("HLJ101", "two", params={"needle": "y"})])
    pm, book = load(tmp_path, ("hlj", FakePlugin(DEFAULT_KINDS, [first, second])))
    (failure,) = [str(f) for f in pm.failures]
    assert failure == f"plugin 'hlj' (9.9) failed: rule pack {second}: 规则 ID HLJ101 重复：{first}:6 已定义"


def test_duplicate_rule_name_across_plugins_names_both_files(tmp_path):
    first = write_pack(tmp_path / "a", name="pack-a", prefix="AA", rules=[rule("AA101", "same-name", params={"needle": "x"})])
    second = write_pack(tmp_path / "b", name="pack-b", prefix="BB", rules=[rule("BB101", "same-name", params={"needle": "y"})])
    pm, book = load(tmp_path, ("a", FakePlugin(DEFAULT_KINDS, [first])), ("b", FakePlugin([], [second])))
    assert "AA101" in book.rules and "BB101" not in book.rules
    assert [str(f) for f in pm.failures] == [f"plugin 'b' (9.9) failed: rule pack {second}: 规则名 same-name 重复：{first}:6（AA101）已使用"]


def test_plugin_rule_name_taken_from_the_core_pack(tmp_path):
    pack = write_pack(tmp_path / "a", name="pack-a", prefix="AA", rules=[rule("AA101", "applications-balance", params={"needle": "x"})])
    pm, book = load(tmp_path, ("a", FakePlugin(DEFAULT_KINDS, [pack])))
    assert "AA101" not in book.rules
    assert f"规则名 applications-balance 重复：{CORE}:" in str(pm.failures[0]) and "（GK301）已使用" in str(pm.failures[0])


def test_id_outside_the_pack_prefix_is_refused(tmp_path):
    pack = write_pack(tmp_path / "a", name="pack-a", prefix="HLJ", rules=[rule("GK999", "sneaky", params={"needle": "x"})])
    pm, book = load(tmp_path, ("a", FakePlugin(DEFAULT_KINDS, [pack])))
    assert "GK999" not in book.rules
    assert "规则 ID GK999 与包前缀 HLJ 不符" in str(pm.failures[0]) and str(pack) in str(pm.failures[0])


def test_collision_through_the_cli(capsys, tmp_path, monkeypatch):
    from gklint import engine, plugins

    thief = write_pack(tmp_path / "thief", name="thief", prefix="GK", rules=[rule("GK777", "stolen", params={"needle": "x"})])
    monkeypatch.setattr(engine, "load_plugins", lambda **kw: plugins.load_plugins(entry_points=False, extra=[("thief", FakePlugin(DEFAULT_KINDS, [thief]))]))
    draft = tmp_path / "d.txt"
    draft.write_text("某市某局2023年政府信息公开工作年度报告\n", encoding="utf-8")
    for strict, expected in ((False, 0), (True, 2)):
        try:
            cli.main(["check", str(draft), "--select", "GK103"] + (["--strict-plugins"] if strict else []))
        except SystemExit as exc:
            code = exc.code
        _, err = capsys.readouterr()
        assert code == expected
        assert err.count(f"gklint: plugin 'thief' (9.9) failed: rule pack {thief}: 前缀 GK 保留给 gklint 内置规则包（内置规则包 core-2021：{CORE}）") == 1


@pytest.mark.slow
def test_installed_plugin_reusing_the_example_prefix(plugin_venv, tmp_path):
    """Two installed distributions, one prefix: the second is refused, naming both installed files."""
    src = tmp_path / "src"
    (src / "gklint_copycat").mkdir(parents=True)
    (src / "pyproject.toml").write_text(textwrap.dedent("""\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "gklint-plugin-copycat"
        version = "0.0.1"
        [project.entry-points.gklint]
        copycat = "gklint_copycat"
        [tool.setuptools.package-data]
        gklint_copycat = ["*.yaml"]
        """), encoding="utf-8")
    (src / "gklint_copycat" / "__init__.py").write_text(textwrap.dedent("""\
        from pathlib import Path
        from gklint.hookspecs import hookimpl

        @hookimpl
        def gklint_rule_packs():
            return [Path(__file__).with_name("copycat.yaml")]
        """), encoding="utf-8")
    pack = write_pack(tmp_path / "p", name="copycat", prefix="HLJ", rules=[rule("HLJ101", "copied", kind="pattern", params={"scope": "all", "mode": "forbid", "patterns": ["x"]})])
    (src / "gklint_copycat" / "copycat.yaml").write_bytes(pack.read_bytes())
    site = plugin_venv.install_target(src, tmp_path / "site")
    proc = plugin_venv.gklint("rules", pythonpath=[site])
    assert proc.returncode == 0
    hlj_pack = plugin_venv.run(plugin_venv.python, "-c", "import gklint_plugin_example as p; print(p.PACK)").stdout.strip()
    copycat_pack = site / "gklint_copycat" / "copycat.yaml"
    messages = proc.stderr.splitlines()
    assert len(messages) == 1, proc.stderr
    # entry points load in an order gklint does not choose: whichever came second is refused
    assert messages[0].startswith((
        f"gklint: plugin 'copycat' (0.0.1) failed: rule pack {copycat_pack}: 前缀 HLJ 已被规则包 hlj-example（{hlj_pack}）使用; 规则 ID HLJ101 重复：{hlj_pack}:",
        f"gklint: plugin 'hlj' (0.1.0) failed: rule pack {hlj_pack}: 前缀 HLJ 已被规则包 copycat（{copycat_pack}）使用; 规则 ID HLJ101 重复：{copycat_pack}:",
    ))
