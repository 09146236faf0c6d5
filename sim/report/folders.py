"""Reading a run's output folder and a comparison's, with every missing piece named at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..calendar import format_month, parse_month
from ..errors import InputError, combine
from ..i18n import t

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


def _indexed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.insert(list(out.columns).index("date"), "month", [parse_month(d) for d in out["date"]])
    out["date"] = [format_month(m) for m in out["month"]]  # tables show months as YYYY-MM
    return out


def read_run(folder: Path) -> RunFolder:
    from ..yamlfile import read_yaml

    _missing(folder, RUN_FILES, t("report.run_folder"), t("report.run_allowed"))
    resolved = read_yaml(folder / "scenario_resolved.yaml")
    if "scenario" in resolved:  # a folder written before scenario_resolved.yaml became a scenario file
        scenario, inventory = resolved["scenario"], resolved["inventory"]
    else:
        from ..inventory import load_inventory

        scenario = resolved
        inventory = [{**a.__dict__, "launch": format_month(a.launch),
                      "redesign": format_month(a.redesign) if a.redesign is not None else None}
                     for a in load_inventory(folder / resolved["apps"]["inventory"])]
    return RunFolder(folder, json.loads((folder / "summary.json").read_text(encoding="utf-8")),
                     json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
                     scenario, inventory,
                     pd.read_csv(folder / "app_outlook.csv", dtype={"date": str}, keep_default_na=False),
                     _indexed(pd.read_parquet(folder / "series.parquet")),
                     _indexed(pd.read_parquet(folder / "events.parquet")))


def read_comparison(folder: Path) -> ComparisonFolder:
    _missing(folder, COMPARISON_FILES, t("report.comparison_folder"), t("report.comparison_allowed"))
    series = _indexed(pd.read_parquet(folder / "series_by_scenario.parquet"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return ComparisonFolder(folder, manifest, pd.read_csv(folder / "comparison.csv"),
                            pd.read_csv(folder / "paired.csv"), pd.read_parquet(folder / "metrics.parquet"),
                            {s["name"]: series[series.scenario == s["name"]].drop(columns="scenario")
                             for s in manifest["scenarios"]})
