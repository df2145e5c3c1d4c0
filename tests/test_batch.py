"""Batch runs: folders walked, parallel workers (spawn), crash isolation, progress, summary."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import text_fixtures as tf
from engine_fakes import isolated_env, run_cli  # noqa: F401

from gklint import batch, cli
from gklint.engine import Linter

SEEDS = Path(__file__).parent / "data" / "seeds"




def make_corpus(folder: Path, n: int = 12) -> list[Path]:
    """``n`` rendered reports in every text layout; every third breaks an identity, every
    fourth has no statistics-period sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        figures = tf.sample_figures()
        if i % 3 == 1:
            figures["applications"]["一"][0] += 1
        period = None if i % 4 == 2 else "default"
        text = tf.render_report(figures, layout=tf.LAYOUTS[i % len(tf.LAYOUTS)], issuer=f"某某市第{i}局", period=period).text
        path = folder / f"r{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def no_pool(monkeypatch):
    """Fail the test if a process pool is started."""

    def refuse(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(batch._Pool, "round", refuse)
    monkeypatch.setattr(batch._Pool, "isolate", refuse)


# --------------------------------------------------------------------------- planning


def test_plan_workers():
    assert batch.plan_workers(1, 8) == 1  # a single file never starts a pool
    assert batch.plan_workers(0, 8) == 1
    assert batch.plan_workers(5, 1) == 1
    assert batch.plan_workers(2, 8) == 2  # --jobs given: one worker per file at most
    assert batch.plan_workers(500, 2) == 2
    assert batch.plan_workers(100, 500) == 61  # Windows' limit
    assert batch.plan_workers(10, 8, explicit=False) == 1  # default: too few files for a pool
    assert batch.plan_workers(199, 8, explicit=False) == 1
    assert batch.plan_workers(250, 8, explicit=False) == 2
    assert batch.plan_workers(1000, 4, explicit=False) == 4
    assert batch.default_jobs() >= 1


def test_chunks_cover_every_file_in_order():
    files = [f"f{i}" for i in range(103)]
    chunks = batch.chunked(files, 3)
    assert [f for c in chunks for f in c] == files
    assert max(len(c) for c in chunks) <= batch.MAX_CHUNK and len(chunks) >= 3 * 2


# --------------------------------------------------------------------------- parallel == sequential


def test_jobs_give_the_same_output(capsys, tmp_path):
    make_corpus(tmp_path / "reports")
    (tmp_path / "reports" / "sub").mkdir()
    (tmp_path / "reports" / "sub" / "scan.txt").write_bytes(bytes(range(256)) * 4)  # unreadable
    for name in sorted(os.listdir(SEEDS)):
        (tmp_path / "reports" / "sub" / name).write_bytes((SEEDS / name).read_bytes())
    outputs = {}
    for jobs in ("1", "3"):
        for fmt in ("json", "text"):
            outputs[jobs, fmt] = run_cli(capsys, "check", tmp_path / "reports", "--format", fmt, "--jobs", jobs)
    assert outputs["1", "json"] == outputs["3", "json"]
    assert outputs["1", "text"] == outputs["3", "text"]
    code, out, _ = outputs["3", "json"]
    data = json.loads(out)
    assert code == 2  # the unreadable scan
    assert {d["rule"] for d in data} >= {"GK301", "GK401", "GK901", "GK603"}
    keys = [(d["path"], d["line"]) for d in data]
    assert keys == sorted(keys)


def test_parallel_run_keeps_every_file_and_config(tmp_path):
    make_corpus(tmp_path / "a", 6)
    make_corpus(tmp_path / "b", 6)
    (tmp_path / "b" / ".gklint.yaml").write_text("ignore: [GK401]\n", encoding="utf-8")
    linter = Linter(cwd=str(tmp_path))
    seq = batch.run(linter, [str(tmp_path)], jobs=1)
    par = batch.run(Linter(cwd=str(tmp_path)), [str(tmp_path)], jobs=2)
    assert par.files == seq.files and len(par.files) == 12
    assert [f.to_dict() for f in par.findings] == [f.to_dict() for f in seq.findings]
    assert par.exit_code == seq.exit_code == 1
    assert not any(f.rule == "GK401" and "/b/" in f.path.replace(os.sep, "/") for f in par.findings)
    assert any(f.rule == "GK401" and "/a/" in f.path.replace(os.sep, "/") for f in par.findings)


# --------------------------------------------------------------------------- when a pool starts


def test_single_file_never_starts_a_pool(capsys, tmp_path, no_pool):
    (path,) = make_corpus(tmp_path, 1)
    code, out, _ = run_cli(capsys, "check", path, "--jobs", "8")
    assert code == 0 and "没有发现问题" in out


def test_few_files_with_default_jobs_stay_in_process(capsys, tmp_path, no_pool):
    make_corpus(tmp_path, batch.MIN_FILES_PER_WORKER + 1)
    code, _, _ = run_cli(capsys, "check", tmp_path)
    assert code == 1


def test_live_plugins_stay_in_process(tmp_path, no_pool):
    from gklint.plugins import load_plugins

    make_corpus(tmp_path, 4)
    linter = Linter(cwd=str(tmp_path), plugins=load_plugins())
    assert linter.options is None
    assert len(batch.run(linter, [str(tmp_path)], jobs=4).files) == 4


def test_jobs_must_be_positive(capsys, tmp_path):
    (path,) = make_corpus(tmp_path, 1)
    code, _, err = run_cli(capsys, "check", path, "--jobs", "0")
    assert code == 2 and "--jobs 必须是正整数" in err
    code, _, err = run_cli(capsys, "check", path, "-j", "x")
    assert code == 2


# --------------------------------------------------------------------------- a worker that dies


def test_worker_crash_loses_no_other_result(tmp_path, monkeypatch):
    paths = make_corpus(tmp_path, 9)
    expected = batch.run(Linter(cwd=str(tmp_path)), [str(tmp_path)], jobs=1)
    victim = paths[4]
    monkeypatch.setenv(batch.SELFTEST_ENV, victim.name)
    got = batch.run(Linter(cwd=str(tmp_path)), [str(tmp_path)], jobs=2)
    assert got.files == expected.files
    mine = [f for f in got.findings if f.path == str(victim)]
    assert [f.rule for f in mine] == ["GK901"] and "工作进程意外退出" in mine[0].message
    others = [f.to_dict() for f in got.findings if f.path != str(victim)]
    assert others == [f.to_dict() for f in expected.findings if f.path != str(victim)]
    assert got.exit_code == 2  # a file that could not be checked is never a pass


# --------------------------------------------------------------------------- exclude


def test_walk_respects_config_exclude_and_force_exclude(capsys, tmp_path):
    make_corpus(tmp_path / "reports", 2)
    make_corpus(tmp_path / "reports" / "archive", 2)
    (tmp_path / ".gklint.yaml").write_text("exclude: [reports/archive, '*.bak.md']\n", encoding="utf-8")
    (tmp_path / "reports" / "old.bak.md").write_text("# 旧稿\n", encoding="utf-8")
    linter = Linter(cwd=str(tmp_path))
    run = batch.run(linter, [str(tmp_path / "reports")], jobs=1)
    assert sorted(os.path.basename(f) for f in run.files) == ["r00.txt", "r01.txt"]
    named = str(tmp_path / "reports" / "archive" / "r00.txt")
    assert batch.run(Linter(cwd=str(tmp_path)), [named], jobs=1).files == [named]  # named: linted
    assert batch.run(Linter(cwd=str(tmp_path)), [named], jobs=1, force_exclude=True).files == []
    code, out, err = run_cli(capsys, "check", named, "--force-exclude")
    assert code == 0 and out.startswith("0 个文件") and "没有找到可检查的文件" in err


# --------------------------------------------------------------------------- progress


class Recorder:
    def __init__(self, total):
        self.total, self.done, self.closed = total, 0, False

    def advance(self, n):
        self.done += n

    def close(self):
        self.closed = True


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_is_told_about_every_file(tmp_path, jobs):
    make_corpus(tmp_path, 5)
    bars = []

    def factory(total):
        bars.append(Recorder(total))
        return bars[-1]

    batch.run(Linter(cwd=str(tmp_path)), [str(tmp_path)], jobs=jobs, progress=factory)
    assert len(bars) == 1 and bars[0].total == bars[0].done == 5 and bars[0].closed


def test_progress_bar_only_on_a_terminal_for_long_runs(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert cli._progress_bar(500) is None  # pytest captures stderr: not a terminal

    class Tty:
        encoding = "utf-8"

        def isatty(self):
            return True

        def write(self, text):
            return len(text)

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stderr", Tty())
    assert cli._progress_bar(cli.PROGRESS_MIN_FILES) is None  # a short run
    bar = cli._progress_bar(500)
    assert bar is not None
    bar.advance(3)
    bar.close()
    monkeypatch.setenv("CI", "true")
    assert cli._progress_bar(500) is None


# --------------------------------------------------------------------------- summary, statistics


def test_summary_table_after_many_files(capsys, tmp_path):
    make_corpus(tmp_path, 3)
    code, out, _ = run_cli(capsys, "check", tmp_path, tmp_path / "missing.docx", "--jobs", "1")
    assert code == 2
    lines = out.splitlines()
    at = lines.index("汇总")
    assert lines[at + 1] == "  文件：检查 4 个，有问题 3 个，无法读取 1 个"
    assert lines[at + 2].split() == ["类别", "错误", "警告", "提示", "合计"]
    table = {line.split()[0]: line.split()[-4:] for line in lines[at + 3 :] if line.startswith("  GK") or line.startswith("  合计")}
    assert table["GK9xx"] == ["1", "0", "0", "1"] and "GK3xx" in table and "GK4xx" in table
    assert table["合计"][-1] == str(sum(int(v[-1]) for k, v in table.items() if k != "合计"))
    assert "  无法读取的文件：" in lines
    assert any(line.strip().startswith(str(tmp_path / "missing.docx") + "：无法读取这份草稿") for line in lines)
    assert lines[-1].startswith("4 个文件，")
    # the plain table aligns columns counting Chinese characters as two cells
    rows = [line for line in lines[at + 2 :] if line.startswith("  GK") or line.startswith("  类别") or line.startswith("  合计")]
    from gklint.reporters.text import _width

    assert len({_width(r) for r in rows}) == 1


def test_no_summary_table_for_one_file(capsys, tmp_path):
    (path,) = make_corpus(tmp_path, 1)
    _, out, _ = run_cli(capsys, "check", path)
    assert "汇总" not in out


def test_summary_on_a_gbk_console(tmp_path):
    make_corpus(tmp_path / "r", 2)
    (tmp_path / "r" / "坏😀.txt").write_bytes(b"")
    env = dict(os.environ, PYTHONIOENCODING="gbk", NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", "r", "--jobs", "2"], capture_output=True, env=env, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr.decode("gbk", "replace")
    out = proc.stdout.decode("gbk")
    assert "汇总" in out and "GK9xx 输入问题" in out and "坏?.txt" in out and "内部错误" not in proc.stderr.decode("gbk", "replace")
    env["FORCE_COLOR"] = "1"
    env.pop("NO_COLOR")
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", "r"], capture_output=True, env=env, cwd=tmp_path)
    assert proc.returncode == 2 and "输入问题" in proc.stdout.decode("gbk")


def test_statistics_counts_per_rule_like_ruff(capsys):
    code, out, _ = run_cli(capsys, "check", *sorted(SEEDS.glob("*.txt")), "--statistics")
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["4", "GK212", "cell-covered", "[warning]"]
    assert ["2", "GK401", "period-missing", "[error]"] in [line.split()[:4] for line in lines]
    assert not any(line.startswith("tests") or ":" in line.split()[0] for line in lines if line.strip())
    assert lines[-1] == "5 个文件，20 个问题（错误 7，警告 10，提示 3）"


def test_workers_that_cannot_start_fall_back_to_this_process(tmp_path):
    make_corpus(tmp_path, 4)
    linter = Linter(cwd=str(tmp_path))
    expected = batch.run(Linter(cwd=str(tmp_path)), [str(tmp_path)], jobs=1)
    linter.options = dict(linter.options, config_file=str(tmp_path / "missing.yaml"))  # every worker's Linter raises
    got = batch.run(linter, [str(tmp_path)], jobs=2)
    assert [f.to_dict() for f in got.findings] == [f.to_dict() for f in expected.findings]
    assert "无法启动并行检查的进程，已改为逐个检查" in got.warnings
