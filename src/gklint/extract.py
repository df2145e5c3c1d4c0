"""``gklint extract --format csv``: one spreadsheet row per report with its main figures.

A county office collects its units' reports and adds them up in Excel or WPS.  Each row
holds the file, the title, issuer, year and statistics period, the 表三 totals that
matter (新收, 上年结转, each result group, （七）总计, 结转下年度), the 表四 totals, 表二's
行政事业性收费 and the sentence of section 六 on 信息处理费, plus how many things could
not be read cleanly and a short summary of them.  Columns: :data:`COLUMNS`; documented
in docs/extract-format.md.

Nothing is guessed: a figure that is missing or unreadable — or a group sum with any
missing part — is an empty cell, and ``problems``/``problem_summary`` say why.

The file is UTF-8 with a byte-order mark (``utf-8-sig``) and CRLF line ends, so Excel
and WPS on Windows open the Chinese correctly by double-click.  Text cells that start
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading apostrophe
(``'``), so a spreadsheet never runs a draft's text as a formula (CSV injection);
numbers are written as numbers.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

from gklint.model import Report

COLUMNS = (
    "path",
    "title",
    "issuer",
    "year",
    "period_start",
    "period_end",
    "新收",
    "上年结转",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "办理结果总计",
    "结转下年度",
    "复议总计",
    "直接起诉总计",
    "复议后起诉总计",
    "行政事业性收费万元",
    "信息处理费",
    "problems",
    "problem_summary",
    "read_error",
)

# column -> 表三 row keys whose 总计 cells add up to it
APPLICATION_SUMS = {
    "新收": ("一",),
    "上年结转": ("二",),
    "予以公开": ("三.一",),
    "部分公开": ("三.二",),
    "不予公开": tuple(f"三.三.{i}" for i in range(1, 9)),
    "无法提供": tuple(f"三.四.{i}" for i in range(1, 4)),
    "不予处理": tuple(f"三.五.{i}" for i in range(1, 6)),
    "其他处理": tuple(f"三.六.{i}" for i in range(1, 4)),
    "办理结果总计": ("三.七",),
    "结转下年度": ("四",),
}
REVIEW_TOTALS = {"复议总计": "复议", "直接起诉总计": "直接起诉", "复议后起诉总计": "复议后起诉"}

PROBLEM_ZH = {
    "table-missing": "缺少表格",
    "header-missing": "缺少表头",
    "row-missing": "缺少行",
    "column-missing": "缺少列",
    "row-duplicate": "重复的行",
    "too-few-values": "数值少于列数",
    "too-many-values": "数值多于列数",
    "number-run-ambiguous": "连写的数字无法拆分",
    "cell-blank": "空单元格",
    "cell-dash": "单元格为横线",
    "cell-not-number": "单元格不是数字",
    "cell-unit": "数字带单位",
    "cell-negative": "负数",
    "cell-decimal": "小数",
    "cell-covered": "单元格被标签占据",
    "label-variant": "标签写法不规范",
    "label-truncated": "标签不完整",
    "table-outdated": "表格为2019年旧格式",
}
NO_REPORT = "没有识别出年度报告"
FEE_WORDS = ("处理费", "收费")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell as a spreadsheet will not run it: ``'`` before a leading ``= + - @``, tab or CR."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _total(values: list | None, index: int) -> int | float | None:
    if not values or index >= len(values):
        return None
    return values[index]


def _sum(items: Iterable[int | float | None]) -> int | float | None:
    total: int | float = 0
    for item in items:
        if item is None:
            return None  # a missing part: no sum rather than a wrong one
        total += item
    return total


def fee_sentence(report: Report) -> str:
    """The first sentence of section 六 that mentions 处理费 or 收费 ('' when none)."""
    section = report.section("六")
    if section is None:
        return ""
    for paragraph in section.paragraphs:
        for match in _SENTENCE.finditer(paragraph.text):
            sentence = match.group(0).strip()
            if any(word in sentence for word in FEE_WORDS):
                return sentence
    return ""


def problem_summary(codes: Iterable[str]) -> str:
    """``缺少行×6；标签写法不规范×2`` — codes in order of first appearance, with counts."""
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return "；".join(f"{PROBLEM_ZH.get(code, code)}×{n}" if n > 1 else PROBLEM_ZH.get(code, code) for code, n in counts.items())


def report_row(report: Report, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The CSV row of a recognized report (``data``: its :func:`gklint.recognize.to_json`)."""
    if data is None:
        from gklint.recognize import to_json

        data = to_json(report)
    tables = data["tables"]
    apps = tables["applications"]
    app_total = list(tables["applications_columns"]).index("总计")
    review = tables["review_litigation"]
    review_total = list(tables["review_litigation_columns"]).index("总计")
    period = data.get("period") or {}
    row: dict[str, Any] = {
        "path": report.path,
        "title": report.title or "",
        "issuer": report.issuer or "",
        "year": report.year,
        "period_start": period.get("start"),
        "period_end": period.get("end"),
    }
    for column, keys in APPLICATION_SUMS.items():
        row[column] = _sum(_total(apps.get(key), app_total) for key in keys)
    for column, key in REVIEW_TOTALS.items():
        row[column] = _total(review.get(key), review_total)
    row["行政事业性收费万元"] = tables["active"].get("行政事业性收费")
    row["信息处理费"] = fee_sentence(report)
    codes = [p.code for p in report.problems]
    if not report.sections and not any(t.found for t in report.tables.values()):
        codes.insert(0, "no-report")
    row["problems"] = len(codes)
    row["problem_summary"] = problem_summary(NO_REPORT if c == "no-report" else c for c in codes)
    row["read_error"] = ""
    return row


def error_row(path: str, message: str) -> dict[str, Any]:
    """The CSV row of a file that could not be read."""
    row: dict[str, Any] = {column: None for column in COLUMNS}
    row.update(path=path, read_error=message)
    return row


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    return csv_safe(str(value))


def to_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """The CSV file: UTF-8 with BOM, CRLF, a header row of :data:`COLUMNS`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
