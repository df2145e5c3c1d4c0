"""Fake check kinds, a fake recognizer and pack helpers for engine/pack/CLI tests."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gklint import config as config_module
from gklint.checks.base import Hit
from gklint.config import default_config
from gklint.engine import Engine
from gklint.hookspecs import hookimpl
from gklint.model import Fix, Paragraph, Report, Section, Span
from gklint.plugins import load_plugins


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Every test gets its own cache folder, no plugin switches, no config cache."""
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "_cache"))
    for name in ("GKLINT_DISABLE_PLUGINS", "GKLINT_NO_CACHE", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    config_module.clear_cache()
    yield
    config_module.clear_cache()


# --------------------------------------------------------------------------- check kinds


class Contains:
    """Flags every paragraph containing ``params.needle``."""

    name = "contains"
    description = "Flags every paragraph containing params.needle"
    params_schema = {
        "type": "object",
        "required": ["needle"],
        "additionalProperties": False,
        "properties": {"needle": {"type": "string"}, "pattern": {"type": "string"}, "patterns": {"type": "array"}, "replacement": {"type": "string"}},
    }

    def run(self, report, rule):
        needle = rule.params["needle"]
        for p in report.paragraphs:
            i = p.text.find(needle)
            if i >= 0:
                fix = None
                if "replacement" in rule.params:
                    fix = Fix(p.span_of(i, i + len(needle)), rule.params["replacement"], safe=True)
                yield Hit(p.span_of(i, i + len(needle)), {"needle": needle, "text": p.text}, fix)


class Boom:
    name = "boom"
    description = "Always raises"
    params_schema = {"type": "object"}

    def run(self, report, rule):
        raise ValueError("炸了")
        yield  # pragma: no cover


class Whole:
    name = "whole"
    description = "One hit for the whole document"
    params_schema = {"type": "object"}

    def run(self, report, rule):
        return [Hit(None, {"count": len(report.paragraphs)})]


DEFAULT_KINDS = (Contains(), Boom(), Whole())


def fake_recognize(doc):
    """Sections for paragraphs like ``一、总体情况``; nothing else."""
    report = Report(path=doc.path, document=doc)
    report.paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    for p in report.paragraphs:
        m = re.match(r"^([一二三四五六])、", p.text)
        if m:
            report.sections.append(Section(number=m.group(1), title=p.text, canonical=p.text, span=p.span))
    return report


# --------------------------------------------------------------------------- plugins and packs


class FakePlugin:
    def __init__(self, kinds=(), packs=(), loaders=None, reporters=None, fail_on=()):
        self.kinds = list(kinds)
        self.packs = list(packs)
        self.loaders = dict(loaders or {})
        self.reporters = dict(reporters or {})
        self.fail_on = set(fail_on)
        self.__version__ = "9.9"

    def _maybe_fail(self, hook):
        if hook in self.fail_on:
            raise RuntimeError(f"{hook} is broken")

    @hookimpl
    def gklint_check_kinds(self):
        self._maybe_fail("gklint_check_kinds")
        return self.kinds

    @hookimpl
    def gklint_rule_packs(self):
        self._maybe_fail("gklint_rule_packs")
        return self.packs

    @hookimpl
    def gklint_loaders(self):
        self._maybe_fail("gklint_loaders")
        return self.loaders

    @hookimpl
    def gklint_reporters(self):
        self._maybe_fail("gklint_reporters")
        return self.reporters


def rule(rule_id: str, name: str, kind: str = "contains", severity: str = "error", **extra) -> dict:
    data = {
        "id": rule_id,
        "name": name,
        "kind": kind,
        "severity": severity,
        "summary": f"Summary of {name}",
        "message": extra.pop("message", "发现「{needle}」"),
        "basis": "测试依据",
        "examples": {"fail": ["一、总体情况\n坏词"], "pass": ["一、总体情况\n好词"]},
    }
    data.update(extra)
    return data


def write_pack(folder: Path, name: str = "test-pack", prefix: str = "TS", rules: list[dict] | None = None) -> Path:
    """Write a pack (JSON is YAML) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    rules = rules if rules is not None else [rule(f"{prefix}101", "bad-word", params={"needle": "坏词"})]
    data = {"pack": name, "prefix": prefix, "description": "测试规则包", "rules": rules}
    path = folder / f"{name}.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def make_plugins(tmp_path: Path, rules: list[dict] | None = None, kinds=DEFAULT_KINDS, builtin: bool = False, extra=()):
    pack = write_pack(tmp_path / "packs", rules=rules)
    plugin = FakePlugin(kinds, [pack])
    return load_plugins(builtin=builtin, entry_points=False, extra=[("fake", plugin), *extra])


def make_engine(tmp_path: Path, rules: list[dict] | None = None, config=None, kinds=DEFAULT_KINDS, **kwargs) -> Engine:
    plugins = make_plugins(tmp_path, rules, kinds)
    return Engine(config or default_config(tmp_path), plugins=plugins, recognizer=fake_recognize, use_cache=False, **kwargs)


def lint_text(engine: Engine, text: str, path: str = "draft.txt"):
    return engine.lint_bytes(path, text.encode("utf-8"))


MINIMAL_REPORT = "某市某局2023年政府信息公开工作年度报告\n\n一、总体情况\n2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n"


def run_cli(capture, *args):
    """Run ``gklint ARGS`` in process: ``(exit code, stdout, stderr)``.

    ``capture`` is pytest's ``capsys`` (text) or ``capsysbinary`` (stdout bytes; stderr
    decoded).  ``SystemExit(None)`` is 0; a non-integer exit (a message) is 2.
    """
    from gklint import cli

    try:
        cli.main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capture.readouterr()
    if isinstance(err, bytes):
        err = err.decode("utf-8", "replace")
    return code, out, err
