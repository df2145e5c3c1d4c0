"""Human output, grouped by file and sorted by position::

    报告.txt:12:5: GK301 [error] 表三 第一列 …
        本年新收政府信息公开申请数量 12 …
        位置：第2个表格 第5行 第3列        (.docx/.html only)
        建议修改为：「……」（可自动修复）

    3 个文件，5 个问题（错误 2，警告 3，提示 0）

With more than one file, a summary comes before that last line: files checked, with
problems and unreadable; findings by family (GK1xx …) and severity; the files that could
not be read and why.  A rich table on a terminal, aligned plain text otherwise
(Chinese characters counted as two columns).

Colour (rich) only when ``run.color`` is set — the CLI sets it when stdout is a terminal
and ``NO_COLOR`` is not set; rich is not even imported otherwise.
"""
from __future__ import annotations

import re
import unicodedata
from typing import TextIO

from gklint.reporters import SEVERITY_ZH, counts, statistics

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LEVELS = ("error", "warning", "info")
FAMILY_ZH = {
    "GK1xx": "结构",
    "GK2xx": "表格完整",
    "GK3xx": "勾稽关系",
    "GK4xx": "统计期限与年份",
    "GK5xx": "收费说明",
    "GK6xx": "规范用语",
    "GK7xx": "文字与表格一致",
    "GK9xx": "输入问题",
}
INPUT_ERROR = "GK901"
_FAMILY_RE = re.compile(r"^([A-Za-z]+)(\d)\d\d$")


def family(rule_id: str) -> str:
    """``GK301`` → ``GK3xx`` (plugin prefixes alike); an ID of another shape is its own family."""
    m = _FAMILY_RE.match(rule_id)
    return f"{m.group(1)}{m.group(2)}xx" if m else rule_id


def summary_data(run) -> dict:
    """What the summary table shows (also handy for tests and embedders)."""
    families: dict[str, dict[str, int]] = {}
    with_problems: set[str] = set()
    unreadable: dict[str, str] = {}
    for f in run.findings:
        row = families.setdefault(family(f.rule), {level: 0 for level in LEVELS})
        row[f.severity] = row.get(f.severity, 0) + 1
        with_problems.add(f.path)
        if f.rule == INPUT_ERROR and f.path not in unreadable:
            unreadable[f.path] = f.message
    return {
        "files": len(run.files),
        "with_problems": len(with_problems),
        "unreadable": unreadable,
        "families": dict(sorted(families.items())),
        "totals": counts(run.findings),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _family_label(key: str) -> str:
    return f"{key} {FAMILY_ZH[key]}" if key in FAMILY_ZH else key


def _files_line(data: dict) -> str:
    return f"文件：检查 {data['files']} 个，有问题 {data['with_problems']} 个，无法读取 {len(data['unreadable'])} 个"


def _summary_rows(data: dict) -> list[list[str]]:
    rows = []
    for key, row in data["families"].items():
        rows.append([_family_label(key)] + [str(row.get(level, 0)) for level in LEVELS] + [str(sum(row.values()))])
    totals = data["totals"]
    rows.append(["合计"] + [str(totals[level]) for level in LEVELS] + [str(sum(totals.values()))])
    return rows


_HEADER = ["类别", "错误", "警告", "提示", "合计"]


def _summary_plain(data: dict) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = [[("汇总", "bold")], [("  " + _files_line(data), "")]]
    if data["families"]:
        rows = [_HEADER] + _summary_rows(data)
        widths = [max(_width(r[i]) for r in rows) for i in range(len(_HEADER))]
        for r in rows:
            cells = [_pad(r[0], widths[0])] + [_pad(c, max(widths[i], 4), right=True) for i, c in enumerate(r[1:], 1)]
            out.append([("  " + "  ".join(cells).rstrip(), "")])
    if data["unreadable"]:
        out.append([("  无法读取的文件：", "")])
        for path, message in data["unreadable"].items():
            out.append([(f"    {path}：{message}", "")])
    out.append([])
    return out


def _summary_rich(console, data: dict) -> None:
    from rich.table import Table

    console.print(_files_line(data), style="bold")
    if data["families"]:
        table = Table(title=None, show_edge=True, header_style="bold")
        for i, name in enumerate(_HEADER):
            table.add_column(name, justify="left" if i == 0 else "right", style=_STYLE.get(LEVELS[i - 1], "") if 1 <= i <= 3 else None)
        rows = _summary_rows(data)
        for i, r in enumerate(rows):
            table.add_row(*r, style="bold" if i == len(rows) - 1 else None, end_section=i == len(rows) - 2)
        console.print(table)
    if data["unreadable"]:
        console.print("无法读取的文件：")
        for path, message in data["unreadable"].items():
            console.print(f"  {path}：{message}", style="red")
    console.print()


def _lines(run) -> list[list[tuple[str, str]]]:
    """Output as lines of ``(text, style)`` pieces; style "" = plain."""
    out: list[list[tuple[str, str]]] = []
    if run.statistics:
        for entry in statistics(run.findings):
            fix = f"  （{entry['fixable']} 个可修复）" if entry["fixable"] else ""
            out.append([(f"{entry['count']:>5}  ", "bold"), (entry["rule"], "bold magenta"), (f"  {entry['name']}  ", ""), (f"[{entry['severity']}]", _STYLE.get(entry["severity"], "")), (fix, "dim")])
        if out:
            out.append([])
    else:
        current = None
        for f in run.findings:
            if current is not None and f.path != current:
                out.append([])
            current = f.path
            out.append(
                [
                    (f"{f.path}:{f.span.line}:{f.span.column}:", "bold"),
                    (" ", ""),
                    (f.rule, "bold magenta"),
                    (" ", ""),
                    (f"[{f.severity}]", _STYLE.get(f.severity, "")),
                    (f" {f.message}", ""),
                ]
            )
            if f.excerpt:
                out.append([("    " + f.excerpt, "dim")])
            if f.span.where:
                out.append([(f"    位置：{f.span.where}", "dim")])
            if f.fix is not None:
                how = "可自动修复" if f.fix.safe else "修改前请确认"
                replacement = f.fix.replacement if f.fix.replacement else "（删除）"
                out.append([(f"    建议修改为：「{replacement}」（{how}）", "green")])
        if run.findings:
            out.append([])
    return out


def _summary(run) -> str:
    n_files = len(run.files)
    if not run.findings:
        return f"{n_files} 个文件，没有发现问题"
    c = counts(run.findings)
    detail = "，".join(f"{SEVERITY_ZH[level]} {c[level]}" for level in ("error", "warning", "info"))
    return f"{n_files} 个文件，{len(run.findings)} 个问题（{detail}）"


def report(run, out: TextIO) -> None:
    lines = _lines(run)
    data = summary_data(run) if len(run.files) > 1 else None
    last = [(_summary(run), "bold")]
    if run.color:
        from rich.console import Console
        from rich.text import Text

        console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False, markup=False)

        def show(pieces: list[tuple[str, str]]) -> None:
            text = Text()
            for piece, style in pieces:
                text.append(piece, style=style or None)
            console.print(text)

        for pieces in lines:
            show(pieces)
        if data is not None:
            _summary_rich(console, data)
        show(last)
        return
    if data is not None:
        lines += _summary_plain(data)
    for pieces in lines + [last]:
        out.write("".join(piece for piece, _ in pieces) + "\n")
