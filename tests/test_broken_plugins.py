"""Broken plugins do not stop gklint: each failure is reported once, the others still lint.

* installed for real (pip, in the session venv, each in its own ``--target`` folder put
  on ``PYTHONPATH``): a plugin whose import fails, and one whose check kind raises in
  ``run()`` — next to the well-behaved example plugin;
* registered in process (``load_plugins(extra=...)``): a plugin whose hooks raise, and a
  check kind that raises, through the CLI.

Expected: ``gklint: plugin 'x' (version) failed: …`` once on stderr; a GK902 finding
per file for a crashing rule, naming the plugin; the exit code is what the findings
give (GK902 is an error: a rule that could not check the draft is not a pass) unless
``--strict-plugins``, which makes any plugin failure exit code 2.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import text_fixtures as tf
from engine_fakes import DEFAULT_KINDS, FakePlugin, isolated_env, rule, write_pack, run_cli  # noqa: F401
from gklint import cli

COMPLIANT = tf.render_report(layout="tabs").text
# what the example plugin (HLJ) wants on top of the core pack
HLJ_TAIL = "\n本机关认真落实《2024年政务公开工作要点》。\n本年度承办人大代表建议2件，办理结果均已公开。\n联系电话：0451-12345678\n"


def write_package(root: Path, dist: str, module: str, files: dict[str, str], entry_point: str, version: str) -> Path:
    """A tiny plugin distribution (pyproject + one package) in ``root``."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "{dist}"
            version = "{version}"

            [project.entry-points.gklint]
            {entry_point} = "{module}"

            [tool.setuptools]
            packages = ["{module}"]

            [tool.setuptools.package-data]
            {module} = ["*.yaml"]
            """
        ),
        encoding="utf-8",
    )
    (root / module).mkdir()
    for name, text in files.items():
        (root / module / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


CRASHY_PACK = """\
pack: crashy
prefix: CR
description: 一条总是出错的规则（测试用）
rules:
  - id: CR101
    name: always-crashes
    kind: crashy-kind
    severity: warning
    summary: Always raises.
    message: 不会出现
    basis: 测试
    examples:
      fail: ["一、总体情况"]
      pass: ["一、总体情况"]
"""

CRASHY_INIT = """\
from pathlib import Path

from gklint.hookspecs import hookimpl


class CrashyKind:
    name = "crashy-kind"
    description = "Raises inside run()"
    params_schema = {"type": "object"}

    def run(self, report, rule):
        raise KeyError("表三")


@hookimpl
def gklint_rule_packs():
    return [Path(__file__).with_name("crashy.yaml")]


@hookimpl
def gklint_check_kinds():
    return [CrashyKind()]
"""


@pytest.fixture(scope="module")
def installed(plugin_venv, tmp_path_factory):
    """``{name: target folder}`` of the broken plugins, pip-installed."""
    root = tmp_path_factory.mktemp("broken-plugins")
    no_import = write_package(
        root / "src-import", "gklint-plugin-noimport", "gklint_noimport",
        {"__init__.py": "import gklint_no_such_dependency  # not installed\n"},
        entry_point="noimport", version="0.3",
    )
    crashy = write_package(
        root / "src-crashy", "gklint-plugin-crashy", "gklint_crashy",
        {"__init__.py": CRASHY_INIT, "crashy.yaml": CRASHY_PACK},
        entry_point="crashy", version="1.0.1",
    )
    return {
        "noimport": plugin_venv.install_target(no_import, root / "site-noimport"),
        "crashy": plugin_venv.install_target(crashy, root / "site-crashy"),
    }


@pytest.mark.slow
def test_import_error_is_reported_once_and_the_others_still_lint(plugin_venv, installed, tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text(COMPLIANT + HLJ_TAIL, encoding="utf-8")
    bad = tmp_path / "no-hlj.md"
    bad.write_text(COMPLIANT, encoding="utf-8")
    site = [installed["noimport"]]
    failure = "gklint: plugin 'noimport' (0.3) failed: cannot import gklint_noimport: ModuleNotFoundError: No module named 'gklint_no_such_dependency'\n"

    proc = plugin_venv.gklint("check", clean, pythonpath=site)
    assert (proc.returncode, proc.stderr) == (0, failure)
    assert "没有发现问题" in proc.stdout
    # the example plugin still contributes: its rules fire on a draft without the HLJ items
    proc = plugin_venv.gklint("check", "--format", "json", bad, clean, pythonpath=site)
    assert proc.returncode == 1 and proc.stderr == failure
    assert sorted(f["rule"] for f in json.loads(proc.stdout)) == ["HLJ101", "HLJ102", "HLJ103"]
    # --strict-plugins: exit code 2, the findings are still reported
    proc = plugin_venv.gklint("check", "--strict-plugins", clean, pythonpath=site)
    assert proc.returncode == 2 and proc.stderr == failure + "gklint: 有插件失败（--strict-plugins）\n"
    # gklint plugins shows it failed, with its version
    proc = plugin_venv.gklint("plugins", pythonpath=site)
    assert "noimport 0.3（插件，加载失败） gklint_noimport" in proc.stdout and "hlj 0.1.0（插件，已加载）" in proc.stdout
    assert "失败：\n    plugin 'noimport' (0.3) failed: cannot import gklint_noimport" in proc.stdout
    # switched off, it is not even imported
    proc = plugin_venv.gklint("check", clean, pythonpath=site, env={"GKLINT_DISABLE_PLUGINS": "noimport"})
    assert (proc.returncode, proc.stderr) == (0, "")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_crash_in_check_kind_is_gk902_per_file_and_one_failure(plugin_venv, installed, tmp_path, jobs):
    files = []
    for n in range(3):
        files.append(tmp_path / f"draft{n}.md")
        files[-1].write_text(COMPLIANT + HLJ_TAIL, encoding="utf-8")
    no_period = tmp_path / "no-period.md"
    no_period.write_text(tf.render_report(layout="tabs", period=None).text + HLJ_TAIL, encoding="utf-8")
    site = [installed["crashy"]]
    failure = "gklint: plugin 'crashy' (1.0.1) failed: rule CR101 (check kind 'crashy-kind') raised KeyError: '表三'\n"

    proc = plugin_venv.gklint("check", "--format", "json", "--jobs", jobs, *files, no_period, pythonpath=site)
    assert proc.stderr == failure  # once, whatever the number of files and workers
    found = json.loads(proc.stdout)
    crashes = [f for f in found if f["rule"] == "GK902"]
    assert len(crashes) == 4 and {f["path"] for f in crashes} == {str(p) for p in files + [no_period]}
    assert crashes[0]["message"] == "规则 CR101（来自插件 crashy）运行出错：KeyError: '表三'。其他规则照常运行；请把此问题报告给规则的作者"
    # the other rules still ran: the missing period is found
    assert [f["path"] for f in found if f["rule"] == "GK401"] == [str(no_period)]
    assert proc.returncode == 1  # GK902 is an error finding (the rule did not check the draft)

    proc = plugin_venv.gklint("check", "--ignore", "GK902", "--jobs", jobs, *files, pythonpath=site)
    assert (proc.returncode, proc.stderr) == (0, failure)  # exit code unchanged by the plugin
    proc = plugin_venv.gklint("check", "--ignore", "GK902", "--strict-plugins", "--jobs", jobs, *files, pythonpath=site)
    assert proc.returncode == 2 and proc.stderr == failure + "gklint: 有插件失败（--strict-plugins）\n"


@pytest.mark.slow
def test_both_broken_plugins_at_once(plugin_venv, installed, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(COMPLIANT + HLJ_TAIL, encoding="utf-8")
    proc = plugin_venv.gklint("check", "--select", "GK,HLJ", draft, pythonpath=[installed["noimport"], installed["crashy"]])
    assert proc.returncode == 0 and "没有发现问题" in proc.stdout
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gklint: plugin 'noimport' (0.3) failed")  # CR101 not selected: never ran


# --------------------------------------------------------------------------- in process




@pytest.fixture
def with_plugins(monkeypatch):
    """Make the CLI load gklint's built-ins plus the given in-process plugins."""
    from gklint import engine, plugins

    def install(*extra):
        monkeypatch.setattr(engine, "load_plugins", lambda **kw: plugins.load_plugins(entry_points=False, extra=list(extra)))

    return install


def test_hook_that_raises(capsys, tmp_path, with_plugins):
    good = FakePlugin(DEFAULT_KINDS, [write_pack(tmp_path / "good", name="good", prefix="GD", rules=[rule("GD101", "bad-word", params={"needle": "政策解读形式较单一"})])])
    bad = FakePlugin([], [], fail_on={"gklint_rule_packs", "gklint_reporters"})
    bad.__version__ = "2.0"
    with_plugins(("good", good), ("flaky", bad))
    draft = tmp_path / "draft.md"
    draft.write_text(COMPLIANT, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", draft)
    assert code == 1 and "GD101" in out  # the good plugin's rule fires (exit 1 from its error)
    assert err.splitlines() == [
        "gklint: plugin 'flaky' (2.0) failed: hook gklint_reporters raised RuntimeError: gklint_reporters is broken",
        "gklint: plugin 'flaky' (2.0) failed: hook gklint_rule_packs raised RuntimeError: gklint_rule_packs is broken",
    ]
    code, _, err = run_cli(capsys, "check", "--ignore", "GD101", draft)
    assert code == 0
    code, _, err = run_cli(capsys, "check", "--ignore", "GD101", "--strict-plugins", draft)
    assert code == 2 and err.endswith("gklint: 有插件失败（--strict-plugins）\n")


def test_check_kind_that_raises(capsys, tmp_path, with_plugins):
    pack = write_pack(tmp_path / "boom", name="boom", prefix="BM", rules=[rule("BM101", "boom", kind="boom", severity="info")])
    with_plugins(("boomer", FakePlugin(DEFAULT_KINDS, [pack])))
    drafts = []
    for n in range(2):
        drafts.append(tmp_path / f"d{n}.md")
        drafts[-1].write_text(COMPLIANT, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "--format", "json", "--jobs", "1", *drafts)
    found = json.loads(out)
    assert [f["rule"] for f in found] == ["GK902", "GK902"]
    assert all("规则 BM101（来自插件 boomer）运行出错：ValueError: 炸了" in f["message"] for f in found)
    assert err == "gklint: plugin 'boomer' (9.9) failed: rule BM101 (check kind 'boom') raised ValueError: 炸了\n"
    assert code == 0  # GK902 is a warning: a broken rule is the rule's defect, not the draft's
    assert all(f["severity"] == "warning" for f in found)
    code, _, _ = run_cli(capsys, "check", "--fail-on", "warning", *drafts)
    assert code == 1
    code, _, _ = run_cli(capsys, "check", "--ignore", "GK902", "--strict-plugins", *drafts)
    assert code == 2


def test_plugin_kind_in_a_builtin_style_rule_names_the_kind_plugin(tmp_path):
    """A pack (here a project's extra pack) using a plugin's crashing kind: the kind's plugin is blamed."""
    from gklint.config import default_config
    from gklint.engine import Engine
    from gklint.plugins import load_plugins

    plugins = load_plugins(entry_points=False, extra=[("kinds-only", FakePlugin(DEFAULT_KINDS, []))])
    local = write_pack(tmp_path / "local", name="local", prefix="LC", rules=[rule("LC101", "boom", kind="boom")])
    config = default_config(tmp_path)
    config.extra_packs = [str(local)]
    engine = Engine(config, plugins=plugins, use_cache=False)
    found = [f for f in engine.lint_bytes("d.md", COMPLIANT.encode()) if f.rule == "GK902"]
    assert len(found) == 1 and "（来自插件 kinds-only）" in found[0].message
    assert [str(f) for f in plugins.failures] == ["plugin 'kinds-only' (9.9) failed: rule LC101 (check kind 'boom') raised ValueError: 炸了"]
