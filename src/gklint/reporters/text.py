"""Human output, grouped by file and sorted by position::

    报告.txt:12:5: GK301 [error] 表三 第一列 …
        本年新收政府信息公开申请数量 12 …
        位置：第2个表格 第5行 第3列        (.docx/.html only)
        建议修改为：「……」（可自动修复）

    3 个文件，5 个问题（错误 2，警告 3，提示 0）

Colour (rich) only when ``run.color`` is set — the CLI sets it when stdout is a terminal
and ``NO_COLOR`` is not set; rich is not even imported otherwise.
"""
from __future__ import annotations

from typing import TextIO

from gklint.reporters import SEVERITY_ZH, counts, statistics

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


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
    out.append([(_summary(run), "bold")])
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
    if run.color:
        from rich.console import Console
        from rich.text import Text

        console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False, markup=False)
        for pieces in lines:
            text = Text()
            for piece, style in pieces:
                text.append(piece, style=style or None)
            console.print(text)
        return
    for pieces in lines:
        out.write("".join(piece for piece, _ in pieces) + "\n")
