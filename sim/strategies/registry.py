"""Strategy names -> classes, and building strategies from scenario entries."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import InputError, closest, one_of, short
from .base import Strategy

REGISTRY: dict[str, type[Strategy]] = {}


def register(cls: type[Strategy]) -> type[Strategy]:
    REGISTRY[cls.name] = cls
    return cls


def build_strategies(items: list[dict], label: str) -> list[Strategy]:
    built = []
    for i, item in enumerate(items):
        key = f"strategies.{i}"
        if not isinstance(item, dict) or "name" not in item:
            raise InputError(label, key, "each strategy needs a 'name'", one_of(REGISTRY) or "none registered")
        name = item["name"]
        cls = REGISTRY.get(name)
        if cls is None:
            hint = closest(str(name), REGISTRY)
            raise InputError(label, f"{key}.name", f"unknown strategy {name!r}"
                             + (f"; did you mean {hint!r}?" if hint else ""),
                             one_of(REGISTRY) or "none registered")
        try:
            built.append(cls.from_dict(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            sub = ".".join(str(p) for p in err["loc"])
            allowed = None
            if err["type"] == "extra_forbidden":
                allowed = one_of(["name", *cls.model_fields])
            raise InputError(label, f"{key}.{sub}", err["msg"].removeprefix("Value error, ")
                             + f" (given: {short(err.get('input'))})", allowed) from None
    return built
