"""The rule engine: load packs, pick rules, run them over documents, collect findings.

Public API (what the CLI, tests and embedders use):

* :class:`RuleBook` — every rule from built-in packs, plugin packs and a config's
  ``extra_packs``, with the check kinds that run them.
* :class:`Engine` — one configuration applied: ``lint_document(doc)``,
  ``lint_bytes(path, data)``, ``lint_path(path)`` → sorted ``list[Finding]``;
  ``fails(findings)`` tells whether they reach ``fail_on``.
* :class:`Linter` — a whole run over files and folders, each file with the config
  nearest to it; ``run(paths) -> LintRun``.
* :class:`LintRun` — what reporters receive.
* :func:`exit_code` — 0 clean, 1 findings at/above the threshold, 2 unreadable input.

Engine-level findings (declared in ``rules/core-input.yaml``, kind ``input``): GK901
unreadable input (never ignorable; exit code 2), GK902 a check kind raised (the other
rules still run), GK903 no report recognized (the other rules are then skipped, except
when running pack examples, which are often fragments), GK904/GK905 suppression
comments (see :mod:`gklint.suppress`).
"""
from __future__ import annotations

import dataclasses
import os
import re
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from gklint import __version__
from gklint.config import Config, default_config, find_config, load_config, selector_matches, selector_specificity
from gklint.config import clear_cache as clear_config_cache
from gklint.model import SEVERITY_RANK, Document, Finding, Fix, InputError, Paragraph, Rule, Span, Table
from gklint.packs import Pack, PackError, PackProblem, check_pack_set, origin_of, read_pack
from gklint.plugins import Plugins, load_plugins

INPUT_ERROR = "GK901"
RULE_CRASHED = "GK902"
NO_REPORT = "GK903"
SUPPRESSION_NO_REASON = "GK904"
SUPPRESSION_UNUSED = "GK905"
ENGINE_RULES = (INPUT_ERROR, RULE_CRASHED, NO_REPORT, SUPPRESSION_NO_REASON, SUPPRESSION_UNUSED)
UNIGNORABLE = frozenset({INPUT_ERROR})
EXCERPT_WIDTH = 60
TEXT_FORMATS = ("text", "markdown")

# Used only when rules/core-input.yaml is not loaded (e.g. an engine built on test packs).
_FALLBACK = {
    INPUT_ERROR: ("input-unreadable", "error", "无法读取这份草稿：{reason}", "The file cannot be read as a draft."),
    RULE_CRASHED: ("rule-crashed", "error", "规则 {rule}{origin}运行出错：{error}。其他规则照常运行；请把此问题报告给规则的作者", "A rule raised an error."),
    NO_REPORT: ("no-report-found", "error", "没有识别出政府信息公开工作年度报告", "No part of an annual report was recognized."),
    SUPPRESSION_NO_REASON: ("suppression-without-reason", "warning", "抑制注释没有写明理由：{directive}", "A gklint-disable comment gives no reason."),
    SUPPRESSION_UNUSED: ("unused-suppression", "warning", "抑制注释没有抑制任何问题：{detail}", "A gklint-disable comment suppresses nothing."),
}


def _fallback_rule(rule_id: str) -> Rule:
    name, severity, message, summary = _FALLBACK[rule_id]
    return Rule(id=rule_id, name=name, kind="input", severity=severity, message=message, summary=summary, basis="gklint", pack="core-input")


# --------------------------------------------------------------------------- messages


class _Formatter(string.Formatter):
    pass


_FORMATTER = _Formatter()


def format_message(template: str, values: dict[str, Any]) -> str:
    """``template.format_map(values)`` that never fails: unknown or unformattable fields stay as ``{field}``."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError:  # unbalanced braces: show the template as written
        return template
    out: list[str] = []
    for literal, field_name, spec, conversion in parsed:
        out.append(literal)
        if field_name is None:
            continue
        raw = "{" + field_name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if field_name == "":
            out.append(raw)
            continue
        try:
            obj, _ = _FORMATTER.get_field(field_name, (), values)
            if conversion:
                obj = _FORMATTER.convert_field(obj, conversion)
            if spec and "{" in spec:
                spec = format_message(spec, values)
            out.append(_FORMATTER.format_field(obj, spec or ""))
        except Exception:
            out.append(raw)
    return "".join(out)


def excerpt_for(doc: Document, span: Span, width: int = EXCERPT_WIDTH, lines: list[str] | None = None) -> str:
    """The source line (text formats) or the paragraph/cell text (.docx/.html), trimmed to ~``width`` chars."""
    text = ""
    column = 1
    if doc.text is not None and doc.format not in ("docx", "html"):
        if lines is None:
            lines = doc.text.split("\n")
        text = lines[span.line - 1] if 1 <= span.line <= len(lines) else ""
        column = span.column
    else:
        text = _block_text(doc, span)
    text = text.replace("\t", " ").rstrip()
    stripped = text.lstrip()
    column = max(1, column - (len(text) - len(stripped)))
    text = stripped
    if len(text) <= width:
        return text
    start = max(0, min(column - 1 - width // 3, len(text) - width))
    piece = text[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")


def _block_text(doc: Document, span: Span) -> str:
    """Text of the paragraph or cell at ``span`` (matched by ``where``, then by line)."""
    fallback = ""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if span.where and block.span.where == span.where:
                return block.text
            if not fallback and block.span.line == span.line:
                fallback = block.text
        elif isinstance(block, Table):
            header = " | ".join(c.text for c in block.rows[0]) if block.rows else ""
            for row in block.rows:
                for cell in row:
                    if cell.span == span or (span.where and cell.span.where == span.where):
                        return cell.text
            if span.where and block.span.where == span.where:
                return header
            if not fallback and block.span.line == span.line:
                fallback = header
    return fallback


_NUMBERS = re.compile(r"\d+")


def finding_order(finding: Finding) -> tuple:
    """Sort key: :meth:`Finding.sort_key` with .docx/.html cells in row order (by ``where``)."""
    where = tuple(int(n) for n in _NUMBERS.findall(finding.span.where)) if finding.span.where else ()
    return (finding.path, finding.span.line, where, finding.span.column, finding.rule, finding.message)


# --------------------------------------------------------------------------- rules


class RuleBook:
    """Every rule available to a run, and the check kinds that run them."""

    def __init__(self, packs: list[Pack], kinds: dict[str, Any]):
        self.packs = packs
        self.kinds = kinds
        self.rules: dict[str, Rule] = {}
        for pack in packs:
            for rule in pack.rules:
                self.rules[rule.id] = rule
        self.rules = dict(sorted(self.rules.items()))
        self.by_name = {rule.name: rule for rule in self.rules.values()}

    def get(self, key: str) -> Rule | None:
        """A rule by ID (case-insensitive) or name."""
        return self.rules.get(key.upper()) or self.by_name.get(key.lower())

    def engine_rule(self, rule_id: str) -> Rule:
        return self.rules.get(rule_id) or _fallback_rule(rule_id)

    @classmethod
    def load(cls, plugins: Plugins, extra_packs: Iterable[str] = (), *, config: str | None = None, use_cache: bool = True) -> RuleBook:
        """Load built-in and plugin packs (once per ``plugins``) plus ``extra_packs``.

        Problems in built-in or config packs raise :class:`PackError`; a problem in a
        plugin pack is recorded as a plugin failure and the pack is skipped.
        """
        kinds = plugins.check_kinds()
        fatal: list[PackProblem] = []
        key = ("packs-loaded", use_cache)
        base: list[Pack] | None = plugins._cache.get(key)
        if base is None:
            base = []
            for source in plugins.rule_packs():
                try:
                    base.append(read_pack(source.path, kinds=kinds, plugin=source.plugin, plugin_version=source.version, use_cache=use_cache))
                except PackError as exc:
                    if source.plugin:
                        plugins.fail(source.plugin, f"rule pack {source.path}: " + "; ".join(p.message for p in exc.problems))
                    else:
                        fatal.extend(exc.problems)
            if fatal:
                raise PackError(fatal)
            plugins._cache[key] = base
        packs = list(base)
        for path in extra_packs:
            try:
                packs.append(read_pack(path, kinds=kinds, origin=origin_of(config=config or path), use_cache=use_cache))
            except PackError as exc:
                fatal.extend(exc.problems)
        if fatal:
            raise PackError(fatal)
        dropped: dict[int, tuple[Pack, list[str]]] = {}  # a plugin pack in conflict: one failure, all its problems
        for pack, problem in check_pack_set(packs):
            if pack.plugin:
                dropped.setdefault(id(pack), (pack, []))[1].append(problem.message)
            else:
                fatal.append(problem)
        for pack, messages in dropped.values():
            plugins.fail(pack.plugin, f"rule pack {pack.path}: " + "; ".join(messages))
        if fatal:
            raise PackError(fatal)
        return cls([p for p in packs if id(p) not in dropped], kinds)


# --------------------------------------------------------------------------- engine


class Engine:
    """One configuration applied to documents."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        plugins: Plugins | None = None,
        rulebook: RuleBook | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_on: str | None = None,
        recognizer: Callable[[Document], Any] | None = None,
        use_cache: bool = True,
        skip_unrecognized: bool = True,
    ):
        self.config = config or default_config(os.getcwd())
        self.skip_unrecognized = skip_unrecognized
        self.plugins = plugins if plugins is not None else load_plugins(disable=self.config.plugins_disable)
        self.rulebook = rulebook or RuleBook.load(self.plugins, self.config.extra_packs, config=self.config.path, use_cache=use_cache)
        self.select = list(select) if select is not None else self.config.select
        self.ignore = list(self.config.ignore) + list(ignore or [])
        self.fail_on = fail_on or self.config.fail_on
        self._recognizer = recognizer
        self.warnings: list[str] = []
        rules = dict(self.rulebook.rules)
        for rule_id in ENGINE_RULES:  # declared in core-input.yaml; fallbacks if that pack is absent
            rules.setdefault(rule_id, _fallback_rule(rule_id))
        self.rules: dict[str, Rule] = {rid: self._with_severity(rule) for rid, rule in sorted(rules.items())}
        self.selected: list[Rule] = [rule for rule in self.rules.values() if self._is_selected(rule)]
        self._per_path: dict[tuple[str, ...], list[Rule]] = {}
        self._check_selectors()

    # ---------------------------------------------------------------- selection

    def _with_severity(self, rule: Rule) -> Rule:
        best: tuple[int, str] | None = None
        for selector, level in self.config.severity.items():
            if selector_matches(selector, rule.id, rule.name):
                rank = selector_specificity(selector, rule.id)
                if best is None or rank >= best[0]:
                    best = (rank, level)
        if best is None or best[1] == rule.severity:
            return rule
        return dataclasses.replace(rule, severity=best[1])

    def _is_selected(self, rule: Rule, extra_ignore: Iterable[str] = ()) -> bool:
        if rule.id in UNIGNORABLE:
            return True
        if self.select is not None and not any(selector_matches(s, rule.id, rule.name) for s in self.select):
            return False
        return not any(selector_matches(s, rule.id, rule.name) for s in list(self.ignore) + list(extra_ignore))

    def _check_selectors(self) -> None:
        known = [(r.id, r.name) for r in self.rules.values()] + [(rid, _FALLBACK[rid][0]) for rid in ENGINE_RULES]
        where = self.config.path or "命令行"
        groups = [("select", self.select or []), ("ignore", self.ignore), ("severity", list(self.config.severity))]
        groups += [(f"per_path_ignores.{k}", v) for k, v in self.config.per_path_ignores.items()]
        for key, selectors in groups:
            for s in selectors:
                if not any(selector_matches(s, rid, name) for rid, name in known):
                    self.warnings.append(f"{where}：{key} 中的 {s!r} 不匹配任何规则")

    def rule(self, rule_id: str) -> Rule:
        """The effective rule (severity overrides applied), also for engine rules."""
        return self.rules.get(rule_id) or _fallback_rule(rule_id)

    def rules_for(self, path: str) -> list[Rule]:
        """Selected rules minus the config's ``per_path_ignores`` for ``path``."""
        extra = tuple(self.config.ignores_for(path)) if path not in ("-", "") else ()
        if extra not in self._per_path:
            self._per_path[extra] = [r for r in self.selected if self._is_selected(r, extra)] if extra else self.selected
        return self._per_path[extra]

    def fails(self, findings: Iterable[Finding]) -> bool:
        threshold = SEVERITY_RANK[self.fail_on]
        return any(SEVERITY_RANK.get(f.severity, 0) >= threshold for f in findings)

    # ---------------------------------------------------------------- linting

    def recognize(self, doc: Document):
        if self._recognizer is None:
            from gklint.recognize import recognize

            self._recognizer = recognize
        return self._recognizer(doc)

    def _make(self, rule: Rule, doc: Document | None, path: str, span: Span | None, values: dict, fix: Fix | None = None, lines: list[str] | None = None) -> Finding:
        span = span or Span(1)
        if fix is not None and fix.safe and not rule.fix_safe:
            fix = Fix(fix.span, fix.replacement, safe=False)
        return Finding(
            rule=rule.id,
            name=rule.name,
            severity=rule.severity,
            message=format_message(rule.message, values),
            path=path,
            span=span,
            summary=rule.summary,
            excerpt=excerpt_for(doc, span, lines=lines) if doc is not None else "",
            fix=fix,
        )

    def _crash(self, rule: Rule, exc: BaseException, doc: Document, lines: list[str] | None, span: Span | None = None, plugin: str = "") -> Finding:
        """GK902 for ``rule``; a crash in a plugin's check kind (or a plugin's rule) is also
        recorded once per plugin and rule as a plugin failure (``--strict-plugins``)."""
        plugin = plugin or rule.plugin
        origin = f"（来自插件 {plugin}）" if plugin else ""
        error = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        if plugin:
            self.plugins.fail(plugin, f"rule {rule.id} (check kind '{rule.kind}') raised {error[:300]}", key=("crash", rule.id))
        return self._make(self.rule(RULE_CRASHED), doc, doc.path, span, {"rule": rule.id, "origin": origin, "error": error[:300]}, lines=lines)

    def input_error(self, path: str, exc: InputError | Exception) -> Finding:
        reason = str(exc) if isinstance(exc, InputError) else f"读取时出错（{type(exc).__name__}: {exc}）"
        return self._make(self.rule(INPUT_ERROR), None, path, Span(1), {"reason": reason, "path": path})

    def lint_document(self, doc: Document) -> list[Finding]:
        rules = self.rules_for(doc.path)
        lines = doc.text.split("\n") if doc.text is not None else None
        findings: list[Finding] = []
        ran: list[Rule] = []
        try:
            report = self.recognize(doc)
        except Exception as exc:
            crash = self._crash(dataclasses.replace(self.rule(RULE_CRASHED), id="识别器"), exc, doc, lines)
            return [crash]
        unrecognized = not report.sections and not any(getattr(t, "found", False) for t in report.tables.values())
        if unrecognized and any(r.id == NO_REPORT for r in rules):
            findings.append(self._make(self.rule(NO_REPORT), doc, doc.path, Span(1), {}, lines=lines))
        if not (unrecognized and self.skip_unrecognized):
            for rule in rules:
                entry = self.rulebook.kinds.get(rule.kind)
                if entry is None:
                    continue
                kind = getattr(entry, "kind", entry)
                ran.append(rule)
                try:
                    hits = list(kind.run(report, rule) or ())
                except Exception as exc:
                    findings.append(self._crash(rule, exc, doc, lines, plugin=getattr(entry, "plugin", "")))
                    continue
                for hit in hits:
                    try:
                        findings.append(self._make(rule, doc, doc.path, hit.span, dict(hit.values or {}), hit.fix, lines))
                    except Exception as exc:  # a malformed Hit
                        findings.append(self._crash(rule, exc, doc, lines, plugin=getattr(entry, "plugin", "")))
                        break
        if RULE_CRASHED not in {r.id for r in rules}:  # GK902 ignored by the config
            findings = [f for f in findings if f.rule != RULE_CRASHED]
        if doc.text is not None and "gklint-" in doc.text:
            findings = self._suppress(doc, findings, rules, ran)
        findings.sort(key=finding_order)
        return findings

    def _suppress(self, doc: Document, findings: list[Finding], rules: list[Rule], ran: list[Rule]) -> list[Finding]:
        from gklint import suppress

        known = list(self.rules.values())
        directives = suppress.parse(doc.text or "", rule_ids=[r.id for r in known], rule_names=[r.name for r in known])
        if not directives:
            return findings
        findings = suppress.apply(findings, directives)
        ran_keys = [(r.id, r.name) for r in ran] + [(f.rule, f.name) for f in findings if f.rule in ENGINE_RULES]
        for issue in suppress.issues(directives, ran=ran_keys, known=[(r.id, r.name) for r in known]):
            if not any(r.id == issue.code for r in rules):
                continue
            d = issue.directive
            span = Span(d.line, d.column, d.end_line, d.end_column)
            values = {"directive": issue.detail, "detail": issue.detail}
            findings.append(self._make(self.rule(issue.code), doc, doc.path, span, values))
        return findings

    def lint_bytes(self, path: str, data: bytes) -> list[Finding]:
        from gklint.loaders import load_document

        try:
            doc = load_document(path, data, loaders=self.plugins.loaders())
        except InputError as exc:
            return [self.input_error(path, exc)]
        except Exception as exc:  # a loader bug on a corrupt file: still an input problem
            return [self.input_error(path, exc)]
        return self.lint_document(doc)

    def lint_path(self, path: str) -> list[Finding]:
        """Read and lint one file; an unreadable file gives one GK901 finding."""
        from gklint.loaders import read_bytes

        try:
            data = read_bytes(path)
        except InputError as exc:
            return [self.input_error(path, exc)]
        return self.lint_bytes(path, data)


# --------------------------------------------------------------------------- a whole run


@dataclass(slots=True)
class LintRun:
    """What reporters receive."""

    findings: list[Finding]
    files: list[str]
    rules: dict[str, Rule]  # every rule known to the run, by ID
    exit_code: int = 0
    color: bool = False
    statistics: bool = False
    version: str = __version__
    warnings: list[str] = field(default_factory=list)


def exit_code(findings: Iterable[Finding], fail_on: str = "error") -> int:
    """0: nothing at/above ``fail_on``; 1: something is; 2: an input could not be read."""
    findings = list(findings)
    if any(f.rule == INPUT_ERROR for f in findings):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK.get(f.severity, 0) >= threshold for f in findings) else 0


_SKIP_DIRS = frozenset({"node_modules", "__pycache__"})


class Linter:
    """A run over files and folders; each file gets the config nearest to it.

    ``config_file`` forces one config for every file (no discovery).  ``select`` replaces
    the config's ``select``; ``ignore`` adds to its ``ignore``; ``fail_on`` replaces its
    ``fail_on``.  Plugins are loaded once, with ``plugins.disable`` from ``config_file``
    or from the config that applies to the current directory.
    """

    def __init__(
        self,
        *,
        config_file: str | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_on: str | None = None,
        plugins: Plugins | None = None,
        recognizer: Callable[[Document], Any] | None = None,
        use_cache: bool = True,
        cwd: str | None = None,
    ):
        self.cwd = os.path.abspath(cwd or os.getcwd())
        clear_config_cache()  # discovery is cached per folder for one run, not across runs
        self.forced = load_config(config_file) if config_file else None
        self.select = select
        self.ignore = ignore
        self.fail_on = fail_on
        self.recognizer = recognizer
        self.use_cache = use_cache
        # what another process needs to build the same Linter (gklint.batch); None when
        # live objects (plugins, a recognizer) were passed in and cannot be rebuilt there
        self.options: dict[str, Any] | None = None
        if plugins is None and recognizer is None:
            self.options = {
                "config_file": os.path.abspath(config_file) if config_file else None,
                "select": list(select) if select is not None else None,
                "ignore": list(ignore) if ignore is not None else None,
                "fail_on": fail_on,
                "use_cache": use_cache,
                "cwd": self.cwd,
            }
        if plugins is None:
            base = self.forced or find_config(self.cwd)
            plugins = load_plugins(disable=base.plugins_disable if base else ())
        self.plugins = plugins
        self._engines: dict[str | None, Engine] = {}

    def config_for(self, path: str) -> Config:
        if self.forced is not None:
            return self.forced
        return find_config(path if path != "-" else self.cwd) or default_config(self.cwd)

    def engine_for(self, path: str) -> Engine:
        config = self.config_for(path)
        if config.path not in self._engines:
            self._engines[config.path] = Engine(
                config,
                plugins=self.plugins,
                select=self.select,
                ignore=self.ignore,
                fail_on=self.fail_on,
                recognizer=self.recognizer,
                use_cache=self.use_cache,
            )
        return self._engines[config.path]

    def suffixes(self) -> set[str]:
        return set(self.plugins.loaders())

    def collect(self, paths: Iterable[str]) -> list[str]:
        """Files to lint: given files as they are; folders walked (hidden folders, ``exclude`` skipped)."""
        suffixes = self.suffixes()
        out: list[str] = []
        seen: set[str] = set()
        for path in paths:
            if path == "-" or not os.path.isdir(path):
                if path not in seen:
                    seen.add(path)
                    out.append(path)
                continue
            for root, dirs, files in os.walk(path):
                config = self.config_for(root)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS and not config.is_excluded(os.path.join(root, d)))
                for name in sorted(files):
                    if name.startswith((".", "~$")) or os.path.splitext(name)[1].lower() not in suffixes:
                        continue
                    full = os.path.join(root, name)
                    if full in seen or self.config_for(full).is_excluded(full):
                        continue
                    seen.add(full)
                    out.append(full)
        return out

    def lint_file(self, path: str, stdin: bytes | None = None) -> list[Finding]:
        """Lint one file with the engine of its config; ``-`` lints ``stdin``."""
        engine = self.engine_for(path)
        if path == "-":
            return engine.lint_bytes("-", stdin or b"")
        return engine.lint_path(path)

    def assemble(self, files: list[str], results: Iterable[list[Finding]]) -> LintRun:
        """The :class:`LintRun` of ``files`` from their findings (any order in, sorted out)."""
        findings: list[Finding] = []
        code = 0
        engines: list[Engine] = []
        for path, result in zip(files, results):
            engine = self.engine_for(path)
            if engine not in engines:
                engines.append(engine)
            findings.extend(result)
            code = max(code, exit_code(result, engine.fail_on))
        findings.sort(key=finding_order)
        rules: dict[str, Rule] = {}
        warnings: list[str] = []
        for engine in engines or [self.engine_for(self.cwd)]:
            rules.update(engine.rules)
            warnings.extend(w for w in engine.warnings if w not in warnings)
        return LintRun(findings=findings, files=list(files), rules=dict(sorted(rules.items())), exit_code=code, warnings=warnings)

    def run(self, paths: Iterable[str], *, stdin: bytes | None = None) -> LintRun:
        """Lint ``paths`` one after another in this process (``gklint.batch`` runs them in parallel)."""
        files = self.collect(paths)
        return self.assemble(files, [self.lint_file(path, stdin) for path in files])


# --------------------------------------------------------------------------- pack examples


@dataclass(slots=True)
class ExampleResult:
    rule: str
    which: str  # "fail" or "pass"
    index: int  # 0-based position in the rule's list
    ok: bool
    problem: str = ""
    findings: list[str] = field(default_factory=list)  # "line:col message" of this rule's findings


def example_parts(example: Any) -> tuple[str, str, int | None, list[int] | None]:
    """``(text, suffix, count, lines)`` of a pack example (a string or a mapping)."""
    if isinstance(example, str):
        return example, "txt", None, None
    return str(example.get("text", "")), example.get("format") or "txt", example.get("count"), example.get("lines")


def run_example(engine: Engine, rule: Rule, which: str, index: int, example: Any) -> ExampleResult:
    """Lint one example of ``rule`` (``which`` is ``"fail"`` or ``"pass"``): a fail example
    needs ≥1 finding of the rule (or exactly ``count``, on ``lines``), a pass example none."""
    text, suffix, _, _ = example_parts(example)
    found = [f for f in engine.lint_bytes(f"example.{suffix}", text.encode("utf-8")) if f.rule == rule.id]
    shown = [f"{f.span.line}:{f.span.column} {f.message}" for f in found]
    problem = example_problem(which, example, found)
    return ExampleResult(rule.id, which, index, not problem, problem, shown)


def example_problem(which: str, example: Any, found: list[Finding]) -> str:
    """What is wrong with ``found`` (the findings of the example's rule), "" if nothing."""
    _, _, count, lines = example_parts(example)
    problem = ""
    if which == "pass":
        if found:
            problem = f"通过的示例报告了 {len(found)} 个问题"
    elif count is not None and len(found) != count:
        problem = f"应报告 {count} 个问题，实际 {len(found)} 个"
    elif count is None and not found:
        problem = "不通过的示例没有报告问题"
    if not problem and which == "fail" and lines is not None:
        got = sorted({f.span.line for f in found})
        if got != sorted(set(lines)):
            problem = f"问题应在第 {sorted(set(lines))} 行，实际在第 {got} 行"
    return problem


def run_examples(engine: Engine, rules: Iterable[Rule]) -> list[ExampleResult]:
    """Lint each rule's examples (see :func:`run_example`)."""
    results: list[ExampleResult] = []
    for rule in rules:
        for which in ("fail", "pass"):
            for index, example in enumerate(rule.examples.get(which, [])):
                results.append(run_example(engine, rule, which, index, example))
    return results


def example_engine(paths: Iterable[str], plugins: Plugins, *, recognizer: Callable[[Document], Any] | None = None, use_cache: bool = True) -> tuple[Engine, list[Pack]]:
    """An engine for running the examples of the packs at ``paths`` (validated without
    cache) together with every other installed pack, and those packs.

    A pack at ``paths`` that an installed plugin also contributes keeps the plugin's
    origin.  An installed pack with the same ``pack`` name as one at ``paths`` (e.g. the
    released copy of a pack being edited) is left out: the pack at ``paths`` replaces it.
    ``use_cache`` applies to the other packs only.  Raises :class:`PackError`.
    """
    kinds = plugins.check_kinds()
    sources = {os.path.realpath(s.path): s for s in plugins.rule_packs()}
    packs: list[Pack] = []
    problems: list[PackProblem] = []
    for path in paths:
        source = sources.get(os.path.realpath(path))
        try:
            if source is not None:
                packs.append(read_pack(path, kinds=kinds, plugin=source.plugin, plugin_version=source.version, use_cache=False))
            else:
                packs.append(read_pack(path, kinds=kinds, origin=origin_of(config=str(path)), use_cache=False))
        except PackError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PackError(problems)
    mine = {os.path.realpath(p.path) for p in packs}
    names = {p.name for p in packs}
    others: list[Pack] = []
    for real, source in sources.items():
        if real in mine:
            continue
        try:
            other = read_pack(source.path, kinds=kinds, plugin=source.plugin, plugin_version=source.version, use_cache=use_cache)
        except PackError:
            continue  # not what is being validated
        if other.name not in names:
            others.append(other)
    ids = {id(p) for p in packs}
    problems = [problem for pack, problem in check_pack_set(others + packs) if id(pack) in ids]
    if problems:
        raise PackError(problems)
    # Examples are often fragments (one paragraph): run every rule on them even when no
    # report is recognized (GK903 is still reported, for its own examples).
    engine = Engine(default_config(os.getcwd()), plugins=plugins, rulebook=RuleBook(others + packs, kinds), recognizer=recognizer, skip_unrecognized=False)
    return engine, packs


def validate_pack_files(paths: Iterable[str], plugins: Plugins, *, recognizer: Callable[[Document], Any] | None = None) -> list[ExampleResult]:
    """``gklint pack validate``: validate packs (no cache), check them against the other
    installed packs, then run their examples.  Raises :class:`PackError`."""
    engine, packs = example_engine(paths, plugins, recognizer=recognizer)
    return run_examples(engine, [rule for pack in packs for rule in pack.rules])
