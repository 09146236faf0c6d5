"""The optional features, the extra that installs each, and the check a command makes first.

The core install runs, compares and calibrates; a feature that needs a large or rarely used
package (the workshop's browser page, the survey's structural equations, Dask, scenario
discovery) names its extra, so a missing package is a clear instruction, not a traceback.
"""

from __future__ import annotations

from importlib.util import find_spec

from .errors import InputError
from .i18n import t

EXTRAS: dict[str, tuple[str, ...]] = {  # extra -> the modules it provides (as imported)
    "workshop": ("solara", "ipyvue", "ipyvuetify"),
    "survey": ("semopy",),
    "dask": ("dask", "distributed"),
    "discovery": ("ema_workbench", "sklearn"),
}


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here (found without importing them)."""
    return [module for module in EXTRAS[extra] if find_spec(module) is None]


def require(extra: str, option: str | None = None) -> None:
    """Raise an input error (exit 2) naming the feature, the extra and the pip command when
    ``extra`` is not installed; ``option`` is the flag that asked for it."""
    absent = missing(extra)
    if absent:
        raise InputError(None, option, t("extras.missing", feature=t(f"extras.feature.{extra}"),
                                         modules=", ".join(absent), extra=extra),
                         t("extras.install", command=f'pip install "binjai-sim[{extra}]"'))
