"""gklint benchmarks: start-up, throughput per format, CPU per report, peak memory, scaling.

One command (from the repository root, gklint installed in the Python that runs it)::

    python benchmarks/run.py            # full: ~3-5 minutes on 2 cores
    python benchmarks/run.py --quick    # smaller sizes: ~1 minute

It writes a deterministic corpus (``benchmarks/corpus.py``) to a temporary folder and
prints Markdown tables:

* **start-up** — ``gklint check seed.txt`` (``samples/000_….txt``) as a fresh process:
  the first run with an empty gklint cache (``XDG_CACHE_HOME`` / ``LOCALAPPDATA``
  pointed at an empty folder), then the median of ``--startup-runs`` runs (≥ 10) with
  the cache warm;
* **throughput** per format (txt, md, docx, html): reports/s and CPU ms per report for
  1 job (``Linter.run`` in one process) and 2 jobs (a process pool of 2, and — when
  ``gklint check`` has ``--jobs`` — the CLI itself with ``-j 1`` and ``-j 2``, start-up
  and output included), with the peak RSS of the largest process;
* **scaling** — 1,000 → 10,000 text reports in one process (200 → 2,000 with
  ``--quick``): time per report should stay flat;
* **one-line file** — a 10 MB and a 20 MB file holding one line: time should double.

Each measurement runs in its own child process, so the peak RSS belongs to that
measurement (``resource.getrusage`` on POSIX; on Windows psutil is used when installed,
otherwise memory is shown as n/a).  Timings are wall-clock and therefore depend on
what else runs on the machine; the script never fails on a slow figure — the
``targets`` table says which target is met.

Bytecode: an installed gklint has its ``.pyc`` files.  When ``PYTHONDONTWRITEBYTECODE``
is set (as in some development shells), the child processes get a private
``PYTHONPYCACHEPREFIX`` instead, warmed up before measuring, so start-up is not
measured with every module compiled from source.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "samples" / "000_fda45213274d01ac.txt"

TARGETS = {
    "startup_ms": 150.0,  # median wall, warm cache
    "txt_per_s_2jobs": 1000.0,
    "cpu_ms_per_txt": 2.0,
    "docx_per_s_2jobs": 200.0,
    "peak_rss_mb": 150.0,
    "year_minutes": 3.0,  # 150,000 reports
}
YEAR_REPORTS = 150_000

FULL = {
    "startup_runs": 20,
    "sizes": {"txt": 2000, "md": 1000, "docx": 400, "html": 2000},
    "scaling": (1000, 10000),
    "big_mb": (10, 20),
}
QUICK = {
    "startup_runs": 10,
    "sizes": {"txt": 400, "md": 200, "docx": 100, "html": 400},
    "scaling": (200, 2000),
    "big_mb": (10, 20),
}


# --------------------------------------------------------------------------- measuring helpers


def _maxrss_mb(who: str = "self") -> float | None:
    """Peak resident set size in MiB of this process (``self``) or of the largest
    waited-for child (``children``); None where it cannot be measured."""
    try:
        import resource
    except ImportError:  # Windows: psutil if installed, for this process only
        if who != "self":
            return None
        try:
            import psutil  # type: ignore[import-not-found]
        except ImportError:
            return None
        info = psutil.Process().memory_info()
        peak = getattr(info, "peak_wset", None) or getattr(info, "rss", None)
        return peak / 2**20 if peak else None
    usage = resource.getrusage(resource.RUSAGE_SELF if who == "self" else resource.RUSAGE_CHILDREN)
    return usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, KiB elsewhere


def _peak_rss_self() -> float | None:
    """Peak RSS in MiB of this process image: ``VmHWM`` on Linux (``ru_maxrss`` keeps the
    high-water mark of the process that exec'ed us), else ``ru_maxrss`` / psutil."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return _maxrss_mb("self")


def _children_cpu() -> float | None:
    """User + system CPU seconds of the waited-for children (POSIX), else None."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):  # Windows
        return None


def gklint_command() -> list[str]:
    """The ``gklint`` console script next to this Python (what users run), else ``python -m gklint``."""
    bindir = Path(sys.executable).parent
    for name in ("gklint", "gklint.exe"):
        candidate = bindir / name
        if candidate.is_file():
            return [str(candidate)]
    return [sys.executable, "-m", "gklint"]


def child_env(workdir: Path, cache_name: str) -> dict[str, str]:
    """Environment for a measured child: its own gklint cache folder, bytecode available."""
    env = dict(os.environ)
    for key in ("GKLINT_CACHE_DIR", "GKLINT_NO_CACHE", "GKLINT_DISABLE_PLUGINS"):
        env.pop(key, None)
    cache = workdir / "cache" / cache_name
    cache.mkdir(parents=True, exist_ok=True)
    env["XDG_CACHE_HOME"] = str(cache)
    env["LOCALAPPDATA"] = str(cache)
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None and "PYTHONPYCACHEPREFIX" not in env:
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    return env


def timed_process(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run ``cmd`` through a small wrapper process that times it and reads its CPU time
    and peak RSS (so every figure belongs to this one run)."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--exec", "--", *cmd]
    proc = subprocess.run(wrapper, env=env, cwd=cwd, capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr.decode('utf-8', 'replace')[-3000:]}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def exec_and_measure(cmd: list[str]) -> None:
    """``--exec``: run ``cmd`` (output discarded), print wall, CPU and peak RSS as JSON."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: findings
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    print(json.dumps({"wall": wall, "cpu": _children_cpu(), "rss_mb": _maxrss_mb("children")}))


# --------------------------------------------------------------------------- child: one measurement


def _pool_init() -> None:
    from gklint.engine import Linter

    _POOL["linter"] = Linter(cwd=os.getcwd())


_POOL: dict[str, Any] = {}


def _pool_chunk(paths: list[str]) -> tuple[list, float, float | None]:
    cpu0 = time.process_time()
    linter = _POOL["linter"]
    results = [linter.engine_for(p).lint_path(p) for p in paths]
    return results, time.process_time() - cpu0, _peak_rss_self()


def worker(args: argparse.Namespace) -> None:
    """Child process: lint ``args.paths`` and print one JSON line of figures."""
    t_start = time.perf_counter()
    from gklint.engine import Linter, finding_order

    linter = Linter(cwd=os.getcwd())
    files = linter.collect(args.paths)
    for path in files[:1]:
        linter.engine_for(path)  # rule packs loaded before timing
    setup = time.perf_counter() - t_start
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    children_cpu = 0.0
    rss = [_peak_rss_self()]
    if args.jobs <= 1:
        run = linter.run(files)
        n_findings = len(run.findings)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        size = max(1, min(16, len(files) // (args.jobs * 4) or 1))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        findings: list = []
        ctx = multiprocessing.get_context("spawn")  # what gklint.batch uses on every platform
        with ProcessPoolExecutor(args.jobs, mp_context=ctx, initializer=_pool_init) as pool:
            for results, cpu, peak in pool.map(_pool_chunk, chunks):
                children_cpu += cpu
                rss.append(peak)
                for result in results:
                    findings.extend(result)
        findings.sort(key=finding_order)
        n_findings = len(findings)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0 + children_cpu
    rss = [x for x in rss + [_peak_rss_self()] if x is not None]
    print(json.dumps({
        "files": len(files), "findings": n_findings, "wall": wall, "cpu": cpu, "setup": setup,
        "rss_mb": max(rss) if rss else None,
    }))


def run_child(paths: list[Path], jobs: int, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--jobs", str(jobs), *map(str, paths)]
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark worker failed ({proc.returncode}):\n{proc.stderr.decode('utf-8', 'replace')[-3000:]}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def run_cli(paths: list[Path], jobs: int | None, env: dict[str, str], cwd: Path, n: int) -> dict[str, Any]:
    """The whole CLI run (start-up, workers, JSON output to /dev/null)."""
    cmd = gklint_command() + ["check", "--format", "json"] + (["--jobs", str(jobs)] if jobs else []) + [str(p) for p in paths]
    return {"files": n, **timed_process(cmd, env, cwd)}


# --------------------------------------------------------------------------- the benchmark


def cli_has_jobs(env: dict[str, str], cwd: Path) -> bool:
    proc = subprocess.run(gklint_command() + ["check", "--help"], env=env, cwd=cwd, capture_output=True)
    return b"--jobs" in proc.stdout


def measure_startup(workdir: Path, runs: int) -> dict[str, Any]:
    seed_dir = workdir / "seed"
    seed_dir.mkdir(exist_ok=True)
    seed = seed_dir / "seed.txt"
    shutil.copyfile(SEED, seed)
    cmd = gklint_command() + ["check", "seed.txt"]
    timed_process(cmd, child_env(workdir, "warmup"), seed_dir)  # bytecode (if a prefix is used)
    first = timed_process(cmd, child_env(workdir, "startup-empty"), seed_dir)
    env = child_env(workdir, "startup-warm")
    timed_process(cmd, env, seed_dir)  # fills the cache
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        r = timed_process(cmd, env, seed_dir)
        walls.append(r["wall"])
        rss.append(r["rss_mb"])
        if r["cpu"] is not None:
            cpus.append(r["cpu"])
    return {
        "first_empty_cache_ms": first["wall"] * 1000,
        "first_empty_cache_cpu_ms": first["cpu"] * 1000 if first["cpu"] is not None else None,
        "median_ms": statistics.median(walls) * 1000,
        "min_ms": min(walls) * 1000,
        "max_ms": max(walls) * 1000,
        "cpu_median_ms": statistics.median(cpus) * 1000 if cpus else None,
        "runs": runs,
        "rss_mb": max((r for r in rss if r is not None), default=None),
    }


def write_corpora(workdir: Path, cfg: dict, seed: int, log) -> dict[str, Path]:
    """Write the corpora in a child process (this process stays small: its children
    inherit its memory high-water mark on some systems)."""
    small, large = cfg["scaling"]
    started = time.perf_counter()
    jobs = [("txt", max(large, cfg["sizes"]["txt"]), small)] + [(fmt, cfg["sizes"][fmt], 10**9) for fmt in ("md", "docx", "html")]
    dirs = {}
    for fmt, n, per_folder in jobs:
        out = workdir / "corpus" / fmt
        cmd = [sys.executable, str(HERE / "corpus.py"), str(out), "-n", str(n), "--seed", str(seed), "--formats", fmt,
               "--per-folder", str(per_folder)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        dirs[fmt] = out
    dirs["txt-all"] = dirs["txt"]
    log(f"corpus written in {time.perf_counter() - started:.1f} s")
    return dirs


def txt_parts(root: Path, n: int, per_part: int) -> list[Path]:
    parts = sorted(p for p in root.iterdir() if p.is_dir())
    return parts[: max(1, n // per_part)]


def one_line_file(path: Path, megabytes: int) -> None:
    """One line of ``megabytes`` MB: the seed report's text run together (line ends and
    tabs made U+3000), as when a whole report is pasted into one line."""
    text = SEED.read_text(encoding="utf-8").replace("\r", "").replace("\n", "\u3000").replace("\t", "\u3000")
    chunk = text.encode("utf-8")
    target = megabytes * 1_000_000
    with open(path, "wb") as fh:
        written = 0
        while written + len(chunk) <= target:
            fh.write(chunk)
            written += len(chunk)
        fh.write(("。" * ((target - written) // 3)).encode("utf-8"))


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    import gklint

    cfg = dict(QUICK if args.quick else FULL)
    if args.startup_runs:
        cfg["startup_runs"] = max(10, args.startup_runs)
    workdir = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="gklint-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {
        "gklint": gklint.__version__,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "mode": "quick" if args.quick else "full",
        "seed": args.seed,
        "command": "python benchmarks/run.py" + (" --quick" if args.quick else ""),
        "load_before": _loadavg(),
    }
    try:
        log(f"work folder {workdir}")
        log("start-up …")
        results["startup"] = measure_startup(workdir, cfg["startup_runs"])
        dirs = write_corpora(workdir, cfg, args.seed, log)
        env = child_env(workdir, "runs")
        cwd = workdir
        with_jobs = cli_has_jobs(env, cwd)
        results["cli_jobs"] = with_jobs
        small, large = cfg["scaling"]
        sets = {
            "txt": txt_parts(dirs["txt-all"], cfg["sizes"]["txt"], small),
            "md": [dirs["md"]],
            "docx": [dirs["docx"]],
            "html": [dirs["html"]],
        }
        rows = []
        for fmt, paths in sets.items():
            for mode, jobs in (("in-process", 1), ("process pool", 2)):
                log(f"throughput {fmt} {mode} jobs={jobs} …")
                r = run_child(paths, jobs, env, cwd)
                rows.append({"format": fmt, "mode": mode, "jobs": jobs, **r})
            if with_jobs:
                for jobs in (1, 2):
                    log(f"throughput {fmt} CLI -j {jobs} …")
                    n = rows[-1]["files"]
                    r = run_cli(paths, jobs, env, cwd, n)
                    rows.append({"format": fmt, "mode": "CLI", "jobs": jobs, **r})
        results["throughput"] = rows
        scaling = []
        for n in (small, large):
            log(f"scaling {n} …")
            paths = txt_parts(dirs["txt-all"], n, small)
            scaling.append({"reports": n, **run_child(paths, 1, env, cwd)})
        results["scaling"] = scaling
        big = []
        for mb in cfg["big_mb"]:
            log(f"one-line file {mb} MB …")
            path = workdir / "big" / f"one-line-{mb}mb.txt"
            path.parent.mkdir(exist_ok=True)
            one_line_file(path, mb)
            big.append({"mb": mb, **run_child([path], 1, env, cwd)})
            path.unlink()
        results["one_line"] = big
        results["load_after"] = _loadavg()
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.keep:
            log(f"kept {workdir}")
    return results


# --------------------------------------------------------------------------- the table


def _f(value: Any, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def best_rate(rows: list[dict], fmt: str, jobs: int) -> float | None:
    """The best measured (wall-clock) rate of ``fmt`` with ``jobs``."""
    rates = [r["files"] / r["wall"] for r in rows if r["format"] == fmt and r["jobs"] == jobs and r["wall"] > 0]
    return max(rates) if rates else None


def cpu_rate(rows: list[dict], fmt: str, cores: int) -> float | None:
    """Reports/s on ``cores`` otherwise idle cores, from the CPU time per report of the
    one-process run (a worker's start-up, ~0.3 s of CPU, is spread over the whole batch)."""
    rates = [r["files"] * cores / r["cpu"] for r in rows if r["format"] == fmt and r["mode"] == "in-process" and r.get("cpu")]
    return max(rates) if rates else None


def cpu_ms(r: dict) -> float | None:
    return r["cpu"] * 1000 / r["files"] if r.get("cpu") is not None and r.get("files") else None


def render(results: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    add(f"gklint {results['gklint']} · Python {results['python']} · {results['platform']} · {results['cpus']} CPUs · "
        f"{results['mode']} run · corpus seed {results['seed']}")
    add(f"command: `{results['command']}`")
    if results.get("load_before") is not None:
        add(f"load average before / after: {results['load_before']} / {results.get('load_after')} "
            "(other processes on the machine slow the wall-clock figures down; CPU figures much less)")
    add("")
    s = results["startup"]
    add("### Start-up: `gklint check seed.txt` (one 7 KB text report), fresh process")
    add("")
    add("| run | wall ms | CPU ms |")
    add("| --- | ---: | ---: |")
    add(f"| first run, empty cache | {_f(s['first_empty_cache_ms'])} | {_f(s['first_empty_cache_cpu_ms'])} |")
    add(f"| warm cache, median of {s['runs']} (min–max {_f(s['min_ms'])}–{_f(s['max_ms'])}) | **{_f(s['median_ms'])}** | {_f(s['cpu_median_ms'])} |")
    add("")
    add(f"peak RSS of a start-up run: {_f(s['rss_mb'], 1)} MB")
    add("")
    add("### Throughput (all built-in rules)")
    add("")
    add("| format | reports | how | jobs | seconds | reports/s | CPU ms/report | findings | peak RSS MB |")
    add("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results["throughput"]:
        rate = r["files"] / r["wall"] if r["wall"] else None
        how = {"in-process": "`Linter.run`, one process", "process pool": "process pool (spawn)", "CLI": "`gklint check -j N -f json`"}[r["mode"]]
        add(f"| {r['format']} | {r['files']:,} | {how} | {r['jobs']} | {_f(r['wall'], 2)} | {_f(rate)} | {_f(cpu_ms(r), 2)} | "
            f"{_f(r.get('findings'))} | {_f(r.get('rss_mb'), 1)} |")
    add("")
    add("CPU includes the worker processes (their start-up too); CLI rows also include the CLI's start-up and the JSON output.")
    add("")
    add("### Scaling (text reports, one process)")
    add("")
    add("| reports | seconds | reports/s | ms/report | CPU ms/report | peak RSS MB |")
    add("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results["scaling"]:
        add(f"| {r['reports']:,} | {_f(r['wall'], 2)} | {_f(r['files'] / r['wall'])} | {_f(r['wall'] * 1000 / r['files'], 3)} | "
            f"{_f(cpu_ms(r), 3)} | {_f(r.get('rss_mb'), 1)} |")
    sc = results["scaling"]
    wall_ratio = (sc[1]["wall"] / sc[1]["files"]) / (sc[0]["wall"] / sc[0]["files"])
    ratio = (sc[1]["cpu"] / sc[1]["files"]) / (sc[0]["cpu"] / sc[0]["files"])
    add("")
    add(f"per-report time at {sc[1]['reports']:,} ÷ at {sc[0]['reports']:,}: CPU **{ratio:.2f}**, wall {wall_ratio:.2f} (1.00 = linear)")
    add("")
    add("### One-line file (the seed report run together into one line)")
    add("")
    add("| size | seconds | CPU s | findings | peak RSS MB |")
    add("| ---: | ---: | ---: | ---: | ---: |")
    for r in results["one_line"]:
        add(f"| {r['mb']} MB | {_f(r['wall'], 2)} | {_f(r['cpu'], 2)} | {_f(r.get('findings'))} | {_f(r.get('rss_mb'), 1)} |")
    big = results["one_line"]
    big_ratio = big[1]["cpu"] / big[0]["cpu"] if len(big) == 2 and big[0].get("cpu") else None
    if big_ratio is not None:
        add("")
        add(f"{big[1]['mb']} MB ÷ {big[0]['mb']} MB: CPU **{big_ratio:.2f}**, wall {big[1]['wall'] / big[0]['wall']:.2f} "
            f"(size ratio {big[1]['mb'] / big[0]['mb']:.2f})")
    add("")
    add("### Targets")
    add("")
    rows = results["throughput"]
    txt2, txt2_cpu = best_rate(rows, "txt", 2), cpu_rate(rows, "txt", 2)
    docx2, docx2_cpu = best_rate(rows, "docx", 2), cpu_rate(rows, "docx", 2)
    txt_cpu = [cpu_ms(r) for r in rows if r["format"] == "txt" and r["mode"] == "in-process"]
    rss = [r.get("rss_mb") for r in rows + results["scaling"] + big if r.get("rss_mb") is not None]
    checks = [
        ("start-up: median wall ≤ 150 ms", s["median_ms"], TARGETS["startup_ms"], "ms", False),
        ("CPU per text report ≤ 2 ms (one process)", txt_cpu[0] if txt_cpu else None, TARGETS["cpu_ms_per_txt"], "ms", False),
        ("text reports/s with 2 jobs ≥ 1,000 — measured wall clock", txt2, TARGETS["txt_per_s_2jobs"], "/s", True),
        ("text reports/s on 2 cores ≥ 1,000 — from CPU per report", txt2_cpu, TARGETS["txt_per_s_2jobs"], "/s", True),
        (".docx/s with 2 jobs ≥ 200 — measured wall clock", docx2, TARGETS["docx_per_s_2jobs"], "/s", True),
        (".docx/s on 2 cores ≥ 200 — from CPU per report", docx2_cpu, TARGETS["docx_per_s_2jobs"], "/s", True),
        ("150,000 text reports < 3 min on 2 cores — wall clock", YEAR_REPORTS / txt2 / 60 if txt2 else None, TARGETS["year_minutes"], "min", False),
        ("150,000 text reports < 3 min on 2 cores — from CPU per report", YEAR_REPORTS / txt2_cpu / 60 if txt2_cpu else None, TARGETS["year_minutes"], "min", False),
        ("peak RSS < 150 MB (largest process of any run)", max(rss) if rss else None, TARGETS["peak_rss_mb"], "MB", False),
        ("linear in reports: CPU per report at 10× ≤ 1.15×", ratio, 1.15, "", False),
    ]
    if big_ratio is not None:
        checks.append(("linear in size: one-line file 2× larger, CPU ≤ 2.3×", big_ratio, 2.3, "", False))
    add("| target | measured | met |")
    add("| --- | ---: | :---: |")
    for name, value, limit, unit, higher in checks:
        met = None if value is None else (value >= limit if higher else value <= limit)
        digits = 2 if value is not None and value < 10 else 0
        add(f"| {name} | {_f(value, digits)} {unit} | {'n/a' if met is None else ('yes' if met else '**no**')} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gklint benchmarks (start-up, throughput, memory, scaling).")
    parser.add_argument("--quick", action="store_true", help="smaller corpus and fewer runs (~1 minute)")
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed (default 2024)")
    parser.add_argument("--startup-runs", type=int, default=0, help="cold start-up runs (at least 10; default 20, 10 with --quick)")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    parser.add_argument("--workdir", help="work folder (kept); default: a temporary folder, removed afterwards")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exec", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    if args.exec:
        exec_and_measure(args.paths)
        return 0
    try:
        import gklint  # noqa: F401
    except ImportError:
        print("gklint is not installed in this Python: run `pip install .` (or `pip install -e .`) first", file=sys.stderr)
        return 2
    results = benchmark(args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
