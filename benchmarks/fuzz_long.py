"""A long fuzz run of the text loader and the recognizer: N minutes, then a summary.

    python benchmarks/fuzz_long.py 10                 # 10 minutes, atheris if installed
    python benchmarks/fuzz_long.py 10 --engine random # 10 minutes, seeded random mutations
    python benchmarks/fuzz_long.py 1 --out /tmp/fz    # crash inputs written to /tmp/fz

What is fuzzed (the same oracle as ``tests/test_fuzz.py``, see ``tests/fuzz_oracle.py``):

* ``decode_bytes`` of any bytes: ``(str, str)`` or InputError, nothing else;
* ``parse_text`` + ``recognize`` of any text, of the decoded bytes, and of the seed drafts
  (``tests/data/seeds``) edited line by line and cell by cell: no exception but
  InputError, every problem on a real line, no negative number without ``cell-negative``,
  the report JSON valid against ``schemas/report.schema.json``.

Engines:

* ``atheris`` (``pip install atheris``; coverage-guided libFuzzer on the instrumented
  gklint modules, its corpus starts from the seeds).  The first input byte picks the
  harness: raw bytes → ``decode_bytes``; UTF-8 text → ``parse_text``; structured edits of
  a seed; rows of template labels and odd cells (units, dashes, negatives, 5000 digits).
* ``random``: a seeded ``random.Random`` builds the same four kinds of input, plus long
  runs of one piece (what makes quadratic code slow); no coverage feedback, no extra
  dependency.

A failing input does not stop the run: each distinct failure (harness, exception type and
innermost gklint frame — for a broken property, the oracle's line) is counted once, its smallest input
written to ``--out`` (default ``benchmarks/fuzz-out/``) and printed with its traceback.
An input that takes more than ``--slow`` seconds (default 2) is reported as slow.
Progress goes to stderr every 30 s; the summary (inputs tried, distinct failures, slow
inputs) is printed at the end and the exit code is 1 when anything failed.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

ALPHABET = (
    "\t\n\r \u3000\xa0|-—/*#_.:：，。、（）()" "0123456789０１２３４５６７８９"
    "一二三四五六七八九十行政许可处罚复议诉讼申请公开总计本年度年月日至统计期限自然人商业企业件个项次条万元"
    "\x00\ufeff\u200b\u2028"
)


class Run:
    def __init__(self, out: Path, slow: float):
        self.out = out
        self.slow = slow
        self.tried = 0
        self.by_kind: dict[str, int] = {}
        self.failures: dict[str, tuple[bytes, str]] = {}  # signature -> (smallest input, traceback)
        self.slow_inputs: list[tuple[float, str, int]] = []
        self.started = time.monotonic()
        self.last_progress = self.started

    def record(self, kind: str, payload: bytes, check) -> None:
        self.tried += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        t0 = time.monotonic()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - every escape is a finding
            self._failure(kind, payload, exc)
        elapsed = time.monotonic() - t0
        if elapsed > self.slow:
            self.slow_inputs.append((elapsed, kind, len(payload)))
            self._save(f"slow-{kind}-{len(self.slow_inputs)}", payload)
            print(f"[fuzz] slow input: {kind}, {len(payload)} bytes, {elapsed:.1f} s", file=sys.stderr, flush=True)
        now = time.monotonic()
        if now - self.last_progress >= 30:
            self.last_progress = now
            print(f"[fuzz] {now - self.started:6.0f} s  {self.tried} inputs  {len(self.failures)} distinct failures",
                  file=sys.stderr, flush=True)

    def _failure(self, kind: str, payload: bytes, exc: Exception) -> None:
        tb = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in tb if "/gklint/" in f.filename] or tb[-1:]
        where = f"{Path(ours[-1].filename).name}:{ours[-1].name}:{ours[-1].lineno}" if ours else "?"
        signature = f"{kind} {type(exc).__name__} {where}"  # an oracle line is one property
        text = "".join(traceback.format_exception(exc))
        known = self.failures.get(signature)
        if known is None:
            print(f"[fuzz] NEW FAILURE {signature}\n{text}", file=sys.stderr, flush=True)
        if known is None or len(payload) < len(known[0]):
            self.failures[signature] = (payload, text)
            self._save("crash-" + "".join(ch if ch.isalnum() else "_" for ch in signature)[:120], payload)

    def _save(self, name: str, payload: bytes) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / name).write_bytes(payload)

    def summary(self) -> int:
        minutes = (time.monotonic() - self.started) / 60
        print(f"\n== fuzz summary: {self.tried} inputs in {minutes:.1f} min "
              f"({', '.join(f'{k} {v}' for k, v in sorted(self.by_kind.items()))})")
        print(f"== distinct failures: {len(self.failures)}")
        for signature, (payload, _) in sorted(self.failures.items()):
            print(f"   {signature}  (smallest input {len(payload)} bytes)")
        print(f"== slow inputs (> {self.slow} s): {len(self.slow_inputs)}")
        for elapsed, kind, size in sorted(self.slow_inputs, reverse=True)[:10]:
            print(f"   {kind}: {size} bytes, {elapsed:.1f} s")
        print(f"== inputs written to {self.out}" if self.failures or self.slow_inputs else "== nothing written")
        sys.stdout.flush()
        return 1 if self.failures else 0


# --------------------------------------------------------------------------- harness


def one_input(run: Run, data: bytes, oracle) -> None:
    """Route one fuzzer input: first byte picks the harness."""
    if not data:
        return
    mode, rest = data[0] % 4, data[1:]
    if mode == 0:
        run.record("bytes", rest, lambda: oracle.check_bytes(rest))
    elif mode == 1:
        text = rest.decode("utf-8", errors="replace")
        run.record("text", rest, lambda: oracle.check_text(text))
    elif mode == 2:
        text = seed_edit(rest, oracle)
        run.record("seed-edit", text.encode("utf-8", "surrogatepass"), lambda: oracle.check_text(text))
    else:
        text = table_from_bytes(rest, oracle)
        run.record("table", text.encode("utf-8", "surrogatepass"), lambda: oracle.check_text(text))


def seed_edit(rest: bytes, oracle) -> str:
    """Structured edits of a seed, read from the bytes (any bytes give valid edits)."""
    seeds = oracle.seeds()
    if not rest:
        return seeds[0]
    seed = seeds[rest[0] % len(seeds)]
    edits = []
    for i in range(1, len(rest) - 3, 4):
        op, a, b, c = rest[i:i + 4]
        what = ALPHABET[c % len(ALPHABET)] if c < 128 else oracle.CELLS[c % len(oracle.CELLS)]
        edits.append((oracle.OPS[op % len(oracle.OPS)], a * 3 + b, b * 5 + a, what))
    return oracle.mutate(seed, edits[:64])


def table_from_bytes(rest: bytes, oracle) -> str:
    """Rows of template labels and odd cells, read from the bytes: label byte, count, cells."""
    labels, cells = oracle.labels(), oracle.CELLS
    layout = ("tab", "cell-lines", "pipe")[rest[0] % 3] if rest else "tab"
    rows, i = [], 1
    while i < len(rest) and len(rows) < 40:
        label = labels[rest[i] % len(labels)]
        n = rest[i + 1] % 17 if i + 1 < len(rest) else 0
        row = [cells[b % len(cells)] if b < 200 else ALPHABET[b % len(ALPHABET)] for b in rest[i + 2:i + 2 + n]]
        rows.append((label, row))
        i += 2 + n
    return oracle.table_text(rows, layout)


def random_input(rng: random.Random, oracle) -> bytes:
    roll = rng.random()
    if roll < 0.25:  # raw bytes, often an encoded seed with damage
        if rng.random() < 0.5:
            return bytes([0]) + rng.randbytes(rng.randint(0, 400))
        seed = rng.choice(oracle.seeds())
        enc = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
        raw = bytearray(seed.encode(enc, errors="ignore"))
        for _ in range(rng.randint(0, 8)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        if rng.random() < 0.3 and raw:
            del raw[rng.randrange(len(raw)):]
        return bytes([0]) + bytes(raw)
    if roll < 0.4:  # text from a report-like alphabet
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 600)))
        return bytes([1]) + text.encode("utf-8")
    if roll < 0.55:  # a long run of one piece: what turns quadratic code slow
        piece = rng.choice([*ALPHABET, *oracle.CELLS[:20], *oracle.labels()[:40]])
        return bytes([1]) + (rng.choice(["", "统计期限为2024年1月1日", "行政许可\t"]) + piece * rng.randint(100, 3000)).encode()
    if roll < 0.8:
        return bytes([2]) + rng.randbytes(rng.randint(1, 120))
    return bytes([3]) + rng.randbytes(rng.randint(1, 200))


def run_random(minutes: float, run: Run, seed: int) -> None:
    import fuzz_oracle as oracle

    rng = random.Random(seed)
    deadline = time.monotonic() + minutes * 60
    while time.monotonic() < deadline:
        one_input(run, random_input(rng, oracle), oracle)


def run_atheris(minutes: float, run: Run, out: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["gklint"]):
        import gklint.loaders.encoding  # noqa: F401
        import gklint.loaders.text  # noqa: F401
        import gklint.recognize  # noqa: F401
    import fuzz_oracle as oracle

    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(oracle.seeds()):  # start from the real drafts, in every harness
        (corpus / f"seed{i}-bytes").write_bytes(bytes([0]) + seed.encode("utf-8"))
        (corpus / f"seed{i}-text").write_bytes(bytes([1]) + seed.encode("utf-8"))
        (corpus / f"seed{i}-edit").write_bytes(bytes([2, i]) + bytes(range(0, 64, 3)))
        (corpus / f"seed{i}-gb18030").write_bytes(bytes([0]) + seed.encode("gb18030"))
        (corpus / f"table{i}").write_bytes(bytes([3, i]) + bytes(range(i, 250, 7)))
    deadline = time.monotonic() + minutes * 60

    def test_one_input(data: bytes) -> None:
        if time.monotonic() > deadline:
            code = run.summary()
            sys.stdout.flush()
            os._exit(code)  # libFuzzer's own exit would skip the summary
        one_input(run, data, oracle)

    # -timeout: a single input hanging for 60 s aborts the run (libFuzzer reports it);
    # -rss_limit_mb: a memory blow-up aborts it too.  -max_len allows 64 KiB inputs.
    argv = [sys.argv[0], str(corpus), "-timeout=60", "-rss_limit_mb=6144", "-max_len=65536",
            f"-max_total_time={int(minutes * 60) + 120}", "-print_final_stats=1"]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("minutes", type=float, help="how long to fuzz")
    parser.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "fuzz-out")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds after which an input is reported as slow")
    parser.add_argument("--seed", type=int, default=0, help="random engine seed")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    print(f"== fuzzing for {args.minutes:g} min with {engine}", flush=True)
    run = Run(args.out, args.slow)
    if engine == "atheris":
        run_atheris(args.minutes, run, args.out)  # exits by itself
    run_random(args.minutes, run, args.seed)
    return run.summary()


if __name__ == "__main__":
    sys.exit(main())
