"""Every hook a gklint plugin can implement.

A plugin is a module (or object) with functions decorated by :data:`hookimpl`, exposed
through the entry-point group ``gklint``::

    # pyproject.toml of the plugin distribution
    [project.entry-points.gklint]
    hlj = "gklint_hlj.plugin"

    # gklint_hlj/plugin.py
    from gklint.hookspecs import hookimpl

    @hookimpl
    def gklint_rule_packs():
        return [Path(__file__).with_name("hlj-2024.yaml")]

gklint's own packs, check kinds, loaders and reporters are registered through the very
same hooks (see :mod:`gklint.builtin`), so a plugin can do anything the built-ins do.
The guide is ``docs/plugins.md``; a complete plugin is ``examples/gklint-plugin-example``.

Every hook takes no arguments and returns a collection; gklint calls each plugin's
implementation on its own, so an exception in one plugin is recorded as a plugin failure
(``plugin 'x' (1.0) failed: …``) and the other plugins still contribute.  Keep module
import cheap: import heavy libraries inside the hook or, better, inside the returned
callables (gklint runs as a pre-commit hook and start-up time matters).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from gklint.checks.base import CheckKind

PROJECT = "gklint"
ENTRY_POINT_GROUP = "gklint"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def gklint_rule_packs() -> list[str | Path]:
    """Return the YAML rule-pack files this plugin ships.

    Signature: ``gklint_rule_packs() -> list[str | pathlib.Path]``.

    Called once per run, when the engine loads its rules (before any file is linted).
    Each path must point to a YAML file valid against ``schemas/rule-pack.schema.json``.
    A plugin pack must use its own ID ``prefix`` (not ``GK``, and not the prefix of any
    other plugin's pack).  An invalid pack is a plugin failure: it is reported once on
    stderr and skipped (``--strict-plugins`` turns that into exit code 2).

    Example::

        @hookimpl
        def gklint_rule_packs():
            return [Path(__file__).with_name("hlj-2024.yaml")]
    """


@hookspec
def gklint_check_kinds() -> list[CheckKind]:
    """Return check kinds (the Python side of rules) this plugin provides.

    Signature: ``gklint_check_kinds() -> list[gklint.checks.base.CheckKind]``.

    Called once per run, before rule packs are validated (a rule's ``kind`` must name a
    known check kind and its ``params`` must validate against that kind's
    ``params_schema``).  A check kind is any object with ``name`` (str, unique across all
    plugins), ``description`` (str), ``params_schema`` (a JSON Schema dict) and
    ``run(report, rule) -> Iterable[Hit]``.  An exception raised by ``run`` does not stop
    the run: it becomes one GK902 finding for that rule and file, and is reported once
    as a plugin failure.  Test kinds and rules with :mod:`gklint.testing`.

    Example::

        class CountAtLeast:
            name = "hlj-count-at-least"
            description = "A table cell must be at least params.min"
            params_schema = {"type": "object", "required": ["table", "row", "column", "min"]}

            def run(self, report, rule):
                value = report.tables[rule.params["table"]].number(rule.params["row"], rule.params["column"])
                if value is not None and value < rule.params["min"]:
                    yield Hit(span=None, values={"value": value, "min": rule.params["min"]})

        @hookimpl
        def gklint_check_kinds():
            return [CountAtLeast()]
    """


@hookspec
def gklint_loaders() -> dict[str, Callable]:
    """Return loaders for file formats, keyed by lower-case file suffix.

    Signature: ``gklint_loaders() -> dict[str, Callable[[str, bytes], gklint.model.Document]]``.

    Called once per run.  Keys are suffixes with the dot (``".odt"``); values are
    ``load(path: str, data: bytes) -> Document`` functions that raise
    :class:`gklint.model.InputError` (Chinese message) for input they cannot read.
    Directory walks by ``gklint check`` also pick up files with these suffixes.  A plugin
    suffix overrides a built-in one.  Import heavy parsers inside ``load``, not at module
    import time.

    Example::

        def _load_odt(path, data):
            from gklint_odt.reader import read  # imported only when an .odt is linted
            return read(path, data)

        @hookimpl
        def gklint_loaders():
            return {".odt": _load_odt}
    """


@hookspec
def gklint_reporters() -> dict[str, Callable]:
    """Return output formats, keyed by the name used with ``gklint check --format NAME``.

    Signature: ``gklint_reporters() -> dict[str, Callable[[gklint.engine.LintRun, TextIO], None]]``.

    Called once per run, when the CLI picks the output format.  A reporter receives the
    whole :class:`gklint.engine.LintRun` (``findings`` sorted, ``files`` linted, ``rules``
    by ID, ``color``, ``statistics``) and a text stream to write to.  Set an attribute
    ``output_encoding = "utf-8"`` on the callable for machine-readable formats (the CLI
    then writes UTF-8 bytes whatever the console encoding); without it the console
    encoding is used with unencodable characters replaced.

    Example::

        def junit(run, out):
            out.write(f'<testsuite tests="{len(run.findings)}">…</testsuite>\\n')
        junit.output_encoding = "utf-8"

        @hookimpl
        def gklint_reporters():
            return {"junit": junit}
    """
