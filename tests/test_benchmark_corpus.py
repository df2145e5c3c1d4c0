"""The benchmark corpus (benchmarks/corpus.py) is deterministic and realistic: clean
reports lint clean, defective ones are found.  No timing here."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

from gklint.engine import Linter  # noqa: E402


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return Linter(cwd=str(tmp_path_factory.mktemp("corpus"))).engine_for("x.txt")


def test_same_seed_same_bytes_any_corpus_size():
    for fmt in ("txt", "md", "html", "docx"):
        first = corpus.make_draft(3, seed=7, formats=(fmt,))
        again = corpus.make_draft(3, seed=7, formats=(fmt,))
        assert first.to_bytes() == again.to_bytes() and first.defects == again.defects
    assert corpus.make_draft(3, seed=7).to_bytes() != corpus.make_draft(3, seed=8).to_bytes()
    names = [name for name, _, _ in corpus.iter_reports(8, seed=7)]
    assert names[:4] == ["000000-tabs.txt", "000001-tabs.md", "000002-docx.docx", "000003-html.html"]


def test_every_layout_and_format_is_generated():
    drafts = [corpus.make_draft(i, formats=("txt", "md")) for i in range(16)]
    assert {d.layout for d in drafts if d.fmt == "txt"} == set(corpus.TEXT_LAYOUTS)
    assert {d.layout for d in drafts if d.fmt == "md"} == set(corpus.MD_LAYOUTS)
    encodings = {(d.encoding, d.newline, d.bom) for d in (corpus.make_draft(i, formats=("txt",)) for i in range(60))}
    assert {("utf-8", "\n", False), ("gb18030", "\n", False), ("utf-8", "\r\n", True)} <= encodings


def test_figures_are_non_zero_and_consistent():
    import random

    import fixtures_build as fb

    for i in range(30):
        figures = corpus.random_figures(random.Random(i), ("town", "county", "city")[i % 3])
        assert fb.identity_errors(figures) == []
        assert figures["applications"]["一"][-1] > 0 and figures["active"]["行政许可"] > 0
        assert all(group[-1] > 0 for group in figures["review_litigation"].values())


def test_clean_reports_lint_clean_and_defects_are_found(engine):
    expected = {  # defect -> rules that must report it
        "unbalanced": {"GK302", "GK303", "GK301"},
        "blank-cell": {"GK206"},
        "dash-cell": {"GK207"},
        "unit-cell": {"GK209"},
        "missing-period": {"GK401"},
        "period-year": {"GK402", "GK403"},
        "six-none": {"GK501"},
        "fee-notice": {"GK503"},
        "outdated-2019": {"GK108"},
        "repeated-phrase": {"GK606"},
        "heading-numeral": {"GK105"},
        "label-typo": {"GK601"},
    }
    seen: set[str] = set()
    for i in range(160):
        draft = corpus.make_draft(i, formats=("txt", "md", "html"), defect_rate=0.5)
        findings = engine.lint_bytes(draft.name, draft.to_bytes())
        rules = {f.rule for f in findings}
        if not draft.defects:
            assert [f for f in findings if f.severity != "info"] == [], (draft.name, [f.message for f in findings])
        for defect in draft.defects:
            if defect in expected and len(draft.defects) == 1:
                assert rules & expected[defect], (draft.name, defect, rules)
                seen.add(defect)
    assert len(seen) >= 8


def test_docx_drafts_lint_clean_or_with_their_defects(engine):
    for i in range(6):
        draft = corpus.make_draft(i, formats=("docx",), defect_rate=0.5)
        findings = engine.lint_bytes(draft.name, draft.to_bytes())
        if not draft.defects:
            assert [f for f in findings if f.severity != "info"] == [], (draft.name, [f.message for f in findings])
        else:
            assert findings, (draft.name, draft.defects)


def test_write_corpus_in_folders(tmp_path):
    paths = corpus.write_corpus(tmp_path, 7, formats=("txt", "html"), per_folder=3)
    assert [p.parent.name for p in paths] == ["part000"] * 3 + ["part001"] * 3 + ["part002"]
    assert all(p.stat().st_size > 1000 for p in paths)
