"""The command line: exit codes, formats, subcommands, the guard, start-up imports."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from engine_fakes import MINIMAL_REPORT, FakePlugin, isolated_env, run_cli  # noqa: F401

from gklint import __version__, cli
from gklint.resources import rules_dir

WARNING_ONLY = "<!-- gklint-disable GK999 -->\n" + MINIMAL_REPORT  # GK904 + GK905, both warnings




@pytest.fixture
def draft(tmp_path):
    def make(text=MINIMAL_REPORT, name="draft.txt", encoding="utf-8"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return make


def test_version(capsys):
    assert run_cli(capsys, "--version") == (0, f"gklint {__version__}\n", "")
    assert run_cli(capsys, "-V")[1] == f"gklint {__version__}\n"


def test_help_lists_commands(capsys):
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0
    for name in ("check", "rules", "explain", "extract", "plugins", "pack"):
        assert name in out
    code, out, _ = run_cli(capsys, "check", "--help")
    assert code == 0 and "--fail-on" in out and "--strict-plugins" in out


# --------------------------------------------------------------------------- check: exit codes


def test_check_clean_exit_zero(capsys, draft):
    code, out, err = run_cli(capsys, "check", draft(), "--select", "GK905")
    assert code == 0 and out == "1 个文件，没有发现问题\n" and err == ""


def test_check_errors_exit_one(capsys, draft):
    code, out, _ = run_cli(capsys, "check", draft())
    assert code == 1
    assert re.search(r"draft\.txt:\d+:\d+: GK\d{3} \[error\] ", out)
    assert re.search(r"1 个文件，\d+ 个问题（错误 \d+，警告 \d+，提示 \d+）\n$", out)


def test_fail_on_threshold(capsys, draft, tmp_path):
    path = draft(WARNING_ONLY)
    code, out, _ = run_cli(capsys, "check", path, "--select", "GK904,GK905")
    assert code == 0 and "GK904 [warning]" in out and "GK905 [warning]" in out
    assert run_cli(capsys, "check", path, "--select", "GK904", "--select", "GK905", "--fail-on", "warning")[0] == 1
    (tmp_path / ".gklint.yaml").write_text("fail_on: warning\nselect: [GK904]\n", encoding="utf-8")
    assert run_cli(capsys, "check", path)[0] == 1
    assert run_cli(capsys, "check", path, "--fail-on", "error")[0] == 0
    assert run_cli(capsys, "check", path, "--ignore", "GK904")[0] == 0


def test_unreadable_input_exit_two(capsys, draft, tmp_path):
    binary = draft("", name="scan.txt")
    binary.write_bytes(bytes(range(256)) * 8)
    code, out, _ = run_cli(capsys, "check", binary, tmp_path / "missing.txt", "--select", "GK905")
    assert code == 2
    assert "scan.txt:1:1: GK901 [error] 无法读取这份草稿：" in out
    assert "missing.txt:1:1: GK901 [error] 无法读取这份草稿：文件不存在" in out
    assert run_cli(capsys, "check", binary, "--ignore", "GK901")[0] == 2  # not ignorable


def test_broken_config_exit_two(capsys, draft, tmp_path):
    (tmp_path / ".gklint.yaml").write_text("severity: {GK301: fatal}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", draft())
    assert code == 2 and out == ""
    assert str(tmp_path / ".gklint.yaml") in err and "severity.GK301" in err and "Traceback" not in err


def test_broken_extra_pack_exit_two(capsys, draft, tmp_path):
    (tmp_path / "local.yaml").write_text("pack: local\nprefix: LC\ndescription: x\nrules:\n  - id: LC101\n    name: x\n", encoding="utf-8")
    (tmp_path / ".gklint.yaml").write_text("extra_packs: [local.yaml]\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", draft())
    assert code == 2 and "规则包有错误" in err and f"{tmp_path / 'local.yaml'}:5:" in err


@pytest.mark.parametrize(
    "args, words",
    [
        (["--format", "xml"], "未知的输出格式 'xml'"),
        (["--fail-on", "fatal"], "--fail-on 只能是"),
        (["--select", "gk_301"], "不是规则选择器"),
        (["--bogus"], "No such option"),
    ],
)
def test_usage_errors_exit_two(capsys, draft, args, words):
    code, _, err = run_cli(capsys, "check", draft(), *args)
    assert code == 2 and words in err


def test_missing_paths_is_usage_error(capsys):
    code, _, err = run_cli(capsys, "check")
    assert code == 2 and "Missing argument" in err


def test_internal_error_guard(capsys, draft, monkeypatch):
    from gklint import engine

    def explode(self, paths):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.Linter, "collect", explode)
    code, out, err = run_cli(capsys, "check", draft())
    assert code == 2 and out == ""
    assert err == "gklint: 内部错误：RuntimeError: boom（请报告此问题）\n"


def test_strict_plugins(capsys, draft, monkeypatch):
    from gklint import engine, plugins

    def with_failing_plugin(**kwargs):
        return plugins.load_plugins(entry_points=False, extra=[("flaky", FakePlugin(fail_on={"gklint_rule_packs"}))])

    monkeypatch.setattr(engine, "load_plugins", with_failing_plugin)
    code, out, err = run_cli(capsys, "check", draft(), "--select", "GK905")
    assert code == 0 and "没有发现问题" in out
    assert err.count("plugin 'flaky' (9.9) failed: hook gklint_rule_packs raised RuntimeError") == 1
    code, _, err = run_cli(capsys, "check", draft(), "--select", "GK905", "--strict-plugins")
    assert code == 2 and "--strict-plugins" in err


# --------------------------------------------------------------------------- check: outputs


def test_json_format(capsys, draft):
    from jsonschema import Draft202012Validator

    from gklint.resources import load_schema

    code, out, _ = run_cli(capsys, "check", draft(WARNING_ONLY), "--format", "json", "--select", "GK904")
    data = json.loads(out)
    assert code == 0 and [d["rule"] for d in data] == ["GK904"]
    assert not list(Draft202012Validator(load_schema("findings.schema.json")).iter_errors(data))


def test_sarif_and_github_formats(capsys, draft, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = draft(WARNING_ONLY, name="草稿 一.txt")
    code, out, _ = run_cli(capsys, "check", "草稿 一.txt", "--format", "sarif", "--select", "GK904")
    doc = json.loads(out)
    result = doc["runs"][0]["results"][0]
    assert result["ruleId"] == "GK904"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%E8%8D%89%E7%A8%BF%20%E4%B8%80.txt"
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "GK904"
    code, out, _ = run_cli(capsys, "check", path.name, "--format", "github", "--select", "GK904")
    assert out.startswith("::warning file=草稿 一.txt,line=1,col=1,endLine=1,endColumn=30,title=GK904 suppression-without-reason::")


def test_statistics(capsys, draft):
    code, out, _ = run_cli(capsys, "check", draft(WARNING_ONLY), draft(WARNING_ONLY, name="b.txt"), "--select", "GK904,GK905", "--statistics")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["2", "GK904", "suppression-without-reason"]
    assert lines[1].split()[:3] == ["2", "GK905", "unused-suppression"]
    assert lines[-1] == "2 个文件，4 个问题（错误 0，警告 4，提示 0）"


def test_directory_walk(capsys, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# 说明\n\n这里是说明文档。\n", encoding="utf-8")
    (tmp_path / "docs" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", tmp_path / "docs")
    assert code == 1 and "README.md:1:1: GK903 [error]" in out and "notes.csv" not in out
    assert out.endswith("1 个文件，1 个问题（错误 1，警告 0，提示 0）\n")


def test_empty_folder_warns(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run_cli(capsys, "check", tmp_path / "empty")
    assert code == 0 and out == "0 个文件，没有发现问题\n"
    assert "没有找到可检查的文件" in err and ".docx" in err


def test_stdin(tmp_path):
    env = dict(os.environ, GKLINT_CACHE_DIR=str(tmp_path / "_cache"))
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", "-", "--select", "GK904", "--format", "json"], input=WARNING_ONLY.encode("gb18030"), capture_output=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(d["path"], d["rule"], d["line"]) for d in data] == [("-", "GK904", 1)]


def test_fast_path_and_typer_accept_the_same_options():
    import typer.main

    command = typer.main.get_command(cli._build_app()).commands["check"]
    typer_opts = {opt for param in command.params for opt in param.opts if opt.startswith("-")}
    fast_opts = {opt for action in cli._check_parser()._actions for opt in action.option_strings}
    assert typer_opts == fast_opts
    typer_names = {param.name for param in command.params}
    fast_names = {action.dest for action in cli._check_parser()._actions}
    assert typer_names == fast_names


def test_check_startup_imports_only_what_it_needs(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(MINIMAL_REPORT, encoding="utf-8")
    env = dict(os.environ, GKLINT_CACHE_DIR=str(tmp_path / "_cache"), NO_COLOR="1")
    cmd = [sys.executable, "-X", "importtime", "-m", "gklint", "check", str(draft)]
    subprocess.run(cmd, capture_output=True, env=env, cwd=tmp_path)  # warm the caches
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 1
    modules = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    for heavy in ("typer", "click", "pydantic", "rich", "jsonschema", "docx", "lxml"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in modules), heavy


# --------------------------------------------------------------------------- other commands


def test_rules_text_and_json(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "rules")
    assert code == 0
    assert re.search(r"^  GK901  input-unreadable +error +The file cannot be read", out, re.M)
    assert re.search(r"共 \d+ 条规则，启用 \d+ 条", out)
    (tmp_path / "cfg.yaml").write_text("ignore: [GK9]\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "rules", "--format", "json", "--config", tmp_path / "cfg.yaml")
    data = {r["id"]: r for r in json.loads(out)}
    assert data["GK905"]["selected"] is False and data["GK905"]["name"] == "unused-suppression"
    assert data["GK905"]["pack"] == "core-input" and data["GK905"]["plugin"] is None


def test_explain_by_id_and_name(capsys):
    code, out, _ = run_cli(capsys, "explain", "GK904")
    assert code == 0
    assert out.startswith("GK904 suppression-without-reason（警告 / warning）\n")
    for words in ("Summary: A gklint-disable comment gives no reason.", "提示模板：抑制注释没有写明理由", "依据：", "说明：", "不通过的示例", "通过的示例", "core-input.yaml:"):
        assert words in out
    assert run_cli(capsys, "explain", "unused-suppression")[1].startswith("GK905 unused-suppression")
    assert run_cli(capsys, "explain", "gk905")[0] == 0


def test_explain_unknown_rule(capsys):
    code, out, err = run_cli(capsys, "explain", "unused-suppresion")
    assert code == 2 and "没有规则 'unused-suppresion'" in err and "unused-suppression" in err


def test_extract(capsys, draft, tmp_path):
    code, out, _ = run_cli(capsys, "extract", draft())
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, dict) and data
    code, out, _ = run_cli(capsys, "extract", draft(), draft(name="b.txt"))
    assert code == 0 and isinstance(json.loads(out), list) and len(json.loads(out)) == 2
    code, out, err = run_cli(capsys, "extract", tmp_path / "none.txt")
    assert code == 2 and "文件不存在" in err


def test_plugins_command(capsys):
    code, out, _ = run_cli(capsys, "plugins")
    assert code == 0
    assert out.startswith(f"gklint {__version__}（内置，已加载）")
    assert "规则包：" in out and "core-input.yaml" in out and "检查类型：" in out and "input" in out
    assert "读取器：.txt" in out and "输出格式：text, json, sarif, github" in out
    code, out, _ = run_cli(capsys, "plugins", "--format", "json")
    data = json.loads(out)
    assert data["plugins"][0]["name"] == "gklint" and data["plugins"][0]["builtin"] is True
    assert isinstance(data["failures"], list)


def test_pack_validate(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "pack", "validate", rules_dir() / "core-input.yaml")
    assert code == 0 and re.match(r"1 个规则包，\d+ 个示例，0 个不符合预期\n", out)
    pack = tmp_path / "local.yaml"
    pack.write_text(
        """pack: local
prefix: LC
description: 本地规则
rules:
  - id: LC101
    name: local-input
    kind: input
    severity: info
    summary: Never reports anything.
    message: 不会出现
    basis: 测试
    examples:
      fail: ["一、总体情况"]
      pass: ["一、总体情况"]
""",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "pack", "validate", pack)
    assert code == 1 and "失败  LC101 fail[0]：不通过的示例没有报告问题" in out
    pack.write_text(pack.read_text(encoding="utf-8").replace("prefix: LC", "prefix: GK").replace("LC101", "GK101"), encoding="utf-8")
    code, _, err = run_cli(capsys, "pack", "validate", pack)
    assert code == 2 and "保留给 gklint 内置规则包" in err


def test_python_dash_m_works(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gklint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == f"gklint {__version__}\n"


def test_unknown_rule_selector_is_a_usage_error(capsys, draft):
    path = draft()
    code, out, err = run_cli(capsys, "check", "--select", "GK999", path)
    assert code == 2 and out == "" and "'GK999' 不匹配任何规则" in err
    code, _, err = run_cli(capsys, "check", "--ignore", "no-such-rule", path)
    assert code == 2 and "--ignore" in err
    code, _, _ = run_cli(capsys, "check", "--select", "GK4,applications-balance", "--ignore", "GK1", path)
    assert code in (0, 1)  # prefixes and names are valid selectors
