"""Errors that describe bad input in the user's own terms (file, key, allowed values).

``explain`` is the one translator from pydantic's validation errors to these messages; every
file the project reads (scenarios, sweeps, coefficients, targets, priors, survey specs) uses it.
Messages are written in the language in force when the error is made (``binjai_sim.base.i18n``): the
command line chooses it before it reads any file.
"""

from __future__ import annotations

import difflib
import reprlib
import typing
from collections.abc import Iterable

from .i18n import t

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
    """Bad user input. The CLI prints each of ``problems`` and exits with status 2."""

    def __init__(self, file: object, key: str | None, problem: str, allowed: str | None = None):
        self.file = str(file) if file is not None else None
        self.key = _clip(key, 200) if key else key
        key = self.key
        allowed = _clip(allowed, 2000) if allowed else allowed
        problem = _clip(str(problem))
        self.problem = problem
        self.allowed = allowed
        super().__init__(self._text())

    def __reduce__(self):
        # a worker process raises it and the parent re-creates it: from its fields, not its text
        return (_rebuild, (type(self), self.__dict__.copy(), self.args))

    def _text(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.key:
            parts.append(t("errors.key", key=self.key))
        head = ": ".join(parts) if parts else t("errors.input")
        message = f"{head}: {self.problem}"
        if self.allowed:
            message += t("errors.allowed", allowed=self.allowed)
        return message

    @property
    def problems(self) -> list[InputError]:
        return [self]

    def at(self, file: object = None, prefix: str | None = None) -> InputError:
        """The same problem attributed to ``file`` (if it named none) under key ``prefix``."""
        key = self.key if not prefix else (f"{prefix}.{self.key}" if self.key else prefix)
        return InputError(self.file or file, key, self.problem, self.allowed)


class InputErrors(InputError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[InputError]):
        self.errors = [p for e in errors for p in e.problems]
        first = self.errors[0]
        super().__init__(first.file, first.key, first.problem, first.allowed)
        self.args = ("\n".join(str(e) for e in self.errors),)

    def __str__(self) -> str:
        return self.args[0]

    @property
    def problems(self) -> list[InputError]:
        return list(self.errors)

    def at(self, file: object = None, prefix: str | None = None) -> InputError:
        return InputErrors([e.at(file, prefix) for e in self.errors])


def combine(errors: list[InputError]) -> InputError:
    """One error for a list of problems (raise it only when the list is not empty)."""
    return errors[0] if len(errors) == 1 else InputErrors(errors)


def closest(name: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.5)
    return matches[0] if matches else None


def one_of(options: Iterable[str]) -> str:
    return ", ".join(sorted(str(o) for o in options))


def did_you_mean(name: object, options: Iterable[str]) -> str:
    hint = closest(str(name), options)
    return t("errors.did_you_mean", hint=hint) if hint else ""


def at_line(file: object, line: int) -> str:
    """Where a problem sits in a table: ``FILE line N`` (a CSV line or a spreadsheet row)."""
    return t("errors.at_line", file=file, line=line)


def env_cap(name: str, default: int) -> int:
    """A size cap: the whole number in ``BINJAI_SIM_<name>`` if set, else ``default``
    (``binjai_sim/runs/limits.py`` lists every cap)."""
    import os

    text = os.environ.get(f"BINJAI_SIM_{name}")
    if text is None or not text.strip():
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise InputError(None, f"BINJAI_SIM_{name}", t("limits.not_whole", value=repr(text))) from None
    if value < 1:
        raise InputError(None, f"BINJAI_SIM_{name}", t("limits.at_least_one", value=value))
    return value


def explain(exc, file: object, root: type | None = None, prefix: str | None = None) -> InputError:
    """Every problem of a pydantic ValidationError as InputErrors naming file and key.

    ``root`` is the model that was validated, used to list the valid keys (and suggest the
    closest) where a key is unknown; ``prefix`` is put before each key.
    """
    found = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        tags = _tags(root, loc)
        loc = [p for p in loc if p not in tags]  # pydantic puts a union member's tag in the path
        key = ".".join(([prefix] if prefix else []) + loc) or prefix
        found.append(_one(err, file, key, root, loc))
    return combine(found)


def _one(err: dict, file: object, key: str | None, root, loc: list[str]) -> InputError:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        model = model_at(root, loc[:-1]) if root else None
        valid = list(model.model_fields) if model else []
        problem = t("errors.unknown_key", name=loc[-1]) + did_you_mean(loc[-1], valid)
        return InputError(file, key, problem, one_of(valid) if valid else None)
    if kind == "missing":
        return InputError(file, key, t("errors.missing_key"))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = ctx.get("expected_tags", "")
        tag = ctx.get("discriminator", "").strip("'")
        return InputError(file, f"{key}.{tag}" if key else tag, t("errors.unknown_tag", tag=tag or "kind"),
                          str(expected).replace("'", ""))
    allowed = None
    if "expected" in ctx:
        allowed = str(ctx["expected"]).replace(" or ", t("errors.or"))
    elif {"ge", "le"} <= set(ctx):
        allowed = t("errors.range", low=ctx["ge"], high=ctx["le"])
    elif "ge" in ctx:
        allowed = f">= {ctx['ge']}"
    elif "gt" in ctx:
        allowed = f"> {ctx['gt']}"
    elif "le" in ctx:
        allowed = f"<= {ctx['le']}"
    elif "lt" in ctx:
        allowed = f"< {ctx['lt']}"
    msg = err["msg"].removeprefix("Value error, ")
    if kind == "finite_number":
        msg = t("errors.not_finite")
    elif kind in PYDANTIC_KINDS:  # pydantic's own wording is English only
        msg = t(f"errors.kind.{PYDANTIC_KINDS[kind]}")
    given = err.get("input")
    marker = t("errors.given", value="").rstrip(" )")
    if not isinstance(given, (dict, list)) and marker not in msg:
        msg += t("errors.given", value=short(given))
    return InputError(file, key, msg, allowed)


PYDANTIC_KINDS = {  # pydantic error type -> a message of the catalogue (errors.kind.*)
    "float_parsing": "number", "float_type": "number", "int_parsing": "whole_number", "int_type": "whole_number",
    "int_from_float": "whole_number", "bool_parsing": "boolean", "bool_type": "boolean", "string_type": "text",
    "list_type": "list", "dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping",
    "literal_error": "choice", "enum": "choice", "greater_than": "range", "greater_than_equal": "range",
    "less_than": "range", "less_than_equal": "range", "string_pattern_mismatch": "pattern",
    "string_too_long": "too_long", "too_short": "too_few", "too_long": "too_many", "tuple_type": "list",
}


def _tags(root, loc: list[str]) -> set[str]:
    """Names pydantic inserts into an error path for the member of a tagged union."""
    out: set[str] = set()
    candidates = _members(root)
    for part in loc:
        if part.isdigit():
            continue
        owners = [m for m in candidates if part in m.model_fields]
        if not owners:
            chosen = [m for m in candidates if part in _literals(m)]
            if chosen:  # a tag: keep only the member it names
                out.add(part)
                candidates = chosen
            continue
        candidates = _members(owners[0].model_fields[part].annotation)
    return out


def model_at(root, loc: list[str]):
    """The pydantic model class that sits at a location, to list its valid keys."""
    candidates = _members(root)
    for part in loc:
        if part.isdigit():
            continue
        owners = [m for m in candidates if part in m.model_fields]
        if owners:
            candidates = _members(owners[0].model_fields[part].annotation)
        else:
            candidates = [m for m in candidates if part in _literals(m)] or candidates
    return candidates[0] if len(candidates) == 1 else None


def _literals(model) -> set[str]:
    """String literal values of a model's fields (a tagged union's tag is one of them)."""
    values = set()
    for info in model.model_fields.values():
        if typing.get_origin(info.annotation) is typing.Literal:
            values.update(str(a) for a in typing.get_args(info.annotation))
    return values


def _members(annotation) -> list:
    """The models inside ``M``, ``list[M]``, ``M | None``, ``A | B``, ``dict[str, M]``."""
    if annotation is None:
        return []
    if _is_model(annotation):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found.extend(_members(arg))
    return found


def _is_model(x) -> bool:
    from pydantic import BaseModel

    return isinstance(x, type) and issubclass(x, BaseModel)


def _rebuild(kind: type, fields: dict, args: tuple) -> InputError:
    error = Exception.__new__(kind)
    error.__dict__.update(fields)
    error.args = args
    return error


def collecting(problems: list):
    """A runner of steps that returns a step's result, or None with its problems added to
    ``problems``: a command reports every problem at once instead of the first."""
    def attempt(step, *arguments):
        try:
            return step(*arguments)
        except InputError as exc:
            problems.extend(exc.problems)
            return None
    return attempt
