"""Test helpers for rule authors — gklint's own rules and plugins — like sqlfluff's YAML rule cases.

One line in a plugin's test module runs every example of its pack, and every case of
its case files, as its own pytest test::

    # tests/test_rules.py
    from gklint.testing import make_rule_tests

    test_rules = make_rule_tests("../gklint_hlj/hlj.yaml", "rule_cases")

Test IDs are ``test_rules[HLJ101-fail-0]``, ``test_rules[HLJ101-pass-0]`` (pack
examples) and ``test_rules[HLJ101-<name>]`` (case files), so ``pytest -k HLJ101`` runs
one rule.  Relative paths are resolved against the folder of the calling module (then
the current folder).

**Sources** (any number, in any order):

* a rule pack (``pack:``/``rules:``): every fail/pass example of every rule.  A fail
  example needs ≥1 finding of its rule (exactly ``count``, on ``lines``, when given), a
  pass example none — the same check as ``gklint pack validate``;
* a case file (``rule:``/``cases:``, ``schemas/rule-cases.schema.json``)::

      rule: HLJ101
      cases:
        - name: work-points-in-section-six
          text: |
            六、其他需要报告的事项
            全面落实本年度政务公开工作要点。
          expect: []                      # the rule stays silent
        - name: nothing-said
          format: md                      # txt (default), md or html
          text: |
            六、其他需要报告的事项
            无。
          expect: [{line: 1}]             # {rule, line, column, message}: all optional

  ``expect`` lists every finding expected of the file's rule (and of any rule named in
  an entry); a finding that is not expected, or an expectation no finding meets, is a
  mismatch;
* a folder: every ``*.yaml``/``*.yml`` in it, each a pack or a case file;
* :class:`gklint.model.Rule` objects (their examples).

**The engine.**  By default the installed plugins are loaded (entry points) and the
packs given replace installed packs of the same name, so a plugin's tests can run
against its source checkout.  ``plugin=module`` (or a list, or ``{"name": module}`` to
name it as its entry point does) registers plugins in process instead, with gklint's
built-ins and no entry points: the hermetic choice for a plugin's own tests.  ``engine=`` uses an engine you built (it must know the rules; build it with
``skip_unrecognized=False`` to lint fragments).  Examples are fragments, so every rule
runs even where no whole report is recognized.

**API**: :func:`make_rule_tests` (one line), :func:`rule_case_params` (``pytest.param``
objects for your own ``@pytest.mark.parametrize``), :func:`assert_rule_examples` (one
assertion listing every mismatch), :func:`run_rule_cases` (results, no assertion),
:func:`load_rule_cases` (the cases; reuse them across those functions).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from gklint.model import Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from gklint.engine import Engine
    from gklint.plugins import Plugins

__all__ = [
    "Expected",
    "RuleCase",
    "CaseResult",
    "RuleCases",
    "RuleCaseError",
    "load_rule_cases",
    "run_rule_cases",
    "assert_rule_examples",
    "rule_case_params",
    "make_rule_tests",
]

CASES_SCHEMA = "rule-cases.schema.json"
FORMATS = ("txt", "md", "html")


class RuleCaseError(ValueError):
    """A source that cannot be used: missing file, invalid case file, unknown rule, broken plugin."""


@dataclass(slots=True)
class Expected:
    """One expected finding of a case file (``None`` fields match anything)."""

    rule: str
    line: int | None = None
    column: int | None = None
    message: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and (self.line is None or finding.span.line == self.line)
            and (self.column is None or finding.span.column == self.column)
            and (self.message is None or self.message in finding.message)
        )

    def __str__(self) -> str:
        text = self.rule
        if self.line is not None:
            text += f" 第 {self.line} 行" + (f"第 {self.column} 列" if self.column is not None else "")
        if self.message is not None:
            text += f"（消息含「{self.message}」）"
        return text


@dataclass(slots=True)
class RuleCase:
    """One draft text and what the rule must report on it.

    ``which`` is ``"fail"``/``"pass"`` for a pack example (``example`` is the example as
    written, ``index`` its position) and ``"case"`` for a case-file case (``expect``).
    """

    id: str
    rule: str
    which: str
    text: str
    format: str
    source: str  # "file:line"
    index: int = 0
    example: Any = None
    expect: list[Expected] = field(default_factory=list)
    suite: RuleCases | None = field(default=None, repr=False, compare=False)

    def run(self) -> CaseResult:
        if self.suite is None:
            raise RuleCaseError(f"{self.id}: 没有所属的用例集")
        return self.suite.run(self)

    def check(self) -> None:
        """Run the case; raise ``AssertionError`` describing any mismatch."""
        __tracebackhide__ = True  # pytest: show the mismatch, not this frame
        result = self.run()
        if not result.ok:
            raise AssertionError(result.report())


@dataclass(slots=True)
class CaseResult:
    case: RuleCase
    ok: bool
    problem: str = ""
    findings: list[Finding] = field(default_factory=list)  # findings of the rules compared
    crashes: list[Finding] = field(default_factory=list)  # GK902 findings naming the rule

    def report(self) -> str:
        """Several lines: the case, the problem, the findings and the numbered text."""
        c = self.case
        lines = [f"{c.id}（{c.source}）：{self.problem}"]
        if self.findings:
            lines.append("  报告的问题：")
            lines += [f"    {f.span.line}:{f.span.column} {f.rule} {f.message}" for f in self.findings]
        else:
            lines.append("  报告的问题：（无）")
        for f in self.crashes:
            lines.append(f"  规则出错：{f.message}")
        lines.append(f"  草稿（{c.format}）：")
        text_lines = c.text.split("\n")
        if text_lines and text_lines[-1] == "":
            text_lines.pop()
        width = len(str(len(text_lines)))
        lines += [f"    {n:>{width}} | {t}" for n, t in enumerate(text_lines, 1)]
        return "\n".join(lines)


class RuleCases:
    """The cases of some sources, and the engine that runs them (see the module docstring)."""

    def __init__(self, cases: list[RuleCase], engine: Engine, packs: Sequence[Any] = ()):
        self.cases = cases
        self.engine = engine
        self.packs = list(packs)
        for case in cases:
            case.suite = self

    def __iter__(self):
        return iter(self.cases)

    def __len__(self) -> int:
        return len(self.cases)

    @property
    def rules(self) -> set[str]:
        return {c.rule for c in self.cases}

    def run(self, case: RuleCase) -> CaseResult:
        from gklint.engine import RULE_CRASHED

        rule = self.engine.rules.get(case.rule)
        if rule is None:
            return CaseResult(case, False, f"引擎中没有规则 {case.rule}（插件是否已安装，或用 plugin= 传入？）")
        all_findings = self.engine.lint_bytes(f"example.{case.format}", case.text.encode("utf-8"))
        crashes = [f for f in all_findings if f.rule == RULE_CRASHED and case.rule in f.message]
        if case.which in ("fail", "pass"):
            from gklint.engine import example_problem  # the check of `gklint pack validate`

            mine = [f for f in all_findings if f.rule == case.rule]
            problem = example_problem(case.which, case.example, mine)
            return CaseResult(case, not problem, problem, mine, crashes)
        compared = {case.rule} | {e.rule for e in case.expect}
        found = [f for f in all_findings if f.rule in compared]
        unexpected = list(found)
        missing: list[Expected] = []
        for expected in case.expect:
            hit = next((f for f in unexpected if expected.matches(f)), None)
            if hit is None:
                missing.append(expected)
            else:
                unexpected.remove(hit)
        problems = []
        if missing:
            problems.append("缺少预期的问题：" + "；".join(str(e) for e in missing))
        if unexpected:
            problems.append("多出的问题：" + "；".join(f"{f.rule} {f.span.line}:{f.span.column}" for f in unexpected))
        return CaseResult(case, not problems, "；".join(problems), found, crashes)

    def run_all(self) -> list[CaseResult]:
        return [self.run(case) for case in self.cases]


# --------------------------------------------------------------------------- loading


def load_rule_cases(
    *sources: str | os.PathLike | Rule | Iterable[Rule] | RuleCases,
    engine: Engine | None = None,
    plugin: object | Sequence[object] | dict[str, object] | None = None,
    base: str | os.PathLike | None = None,
) -> RuleCases:
    """Collect the cases of ``sources`` and build (or take) the engine that runs them.

    ``base`` is the folder relative paths start from (default: the calling module's
    folder, then the current folder).  Raises :class:`RuleCaseError` for a source that
    cannot be used and :class:`gklint.packs.PackError` for an invalid pack.
    """
    if len(sources) == 1 and isinstance(sources[0], RuleCases):
        return sources[0]
    if not sources:
        raise RuleCaseError("没有给出规则包、用例文件或规则")
    base_dir = Path(base) if base is not None else _caller_dir()
    pack_paths: list[Path] = []
    case_files: list[Path] = []
    rules: list[Rule] = []
    for source in sources:
        if isinstance(source, Rule):
            rules.append(source)
        elif isinstance(source, (str, os.PathLike)):
            for path in _expand(_resolve(source, base_dir)):
                if any(path.samefile(p) for p in pack_paths + case_files):
                    continue
                (case_files if _is_case_file(path) else pack_paths).append(path)
        elif isinstance(source, Iterable):
            for item in source:
                if not isinstance(item, Rule):
                    raise RuleCaseError(f"不是规则：{item!r}")
                rules.append(item)
        else:
            raise RuleCaseError(f"不认识的来源：{source!r}（应为路径或 Rule）")
    packs: list[Any] = []
    if engine is None:
        engine, packs = _build_engine(pack_paths, plugin)
    elif pack_paths:
        from gklint.packs import read_pack

        packs = [read_pack(p, kinds=engine.rulebook.kinds, use_cache=False) for p in pack_paths]
    cases: list[RuleCase] = []
    for pack in packs:
        for rule in pack.rules:
            cases += _example_cases(rule)
    for rule in rules:
        cases += _example_cases(rule)
    for path in case_files:
        cases += _file_cases(path, engine)
    seen: dict[str, int] = {}
    for case in cases:  # IDs unique (a rule given twice, two files for one rule)
        n = seen.get(case.id, 0)
        seen[case.id] = n + 1
        if n:
            case.id = f"{case.id}-{n + 1}"
    if not cases:
        raise RuleCaseError("没有找到任何用例：" + "、".join(str(s) for s in sources))
    return RuleCases(cases, engine, packs)


def _caller_dir() -> Path:
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    file = frame.f_globals.get("__file__") if frame is not None else None
    return Path(file).resolve().parent if file else Path.cwd()


def _resolve(source: str | os.PathLike, base_dir: Path) -> Path:
    path = Path(source)
    if path.is_absolute():
        candidates = [path]
    else:
        candidates = [base_dir / path, Path.cwd() / path]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise RuleCaseError(f"找不到 {source}（试过：{'、'.join(str(c) for c in candidates)}）")


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not found:
            raise RuleCaseError(f"文件夹 {path} 里没有 .yaml 文件")
        return found
    return [path]


def _is_case_file(path: Path) -> bool:
    """A case file has a top-level ``cases`` key (a pack has ``rules``)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleCaseError(f"无法读取 {path}：{exc}") from None
    except YAMLError:
        return False  # reported with its line when read as a pack
    return isinstance(data, dict) and "cases" in data and "rules" not in data


def _plugins_for(plugin: object | Sequence[object] | dict[str, object] | None) -> Plugins:
    from gklint.plugins import load_plugins

    if plugin is None:
        return load_plugins()
    if isinstance(plugin, dict):  # {"hlj": module}: the names messages use
        extra = list(plugin.items())
    else:
        objects = list(plugin) if isinstance(plugin, (list, tuple)) else [plugin]
        extra = [(getattr(obj, "__name__", None) or type(obj).__name__, obj) for obj in objects]
    return load_plugins(entry_points=False, extra=extra)


def _build_engine(pack_paths: list[Path], plugin: object | Sequence[object] | dict[str, object] | None) -> tuple[Engine, list[Any]]:
    from gklint.config import default_config
    from gklint.engine import Engine, example_engine
    from gklint.plugins import BUILTIN_NAME

    plugins = _plugins_for(plugin)
    plugins.collect_all()  # a failing hook of a plugin under test fails its tests
    # the packs under test are validated afresh; the others may come from the pack cache
    if pack_paths:
        engine, packs = example_engine([str(p) for p in pack_paths], plugins)
    else:
        engine, packs = Engine(default_config(os.getcwd()), plugins=plugins, skip_unrecognized=False), []
    # failures that concern what is tested: gklint's own, the tested packs' plugins, plugin=
    own = {BUILTIN_NAME} | {getattr(p, "plugin", "") for p in packs} - {""}
    if plugin is not None:
        own |= set(plugins.infos)
    broken = [str(f) for f in plugins.failures if f.plugin in own]
    if broken:
        raise RuleCaseError("插件有错误：\n" + "\n".join(broken))
    return engine, packs


def _example_cases(rule: Rule) -> list[RuleCase]:
    from gklint.engine import example_parts

    cases = []
    for which in ("fail", "pass"):
        for index, example in enumerate(rule.examples.get(which, [])):
            text, suffix, _, _ = example_parts(example)
            cases.append(
                RuleCase(
                    id=f"{rule.id}-{which}-{index}",
                    rule=rule.id,
                    which=which,
                    text=text,
                    format=suffix,
                    source=f"{rule.source}:{rule.source_line}" if rule.source else rule.pack,
                    index=index,
                    example=example,
                )
            )
    return cases


def _file_cases(path: Path, engine: Engine) -> list[RuleCase]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        root = YAML(typ="rt").load(path.read_text(encoding="utf-8-sig"))
    except YAMLError as exc:
        raise RuleCaseError(f"{path}：YAML 语法错误：{exc}") from None
    data = _plain(root)
    _validate_cases(data, root, path)
    rule_id = data["rule"]
    if rule_id not in engine.rules:
        raise RuleCaseError(f"{path}:{_line(root, 'rule')}：引擎中没有规则 {rule_id}（插件是否已安装，或用 plugin= 传入？）")
    cases = []
    for index, item in enumerate(data["cases"]):
        line = root["cases"].lc.item(index)[0] + 1
        expect = [Expected(e.get("rule", rule_id), e.get("line"), e.get("column"), e.get("message")) for e in item["expect"]]
        for e in expect:
            if e.rule not in engine.rules:
                raise RuleCaseError(f"{path}:{line}：expect 中的规则 {e.rule} 不存在")
        cases.append(
            RuleCase(
                id=f"{rule_id}-{item.get('name') or f'case-{index}'}",
                rule=rule_id,
                which="case",
                text=item["text"],
                format=item.get("format", "txt"),
                source=f"{path}:{line}",
                index=index,
                expect=expect,
            )
        )
    return cases


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, str):
        return str(node)
    return node


def _line(root: Any, *path: Any) -> int:
    node, line = root, 1
    for key in path:
        try:
            line = (node.lc.key(key) if isinstance(key, str) else node.lc.item(key))[0] + 1
            node = node[key]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line


def _validate_cases(data: Any, root: Any, path: Path) -> None:
    from jsonschema import Draft202012Validator

    from gklint.resources import load_schema

    errors = sorted(Draft202012Validator(load_schema(CASES_SCHEMA)).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = [f"{path}:{_line(root, *e.absolute_path)}：{'/'.join(map(str, e.absolute_path)) or '（顶层）'}：{e.message}" for e in errors]
        raise RuleCaseError("用例文件不符合 schemas/rule-cases.schema.json：\n" + "\n".join(lines))
    names = [c.get("name") for c in data["cases"] if c.get("name")]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise RuleCaseError(f"{path}：用例名重复：{'、'.join(dup)}")


# --------------------------------------------------------------------------- running


def run_rule_cases(
    *sources: str | os.PathLike | Rule | Iterable[Rule] | RuleCases,
    engine: Engine | None = None,
    plugin: object | Sequence[object] | dict[str, object] | None = None,
) -> list[CaseResult]:
    """Run every case of ``sources``; return the results (no assertion)."""
    return load_rule_cases(*sources, engine=engine, plugin=plugin).run_all()


def assert_rule_examples(
    *sources: str | os.PathLike | Rule | Iterable[Rule] | RuleCases,
    engine: Engine | None = None,
    plugin: object | Sequence[object] | dict[str, object] | None = None,
) -> list[CaseResult]:
    """Run every case; raise one ``AssertionError`` listing every mismatch, else return the results."""
    results = run_rule_cases(*sources, engine=engine, plugin=plugin)
    bad = [r for r in results if not r.ok]
    if bad:
        raise AssertionError(f"{len(bad)} / {len(results)} 个规则用例不符合预期：\n\n" + "\n\n".join(r.report() for r in bad))
    return results


def rule_case_params(
    *sources: str | os.PathLike | Rule | Iterable[Rule] | RuleCases,
    engine: Engine | None = None,
    plugin: object | Sequence[object] | dict[str, object] | None = None,
) -> list[Any]:
    """``pytest.param(case, id=case.id)`` for each case; the test calls ``case.check()``."""
    import pytest

    suite = load_rule_cases(*sources, engine=engine, plugin=plugin)
    return [pytest.param(case, id=case.id) for case in suite]


def make_rule_tests(
    *sources: str | os.PathLike | Rule | Iterable[Rule] | RuleCases,
    engine: Engine | None = None,
    plugin: object | Sequence[object] | dict[str, object] | None = None,
) -> Callable[[RuleCase], None]:
    """A parametrized pytest test running every case: ``test_rules = make_rule_tests("pack.yaml")``."""
    import pytest

    suite = load_rule_cases(*sources, engine=engine, plugin=plugin)

    @pytest.mark.parametrize("rule_case", [pytest.param(case, id=case.id) for case in suite])
    def test_rule_case(rule_case: RuleCase) -> None:
        __tracebackhide__ = True
        rule_case.check()

    test_rule_case.rule_cases = suite  # type: ignore[attr-defined]
    return test_rule_case
