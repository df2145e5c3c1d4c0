"""Reporters: text, json (schema), sarif (OASIS schema), github (escaping), and a GBK console."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from engine_fakes import MINIMAL_REPORT, isolated_env  # noqa: F401
from jsonschema import Draft202012Validator

from gklint.engine import LintRun
from gklint.model import Finding, Fix, Rule, Span
from gklint.reporters import github, json as json_reporter, sarif, text
from gklint.resources import load_schema

DATA = Path(__file__).parent / "data"


def make_rule(rule_id, name, severity="error"):
    return Rule(
        id=rule_id,
        name=name,
        kind="contains",
        severity=severity,
        message="发现「{needle}」",
        summary=f"Summary of {name}",
        basis="国办公开办函〔2021〕30号",
        description="说明：查什么、为什么。",
        examples={"fail": ["坏词"], "pass": [{"text": "好词", "format": "md"}]},
        pack="core-2021",
    )


RULES = {r.id: r for r in [make_rule("GK301", "applications-balance"), make_rule("GK603", "fee-measure-title", "warning"), make_rule("GK606", "repeated-phrase", "info")]}


def findings():
    return [
        Finding("GK301", "applications-balance", "error", "表三总计不等于各项之和：100 ≠ 99", "报告 草稿/甲.txt", Span(12, 5, 12, 9), "Summary of applications-balance", "本年新收政府信息公开申请数量 100"),
        Finding(
            "GK603",
            "fee-measure-title",
            "warning",
            "文件名称写作「处理费办法」，正确名称为「信息处理费管理办法」。100%, 见: 第1行\n第2行",
            "报告 草稿/甲.txt",
            Span(20, 3, 20, 8),
            "Summary of fee-measure-title",
            "按照《处理费办法》",
            Fix(Span(20, 3, 20, 8), "信息处理费管理办法", safe=True),
        ),
        Finding("GK606", "repeated-phrase", "info", "「可通过可以通过」中有重复的词语", "乙.docx", Span(4, 1, where="第2个表格 第5行 第3列"), "Summary of repeated-phrase", "可通过可以通过", Fix(Span(4, 1, 4, 8), "可以通过", safe=False)),
    ]


def run_of(items=None, files=("报告 草稿/甲.txt", "乙.docx", "丙.md"), **kw):
    return LintRun(findings=findings() if items is None else items, files=list(files), rules=dict(RULES), **kw)


def render(reporter, run):
    out = io.StringIO()
    reporter.report(run, out)
    return out.getvalue()


# --------------------------------------------------------------------------- text


def test_text_grouped_with_excerpt_where_fix_and_summary():
    out = render(text, run_of())
    lines = out.splitlines()
    assert lines[0] == "报告 草稿/甲.txt:12:5: GK301 [error] 表三总计不等于各项之和：100 ≠ 99"
    assert lines[1] == "    本年新收政府信息公开申请数量 100"
    assert lines[2].startswith("报告 草稿/甲.txt:20:3: GK603 [warning] 文件名称写作")
    assert "    建议修改为：「信息处理费管理办法」（可自动修复）" in lines
    docx_at = lines.index("乙.docx:4:1: GK606 [info] 「可通过可以通过」中有重复的词语")
    assert lines[docx_at - 1] == ""  # blank line between files
    assert lines[docx_at + 1 : docx_at + 4] == ["    可通过可以通过", "    位置：第2个表格 第5行 第3列", "    建议修改为：「可以通过」（修改前请确认）"]
    assert lines[-1] == "3 个文件，3 个问题（错误 1，警告 1，提示 1）"
    assert "\x1b[" not in out


def test_text_no_findings():
    assert render(text, run_of([], files=["a.txt"])) == "1 个文件，没有发现问题\n"


def test_text_colour_only_when_asked():
    out = render(text, run_of(color=True))
    assert "\x1b[" in out and "GK301" in out
    assert "3 个文件，3 个问题" in out


def test_text_statistics():
    out = render(text, run_of(findings() + findings()[:1], statistics=True)).splitlines()
    assert out[0].split() == ["2", "GK301", "applications-balance", "[error]"]
    assert out[1].split()[:4] == ["1", "GK603", "fee-measure-title", "[warning]"] and "1 个可修复" in out[1]
    assert out[-1] == "3 个文件，4 个问题（错误 2，警告 1，提示 1）"


# --------------------------------------------------------------------------- json


def test_json_matches_schema_and_round_trips():
    data = json.loads(render(json_reporter, run_of()))
    errors = list(Draft202012Validator(load_schema("findings.schema.json")).iter_errors(data))
    assert errors == []
    assert [d["rule"] for d in data] == ["GK301", "GK603", "GK606"]
    assert data[2]["where"] == "第2个表格 第5行 第3列" and data[0]["where"] is None
    assert data[1]["fix"] == {"replacement": "信息处理费管理办法", "safe": True, "line": 20, "column": 3, "end_line": 20, "end_column": 8}
    assert data[2]["end_line"] == 4 and data[2]["end_column"] == 1


def test_json_schema_rejects_wrong_shapes():
    validator = Draft202012Validator(load_schema("findings.schema.json"))
    good = findings()[0].to_dict()
    assert not list(validator.iter_errors([good]))
    for broken in ({**good, "severity": "fatal"}, {**good, "line": 0}, {k: v for k, v in good.items() if k != "excerpt"}, {**good, "extra": 1}):
        assert list(validator.iter_errors([broken]))


def test_json_is_real_utf8_not_escaped():
    out = render(json_reporter, run_of())
    assert "表三总计" in out and "\\u" not in out


def test_json_statistics():
    data = json.loads(render(json_reporter, run_of(statistics=True)))
    assert data[0] == {"rule": "GK301", "name": "applications-balance", "severity": "error", "count": 1, "fixable": 0}


# --------------------------------------------------------------------------- sarif


def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)  # check_schema fails on an upstream slip; iter_errors works


def test_sarif_validates_against_oasis_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render(sarif, run_of()))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(doc)]
    assert errors == []
    assert doc["version"] == "2.1.0"
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "gklint" and driver["version"] and driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == ["GK301", "GK603", "GK606"]
    rule = driver["rules"][0]
    assert rule["name"] == "applications-balance"
    assert rule["shortDescription"]["text"] == "Summary of applications-balance"
    assert rule["fullDescription"]["text"] == "说明：查什么、为什么。"
    assert "发现「{needle}」" in rule["help"]["text"] and "国办公开办函〔2021〕30号" in rule["help"]["text"] and "坏词" in rule["help"]["text"] and "好词" in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert driver["rules"][2]["defaultConfiguration"]["level"] == "note"


def test_sarif_validator_really_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render(sarif, run_of()))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(sarif_validator().iter_errors(doc))) >= 2


def test_sarif_results(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render(sarif, run_of()))
    results = doc["runs"][0]["results"]
    first = results[0]
    assert first["ruleId"] == "GK301" and first["ruleIndex"] == 0 and first["level"] == "error"
    assert first["message"]["text"] == "表三总计不等于各项之和：100 ≠ 99"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "%E6%8A%A5%E5%91%8A%20%E8%8D%89%E7%A8%BF/%E7%94%B2.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 9}
    assert results[1]["ruleIndex"] == 1 and results[1]["level"] == "warning" and results[1]["fixes"]
    assert results[2]["locations"][0]["message"]["text"] == "第2个表格 第5行 第3列"
    assert results[2]["level"] == "note"


def test_sarif_uri_outside_cwd_is_absolute(tmp_path, monkeypatch):
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    uri, relative = sarif.artifact_uri(str(tmp_path / "其他" / "a b.txt"))
    assert not relative and uri.startswith("file://") and "%20" in uri and "%E5%85%B6" in uri
    assert sarif.artifact_uri("sub\\x.txt" if os.sep == "\\" else "sub/x.txt") == ("sub/x.txt", True)


def test_sarif_empty_run_is_valid(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render(sarif, run_of([])))
    assert list(sarif_validator().iter_errors(doc)) == []
    assert doc["runs"][0]["results"] == []


# --------------------------------------------------------------------------- github


def test_github_annotations_and_escaping():
    lines = render(github, run_of()).splitlines()
    assert lines[0] == "::error file=报告 草稿/甲.txt,line=12,col=5,endLine=12,endColumn=9,title=GK301 applications-balance::表三总计不等于各项之和：100 ≠ 99"
    assert lines[1].startswith("::warning file=")
    assert lines[1].endswith("::文件名称写作「处理费办法」，正确名称为「信息处理费管理办法」。100%25, 见: 第1行%0A第2行")
    assert lines[2].startswith("::notice file=乙.docx,line=4,col=1,endLine=4,endColumn=1,title=GK606 repeated-phrase::")
    assert lines[2].endswith("（位置：第2个表格 第5行 第3列）")
    assert len(lines) == 3


def test_github_property_escaping():
    assert github.escape_property("a,b:c%d\ne\r") == "a%2Cb%3Ac%25d%0Ae%0D"
    assert github.escape_data("a,b:c%d\ne\r") == "a,b:c%25d%0Ae%0D"
    f = Finding("GK301", "x", "error", "m", "dir,with:odd/a.txt", Span(1))
    assert "file=dir%2Cwith%3Aodd/a.txt," in github.format_finding(f)


# --------------------------------------------------------------------------- a GBK console


def test_gbk_console_does_not_crash(tmp_path):
    """Output to a GBK console: characters GBK lacks (emoji) are replaced, 〔〕 survive."""
    assert "〔".encode("gbk") == b"\xa1\xb2"
    with pytest.raises(UnicodeEncodeError):
        "😀".encode("gbk")
    draft = tmp_path / "草稿.txt"
    draft.write_text("<!-- gklint-disable GK999 -->😀 国办公开办函〔2021〕30号\n" + MINIMAL_REPORT, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="gbk", GKLINT_CACHE_DIR=str(tmp_path / "_cache"), NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", str(draft), "--select", "GK904,GK905"], capture_output=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("gbk", "replace")  # warnings only, fail_on=error
    out = proc.stdout.decode("gbk")
    assert "GK904 [warning]" in out and "〔2021〕" in out and "?" in out and "😀" not in out
    assert "内部错误" not in proc.stderr.decode("gbk", "replace")
    # machine formats stay UTF-8 whatever the console encoding
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", str(draft), "--select", "GK904", "--format", "json"], capture_output=True, env=env, cwd=tmp_path)
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data[0]["excerpt"].startswith("<!-- gklint-disable GK999 -->😀")


# --------------------------------------------------------------------------- the seeds, end to end


SEED_FILES = sorted((DATA / "seeds").glob("*.txt"))


def check_seeds(capsys, fmt):
    from gklint import cli

    try:
        cli.main(["check", *[f"seeds/{p.name}" for p in SEED_FILES], "--format", fmt])
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().out


def test_sarif_of_the_seeds_validates_with_rule_metadata(capsys, monkeypatch):
    monkeypatch.chdir(DATA)
    assert len(SEED_FILES) == 5
    code, out = check_seeds(capsys, "sarif")
    assert code == 1
    doc = json.loads(out)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(doc)]
    assert errors == []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {"GK105", "GK202", "GK203", "GK401", "GK501", "GK601", "GK602", "GK603", "GK605", "GK606"}
    for result in results:  # every referenced rule is described, at its index
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"**{rule['id']} {rule['name']}**")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri["uriBaseId"] == "%SRCROOT%" and uri["uri"].startswith("seeds/") and uri["uri"].endswith(".txt")
    assert len({r["id"] for r in rules}) == len(rules)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {f"seeds/{p.name}" for p in SEED_FILES}


def test_github_annotations_of_the_seeds(capsys, monkeypatch):
    import re

    monkeypatch.chdir(DATA)
    code, out = check_seeds(capsys, "github")
    lines = out.splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=seeds/[0-9a-f_]+\.txt,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=GK\d{3} [a-z0-9-]+::\S.*$")
    assert code == 1 and lines and all(pattern.match(line) for line in lines), [l for l in lines if not pattern.match(l)]
    _, as_json = check_seeds(capsys, "json")
    assert len(lines) == len(json.loads(as_json))  # one annotation per finding, nothing else
    assert any(l.startswith("::error file=seeds/001_52fabd2e9e55d580.txt,line=3,") and "title=GK401 period-missing::" in l for l in lines)
    assert any(l.startswith("::error file=seeds/002_5fcbcb2887811187.txt,") and "title=GK501 fee-statement-missing::" in l for l in lines)
    assert any(l.startswith("::warning file=seeds/000_fda45213274d01ac.txt,line=100,") and "GK603" in l for l in lines)
    assert any(l.startswith("::notice file=seeds/004_e71c1f5ffb99afb5.txt,") and "GK605" in l for l in lines)
