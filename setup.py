"""Build hook: the wheel carries the scenarios and calibration files that ``new-city`` and
``run`` read (as ``binjai_sim/_bundle/``), so an installed package works outside a checkout.

In a checkout they are read in place (binjai_sim/base/resources.py looks there first); only a built wheel
needs the copy. The metadata lives in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("scenarios", "calibration")  # the folders, kept with their layout (relative paths inside them hold)


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        bundle = Path(self.build_lib) / "binjai_sim" / "_bundle"
        for name in BUNDLED:
            shutil.copytree(HERE / name, bundle / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildWithData})
