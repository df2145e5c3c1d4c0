"""The layering of DESIGN.md holds: each module imports only from layers below it.

The contract is declared in pyproject.toml ([tool.importlinter]) and checked with
import-linter, as sqlfluff does.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_layers_are_kept():
    exe = Path(sys.executable).with_name("lint-imports" + (".exe" if os.name == "nt" else ""))
    result = subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
