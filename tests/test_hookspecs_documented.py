"""Every hook is declared, documented (docstring and docs/plugins.md), implemented by the
built-ins and exercised by a test (datasette-style)."""
import ast
import inspect
import re
from pathlib import Path

import pytest

from gklint import builtin, hookspecs

HOOKS = [name for name, obj in vars(hookspecs).items() if name.startswith("gklint_") and callable(obj)]


def test_there_are_hooks():
    assert set(HOOKS) == {"gklint_rule_packs", "gklint_check_kinds", "gklint_loaders", "gklint_reporters"}


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_a_spec_with_a_full_docstring(name):
    hook = getattr(hookspecs, name)
    assert hasattr(hook, "gklint_spec"), f"{name} is not marked @hookspec"
    doc = inspect.getdoc(hook) or ""
    assert len(doc) > 200, f"{name} needs a full docstring"
    assert "Signature:" in doc, f"{name}: docstring must state the signature"
    assert "Called" in doc, f"{name}: docstring must say when it is called"
    assert "Example" in doc and "@hookimpl" in doc, f"{name}: docstring must show an example implementation"


@pytest.mark.parametrize("name", HOOKS)
def test_builtins_implement_every_hook(name):
    impl = getattr(builtin, name, None)
    assert impl is not None and hasattr(impl, "gklint_impl"), f"gklint.builtin does not implement {name}"


def test_no_builtin_hookimpl_without_spec():
    impls = [name for name, obj in vars(builtin).items() if hasattr(obj, "gklint_impl")]
    assert set(impls) <= set(HOOKS)


# --------------------------------------------------------------------------- docs/plugins.md and tests (datasette-style)

ROOT = Path(__file__).resolve().parent.parent
PLUGINS_DOC = ROOT / "docs" / "plugins.md"


def _signature(name: str) -> str:
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    m = re.search(r"Signature: ``(.+?)``", doc)
    assert m, f"{name}: no ``Signature: ...`` in its docstring"
    return m.group(1)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_in_plugins_md(name):
    text = PLUGINS_DOC.read_text(encoding="utf-8")
    section = re.search(rf"^### {name}\n(.*?)(?=^#{{1,3}} |\Z)", text, re.S | re.M)
    assert section, f"docs/plugins.md has no '### {name}' section"
    body = section.group(1)
    assert f"``{_signature(name)}``" in body, f"docs/plugins.md: the {name} section must give the signature of the hookspec"
    assert "**Called**" in body, f"docs/plugins.md: the {name} section must say when it is called"
    assert "@hookimpl" in body and f"def {name}(" in body, f"docs/plugins.md: the {name} section needs an example implementation"


def _test_functions() -> set[str]:
    names = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
    return names


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_test(name):
    """Every hook is exercised end to end by a test named ``test_hook_<name>`` (tests/test_plugin_hooks.py)."""
    assert f"test_hook_{name}" in _test_functions(), f"no test_hook_{name} in tests/"
