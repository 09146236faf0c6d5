"""What every schema block is built from: the field types (months, shares, counts) and ``param``,
the field that carries the unit and source the ODD's parameter table shows."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.i18n import t


def _no_bool(value: Any) -> Any:
    """YAML's true/false are not numbers: a share written as ``true`` is a mistake."""
    if isinstance(value, bool):
        raise ValueError(t("helpwords.error.expected_number", value=str(value).lower()))
    return value


Month = Annotated[int, BeforeValidator(parse_month), PlainSerializer(format_month, return_type=str)]
Real = Annotated[float, BeforeValidator(_no_bool)]
Count = Annotated[int, BeforeValidator(_no_bool)]
Share = Annotated[float, BeforeValidator(_no_bool), Field(ge=0.0, le=1.0)]
MAX_HORIZON_MONTHS = 100 * 12


def param(default: Any = ..., *, unit: str, source: str, description: str = "", **bounds) -> Any:
    """A schema field with its unit and source, shown in the ODD's parameter table."""
    return Field(default, description=description, json_schema_extra={"unit": unit, "source": source}, **bounds)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)
