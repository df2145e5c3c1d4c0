"""Config discovery, validation and globs."""
import os
import subprocess
import sys

import pytest
from engine_fakes import isolated_env  # noqa: F401

from gklint.config import ConfigError, find_config, glob_match, load_config, selector_matches, selector_specificity


def put(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_config_wins(tmp_path):
    put(tmp_path / ".gklint.yaml", "ignore: [GK5]\n")
    put(tmp_path / "a" / "b" / ".gklint.yaml", "select: [GK3]\nfail_on: warning\n")
    deep = put(tmp_path / "a" / "b" / "c" / "draft.txt", "x")
    mid = put(tmp_path / "a" / "draft.txt", "x")
    near = find_config(deep)
    assert near.path == str(tmp_path / "a" / "b" / ".gklint.yaml")
    assert near.select == ["GK3"] and near.fail_on == "warning" and near.ignore == []
    top = find_config(mid)
    assert top.path == str(tmp_path / ".gklint.yaml") and top.ignore == ["GK5"] and top.select is None and top.fail_on == "error"


def test_discovery_is_cached_per_directory(tmp_path):
    put(tmp_path / ".gklint.yaml", "ignore: [GK5]\n")
    draft = put(tmp_path / "sub" / "draft.txt", "x")
    first = find_config(draft)
    (tmp_path / ".gklint.yaml").write_text("ignore: [GK6]\n", encoding="utf-8")
    assert find_config(draft) is first  # cached for the run
    assert find_config(tmp_path / "sub") is first


def test_pyproject_tool_table(tmp_path):
    put(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.gklint]\nselect = ["GK1", "GK2"]\nfail-on = "info"\n[tool.gklint.per-path-ignores]\n"drafts/**" = ["GK4"]\n')
    cfg = find_config(put(tmp_path / "drafts" / "a.txt", "x"))
    assert cfg.path == str(tmp_path / "pyproject.toml")
    assert cfg.select == ["GK1", "GK2"] and cfg.fail_on == "info"
    assert cfg.per_path_ignores == {"drafts/**": ["GK4"]}


def test_pyproject_without_table_is_skipped(tmp_path):
    put(tmp_path / ".gklint.yaml", "ignore: [GK7]\n")
    put(tmp_path / "proj" / "pyproject.toml", '[project]\nname = "x"\n')
    cfg = find_config(put(tmp_path / "proj" / "a.txt", "x"))
    assert cfg.path == str(tmp_path / ".gklint.yaml")


def test_yaml_wins_over_pyproject_in_same_folder(tmp_path):
    put(tmp_path / "pyproject.toml", '[tool.gklint]\nignore = ["GK1"]\n')
    put(tmp_path / ".gklint.yaml", "ignore: [GK2]\n")
    assert find_config(tmp_path).ignore == ["GK2"]


def test_no_config_anywhere(tmp_path):
    for folder in tmp_path.parents:
        if any((folder / name).exists() for name in (".gklint.yaml", ".gklint.yml", "pyproject.toml")):
            pytest.skip(f"a config file exists above the test folder: {folder}")
    assert find_config(put(tmp_path / "x" / "a.txt", "x")) is None


def test_all_keys_and_relative_extra_packs(tmp_path):
    path = put(
        tmp_path / "cfg" / ".gklint.yaml",
        """
select: [ALL]
ignore: [GK501, fee-statement]
severity: {GK3: warning, GK301: info}
fail-on: warning
per_path_ignores:
  "old/**": [GK4]
extra_packs: [packs/local.yaml, ../shared/other.yaml]
exclude: [archive, "*.bak.md"]
plugins:
  disable: [hlj]
""",
    )
    cfg = load_config(path)
    assert cfg.select == ["ALL"] and cfg.ignore == ["GK501", "fee-statement"]
    assert cfg.severity == {"GK3": "warning", "GK301": "info"}
    assert cfg.fail_on == "warning"
    assert cfg.extra_packs == [str(tmp_path / "cfg" / "packs" / "local.yaml"), str(tmp_path / "shared" / "other.yaml")]
    assert cfg.plugins_disable == ["hlj"]
    assert cfg.is_excluded(tmp_path / "cfg" / "archive" / "2019.txt")
    assert cfg.is_excluded(tmp_path / "cfg" / "x" / "draft.bak.md")
    assert not cfg.is_excluded(tmp_path / "cfg" / "x" / "draft.md")
    assert cfg.ignores_for(tmp_path / "cfg" / "old" / "a" / "b.txt") == ["GK4"]
    assert cfg.ignores_for(tmp_path / "cfg" / "new" / "b.txt") == []
    assert cfg.ignores_for(tmp_path / "elsewhere.txt") == []


@pytest.mark.parametrize(
    "text, key, words",
    [
        ("selct: [GK1]\n", "selct", "不认识的键"),
        ("select: GK1\n", "select", "应为列表"),
        ("select: [gk_1]\n", "select[0]", "不是规则选择器"),
        ("severity: {GK301: fatal}\n", "severity.GK301", "不是允许的值"),
        ("fail_on: never\n", "fail_on", "不是允许的值"),
        ("plugins: {disabled: [x]}\n", "plugins.disabled", "不认识的键"),
        ("fail_on: error\nfail-on: info\n", "fail-on", "键重复"),
        ("- a\n- b\n", "", "顶层应是一个映射"),
        ("select: [GK1\n", "", "YAML 语法错误"),
    ],
)
def test_invalid_config_names_file_and_key(tmp_path, text, key, words):
    path = put(tmp_path / ".gklint.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.file == str(path)
    assert info.value.key == key
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_invalid_pyproject(tmp_path):
    path = put(tmp_path / "pyproject.toml", "[tool.gklint]\nignore = 3\n")
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    assert info.value.key == "ignore"
    put(tmp_path / "pyproject.toml", "[tool.gklint\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "TOML 语法错误" in str(info.value)


def test_python_tags_refused_in_yaml_config(tmp_path):
    path = put(tmp_path / ".gklint.yaml", 'select: !!python/object/apply:os.system ["echo hi"]\n')
    with pytest.raises(ConfigError):
        load_config(path)


def test_empty_yaml_config_is_defaults(tmp_path):
    cfg = load_config(put(tmp_path / ".gklint.yaml", "# nothing\n"))
    assert cfg.select is None and cfg.fail_on == "error" and cfg.root == str(tmp_path)


@pytest.mark.parametrize(
    "pattern, path, expected",
    [
        ("drafts/**", "drafts/a.txt", True),
        ("drafts/**", "drafts/x/y/a.txt", True),
        ("drafts/**", "other/drafts/a.txt", False),
        ("drafts", "other/drafts/a.txt", True),
        ("drafts/", "drafts/a.txt", True),
        ("*.md", "a/b/c.md", True),
        ("*.md", "a/b/c.txt", False),
        ("a/*.md", "a/b/c.md", False),
        ("a/**/c.md", "a/c.md", True),
        ("a/**/c.md", "a/b/d/c.md", True),
        ("2019-?.txt", "x/2019-1.txt", True),
        ("[!a]*.txt", "b.txt", True),
        ("[!a]*.txt", "a.txt", False),
        ("./old/**", "old/a.txt", True),
        ("报告/旧稿", "报告/旧稿/一.txt", True),
    ],
)
def test_glob_match(pattern, path, expected):
    assert glob_match(pattern, path) is expected


def test_selectors():
    assert selector_matches("GK3", "GK301", "x") and selector_matches("GK301", "GK301", "x")
    assert not selector_matches("GK30", "GK310", "x") and selector_matches("ALL", "HLJ101", "x")
    assert selector_matches("applications-balance", "GK301", "applications-balance")
    assert not selector_matches("applications", "GK301", "applications-balance")
    assert selector_specificity("GK301", "GK301") > selector_specificity("GK30", "GK301") > selector_specificity("GK", "GK301") > selector_specificity("ALL", "GK301")
    assert selector_specificity("applications-balance", "GK301") == selector_specificity("GK301", "GK301")


def test_validated_config_is_cached_without_parsers(tmp_path):
    path = put(tmp_path / "proj" / ".gklint.yaml", "select: [GK3]\n")
    code = f"""
import sys
from gklint.config import load_config
cfg = load_config({str(path)!r})
print(cfg.select, "jsonschema" in sys.modules, "ruamel.yaml" in sys.modules)
"""
    env = dict(os.environ, GKLINT_CACHE_DIR=str(tmp_path / "_cache"))
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert cold == ["['GK3']", "True", "True"]
    assert warm == ["['GK3']", "False", "False"]
