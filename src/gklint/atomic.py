"""Write a file so that an interruption leaves the old or the new content, never half of one.

The data goes to a temporary file in the same folder (same file system), is flushed and
fsynced, then renamed over the target with ``os.replace`` (atomic on POSIX and Windows).
The target's permission bits are kept.  On any error the temporary file is removed and
the target is untouched.
"""
from __future__ import annotations

import os
import stat
import tempfile


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    mode = None
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=".gklint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))
