"""Reading YAML input files with the project's error messages.

Every YAML input (scenarios, sweeps, calibration, coefficients, survey specs) is read here, so
the guards against hostile files live in one place: a size cap, a nesting-depth cap and no
anchors or aliases. Input files never need aliases, and an alias bomb (a few hundred bytes that
expand to billions of nodes) is only dangerous once something walks or prints the expanded
value, which is too late to stop it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t

MAX_BYTES = 1_000_000  # the largest shipped input is a few kB
MAX_DEPTH = 50  # nested mappings and lists; scenario files use fewer than 6

_LOADER = yaml.SafeLoader  # the pure-Python one, as before: same values, same messages
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_structure(text: str, path: Path) -> None:
    """Walk the parser's events (a flat stream: no recursion, nothing built) for depth and aliases."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise InputError(path, None, t("yaml.aliases", line=line))
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise InputError(path, None, t("yaml.too_deep", depth=MAX_DEPTH, line=line))
        elif isinstance(event, _CLOSE):
            depth -= 1


def read_yaml(path: Path, what: str | None = None, referrer: tuple[str, str] | None = None) -> object:
    """The parsed content of ``path``; a missing, oversized or hostile file or bad YAML is an
    InputError naming the file (and, when given, the ``(file, key)`` that referred to it)."""
    what = what or t("yaml.file")
    if not path.is_file():
        if referrer:
            raise InputError(referrer[0], referrer[1], t("table.not_found_at", what=what, path=path))
        raise InputError(path, None, t("table.not_found", what=what))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, None, t("yaml.too_large", what=what, size=f"{size:,}", cap=f"{MAX_BYTES:,}"))
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise InputError(path, None, t("yaml.unreadable", what=what, reason=exc.strerror or exc)) from None
    if len(raw) > MAX_BYTES:
        raise InputError(path, None, t("yaml.too_large", what=what, size=f"> {MAX_BYTES:,}", cap=f"{MAX_BYTES:,}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, None, t("yaml.not_utf8")) from None
    try:
        _check_structure(text, path)
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = t("yaml.where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = getattr(exc, "problem", None) or exc
        raise InputError(path, None, t("yaml.invalid", where=where, problem=problem)) from None
