"""The built wheel carries the rule packs and schemas, installs into a fresh virtual
environment and lints from an unrelated folder (no source checkout to fall back on).

The project is copied to a temporary folder first, so building writes no ``build/`` or
``*.egg-info`` into the checkout.  Building (isolated: setuptools from PyPI) and
installing the dependencies (from PyPI, through pip's cache) need the network, which CI
has.
"""
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import text_fixtures as tf

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "data" / "seeds"

pytestmark = pytest.mark.slow


def run(cmd, **kwargs):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900, **kwargs)
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", "rules", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    dist = tmp_path_factory.mktemp("dist")
    proc = run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, src])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (built,) = dist.glob("gklint-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("venv")
    proc = run([sys.executable, "-m", "venv", home / "v"])
    assert proc.returncode == 0, proc.stderr
    bindir = home / "v" / ("Scripts" if sys.platform == "win32" else "bin")
    proc = run([bindir / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q", wheel])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return bindir


def test_wheel_carries_rule_packs_and_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in ("core-2021.yaml", "format-2021.yaml", "core-input.yaml"):
        assert f"gklint/data/rules/{pack}" in names
    schemas = {p.name for p in (ROOT / "schemas").glob("*.json")}
    assert schemas >= {"config.schema.json", "findings.schema.json", "report.schema.json", "rule-pack.schema.json"}
    assert {f"gklint/data/schemas/{name}" for name in schemas} <= names
    assert {f"gklint/data/rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")} <= names
    assert not any(n.startswith(("tests/", "rules/", "schemas/")) for n in names)


def test_installed_wheel_lints_from_an_unrelated_folder(venv, tmp_path):
    work = tmp_path / "某县 各乡镇"
    work.mkdir()
    shutil.copy(SEEDS / "001_52fabd2e9e55d580.txt", work / "抚远镇.txt")
    (work / "清洁.txt").write_text(tf.render_report(tf.SAMPLE_FIGURES, layout="cells").text, encoding="gb18030")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GKLINT_CACHE_DIR", "FORCE_COLOR", "VIRTUAL_ENV")}
    env.update(NO_COLOR="1", PYTHONIOENCODING="utf-8")
    gklint = venv / "gklint"

    proc = run([venv / "python", "-c", "import gklint.resources as r; print(r.rules_dir()); print(r.schemas_dir())"], cwd=work, env=env)
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():  # the installed data, not this checkout
        assert Path(line).is_relative_to(venv.parent) and str(ROOT) not in line

    proc = run([gklint, "check", "抚远镇.txt"], cwd=work, env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "抚远镇.txt:3:1: GK401 [error]" in proc.stdout and "GK105" in proc.stdout

    proc = run([gklint, "check", "清洁.txt"], cwd=work, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "1 个文件，没有发现问题\n"

    proc = run([gklint, "check", ".", "--format", "sarif", "--jobs", "2"], cwd=work, env=env)  # a pool, in the installed package
    assert proc.returncode == 1 and '"ruleId": "GK401"' in proc.stdout

    proc = run([gklint, "rules"], cwd=work, env=env)
    assert proc.returncode == 0 and "GK301" in proc.stdout and "GK901" in proc.stdout
