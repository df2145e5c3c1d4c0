"""The plugin manager: built-ins and third-party plugins, each loaded on its own.

* Built-ins (:mod:`gklint.builtin`) are registered through the same hooks as plugins.
* Third-party plugins come from the entry-point group ``gklint``.  Each entry point is
  loaded, registered and validated on its own; each hook implementation is called on its
  own.  Any failure (import error, unknown hook, exception in a hook, bad contribution) is
  recorded as a :class:`PluginFailure` and the run goes on without that contribution.
  The CLI prints failures once on stderr; ``--strict-plugins`` makes them exit code 2.
* ``GKLINT_DISABLE_PLUGINS=1`` (or ``all``/``true``) disables every third-party plugin;
  ``GKLINT_DISABLE_PLUGINS=a,b`` disables the named ones (entry-point or distribution
  name).  The config key ``plugins: {disable: [...]}`` does the same.

Hook results are computed once per :class:`Plugins` object and cached on it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pluggy

from gklint import __version__, hookspecs

BUILTIN_NAME = "gklint"
DISABLE_ENV = "GKLINT_DISABLE_PLUGINS"
_ALL_WORDS = {"1", "all", "true", "yes", "*"}


@dataclass(slots=True)
class PluginFailure:
    plugin: str
    version: str
    message: str

    def __str__(self) -> str:
        return f"plugin '{self.plugin}' ({self.version}) failed: {self.message}"


@dataclass(slots=True)
class PluginInfo:
    """One registered (or attempted) plugin, for ``gklint plugins``."""

    name: str  # entry-point name, "gklint" for built-ins
    version: str
    dist: str = ""  # distribution name
    module: str = ""
    builtin: bool = False
    disabled: bool = False
    loaded: bool = False
    contributions: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "distribution": self.dist,
            "module": self.module,
            "builtin": self.builtin,
            "disabled": self.disabled,
            "loaded": self.loaded,
            "contributions": self.contributions,
        }


@dataclass(slots=True)
class PackSource:
    """A rule-pack file and who contributed it."""

    path: Path
    plugin: str  # "" for built-in
    version: str


@dataclass(slots=True)
class KindEntry:
    kind: Any  # a CheckKind
    plugin: str  # "" for built-in
    version: str


def disabled_from_env(environ: dict[str, str] | None = None) -> tuple[bool, set[str]]:
    """Parse ``GKLINT_DISABLE_PLUGINS``: ``(all_disabled, names)``."""
    value = (environ if environ is not None else os.environ).get(DISABLE_ENV, "").strip()
    if not value:
        return False, set()
    if value.lower() in _ALL_WORDS:
        return True, set()
    return False, {part.strip() for part in value.split(",") if part.strip()}


def may_declare_entry_points(group: str, path: Iterable[str] | None = None) -> bool:
    """False only when certainly no distribution on ``path`` (default ``sys.path``)
    declares an entry point in ``group``; then ``importlib.metadata`` — ~20 ms of imports
    at every start-up (email, zipfile, csv …) — is not needed.

    Reads the ``entry_points.txt`` of each ``*.dist-info`` / ``*.egg-info`` folder as
    ``importlib.metadata`` does (a section line ``[group]``).  Anything this scan does not
    understand — a zip or egg on the path, an unreadable folder, a finder that lists
    distributions itself — answers True, and ``importlib.metadata`` decides.
    """
    import sys
    from importlib.machinery import PathFinder

    if path is None:
        path = sys.path
        if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
            return True
    for entry in path:
        root = entry or "."
        if root.lower().endswith(".egg"):
            return True
        try:
            if not os.path.isdir(root):
                if os.path.exists(root):  # a zip file: importlib.metadata reads inside it
                    return True
                continue
            with os.scandir(root) as children:
                names = [c.name for c in children]
        except OSError:
            return True
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(root, name, "entry_points.txt"), "rb") as fh:
                    text = fh.read().decode("utf-8", "replace")
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError:
                return True
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("[") and line.endswith("]") and line.strip("[]") == group:
                    return True
    return False


class Plugins:
    """The loaded plugins and their (cached) contributions."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.failures: list[PluginFailure] = []
        self._failure_keys: set[tuple[str, Any]] = set()
        self._cache: dict[str, Any] = {}

    # ------------------------------------------------------------------ registration

    def register(self, plugin: object, name: str, version: str = "", *, builtin: bool = False, dist: str = "", module: str = "") -> bool:
        """Register one plugin object; on failure record it and return False."""
        info = self.infos.setdefault(name, PluginInfo(name=name, version=version or "unknown", dist=dist, module=module, builtin=builtin))
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # pluggy.PluginValidationError, ValueError (duplicate name)
            self.fail(name, f"cannot register: {_describe(exc)}")
            return False
        try:
            self.pm.check_pending()
        except Exception as exc:  # an implementation of a hook gklint does not have
            self.pm.unregister(name=name)
            self.fail(name, _describe(exc))
            return False
        info.loaded = True
        self._cache.clear()
        return True

    def fail(self, plugin: str, message: str, *, key: Any = None) -> None:
        """Record a failure once: the same message, or the same ``key`` (e.g. one crashing
        rule across many files), is recorded only the first time."""
        version = self.infos[plugin].version if plugin in self.infos else "unknown"
        failure = PluginFailure(plugin, version, message)
        if key is not None:
            if (plugin, key) in self._failure_keys:
                return
            self._failure_keys.add((plugin, key))
        if all(str(f) != str(failure) for f in self.failures):
            self.failures.append(failure)

    def load_entry_points(self, *, disable: Iterable[str] = (), environ: dict[str, str] | None = None) -> None:
        """Load every entry point of the ``gklint`` group, each on its own."""
        import sys

        # start-up: when importlib.metadata is not loaded yet and no distribution declares
        # the group, there is nothing to load (once loaded, it costs nothing to ask it)
        if "importlib.metadata" not in sys.modules and not may_declare_entry_points(hookspecs.ENTRY_POINT_GROUP):
            return
        from importlib.metadata import entry_points

        all_off, names = disabled_from_env(environ)
        names |= {n for n in disable if n}
        try:
            eps = list(entry_points(group=hookspecs.ENTRY_POINT_GROUP))
        except Exception as exc:  # a broken installed distribution
            self.failures.append(PluginFailure("?", "unknown", f"cannot list entry points: {_describe(exc)}"))
            return
        seen: set[str] = set()
        for ep in eps:
            if ep.name in seen:  # the same distribution visible twice on sys.path
                continue
            seen.add(ep.name)
            dist = getattr(ep, "dist", None)
            dist_name = getattr(dist, "name", "") or "" if dist is not None else ""
            version = getattr(dist, "version", "") or "unknown" if dist is not None else "unknown"
            info = PluginInfo(name=ep.name, version=version, dist=dist_name, module=ep.value)
            self.infos[ep.name] = info
            if all_off or ep.name in names or (dist_name and dist_name in names):
                info.disabled = True
                continue
            try:
                obj = ep.load()
            except BaseException as exc:  # ImportError, SyntaxError, even SystemExit from a bad plugin
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self.fail(ep.name, f"cannot import {ep.value}: {_describe(exc)}")
                continue
            self.register(obj, ep.name, version, dist=dist_name, module=ep.value)

    # ------------------------------------------------------------------ calling hooks

    def _call(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call every implementation of ``hook_name`` on its own: ``[(plugin, result)]``.

        Built-ins come first, then plugins in registration order.
        """
        caller = getattr(self.pm.hook, hook_name)
        impls = caller.get_hookimpls()
        impls.sort(key=lambda impl: 0 if impl.plugin_name == BUILTIN_NAME else 1)  # stable
        results = []
        for impl in impls:
            try:
                result = impl.function()
            except Exception as exc:
                self.fail(impl.plugin_name, f"hook {hook_name} raised {_describe(exc)}")
                continue
            if result is not None:
                results.append((impl.plugin_name, result))
        return results

    def _origin(self, plugin: str) -> tuple[str, str]:
        info = self.infos.get(plugin)
        if plugin == BUILTIN_NAME:
            return "", __version__
        return plugin, info.version if info else "unknown"

    def _contribute(self, plugin: str, what: str, item: str) -> None:
        info = self.infos.get(plugin)
        if info is not None:
            info.contributions.setdefault(what, []).append(item)

    def rule_packs(self) -> list[PackSource]:
        if "packs" not in self._cache:
            sources: list[PackSource] = []
            for plugin, result in self._call("gklint_rule_packs"):
                try:
                    paths = [Path(p) for p in result]
                except TypeError as exc:
                    self.fail(plugin, f"gklint_rule_packs must return a list of paths ({_describe(exc)})")
                    continue
                name, version = self._origin(plugin)
                for path in paths:
                    sources.append(PackSource(path, name, version))
                    self._contribute(plugin, "rule_packs", path.name)
            self._cache["packs"] = sources
        return self._cache["packs"]

    def check_kinds(self) -> dict[str, KindEntry]:
        if "kinds" not in self._cache:
            kinds: dict[str, KindEntry] = {}
            for plugin, result in self._call("gklint_check_kinds"):
                name, version = self._origin(plugin)
                for kind in _as_list(result):
                    broken = getattr(kind, "gklint_broken", None)
                    if broken:
                        self.fail(plugin, broken)
                        continue
                    problem = _kind_problem(kind)
                    if problem:
                        self.fail(plugin, problem)
                        continue
                    if kind.name in kinds:
                        other = kinds[kind.name].plugin or BUILTIN_NAME
                        self.fail(plugin, f"check kind '{kind.name}' is already provided by '{other}'")
                        continue
                    kinds[kind.name] = KindEntry(kind, name, version)
                    self._contribute(plugin, "check_kinds", kind.name)
            self._cache["kinds"] = kinds
        return self._cache["kinds"]

    def loaders(self) -> dict[str, Callable]:
        """Suffix (lower case, with dot) → ``load(path, data)``; plugins override built-ins."""
        if "loaders" not in self._cache:
            loaders: dict[str, Callable] = {}
            owner: dict[str, str] = {}
            for plugin, result in self._call("gklint_loaders"):
                if not isinstance(result, dict):
                    self.fail(plugin, "gklint_loaders must return a dict {'.suffix': load}")
                    continue
                for suffix, load in result.items():
                    if not isinstance(suffix, str) or not suffix.startswith(".") or not callable(load):
                        self.fail(plugin, f"bad loader entry {suffix!r}: expected '.suffix' → callable")
                        continue
                    suffix = suffix.lower()
                    if suffix in owner and owner[suffix] != BUILTIN_NAME:
                        self.fail(plugin, f"loader for '{suffix}' is already provided by '{owner[suffix]}'")
                        continue
                    loaders[suffix] = load
                    owner[suffix] = plugin
                    self._contribute(plugin, "loaders", suffix)
            self._cache["loaders"] = loaders
        return self._cache["loaders"]

    def reporters(self) -> dict[str, Callable]:
        """Format name → reporter; built-in names cannot be taken over."""
        if "reporters" not in self._cache:
            reporters: dict[str, Callable] = {}
            owner: dict[str, str] = {}
            for plugin, result in self._call("gklint_reporters"):
                if not isinstance(result, dict):
                    self.fail(plugin, "gklint_reporters must return a dict {'name': reporter}")
                    continue
                for fmt, reporter in result.items():
                    if not isinstance(fmt, str) or not callable(reporter):
                        self.fail(plugin, f"bad reporter entry {fmt!r}")
                        continue
                    if fmt in reporters:
                        self.fail(plugin, f"output format '{fmt}' is already provided by '{owner[fmt]}'")
                        continue
                    reporters[fmt] = reporter
                    owner[fmt] = plugin
                    self._contribute(plugin, "reporters", fmt)
            self._cache["reporters"] = reporters
        return self._cache["reporters"]

    def collect_all(self) -> None:
        """Call every hook (for ``gklint plugins``: fills contributions and failures)."""
        self.rule_packs()
        self.check_kinds()
        self.loaders()
        self.reporters()


def load_plugins(*, builtin: bool = True, entry_points: bool = True, disable: Iterable[str] = (), extra: Iterable[tuple[str, object]] = (), environ: dict[str, str] | None = None) -> Plugins:
    """Build the plugin manager.

    ``extra`` registers in-process plugins ``(name, object)`` (tests, embedding); they are
    treated like third-party plugins.  ``disable`` adds names to ``GKLINT_DISABLE_PLUGINS``.
    """
    plugins = Plugins()
    if builtin:
        from gklint import builtin as builtin_module

        plugins.register(builtin_module, BUILTIN_NAME, __version__, builtin=True, dist="gklint", module="gklint.builtin")
    for name, obj in extra:
        plugins.register(obj, name, getattr(obj, "__version__", "") or "unknown", module=getattr(obj, "__name__", ""))
    if entry_points:
        plugins.load_entry_points(disable=disable, environ=environ)
    return plugins


def _as_list(result: Any) -> list:
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]


def _kind_problem(kind: Any) -> str | None:
    name = getattr(kind, "name", None)
    if not isinstance(name, str) or not name:
        return f"check kind {kind!r} has no name"
    if not callable(getattr(kind, "run", None)):
        return f"check kind '{name}' has no run(report, rule) method"
    schema = getattr(kind, "params_schema", None)
    if schema is not None and not isinstance(schema, dict):
        return f"check kind '{name}': params_schema must be a dict (a JSON Schema)"
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
