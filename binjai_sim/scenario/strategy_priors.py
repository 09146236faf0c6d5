"""Priors on the strategies' effect sizes and costs (``calibration/strategy_priors.yaml``).

A comparison that draws parameter sets from the calibration's posterior can draw each strategy's
effect sizes and costs from these priors too, so that a verdict carries the uncertainty of what a
strategy does as well as of how the city works. A draw is a set of scenario changes, in the one
overrides grammar (``strategies[long_term_plan].floor``), and names only strategies the scenario
holds: a baseline without strategies gets none, so the arms of a comparison stay paired.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from binjai_sim.base.errors import InputError, explain
from binjai_sim.base.i18n import t
from binjai_sim.model.strategies import REGISTRY

from .yamlfile import read_yaml

FIXED = ("start", "end", "intensity", "funding")  # a planner's choices, not uncertain effects
BY_RULE = "ASSUMPTION (by rule)"  # the source of a range the file's header rule gives
DEFAULT_FILE = Path(__file__).resolve().parents[2] / "calibration" / "strategy_priors.yaml"


class Range(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    low: float
    high: float
    scale: str = Field("linear", pattern="^(linear|log)$")
    source: str = Field(min_length=1)
    derivation: str | None = Field(None, min_length=1)  # how a cited source gives this range
    # the same two texts for a Bahasa Indonesia reader: a regulation keeps its own name and
    # numbers, the words around them and the number formatting are Bahasa
    source_id: str | None = Field(None, min_length=1)
    derivation_id: str | None = Field(None, min_length=1)

    @property
    def cited(self) -> bool:
        return not self.source.strip().upper().startswith("ASSUMPTION")

    def basis(self, lang: str) -> str:
        """The source as a reader of ``lang`` sees it: the Bahasa text where the file gives one."""
        return self.source_id if lang == "id" and self.source_id else self.source

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low < self.high:
            raise ValueError(t("helpwords.error.low_below_high"))
        if self.scale == "log" and self.low <= 0:
            raise ValueError(t("helpwords.error.log_scale"))
        return self

    def draw(self, rng: np.random.Generator) -> float:
        if self.scale == "log":
            return float(np.exp(rng.uniform(np.log(self.low), np.log(self.high))))
        return float(rng.uniform(self.low, self.high))


def load_strategy_priors(path: Path | None = None) -> dict[str, dict[str, Range]]:
    """Every range, checked against the strategy catalogue: each strategy and parameter exists,
    the catalogue's value lies inside the range, the range inside what the parameter allows, and a
    range that cites a source says how it follows from it."""
    path = DEFAULT_FILE if path is None else path  # read at call time, so a test can point elsewhere
    data = read_yaml(path, "strategy priors")
    if not isinstance(data, dict):
        raise InputError(path, None, t("strategy_priors.not_mapping"))
    out: dict[str, dict[str, Range]] = {}
    for name, params in data.items():
        if name not in REGISTRY:
            raise InputError(path, str(name), t("strategy_priors.not_strategy"), ", ".join(sorted(REGISTRY)))
        cls = REGISTRY[name]
        if not isinstance(params, dict):
            raise InputError(path, str(name), t("strategy_priors.not_ranges"))
        out[name] = {}
        for key, spec in params.items():
            if key not in cls.model_fields or key in FIXED:
                allowed = ", ".join(k for k in cls.model_fields if k not in FIXED)
                raise InputError(path, f"{name}.{key}", t("strategy_priors.not_effect"), allowed)
            try:
                rng = Range.model_validate(spec)
            except ValidationError as error:
                raise explain(error, path, Range, f"{name}.{key}") from None
            if rng.cited and rng.derivation is None:
                raise InputError(path, f"{name}.{key}.derivation", t("costs.needs_derivation"))
            if rng.source_id is not None and rng.cited and rng.derivation_id is None:
                raise InputError(path, f"{name}.{key}.derivation_id", t("wordfix.priors.needs_derivation_id"))
            if rng.derivation_id is not None and rng.source_id is None:
                raise InputError(path, f"{name}.{key}.source_id", t("wordfix.priors.needs_source_id"))
            default = cls.model_fields[key].default
            if not rng.low <= default <= rng.high:
                raise InputError(path, f"{name}.{key}", t("strategy_priors.outside", value=default, low=rng.low,
                                                            high=rng.high))
            for bound in (rng.low, rng.high):
                try:
                    cls.model_validate({key: bound})
                except ValidationError:
                    raise InputError(path, f"{name}.{key}",
                                     t("strategy_priors.beyond", bound=bound)) from None
            out[name][key] = rng
    for name, cls in REGISTRY.items():  # a declared-uncertain parameter the file leaves out: the rule
        for key in cls.uncertain:
            if key not in out.get(name, {}):
                out.setdefault(name, {})[key] = rule_range(cls, key, path)
    return out


def _field_bounds(info) -> tuple[float, float]:
    """What the parameter allows (its ``ge`` and ``le``), so a rule's range never leaves it."""
    lows = [rule.ge for rule in info.metadata if getattr(rule, "ge", None) is not None]
    highs = [rule.le for rule in info.metadata if getattr(rule, "le", None) is not None]
    return max(lows, default=-np.inf), min(highs, default=np.inf)


def rule_range(cls, key: str, path: Path | str = DEFAULT_FILE) -> Range:
    """The file's ASSUMPTION rule for a parameter it gives no range: half to double the catalogue's
    value on a log scale for money (a name ending ``_rp``), half to one and a half for a share,
    capped to what the parameter allows. Existing entries win: the rule fills only the gaps."""
    info = cls.model_fields.get(key)
    if info is None or key in FIXED or info.annotation is not float:
        allowed = ", ".join(k for k, f in cls.model_fields.items() if k not in FIXED and f.annotation is float)
        raise InputError(path, f"{cls.name}.{key}", t("sixteen.priors.not_uncertain"), allowed)
    value = float(info.default)
    money = key.endswith("_rp")
    if value <= 0:
        raise InputError(path, f"{cls.name}.{key}", t("sixteen.priors.rule_needs_positive", value=value))
    low, high = _field_bounds(info)
    # ten significant digits, so 0.3 x 1.5 is the file's 0.45 and not the float product's 0.4499...
    span = [float(f"{x:.10g}") for x in (max(value / 2, low), min(value * (2.0 if money else 1.5), high))]
    return Range(low=span[0], high=span[1], scale="log" if money else "linear", source=BY_RULE)


def strategy_changes(scenario_strategies: list[str], priors: dict[str, dict[str, Range]],
                     rng: np.random.Generator) -> dict[str, float]:
    """One draw: changes for the strategies the scenario holds. Every strategy of the catalogue
    takes its draws from ``rng`` in catalogue order whether or not the scenario holds it, so two
    scenarios given the same seed draw the same value for a strategy they share."""
    held = set(scenario_strategies)
    changes = {}
    for name in sorted(priors):
        for key in sorted(priors[name]):
            value = priors[name][key].draw(rng)
            if name in held:
                changes[f"strategies[{name}].{key}"] = value
    return changes


def _shown(key: str, x: float) -> str:
    return f"Rp{x / 1e6:.3g} m" if key.endswith("_rp") else f"{x:g}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")  # a pipe would split a Markdown table's cell


def sources_table(priors: dict[str, dict[str, Range]]) -> str:
    """The Markdown table docs/strategies.md shows, one row per range in the file's order, so the
    page cannot drift from the file (tests/test_prior_sources.py compares them)."""
    lines = ["| strategy | parameter | range | catalogue value | source | derivation |",
             "|---|---|---|---|---|---|"]
    for name, ranges in priors.items():
        for key, r in ranges.items():
            span = f"{_shown(key, r.low)} - {_shown(key, r.high)}" + (" (log scale)" if r.scale == "log" else "")
            value = _shown(key, REGISTRY[name].model_fields[key].default)
            lines.append(f"| `{name}` | `{key}` | {span} | {value} | {_cell(r.source)} "
                         f"| {_cell(r.derivation or '-')} |")
    cited = sum(r.cited for ranges in priors.values() for r in ranges.values())
    total = sum(len(ranges) for ranges in priors.values())
    return "\n".join(lines) + f"\n\n{cited} of {total} ranges cite a source; the rest are ASSUMPTION.\n"
