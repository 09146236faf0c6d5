"""docs/development.md promises that `.venv/bin/ruff check .` keeps the code clean: hold the tree to it."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the ruff installed beside this interpreter, so the test checks with the version the venv pins
RUFF = Path(sys.executable).with_name("ruff")


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    if not RUFF.exists():
        pytest.skip(f"ruff is not installed beside {sys.executable} (it comes with the `test` extra)")
    # --no-cache: a test run leaves no .ruff_cache behind
    return subprocess.run([str(RUFF), "check", "--no-cache", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_ruff_check_reports_nothing():
    done = ruff("--output-format=concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_check_uses_the_projects_line_length():
    # a line one past pyproject.toml's 120 must be reported, else the clean run above proves nothing
    line = 'x = "' + "a" * 114 + '"\n'
    assert len(line.rstrip("\n")) == 120
    assert ruff("--stdin-filename", "probe.py", "-", stdin=line).returncode == 0
    done = ruff("--output-format=concise", "--stdin-filename", "probe.py", "-", stdin='x = "a' + line[5:])
    assert done.returncode == 1 and "E501" in done.stdout, done.stdout + done.stderr
