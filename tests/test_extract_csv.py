"""``gklint extract --format csv``: one row per report, for Excel/WPS, safe against formulas."""
import csv
import io
import json
import os
from pathlib import Path

import fixtures_build as fb
import pytest
import text_fixtures as tf
from engine_fakes import isolated_env, run_cli  # noqa: F401

from gklint import cli
from gklint.extract import COLUMNS, csv_safe, problem_summary

SEEDS = Path(__file__).parent / "data" / "seeds"




def rows_of(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel/WPS on Windows read Chinese right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def by_name(rows):
    return {os.path.basename(r["path"]): r for r in rows}


# --------------------------------------------------------------------------- the seeds


def test_seeds(capsysbinary):
    code, out, _ = run_cli(capsysbinary, "extract", SEEDS, "--format", "csv")
    assert code == 0
    rows = by_name(rows_of(out))
    assert sorted(rows) == sorted(os.listdir(SEEDS))  # folder walked like check (README.md too)
    s0 = rows["000_fda45213274d01ac.txt"]
    assert s0["issuer"] == "虎林市迎春镇人民政府" and s0["year"] == "2024"
    assert (s0["period_start"], s0["period_end"]) == ("2024-01-01", "2024-12-31")
    assert s0["新收"] == s0["办理结果总计"] == s0["复议总计"] == s0["行政事业性收费万元"] == "0"
    assert "处理费" in s0["信息处理费"] and s0["信息处理费"].endswith("。") and s0["problems"] == "0"
    s1 = rows["001_52fabd2e9e55d580.txt"]
    assert s1["period_start"] == s1["period_end"] == ""  # no statistics-period sentence
    assert s1["信息处理费"] == "我镇2024年未收取信息处理费，无其他需要报告事项。"
    s2 = rows["002_5fcbcb2887811187.txt"]
    assert s2["信息处理费"] == ""  # section 六 says only 无。
    assert s2["不予公开"] == "0" and s2["不予处理"] == "" and s2["其他处理"] == "" and s2["办理结果总计"] == "" and s2["结转下年度"] == ""
    assert s2["problems"] == "10" and "缺少行×6" in s2["problem_summary"] and "标签不完整" in s2["problem_summary"]
    s3 = rows["003_e93e2860776d7910.txt"]
    assert "单元格被标签占据×4" in s3["problem_summary"] and s3["信息处理费"].startswith("2024年，大块镇人民政府无政府信息公开收费项目")
    readme = rows["README.md"]
    assert readme["problem_summary"].startswith("没有识别出年度报告") and readme["新收"] == ""
    assert all(r["read_error"] == "" for r in rows.values())


# --------------------------------------------------------------------------- non-zero figures


def expected_row(figures):
    apps, review = figures["applications"], figures["review_litigation"]

    def total(*keys):
        return str(sum(apps[k][6] for k in keys))

    return {
        "新收": total("一"),
        "上年结转": total("二"),
        "予以公开": total("三.一"),
        "部分公开": total("三.二"),
        "不予公开": total(*[f"三.三.{i}" for i in range(1, 9)]),
        "无法提供": total(*[f"三.四.{i}" for i in range(1, 4)]),
        "不予处理": total(*[f"三.五.{i}" for i in range(1, 6)]),
        "其他处理": total(*[f"三.六.{i}" for i in range(1, 4)]),
        "办理结果总计": total("三.七"),
        "结转下年度": total("四"),
        "复议总计": str(review["复议"][4]),
        "直接起诉总计": str(review["直接起诉"][4]),
        "复议后起诉总计": str(review["复议后起诉"][4]),
        "行政事业性收费万元": str(figures["active"]["行政事业性收费"]),
    }


def test_generated_folder_every_layout_and_format(capsysbinary, tmp_path):
    folder = tmp_path / "各单位"
    (folder / "乡镇").mkdir(parents=True)
    figures = tf.sample_figures()
    for i, layout in enumerate(tf.LAYOUTS):
        (folder / "乡镇" / f"{i}-{layout}.txt").write_text(tf.render_report(figures, layout=layout, issuer=f"某某市第{i}局").text, encoding="gb18030" if i % 2 else "utf-8")
    fb.fill_template_docx(folder / "局.docx", fb.SAMPLE_FIGURES)
    (folder / "局.html").write_text(fb.html_report(fb.SAMPLE_FIGURES), encoding="utf-8")
    (folder / "扫描件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / ".gklint.yaml").write_text("exclude: [旧稿]\n", encoding="utf-8")
    (folder / "旧稿").mkdir()
    (folder / "旧稿" / "x.txt").write_text("旧稿\n", encoding="utf-8")
    code, out, err = run_cli(capsysbinary, "extract", folder, "--format", "csv")
    assert code == 2 and "扫描件.docx" in err  # a file that could not be read: exit 2, still a row
    rows = by_name(rows_of(out))
    assert sorted(rows) == sorted(["0-tabs.txt", "1-cells.txt", "2-pipes.txt", "3-vertical.txt", "局.docx", "局.html", "扫描件.docx"])
    assert rows["扫描件.docx"]["read_error"] and rows["扫描件.docx"]["新收"] == "" and rows["扫描件.docx"]["title"] == ""
    want = expected_row(figures)
    assert want["新收"] != "0" and want["不予公开"] != "0"
    for name in ("0-tabs.txt", "1-cells.txt", "2-pipes.txt", "3-vertical.txt"):
        got = rows[name]
        assert {k: got[k] for k in want} == want, name
        assert got["problems"] == "0" and got["read_error"] == "" and got["year"] == "2024"
        assert got["信息处理费"].startswith("依据《政府信息公开信息处理费管理办法》") and "信息处理费" in got["信息处理费"]
    for name in ("局.docx", "局.html"):
        got = rows[name]
        assert {k: got[k] for k in want} == expected_row(fb.SAMPLE_FIGURES), name


def test_missing_part_of_a_group_gives_no_sum(capsysbinary, tmp_path):
    figures = tf.sample_figures()
    figures["applications"]["三.三.4"][6] = "/"
    del figures["applications"]["三.五.2"]
    path = tmp_path / "a.txt"
    path.write_text(tf.render_report(figures).text, encoding="utf-8")
    code, out, _ = run_cli(capsysbinary, "extract", path, "--format", "csv")
    (row,) = rows_of(out)
    assert code == 0 and row["不予公开"] == "" and row["不予处理"] == "" and row["无法提供"] != ""
    assert int(row["problems"]) >= 2 and "缺少行" in row["problem_summary"]


# --------------------------------------------------------------------------- safety, output


def test_formula_injection_guard():
    for value in ("=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(value) == "'" + value
    for value in ("1", "某局", "'=x", "", 5, -3, 2.5, None):
        assert csv_safe(value) == value
    assert problem_summary(["row-missing", "cell-blank", "row-missing", "odd-code"]) == "缺少行×2；空单元格；odd-code"


def test_formula_in_a_draft_is_not_run(capsysbinary, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = tf.render_report(tf.SAMPLE_FIGURES).text.replace("依据《政府信息公开信息处理费管理办法》", '=HYPERLINK("http://x")依据《政府信息公开信息处理费管理办法》')
    Path("=SUM(1,2).txt").write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsysbinary, "extract", "=SUM(1,2).txt", "--format", "csv")
    (row,) = rows_of(out)
    assert code == 0 and row["path"] == "'=SUM(1,2).txt"
    assert row["信息处理费"].startswith("'=HYPERLINK(")
    assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_output_file_is_written_whole(capsysbinary, tmp_path):
    target = tmp_path / "out" / "汇总.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    code, out, _ = run_cli(capsysbinary, "extract", SEEDS, "--format", "csv", "--output", target)
    assert code == 0 and out == b""
    code, stdout_copy, _ = run_cli(capsysbinary, "extract", SEEDS, "--format", "csv")
    assert target.read_bytes() == stdout_copy
    assert os.listdir(target.parent) == ["汇总.csv"]  # no temporary file left behind
    code, _, err = run_cli(capsysbinary, "extract", SEEDS, "--format", "csv", "-o", tmp_path / "no-such-dir" / "x.csv")
    assert code == 2 and "无法写入" in err


def test_json_over_a_folder_is_an_array(capsysbinary, tmp_path):
    code, out, _ = run_cli(capsysbinary, "extract", SEEDS, "-o", tmp_path / "all.json")
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert code == 0 and isinstance(data, list) and len(data) == len(os.listdir(SEEDS))
    code, out, _ = run_cli(capsysbinary, "extract", SEEDS / "004_e71c1f5ffb99afb5.txt")
    assert code == 0 and json.loads(out)["issuer"] == "五常市小山子镇人民政府"


@pytest.mark.parametrize("fmt", ["xml", "text"])
def test_unknown_format(capsysbinary, fmt):
    code, _, err = run_cli(capsysbinary, "extract", SEEDS, "--format", fmt)
    assert code == 2 and "json 或 csv" in err
