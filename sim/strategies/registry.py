"""Strategy names -> classes, and building strategies from scenario entries."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import InputError, combine, did_you_mean, explain, one_of, short
from ..i18n import t
from .base import Strategy

REGISTRY: dict[str, type[Strategy]] = {}


def register(cls: type[Strategy]) -> type[Strategy]:
    REGISTRY[cls.name] = cls
    return cls


def message_keys() -> set[str]:
    """Every catalogue key a registered strategy can ask for (its name, group and levers)."""
    return {key for cls in REGISTRY.values() for key in cls.message_keys()}


def build_strategies(items: list[dict], label: str) -> list[Strategy]:
    """Strategy objects for a scenario's ``strategies:`` entries; every problem reported at once."""
    built, problems = [], []
    for i, item in enumerate(items):
        key = f"strategies.{i}"
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str):
            given = "" if name is None else t("errors.given", value=short(name))
            problems.append(InputError(label, f"{key}.name", t("strategy.needs_name") + given, one_of(REGISTRY)))
            continue
        cls = REGISTRY.get(name)
        if cls is None:
            problems.append(InputError(label, f"{key}.name", t("strategy.unknown", name=short(name))
                                       + did_you_mean(name, REGISTRY), one_of(REGISTRY)))
            continue
        try:
            built.append(cls.from_dict(item))
        except ValidationError as exc:
            problems.append(explain(exc, label, cls, prefix=key))
    if problems:
        raise combine(problems)
    return built
