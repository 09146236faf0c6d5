"""argparse's own words (usage, headings, its error lines) through the message catalogue, so a
command's help and refusals read in the language in force, not half in English."""

from __future__ import annotations

import argparse

# argparse's English text -> the catalogue key of its translation
WORDS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "show program's version number and exit": "argparse.version",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "expected one argument": "argparse.expected_one",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
}


def _translated(text: str) -> str:
    from binjai_sim.base.i18n import t

    key = WORDS.get(text)
    return t(key) if key else text


def install() -> None:
    """argparse looks its words up through its module's ``_`` each time it writes them."""
    argparse._ = _translated
