"""The parameter table of a scenario, generated from the schema: key, value, unit, range, source,
and the submodels that read it (their declarations, ``binjai_sim.model.engine.assemble``).

docs/ODD.md shows it for the baseline (``scripts/make_odd_table.py`` writes it there and a test
checks that it is current), with the values the baseline runs with, calibrated ones included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from binjai_sim.base.calendar import format_month
from binjai_sim.model.engine.assemble import READ_OUTSIDE_THE_ENGINE, readers
from binjai_sim.schema.scenario import Scenario

SKIP = {"name", "label", "description", "lang", "elections", "national", "strategies", "run", "report",
        "sources"}  # tables of their own, or words rather than parameters


@dataclass
class Row:
    key: str
    value: str
    unit: str
    allowed: str
    source: str
    description: str
    calibrated: bool = False
    number: float | None = None  # the value itself, when it is one number (not a month, flag or word)
    low: float | None = None  # the schema's limits of a number (open or closed: ``allowed`` says)
    high: float | None = None


def rows(scenario) -> list[Row]:
    """One row per scalar parameter of the schema, with the scenario's value."""
    fitted = set((scenario.calibrated or {}).get("parameters", {}))
    out: list[Row] = []
    _walk(Scenario, scenario.spec, "", out, fitted)
    return out


def _walk(model: type[BaseModel], value: BaseModel, prefix: str, out: list[Row], fitted: set[str]) -> None:
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        if not prefix and name in SKIP:
            continue
        current = getattr(value, name)
        if isinstance(current, BaseModel):
            _walk(type(current), current, f"{key}.", out, fitted)
            continue
        extra = info.json_schema_extra or {}
        limits = _limits(info)
        numeric = (isinstance(current, int | float) and not isinstance(current, bool)
                   and extra.get("unit") not in ("month", "months"))
        out.append(Row(key=key, value=_show(current, info), unit=extra.get("unit", ""), allowed=_allowed(info),
                       source=extra.get("source", ""), description=info.description or "",
                       calibrated=key in fitted, number=current if numeric else None,
                       low=limits[0][1] if limits[0] else None, high=limits[1][1] if limits[1] else None))


def _show(value, info) -> str:
    if value is None:
        return "none"
    unit = (info.json_schema_extra or {}).get("unit", "")
    if unit == "month" and isinstance(value, int):
        return format_month(value)
    if unit == "months" and isinstance(value, list):
        return ", ".join(format_month(v) for v in value) or "none"
    if unit == "path":
        return Path(value).name
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v, info) if not isinstance(v, float) else f'{v:g}'}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _metadata(info) -> list:
    return list(getattr(info, "metadata", []) or [])


def _limits(info) -> tuple:
    """((ge|gt, low) or None, (le|lt, high) or None) from a field's constraints."""
    low = high = None
    for item in _metadata(info):
        for attr in ("ge", "gt"):
            if getattr(item, attr, None) is not None:
                low = (attr, getattr(item, attr))
        for attr in ("le", "lt"):
            if getattr(item, attr, None) is not None:
                high = (attr, getattr(item, attr))
    return low, high


def _allowed(info) -> str:
    low, high = _limits(info)
    if low and high:
        return f"{'(' if low[0] == 'gt' else '['}{low[1]:g}, {high[1]:g}{')' if high[0] == 'lt' else ']'}"
    if low:
        return f"{'>' if low[0] == 'gt' else '>='} {low[1]:g}"
    if high:
        return f"{'<' if high[0] == 'lt' else '<='} {high[1]:g}"
    return ""


def markdown(scenario) -> str:
    lines = ["| parameter (scenario key) | value | unit | allowed | source | meaning | read by |",
             "|---|---|---|---|---|---|---|"]
    read = readers()
    for r in rows(scenario):
        value = f"**{r.value}** (calibrated)" if r.calibrated else r.value
        by = ", ".join(f"`{name}`" for name in read.get(r.key, ())) or READ_OUTSIDE_THE_ENGINE.get(r.key, "")
        lines.append(f"| `{r.key}` | {value} | {r.unit} | {r.allowed} | {r.source} | {r.description} | {by} |")
    return "\n".join(lines) + "\n"
