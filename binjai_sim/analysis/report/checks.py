"""What a run's or a comparison's output folder must hold for a report, checked as each file is read.

A folder that was damaged (a file cut short, edited by hand) or that another program wrote is
refused with one sentence naming the file and key, before any table or figure is made, instead
of failing half-way through the report.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from binjai_sim.base.errors import InputError, short
from binjai_sim.base.i18n import LANGS, t

# what tables.py and the figures read from a run's summary.json, by the kind each must be
SUMMARY = {"scenario": str, "horizon": dict, "apps_total": int, "replicates": int, "seed": int,
           "apps_active": dict, "apps_degraded": dict, "apps_live": dict, "checkpoints": dict,
           "deaths_by_cause": dict, "deaths_total": dict, "mean_app_lifetime_years": dict}
OUTLOOK = ("app", "date", "why", "p_live", "p_active", "p_closed", "most_likely_cause", "p_most_likely_cause")
SERIES = ("replicate", "date", "active", "degraded", "dead", "citizens_using")
COMPARED_SERIES = ("scenario", "replicate", "date", "active")
EVENTS = ("replicate", "date", "kind", "app", "cause")
KINDS = {str: "text", dict: "mapping", list: "list", int: "whole", float: "number"}
# the summary's statistics: every number in them is drawn or printed, so each must be finite
STATISTICS = ("apps_active", "apps_degraded", "apps_live", "deaths_by_cause", "deaths_total",
              "mean_app_lifetime_years")
TEXT_KEYS = ("note",)  # the statistics' words beside their numbers


def _kind(value: object) -> str:
    return t(f"report.damaged.kind.{KINDS.get(type(value), 'other')}")


def _require(path: Path, key: str, value: object, kind: type) -> object:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InputError(path, key, t("report.damaged.key", kind=t(f"report.damaged.kind.{KINDS[kind]}")))
    return value


def json_object(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, None, t("report.damaged.json", detail=short(str(exc), 60))) from None
    if not isinstance(data, dict):
        raise InputError(path, None, t("report.damaged.mapping", found=_kind(data)))
    return data


def _finite(path: Path, key: str, value: object) -> None:
    """Every number under ``key`` is a finite number (JSON lets NaN and Infinity through)."""
    if isinstance(value, dict):
        for name, inner in value.items():
            if name not in TEXT_KEYS:
                _finite(path, f"{key}.{name}", inner)
    elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(path, key, t("report.damaged.key", kind=t("report.damaged.kind.number")))


def summary(path: Path) -> dict:
    data = json_object(path)
    for key, kind in SUMMARY.items():
        _require(path, key, data.get(key), kind)
    for key in ("start", "end"):
        _require(path, f"horizon.{key}", data["horizon"].get(key), str)
    for key in STATISTICS:
        _finite(path, key, data[key])
    return data


def manifest(path: Path) -> dict:
    data = json_object(path)
    lang = data.get("lang")
    if lang is not None and lang not in LANGS:
        raise InputError(path, "lang", t("report.damaged.lang", lang=short(str(lang), 40)), ", ".join(LANGS))
    return data


def comparison_manifest(path: Path) -> dict:
    data = manifest(path)
    scenarios = _require(path, "scenarios", data.get("scenarios"), list)
    for n, entry in enumerate(scenarios):
        _require(path, f"scenarios[{n}]", entry, dict)
        _require(path, f"scenarios[{n}].name", entry.get("name"), str)
    if not scenarios:
        raise InputError(path, "scenarios", t("report.damaged.empty"))
    return data


def resolved(path: Path, data: object) -> tuple[dict, list[dict]]:
    """The scenario and inventory of ``scenario_resolved.yaml`` (already parsed): a scenario file
    whose inventory is a copy in the run folder's ``inputs/``, or, in folders written before it
    became one, a mapping of ``scenario`` and ``inventory``."""
    if not isinstance(data, dict):
        raise InputError(path, None, t("report.damaged.mapping", found=_kind(data)))
    if "scenario" in data:
        scenario = _require(path, "scenario", data.get("scenario"), dict)
        inventory = _require(path, "inventory", data.get("inventory"), list)
    else:
        from binjai_sim.base.calendar import format_month
        from binjai_sim.scenario.inventory import load_inventory

        scenario = data
        apps = _require(path, "apps", scenario.get("apps"), dict)
        listed = _require(path, "apps.inventory", apps.get("inventory"), str)
        inventory = [{**a.__dict__, "launch": format_month(a.launch),
                      "redesign": format_month(a.redesign) if a.redesign is not None else None}
                     for a in load_inventory(path.parent / listed)]
    prefix = "scenario." if "scenario" in data else ""
    city = _require(path, f"{prefix}city", scenario.get("city"), dict)
    _require(path, f"{prefix}city.name", city.get("name"), str)
    for n, app in enumerate(inventory):
        _require(path, f"inventory[{n}]", app, dict)
        _require(path, f"inventory[{n}].name", app.get("name"), str)
    return scenario, inventory


def table(path: Path, columns: tuple[str, ...] = (), rows: bool = False, **read) -> pd.DataFrame:
    """A CSV or Parquet file with at least ``columns`` (and, when ``rows``, at least one row: an
    outlook with no row for a run whose inventory lists apps is a file cut short)."""
    try:
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, **read)
    except pd.errors.EmptyDataError:
        raise InputError(path, None, t("report.damaged.empty")) from None
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(path, None, t("report.damaged.table", detail=short(str(exc), 60))) from None
    gone = [c for c in columns if c not in frame.columns]
    if gone:
        raise InputError(path, None, t("report.damaged.columns", columns=", ".join(gone)))
    if rows and frame.empty:
        raise InputError(path, None, t("report.damaged.empty"))
    return frame
