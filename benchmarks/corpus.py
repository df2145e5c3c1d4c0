"""Deterministic benchmark corpus: realistic annual-report drafts, clean and defective.

Every report has its own non-zero figures (a township office, a county bureau or a city
department; every identity of the 2021 format satisfied unless a defect breaks it) and is
written in one of the formats drafts really arrive in:

* ``txt`` — the four text layouts of ``tests/text_fixtures.py``: tab rows, one cell per
  line, pipe rows, one cell per line with vertical headers; UTF-8 (some with BOM and
  CRLF, as Notepad writes them) or GB18030 (as WPS exports them);
* ``md``  — the tab-row and pipe layouts with Markdown headings;
* ``docx`` — the real blank 2021 template filled with python-docx
  (``tests/fixtures_build.py``: merged cells as Word/WPS drafts have them);
* ``html`` — a published-page style report (``tests/fixtures_build.py``).

About a third of the reports (``defect_rate``) carry one to three defects: unbalanced
identities, blank / dash / unit cells, a missing row, a missing statistics period, a
period of the wrong year, section 六 reduced to 「无」, fee notices not reported, a
heading without its numeral, a typo in a label, the outdated 2019 表二, a repeated phrase.

Report ``i`` of seed ``s`` depends only on ``(s, i)`` — not on how many reports are
generated — so the 1,000-report corpus is the first tenth of the 10,000-report one.
The builders are imported from ``tests/`` (not duplicated here).

Usage::

    python benchmarks/corpus.py OUT_DIR [-n 1000] [--seed 2024] [--formats txt,md,docx,html]
                                        [--defect-rate 0.35] [--per-folder 1000]
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
_TESTS = str(ROOT / "tests")
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

import fixtures_build as fb  # noqa: E402  (tests/: .docx and HTML builders)
import text_fixtures as tf  # noqa: E402  (tests/: text layouts)

FORMATS = ("txt", "md", "docx", "html")
TEXT_LAYOUTS = tf.LAYOUTS  # tabs, cells, pipes, vertical
MD_LAYOUTS = ("tabs", "pipes")  # the layouts that use Markdown headings
DEFECTS = (
    "unbalanced", "blank-cell", "dash-cell", "unit-cell", "missing-row", "missing-period",
    "period-year", "six-none", "fee-notice", "heading-numeral", "label-typo", "outdated-2019",
    "repeated-phrase",
)
TEXT_ONLY_DEFECTS = {"heading-numeral", "label-typo", "outdated-2019"}

_CITIES = ("虎林市", "鸡西市", "密山市", "宁安市", "海林市", "绥芬河市", "东宁市", "穆棱市", "林口县", "桦南县", "汤原县", "抚远市")
_TOWNS = ("迎春镇", "东方红镇", "虎头镇", "杨岗镇", "伟光乡", "珠山乡", "新乐街道", "东城街道")
_DEPARTMENTS = ("自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局", "卫生健康委员会", "市场监督管理局",
                "人力资源和社会保障局", "教育局", "民政局", "财政局", "应急管理局", "司法局", "医疗保障局")
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


@dataclass
class Draft:
    """One generated report."""

    index: int
    fmt: str  # txt | md | docx | html
    layout: str  # text layout, or "docx" / "html"
    issuer: str
    year: int
    figures: dict[str, Any]
    defects: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    newline: str = "\n"
    bom: bool = False
    # text options for tests/text_fixtures.render_report
    render: dict[str, Any] = field(default_factory=dict)
    # edits of the narrative (docx/html: story dict) and of the final text (txt/md/html)
    story_edits: list[Callable[[dict], None]] = field(default_factory=list)
    text_edits: list[Callable[[str], str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.index:06d}-{self.layout}.{self.fmt}"

    def to_bytes(self) -> bytes:
        if self.fmt in ("txt", "md"):
            rendered = tf.render_report(self.figures, self.layout, issuer=self.issuer, year=self.year, **self.render)
            text = rendered.text
            for edit in self.text_edits:
                text = edit(text)
            text = text.replace("\n", self.newline)
            data = text.encode(self.encoding)
            return ("\ufeff".encode(self.encoding) + data) if self.bom else data
        if self.fmt == "html":
            html = fb.html_report(self.figures, issuer=self.issuer, year=self.year, heading_tags=self.render.get("heading_tags", True))
            for edit in self.text_edits:
                html = edit(html)
            return html.encode("utf-8")
        story_edits = list(self.story_edits)

        def story_edit(story: dict) -> None:
            for edit in story_edits:
                edit(story)

        data = fb.build_docx(self.figures, issuer=self.issuer, year=self.year, story_edit=story_edit,
                             heading_style=self.render.get("heading_style"))
        return _fixed_zip_dates(data)


def _fixed_zip_dates(data: bytes) -> bytes:
    """The same .docx bytes on every run: zip entries get a fixed date."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_DATE), src.read(info.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --------------------------------------------------------------------------- figures


def random_issuer(rng: random.Random) -> tuple[str, str]:
    """(issuer, kind) — kind is town, county or city (sets the scale of the figures)."""
    roll = rng.random()
    city = rng.choice(_CITIES)
    if roll < 0.3:
        town = rng.choice(_TOWNS)
        return f"{city}{town}{'办事处' if town.endswith('街道') else '人民政府'}", "town"
    if roll < 0.8:
        return f"{city}{rng.choice(_DEPARTMENTS)}", "county" if city.endswith("县") else "city"
    return f"{city}人民政府", "city"


def random_figures(rng: random.Random, scale: str = "city", fee_notices: bool = False) -> dict[str, Any]:
    """Non-zero figures of the shape of ``tests/fixtures_build.SAMPLE_FIGURES``, every
    identity of the format satisfied.  ``fee_notices`` leaves 表三 （六）2 non-zero."""
    big = {"town": 1, "county": 2, "city": 4}[scale]
    leaves: dict[str, list[int]] = {}
    for key in fb.LEAF_KEYS:
        common = key in ("三.一", "三.二", "三.四.1", "三.五.1", "三.三.4")
        natural = rng.randint(1, 6 * big) + (rng.randint(5, 20) * big if common else 0)
        others = [rng.randint(0, big + (2 if common else 0)) for _ in range(5)]
        leaves[key] = [natural, *others]
    if not fee_notices:
        leaves["三.六.2"] = [0] * 6
    carried_in = [rng.randint(1, 3 * big)] + [rng.randint(0, big) for _ in range(5)]
    carried_out = [rng.randint(1, 3 * big)] + [rng.randint(0, big) for _ in range(5)]
    total = [sum(leaves[k][c] for k in fb.LEAF_KEYS) for c in range(6)]
    received = [total[c] + carried_out[c] - carried_in[c] for c in range(6)]
    for c in range(6):  # received must not be negative: carry less in
        if received[c] < 0:
            carried_in[c] += received[c]
            received[c] = 0
    rows = dict(leaves, **{"一": received, "二": carried_in, "三.七": total, "四": carried_out})
    applications = {key: list(rows[key]) + [sum(rows[key])] for key in fb.APPLICATION_KEYS}

    def review() -> list[int]:
        v = [rng.randint(0, 2 * big) for _ in range(4)]
        v[0] += 1  # non-zero
        return v + [sum(v)]

    regulations = [0, 0, 0] if scale in ("town", "county") else [rng.randint(1, 3), rng.randint(0, 2), rng.randint(5, 30)]
    made = rng.randint(1, 8 * big)
    return {
        "active": {
            "规章": regulations,
            "行政规范性文件": [made, rng.randint(0, made), made + rng.randint(5, 60 * big)],
            "行政许可": rng.randint(20, 1500 * big),
            "行政处罚": rng.randint(5, 400 * big),
            "行政强制": rng.randint(1, 30 * big),
            "行政事业性收费": round(rng.uniform(0.5, 80.0 * big), 2),
        },
        "applications": applications,
        "review_litigation": {"复议": review(), "直接起诉": review(), "复议后起诉": review()},
    }


# --------------------------------------------------------------------------- defects


def _six_none(text: str) -> str:
    """Section 六 written as 「无。」 (text formats)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "信息处理费管理办法" in line and "国办函〔2020〕109号" in line:
            lines[i] = "无。"
    return "\n".join(lines)


def _apply_defect(draft: Draft, defect: str, rng: random.Random) -> None:
    fig = draft.figures
    apps = fig["applications"]
    year = draft.year
    present = [k for k in fb.APPLICATION_KEYS if k in apps]  # an earlier defect may have removed a row
    leaves = [k for k in fb.LEAF_KEYS if k in apps]
    if defect == "unbalanced":  # a leaf changed without its totals
        key = rng.choice(leaves)
        col = rng.randrange(6)
        if isinstance(apps[key][col], int):
            apps[key][col] += rng.randint(1, 3)
    elif defect == "blank-cell":
        apps[rng.choice(present)][rng.randrange(7)] = None
    elif defect == "dash-cell":
        apps[rng.choice(present)][rng.randrange(7)] = rng.choice(["/", "—", "无"])
    elif defect == "unit-cell":
        fig["active"]["行政许可"] = f"{fig['active']['行政许可']}件"
    elif defect == "missing-row":
        del apps[rng.choice(leaves)]
    elif defect == "missing-period":
        sentence = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        if draft.fmt in ("txt", "md"):
            draft.render["period"] = None
        elif draft.fmt == "docx":
            draft.story_edits.append(lambda story: story["opening"].remove(sentence))
        else:
            draft.text_edits.append(lambda html: html.replace(f"<p>{sentence}</p>\n", ""))
    elif defect == "period-year":
        wrong = f"本报告中所列数据的统计期限自{year - 1}年1月1日起至{year - 1}年12月31日止。"
        right = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        if draft.fmt in ("txt", "md"):
            draft.render["period"] = wrong
        elif draft.fmt == "docx":
            draft.story_edits.append(lambda story: story.__setitem__("opening", [wrong if t == right else t for t in story["opening"]]))
        else:
            draft.text_edits.append(lambda html: html.replace(right, wrong))
    elif defect == "six-none":
        if draft.fmt in ("txt", "md"):
            draft.text_edits.append(_six_none)
        elif draft.fmt == "docx":
            draft.story_edits.append(lambda story: story.__setitem__("六", ["无。"]))
        else:
            draft.text_edits.append(lambda html: "\n".join(
                "<p>　　无。</p>" if "信息处理费管理办法" in line and line.startswith("<p>") else line for line in html.split("\n")))
    elif defect == "fee-notice":  # 表三 （六）2 non-zero, section 六 silent about the notices
        value = rng.randint(1, 3)
        row = apps.get("三.六.2")
        if row is not None and all(isinstance(v, int) for v in row):
            row[0] += value
            row[6] += value
            for key in ("三.七", "一"):
                if key in apps and isinstance(apps[key][0], int) and isinstance(apps[key][6], int):
                    apps[key][0] += value
                    apps[key][6] += value
            if draft.fmt in ("txt", "md"):  # render_report would report the notices: remove that
                draft.text_edits.append(lambda text: text.replace(f"发出收费通知{value}件，申请人均逾期未缴纳，实际收取信息处理费0元", "未收取信息处理费"))
    elif defect == "heading-numeral":
        draft.render.setdefault("headings", {})["五"] = "存在的主要问题及改进情况"
    elif defect == "label-typo":
        draft.render.setdefault("relabel", {}).update(rng.choice([
            {"1.属于国家秘密": "1.属于国家密秘"},
            {"本年废止件数": "本年度止件数"},
            {"2.其他法律行政法规禁止公开": "2.其他法律法规禁止公开"},
        ]))
    elif defect == "outdated-2019":
        draft.render["active_2019"] = True
    elif defect == "repeated-phrase":
        phrase = rng.choice(["可以通过", "政府信息", "依申请公开"])
        if draft.fmt == "docx":
            draft.story_edits.append(lambda story: story["五"].__setitem__(1, story["五"][1] + f"群众{phrase}{phrase}门户网站查询。"))
        else:
            draft.text_edits.append(lambda text: text.replace("提升依申请公开办理质量。", f"提升依申请公开办理质量，群众{phrase}{phrase}门户网站查询。", 1))
    else:  # pragma: no cover
        raise ValueError(defect)
    draft.defects.append(defect)


# --------------------------------------------------------------------------- drafts


def make_draft(index: int, seed: int = 2024, formats: tuple[str, ...] = FORMATS, defect_rate: float = 0.35) -> Draft:
    """Report ``index`` of the corpus of ``seed`` (independent of the corpus size)."""
    rng = random.Random(f"gklint-corpus:{seed}:{index}")
    fmt = formats[index % len(formats)] if len(formats) > 1 else formats[0]
    if fmt == "txt":
        layout = TEXT_LAYOUTS[(index // len(formats)) % len(TEXT_LAYOUTS)]
    elif fmt == "md":
        layout = MD_LAYOUTS[(index // len(formats)) % len(MD_LAYOUTS)]
    else:
        layout = fmt
    issuer, scale = random_issuer(rng)
    year = rng.choice((2021, 2022, 2023, 2024, 2024, 2025))
    draft = Draft(index, fmt, layout, issuer, year, random_figures(rng, scale))
    if fmt == "txt":
        roll = rng.random()
        if roll < 0.12:
            draft.encoding = "gb18030"
        elif roll < 0.24:
            draft.encoding, draft.newline, draft.bom = "utf-8", "\r\n", True
    if fmt == "docx" and rng.random() < 0.5:
        draft.render["heading_style"] = "Heading 2"
    if fmt == "html" and rng.random() < 0.4:
        draft.render["heading_tags"] = False
    if rng.random() < defect_rate:
        allowed = [d for d in DEFECTS if fmt in ("txt", "md") or d not in TEXT_ONLY_DEFECTS]
        chosen = rng.sample(allowed, rng.choice((1, 1, 1, 2, 3)))
        if "missing-period" in chosen and "period-year" in chosen:  # no period cannot have a wrong year
            chosen.remove("period-year")
        for defect in chosen:
            _apply_defect(draft, defect, rng)
    return draft


def iter_reports(n: int, seed: int = 2024, formats: tuple[str, ...] = FORMATS, defect_rate: float = 0.35,
                 start: int = 0) -> Iterator[tuple[str, bytes, Draft]]:
    """``(file name, bytes, draft)`` for reports ``start`` … ``start + n - 1``, one at a time."""
    for index in range(start, start + n):
        draft = make_draft(index, seed, formats, defect_rate)
        yield draft.name, draft.to_bytes(), draft


def write_corpus(out_dir: str | Path, n: int, seed: int = 2024, formats: tuple[str, ...] = FORMATS,
                 defect_rate: float = 0.35, per_folder: int = 1000) -> list[Path]:
    """Write ``n`` reports under ``out_dir`` (sub-folders of ``per_folder`` files, like a
    province's share: one folder per county).  Returns the paths written."""
    out = Path(out_dir)
    paths: list[Path] = []
    for name, data, draft in iter_reports(n, seed, formats, defect_rate):
        folder = out / f"part{draft.index // per_folder:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic corpus of annual-report drafts.")
    parser.add_argument("out", help="output folder")
    parser.add_argument("-n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
    parser.add_argument("--defect-rate", type=float, default=0.35)
    parser.add_argument("--per-folder", type=int, default=1000, help="reports per sub-folder (default 1000)")
    args = parser.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    paths = write_corpus(args.out, args.n, args.seed, formats, args.defect_rate, args.per_folder)
    print(f"{len(paths)} reports written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
