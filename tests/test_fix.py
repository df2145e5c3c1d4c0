"""Fixes applied to text drafts keep everything else byte for byte; writes are atomic."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gklint import atomic
from gklint.engine import Engine
from gklint.fix import apply_fixes, split_lines

SEEDS = Path(__file__).parent / "data" / "seeds"


@pytest.fixture(scope="module")
def engine():
    return Engine(use_cache=False)


def copy_seed(tmp_path, name, target="草稿 2024.txt"):
    path = tmp_path / target
    shutil.copy(SEEDS / name, path)
    return path


def test_split_lines_counts_like_the_loader():
    assert split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]
    assert split_lines("") == [""]


def test_fee_measure_title_fixed_in_place(tmp_path, engine):
    path = copy_seed(tmp_path, "000_fda45213274d01ac.txt")
    before = path.read_bytes()
    findings = engine.lint_path(str(path))
    result = apply_fixes(str(path), findings)
    assert [f.rule for f in result.applied] == ["GK603"] and result.written
    after = path.read_bytes()
    assert after == before.replace("政府信息公开处理费管理办法".encode(), "政府信息公开信息处理费管理办法".encode())
    assert [f.rule for f in engine.lint_path(str(path))] == []  # nothing left, and a second run changes nothing
    assert apply_fixes(str(path), engine.lint_path(str(path))).written is False


def test_label_and_heading_fixes(tmp_path, engine):
    path = copy_seed(tmp_path, "002_5fcbcb2887811187.txt")
    result = apply_fixes(str(path), engine.lint_path(str(path)))
    assert sorted(f.rule for f in result.applied) == ["GK601", "GK601"]
    text = path.read_text(encoding="utf-8")
    assert "本年废止件数" in text and "本年度止件数" not in text
    assert "三、本年度办理结果" in text
    path = copy_seed(tmp_path, "001_52fabd2e9e55d580.txt", "b.txt")
    result = apply_fixes(str(path), engine.lint_path(str(path)))
    assert [f.rule for f in result.applied] == ["GK105"]
    assert "\n五、存在的主要问题及改进情况\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, bom, newline", [
    ("gb18030", b"", "\r\n"),
    ("utf-16-le", b"\xff\xfe", "\r\n"),
    ("utf-8", b"\xef\xbb\xbf", "\r"),
])
def test_encoding_bom_and_line_endings_are_kept(tmp_path, engine, encoding, bom, newline):
    text = (SEEDS / "000_fda45213274d01ac.txt").read_text(encoding="utf-8").replace("\n", newline)
    path = tmp_path / "report.txt"
    path.write_bytes(bom + text.encode(encoding))
    result = apply_fixes(str(path), engine.lint_path(str(path)))
    assert [f.rule for f in result.applied] == ["GK603"]
    expected = bom + text.replace("政府信息公开处理费管理办法", "政府信息公开信息处理费管理办法").encode(encoding)
    assert path.read_bytes() == expected


def test_docx_is_never_written(tmp_path, engine):
    import fixtures_build as fb

    path = tmp_path / "a.docx"
    data = fb.build_docx()
    path.write_bytes(data)
    findings = engine.lint_path(str(path))
    assert apply_fixes(str(path), findings).written is False
    assert path.read_bytes() == data


def test_interrupted_write_leaves_the_old_file(tmp_path, engine, monkeypatch):
    path = copy_seed(tmp_path, "000_fda45213274d01ac.txt")
    before = path.read_bytes()
    findings = engine.lint_path(str(path))

    def interrupted(src, dst):
        raise KeyboardInterrupt  # Ctrl-C between writing the temporary file and renaming it

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        apply_fixes(str(path), findings)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [path.name]  # no temporary file left behind


def test_atomic_write_keeps_permissions(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    atomic.atomic_write_text(path, "新内容")
    assert path.read_text(encoding="utf-8") == "新内容"
    if os.name == "posix":
        assert (os.stat(path).st_mode & 0o777) == 0o640


def test_check_fix_on_the_command_line(tmp_path, capsys):
    from gklint import cli

    path = copy_seed(tmp_path, "002_5fcbcb2887811187.txt", "集贤镇 年报.txt")
    try:
        cli.main(["check", "--fix", "--format", "json", str(path)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    import json

    remaining = sorted(f["rule"] for f in json.loads(out))
    assert "GK601" not in remaining and "GK501" in remaining  # fixed labels gone; the rest still reported
    assert code == 1 and "已自动修复 2 个问题（1 个文件）" in err
    assert "本年废止件数" in path.read_text(encoding="utf-8")
