"""Loaders turn a file into a :class:`~gklint.model.Document`, one module per format.

``load_document`` picks the loader by file suffix (plugins may add suffixes through the
``gklint_loaders`` hook, see :mod:`gklint.plugins`).  Loader modules are imported only
when a file of their kind is read, so linting a .txt never imports python-docx or lxml.
"""
from __future__ import annotations

import errno
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
    try:
        return importlib.import_module(module).load
    except ImportError as exc:  # python-docx or lxml missing: an installation problem, said in Chinese
        raise InputError(f"无法读取 {suffix} 文件：gklint 缺少读取这种格式所需的组件（{exc}），请重新安装 gklint", code="GK901") from None


_OS_ERRORS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取该文件的权限",
    errno.EPERM: "没有读取该文件的权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一级不是文件夹，文件不存在",
    errno.ENAMETOOLONG: "文件路径过长",
    errno.ELOOP: "路径中的符号链接形成了循环",
    errno.EIO: "读取文件时发生输入输出错误（磁盘或网络存储可能有故障）",
}


def _too_large(size: int | None) -> InputError:
    got = f"{size // (1024 * 1024)} MB，" if size is not None else "超过"
    return InputError(f"文件过大（{got}上限 {MAX_BYTES // (1024 * 1024)} MB），不像是一份年度报告", code="GK901")


def read_bytes(path: str) -> bytes:
    """Read a file with a size guard; every OS error becomes an InputError in Chinese."""
    try:
        if os.path.isdir(path):
            raise InputError("这是一个文件夹，不是文件", code="GK901")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise _too_large(size)
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("文件不存在", code="GK901") from None
    except PermissionError:
        raise InputError("没有读取该文件的权限", code="GK901") from None
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno or 0) or f"无法读取文件（{exc.strerror or exc}）"
        raise InputError(reason, code="GK901") from None
    except ValueError:  # e.g. a NUL character in the path
        raise InputError("文件名无效（含有空字符等不能出现在路径中的字符）", code="GK901") from None
    if len(data) > MAX_BYTES:  # a device or a pipe (size 0 to stat) that goes on and on
        raise _too_large(None)
    return data


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
