"""Build hook: ship the top-level ``rules/`` and ``schemas/`` folders inside the wheel.

The product layout keeps rule packs and JSON Schemas at the repository root, where
reviewers and plugin authors find them.  An installed wheel must carry them too, so
``build_py`` copies them to ``gklint/data/`` in the build tree.  At run time
``gklint.resources`` looks there first and falls back to the source checkout.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "gklint" / "data"
        for name, pattern in (("rules", "*.yaml"), ("schemas", "*.json")):
            dest = target / name
            dest.mkdir(parents=True, exist_ok=True)
            for src in sorted((ROOT / name).glob(pattern)):
                shutil.copy2(src, dest / src.name)


setup(cmdclass={"build_py": BuildWithData})
