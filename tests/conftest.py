"""Session fixtures shared by test modules.

``plugin_venv``: one fresh virtual environment per test session with gklint installed
from this checkout (non-editable, like a user's ``pip install``), pytest, and the
example plugin ``examples/gklint-plugin-example``.  Tests run the real ``gklint``
console script in it.  Other plugins (broken ones, the one written from
``docs/plugins.md``) are pip-installed with ``--target`` into their own folders and put
on ``PYTHONPATH`` only for the commands that need them, so tests do not see each
other's plugins.  Building it takes ~20 s (pip's cache makes later runs faster); the
tests that use it are marked ``slow``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLUGIN = ROOT / "examples" / "gklint-plugin-example"
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "dist", "*.egg-info", ".pytest_cache")


def copy_tree(src: Path, dest: Path) -> Path:
    """Copy a source tree without build leftovers (pip builds in the tree it is given)."""
    shutil.copytree(src, dest, ignore=_IGNORE)
    return dest


@dataclass
class PluginVenv:
    path: Path
    cache_dir: Path

    @property
    def bin(self) -> Path:
        return self.path / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> str:
        return str(self.bin / ("python.exe" if os.name == "nt" else "python"))

    def env(self, pythonpath: list[Path] = (), **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GKLINT_", "PYTHON", "VIRTUAL_ENV"))}
        env.update({"GKLINT_CACHE_DIR": str(self.cache_dir), "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
        if pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
        env.update(extra)
        return env

    def run(self, *args: str | Path, pythonpath: list[Path] = (), cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            env=self.env(pythonpath, **(env or {})),
            timeout=timeout,
        )

    def gklint(self, *args: str | Path, **kwargs) -> subprocess.CompletedProcess:
        return self.run(self.bin / "gklint", *args, **kwargs)

    def pip_install(self, *args: str | Path) -> None:
        proc = self.run(self.python, "-m", "pip", "install", "--disable-pip-version-check", "-q", *args, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"pip install {' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}")

    def install_target(self, package: Path, target: Path) -> Path:
        """pip-install the distribution in ``package`` into ``target`` (its own site folder)."""
        self.pip_install("--no-deps", "--target", target, package)
        return target


@pytest.fixture(scope="session")
def plugin_venv(tmp_path_factory) -> PluginVenv:
    root = tmp_path_factory.mktemp("plugin-venv")
    src = root / "gklint-src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("src", "rules", "schemas"):
        copy_tree(ROOT / name, src / name)
    venv = PluginVenv(root / "venv", root / "gklint-cache")
    proc = subprocess.run([sys.executable, "-m", "venv", str(venv.path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    venv.pip_install(src, "pytest")
    venv.pip_install(copy_tree(EXAMPLE_PLUGIN, root / "example-plugin"))
    return venv
