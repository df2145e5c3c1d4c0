"""Batch benchmark: ``gklint check DIR --jobs 1`` against ``--jobs 2`` (and more).

Standalone (the general suite is ``benchmarks/run.py``).  From the repository root, with
gklint installed in the Python that runs it::

    python benchmarks/batch.py                 # 600 reports, jobs 1 and 2
    python benchmarks/batch.py -n 1000 --jobs 1,2,4 --keep /tmp/reports

It writes ``-n`` text reports (``tests/text_fixtures.render_report``: the four text
layouts, UTF-8 or GB18030, each with its own figures; about 30 % with one or two defects
— an unbalanced identity, no statistics period, a missing row, a label typo, no fee
statement) into folders of 100 under a temporary directory, deterministic for a given
``--seed``.  Then for each ``--jobs`` value it runs the real command line as a fresh
process (``python -m gklint check DIR --jobs N``; start-up, walking, pool start and
output included), once to warm gklint's cache and then ``--repeat`` rounds, the values
interleaved within each round, and prints
the best and median wall-clock times, the speed-up (best over best) against the first
value, the median CPU time of gklint and its workers, whether every run printed the same
output, and the summary of the last run.

Timings depend on what else runs on the machine: nothing here is asserted.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import text_fixtures as tf  # noqa: E402

ISSUERS = ("某某市第{n}局", "某某市{n}区人民政府办公室", "某某市卫生健康委员会第{n}处", "某某市{n}号街道办事处", "某{n}市人民政府")


def figures_for(rng: random.Random, issuer: str) -> dict:
    """Sample figures scaled by a random factor (identities still hold), own 表二 figures;
    规章 only for a city government (others cannot make them: GK703)."""
    figures = tf.sample_figures()
    k = rng.randint(1, 9)
    for group in ("applications", "review_litigation"):
        for key, values in figures[group].items():
            figures[group][key] = [v * k for v in values]
    active = figures["active"]
    for key in ("规章", "行政规范性文件"):
        made, repealed = rng.randint(0, 9), rng.randint(0, 5)
        active[key] = [made, repealed, rng.randint(made, made + 60)]
    if not issuer.endswith("市人民政府"):
        active["规章"] = [0, 0, 0]
    for key in ("行政许可", "行政处罚", "行政强制"):
        active[key] = rng.randint(0, 3000)
    active["行政事业性收费"] = round(rng.uniform(0, 50), 2)
    return figures


def render(i: int, rng: random.Random) -> tuple[str, str, str]:
    """(text, encoding, defect) of report ``i``."""
    issuer = rng.choice(ISSUERS).format(n=i)
    figures = figures_for(rng, issuer)
    kwargs: dict = {"layout": tf.LAYOUTS[i % len(tf.LAYOUTS)], "issuer": issuer, "year": 2024}
    defect = ""
    if rng.random() < 0.3:
        defect = rng.choice(("identity", "period", "row", "label", "fee"))
        if defect == "identity":
            figures["applications"]["一"][0] += rng.randint(1, 5)
        elif defect == "period":
            kwargs["period"] = None
        elif defect == "row":
            del figures["applications"]["三.五.2"]
        elif defect == "label":
            kwargs["relabel"] = {"3.补正后申请内容仍不明确": "3.补正后申请内容仍不名确"}
    text = tf.render_report(figures, **kwargs).text
    if defect == "fee":
        text = text[: text.rindex("依据《政府信息公开信息处理费管理办法》")] + "无。\n"
    return text, ("gb18030" if rng.random() < 0.3 else "utf-8"), defect


def generate(folder: Path, n: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    defects: dict[str, int] = {}
    for i in range(n):
        text, encoding, defect = render(i, rng)
        sub = folder / f"单位{i // 100 + 1:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}.txt").write_bytes(text.encode(encoding))
        defects[defect or "none"] = defects.get(defect or "none", 0) + 1
    return defects


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(folder: Path, jobs: int) -> tuple[float, float, int, str]:
    """(wall s, CPU s of the process and its workers, exit code, stdout)."""
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("FORCE_COLOR", None)
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "gklint", "check", str(folder), "--jobs", str(jobs)], capture_output=True, env=env, cwd=folder)
    elapsed = time.perf_counter() - start
    return elapsed, _children_cpu() - cpu, proc.returncode, proc.stdout.decode("utf-8", "replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=600, help="reports to generate (default 600)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per value (default 3)")
    parser.add_argument("--keep", metavar="DIR", help="write the reports here and keep them")
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]

    with tempfile.TemporaryDirectory(prefix="gklint-batch-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp) / "reports"
        t0 = time.perf_counter()
        defects = generate(folder, args.n, args.seed)
        load = "load average %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else "load average n/a"
        print(f"generated {args.n} reports in {time.perf_counter() - t0:.1f} s under {folder} "
              f"(defects: {', '.join(f'{k} {v}' for k, v in sorted(defects.items()))}); {os.cpu_count()} CPUs, {load}\n")
        outputs = set()
        rows = []
        last = ""
        check(folder, jobs[0])  # warm gklint's cache (rule packs, template)
        times: dict[int, list[float]] = {j: [] for j in jobs}
        cpus: dict[int, list[float]] = {j: [] for j in jobs}
        codes: dict[int, int] = {}
        for _ in range(args.repeat):  # interleaved, so a busy moment of the machine hits every value alike
            for j in jobs:
                elapsed, cpu, codes[j], out = check(folder, j)
                times[j].append(elapsed)
                cpus[j].append(cpu)
                outputs.add(out)
                last = out
        for j in jobs:
            rows.append((j, min(times[j]), statistics.median(times[j]), statistics.median(cpus[j]), codes[j]))
        base = rows[0][1]
        print("| --jobs | best wall (s) | median wall (s) | reports/s | speed-up | median CPU (s) | exit |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for j, best, median, cpu, code in rows:
            print(f"| {j} | {best:.2f} | {median:.2f} | {args.n / best:.0f} | {base / best:.2f}× | {cpu:.2f} | {code} |")
        print(f"\nsame output for every run: {'yes' if len(outputs) == 1 else 'NO'}\n")
        tail = last.split("\n汇总\n", 1)
        print("summary of the last run:\n")
        print(("汇总\n" + tail[1]) if len(tail) == 2 else "\n".join(last.splitlines()[-3:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
