"""Reading YAML input files with the project's error messages."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError


def read_yaml(path: Path, what: str = "file", referrer: tuple[str, str] | None = None) -> object:
    """The parsed content of ``path``; a missing file or bad YAML is an InputError naming the file
    (and, when given, the ``(file, key)`` that referred to it)."""
    if not path.is_file():
        if referrer:
            raise InputError(referrer[0], referrer[1], f"{what} {path} not found")
        raise InputError(path, None, f"{what} not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(path, None, f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except UnicodeDecodeError:
        raise InputError(path, None, "not a UTF-8 text file") from None
