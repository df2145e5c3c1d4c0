"""gklint's own contributions, registered through the same hooks as any plugin.

* rule packs: every ``*.yaml`` in :func:`gklint.resources.rules_dir` except format
  templates (files whose name starts with ``format-``);
* check kinds: every module of :mod:`gklint.checks` (except ``base``) that defines a
  module-level ``CHECK_KIND`` object — modules are imported only when this hook is called,
  never at start-up;
* loaders: ``.txt .text .md .markdown`` (text), ``.docx``, ``.html .htm`` — each a small
  wrapper that imports the loader module on first use, so linting a .txt never imports
  python-docx or lxml;
* reporters: ``text``, ``json``, ``sarif``, ``github`` — also imported on first use.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any, Callable

from gklint.hookspecs import hookimpl
from gklint.loaders import BUILTIN_LOADERS  # suffix → loader module (light: imports no loader)

FORMAT_TEMPLATE_PREFIX = "format-"


_REPORTERS = {
    "text": ("gklint.reporters.text", None),
    "json": ("gklint.reporters.json", "utf-8"),
    "sarif": ("gklint.reporters.sarif", "utf-8"),
    "github": ("gklint.reporters.github", "utf-8"),
}


def builtin_pack_paths() -> list[Path]:
    from gklint.resources import rules_dir

    return sorted(p for p in rules_dir().glob("*.yaml") if not p.name.startswith(FORMAT_TEMPLATE_PREFIX))


@hookimpl
def gklint_rule_packs() -> list[Path]:
    return builtin_pack_paths()


class BrokenCheckModule:
    """Stands for a built-in check module that failed to import (reported as a failure)."""

    def __init__(self, module: str, error: BaseException):
        self.name = module.rsplit(".", 1)[-1]
        self.gklint_broken = f"cannot import check module {module}: {type(error).__name__}: {error}"


def _check_module_names() -> list[str]:
    import gklint.checks

    names = []
    for info in pkgutil.iter_modules(gklint.checks.__path__):
        if info.ispkg or info.name == "base" or info.name.startswith("_"):
            continue
        names.append(f"gklint.checks.{info.name}")
    return sorted(names)


@hookimpl
def gklint_check_kinds() -> list[Any]:
    kinds: list[Any] = []
    for module_name in _check_module_names():
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            kinds.append(BrokenCheckModule(module_name, exc))
            continue
        kind = getattr(module, "CHECK_KIND", None)
        if kind is not None:
            kinds.append(kind)
    return kinds


def _lazy_loader(module_name: str) -> Callable:
    def load(path: str, data: bytes):
        return importlib.import_module(module_name).load(path, data)

    load.__qualname__ = load.__name__ = f"load[{module_name}]"
    load.gklint_module = module_name  # type: ignore[attr-defined]
    return load


@hookimpl
def gklint_loaders() -> dict[str, Callable]:
    return {suffix: _lazy_loader(module) for suffix, module in BUILTIN_LOADERS.items()}


def _lazy_reporter(module_name: str, encoding: str | None) -> Callable:
    def report(run, out) -> None:
        importlib.import_module(module_name).report(run, out)

    report.__qualname__ = report.__name__ = f"report[{module_name}]"
    report.output_encoding = encoding  # type: ignore[attr-defined]
    report.gklint_module = module_name  # type: ignore[attr-defined]
    return report


@hookimpl
def gklint_reporters() -> dict[str, Callable]:
    return {name: _lazy_reporter(module, encoding) for name, (module, encoding) in _REPORTERS.items()}
