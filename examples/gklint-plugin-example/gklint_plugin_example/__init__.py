"""An example gklint plugin: a provincial rule pack (prefix ``HLJ``) and one check kind.

gklint finds this module through the entry point in ``pyproject.toml``::

    [project.entry-points.gklint]
    hlj = "gklint_plugin_example"

and calls the hook functions below, each on its own.  Importing this module must stay
cheap (gklint runs in pre-commit): the check kind's module is imported only when
gklint asks for check kinds.
"""
from __future__ import annotations

from pathlib import Path

from gklint.hookspecs import hookimpl

__version__ = "0.1.0"

PACK = Path(__file__).with_name("hlj.yaml")


@hookimpl
def gklint_rule_packs():
    """The YAML pack with the provincial rules (HLJ101 …)."""
    return [PACK]


@hookimpl
def gklint_check_kinds():
    """The check kind ``publication-deadline`` used by HLJ201."""
    from gklint_plugin_example.deadline import PublicationDeadline

    return [PublicationDeadline()]
