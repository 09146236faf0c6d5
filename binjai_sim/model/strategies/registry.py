"""Strategy names -> classes, and building strategies from scenario entries."""

from __future__ import annotations

from pydantic import ValidationError

from binjai_sim.base.errors import InputError, combine, did_you_mean, explain, one_of, short
from binjai_sim.base.i18n import t

from .base import Strategy

REGISTRY: dict[str, type[Strategy]] = {}
GROUPS: tuple[str, ...] = ("political", "resources", "institutional")  # the catalogue's order


def register(cls: type[Strategy]) -> type[Strategy]:
    REGISTRY[cls.name] = cls
    return cls


def message_keys() -> set[str]:
    """Every catalogue key a registered strategy can ask for (its name, group and levers)."""
    return {key for cls in REGISTRY.values() for key in cls.message_keys()}


def in_catalogue_order(group: str = "all") -> list[str]:
    """The registered strategies of ``group`` ("all": every one), group by group and, within a
    group, in the order their module declares them: the order packages and tables list them."""
    names = [n for n in REGISTRY if group in ("all", REGISTRY[n].group)]
    return sorted(names, key=lambda n: GROUPS.index(REGISTRY[n].group))


def expand(entries: object, label: str) -> object:
    """A package's ``strategies: {catalogue: all, start: 2017-03}`` (or a group instead of
    ``all``) as the list of entries it stands for, each with the settings given beside
    ``catalogue``; so the all-strategies package follows the registry instead of repeating it.
    Anything else is returned as it is, for the schema to judge."""
    if not isinstance(entries, dict) or "catalogue" not in entries:
        return entries
    settings = dict(entries)
    group = settings.pop("catalogue")
    allowed = ("all", *GROUPS)
    if group not in allowed:
        raise InputError(label, "strategies.catalogue", t("helpwords.catalogue_group", value=short(group)),
                         ", ".join(allowed))
    if "name" in settings:
        raise InputError(label, "strategies.name", t("helpwords.catalogue_name"))
    return [{"name": name, **settings} for name in in_catalogue_order(group)]


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
