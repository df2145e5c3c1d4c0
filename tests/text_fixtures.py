"""Render full text drafts (title, period sentence, six sections, 表二/表三/表四) from figures.

Not a test module: tests import it.  The layouts are the ones real drafts arrive in
(see ``tests/data/seeds/README.md``):

* ``"tabs"``     — one table row per line, cells separated by tabs, Markdown headings
  (like seed 000);
* ``"cells"``    — one cell per line (tab-indented), a blank line between rows, header
  words broken over lines (``商业\\n企业``), plain headings (like seeds 001/004);
* ``"pipes"``    — Markdown pipe rows ``| a | b |`` with a ``|---|`` separator row;
* ``"vertical"`` — one cell per line like ``"cells"``, with the 表四 header written one
  character per line (``结\\n果\\n维\\n持``) and the 表三 header words split over two
  header rows (``商业`` / ``企业``), like seed 004.

Figures have the shape of ``tests/fixtures_build.py``'s ``SAMPLE_FIGURES``::

    {"active": {"规章": [制发, 废止, 现行有效], "行政规范性文件": [...],
                "行政许可": n, "行政处罚": n, "行政强制": n, "行政事业性收费": 万元},
     "applications": {"一": [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计], ...},
     "review_litigation": {"复议" | "直接起诉" | "复议后起诉": [结果维持, 结果纠正, 其他结果, 尚未审结, 总计]}}

A value may be an int, a float, a string written into the cell as-is (``"/"``,
``"5件"``, ``""``) or ``None`` (blank cell).  A list shorter than the table is written
with fewer cells (a row with too few values); a row key left out of the dict is not
written at all (a missing row).  :func:`sample_figures` gives a fresh copy of
:data:`SAMPLE_FIGURES` (every cell non-zero, every identity of the format satisfied) to
break for defective variants.

:func:`render_report` returns a :class:`Rendered`: the text, plus the 1-based
``(line, column)`` where every value cell and every row label was written, so tests can
check the positions the recognizer reports.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from fixtures_build import figures_from, identity_errors  # noqa: F401  (one definition of the identities for every fixture)

LAYOUTS = ("tabs", "cells", "pipes", "vertical")

ACTIVE_TRIPLES = ("规章", "行政规范性文件")
ACTIVE_TRIPLE_COLUMNS = ("制发", "废止", "现行有效")
ACTIVE_SINGLES = {"行政许可": "处理决定", "行政处罚": "处理决定", "行政强制": "处理决定", "行政事业性收费": "收费金额"}
APPLICATION_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_GROUPS = ("复议", "直接起诉", "复议后起诉")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

SECTION_HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}

# 表三 rows in template order: key -> leaf label (numbered as drafts write them).
APPLICATION_LABELS = {
    "一": "一、本年新收政府信息公开申请数量",
    "二": "二、上年结转政府信息公开申请数量",
    "三.一": "（一）予以公开",
    "三.二": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "三.三.1": "1.属于国家秘密",
    "三.三.2": "2.其他法律行政法规禁止公开",
    "三.三.3": "3.危及“三安全一稳定”",
    "三.三.4": "4.保护第三方合法权益",
    "三.三.5": "5.属于三类内部事务信息",
    "三.三.6": "6.属于四类过程性信息",
    "三.三.7": "7.属于行政执法案卷",
    "三.三.8": "8.属于行政查询事项",
    "三.四.1": "1.本机关不掌握相关政府信息",
    "三.四.2": "2.没有现成信息需要另行制作",
    "三.四.3": "3.补正后申请内容仍不明确",
    "三.五.1": "1.信访举报投诉类申请",
    "三.五.2": "2.重复申请",
    "三.五.3": "3.要求提供公开出版物",
    "三.五.4": "4.无正当理由大量反复申请",
    "三.五.5": "5.要求行政机关确认或重新出具已获取信息",
    "三.六.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "三.六.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "三.六.3": "3.其他",
    "三.七": "（七）总计",
    "四": "四、结转下年度继续办理",
}
APPLICATION_KEYS = tuple(APPLICATION_LABELS)
LEAF_KEYS = tuple(k for k in APPLICATION_KEYS if k.startswith("三.") and k != "三.七")
GROUP_LABELS = {"三.三": "（三）不予公开", "三.四": "（四）无法提供", "三.五": "（五）不予处理", "三.六": "（六）其他处理"}
IDENTITY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# --------------------------------------------------------------------------- figures


def _build_sample() -> dict[str, Any]:
    """Every cell non-zero; the figures of a busy county bureau."""
    leaves: dict[str, list[int]] = {}
    for i, key in enumerate(LEAF_KEYS):
        natural = 3 + (i * 7) % 11  # natural persons file most requests
        others = [1 + (i + 2 * c) % 4 for c in range(1, 6)]
        leaves[key] = [natural, *others]
    return figures_from(
        leaves, carried_in=[4, 2, 1, 1, 1, 2], carried_out=[6, 1, 2, 1, 1, 1],
        active={"规章": [2, 1, 7], "行政规范性文件": [6, 3, 41], "行政许可": 1268, "行政处罚": 356, "行政强制": 12,
                "行政事业性收费": 3.25},
        review={"复议": [3, 1, 2, 1, 7], "直接起诉": [2, 1, 1, 3, 7], "复议后起诉": [1, 2, 1, 1, 5]},
    )


SAMPLE_FIGURES: dict[str, Any] = _build_sample()


def sample_figures() -> dict[str, Any]:
    """A fresh deep copy of :data:`SAMPLE_FIGURES`, to break for a defective variant."""
    return copy.deepcopy(SAMPLE_FIGURES)


def expected_tables(figures: dict[str, Any]) -> dict[str, Any]:
    """What ``to_json(report)["tables"]`` holds for a report rendered from ``figures``
    whose every cell is a plain number."""
    return {
        "active": copy.deepcopy(figures["active"]),
        "applications": copy.deepcopy(figures["applications"]),
        "applications_columns": list(APPLICATION_COLUMNS),
        "review_litigation": copy.deepcopy(figures["review_litigation"]),
        "review_litigation_columns": list(REVIEW_COLUMNS),
    }


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------- logical tables


@dataclass
class C:
    """A logical cell: its text (``\\n`` where the draft breaks it over lines) and what it is."""

    text: str
    value: tuple[str, str, str] | None = None  # (table, row, column) of a value cell
    label: tuple[str, str] | None = None  # (table, row) of a row label


def _values(table: str, row: str, columns: tuple[str, ...], values: Any) -> list[C]:
    if not isinstance(values, list):
        values = [values]
    # values beyond the columns (a row with too many values) are written, not recorded
    return [C(fmt(v), value=(table, row, columns[i]) if i < len(columns) else None) for i, v in enumerate(values)]


def _active_rows(active: dict[str, Any], layout: str, relabel: dict[str, str]) -> list[list[C]]:
    def lab(text: str) -> str:
        return relabel.get(text, text)

    rows: list[list[C]] = []

    def item(key: str) -> None:
        if key not in active:
            return
        columns = ACTIVE_TRIPLE_COLUMNS if key in ACTIVE_TRIPLES else (ACTIVE_SINGLES[key],)
        row = [C(lab(key), label=("active", key)), *_values("active", key, columns, active[key])]
        if layout in ("tabs", "pipes") and key not in ACTIVE_TRIPLES:
            row += [C(""), C("")]  # the merged value cell's empty columns, like seed 000
        rows.append(row)

    rows.append([C(lab("第二十条第（一）项"))])
    rows.append([C(lab(t)) for t in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")])
    item("规章")
    item("行政规范性文件")
    rows.append([C(lab("第二十条第（五）项"))])
    rows.append([C(lab("信息内容")), C(lab("本年处理决定数量"))])
    item("行政许可")
    rows.append([C(lab("第二十条第（六）项"))])
    rows.append([C(lab("信息内容")), C(lab("本年处理决定数量"))])
    item("行政处罚")
    item("行政强制")
    rows.append([C(lab("第二十条第（八）项"))])
    rows.append([C(lab("信息内容")), C(lab("本年收费金额（单位：万元）"))])
    item("行政事业性收费")
    return rows


def _active_rows_2019() -> list[list[C]]:
    """表二 of the outdated 2019 trial format (国办公开办函〔2019〕60号)."""
    t = [
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "2", "2", "7"],
        ["规范性文件", "6", "6", "41"],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "35", "2", "1268"],
        ["其他对外管理服务事项", "4", "0", "16"],
        ["第二十条第（六）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "120", "-3", "356"],
        ["行政强制", "9", "0", "12"],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", "3", "0"],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", "11", "86.5"],
    ]
    return [[C(x) for x in row] for row in t]


def _applications_rows(apps: dict[str, Any], layout: str, relabel: dict[str, str]) -> list[list[C]]:
    def lab(text: str) -> str:
        return relabel.get(text, text)

    if layout == "tabs":  # like seed 000: half-width brackets with a space, ten cells a row
        def br(text: str) -> str:
            return text.replace("（", "(", 1).replace("）", ") ", 1) if text.startswith("（") else text
        note = "(" + IDENTITY_NOTE[1:-1] + ")"
    else:
        def br(text: str) -> str:
            return text
        note = IDENTITY_NOTE

    rows: list[list[C]] = []
    grid = layout in ("tabs", "pipes")
    if grid:
        rows.append([C(note), C(""), C("申请人情况")])
        rows.append([C(""), C(""), C("自然人"), C("法人或其他组织"), C(""), C(""), C(""), C(""), C("总计")])
        rows.append([C(""), C(""), C("")] + [C(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")])
    elif layout == "cells":  # like seed 001
        rows.append([C(note), C("申请人情况")])
        rows.append([C(""), C("自然人"), C("法人或其他组织"), C("总计")])
        rows.append([C(""), C("")] + [C(x) for x in ("商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他")] + [C("")])
    else:  # vertical, like seed 004: words split over two header rows
        rows.append([C(note), C("申请人情况")])
        rows.append([C(""), C("自然人"), C("法人或其他组织"), C("总计")])
        rows.append([C(""), C("")] + [C(x) for x in ("商业", "科研", "社会\n公益\n组织", "法律\n服务\n机构", "其他")] + [C("")])
        rows.append([C(""), C(""), C("企业"), C("机构"), C(""), C(""), C(""), C("")])
    for key, label in APPLICATION_LABELS.items():
        if key not in apps:
            continue
        values = _values("applications", key, APPLICATION_COLUMNS, apps[key])
        text = lab(br(label))
        label_cell = C(text, label=("applications", key))
        group = key.rsplit(".", 1)[0]
        # grid layouts (like seed 000): rows with fewer than three label cells end with an
        # empty cell; the label of 一/二/四/（七） sits in the first cell, then an empty one
        end = [C("")] if grid else []
        if key in ("一", "二", "四", "三.七") and grid:
            row = [label_cell, C("")] + values + end
        elif key in ("一", "二", "四"):
            row = [label_cell] + values
        elif key == "三.一":
            row = [C(lab(br("三、本年度办理结果"))), label_cell] + values + end
        elif group in GROUP_LABELS:
            first = key.endswith(".1")
            row = [C(""), C(lab(br(GROUP_LABELS[group])) if first else ""), label_cell] + values
        else:  # 三.二, and 三.七 outside grid layouts
            row = [C(""), label_cell] + values + end
        rows.append(row)
    return rows


def _review_rows(review: dict[str, Any], layout: str) -> list[list[C]]:
    values = []
    for g in REVIEW_GROUPS:
        if g in review:
            values += _values("review_litigation", g, REVIEW_COLUMNS, review[g])
    if layout in ("tabs", "pipes"):  # like seed 000
        heads = [C(h) for h in REVIEW_COLUMNS]
        return [
            [C("行政复议"), C(""), C(""), C(""), C(""), C("行政诉讼")],
            heads + [C("未经复议直接起诉"), C(""), C(""), C(""), C(""), C("复议后起诉")],
            [C("") for _ in range(5)] + heads + [C(h) for h in REVIEW_COLUMNS],
            values,
        ]
    if layout == "cells":  # like seed 001
        heads = [C("结果维持"), C("结果\n纠正"), C("其他\n结果"), C("尚未\n审结"), C("总计")]
        sub = [C("结果\n维持"), C("结果\n纠正"), C("其他\n结果"), C("尚未\n审结"), C("总计")]
        return [
            [C("行政复议"), C("行政诉讼")],
            heads + [C("未经复议直接起诉"), C("复议后起诉")],
            [C("") for _ in range(5)] + sub + [C(x.text) for x in sub],
            values,
        ]
    # vertical, like seed 004: one character per line
    def vert(text: str) -> C:
        return C("\n".join(text))

    heads = [vert(h) for h in REVIEW_COLUMNS]
    return [
        [C("政府信息公开行政复议、行政诉讼情况")],
        [C("行政复议"), C("行政诉讼")],
        heads + [C("未经复议直接起诉"), C("复议后起诉")],
        [C("") for _ in range(5)] + [vert(h) for h in REVIEW_COLUMNS] * 2,
        values,
    ]


# --------------------------------------------------------------------------- writing


@dataclass
class Rendered:
    """A rendered draft: its text and where each value cell / row label was written."""

    text: str
    layout: str
    cells: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)
    labels: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def line_count(self) -> int:
        return len(self.text.split("\n"))

    def line_of(self, needle: str) -> int:
        """1-based number of the first line containing ``needle``."""
        for i, line in enumerate(self.text.split("\n"), 1):
            if needle in line:
                return i
        raise KeyError(needle)

    def encode(self, encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> bytes:
        text = self.text.replace("\n", newline)
        data = text.encode(encoding)
        if bom:
            data = "\ufeff".encode(encoding) + data
        return data


class _Writer:
    def __init__(self, layout: str):
        self.layout = layout
        self.lines: list[str] = []
        self.out = Rendered("", layout)

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def line(self, text: str = "") -> None:
        self.lines.append(text)

    def para(self, text: str, heading: str = "") -> None:
        self.line(f"{heading} {text}" if heading else text)
        self.line()

    def _record(self, cell: C, line: int, column: int) -> None:
        if cell.value:
            self.out.cells[cell.value] = (line, column)
        if cell.label:
            self.out.labels[cell.label] = (line, column)

    def table(self, rows: list[list[C]]) -> None:
        if self.layout == "tabs":
            self._tab_table(rows)
        elif self.layout == "pipes":
            self._pipe_table(rows)
        else:
            self._cell_table(rows)
        self.line()

    def _width(self, rows: list[list[C]]) -> int:
        return max(len(r) for r in rows)

    def _tab_table(self, rows: list[list[C]]) -> None:
        width = self._width(rows)
        for row in rows:
            # caption and header rows are padded to the table width, like seed 000; value
            # rows are written as they are (a row missing a value has one cell fewer)
            cells = row if any(c.value for c in row) else row + [C("")] * (width - len(row))
            lineno = self.next_line
            col = 1
            texts = []
            for cell in cells:
                text = cell.text.replace("\n", "")
                self._record(cell, lineno, col)
                texts.append(text)
                col += len(text) + 1
            self.line("\t".join(texts))

    def _pipe_table(self, rows: list[list[C]]) -> None:
        width = self._width(rows)
        for i, row in enumerate(rows):
            cells = row if any(c.value for c in row) else row + [C("")] * (width - len(row))
            lineno = self.next_line
            line = "|"
            for cell in cells:
                text = cell.text.replace("\n", "")
                raw = f" {text} "
                lead = len(raw) - len(raw.lstrip(" "))
                self._record(cell, lineno, len(line) + lead + 1)
                line += raw + "|"
            self.line(line)
            if i == 0:
                self.line("|" + "---|" * width)

    def _cell_table(self, rows: list[list[C]]) -> None:
        for row in rows:
            for cell in row:
                first, *rest = cell.text.split("\n")
                self._record(cell, self.next_line, 2)
                self.line("\t" + first)
                for piece in rest:
                    self.line(piece)
            self.line()


def render_report(
    figures: dict[str, Any] | None = None,
    layout: str = "tabs",
    *,
    issuer: str = "某某市自然资源局",
    year: int = 2024,
    title_split: bool = False,
    period: str | None = "default",
    headings: dict[str, str | None] | None = None,
    relabel: dict[str, str] | None = None,
    active_2019: bool = False,
    omit_tables: tuple[str, ...] = (),
) -> Rendered:
    """A full draft in ``layout`` (one of :data:`LAYOUTS`).

    ``period``: the statistics-period sentence (``None``: no such sentence; ``"default"``:
    统计期限自{year}年1月1日起至{year}年12月31日止).  ``headings`` maps a section
    numeral to the heading text to write instead of the standard one (``None`` drops
    the heading line).  ``relabel`` maps a label or header cell's text, exactly as the
    layout writes it, to a replacement.  ``active_2019`` writes 表二 in the outdated
    2019 format.  ``omit_tables`` names tables (``"active"``, ``"applications"``,
    ``"review_litigation"``) left out, their section heading kept.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    figures = SAMPLE_FIGURES if figures is None else figures
    relabel = relabel or {}
    heads = dict(SECTION_HEADINGS, **(headings or {}))
    markdown = layout in ("tabs", "pipes")
    w = _Writer(layout)

    def heading(number: str, level: str) -> None:
        text = heads[number]
        if text is None:
            return
        w.para(text, level if markdown else "")

    w.line()
    if title_split:
        w.para(f"{issuer}{year}年", "#" if markdown else "")
        w.para("政府信息公开工作年度报告", "##" if markdown else "")
    else:
        w.para(f"{issuer}{year}年政府信息公开工作年度报告", "#" if markdown else "")
    w.para(f"根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
           f"（国办公开办函〔2021〕30号）要求，编制本报告。")
    if period == "default":
        period = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    if period:
        w.para(period + f"本报告电子版可在{issuer}门户网站政府信息公开专栏下载。")

    apps = figures["applications"]
    active = figures["active"]
    total = apps.get("一", [0] * 7)
    heading("一", "###")
    w.para("（一）主动公开", "####" if markdown else "")
    w.para(f"{year}年，{issuer}坚持以公开为常态、不公开为例外，通过门户网站主动公开政府信息"
           f"{fmt(active.get('行政许可'))}条，及时发布行政许可、行政处罚结果等信息。")
    w.para("（二）依申请公开", "####" if markdown else "")
    w.para(f"全年新收政府信息公开申请{fmt(total[-1] if isinstance(total, list) and total else '')}件，"
           "均在法定期限内答复。")
    w.para("（三）政府信息管理", "####" if markdown else "")
    w.para("严格执行公开前保密审查制度，动态调整主动公开基本目录。")
    w.para("（四）政府信息公开平台建设", "####" if markdown else "")
    w.para("持续优化门户网站政府信息公开专栏，完善栏目设置，提升检索功能。")
    w.para("（五）监督保障", "####" if markdown else "")
    w.para("将政务公开纳入年度绩效考核，全年未发生责任追究情况。")

    heading("二", "##")
    if "active" not in omit_tables:
        w.table(_active_rows_2019() if active_2019 else _active_rows(active, layout, relabel))

    heading("三", "###")
    if "applications" not in omit_tables:
        w.table(_applications_rows(apps, layout, relabel))

    heading("四", "####")
    if "review_litigation" not in omit_tables:
        w.table(_review_rows(figures["review_litigation"], layout))

    heading("五", "##")
    w.para("本机关政府信息公开工作取得一定成效，但仍存在政策解读形式较单一、答复文书规范性有待提高等问题。")
    w.para("下一步，将丰富图解、视频等解读形式，加强答复文书审核，提升依申请公开办理质量。")

    if heads["六"] is not None:
        w.para(f"**{heads['六']}**" if layout == "tabs" else heads["六"], "##" if markdown else "")
    unpaid = figures["applications"].get("三.六.2", [0] * 7)[-1]
    if isinstance(unpaid, (int, float)) and unpaid > 0:
        w.para(f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关{year}年度发出收费通知{fmt(unpaid)}件，"
               f"申请人均逾期未缴纳，实际收取信息处理费0元。")
    else:
        w.para(f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关{year}年度未收取信息处理费。")

    w.out.text = "\n".join(w.lines)
    return w.out
