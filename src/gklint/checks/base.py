"""The contract between the engine and a check kind."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from gklint.model import Fix, Report, Rule, Span


@dataclass(slots=True)
class Hit:
    """One place where a rule's condition fails.

    ``values`` fill the rule's Chinese ``message`` template (``str.format`` style);
    ``span`` None means the whole document (reported at line 1).
    """

    span: Span | None
    values: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None


class CheckKind(Protocol):
    """A generic check. ``params_schema`` is a JSON Schema for ``rule.params``."""

    name: str
    description: str
    params_schema: dict

    def run(self, report: Report, rule: Rule) -> Iterable[Hit]: ...
