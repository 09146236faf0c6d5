"""Reading a run's output folder and a comparison's, with every missing piece named at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, combine, short
from binjai_sim.base.i18n import t
from binjai_sim.scenario.spreadsheet import restored

from . import checks

RUN_FILES = ("summary.json", "manifest.json", "scenario_resolved.yaml", "app_outlook.csv", "series.parquet",
             "events.parquet")
COMPARISON_FILES = ("manifest.json", "comparison.csv", "paired.csv", "metrics.parquet",
                    "series_by_scenario.parquet")


@dataclass
class RunFolder:
    path: Path
    summary: dict
    manifest: dict
    scenario: dict  # the resolved scenario: every value the run used
    inventory: list[dict]
    outlook: pd.DataFrame
    series: pd.DataFrame  # with the model's month index again, for the figures
    events: pd.DataFrame


@dataclass
class ComparisonFolder:
    path: Path
    manifest: dict
    table: pd.DataFrame
    paired: pd.DataFrame
    metrics: pd.DataFrame
    series: dict[str, pd.DataFrame]

    @property
    def names(self) -> list[str]:
        return [s["name"] for s in self.manifest["scenarios"]]

    @property
    def labels(self) -> dict[str, str]:
        return {s["name"]: s.get("label") or s["name"].replace("_", " ") for s in self.manifest["scenarios"]}


def _missing(folder: Path, files: tuple[str, ...], what: str, option: str) -> None:
    if not folder.is_dir():
        raise InputError(folder, None, t("report.no_folder", what=what), option)
    gone = [f for f in files if not (folder / f).is_file()]
    if gone:
        raise combine([InputError(folder / f, None, t("report.missing_file", what=what)) for f in gone])


def _indexed(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A Parquet table with the model's month index again, for the figures; months as YYYY-MM."""
    out = checks.table(path, columns)
    try:
        months = [parse_month(d) for d in out["date"]]
    except (TypeError, ValueError) as exc:
        raise InputError(path, "date", t("report.damaged.table", detail=short(str(exc), 60))) from None
    out.insert(list(out.columns).index("date"), "month", months)
    out["date"] = [format_month(m) for m in months]  # tables show months as YYYY-MM
    return out


def _restored(frame: pd.DataFrame) -> pd.DataFrame:
    """A CSV this project wrote for people, its text as it was before ``neutral`` made it inert."""
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: restored(v) if isinstance(v, str) else v)
    return frame


def read_run(folder: Path) -> RunFolder:
    from binjai_sim.scenario.yamlfile import read_yaml

    _missing(folder, RUN_FILES, t("report.run_folder"), t("report.run_allowed"))
    path = folder / "scenario_resolved.yaml"
    scenario, inventory = checks.resolved(path, read_yaml(path))
    return RunFolder(folder, checks.summary(folder / "summary.json"), checks.manifest(folder / "manifest.json"),
                     scenario, inventory,
                     _restored(checks.table(folder / "app_outlook.csv", checks.OUTLOOK, rows=bool(inventory),
                                            dtype={"date": str}, keep_default_na=False)),
                     _indexed(folder / "series.parquet", checks.SERIES),
                     _indexed(folder / "events.parquet", checks.EVENTS))


def read_comparison(folder: Path) -> ComparisonFolder:
    _missing(folder, COMPARISON_FILES, t("report.comparison_folder"), t("report.comparison_allowed"))
    series = _indexed(folder / "series_by_scenario.parquet", checks.COMPARED_SERIES)
    manifest = checks.comparison_manifest(folder / "manifest.json")
    return ComparisonFolder(folder, manifest, _restored(checks.table(folder / "comparison.csv")),
                            _restored(checks.table(folder / "paired.csv")), checks.table(folder / "metrics.parquet"),
                            {s["name"]: series[series.scenario == s["name"]].drop(columns="scenario")
                             for s in manifest["scenarios"]})
