"""Every hook is declared, documented, and implemented by the built-ins (datasette-style)."""
import inspect

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
