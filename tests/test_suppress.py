"""Suppression comments: parsing, ranges, reasons, unused suppressions — alone and through the engine."""
import pytest
from engine_fakes import MINIMAL_REPORT, isolated_env, lint_text, make_engine, rule  # noqa: F401

from gklint import suppress
from gklint.model import Finding, Span

IDS = ["GK301", "GK302", "GK501", "TS101", "TS102"]
NAMES = ["applications-balance", "fee-statement", "bad-word"]


def parse(text):
    return suppress.parse(text, rule_ids=IDS, rule_names=NAMES)


@pytest.mark.parametrize(
    "comment, selectors, reason",
    [
        ("<!-- gklint-disable GK301 表格由上级统一填报 -->", ["GK301"], "表格由上级统一填报"),
        ("<!-- gklint-disable GK301, GK302 原因 -->", ["GK301", "GK302"], "原因"),
        ("<!-- gklint-disable GK301 原因：旧表 -->", ["GK301"], "旧表"),
        ("<!-- gklint-disable GK301，GK5、fee-statement 理由：说明 -->", ["GK301", "GK5", "fee-statement"], "说明"),
        ("<!-- gklint-disable GK301 -->", ["GK301"], ""),
        ("<!-- gklint-disable 全文引用旧稿 -->", [], "全文引用旧稿"),
        ("<!-- gklint-disable -->", [], ""),
        ("<!-- gklint-disable GK301 -- TODO fix later -->", ["GK301"], "TODO fix later"),
        ('<!-- gklint-disable GK301 reason="上级口径" -->', ["GK301"], "上级口径"),
        ("<!-- gklint-disable GK999 typo -->", ["GK999"], "typo"),
        ("<!-- gklint-disable applications-balance TODO later -->", ["applications-balance"], "TODO later"),
        ("<!-- gklint-disable-file GK5 全文 -->", ["GK5"], "全文"),
    ],
)
def test_parse_selectors_and_reason(comment, selectors, reason):
    (d,) = parse(comment + "\n正文\n")
    assert d.selectors == selectors
    assert d.reason == reason


def test_unknown_words_start_the_reason():
    (d,) = parse("<!-- gklint-disable XYZ 不是规则 -->\n")
    assert d.selectors == [] and d.reason == "XYZ 不是规则"


def test_disable_covers_the_next_block_only():
    text = "前言\n<!-- gklint-disable GK301 理由 -->\n\n第一行\n第二行\n\n第三段\n"
    (d,) = parse(text)
    assert d.ranges == [("GK301", 3, 5)]


def test_disable_until_enable():
    text = "<!-- gklint-disable GK301 GK302 理由 -->\na\n\nb\n<!-- gklint-enable GK301 -->\nc\n\nd\n"
    d, e = parse(text)
    assert e.kind == "enable"
    assert dict((s, (a, b)) for s, a, b in d.ranges) == {"GK301": (2, 5), "GK302": (2, 2)}


def test_enable_without_list_ends_everything():
    d, _ = parse("<!-- gklint-disable GK301 GK302 理由 -->\na\n\nb\n<!-- gklint-enable -->\nc\n")
    assert {r[2] for r in d.ranges} == {5}


def test_inline_directive_covers_its_own_line():
    (d,) = parse("表格数字 12 <!-- gklint-disable GK301 理由 -->\n下一行\n\n别的\n")
    assert d.ranges == [("GK301", 1, 2)]


def test_file_directive_covers_everything():
    (d,) = parse("a\n\nb\n<!-- gklint-disable-file 理由 -->\n\nc\n")
    assert d.ranges == [("*", 1, 7)]


def finding(rule_id, name, line):
    return Finding(rule=rule_id, name=name, severity="error", message="m", path="p", span=Span(line))


def test_apply_marks_used_and_keeps_unsuppressible():
    text = "<!-- gklint-disable GK3 理由 -->\na\nb\n\nc\n"
    directives = parse(text)
    findings = [finding("GK301", "x", 2), finding("GK301", "x", 5), finding("GK501", "y", 3), finding("GK901", "input-unreadable", 2)]
    kept = suppress.apply(findings, directives)
    assert [(f.rule, f.span.line) for f in kept] == [("GK301", 5), ("GK501", 3), ("GK901", 2)]
    assert directives[0].used == {"GK3"}


def test_issues_reason_and_unused():
    text = "<!-- gklint-disable GK301 GK501 GK999 -->\na\n"
    directives = parse(text)
    suppress.apply([finding("GK301", "x", 2)], directives)
    issues = suppress.issues(directives, ran=[("GK301", "x"), ("GK501", "y")], known=[("GK301", "x"), ("GK501", "y")])
    codes = {i.code: i.detail for i in issues}
    assert set(codes) == {"GK904", "GK905"}
    assert "中的 GK501 在其范围内没有问题可抑制" in codes["GK905"]
    assert "中的 GK999 不是已知的规则" in codes["GK905"]
    assert "GK301 在其范围" not in codes["GK905"]


def test_selectors_of_rules_that_did_not_run_are_not_unused():
    directives = parse("<!-- gklint-disable GK501 理由 -->\na\n")
    assert suppress.issues(directives, ran=[("GK301", "x")], known=[("GK301", "x"), ("GK501", "y")]) == []


# --------------------------------------------------------------------------- through the engine


RULES = [
    rule("TS101", "bad-word", params={"needle": "坏词"}),
    rule("TS102", "other-word", severity="warning", params={"needle": "另词"}),
]


def test_engine_suppresses_and_reports_problems(tmp_path):
    engine = make_engine(tmp_path, RULES)
    text = (
        "一、总体情况\n"
        "<!-- gklint-disable TS101 上级要求保留原文 -->\n"
        "坏词在此\n"
        "\n"
        "坏词再现\n"
        "<!-- gklint-disable TS102 -->\n"
        "没有问题\n"
    )
    findings = lint_text(engine, text)
    got = [(f.rule, f.span.line) for f in findings]
    assert ("TS101", 3) not in got  # suppressed
    assert ("TS101", 5) in got  # after the block
    assert ("TS904", 6) not in got
    by_rule = {f.rule: f for f in findings}
    assert by_rule["GK904"].span.line == 6 and by_rule["GK904"].severity == "warning"
    assert "gklint-disable TS102" in by_rule["GK904"].message
    assert by_rule["GK905"].span.line == 6 and "TS102" in by_rule["GK905"].message
    assert len([f for f in findings if f.rule == "GK905"]) == 1


def test_disable_file_by_name(tmp_path):
    engine = make_engine(tmp_path, RULES)
    findings = lint_text(engine, "<!-- gklint-disable-file bad-word 旧稿引用 -->\n一、总体情况\n坏词\n\n坏词\n")
    assert findings == []


def test_suppression_findings_respect_selection(tmp_path):
    engine = make_engine(tmp_path, RULES, ignore=["GK904", "GK905"])
    findings = lint_text(engine, "一、总体情况\n<!-- gklint-disable TS102 -->\n好\n")
    assert findings == []


def test_markdown_and_html_comments_in_markdown(tmp_path):
    engine = make_engine(tmp_path, RULES)
    text = "# 一、总体情况\n\n<!-- gklint-disable TS101 引用原文 -->\n**坏词**\n"
    assert [f.rule for f in lint_text(engine, text, path="draft.md")] == []


def test_real_pack_gk904_gk905(tmp_path):
    from gklint.config import default_config
    from gklint.engine import Engine

    engine = Engine(default_config(tmp_path))
    text = "<!-- gklint-disable GK999 -->\n" + MINIMAL_REPORT
    findings = [f for f in engine.lint_bytes("draft.txt", text.encode()) if f.rule in ("GK904", "GK905")]
    assert [(f.rule, f.span.line, f.span.column) for f in findings] == [("GK904", 1, 1), ("GK905", 1, 1)]
    assert findings[0].excerpt == "<!-- gklint-disable GK999 -->"
