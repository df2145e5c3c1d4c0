"""The example plugin (examples/gklint-plugin-example) installed next to gklint in a fresh venv.

It contributes a rule pack (HLJ101–HLJ201) and a check kind (publication-deadline): the
rules are listed, fire on a crafted draft and stay silent on a compliant one in every
text layout; ``gklint plugins`` shows it; ``gklint pack validate`` runs its examples
with its check kind; its own tests (gklint.testing) pass with that venv's pytest.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import text_fixtures as tf
from conftest import EXAMPLE_PLUGIN, copy_tree

pytestmark = pytest.mark.slow

HLJ_RULES = ["HLJ101", "HLJ102", "HLJ103", "HLJ201"]

# What a compliant draft adds at the end of section 六 (render_report's last section).
COMPLIANT_TAIL = [
    "本机关认真落实《2024年政务公开工作要点》，各项任务均已完成。",
    "本年度承办人大代表建议5件、政协提案3件，办理结果均已按要求公开。",
    "如对本报告有疑问，请与本局办公室联系，联系电话：0451-12345678。",
    "",
    "某某市自然资源局",
    "2025年1月20日",
]


def draft(layout: str, tail: list[str]) -> str:
    return tf.render_report(layout=layout).text.rstrip("\n") + "\n" + "\n".join(tail) + "\n"


def findings(proc) -> list[dict]:
    return json.loads(proc.stdout)


def test_rules_lists_the_plugin_rules(plugin_venv):
    proc = plugin_venv.gklint("rules", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rules = {r["id"]: r for r in json.loads(proc.stdout)}
    for rule_id in HLJ_RULES:
        assert rules[rule_id]["plugin"] == "hlj", rule_id
    assert rules["HLJ201"]["kind"] == "publication-deadline"
    proc = plugin_venv.gklint("rules")
    assert re.search(r"HLJ201 .*published-after-deadline.*\[hlj\]", proc.stdout), proc.stdout
    assert proc.stderr == ""


def test_plugins_lists_version_and_contributions(plugin_venv):
    proc = plugin_venv.gklint("plugins")
    assert proc.returncode == 0, proc.stderr
    assert "hlj 0.1.0（插件，已加载） gklint_plugin_example" in proc.stdout
    assert "    规则包：hlj.yaml\n    检查类型：publication-deadline\n" in proc.stdout
    assert "没有插件失败" in proc.stdout
    data = json.loads(plugin_venv.gklint("plugins", "--format", "json").stdout)
    (hlj,) = [p for p in data["plugins"] if p["name"] == "hlj"]
    assert hlj["version"] == "0.1.0" and hlj["distribution"] == "gklint-plugin-example" and hlj["loaded"]
    assert hlj["contributions"] == {"rule_packs": ["hlj.yaml"], "check_kinds": ["publication-deadline"]}
    assert data["failures"] == []


def test_rules_fire_on_a_crafted_draft(plugin_venv, tmp_path):
    path = tmp_path / "草稿.md"
    path.write_text(draft("tabs", ["", "某某市自然资源局", "2025年3月10日"]), encoding="utf-8")
    proc = plugin_venv.gklint("check", "--format", "json", path)
    assert proc.returncode == 1, proc.stderr
    found = findings(proc)
    assert sorted(f["rule"] for f in found) == HLJ_RULES  # and nothing from the core pack
    by_rule = {f["rule"]: f for f in found}
    assert "政务公开工作要点" in by_rule["HLJ101"]["message"]
    assert by_rule["HLJ201"]["message"] == "报告落款日期「2025年3月10日」晚于 2025年1月31日：2024 年度报告应在 2025年1月31日 前向社会公布。"
    assert by_rule["HLJ201"]["line"] == len(path.read_text(encoding="utf-8").splitlines())
    assert proc.stderr == ""
    # the same draft with the plugin switched off: the core pack finds nothing
    proc = plugin_venv.gklint("check", "--format", "json", path, env={"GKLINT_DISABLE_PLUGINS": "hlj"})
    assert proc.returncode == 0 and findings(proc) == []


def test_rules_stay_silent_on_a_compliant_draft(plugin_venv, tmp_path):
    paths = []
    for layout in tf.LAYOUTS:
        paths.append(tmp_path / f"{layout}.md")
        paths[-1].write_text(draft(layout, COMPLIANT_TAIL), encoding="utf-8")
    proc = plugin_venv.gklint("check", "--format", "json", "--strict-plugins", *paths)
    assert (proc.returncode, findings(proc), proc.stderr) == (0, [], "")


def test_pack_validate_runs_the_plugin_pack_examples(plugin_venv, tmp_path):
    installed = plugin_venv.run(plugin_venv.python, "-c", "import gklint_plugin_example as p; print(p.PACK)").stdout.strip()
    proc = plugin_venv.gklint("pack", "validate", installed)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "1 个规则包，9 个示例，0 个不符合预期\n", "")
    # the author's checkout (same pack name, another path) replaces the installed copy
    checkout = EXAMPLE_PLUGIN / "gklint_plugin_example" / "hlj.yaml"
    proc = plugin_venv.gklint("pack", "validate", checkout)
    assert (proc.returncode, proc.stdout) == (0, "1 个规则包，9 个示例，0 个不符合预期\n"), proc.stderr
    # an example that does not hold
    edited = tmp_path / "hlj.yaml"
    edited.write_text(checkout.read_text(encoding="utf-8").replace("2025年3月10日", "2025年1月10日"), encoding="utf-8")
    proc = plugin_venv.gklint("pack", "validate", edited)
    assert proc.returncode == 1 and "失败  HLJ201 fail[0]：不通过的示例没有报告问题" in proc.stdout
    # without the plugin its check kind is unknown: a clear error, exit 2
    proc = plugin_venv.gklint("pack", "validate", checkout, env={"GKLINT_DISABLE_PLUGINS": "hlj"})
    assert proc.returncode == 2
    assert "规则 HLJ201：未知的检查类型 'publication-deadline'" in proc.stderr and "插件提供的类型要先安装该插件" in proc.stderr


def test_disabled_plugin_is_listed_but_contributes_nothing(plugin_venv):
    env = {"GKLINT_DISABLE_PLUGINS": "gklint-plugin-example"}  # the distribution name works too
    proc = plugin_venv.gklint("plugins", env=env)
    assert "hlj 0.1.0（插件，已停用）" in proc.stdout and "publication-deadline" not in proc.stdout
    assert "HLJ101" not in plugin_venv.gklint("rules", env=env).stdout


def test_the_plugin_own_tests_pass(plugin_venv, tmp_path):
    """The plugin's tests (one line of gklint.testing + unit tests), run with the venv's pytest."""
    work = copy_tree(EXAMPLE_PLUGIN, tmp_path / "gklint-plugin-example")
    proc = plugin_venv.run(plugin_venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"\b29 passed\b", proc.stdout), proc.stdout
    proc = plugin_venv.run(plugin_venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "HLJ201", "--collect-only", cwd=work)
    assert "tests/test_rules.py::test_rules[HLJ201-chinese-numerals]" in proc.stdout
    shutil.rmtree(work)
