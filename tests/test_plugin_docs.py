"""docs/plugins.md, followed from scratch: the plugin written only from the page works.

Every fenced block preceded by ``<!-- docs-plugin: PATH -->`` is written to PATH in an
empty folder; that folder is pip-installed into the session venv (next to gklint) and
must do what the page says: ``gklint plugins`` lists it, its rules fire on a draft that
lacks what they require and stay silent on one that has it, ``gklint pack validate``
passes, and the page's own tests pass with the venv's pytest.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import text_fixtures as tf
from conftest import ROOT

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

DOC = ROOT / "docs" / "plugins.md"
BLOCK = re.compile(r"<!-- docs-plugin: (?P<path>\S+) -->\n```[a-z]*\n(?P<body>.*?)```\n", re.S)
SCHEMA_COMMAND = 'python -c "import gklint.resources as r; print(r.schemas_dir())"'
EXPECTED_FILES = {
    "pyproject.toml",
    "gklint_sz/__init__.py",
    "gklint_sz/sz.yaml",
    "gklint_sz/kinds.py",
    "tests/test_rules.py",
    "tests/rule_cases/SZ201.yaml",
    "tests/test_cases.py",
}


def doc_files() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    files: dict[str, str] = {}
    for m in BLOCK.finditer(text):
        assert m.group("path") not in files, f"{m.group('path')} is marked twice"
        files[m.group("path")] = m.group("body")
    assert text.count("<!-- docs-plugin:") == len(files), "a docs-plugin mark is not followed by a fenced block"
    return files


def write_doc_plugin(folder: Path) -> Path:
    for rel, body in doc_files().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return folder


def test_the_doc_marks_a_whole_plugin():
    files = doc_files()
    assert set(files) == EXPECTED_FILES
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["entry-points"]["gklint"] == {"sz": "gklint_sz"}
    for rel, body in files.items():
        if rel.endswith(".py"):
            ast.parse(body, rel)
        elif rel.endswith(".yaml"):
            assert YAML(typ="safe").load(body)


def test_the_doc_pack_and_cases_are_valid():
    from gklint.packs import validate_data
    from gklint.resources import load_schema

    files = doc_files()
    pack = validate_data(files["gklint_sz/sz.yaml"], "sz.yaml")
    assert [r["id"] for r in pack["rules"]] == ["SZ101", "SZ201"]
    from jsonschema import Draft202012Validator

    Draft202012Validator(load_schema("rule-cases.schema.json")).validate(YAML(typ="safe").load(files["tests/rule_cases/SZ201.yaml"]))


def test_the_doc_names_the_schema_ids():
    from gklint.resources import load_schema

    text = DOC.read_text(encoding="utf-8")
    assert f"`{load_schema('rule-pack.schema.json')['$id']}`" in text
    assert f"`{load_schema('rule-cases.schema.json')['$id']}`" in text
    assert "# yaml-language-server: $schema=" in text and SCHEMA_COMMAND in text


@pytest.mark.slow
def test_the_schema_command_of_the_doc(plugin_venv):
    command = SCHEMA_COMMAND.replace('python -c "', "").rstrip('"')
    proc = plugin_venv.run(plugin_venv.python, "-c", command)
    folder = Path(proc.stdout.strip())
    schema = json.loads((folder / "rule-pack.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:gklint:schema:rule-pack:1"
    assert (folder / "rule-cases.schema.json").is_file()
    assert "site-packages" in folder.parts  # the installed copy, not this checkout


@pytest.mark.slow
def test_following_the_doc_from_scratch(plugin_venv, tmp_path):
    text = DOC.read_text(encoding="utf-8")
    plugin = write_doc_plugin(tmp_path / "gklint-plugin-sz")
    site = plugin_venv.install_target(plugin, tmp_path / "site")
    run = dict(pythonpath=[site], env={"GKLINT_DISABLE_PLUGINS": "hlj"})  # only the doc's plugin

    proc = plugin_venv.gklint("plugins", **run)
    for line in ("sz 0.1.0（插件，已加载） gklint_sz", "    规则包：sz.yaml", "    检查类型：sz-min-paragraphs"):
        assert line in text and line in proc.stdout, line
    assert "没有插件失败" in proc.stdout

    rules = {r["id"]: r for r in json.loads(plugin_venv.gklint("rules", "--format", "json", **run).stdout)}
    assert rules["SZ101"]["plugin"] == rules["SZ201"]["plugin"] == "sz"

    proc = plugin_venv.gklint("pack", "validate", "gklint_sz/sz.yaml", cwd=plugin, **run)
    assert proc.stdout.strip() == "1 个规则包，4 个示例，0 个不符合预期" and proc.stdout.strip() in text

    compliant = tf.render_report(layout="pipes").text
    lacking = compliant.replace("本报告电子版可在某某市自然资源局门户网站政府信息公开专栏下载。", "")
    lacking = "\n".join(line for line in lacking.split("\n") if not line.startswith("下一步，将丰富图解"))
    assert lacking != compliant
    (tmp_path / "ok.md").write_text(compliant, encoding="utf-8")
    (tmp_path / "lacking.md").write_text(lacking, encoding="utf-8")
    proc = plugin_venv.gklint("check", "--format", "json", "--strict-plugins", tmp_path / "ok.md", tmp_path / "lacking.md", **run)
    found = [(Path(f["path"]).name, f["rule"]) for f in json.loads(proc.stdout)]
    assert found == [("lacking.md", "SZ101"), ("lacking.md", "SZ201")], proc.stderr
    messages = [f["message"] for f in json.loads(proc.stdout)]
    assert messages[1] == "「五、存在的主要问题及改进情况」只有 1 段，至少应有 2 段：先写存在的主要问题，再分段写改进措施。"
    assert (proc.returncode, proc.stderr) == (0, "")  # both rules are warnings

    proc = plugin_venv.run(plugin_venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=plugin, pythonpath=[site])
    assert proc.returncode == 0 and re.search(r"\b6 passed\b", proc.stdout), proc.stdout + proc.stderr
    assert "# 4 passed (6 with the cases of §4)" in text
