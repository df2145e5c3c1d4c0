"""A small JSON cache in the user cache folder, for start-up speed only.

Location: ``GKLINT_CACHE_DIR`` if set; else ``%LOCALAPPDATA%\\gklint`` on Windows;
else ``$XDG_CACHE_HOME/gklint``; else ``~/.cache/gklint``.  ``GKLINT_NO_CACHE=1``
turns it off.  Entries are written atomically (temporary file in the same folder, then
``os.replace``) and every cache error — unreadable, corrupt, read-only disk — is ignored:
the caller just does the work again.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    if os.environ.get("GKLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    override = os.environ.get("GKLINT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "gklint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "gklint"
    try:
        return Path.home() / ".cache" / "gklint"
    except (RuntimeError, KeyError):  # no home directory
        return None


def _entry(namespace: str, key: str) -> Path | None:
    base = cache_dir()
    if base is None or not key.isalnum():
        return None
    return base / namespace / f"{key}.json"


def read_json(namespace: str, key: str) -> Any | None:
    """The cached value, or None on a miss or any error."""
    path = _entry(namespace, key)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write_json(namespace: str, key: str, value: Any) -> bool:
    """Store ``value``; returns False (and changes nothing) on any error."""
    path = _entry(namespace, key)
    if path is None:
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
        return True
    except (OSError, TypeError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
