"""One message catalogue for everything a person reads, in English and Bahasa Indonesia.

Messages live in ``binjai_sim/locales/<lang>/*.yaml``, one file per area (vocabulary, cli, report,
viz, errors...), so each area's keys are found together and two areas never edit one file.
A key is dotted (``cause.handover_cut``); a message may name placeholders (``{app}``), filled
from keyword arguments. The language is chosen per call, or for a whole command with
``use(lang)`` (the ``--lang`` option and a scenario's ``lang:`` setting). English is the default.

tests/test_i18n.py fails when a key exists in one language and not the other, or when the two
name different placeholders.
"""

from __future__ import annotations

import contextlib
import string
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import yaml

LANGS: tuple[str, ...] = ("en", "id")
DEFAULT = "en"
LANG_NAMES = {"en": "English", "id": "Bahasa Indonesia"}
LOCALES = Path(__file__).parents[1] / "locales"

_current: ContextVar[str] = ContextVar("lang", default=DEFAULT)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return lang


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang``: the union of its files (a key defined twice is an error)."""
    check_lang(lang)
    messages: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, text in _flatten(data):
            if key in messages:
                raise ValueError(f"{path}: message {key!r} is defined twice in {lang!r}")
            messages[key] = text
    return messages


def _flatten(data: dict, prefix: str = ""):
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, name + ".")
        else:
            yield name, str(value)


def current() -> str:
    return _current.get()


@contextlib.contextmanager
def use(lang: str | None):
    """Within the block, ``t`` speaks ``lang`` (None keeps the current language)."""
    token = _current.set(check_lang(lang)) if lang else None
    try:
        yield
    finally:
        if token is not None:
            _current.reset(token)


def set_lang(lang: str) -> None:
    """For a whole process (a command): the language of every message that follows."""
    _current.set(check_lang(lang))


def t(key: str, lang: str | None = None, /, **values) -> str:
    """The message ``key`` in ``lang`` (default: the current language). A key missing in that
    language falls back to English, then to the key itself, so a gap shows but never crashes;
    the test suite keeps the catalogues complete."""
    lang = lang or current()
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT).get(key, key)
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def name(kind: str, key: str, lang: str | None = None) -> str:
    """A readable name for a vocabulary entry: ``name("cause", "handover_cut")``."""
    return t(f"{kind}.{key}", lang)


def number(value: float, digits: int = 0, lang: str | None = None) -> str:
    """A number as a reader of ``lang`` writes it: ``1,234.5`` in English, ``1.234,5`` in Bahasa
    Indonesia (a point groups thousands, a comma marks decimals)."""
    text = f"{value:,.{digits}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.0: a difference that rounds to nothing
        text = text[1:]
    if (lang or current()) == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def signed(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A difference with its sign: ``+3.2``, ``-0.4``; one that rounds to nothing is ``+0.0``."""
    shown = number(abs(value), digits, lang)
    return ("-" if value < 0 and shown.strip("0.,") else "+") + shown


def count(value: float, lang: str | None = None) -> str:
    """A count: whole numbers plainly, a median between two runs as x.5 (x,5)."""
    return number(value, 0 if abs(value - round(value)) < 1e-9 else 1, lang)


def percent(share: float, lang: str | None = None) -> str:
    """A share in percent without decimals: ``85%``."""
    return f"{number(100 * share, 0, lang)}%"


def help_text(key: str, lang: str | None = None) -> str:
    """A message for argparse's help, which reads ``%`` as a format sign."""
    return t(key, lang).replace("%", "%%")


# Bidirectional embeddings, overrides and isolates: printed, they reorder the text around them, so
# a name could make a terminal line or a report cell read differently from what the file holds.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _hidden(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 or 0x7F <= code <= 0x9F or char in BIDI_CONTROLS or 0xD800 <= code <= 0xDFFF
            or char in "\u2028\u2029\ufffe\uffff")


def has_hidden(text: object) -> bool:
    """Whether ``text`` holds a character ``plain`` would escape: such a name is refused where a
    person types it (new-city flags, profiles, inventories), since a planner never needs one."""
    return any(_hidden(c) for c in str(text))


def plain(text: object) -> str:
    """``text`` as it may be printed: terminal control characters (escape sequences, line
    breaks), bidi overrides and lone surrogates shown as visible escapes (``\\x1b``, ``\\u202e``),
    so that a name can neither drive the terminal nor disguise itself, and stays on one line.
    The one helper for every name a person reads (terminal, README, report)."""
    text = str(text)
    if not any(_hidden(c) for c in text):
        return text
    return "".join((f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}") if _hidden(c) else c
                   for c in text)
