"""The pre-commit hook, for real: ``pre-commit try-repo`` against this checkout.

``try-repo`` clones this checkout at HEAD — or, when the working tree has changes to
tracked files, a temporary commit of it (staged files plus ``git add -u``; untracked
files are left out) — and installs gklint from it into a fresh hook environment (pip,
dependencies from PyPI).  It keeps that environment in a temporary store of its own
(``PRE_COMMIT_HOME`` is not used for it), so every call installs again (~15 s with a
warm pip cache).  The cases are therefore packed into two calls: one over a mix of
files (defective .txt and .docx, a clean draft, a README, a file excluded by
.gklint.yaml) that must fail with the findings of exactly the defective ones, and one
over clean drafts that must pass.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import fixtures_build as fb
import pytest
import text_fixtures as tf

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "data" / "seeds"

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="gklint test", GIT_AUTHOR_EMAIL="test@gklint.invalid", GIT_COMMITTER_NAME="gklint test", GIT_COMMITTER_EMAIL="test@gklint.invalid")
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"):
        env.pop(name, None)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def report_repo(tmp_path_factory):
    """A county office's repository of township drafts."""
    repo = tmp_path_factory.mktemp("reports-repo")
    git(repo, "init", "-q")
    (repo / "reports" / "archive").mkdir(parents=True)
    shutil.copy(SEEDS / "002_5fcbcb2887811187.txt", repo / "reports" / "集贤镇.txt")  # GK501 and more
    (repo / "reports" / "清洁 草稿.txt").write_text(tf.render_report(tf.SAMPLE_FIGURES, layout="tabs").text, encoding="utf-8")
    broken = fb.sample_figures()
    broken["applications"]["一"][0] += 5  # 一+二 ≠ （七）总计+四
    fb.fill_template_docx(repo / "reports" / "某局.docx", broken)
    fb.fill_template_docx(repo / "reports" / "某局-定稿.docx", fb.SAMPLE_FIGURES)
    shutil.copy(SEEDS / "001_52fabd2e9e55d580.txt", repo / "reports" / "archive" / "旧稿.txt")
    (repo / ".gklint.yaml").write_text("exclude: [reports/archive]\n", encoding="utf-8")
    (repo / "README.md").write_text("# 各乡镇年度报告草稿\n\n提交前由 gklint 检查。\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "drafts")
    return repo


def try_repo(repo: Path, tmp_path: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_NO_CONCURRENCY="1", NO_COLOR="1")
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GKLINT_CACHE_DIR", "FORCE_COLOR"):
        env.pop(name, None)
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "gklint", "--color", "never", "--verbose", "--files", *files]
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, timeout=900)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def test_hook_fails_on_defective_drafts_with_their_findings(report_repo, tmp_path):
    files = ["reports/集贤镇.txt", "reports/某局.docx", "reports/清洁 草稿.txt", "reports/archive/旧稿.txt", "README.md"]
    proc = try_repo(report_repo, tmp_path, *files)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert re.search(r"^gklint（政府信息公开工作年度报告合规检查）\.+Failed$", out, re.M), out
    assert "- exit code: 1" in out
    # the defective text draft, with its real defects
    assert re.search(r"^reports/集贤镇\.txt:\d+:\d+: GK501 \[error\] ", out, re.M), out
    assert re.search(r"^reports/集贤镇\.txt:\d+:\d+: GK202 \[error\] ", out, re.M)
    # the .docx (binary) is passed to the hook and its broken identity found
    assert re.search(r"^reports/某局\.docx:\d+:\d+: GK301 \[error\] ", out, re.M), out
    # the clean draft is checked and has nothing; README (hook exclude) and the archive
    # (.gklint.yaml exclude, applied by --force-exclude) are not checked at all
    assert "清洁 草稿.txt:" not in out and "README.md:" not in out and "旧稿.txt:" not in out
    assert re.search(r"^  文件：检查 3 个，有问题 2 个，无法读取 0 个$", out, re.M), out
    assert re.search(r"^3 个文件，\d+ 个问题（错误 \d+，", out, re.M)


def test_hook_passes_on_clean_drafts(report_repo, tmp_path):
    proc = try_repo(report_repo, tmp_path, "reports/清洁 草稿.txt", "reports/某局-定稿.docx", "README.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^gklint（政府信息公开工作年度报告合规检查）\.+Passed$", proc.stdout, re.M), proc.stdout
    assert "2 个文件，没有发现问题" in proc.stdout
