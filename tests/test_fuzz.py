"""Property tests: whatever the text or bytes, the loader and the recognizer never crash.

The oracle is in ``fuzz_oracle.py`` (shared with ``benchmarks/fuzz_long.py``, the long
run): no exception but InputError (with a Chinese message), every problem on a real
line, no negative number without ``cell-negative``, the report JSON valid against
``schemas/report.schema.json``.

Hypothesis profile ``ci`` (the default here): 150 examples per test, no deadline,
derandomized so every run tries the same inputs.  ``HYPOTHESIS_PROFILE=dev`` tries
1000 random ones.
"""
from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fuzz_oracle as oracle
from gklint.loaders.encoding import decode_bytes
from gklint.model import InputError

settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
fuzz_settings = settings.get_profile(PROFILE if PROFILE in ("ci", "dev") else "ci")

# what report text is made of: CJK labels, ASCII and full-width digits, tabs, blanks, marks
REPORT_CHARS = st.sampled_from(list(
    "\t\n\r \u3000\xa0|-—/*#_.:：，。、（）()0123456789０１２３４５６７８９"
    "一二三四五六七八九十行政许可处罚强制复议诉讼申请公开总计本年度年月日至统计期限自然人商业企业结果维持纠正"
))
report_text = st.one_of(
    st.text(),  # anything, including surrogates' neighbours, controls and astral characters
    st.text(REPORT_CHARS, max_size=400),
    st.lists(st.lists(st.text(REPORT_CHARS, max_size=12), max_size=12).map("\t".join), max_size=40).map("\n".join),
)
BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE])
edits = st.lists(
    st.tuples(st.sampled_from(oracle.OPS), st.integers(0, 10_000), st.integers(0, 10_000),
              st.one_of(REPORT_CHARS, st.characters(), st.sampled_from(oracle.CELLS))),
    min_size=1, max_size=25,
)
table_rows = st.lists(
    st.tuples(st.one_of(st.sampled_from(oracle.labels()), st.text(REPORT_CHARS, max_size=8)),
              st.lists(st.one_of(st.sampled_from(oracle.CELLS), st.text(REPORT_CHARS, max_size=6)), max_size=16)),
    max_size=30,
)


@fuzz_settings
@given(report_text)
@example("行政许可\t-5件")  # a negative number with a unit: cell-unit and cell-negative
@example("行政许可\t" + "1" * 5000)  # int() refuses more than 4300 digits
@example("行政事业性收费\t" + "9" * 400 + ".5")  # float() gave inf: JSON "Infinity"
@example("统计期限为2024年1月1日" + " " * 3000 + "x")  # was quadratic in the period regex
@example("\t".join(["行政复议"] * 300))  # was quadratic in the row classification
@example("\u3000" * 5000 + "x")  # was quadratic in the Markdown mark stripping
def test_any_text_is_recognized(text):
    oracle.check_text(text)


@fuzz_settings
@given(table_rows, st.sampled_from(["tab", "cell-lines", "pipe"]), st.sampled_from(["", "三、收到和处理政府信息公开申请情况\n"]))
def test_tables_of_template_labels_and_odd_cells(rows, layout, heading):
    """Rows labelled like the format's, with every kind of cell drafts hold (units, dashes,
    negatives, decimals, 5000 digits …), in the three text layouts."""
    oracle.check_text(heading + oracle.table_text(rows, layout))


@fuzz_settings
@given(BOMS, st.binary(max_size=2000))
def test_decode_bytes_returns_text_or_input_error(bom, data):
    try:
        text, encoding = decode_bytes(bom + data)
    except InputError as exc:
        oracle.check_input_error(exc)
        return
    assert isinstance(text, str) and isinstance(encoding, str) and encoding


@fuzz_settings
@given(st.sampled_from(["draft.txt", "draft.md", "draft"]), BOMS, st.binary(max_size=2000))
def test_any_bytes_through_load_document(name, bom, data):
    oracle.check_document_bytes(bom + data, name)


@fuzz_settings
@given(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]),
       st.integers(0, 4), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
       st.integers(0, 10**6))
def test_damaged_encoded_seeds(encoding, which, damage, cut):
    """A seed in any encoding, with bytes overwritten and its end cut: text or InputError."""
    data = bytearray(oracle.seeds()[which % len(oracle.seeds())].encode(encoding))
    for pos, byte in damage:
        data[pos % len(data)] = byte
    if cut % 3 == 0:
        del data[cut % len(data):]
    oracle.check_bytes(bytes(data))


@fuzz_settings
@given(st.integers(0, 4), edits)
def test_edited_seeds(which, changes):
    """Seed drafts with lines deleted, duplicated, swapped; cells deleted or duplicated;
    digits changed; characters inserted."""
    seed = oracle.seeds()[which % len(oracle.seeds())]
    oracle.check_text(oracle.mutate(seed, changes))


@fuzz_settings
@given(st.integers(0, 4), st.randoms(use_true_random=False))
def test_shuffled_seed_lines(which, rng):
    lines = oracle.seeds()[which % len(oracle.seeds())].split("\n")
    rng.shuffle(lines)
    oracle.check_text("\n".join(lines))


@pytest.mark.parametrize("which", range(5))
def test_every_seed_satisfies_the_oracle(which):
    report = oracle.check_text(oracle.seeds()[which])
    assert report is not None and report.tables["applications"].found


def test_mutate_applies_each_edit():
    text = "a\tb\tc\nx 12\n第三行"
    assert oracle.mutate(text, [("delete-line", 1, 0, "")]) == "a\tb\tc\n第三行"
    assert oracle.mutate(text, [("duplicate-line", 2, 0, "")]) == "a\tb\tc\nx 12\n第三行\n第三行"
    assert oracle.mutate(text, [("swap-lines", 0, 2, "")]) == "第三行\nx 12\na\tb\tc"
    assert oracle.mutate(text, [("delete-cell", 0, 1, "")]).startswith("a\tc\n")
    assert oracle.mutate(text, [("duplicate-cell", 0, 2, "")]).startswith("a\tb\tc\tc\n")
    assert oracle.mutate(text, [("swap-digit", 0, 0, "9")]) in ("a\tb\tc\nx 92\n第三行", "a\tb\tc\nx 19\n第三行")
    assert oracle.mutate(text, [("insert-char", 2, 1, "X")]) == "a\tb\tc\nx 12\n第X三行"
    assert oracle.mutate(text, [("set-cell", 0, 1, "-5件")]).startswith("a\t-5件\tc\n")
    assert oracle.mutate("x\t1\t2\n\t3", [("set-value", 0, 0, "-5件")]) == "x\t-5件\t2\n\t3"
    assert oracle.mutate("x\t1\t2\n\t3", [("set-value", 0, 2, "/")]) == "x\t1\t2\n\t/"
    assert oracle.table_text([("行政许可", ["1"])], "cell-lines") == "\t行政许可\n\t1"
    assert oracle.table_text([("行政许可", ["1"])], "pipe") == "| 行政许可 | 1 |"
