"""Where the bundled rule packs and JSON Schemas live (wheel or source checkout)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / name  # src/gklint -> repo root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"gklint installation is incomplete: no '{name}' folder found")


def rules_dir() -> Path:
    """Folder holding the built-in format template and rule packs."""
    return _data_dir("rules")


def schemas_dir() -> Path:
    """Folder holding the JSON Schemas (rule pack, config, report, format template)."""
    return _data_dir("schemas")


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """Load ``schemas/<name>`` as JSON (cached)."""
    with open(schemas_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)
