"""Build realistic test drafts (.docx and HTML) with non-zero figures.

Not a test module: tests import it.  ``SAMPLE_FIGURES`` satisfies every identity of the
2021 format (see :func:`identity_errors`); copy it with :func:`sample_figures` and break
it to make defective drafts — any value may be an int, a float, a string written into
the cell as-is (``"/"``, ``""``, ``"1,234"``, ``"5件"``) or ``None`` (cell left as the
template has it: blank / U+3000).

Figures layout::

    {"active": {"规章": [制发, 废止, 现行有效], "行政规范性文件": [...],
                "行政许可": n, "行政处罚": n, "行政强制": n, "行政事业性收费": 万元},
     "applications": {"一": [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计], ...},
     "review_litigation": {"复议" | "直接起诉" | "复议后起诉": [结果维持, 结果纠正, 其他结果, 尚未审结, 总计]}}

The .docx drafts are the real blank template (``tests/data/blank-template-2021.docx``,
copied from ``shared/fixtures`` so a clean clone is self-sufficient) filled with
python-docx: its merged cells are what Word/WPS drafts really contain.
"""
from __future__ import annotations

import copy
import html as _html
import io
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent / "data" / "blank-template-2021.docx"

APPLICATION_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_GROUPS = ("复议", "直接起诉", "复议后起诉")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# (row key, row label as the template writes it) in template order: the 25 data rows of 表三.
APPLICATION_ROWS: tuple[tuple[str, str], ...] = (
    ("一", "一、本年新收政府信息公开申请数量"),
    ("二", "二、上年结转政府信息公开申请数量"),
    ("三.一", "（一）予以公开"),
    ("三.二", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("三.三.1", "1.属于国家秘密"),
    ("三.三.2", "2.其他法律行政法规禁止公开"),
    ("三.三.3", "3.危及“三安全一稳定”"),
    ("三.三.4", "4.保护第三方合法权益"),
    ("三.三.5", "5.属于三类内部事务信息"),
    ("三.三.6", "6.属于四类过程性信息"),
    ("三.三.7", "7.属于行政执法案卷"),
    ("三.三.8", "8.属于行政查询事项"),
    ("三.四.1", "1.本机关不掌握相关政府信息"),
    ("三.四.2", "2.没有现成信息需要另行制作"),
    ("三.四.3", "3.补正后申请内容仍不明确"),
    ("三.五.1", "1.信访举报投诉类申请"),
    ("三.五.2", "2.重复申请"),
    ("三.五.3", "3.要求提供公开出版物"),
    ("三.五.4", "4.无正当理由大量反复申请"),
    ("三.五.5", "5.要求行政机关确认或重新出具已获取信息"),
    ("三.六.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("三.六.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("三.六.3", "3.其他"),
    ("三.七", "（七）总计"),
    ("四", "四、结转下年度继续办理"),
)
APPLICATION_KEYS = tuple(k for k, _ in APPLICATION_ROWS)
LEAF_KEYS = tuple(k for k in APPLICATION_KEYS if k.startswith("三.") and k != "三.七")
GROUPS = {"三.三": "（三）不予公开", "三.四": "（四）无法提供", "三.五": "（五）不予处理", "三.六": "（六）其他处理"}

# The 21 leaf rows for the six applicant columns; 一, 三.七 and 总计 are derived below.
_LEAVES = {
    "三.一": [20, 4, 1, 1, 2, 1],
    "三.二": [5, 1, 0, 0, 1, 0],
    "三.三.1": [1, 0, 0, 0, 0, 0],
    "三.三.2": [0, 0, 0, 0, 0, 0],
    "三.三.3": [1, 0, 0, 0, 0, 0],
    "三.三.4": [2, 1, 0, 0, 1, 0],
    "三.三.5": [0, 0, 0, 0, 0, 0],
    "三.三.6": [1, 0, 0, 0, 0, 0],
    "三.三.7": [0, 0, 0, 0, 0, 0],
    "三.三.8": [1, 0, 0, 0, 0, 0],
    "三.四.1": [8, 2, 0, 1, 0, 0],
    "三.四.2": [2, 0, 0, 0, 0, 0],
    "三.四.3": [1, 0, 0, 0, 0, 0],
    "三.五.1": [2, 0, 0, 0, 0, 0],
    "三.五.2": [1, 1, 0, 0, 0, 0],
    "三.五.3": [0, 0, 0, 0, 0, 0],
    "三.五.4": [0, 0, 0, 0, 0, 0],
    "三.五.5": [1, 0, 0, 0, 0, 0],
    "三.六.1": [1, 0, 0, 0, 0, 0],
    "三.六.2": [0, 0, 0, 0, 0, 0],
    "三.六.3": [1, 0, 0, 0, 0, 1],
}
_CARRIED_IN = [2, 0, 0, 1, 0, 0]  # 二
_CARRIED_OUT = [3, 1, 0, 0, 1, 0]  # 四


def figures_from(leaves: dict[str, list], carried_in: list, carried_out: list, active: dict[str, Any],
                 review: dict[str, list]) -> dict[str, Any]:
    """Figures that satisfy every identity of 表三, built from the six applicant columns of
    the 21 result rows, 二 and 四: （七）总计 = Σ results, 一 = （七）+ 四 − 二, 总计 = Σ columns."""
    total = [sum(leaves[k][c] for k in LEAF_KEYS) for c in range(6)]
    received = [total[c] + carried_out[c] - carried_in[c] for c in range(6)]
    rows = dict(leaves, **{"一": received, "二": carried_in, "三.七": total, "四": carried_out})
    applications = {key: list(rows[key]) + [sum(rows[key])] for key in APPLICATION_KEYS}
    return {"active": active, "applications": applications, "review_litigation": review}


def _build_sample() -> dict[str, Any]:
    return figures_from(
        _LEAVES, _CARRIED_IN, _CARRIED_OUT,
        active={"规章": [1, 0, 5], "行政规范性文件": [4, 2, 37], "行政许可": 1268, "行政处罚": 356, "行政强制": 12,
                "行政事业性收费": 12.35},
        review={"复议": [2, 1, 0, 1, 4], "直接起诉": [1, 0, 1, 1, 3], "复议后起诉": [1, 0, 0, 0, 1]},
    )


SAMPLE_FIGURES: dict[str, Any] = _build_sample()


def sample_figures() -> dict[str, Any]:
    """A fresh deep copy of SAMPLE_FIGURES, to break for a defective variant."""
    return copy.deepcopy(SAMPLE_FIGURES)


def identity_errors(figures: dict[str, Any]) -> list[str]:
    """The identities the figures break (empty for a consistent set of numbers)."""
    errors: list[str] = []
    apps = figures["applications"]
    for c, col in enumerate(APPLICATION_COLUMNS):
        if apps["一"][c] + apps["二"][c] != apps["三.七"][c] + apps["四"][c]:
            errors.append(f"一+二≠三.七+四 ({col})")
        if sum(apps[k][c] for k in LEAF_KEYS) != apps["三.七"][c]:
            errors.append(f"leaves≠三.七 ({col})")
    for key in APPLICATION_KEYS:
        if sum(apps[key][:6]) != apps[key][6]:
            errors.append(f"总计≠sum ({key})")
    for group, values in figures["review_litigation"].items():
        if sum(values[:4]) != values[4]:
            errors.append(f"表四 总计≠sum ({group})")
    return errors


def fmt(value: Any) -> str | None:
    """How a figure is written into a cell (None: leave the cell as it is)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------- narrative


def narrative(figures: dict[str, Any], issuer: str, year: int) -> dict[str, Any]:
    """Title, opening and section texts shared by the .docx and HTML builders."""
    apps = figures["applications"]
    review = figures["review_litigation"]
    total = APPLICATION_COLUMNS.index("总计")

    def n(value: Any) -> str:
        return fmt(value) or "0"

    litigation = review["直接起诉"][4] + review["复议后起诉"][4] if all(
        isinstance(review[g][4], int) for g in ("直接起诉", "复议后起诉")) else n(review["直接起诉"][4])
    return {
        "title": f"{issuer}{year}年政府信息公开工作年度报告",
        "opening": [
            f"本年度报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。",
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        ],
        "一": [
            f"（一）主动公开。{year}年，{issuer}通过门户网站主动公开政府信息1520条，及时发布政策文件、行政许可和行政处罚结果等信息。",
            f"（二）依申请公开。全年新收政府信息公开申请{n(apps['一'][total])}件，上年结转{n(apps['二'][total])}件，"
            f"办结{n(apps['三.七'][total])}件，结转下年度继续办理{n(apps['四'][total])}件。",
            "（三）政府信息管理。严格执行公开前保密审查制度，动态调整主动公开基本目录。",
            "（四）政府信息公开平台建设。持续优化门户网站政府信息公开专栏，完善栏目设置。",
            f"（五）监督保障。将政务公开纳入年度绩效考核，全年未发生责任追究情况。全年发生政府信息公开行政复议{n(review['复议'][4])}件、行政诉讼{litigation}件。",
        ],
        "五": [
            f"{year}年，本机关政府信息公开工作取得一定成效，但仍存在政策解读形式较单一、依申请公开答复规范性有待提高等问题。",
            "下一步，将丰富图解、视频等解读形式，加强答复文书审核，提升依申请公开办理质量。",
        ],
        "六": [
            f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关{year}年度未发出收费通知，未收取信息处理费。",
        ],
    }


# --------------------------------------------------------------------------- .docx


def _run_texts(el) -> str:
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in el.iter(qn("w:t"))).strip().replace("\u3000", "")


def _set_paragraph(p, text: str) -> None:
    """Replace a python-docx paragraph's text, keeping the first run's formatting."""
    runs = p.runs
    if runs:
        runs[0].text = text
        for r in runs[1:]:
            r._r.getparent().remove(r._r)
    else:
        p.add_run(text)


def _set_cell(tc, table, value: Any) -> None:
    from docx.table import _Cell

    text = fmt(value)
    if text is None:
        return
    cell = _Cell(tc, table)
    paragraphs = cell.paragraphs
    _set_paragraph(paragraphs[0], text)
    for p in paragraphs[1:]:
        p._p.getparent().remove(p._p)


def _insert_after(p, text: str, style=None):
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    new_p = OxmlElement("w:p")
    p._p.addnext(new_p)
    para = Paragraph(new_p, p._parent)
    para.add_run(text)
    para.style = style if style is not None else p.style
    return para


def _fill_paragraphs(doc, story: dict[str, Any], heading_style: str | None) -> None:
    paras = list(doc.paragraphs)
    by_text = {}
    for p in paras:
        by_text.setdefault(p.text.strip(), []).append(p)
    title = by_text["政府信息公开工作年度报告格式模板"][0]
    _set_paragraph(title, story["title"])
    after = title
    for text in story["opening"]:
        after = _insert_after(after, text)
    placeholders = by_text["（文字描述）"]  # 一 and 五
    fee = by_text["（文字描述，收取信息处理费情况在此处报告。）"][0]
    for p, texts in ((placeholders[0], story["一"]), (placeholders[1], story["五"]), (fee, story["六"])):
        _set_paragraph(p, texts[0])
        after = p
        for text in texts[1:]:
            after = _insert_after(after, text)
    if heading_style:
        from docx.enum.style import WD_STYLE_TYPE

        names = {s.name for s in doc.styles}
        if heading_style not in names:
            doc.styles.add_style(heading_style, WD_STYLE_TYPE.PARAGRAPH)
        for heading in SECTION_HEADINGS:
            for p in by_text.get(heading, []):
                p.style = doc.styles[heading_style]


def _fill_tables(doc, figures: dict[str, Any]) -> None:
    t2, t3, t4 = doc.tables[:3]
    active = figures["active"]
    for tr in t2._tbl.tr_lst:
        label = _run_texts(tr.tc_lst[0])
        if label in active:
            values = active[label] if isinstance(active[label], list) else [active[label]]
            for tc, value in zip(tr.tc_lst[1:], values):
                _set_cell(tc, t2, value)
    rows = t3._tbl.tr_lst[3:]
    assert len(rows) == len(APPLICATION_ROWS), "unexpected 表三 layout in the template"
    apps = figures["applications"]
    for tr, (key, label) in zip(rows, APPLICATION_ROWS):
        assert label[:4] in "".join(_run_texts(tc) for tc in tr.tc_lst), (key, label)
        values = apps.get(key)
        if values is None:
            continue
        for tc, value in zip(tr.tc_lst[-7:], values):
            _set_cell(tc, t3, value)
    review = figures["review_litigation"]
    values = [v for g in REVIEW_GROUPS for v in review.get(g, [None] * 5)]
    for tc, value in zip(t4._tbl.tr_lst[3].tc_lst, values):
        _set_cell(tc, t4, value)


def build_docx(figures: dict[str, Any] | None = None, *, issuer: str = "某某市自然资源局", year: int = 2023,
               heading_style: str | None = None, story_edit: Any = None) -> bytes:
    """The filled template as bytes (see :func:`fill_template_docx`)."""
    import docx

    figures = SAMPLE_FIGURES if figures is None else figures
    doc = docx.Document(str(TEMPLATE))
    story = narrative(figures, issuer, year)
    if story_edit is not None:  # tests make defective narratives: story_edit(story) edits it in place
        story_edit(story)
    _fill_paragraphs(doc, story, heading_style)
    _fill_tables(doc, figures)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def fill_template_docx(out_path: str | Path, figures: dict[str, Any] | None = None, **kwargs: Any) -> Path:
    """Write a realistic .docx draft: the 2021 template with title, opening (统计期限),
    section texts and the three tables filled from ``figures``.  ``heading_style`` (e.g.
    ``"Heading 2"``) gives the six section headings a Word heading style."""
    path = Path(out_path)
    path.write_bytes(build_docx(figures, **kwargs))
    return path


# --------------------------------------------------------------------------- HTML


def _td(value: Any, **attrs: Any) -> str:
    text = fmt(value)
    body = "&nbsp;" if text is None else _html.escape(text)
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<td{extra}>{body}</td>"


def _label(text: str, **attrs: Any) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<td{extra}>{_html.escape(text)}</td>"


def _html_active(active: dict[str, Any]) -> list[str]:
    def one(label: str) -> str:
        return f"<tr>{_label(label)}{_td(active.get(label), colspan=3)}</tr>"

    return [
        '<table border="1" cellspacing="0">',
        f"<tr>{_label('第二十条第（一）项', colspan=4)}</tr>",
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>",
        *(f"<tr>{_label(k)}{''.join(_td(v) for v in active.get(k, [None] * 3))}</tr>" for k in ("规章", "行政规范性文件")),
        f"<tr>{_label('第二十条第（五）项', colspan=4)}</tr>",
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
        one("行政许可"),
        f"<tr>{_label('第二十条第（六）项', colspan=4)}</tr>",
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
        one("行政处罚"),
        one("行政强制"),
        f"<tr>{_label('第二十条第（八）项', colspan=4)}</tr>",
        '<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>',
        one("行政事业性收费"),
        "</table>",
    ]


def _html_applications(apps: dict[str, Any]) -> list[str]:
    out = [
        '<table border="1" cellspacing="0">',
        "<tr>" + _label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3)
        + _label("申请人情况", colspan=7) + "</tr>",
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
        "<tr>" + "".join(_label(c) for c in APPLICATION_COLUMNS[1:6]) + "</tr>",
    ]
    group_size = {g: sum(1 for k in APPLICATION_KEYS if k.startswith(g + ".")) for g in GROUPS}
    for key, label in APPLICATION_ROWS:
        cells = ""
        if key == "三.一":
            cells += _label("三、本年度办理结果", rowspan=22)
        group = key.rsplit(".", 1)[0]
        if key in ("一", "二", "四"):
            cells += _label(label, colspan=3)
        elif group in GROUPS:
            if key.endswith(".1"):
                cells += _label(GROUPS[group], rowspan=group_size[group])
            cells += _label(label)
        else:  # 三.一, 三.二, 三.七
            cells += _label(label, colspan=2)
        cells += "".join(_td(v) for v in (apps.get(key) or [None] * 7))
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return out


def _html_review(review: dict[str, Any]) -> list[str]:
    vertical = "<br>".join("结果维持")  # one character per line, as in real pages
    heads = [vertical, "结果纠正", "其他结果", "尚未审结", "总计"]
    values = [v for g in REVIEW_GROUPS for v in review.get(g, [None] * 5)]
    return [
        '<table border="1" cellspacing="0">',
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
        "<tr>" + "".join(f'<td rowspan="2">{h}</td>' for h in heads)
        + '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
        "<tr>" + "".join(f"<td>{h}</td>" for h in heads * 2) + "</tr>",
        "<tr>" + "".join(_td(v) for v in values) + "</tr>",
        "</table>",
    ]


def html_report(figures: dict[str, Any] | None = None, *, issuer: str = "某某市自然资源局", year: int = 2023,
                heading_tags: bool = True) -> str:
    """A published-page style HTML report with the same content as :func:`build_docx`.

    Table 三 uses ``rowspan="22"`` for block 三 and colspans for 法人或其他组织, like real
    pages.  ``heading_tags=False`` writes headings as ``<p><strong>`` instead of ``<h2>``.
    """
    figures = SAMPLE_FIGURES if figures is None else figures
    story = narrative(figures, issuer, year)
    esc = _html.escape

    def heading(text: str) -> str:
        return f"<h2>{esc(text)}</h2>" if heading_tags else f"<p><strong>{esc(text)}</strong></p>"

    body = [f"<h1>{esc(story['title'])}</h1>", *(f"<p>{esc(t)}</p>" for t in story["opening"])]
    body.append(heading(SECTION_HEADINGS[0]))
    body += [f"<p>　　{esc(t)}</p>" for t in story["一"]]
    body.append(heading(SECTION_HEADINGS[1]))
    body += _html_active(figures["active"])
    body.append(heading(SECTION_HEADINGS[2]))
    body += _html_applications(figures["applications"])
    body.append(heading(SECTION_HEADINGS[3]))
    body += _html_review(figures["review_litigation"])
    body.append(heading(SECTION_HEADINGS[4]))
    body += [f"<p>　　{esc(t)}</p>" for t in story["五"]]
    body.append(heading(SECTION_HEADINGS[5]))
    body += [f"<p>　　{esc(t)}</p>" for t in story["六"]]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{esc(story['title'])}</title>",
        "<script>document.title = '不应读到的脚本';</script>",
        "<style>td { border: 1px solid #000; }</style>",
        "</head><body>",
        '<div class="article">',
        *body,
        "</div>",
        "</body></html>",
    ]) + "\n"
