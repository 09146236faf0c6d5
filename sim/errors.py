"""Errors that describe bad input in the user's own terms (file, key, allowed values)."""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable

PROBLEM_LIMIT = 400  # characters of a problem text; a message is read by a person, not a dump


def short(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to at most ``limit`` characters.

    reprlib stops at a few items and levels, so a huge or deeply nested value (say, an expanded
    YAML alias bomb) is never turned into a huge string on the way to an error message.
    """
    shortener = reprlib.Repr(maxlevel=3, maxdict=4, maxlist=6, maxtuple=6, maxset=6, maxfrozenset=6,
                             maxdeque=6, maxarray=6, maxlong=limit, maxstring=limit, maxother=limit)
    text = shortener.repr(value)
    return text if len(text) <= limit else text[: max(limit - 3, 1)] + "..."


def _clip(text: str, limit: int = PROBLEM_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class InputError(Exception):
    """Bad user input. The CLI prints ``str(error)`` and exits with status 2."""

    def __init__(self, file: object, key: str | None, problem: str, allowed: str | None = None):
        self.file = str(file) if file is not None else None
        self.key = _clip(key, 200) if key else key
        key = self.key
        allowed = _clip(allowed, 2000) if allowed else allowed
        problem = _clip(str(problem))
        self.problem = problem
        self.allowed = allowed
        parts = []
        if self.file:
            parts.append(self.file)
        if key:
            parts.append(f"key '{key}'")
        head = ": ".join(parts) if parts else "input"
        message = f"{head}: {problem}"
        if allowed:
            message += f" (allowed: {allowed})"
        super().__init__(message)


def closest(name: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(options), n=1, cutoff=0.5)
    return matches[0] if matches else None


def one_of(options: Iterable[str]) -> str:
    return ", ".join(sorted(options))


def first_validation_error(file: object, exc) -> InputError:
    """The first problem of a pydantic ValidationError, as an InputError naming its key."""
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or None
    return InputError(file, key, err["msg"].removeprefix("Value error, "))
