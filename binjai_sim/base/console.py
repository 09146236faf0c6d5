"""What a command shows on the terminal besides its result: progress bars that work on any
terminal, the ``--json`` and ``--quiet`` switches, and renamed flags that still work.

Light on purpose (no numpy, pandas or model import), so that building the parser stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .i18n import help_text, t

NARROWEST = 20  # columns below which a terminal's reported width is not believed (a fresh pty says 0)
FALLBACK_COLUMNS = 80
FALLBACK_ROWS = 24


def output_options() -> argparse.ArgumentParser:
    """``--json`` and ``--quiet``, shared by run, compare, sensitivity and calibrate."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help=help_text("cli.json_help"))
    common.add_argument("--quiet", action="store_true", help=help_text("cli.quiet_help"))
    return common


def _size(stream) -> os.terminal_size:
    try:
        return os.get_terminal_size(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return os.terminal_size((0, 0))


def columns(stream=None) -> int:
    """The terminal's width, or FALLBACK_COLUMNS when it reports none (0 columns) or nonsense."""
    width = _size(stream or sys.stderr).columns
    return width if width >= NARROWEST else FALLBACK_COLUMNS


def rows(stream=None) -> int:
    """The terminal's height, or FALLBACK_ROWS when it reports none: tqdm draws nothing on a
    terminal it believes has no rows (a fresh pty reports 0, which tqdm reads as -1)."""
    height = _size(stream or sys.stderr).lines
    return height if height >= 2 else FALLBACK_ROWS


def bar(args=None, **options):
    """A tqdm bar on stderr: off under ``--quiet`` or ``--json`` and when stderr is not a terminal;
    a fixed size, so a terminal that reports 0 columns and rows still shows it."""
    from tqdm import tqdm

    quiet = bool(getattr(args, "quiet", False) or getattr(args, "json", False))
    options.setdefault("disable", True if quiet else None)
    options.setdefault("leave", False)
    return tqdm(file=sys.stderr, ncols=columns(sys.stderr), nrows=rows(sys.stderr), dynamic_ncols=False,
                **options)


def speaks(args) -> bool:
    """Whether a command prints its human summary (not under ``--json`` or ``--quiet``)."""
    return not (getattr(args, "json", False) or getattr(args, "quiet", False))


def emit_json(data: dict) -> None:
    """The machine-readable summary: one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_plain) + "\n")


def _plain(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class Renamed(argparse.Action):
    """An old flag name that still works but says, on stderr, which name replaces it."""

    def __init__(self, option_strings, dest, new: str, **kwargs):
        self.new = new
        kwargs.setdefault("help", argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(t("cli.deprecated", old=option_string, new=self.new), file=sys.stderr)
        setattr(namespace, self.dest, True if self.nargs == 0 else values)


class Phases:
    """Named steps on a bar: ``phases("discovery")`` finishes the step before and names this one,
    so a long analysis after the runs is not a silent 100%."""

    def __init__(self, progress):
        self.bar = progress
        self.started = False

    def __call__(self, name: str) -> None:
        if self.started:
            self.bar.update()
        self.bar.set_postfix_str(name)
        self.started = True

    def finish(self) -> None:
        if self.started:
            self.bar.update()
