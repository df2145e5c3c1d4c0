"""The engine: selection, severities, per-path ignores, messages, excerpts, GK9xx, plugins, runs."""
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from engine_fakes import (  # noqa: F401
    DEFAULT_KINDS,
    MINIMAL_REPORT,
    Contains,
    FakePlugin,
    fake_recognize,
    isolated_env,
    lint_text,
    make_engine,
    make_plugins,
    rule,
    write_pack,
)

from gklint.config import Config, default_config
from gklint.engine import Engine, Linter, RuleBook, exit_code, format_message, run_examples, validate_pack_files
from gklint.model import Cell, Document, Finding, Paragraph, Span, Table
from gklint.packs import PackError
from gklint.plugins import PluginFailure, load_plugins
from gklint.resources import rules_dir

RULES = [
    rule("TS101", "bad-word", params={"needle": "坏词"}),
    rule("TS102", "other-word", severity="warning", params={"needle": "另词"}),
    rule("TS201", "third-word", severity="info", params={"needle": "三词"}),
    rule("TS301", "whole-doc", kind="whole", message="共 {count} 段"),
]
TEXT = "一、总体情况\n坏词\n另词\n三词\n"


def ids(findings):
    return sorted({f.rule for f in findings})


def cfg(tmp_path, **kw):
    return Config(path=str(tmp_path / ".gklint.yaml"), root=str(tmp_path), **kw)


# --------------------------------------------------------------------------- selection


def test_default_selects_everything(tmp_path):
    findings = lint_text(make_engine(tmp_path, RULES), TEXT)
    assert ids(findings) == ["TS101", "TS102", "TS201", "TS301"]


@pytest.mark.parametrize(
    "select, ignore, expected",
    [
        (["TS1"], [], ["TS101", "TS102"]),
        (["TS101", "third-word"], [], ["TS101", "TS201"]),
        (["TS"], ["TS102"], ["TS101", "TS201", "TS301"]),
        (["TS1"], ["TS1"], []),  # ignore wins over select
        (["ALL"], ["other-word", "TS3"], ["TS101", "TS201"]),
        (None, ["TS"], []),
    ],
)
def test_select_and_ignore(tmp_path, select, ignore, expected):
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, select=select, ignore=ignore))
    assert ids(lint_text(engine, TEXT)) == expected


def test_cli_select_replaces_and_ignore_extends_config(tmp_path):
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, select=["TS1"], ignore=["TS101"]), select=["TS"], ignore=["TS3"])
    assert ids(lint_text(engine, TEXT)) == ["TS102", "TS201"]


def test_severity_overrides_most_specific_wins(tmp_path):
    config = cfg(tmp_path, severity={"TS": "info", "TS1": "warning", "TS101": "error", "third-word": "error"})
    findings = lint_text(make_engine(tmp_path, RULES, config=config), TEXT)
    assert {f.rule: f.severity for f in findings} == {"TS101": "error", "TS102": "warning", "TS201": "error", "TS301": "info"}


def test_unknown_selectors_give_warnings(tmp_path):
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, ignore=["TS999", "no-such-rule"], severity={"XX1": "info"}))
    assert len(engine.warnings) == 3 and "'TS999' 不匹配任何规则" in engine.warnings[0]


def test_per_path_ignores(tmp_path):
    config = cfg(tmp_path, per_path_ignores={"old/**": ["TS1"], "*.md": ["whole-doc"]})
    engine = make_engine(tmp_path, RULES, config=config)
    assert ids(lint_text(engine, TEXT, path=str(tmp_path / "old" / "a.txt"))) == ["TS201", "TS301"]
    assert ids(lint_text(engine, TEXT, path=str(tmp_path / "new" / "a.md"))) == ["TS101", "TS102", "TS201"]
    assert ids(lint_text(engine, TEXT, path=str(tmp_path / "new" / "a.txt"))) == ["TS101", "TS102", "TS201", "TS301"]


def test_fails_threshold(tmp_path):
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, fail_on="warning"))
    warn = [Finding("TS102", "x", "warning", "m", "p", Span(1))]
    info = [Finding("TS201", "x", "info", "m", "p", Span(1))]
    assert engine.fails(warn) and not engine.fails(info)
    assert exit_code(warn, "error") == 0 and exit_code(warn, "warning") == 1 and exit_code(info, "info") == 1
    assert exit_code(info + [Finding("GK901", "input-unreadable", "error", "m", "p", Span(1))], "error") == 2


# --------------------------------------------------------------------------- findings


def test_finding_fields(tmp_path):
    (f,) = [f for f in lint_text(make_engine(tmp_path, RULES), "一、总体情况\n  前面有字坏词在后\n") if f.rule == "TS101"]
    assert f.name == "bad-word" and f.severity == "error" and f.summary == "Summary of bad-word"
    assert f.message == "发现「坏词」"
    assert (f.span.line, f.span.column, f.span.end_column) == (2, 7, 9)
    assert f.excerpt == "前面有字坏词在后"
    assert f.path == "draft.txt"


def test_whole_document_hit_is_line_one(tmp_path):
    (f,) = [f for f in lint_text(make_engine(tmp_path, RULES), TEXT) if f.rule == "TS301"]
    assert f.span == Span(1) and f.message == "共 4 段" and f.excerpt == "一、总体情况"


@pytest.mark.parametrize(
    "template, values, expected",
    [
        ("共 {count} 件", {"count": 3}, "共 3 件"),
        ("缺 {missing} 与 {count}", {"count": 3}, "缺 {missing} 与 3"),
        ("{value:.2f} 万元", {"value": 1.5}, "1.50 万元"),
        ("{value:.2f} 万元", {"value": "一点五"}, "{value:.2f} 万元"),
        ("{row.label}", {"row": SimpleNamespace(label="行")}, "行"),
        ("{row.nothing}", {"row": SimpleNamespace(label="行")}, "{row.nothing}"),
        ("{0} {}", {}, "{0} {}"),
        ("{name!r}", {"name": "x"}, "'x'"),
        ("不成对 {", {}, "不成对 {"),
        ("字面 {{括号}}", {}, "字面 {括号}"),
    ],
)
def test_format_message_never_fails(template, values, expected):
    assert format_message(template, values) == expected


def test_long_line_excerpt_is_trimmed_around_the_column(tmp_path):
    line = "甲" * 100 + "坏词" + "乙" * 100
    (f,) = [f for f in lint_text(make_engine(tmp_path, RULES), "一、总体情况\n" + line + "\n") if f.rule == "TS101"]
    assert len(f.excerpt) <= 62 and f.excerpt.startswith("…") and f.excerpt.endswith("…")
    assert "坏词" in f.excerpt


def test_excerpt_for_docx_like_documents(tmp_path):
    engine = make_engine(tmp_path, RULES)
    cell_span = Span(2, 1, where="第1个表格 第1行 第2列")
    doc = Document(
        path="a.docx",
        format="docx",
        blocks=[
            Paragraph("一、总体情况", Span(1)),
            Table([[Cell("标签", Span(2, 1, where="第1个表格 第1行 第1列")), Cell("坏词单元格", cell_span)]], Span(2)),
            Paragraph("坏词段落", Span(3)),
        ],
    )
    from gklint.engine import excerpt_for

    assert excerpt_for(doc, cell_span) == "坏词单元格"
    assert excerpt_for(doc, Span(3)) == "坏词段落"
    assert excerpt_for(doc, Span(2)) == "标签 | 坏词单元格"
    findings = engine.lint_document(doc)
    assert [(f.rule, f.excerpt) for f in findings if f.rule == "TS101"] == [("TS101", "坏词段落")]


def test_fix_safety_follows_rule(tmp_path):
    rules = [
        rule("TS101", "bad-word", params={"needle": "坏词", "replacement": "好词"}),
        rule("TS102", "other-word", params={"needle": "另词", "replacement": "它词"}, fix_safe=False),
    ]
    findings = lint_text(make_engine(tmp_path, rules), TEXT)
    fixes = {f.rule: f.fix for f in findings}
    assert fixes["TS101"].safe is True and fixes["TS101"].replacement == "好词"
    assert fixes["TS102"].safe is False


def test_findings_sorted_by_position(tmp_path):
    findings = lint_text(make_engine(tmp_path, RULES), "一、总体情况\n三词\n另词\n坏词\n")
    assert [f.span.line for f in findings] == sorted(f.span.line for f in findings)


# --------------------------------------------------------------------------- GK9xx


def test_crashing_kind_gives_gk902_and_others_still_run(tmp_path):
    rules = RULES + [rule("TS901", "explodes", kind="boom")]
    findings = lint_text(make_engine(tmp_path, rules), TEXT)
    crash = [f for f in findings if f.rule == "GK902"]
    assert len(crash) == 1
    assert crash[0].message.startswith("规则 TS901（来自插件 fake）运行出错：ValueError: 炸了")
    assert crash[0].severity == "error"
    assert {"TS101", "TS102", "TS201", "TS301"} <= set(ids(findings))


def test_malformed_hit_is_a_crash(tmp_path):
    class Bad:
        name = "bad"
        description = ""
        params_schema = {"type": "object"}

        def run(self, report, rule):
            return ["not a hit"]

    engine = make_engine(tmp_path, [rule("TS101", "bad-hits", kind="bad")], kinds=(Bad(),))
    assert ids(lint_text(engine, TEXT)) == ["GK902"]


def test_recognizer_crash_is_reported_not_raised(tmp_path):
    def broken(doc):
        raise RuntimeError("识别失败")

    engine = Engine(default_config(tmp_path), plugins=make_plugins(tmp_path, RULES), recognizer=broken, use_cache=False)
    (f,) = lint_text(engine, TEXT)
    assert f.rule == "GK902" and "识别器" in f.message and "识别失败" in f.message


@pytest.mark.parametrize(
    "setup, words",
    [
        (lambda p: None, "文件不存在"),
        (lambda p: p.write_bytes(b""), "空"),
        (lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 200 + bytes(range(256)) * 4), "二进制"),
        (lambda p: p.mkdir(), "文件夹"),
    ],
)
def test_unreadable_input_is_gk901(tmp_path, setup, words):
    path = tmp_path / "draft.txt"
    setup(path)
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, ignore=["ALL"]))
    (f,) = engine.lint_path(str(path))
    assert f.rule == "GK901" and f.severity == "error" and f.span.line == 1
    assert words in f.message and f.message.startswith("无法读取这份草稿：")
    assert exit_code([f]) == 2


def test_unsupported_format_is_gk901(tmp_path):
    path = tmp_path / "draft.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (f,) = make_engine(tmp_path, RULES).lint_path(str(path))
    assert f.rule == "GK901" and ".doc" in f.message


def test_loader_exception_is_gk901(tmp_path):
    def explode(path, data):
        raise KeyError("word/document.xml")

    plugins = load_plugins(builtin=False, entry_points=False, extra=[("fake", FakePlugin(DEFAULT_KINDS, [write_pack(tmp_path / "p", rules=RULES)], loaders={".odt": explode}))])
    engine = Engine(default_config(tmp_path), plugins=plugins, recognizer=fake_recognize, use_cache=False)
    path = tmp_path / "a.odt"
    path.write_bytes(b"PK")
    (f,) = engine.lint_path(str(path))
    assert f.rule == "GK901" and "KeyError" in f.message


def test_no_report_gives_gk903_and_skips_rules(tmp_path):
    engine = make_engine(tmp_path, RULES)
    findings = lint_text(engine, "坏词\n另词\n")
    assert ids(findings) == ["GK903"]
    assert findings[0].span.line == 1
    examples = make_engine(tmp_path / "b", RULES, skip_unrecognized=False)
    assert "TS101" in ids(lint_text(examples, "坏词\n"))


def test_gk903_can_be_suppressed_for_the_file(tmp_path):
    engine = make_engine(tmp_path, RULES)
    assert lint_text(engine, "<!-- gklint-disable-file GK903 这是说明文档 -->\n说明\n") == []


def test_engine_rule_severity_can_be_overridden(tmp_path):
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, severity={"GK903": "info"}))
    assert [f.severity for f in lint_text(engine, "说明\n")] == ["info"]


def test_core_input_examples_pass():
    plugins = load_plugins(entry_points=False)
    results = validate_pack_files([str(rules_dir() / "core-input.yaml")], plugins)
    assert len(results) >= 10
    bad = [r for r in results if not r.ok]
    assert bad == []
    assert {r.rule for r in results} == {"GK901", "GK902", "GK903", "GK904", "GK905"}


def test_run_examples_reports_mismatches(tmp_path):
    rules = [
        rule("TS101", "bad-word", params={"needle": "坏词"}, examples={"fail": ["一、总体情况\n好词"], "pass": ["一、总体情况\n坏词"]}),
        rule("TS102", "counted", params={"needle": "词"}, examples={"fail": [{"text": "一、总体情况\n词\n词", "count": 1}, {"text": "一、总体情况\n词", "lines": [5]}], "pass": ["一、总体情况"]}),
    ]
    engine = make_engine(tmp_path, rules, skip_unrecognized=False)
    results = run_examples(engine, engine.rulebook.rules.values())
    problems = {(r.rule, r.which, r.index): r.problem for r in results if not r.ok}
    assert problems == {
        ("TS101", "fail", 0): "不通过的示例没有报告问题",
        ("TS101", "pass", 0): "通过的示例报告了 1 个问题",
        ("TS102", "fail", 0): "应报告 1 个问题，实际 2 个",
        ("TS102", "fail", 1): "问题应在第 [5] 行，实际在第 [2] 行",
    }


# --------------------------------------------------------------------------- plugins and packs


def test_plugin_hook_failure_is_isolated(tmp_path):
    good = FakePlugin(DEFAULT_KINDS, [write_pack(tmp_path / "p", rules=RULES)])
    bad = FakePlugin([], [], fail_on={"gklint_check_kinds", "gklint_rule_packs"})
    plugins = load_plugins(builtin=False, entry_points=False, extra=[("good", good), ("bad", bad)])
    engine = Engine(default_config(tmp_path), plugins=plugins, recognizer=fake_recognize, use_cache=False)
    assert "TS101" in ids(lint_text(engine, TEXT))
    messages = [str(f) for f in plugins.failures]
    assert "plugin 'bad' (9.9) failed: hook gklint_check_kinds raised RuntimeError: gklint_check_kinds is broken" in messages
    assert len(messages) == 2


def test_plugin_pack_with_gk_prefix_is_dropped_not_fatal(tmp_path):
    thief = write_pack(tmp_path / "thief", name="thief", prefix="GK", rules=[rule("GK777", "stolen", params={"needle": "坏词"})])
    plugins = load_plugins(entry_points=False, extra=[("thief", FakePlugin(DEFAULT_KINDS, [thief]))])
    engine = Engine(default_config(tmp_path), plugins=plugins, use_cache=False)
    assert "GK777" not in engine.rules
    assert any("前缀 GK 保留给 gklint 内置规则包" in str(f) and f.plugin == "thief" for f in plugins.failures)


def test_plugin_pack_invalid_is_a_plugin_failure(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: broken\nprefix: BR\n", encoding="utf-8")
    plugins = load_plugins(builtin=False, entry_points=False, extra=[("brk", FakePlugin(DEFAULT_KINDS, [broken]))])
    rulebook = RuleBook.load(plugins)
    assert rulebook.rules == {} and "缺少必需的键" in str(plugins.failures[0])


def test_broken_config_pack_is_fatal(tmp_path):
    broken = tmp_path / "local.yaml"
    broken.write_text("pack: local\nprefix: LC\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        Engine(cfg(tmp_path, extra_packs=[str(broken)]), plugins=make_plugins(tmp_path, RULES), use_cache=False)
    assert info.value.file == str(broken)


def test_extra_pack_may_not_use_gk(tmp_path):
    local = write_pack(tmp_path / "local", name="local", prefix="GK", rules=[rule("GK801", "local-rule", params={"needle": "x"})])
    with pytest.raises(PackError) as info:
        Engine(cfg(tmp_path, extra_packs=[str(local)]), plugins=make_plugins(tmp_path, RULES), use_cache=False)
    assert "保留给 gklint 内置规则包" in str(info.value)


def test_duplicate_between_plugin_and_extra_pack_names_both(tmp_path):
    local = write_pack(tmp_path / "local", name="local", prefix="LC", rules=[rule("LC101", "bad-word", params={"needle": "x"})])
    with pytest.raises(PackError) as info:
        Engine(cfg(tmp_path, extra_packs=[str(local)]), plugins=make_plugins(tmp_path, RULES), use_cache=False)
    assert str(local) in str(info.value) and "test-pack.yaml" in str(info.value) and "规则名 bad-word 重复" in str(info.value)


def test_extra_pack_rules_run(tmp_path):
    local = write_pack(tmp_path / "local", name="local", prefix="LC", rules=[rule("LC101", "local-word", params={"needle": "三词"})])
    engine = make_engine(tmp_path, RULES, config=cfg(tmp_path, extra_packs=[str(local)]))
    assert "LC101" in ids(lint_text(engine, TEXT))


class _EP:
    def __init__(self, name, loader, version="1.2.3"):
        self.name = name
        self.value = f"{name}_pkg.plugin"
        self.dist = SimpleNamespace(name=f"gklint-{name}", version=version)
        self._loader = loader

    def load(self):
        return self._loader()


def _fake_entry_points(monkeypatch, eps):
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group=None: [ep for ep in eps if group == "gklint"])


def test_entry_point_plugins_load_one_by_one(tmp_path, monkeypatch):
    good = FakePlugin(DEFAULT_KINDS, [write_pack(tmp_path / "p", rules=RULES)])

    def broken():
        raise ImportError("No module named 'lxml2'")

    class Unknown:
        from gklint.hookspecs import hookimpl

        @hookimpl
        def gklint_not_a_hook(self):
            return []

    _fake_entry_points(monkeypatch, [_EP("good", lambda: good), _EP("broken", broken, "0.1"), _EP("odd", Unknown)])
    plugins = load_plugins(builtin=False)
    assert plugins.infos["good"].loaded and plugins.infos["good"].version == "1.2.3"
    messages = [str(f) for f in plugins.failures]
    assert messages[0] == "plugin 'broken' (0.1) failed: cannot import broken_pkg.plugin: ImportError: No module named 'lxml2'"
    assert messages[1].startswith("plugin 'odd' (1.2.3) failed: PluginValidationError")
    assert not plugins.infos["odd"].loaded
    assert "contains" in plugins.check_kinds()


@pytest.mark.parametrize("value, loaded", [("1", set()), ("all", set()), ("good", {"other"}), ("gklint-good, other", set()), ("", {"good", "other"})])
def test_disable_plugins_env(tmp_path, monkeypatch, value, loaded):
    _fake_entry_points(monkeypatch, [_EP("good", lambda: FakePlugin()), _EP("other", lambda: FakePlugin())])
    monkeypatch.setenv("GKLINT_DISABLE_PLUGINS", value)
    plugins = load_plugins(builtin=False)
    assert {n for n, i in plugins.infos.items() if i.loaded} == loaded
    assert {n for n, i in plugins.infos.items() if i.disabled} == {"good", "other"} - loaded
    assert plugins.failures == []


def test_disable_from_config(tmp_path, monkeypatch):
    _fake_entry_points(monkeypatch, [_EP("good", lambda: FakePlugin())])
    plugins = load_plugins(builtin=False, disable=["good"])
    assert plugins.infos["good"].disabled and not plugins.infos["good"].loaded


def test_builtin_contributions():
    plugins = load_plugins(entry_points=False)
    plugins.collect_all()
    info = plugins.infos["gklint"]
    assert info.builtin and info.loaded
    assert {".txt", ".md", ".markdown", ".text", ".docx", ".html", ".htm"} == set(info.contributions["loaders"])
    assert {"text", "json", "sarif", "github"} == set(info.contributions["reporters"])
    assert "input" in info.contributions["check_kinds"]
    assert plugins.reporters()["json"].output_encoding == "utf-8"
    assert plugins.reporters()["text"].output_encoding is None


def test_plugin_loader_overrides_builtin_and_conflicts_are_failures(tmp_path):
    def load_a(path, data):
        raise AssertionError

    a = FakePlugin(loaders={".txt": load_a, ".odt": load_a}, reporters={"text": print, "junit": print})
    b = FakePlugin(loaders={".odt": load_a}, reporters={"junit": print})
    plugins = load_plugins(entry_points=False, extra=[("a", a), ("b", b)])
    assert plugins.loaders()[".txt"] is load_a and plugins.loaders()[".odt"] is load_a
    assert plugins.reporters()["text"] is not print and plugins.reporters()["junit"] is print
    messages = " | ".join(str(f) for f in plugins.failures)
    assert "output format 'text' is already provided by 'gklint'" in messages
    assert "loader for '.odt' is already provided by 'a'" in messages
    assert "output format 'junit' is already provided by 'a'" in messages


def test_duplicate_check_kind_is_a_failure(tmp_path):
    plugins = load_plugins(entry_points=False, extra=[("dup", FakePlugin([Contains(), SimpleNamespace(name="input", run=lambda r, x: [])]))])
    kinds = plugins.check_kinds()
    assert kinds["input"].plugin == "" and kinds["contains"].plugin == "dup"
    assert "check kind 'input' is already provided by 'gklint'" in str(plugins.failures[0])


# --------------------------------------------------------------------------- runs over files


def tree(tmp_path):
    files = {
        "a.txt": TEXT,
        "sub/b.md": TEXT,
        "sub/c.html.bak": "x",
        ".hidden/d.txt": TEXT,
        "node_modules/e.txt": TEXT,
        "sub/~$lock.docx": "x",
        "archive/old.txt": TEXT,
        "sub/note.odt": "x",
    }
    for name, text in files.items():
        p = tmp_path / "work" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path / "work"


def test_collect_walks_folders(tmp_path):
    root = tree(tmp_path)
    (root / ".gklint.yaml").write_text("exclude: [archive]\n", encoding="utf-8")
    linter = Linter(plugins=make_plugins(tmp_path, RULES, builtin=True), recognizer=fake_recognize, cwd=str(root))
    files = [os.path.relpath(f, root).replace(os.sep, "/") for f in linter.collect([str(root)])]
    assert files == ["a.txt", "sub/b.md"]
    # explicit files are always linted, even when excluded or hidden
    explicit = linter.collect([str(root / "archive" / "old.txt"), str(root / "archive" / "old.txt")])
    assert explicit == [str(root / "archive" / "old.txt")]


def test_collect_includes_plugin_suffixes(tmp_path):
    root = tree(tmp_path)
    plugins = load_plugins(entry_points=False, extra=[("odt", FakePlugin(loaders={".odt": lambda p, d: None}))])
    linter = Linter(plugins=plugins, cwd=str(root))
    assert any(f.endswith("note.odt") for f in linter.collect([str(root)]))


def test_run_uses_nearest_config_per_file(tmp_path):
    root = tree(tmp_path)
    (root / "sub" / ".gklint.yaml").write_text("ignore: [TS1]\nfail_on: info\n", encoding="utf-8")
    (root / ".gklint.yaml").write_text("select: [TS101]\n", encoding="utf-8")
    linter = Linter(plugins=make_plugins(tmp_path, RULES), recognizer=fake_recognize, cwd=str(root))
    run = linter.run([str(root / "a.txt"), str(root / "sub" / "b.md")])
    by_file = {}
    for f in run.findings:
        by_file.setdefault(os.path.basename(f.path), set()).add(f.rule)
    assert by_file == {"a.txt": {"TS101"}, "b.md": {"TS201", "TS301"}}
    assert run.exit_code == 1 and len(run.files) == 2
    assert "TS101" in run.rules and "GK901" in run.rules


def test_run_with_forced_config_and_stdin(tmp_path):
    root = tree(tmp_path)
    (root / "sub" / ".gklint.yaml").write_text("ignore: [ALL]\n", encoding="utf-8")
    forced = tmp_path / "forced.yaml"
    forced.write_text("select: [TS2]\nfail_on: warning\n", encoding="utf-8")
    linter = Linter(config_file=str(forced), plugins=make_plugins(tmp_path, RULES), recognizer=fake_recognize, cwd=str(root))
    run = linter.run([str(root / "sub" / "b.md"), "-"], stdin=TEXT.encode("gb18030"))
    assert [(os.path.basename(f.path), f.rule) for f in run.findings] == [("-", "TS201"), ("b.md", "TS201")]
    assert run.exit_code == 0  # info < warning


def test_run_exit_code_two_for_missing_file(tmp_path):
    linter = Linter(plugins=make_plugins(tmp_path, RULES), recognizer=fake_recognize, cwd=str(tmp_path))
    run = linter.run([str(tmp_path / "nope.txt")])
    assert [f.rule for f in run.findings] == ["GK901"] and run.exit_code == 2


def test_real_pipeline_on_a_minimal_report(tmp_path):
    """Built-in packs, real loader and recognizer: no GK9xx on a recognizable draft."""
    path = tmp_path / "draft.txt"
    path.write_text(MINIMAL_REPORT, encoding="utf-8")
    engine = Engine(default_config(tmp_path))
    findings = engine.lint_path(str(path))
    assert findings, "a minimal report lacks most sections"
    assert not [f for f in findings if f.rule.startswith("GK9")]
    assert all(isinstance(f, Finding) and f.message and "{" not in f.message for f in findings)


def test_gk902_can_be_ignored(tmp_path):
    rules = RULES + [rule("TS901", "explodes", kind="boom")]
    engine = make_engine(tmp_path, rules, config=cfg(tmp_path, ignore=["GK902"]))
    assert "GK902" not in ids(lint_text(engine, TEXT))


def test_html_source_lines_excerpts_and_suppressions(tmp_path):
    html = (
        "<html><body>\n"
        "<p>一、总体情况</p>\n"
        "<p>这里有坏词</p>\n"
        "<!-- gklint-disable TS102 原文照录 -->\n"
        "<p>这里有另词</p>\n"
        "<table><tr><td>标签</td><td>三词</td></tr><tr><td>x</td><td>y</td></tr></table>\n"
        "</body></html>\n"
    )
    engine = make_engine(tmp_path, RULES)
    findings = engine.lint_bytes("page.html", html.encode("utf-8"))
    got = {f.rule: (f.span.line, f.excerpt) for f in findings}
    assert got["TS101"] == (3, "这里有坏词")
    assert "TS102" not in got  # suppressed by the HTML comment
    assert "GK904" not in got and "GK905" not in got
