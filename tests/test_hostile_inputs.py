"""Hostile and broken files: each is refused with a clear Chinese InputError, or loads and
is recognized — never a traceback, a hang, or minutes of work (issue "Never crash, never
lose a file").

Every file is generated here into ``tmp_path`` and read through ``load_document`` (the
.docx and HTML loaders are exercised only that way).  No timing is asserted; the big
cases are sized to run in about a second each on a 2-core machine, and a SIGALRM guard
turns a hang into a failure instead of a stuck CI.  Figures measured while writing this
(2 cores): the 20 MB single-line draft loads and is recognized in ~1.2 s, peak RSS
~100 MB; the 10 000-table draft in ~1 s.
"""
from __future__ import annotations

import builtins
import codecs
import io
import os
import random
import re
import signal
import struct
import sys
import zipfile
from pathlib import Path

import pytest

import fuzz_oracle as oracle
import gklint.loaders as loaders
from gklint.loaders import MAX_BYTES, load_document
from gklint.loaders.text import MAX_CELLS, MAX_LINES
from gklint.model import InputError, Report
from gklint.recognize import recognize, to_json

SEEDS = oracle.SEEDS_DIR
SEED = SEEDS / "000_fda45213274d01ac.txt"
HANG_LIMIT = 120  # seconds; a case that takes this long is a hang, not a slow machine
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def hang_guard():
    """Fail (instead of hanging CI) when one case runs for minutes."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum, frame):
        raise TimeoutError(f"a hostile input took more than {HANG_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(HANG_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- helpers


def refused(path, *words: str, data: bytes | None = None) -> InputError:
    """``path`` must be refused with a Chinese message containing ``words``."""
    with pytest.raises(InputError) as info:
        load_document(str(path), data)
    exc = info.value
    oracle.check_input_error(exc)
    assert exc.code == "GK901"
    message = str(exc)
    assert "Traceback" not in message
    for word in words:
        assert word in message, message
    return exc


def reads(path) -> Report:
    """``path`` must load and be recognized; the report satisfies the fuzz oracle."""
    doc = load_document(str(path))
    report = recognize(doc)
    lines = doc.text.count("\n") + 1 if doc.text is not None else max(len(doc.blocks), 1)
    oracle.check_report(report, lines)
    return report


def outcome(path) -> Report | InputError:
    """Either is fine: a clear refusal or a report."""
    try:
        return reads(path)
    except InputError as exc:
        oracle.check_input_error(exc)
        return exc


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def report_json(report: Report) -> dict:
    data = to_json(report)
    data.pop("path")
    data.pop("encoding")
    return data


# --------------------------------------------------------------------------- empty, blank, noise


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.docx", "empty.html", "empty", "empty.TXT"])
def test_empty_file(tmp_path, name):
    refused(write(tmp_path, name, b""), "空")


@pytest.mark.parametrize("data", [
    b" \t\r\n\n  \r", "\u3000\u3000\n\xa0".encode("utf-8"), codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n",
    codecs.BOM_UTF16_LE + " \n\u3000".encode("utf-16-le"), "  \n".encode("utf-16-be"), "\u3000\u3000".encode("gb18030"),
], ids=["ascii", "full-width", "bom", "bom-crlf", "utf16le-bom", "utf16be", "gb18030"])
def test_whitespace_only(tmp_path, data):
    refused(write(tmp_path, "blank.txt", data), "空")


@pytest.mark.parametrize("name", ["noise.txt", "noise.md", "noise", "noise.html", "noise.docx"])
def test_binary_noise(tmp_path, name):
    refused(write(tmp_path, name, random.Random(0).randbytes(64 * 1024)))


@pytest.mark.parametrize("size", [1, 2, 3, 17, 255, 4096])
def test_short_binary_noise_as_text(tmp_path, size):
    outcome(write(tmp_path, "short.txt", random.Random(size).randbytes(size).replace(b"\x00", b"\x01") or b"\x01"))


def test_a_docx_read_as_text_is_refused(tmp_path):
    refused(write(tmp_path, "report.txt", _docx(_body("<w:p><w:r><w:t>你好</w:t></w:r></w:p>"))))


# --------------------------------------------------------------------------- .docx that are not


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body(xml: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> str:
    return f'{prolog}<w:document xmlns:w="{W}"><w:body>{xml}</w:body></w:document>'


def _docx(document_xml: str | bytes, extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document_xml)
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Patch the uncompressed size of ``member`` in its local header and the central directory."""
    out = bytearray(data)
    name = member.encode()
    for signature, name_len_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        i = out.find(signature)
        while i >= 0:
            n = struct.unpack_from("<H", out, i + name_len_at)[0]
            if out[i + name_at:i + name_at + n] == name:
                struct.pack_into("<I", out, i + size_at, size)
            i = out.find(signature, i + 4)
    return bytes(out)


def test_the_docx_builder_makes_a_readable_docx(tmp_path):
    doc = load_document(str(write(tmp_path, "ok.docx", _docx(_body("<w:p><w:r><w:t>你好</w:t></w:r></w:p>")))))
    assert [b.text for b in doc.blocks] == ["你好"]


@pytest.mark.parametrize("data", [
    b"hello, this is not a zip", "这是一份纯文本年度报告".encode("utf-8"), b"PK\x03\x04truncated",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), b"{\\rtf1\\ansi hello}",
], ids=["ascii", "chinese-text", "truncated-zip", "pdf", "ole-doc", "rtf"])
def test_docx_that_is_not_a_zip(tmp_path, data):
    refused(write(tmp_path, "report.docx", data))


def test_zip_that_is_not_a_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "不是 Word 文档")
        z.writestr("data/table.csv", "a,b\n1,2\n")
    refused(write(tmp_path, "report.docx", buf.getvalue()), "document.xml")


def test_docx_with_a_truncated_archive(tmp_path):
    data = _docx(_body("<w:p><w:r><w:t>你好</w:t></w:r></w:p>"))
    refused(write(tmp_path, "cut.docx", data[: len(data) // 2]))


def test_docx_with_broken_xml(tmp_path):
    refused(write(tmp_path, "broken.docx", _docx(_body("<w:p><w:r><w:t>你好</w:r>"))))


@pytest.mark.parametrize("member", ["word/document.xml", "word/media/image1.png"])
def test_docx_zip_bomb_declaring_gigabytes_is_refused(tmp_path, member):
    """A small file whose directory declares 4 GB: refused from the directory, nothing inflated."""
    data = _docx(_body("<w:p><w:r><w:t>你好</w:t></w:r></w:p>"), extra=(("word/media/image1.png", bytes(1000)),))
    bomb = _declare_size(data, member, 0xFFFF_FFF0)
    assert len(bomb) < 5000
    refused(write(tmp_path, "bomb.docx", bomb), "压缩")


def test_docx_zip_bomb_of_real_zeros_is_refused(tmp_path):
    """30 MB of zeros deflated to ~30 KB (a 1000:1 ratio), streamed into the archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", _body("<w:p><w:r><w:t>你好</w:t></w:r></w:p>"))
        with z.open("word/media/zeros.bin", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(30):
                member.write(chunk)
    assert len(buf.getvalue()) < 100_000
    refused(write(tmp_path, "zeros.docx", buf.getvalue()), "压缩")


def test_docx_member_lying_about_its_small_size(tmp_path):
    """document.xml declares 1000 bytes but inflates to 20 MB: never read past what is declared."""
    data = _docx(_body("<w:p><w:r><w:t>" + "数" * 7_000_000 + "</w:t></w:r></w:p>"))
    result = outcome(write(tmp_path, "liar.docx", _declare_size(data, "word/document.xml", 1000)))
    if isinstance(result, Report):
        assert sum(len(p.text) for p in result.paragraphs) <= 1000


def test_docx_billion_laughs(tmp_path):
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    prolog = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
    xml = _body("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=prolog)
    result = outcome(write(tmp_path, "lol.docx", _docx(xml)))
    if isinstance(result, Report):  # entities left unexpanded is fine too
        assert sum(len(p.text) for p in result.paragraphs) < 100_000


def test_docx_nested_100000_levels(tmp_path):
    xml = _body("<w:sdt><w:sdtContent>" * 100_000 + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * 100_000)
    outcome(write(tmp_path, "deep.docx", _docx(xml)))


# --------------------------------------------------------------------------- encodings and line ends


ENCODINGS = {
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "utf-16-be": lambda t: t.encode("utf-16-be"),
    "utf-32-bom": lambda t: t.encode("utf-32"),
}


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_seed_in_every_encoding_reads_as_in_utf8(tmp_path, seed, encoding):
    text = seed.read_text(encoding="utf-8")
    expected = report_json(reads(write(tmp_path, "utf8.txt", text.encode("utf-8"))))
    assert report_json(reads(write(tmp_path, f"{encoding}.txt", ENCODINGS[encoding](text)))) == expected


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_mixed_line_ends_read_as_lf(tmp_path, seed):
    text = seed.read_text(encoding="utf-8")
    rng = random.Random(seed.name)
    lines = text.split("\n")
    # a lone CR before an empty line ending in LF would make one CRLF of two line ends
    mixed = "".join(line + rng.choice(["\r\n", "\n", "\r"] if lines[i + 1] else ["\r\n", "\n"])
                    for i, line in enumerate(lines[:-1])) + lines[-1]
    assert "\r" in mixed and "\r\n" in mixed and re.search("[^\r]\n", mixed)
    expected = report_json(reads(write(tmp_path, "lf.txt", text.encode("utf-8"))))
    assert report_json(reads(write(tmp_path, "mixed.txt", mixed.encode("utf-8")))) == expected
    crlf_gbk = text.replace("\n", "\r\n").encode("gb18030")
    assert report_json(reads(write(tmp_path, "crlf.txt", crlf_gbk))) == expected


def test_a_few_nul_bytes_are_dropped(tmp_path):
    text = seed_text()
    data = text.encode("utf-8")
    cut = data.index("\n".encode()) + 1  # between two lines: no character is split
    expected = report_json(reads(write(tmp_path, "clean.txt", data)))
    assert report_json(reads(write(tmp_path, "nul.txt", data[:cut] + b"\x00\x00" + data[cut:]))) == expected


@pytest.mark.parametrize("every", [2, 3, 10, 50])
def test_many_nul_bytes(tmp_path, every):
    data = seed_text().encode("utf-8")
    noisy = b"".join(data[i:i + every] + b"\x00" for i in range(0, len(data), every))
    outcome(write(tmp_path, "nuls.txt", noisy))


def test_utf16_with_odd_length_and_broken_surrogate(tmp_path):
    data = codecs.BOM_UTF16_LE + seed_text().encode("utf-16-le")
    outcome(write(tmp_path, "odd.txt", data + b"\x00"))
    refused(write(tmp_path, "surrogate.txt", data + "\ud800".encode("utf-16-le", "surrogatepass") + "x".encode("utf-16-le")))


def test_gb18030_damaged_in_the_middle(tmp_path):
    data = bytearray(seed_text().encode("gb18030"))
    for i in range(100, len(data), 997):
        data[i] = 0xFF
    outcome(write(tmp_path, "damaged.txt", bytes(data)))


# --------------------------------------------------------------------------- size


def test_20mb_single_line_text_loads_and_is_recognized(tmp_path):
    """One 20 MB paragraph (the seed's prose, over and over, no line break): ~1 s, linear."""
    prose = "".join(line.strip() for line in seed_text().splitlines() if "\t" not in line)
    unit = prose.encode("utf-8")
    data = unit * (20_000_000 // len(unit) + 1)
    data = data[:20_000_000].decode("utf-8", "ignore").encode("utf-8")
    assert b"\n" not in data and len(data) > 19_000_000
    report = reads(write(tmp_path, "one-line.txt", data))
    assert len(report.paragraphs) == 1 and report.paragraphs[0].offsets == []  # no per-character offsets


def test_20mb_line_of_tabs_and_numbers_is_refused(tmp_path):
    data = ("12\t" * 7_000_000).encode("ascii")[:20_000_000]
    refused(write(tmp_path, "tabs.txt", data), "单元格", str(MAX_CELLS))


@pytest.mark.parametrize("unit", ["12 ", "|1", "| ", "\t"], ids=["spaced-numbers", "pipes", "empty-pipes", "tabs-only"])
def test_20mb_lines_of_table_like_text(tmp_path, unit):
    data = (unit * (20_000_000 // len(unit))).encode("ascii")
    outcome(write(tmp_path, "row.txt", data))


def test_long_lines_just_under_the_offsets_limit(tmp_path):
    """400 lines of 19 999 characters (8 MB): per-character offsets for each, still linear."""
    data = (("数" * 6000 + "a" * 13_999) + "\n").encode("utf-8") * 400
    assert len(data) < MAX_BYTES
    reads(write(tmp_path, "long-lines.txt", data))


def test_deep_indents_of_full_width_spaces(tmp_path):
    """Was quadratic: the leading blanks were popped one by one from the front of a list."""
    report = reads(write(tmp_path, "indent.txt", (("\u3000" * 19_990 + "一、总体情况\n") * 200).encode("utf-8")))
    assert report.paragraphs[0].text == "一、总体情况" and report.paragraphs[0].offsets[0] == 19_991


def test_too_many_lines_is_refused(tmp_path):
    refused(write(tmp_path, "lines.txt", b"a\n" * (MAX_LINES + 1)), "行", str(MAX_LINES))


def test_too_many_cells_on_many_lines_is_refused(tmp_path):
    refused(write(tmp_path, "cells.txt", ("\t".join(["1"] * 20) + "\n").encode() * (MAX_CELLS // 20 + 1)), "单元格")


def test_10000_tables(tmp_path):
    """10 000 small tab-row tables separated by prose: read, duplicates reported, ~1 s."""
    block = "行政许可\t1\n本年度无变化。\n"
    text = "某某镇人民政府2024年政府信息公开工作年度报告\n" + block * 10_000
    report = reads(write(tmp_path, "tables.txt", text.encode("utf-8")))
    assert sum(1 for b in report.document.blocks if b.__class__.__name__ == "Table") == 10_000
    assert report.tables["active"].number("行政许可", "处理决定") == 1
    assert sum(1 for p in report.problems if p.code == "row-duplicate") == 9_999


def test_one_row_of_thousands_of_labels(tmp_path):
    """Was quadratic: each label cell scanned all the cells after it for a number."""
    reads(write(tmp_path, "labels.txt", "\t".join(["行政复议", "未经复议直接起诉"] * 5000).encode("utf-8")))


def test_period_sentence_with_a_long_run_of_blanks(tmp_path):
    """Was quadratic: two optional blank runs around 「起」 in the period regex."""
    text = "本报告统计期限为2024年1月1日" + " " * 200_000 + "止。\n"
    reads(write(tmp_path, "period.txt", text.encode("utf-8")))


def test_cell_of_thousands_of_digits(tmp_path):
    """int() refuses more than 4300 digits (ValueError): the cell is simply not a number."""
    report = reads(write(tmp_path, "digits.txt", ("行政许可\t" + "9" * 5000 + "\n行政处罚\t" + "8" * 5000 + "件\n").encode()))
    codes = {p.code for p in report.problems if p.row in ("行政许可", "行政处罚")}
    assert "cell-not-number" in codes
    message = next(p.message for p in report.problems if p.code == "cell-not-number")
    assert len(message) < 200  # the 5000 digits are not pasted into the message


def test_negative_number_with_a_unit_reports_both(tmp_path):
    report = reads(write(tmp_path, "neg.txt", "行政许可\t-5件\n".encode()))
    codes = [p.code for p in report.problems if p.row == "行政许可"]
    assert "cell-unit" in codes and "cell-negative" in codes


# --------------------------------------------------------------------------- HTML


def test_html_nested_100000_levels(tmp_path):
    html = "<html><body>" + "<div>" * 100_000 + "统计期限" + "</div>" * 100_000 + "</body></html>"
    outcome(write(tmp_path, "deep.html", html.encode("utf-8")))


@pytest.mark.parametrize("tag", ["font", "b", "table><tr><td"])
def test_html_unclosed_100000_levels(tmp_path, tag):
    outcome(write(tmp_path, "unclosed.html", (f"<{tag}>" * 100_000 + "x").encode("utf-8")))


def test_html_with_huge_spans(tmp_path):
    rows = '<tr><td rowspan="100000000" colspan="100000000">一、本年新收政府信息公开申请数量</td><td>1</td></tr>' * 300
    outcome(write(tmp_path, "spans.html", f"<table>{rows}</table>".encode("utf-8")))


def test_html_entity_expansion(tmp_path):
    html = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><p>&b;&b;</p>'
    result = outcome(write(tmp_path, "lol.html", html.encode()))
    if isinstance(result, Report):
        assert sum(len(p.text) for p in result.paragraphs) < 10_000


# --------------------------------------------------------------------------- paths


def test_path_that_does_not_exist(tmp_path):
    refused(tmp_path / "missing.txt", "不存在")


def test_directory_passed_as_a_file(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    refused(tmp_path / "folder.txt", "文件夹")
    refused(tmp_path, "文件夹")


def test_path_under_a_file(tmp_path):
    write(tmp_path, "plain.txt", b"x")
    refused(tmp_path / "plain.txt" / "report.txt", "不存在")


def test_path_with_a_nul_character(tmp_path):
    refused(str(tmp_path / "bad\x00name.txt"), "文件名")


def test_path_too_long(tmp_path):
    refused(tmp_path / ("长" * 200 + ".txt"), "过长")


def test_broken_symlink_and_symlink_loop(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    refused(tmp_path / "dangling.txt", "不存在")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    refused(tmp_path / "a.txt")


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", seed_text().encode("utf-8"))
    real_open = builtins.open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    refused(path, "权限")


def test_io_error_simulated(tmp_path, monkeypatch):
    path = write(tmp_path, "flaky.txt", seed_text().encode("utf-8"))
    real_open = builtins.open

    def broken(file, *args, **kwargs):
        if str(file) == str(path):
            raise OSError(5, "Input/output error", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", broken)
    refused(path, "输入输出")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a mode-000 file anyway")
def test_unreadable_file_for_real(tmp_path):
    path = write(tmp_path, "secret.txt", b"x")
    path.chmod(0)
    try:
        refused(path, "权限")
    finally:
        path.chmod(0o600)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: no 60 MB written
        fh.truncate(MAX_BYTES + 10 * 1024 * 1024)
    refused(path, "过大")


@pytest.mark.skipif(not os.path.exists("/dev/zero") or sys.platform != "linux", reason="needs /dev/zero")
def test_endless_device(tmp_path):
    refused("/dev/zero", "过大")


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".pdf", ".xls", ".xlsx", ".odt"])
def test_unsupported_formats(tmp_path, suffix):
    refused(write(tmp_path, "report" + suffix, b"\xd0\xcf\x11\xe0" + bytes(100)), "不支持")


def test_missing_loader_dependency(tmp_path, monkeypatch):
    """python-docx not installed: a clear refusal, not ModuleNotFoundError."""
    monkeypatch.setitem(loaders.BUILTIN_LOADERS, ".docx", "gklint_no_such_module_for_test")
    refused(write(tmp_path, "report.docx", _docx(_body("<w:p/>"))), "组件")


def test_bytes_given_directly_are_checked_the_same(tmp_path):
    """stdin (``data=``) goes through the same guards as a file."""
    refused("-", "空", data=b"")
    refused("-", data=random.Random(1).randbytes(5000))
    assert isinstance(outcome(write(tmp_path, "x.txt", seed_text().encode())), Report)
