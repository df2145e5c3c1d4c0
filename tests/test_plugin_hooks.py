"""Each hook end to end through the CLI, with an in-process plugin shaped like the examples
of docs/plugins.md (``test_hook_<name>``: tests/test_hookspecs_documented.py requires one per hook)."""
from __future__ import annotations

import gzip
import json
import re

import pytest

import text_fixtures as tf
from engine_fakes import isolated_env, rule, write_pack, run_cli  # noqa: F401
from gklint import cli
from gklint.checks.base import Hit
from gklint.hookspecs import hookimpl

DRAFT = tf.render_report(layout="tabs").text  # compliant with the core pack




@pytest.fixture
def with_plugin(monkeypatch):
    """Make the CLI load gklint's built-ins plus one in-process plugin named ``demo``."""
    from gklint import engine, plugins

    def install(plugin):
        plugin.__version__ = "1.2"
        monkeypatch.setattr(engine, "load_plugins", lambda **kw: plugins.load_plugins(entry_points=False, extra=[("demo", plugin)]))

    return install


class MinParagraphs:
    """The check kind of docs/plugins.md §1."""

    name = "demo-min-paragraphs"
    description = "Section params.section has at least params.min paragraphs."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["section", "min"],
        "properties": {"section": {"enum": ["一", "二", "三", "四", "五", "六"]}, "min": {"type": "integer", "minimum": 1}},
    }

    def run(self, report, rule):
        section = report.section(rule.params["section"])
        if section is None:
            return
        count = sum(1 for p in section.paragraphs if p.text.strip())
        if count < rule.params["min"]:
            yield Hit(section.span, {"title": section.title, "count": count, "min": rule.params["min"]})


def test_hook_gklint_rule_packs(capsys, tmp_path, with_plugin):
    pack = write_pack(tmp_path / "packs", name="demo", prefix="DM", rules=[
        rule("DM101", "no-plan", kind="pattern", severity="warning", message="第五部分没有写「下一步」（现为「{text}」）",
             params={"scope": "五", "mode": "require", "patterns": ["下一步"]}),
    ])

    class Plugin:
        @hookimpl
        def gklint_rule_packs(self):
            return [pack]

    with_plugin(Plugin())
    code, out, err = run_cli(capsys, "rules")
    assert code == 0 and err == ""
    (line,) = [line for line in out.splitlines() if "DM101" in line]
    assert re.fullmatch(r"  DM101  no-plan +warning  Summary of no-plan  \[demo\]", line), line
    code, out, _ = run_cli(capsys, "explain", "DM101")
    assert code == 0 and f"规则包：demo（{pack}:6），来自插件 demo" in out
    draft = tmp_path / "d.md"
    draft.write_text(DRAFT.replace("下一步，将", "今后将"), encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "--format", "json", draft)
    (finding,) = json.loads(out)
    assert (code, finding["rule"], err) == (0, "DM101", "")
    assert finding["message"].startswith("第五部分没有写「下一步」（现为「本机关政府信息公开工作取得一定成效")
    code, out, _ = run_cli(capsys, "plugins", "--format", "json")
    demo = [p for p in json.loads(out)["plugins"] if p["name"] == "demo"][0]
    assert demo["version"] == "1.2" and demo["contributions"] == {"rule_packs": ["demo.yaml"]}


def test_hook_gklint_check_kinds(capsys, tmp_path, with_plugin):
    good = rule("DM201", "improvements-too-short", kind="demo-min-paragraphs", message="「{title}」只有 {count} 段，至少应有 {min} 段",
                params={"section": "五", "min": 3})
    bad = rule("DM202", "bad-params", kind="demo-min-paragraphs", params={"section": "七", "min": 0})

    class Plugin:
        packs = [write_pack(tmp_path / "packs", name="demo", prefix="DM", rules=[good])]

        @hookimpl
        def gklint_check_kinds(self):
            return [MinParagraphs()]

        @hookimpl
        def gklint_rule_packs(self):
            return self.packs

    plugin = Plugin()
    with_plugin(plugin)
    draft = tmp_path / "d.md"
    draft.write_text(DRAFT, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "--format", "json", draft)
    (finding,) = json.loads(out)
    assert (code, err) == (1, "")
    assert finding["rule"] == "DM201" and finding["message"] == "「五、存在的主要问题及改进情况」只有 2 段，至少应有 3 段"
    code, out, _ = run_cli(capsys, "plugins")
    assert "    检查类型：demo-min-paragraphs\n" in out
    # params are validated against the kind's params_schema when the pack loads
    plugin.packs = [write_pack(tmp_path / "bad", name="demo", prefix="DM", rules=[bad])]
    code, out, err = run_cli(capsys, "check", draft)
    assert code == 0
    assert err.startswith("gklint: plugin 'demo' (1.2) failed: rule pack ") and "规则 DM202：params.section：'七' 不是允许的值" in err


def load_gzipped_text(path, data):
    """The loader of docs/plugins.md (gklint_loaders)."""
    from gklint.loaders.text import load
    from gklint.model import InputError

    try:
        text = gzip.decompress(data)
    except OSError as exc:
        raise InputError(f"不是有效的 gzip 文件：{exc}")
    doc = load(path[: -len(".gz")], text)
    doc.path = path
    return doc


def test_hook_gklint_loaders(capsys, tmp_path, with_plugin):
    class Plugin:
        @hookimpl
        def gklint_loaders(self):
            return {".gz": load_gzipped_text}

    with_plugin(Plugin())
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "good.md.gz").write_bytes(gzip.compress(DRAFT.encode("utf-8")))
    (folder / "no-period.md.gz").write_bytes(gzip.compress(tf.render_report(layout="tabs", period=None).text.encode("utf-8")))
    (folder / "broken.gz").write_bytes(b"not gzip")
    code, out, err = run_cli(capsys, "check", "--format", "json", folder)
    found = sorted((f["path"].rsplit("/", 1)[-1], f["rule"]) for f in json.loads(out))
    assert found == [("broken.gz", "GK901"), ("no-period.md.gz", "GK401")]
    assert "不是有效的 gzip 文件" in [f for f in json.loads(out) if f["rule"] == "GK901"][0]["message"]
    assert code == 2 and err == ""  # an unreadable input is exit code 2
    code, out, _ = run_cli(capsys, "plugins")
    assert "    读取器：.gz\n" in out


def count_report(run, out):
    """The reporter of docs/plugins.md (gklint_reporters)."""
    out.write(f"{len(run.files)} 个文件，{len(run.findings)} 个问题\n")


count_report.output_encoding = "utf-8"


def test_hook_gklint_reporters(capsys, tmp_path, with_plugin):
    class Plugin:
        @hookimpl
        def gklint_reporters(self):
            return {"count": count_report, "json": print}  # json is gklint's: refused

    with_plugin(Plugin())
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(DRAFT, encoding="utf-8")
    b.write_text(tf.render_report(layout="tabs", period=None).text, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "--format", "count", a, b)
    assert (code, out) == (1, "2 个文件，1 个问题\n")
    assert err == "gklint: plugin 'demo' (1.2) failed: output format 'json' is already provided by 'gklint'\n"
    code, out, _ = run_cli(capsys, "check", "--format", "json", a)
    assert code == 0 and json.loads(out) == []  # still gklint's json
    code, _, err = run_cli(capsys, "check", "--format", "nope", a)
    assert code == 2 and "可用：count, github, json, sarif, text" in err
