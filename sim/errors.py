"""Errors that describe bad input in the user's own terms (file, key, allowed values)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(Exception):
    """Bad user input. The CLI prints ``str(error)`` and exits with status 2."""

    def __init__(self, file: object, key: str | None, problem: str, allowed: str | None = None):
        self.file = str(file) if file is not None else None
        self.key = key
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
