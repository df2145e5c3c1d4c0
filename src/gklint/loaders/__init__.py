"""Loaders turn a file into a :class:`~gklint.model.Document`, one module per format.

``load_document`` picks the loader by file suffix (plugins may add suffixes through the
``gklint_loaders`` hook, see :mod:`gklint.plugins`).  Loader modules are imported only
when a file of their kind is read, so linting a .txt never imports python-docx or lxml.
"""
from __future__ import annotations

import importlib
import os
from typing import Callable

from gklint.model import Document, InputError

MAX_BYTES = 50 * 1024 * 1024  # a real annual report is well under 5 MB

BUILTIN_LOADERS: dict[str, str] = {
    ".txt": "gklint.loaders.text",
    ".text": "gklint.loaders.text",
    ".md": "gklint.loaders.text",
    ".markdown": "gklint.loaders.text",
    ".docx": "gklint.loaders.docx",
    ".html": "gklint.loaders.html",
    ".htm": "gklint.loaders.html",
}

LoadFn = Callable[[str, bytes], Document]


def builtin_loader(suffix: str) -> LoadFn | None:
    module = BUILTIN_LOADERS.get(suffix)
    if module is None:
        return None
    return importlib.import_module(module).load


def read_bytes(path: str) -> bytes:
    """Read a file with a size guard; every OS error becomes an InputError in Chinese."""
    try:
        if os.path.isdir(path):
            raise InputError("这是一个文件夹，不是文件", code="GK901")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB），不像是一份年度报告", code="GK901")
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("文件不存在", code="GK901") from None
    except PermissionError:
        raise InputError("没有读取该文件的权限", code="GK901") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror or exc}", code="GK901") from None


def load_document(path: str, data: bytes | None = None, loaders: dict[str, LoadFn] | None = None) -> Document:
    """Load ``path`` (or ``data`` already read, e.g. stdin) into a Document.

    ``loaders`` maps extra suffixes to load functions (from plugins); built-ins win only
    when the suffix is not overridden.  Raises :class:`InputError` for anything unreadable.
    """
    suffix = os.path.splitext(path)[1].lower()
    load = (loaders or {}).get(suffix) or builtin_loader(suffix)
    if load is None:
        if suffix in (".doc", ".wps", ".pdf", ".xls", ".xlsx", ".odt"):
            raise InputError(f"不支持 {suffix} 格式：请另存为 .docx、.txt、.md 或 .html 后再检查", code="GK901")
        load = builtin_loader(".txt")  # unknown suffix (e.g. stdin "-"): try as text
    if data is None:
        data = read_bytes(path)
    if not data.strip():
        raise InputError("文件是空的", code="GK901")
    return load(path, data)
