"""Survey coefficients from civil-servant questionnaire data, by structural equation modelling.

Likert items measure five factor constructs and a sustainability construct; the structural
model regresses sustainability on the five factors. semopy fits both and gives standardised
estimates, standard errors and p values; reliability (Cronbach's alpha, composite reliability,
AVE) comes from the items and the standardised loadings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from binjai_sim.base.errors import InputError, explain
from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import FACTORS
from binjai_sim.scenario.yamlfile import read_yaml

OUTCOME = "sustainability"
SIGNIFICANCE = 0.05


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self):
        if self.max <= self.min:
            raise ValueError(t("helpwords.error.scale"))
        return self


class SurveySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scale: Scale
    min_rows: int = Field(30, ge=10)
    constructs: dict[str, list[str]]

    @model_validator(mode="after")
    def _constructs(self):
        needed = (*FACTORS, OUTCOME)
        missing = [c for c in needed if c not in self.constructs]
        unknown = [c for c in self.constructs if c not in needed]
        if missing or unknown:
            raise ValueError(t("helpwords.error.constructs", needed=", ".join(needed))
                             + (t("helpwords.error.missing", names=", ".join(missing)) if missing else "")
                             + (t("helpwords.error.unknown", names=", ".join(unknown)) if unknown else ""))
        for name, items in self.constructs.items():
            if len(items) < 2:
                raise ValueError(t("helpwords.error.two_items", name=name))
        every = [i for items in self.constructs.values() for i in items]
        if len(set(every)) != len(every):
            raise ValueError(t("helpwords.error.item_twice"))
        return self


def load_spec(path: Path) -> SurveySpec:
    data = read_yaml(path, "survey spec")
    try:
        return SurveySpec.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, path, SurveySpec) from None


def load_responses(path: Path, spec: SurveySpec) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(path, None, t("msg.survey.not_found"))
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(path, None, t("msg.survey.not_csv", reason=exc)) from None
    items = [i for items in spec.constructs.values() for i in items]
    for item in items:
        if item not in frame.columns:
            raise InputError(path, item, t("msg.survey.item_missing"), ", ".join(items))
    data = frame[items]
    for item in items:
        numeric = pd.to_numeric(data[item], errors="coerce")
        bad = data[item][numeric.isna()]
        if len(bad):
            raise InputError(path, item, t("msg.survey.not_number", answer=repr(bad.iloc[0]), row=bad.index[0] + 2),
                             t("msg.survey.scale", low=spec.scale.min, high=spec.scale.max))
        off = numeric[(numeric < spec.scale.min) | (numeric > spec.scale.max) | (numeric % 1 != 0)]
        if len(off):
            raise InputError(path, item, t("msg.survey.off_scale", answer=f"{off.iloc[0]:g}", row=off.index[0] + 2),
                             t("msg.survey.scale", low=spec.scale.min, high=spec.scale.max))
    if len(data) < spec.min_rows:
        raise InputError(path, None, t("msg.survey.too_few", count=len(data), needed=spec.min_rows))
    return data.apply(pd.to_numeric).astype(float)


@dataclass
class Estimate:
    n: int
    coefficients: dict[str, dict]  # factor -> estimate, se, t_value, p_value, significant, sign
    r_squared: float
    reliability: dict[str, dict] = field(default_factory=dict)
    fit_indices: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        rows = [f"n = {self.n}, R^2({OUTCOME}) = {self.r_squared:.3f}",
                "factor          estimate     se      t       p     sig"]
        for name, c in self.coefficients.items():
            rows.append(f"{name:<15}{c['estimate']:>8.3f}{c['se']:>8.3f}{c['t_value']:>8.2f}{c['p_value']:>8.3f}"
                        f"   {'yes' if c['significant'] else 'no'}")
        for name, r in self.reliability.items():
            rows.append(f"{name:<15}alpha {r['cronbach_alpha']:.3f}  CR {r['composite_reliability']:.3f}  "
                        f"AVE {r['ave']:.3f}")
        return "\n".join(rows)


def model_description(spec: SurveySpec) -> str:
    lines = [f"{name} =~ {' + '.join(items)}" for name, items in spec.constructs.items()]
    lines.append(f"{OUTCOME} ~ {' + '.join(FACTORS)}")
    return "\n".join(lines)


def cronbach_alpha(items: pd.DataFrame) -> float:
    k = items.shape[1]
    return float(k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1)))


def estimate(data: pd.DataFrame, spec: SurveySpec) -> Estimate:
    import semopy

    model = semopy.Model(model_description(spec))
    model.fit(data)
    table = model.inspect(std_est=True)
    structural = table[(table["op"] == "~") & (table["lval"] == OUTCOME)].set_index("rval")
    coefficients = {}
    for factor in FACTORS:
        row = structural.loc[factor]
        raw, std = float(row["Estimate"]), float(row["Est. Std"])
        se_raw = float(row["Std. Err"])
        se = abs(se_raw * std / raw) if raw != 0 else se_raw  # delta method: same z for the standardised value
        p = float(row["p-value"])
        coefficients[factor] = {"estimate": std, "se": se, "t_value": float(row["z-value"]), "p_value": p,
                                "significant": p < SIGNIFICANCE, "sign": "positive" if std >= 0 else "negative"}
    resid = table[(table["op"] == "~~") & (table["lval"] == OUTCOME) & (table["rval"] == OUTCOME)]
    r_squared = float(1.0 - resid["Est. Std"].iloc[0])
    loadings = table[table["op"] == "~"]
    reliability = {}
    for name, items in spec.constructs.items():
        lam = loadings[(loadings["rval"] == name) & loadings["lval"].isin(items)]["Est. Std"].to_numpy(float)
        total = lam.sum() ** 2
        reliability[name] = {
            "cronbach_alpha": cronbach_alpha(data[items]),
            "composite_reliability": float(total / (total + np.sum(1 - lam**2))),
            "ave": float(np.mean(lam**2)),
        }
    try:
        stats = semopy.calc_stats(model).T.iloc[:, 0]
        fit_indices = {k: float(stats[k]) for k in ("CFI", "TLI", "RMSEA") if k in stats}
    except Exception:  # noqa: BLE001 - fit indices are a courtesy; the estimates stand without them
        fit_indices = {}
    return Estimate(len(data), coefficients, r_squared, reliability, fit_indices)


def to_coefficients_yaml(est: Estimate, responses: Path, spec_path: Path) -> str:
    digest = hashlib.sha256(responses.read_bytes()).hexdigest()
    body = {
        "source": {"method": "structural equation model (semopy), standardised estimates",
                   "file": str(responses), "sha256": digest, "spec": str(spec_path), "n": est.n,
                   "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")},
        "status": {"signs": "estimated", "significance": f"estimated (p < {SIGNIFICANCE})",
                   "magnitudes": "estimated"},
        "fit": {"r_squared": round(est.r_squared, 6), **{k: round(v, 6) for k, v in est.fit_indices.items()}},
        "reliability": {k: {m: round(v, 6) for m, v in r.items()} for k, r in est.reliability.items()},
        "factors": {f: {"estimate": round(c["estimate"], 6), "se": round(c["se"], 6),
                        "t_value": round(c["t_value"], 6), "p_value": round(c["p_value"], 6),
                        "significant": bool(c["significant"]), "sign": c["sign"], "magnitude": "estimated"}
                    for f, c in est.coefficients.items()},
    }
    return ("# Estimated by `binjai-sim calibrate survey`; use it with `coefficients: {file: <this file>}`.\n"
            + yaml.safe_dump(body, sort_keys=False))


def synthetic_responses(betas: dict[str, float], n: int, seed: int, items_per_construct: int = 3,
                        loading: float = 0.8, scale: tuple[int, int] = (1, 7),
                        factor_correlation: float = 0.2) -> pd.DataFrame:
    """Questionnaire answers generated from known standardised path coefficients (for tests and demos)."""
    rng = np.random.default_rng(seed)
    k = len(FACTORS)
    cov = np.full((k, k), factor_correlation) + np.eye(k) * (1 - factor_correlation)
    latent = rng.multivariate_normal(np.zeros(k), cov, size=n)
    b = np.array([betas[f] for f in FACTORS])
    explained = b @ cov @ b
    if explained >= 1:
        raise ValueError("path coefficients explain more than all the variance")
    outcome = latent @ b + rng.normal(0, np.sqrt(1 - explained), size=n)
    columns = {}
    levels = scale[1] - scale[0] + 1
    cuts = np.linspace(-2.0, 2.0, levels - 1)
    for j, name in enumerate((*FACTORS, OUTCOME)):
        score = outcome if name == OUTCOME else latent[:, j]
        for i in range(1, items_per_construct + 1):
            x = loading * score + np.sqrt(1 - loading**2) * rng.normal(size=n)
            columns[f"{name[:3]}{i}"] = scale[0] + np.searchsorted(cuts, x)
    return pd.DataFrame(columns)
