"""Sweeps that cover the strategy catalogue (``cover_catalogue: true``): a strategy the file does
not list is appended when the sweep is loaded, so a strategy added to the registry is screened
without editing the sweep file."""

from __future__ import annotations

from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.model.strategies.registry import in_catalogue_order
from binjai_sim.scenario import overrides
from binjai_sim.scenario.strategy_priors import load_strategy_priors


def _listed(parameters: object) -> set[str]:
    """The canonical paths the file lists; an entry the schema will refuse is left to it."""
    paths = set()
    for item in parameters if isinstance(parameters, list) else []:
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            try:
                paths.add(".".join(text for text, _ in overrides.parse(item["path"])))
            except (InputError, ValueError):
                continue
    return paths


def cover_catalogue(data: dict, path: Path) -> None:
    """Take ``cover_catalogue`` out of a sweep file's mapping and, when true, append to its
    parameters every registered strategy's intensity (a lever over [0, 1]) and each of its
    declared-uncertain parameters (an assumption over its prior's range) the file does not list,
    in catalogue order. A file that lists them all loads exactly as written."""
    if "cover_catalogue" not in data:
        return
    wanted = data.pop("cover_catalogue")
    if not isinstance(wanted, bool):
        raise InputError(path, "cover_catalogue", t("sixteen.sweep.cover_catalogue"), "true, false")
    if not wanted or not isinstance(data.get("parameters"), list):
        return
    listed = _listed(data["parameters"])
    priors = None
    for name in in_catalogue_order():
        if f"strategies.{name}.intensity" not in listed:
            data["parameters"].append({"path": f"strategies.{name}.intensity", "name": name, "bounds": [0, 1],
                                       "group": "lever"})
        for key in REGISTRY[name].uncertain:
            if f"strategies.{name}.{key}" not in listed:
                priors = load_strategy_priors() if priors is None else priors
                prior = priors[name][key]
                data["parameters"].append({"path": f"strategies.{name}.{key}", "name": f"{name}_{key}",
                                           "bounds": [prior.low, prior.high], "group": "assumption"})
