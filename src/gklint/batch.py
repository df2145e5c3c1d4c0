"""Batch runs: lint many files in parallel worker processes.

:func:`run` is what ``gklint check`` calls.  It collects the files (folders walked, the
config's ``exclude`` respected), builds every engine the run needs *in this process*
first (so a broken config or rule pack stops the run with exit code 2 before any worker
starts), then lints:

* in this process, one file after another, when there is one file, ``jobs`` is 1, the
  files are too few to pay for starting workers (only when ``jobs`` was not given), or
  the :class:`~gklint.engine.Linter` was built from live objects (plugins or a recognizer
  passed in) that another process cannot rebuild;
* otherwise in a :class:`concurrent.futures.ProcessPoolExecutor` using the ``spawn``
  start method on every platform — the only one Windows has, so what runs in CI on
  Linux is what runs on an office's Windows PC.  The worker functions are top-level;
  each worker builds its :class:`Linter` once, in the pool's initializer, from
  :attr:`Linter.options`.  Files go out in chunks.

Findings come back per file and are sorted by :meth:`Linter.assemble`, so the output is
the same whatever the number of jobs and whichever worker finished first.

A worker that dies (a crash in a parser on a hostile file, the out-of-memory killer)
breaks the pool.  Results already returned are kept; each worker shows the index of the
file it is linting in a slot of a shared-memory array (a file per worker was tried
first: a write per file cost as much as linting one on a slow /tmp), so the files that
were in progress are retried one by one in a one-worker pool, and a file that kills its
worker again is reported as a GK901 finding (the file could not be checked: never a
pass, exit code 2).  The other files are linted in a new pool as before.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol

from gklint.engine import Linter, LintRun
from gklint.model import Finding, InputError

MIN_FILES_PER_WORKER = 100  # a worker costs ~0.2 s to start; a text draft 2-4 ms to lint, a .docx ~9 ms
MAX_WORKERS = 61  # ProcessPoolExecutor's limit on Windows
MAX_CHUNK = 16
CRASH_REASON = "检查这个文件时 gklint 的工作进程意外退出（文件可能损坏、过大，或触发了读取程序的缺陷）；其他文件的结果不受影响。可用 --jobs 1 单独检查这个文件查看详情"
SELFTEST_ENV = "GKLINT_SELFTEST_WORKER_CRASH"  # a file name: a worker exits abruptly on it (tests)


class Progress(Protocol):
    def advance(self, n: int) -> None: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[int], "Progress | None"]


def default_jobs() -> int:
    """CPUs this process may use (``os.cpu_count()``, narrowed by CPU affinity where known)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def plan_workers(n_files: int, jobs: int, explicit: bool = True) -> int:
    """How many worker processes for ``n_files`` files (1: lint in this process).

    An explicit ``--jobs N`` is honoured up to one worker per file; the default (all
    CPUs) gives each worker at least :data:`MIN_FILES_PER_WORKER` files, so a pre-commit
    run over a handful of drafts does not pay for starting processes.
    """
    if n_files < 2 or jobs < 2:
        return 1
    workers = min(jobs, n_files, MAX_WORKERS)
    if not explicit:
        workers = min(workers, n_files // MIN_FILES_PER_WORKER)
    return max(1, workers)


def chunked(files: list[str], workers: int) -> list[list[str]]:
    """About four chunks per worker (load balance), at most :data:`MAX_CHUNK` files each."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(files) / (workers * 4))))
    return [files[i : i + size] for i in range(0, len(files), size)]


# --------------------------------------------------------------------------- worker side
# Top-level functions and module state only: with ``spawn`` a worker imports this module
# afresh and receives its arguments pickled.

_WORKER: dict[str, Any] = {}
IDLE = -1


def _init_worker(options: dict[str, Any], configs: list[str], slots: Any, started: Any) -> None:
    """Build this worker's Linter and the engine of every config of the run (one path per
    config); take a slot in ``slots``, the shared array where each worker shows the index
    of the file it is linting (``started`` counts the workers that came up)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker
    _WORKER["linter"] = linter = Linter(**options)
    for path in configs:
        linter.engine_for(path)
    _WORKER["crash_on"] = os.environ.get(SELFTEST_ENV) or None
    _WORKER["failures_sent"] = len(linter.plugins.failures)  # the parent has these too
    with started.get_lock():
        _WORKER["slot"] = started.value
        started.value += 1
    _WORKER["slots"] = slots
    slots[_WORKER["slot"]] = IDLE


def _lint_chunk(items: list[tuple[int, str]]) -> tuple[list[tuple[str, list[Finding] | str]], list[Any]]:
    """Findings of each ``(index, path)``, or the text of an unexpected error (the parent
    reports it); and the plugin failures recorded since the last chunk (for ``--strict-plugins``)."""
    linter: Linter = _WORKER["linter"]
    slots, slot = _WORKER["slots"], _WORKER["slot"]
    out: list[tuple[str, list[Finding] | str]] = []
    for index, path in items:
        slots[slot] = index
        if _WORKER["crash_on"] and os.path.basename(path) == _WORKER["crash_on"]:
            os._exit(70)  # self-test: die the way a crashing parser does
        try:
            out.append((path, linter.lint_file(path)))
        except Exception as exc:  # lint_file reports file problems itself; this is a bug
            out.append((path, f"{type(exc).__name__}: {exc}"))
    slots[slot] = IDLE
    failures = linter.plugins.failures
    new = failures[_WORKER["failures_sent"] :]
    _WORKER["failures_sent"] = len(failures)
    return out, list(new)


# --------------------------------------------------------------------------- parent side


@dataclass
class _Pool:
    linter: Linter
    files: list[str]  # every file of the pool, in order: workers name them by index
    results: dict[str, list[Finding]] = field(default_factory=dict)
    progress: Progress | None = None
    configs: list[str] = field(default_factory=list)  # one file per config of the run
    started: bool = False  # did any worker of the last round come up
    busy: set[str] = field(default_factory=set)  # files the workers were on when the last round broke

    def __post_init__(self) -> None:
        self.index = {path: i for i, path in enumerate(self.files)}

    def _executor(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        self._slots = ctx.Array("q", [IDLE] * workers, lock=False)
        self._started = ctx.Value("i", 0)
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self.linter.options, self.configs, self._slots, self._started),
        )

    def _look(self) -> None:
        """After a round: which workers came up, and which files they were on."""
        up = self._started.value
        self.started = up > 0
        self.busy = {self.files[i] for i in self._slots[:up] if 0 <= i < len(self.files)}

    def _items(self, paths: list[str]) -> list[tuple[int, str]]:
        return [(self.index[p], p) for p in paths]

    def _take(self, returned: tuple[list[tuple[str, list[Finding] | str]], list[Any]]) -> None:
        items, failures = returned
        known = self.linter.plugins.failures
        for failure in failures:
            if all(str(f) != str(failure) for f in known):
                known.append(failure)
        for path, value in items:
            if isinstance(value, str):
                value = [self.linter.engine_for(path).input_error(path, RuntimeError(value))]
            self.results[path] = value
        if self.progress is not None:
            _safe(self.progress.advance, len(items))

    def round(self, files: list[str], workers: int) -> bool:
        """Lint ``files`` in one pool; False when the pool broke (some files left undone)."""
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        broke = False
        executor = self._executor(workers)
        try:
            futures = [executor.submit(_lint_chunk, self._items(chunk)) for chunk in chunked(files, workers)]
            for future in as_completed(futures):
                try:
                    self._take(future.result())
                except BrokenProcessPool:
                    broke = True
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            self._look()
        return not broke

    def isolate(self, files: list[str]) -> None:
        """Lint ``files`` one at a time in a one-worker pool; a file that kills the worker
        gets a GK901 finding and the rest go on in a fresh worker."""
        from concurrent.futures.process import BrokenProcessPool

        todo = list(files)
        while todo:
            executor = self._executor(1)
            try:
                futures = [(path, executor.submit(_lint_chunk, self._items([path]))) for path in todo]
                for path, future in futures:
                    try:
                        self._take(future.result())
                    except BrokenProcessPool:
                        culprit = path  # one worker, first in first out: this one killed it
                        engine = self.linter.engine_for(culprit)
                        self.results[culprit] = [engine.input_error(culprit, InputError(CRASH_REASON))]
                        if self.progress is not None:
                            _safe(self.progress.advance, 1)
                        break
            finally:
                executor.shutdown(wait=True, cancel_futures=True)
            todo = [p for p in todo if p not in self.results]


def _safe(call: Callable, *args) -> None:
    try:
        call(*args)
    except Exception:  # a progress bar is cosmetic: never let it break a run
        pass


def _lint_here(linter: Linter, files: Iterable[str], results: dict[str, list[Finding]], stdin: bytes | None, progress: Progress | None) -> None:
    for path in files:
        results[path] = linter.lint_file(path, stdin)
        if progress is not None:
            _safe(progress.advance, 1)


def run(
    linter: Linter,
    paths: Iterable[str],
    *,
    jobs: int | None = None,
    stdin: bytes | None = None,
    force_exclude: bool = False,
    progress: ProgressFactory | None = None,
) -> LintRun:
    """Collect ``paths`` and lint them with up to ``jobs`` processes (default: every CPU).

    ``force_exclude`` applies the config's ``exclude`` to files named explicitly too
    (pre-commit names every staged file).  ``progress(total)`` may return an object with
    ``advance(n)`` and ``close()``; it is told as files finish.
    """
    files = linter.collect(paths)
    if force_exclude:
        files = [f for f in files if f == "-" or not linter.config_for(f).is_excluded(f)]
    configs: dict[int, str] = {}
    for path in files:  # build every engine here: a broken config or pack fails fast (exit 2)
        configs.setdefault(id(linter.engine_for(path)), path)
    explicit = jobs is not None
    pooled = [f for f in files if f != "-"]
    workers = plan_workers(len(pooled), jobs if jobs is not None else default_jobs(), explicit)
    if linter.options is None:
        workers = 1
    bar = progress(len(files)) if progress is not None and files else None
    results: dict[str, list[Finding]] = {}
    warnings: list[str] = []
    try:
        if workers <= 1:
            _lint_here(linter, files, results, stdin, bar)
        else:
            if "-" in files:
                _lint_here(linter, ["-"], results, stdin, bar)
            pool = _Pool(linter, pooled, results, bar, [p for p in configs.values() if p != "-"])
            todo = pooled
            while todo:
                if pool.round(todo, min(workers, len(todo))):
                    break
                todo = [p for p in todo if p not in results]
                if not pool.started:  # no worker came up at all: lint here instead
                    warnings.append("无法启动并行检查的进程，已改为逐个检查")
                    _lint_here(linter, todo, results, None, bar)
                    break
                suspects = [p for p in todo if p in pool.busy] or todo
                pool.isolate(suspects)
                todo = [p for p in todo if p not in results]
    finally:
        if bar is not None:
            _safe(bar.close)
    result = linter.assemble(files, [results[p] for p in files])
    result.warnings.extend(warnings)
    return result
