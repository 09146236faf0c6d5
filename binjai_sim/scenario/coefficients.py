"""Survey coefficients (beta_k of the sustainability score) with their provenance."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from binjai_sim.base.errors import InputError, explain
from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import FACTORS

from .yamlfile import read_yaml


class FactorCoefficient(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    estimate: float = Field(ge=-5, le=5)
    se: float | None = Field(None, ge=0, le=100)
    interval: tuple[float, float] | None = None
    p_value: float | None = Field(None, ge=0, le=1)
    t_value: float | None = None
    significant: bool
    sign: str = Field(pattern="^(positive|negative)$")
    magnitude: str = Field("assumption", description="'assumption' or 'estimated'")

    @model_validator(mode="after")
    def _consistent(self):
        if self.se is None and self.interval is None:
            raise ValueError(t("helpwords.error.se_or_interval"))
        if self.estimate != 0 and (self.estimate > 0) != (self.sign == "positive"):
            raise ValueError(t("helpwords.error.contradicts_sign", estimate=self.estimate, sign=self.sign))
        return self


class CoefficientFile(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    source: dict
    status: dict
    factors: dict[str, FactorCoefficient]
    fit: dict | None = None
    reliability: dict | None = None

    @model_validator(mode="after")
    def _all_factors(self):
        missing = [f for f in FACTORS if f not in self.factors]
        unknown = [f for f in self.factors if f not in FACTORS]
        if missing or unknown:
            raise ValueError(
                t("helpwords.error.factors", needed=", ".join(FACTORS))
                + (t("helpwords.error.missing", names=", ".join(missing)) if missing else "")
                + (t("helpwords.error.unknown", names=", ".join(unknown)) if unknown else "")
            )
        return self


def load_coefficients(path: Path, referrer: tuple[str, str] | None = None) -> CoefficientFile:
    """The coefficients file; ``referrer`` (file, key) is named when the path is not one."""
    data = read_yaml(path, "coefficients file", referrer)
    if not isinstance(data, dict) or "factors" not in data:
        file, key = referrer or (path, None)
        raise InputError(file, key, t("msg.coefficients.not_file", path=path))
    try:
        return CoefficientFile.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, path, CoefficientFile) from None

