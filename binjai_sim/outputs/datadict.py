"""The data dictionary: every file a run writes, every column with its type, unit and meaning,
every closure cause, event kind and outcome. One source for docs/data_dictionary.md
(scripts/data_dictionary.py) and for the field metadata of the Parquet tables a run writes, so
the page and the files cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import CAUSES, ELECTION_OUTCOMES, FACTORS, STATUSES, EventKind


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str
    meaning: str


DATE = Column("date", "date", "month", "the calendar month, stored as its first day (a Parquet DATE)")
REPLICATE = Column("replicate", "int64", "", "replicate number (0 to replicates - 1; its seed is in manifest.json)")
FACTOR_MEANING = "level of the {f} factor (0 = absent, 1 = full strength; docs/ODD.md, section 7.8)"

TABLES: dict[str, tuple[str, list[Column]]] = {
    "series.parquet": ("one row per replicate and month: the city as a whole", [
        REPLICATE, DATE,
        Column("not_launched", "int64", "apps", "apps of the inventory not yet launched"),
        Column("active", "int64", "apps", "apps live and working"),
        Column("degraded", "int64", "apps", "apps live but degraded (quality below apps.degraded_below)"),
        Column("dead", "int64", "apps", "apps closed, any cause"),
        Column("mayor_id", "int64", "", "the regional head in office (0 = the first; +1 at each change)"),
        Column("mayor_priority", "float64", "0-1", "the head's smart-city priority"),
        Column("maintenance_pool_rp", "float64", "Rp", "the month's maintenance pool: IT budget x maintenance "
               "share, plus ring-fenced money"),
        Column("allocated_rp", "float64", "Rp", "money from the pool allocated to live apps in the month"),
        Column("internet_share", "float64", "0-1", "share of residents using the internet"),
        Column("citizens_using", "float64", "residents", "residents using at least one app (scaled up from "
               "citizen agents)"),
        Column("strategy_cost_rp", "float64", "Rp", "strategy costs charged in the month"),
        *[Column(f"mean_{f}", "float64", "0-1", f"mean {f} factor level over live apps (empty when none is live)")
          for f in FACTORS],
        Column("mean_score", "float64", "score", "mean sustainability score S over live apps (empty when none is "
               "live)"),
    ]),
    "apps.parquet": ("one row per replicate, month and app", [
        REPLICATE, DATE,
        Column("app", "string", "", "the app's name, as in the inventory"),
        Column("status", "category", "", "one of: " + ", ".join(STATUSES)),
        Column("quality", "float64", "0-1", "technical quality (decays without upkeep)"),
        Column("users", "float64", "people", "residents (or civil servants, for internal apps) using it"),
        Column("budget_rp", "float64", "Rp", "maintenance money allocated to it in the month"),
        *[Column(f, "float64", "0-1", FACTOR_MEANING.format(f=f)) for f in FACTORS],
        Column("score", "float64", "score", "sustainability score S = sum_k beta_k F_k / sum_k |beta_k|"),
        Column("hazard", "float64", "probability", "chance the app is discontinued in the month"),
    ]),
    "events.parquet": ("one row per replicate and event", [
        REPLICATE, DATE,
        Column("kind", "string", "", "one of: " + ", ".join(k.key for k in EventKind)),
        Column("app", "string", "", "the app concerned (empty for city-wide events)"),
        Column("cause", "string", "", "for a death: its cause (see Causes of closure below)"),
        Column("detail", "string", "", "what else the event records (a closure's weakest factor, a platform's "
               "name, an election's outcome: " + ", ".join(ELECTION_OUTCOMES) + ")"),
    ]),
    "app_outlook.csv": ("one row per app and date: the end of every calendar year and every checkpoint", [
        Column("app", "string", "", "the app's name"),
        Column("date", "string", "YYYY-MM", "the month"),
        Column("why", "string", "", "year_end, listed (report.checkpoints), election or end"),
        Column("p_live", "float64", "share of replicates", "live (active or degraded) at the date"),
        Column("p_active", "float64", "share of replicates", "active at the date"),
        Column("p_closed", "float64", "share of replicates", "closed at or before the date (0 before its launch)"),
        Column("most_likely_cause", "string", "", "the commonest cause among closures by the date (empty: none)"),
        Column("p_most_likely_cause", "float64", "share of replicates", "closed by the date with that cause"),
    ]),
}

FILES: dict[str, str] = {
    "summary.json": "each outcome (median, mean, 5% and 95% across replicates) at every checkpoint, closures by "
                    "cause, mean app lifetime, the calibration's label",
    "manifest.json": "seed and replicate seeds, scenario hash, command, language, calibration (file, fitted_to, "
                     "parameters, not_applied), versions of every library that shapes the numbers, platform, git "
                     "commit (null outside a checkout)",
    "scenario_resolved.yaml": "the scenario as run, every inherited and fitted value applied; a scenario file that "
                              "re-runs to the same outputs (its paths point into inputs/)",
    "inputs/": "byte-for-byte copies of the inventory, survey coefficients and calibrated files the resolved "
               "scenario names",
}


def sql_name(outcome: str) -> str:
    """An outcome's name as a SQL identifier that needs no quoting: ``apps_live_2030-12`` ->
    ``apps_live_2030_12``."""
    return outcome.replace("-", "_")


def field_metadata(table: str) -> dict[str, dict[bytes, bytes]]:
    """Per column of ``table``: its unit and meaning, as Parquet field metadata."""
    return {c.name: {b"unit": c.unit.encode(), b"description": c.meaning.encode()} for c in TABLES[table][1]}


def causes() -> list[tuple[str, str]]:
    """(cause, what it means) for every cause of closure, in the vocabulary's order."""
    return [(cause, t(f"cause.{cause}", "en")) for cause in CAUSES]


def markdown() -> str:
    """docs/data_dictionary.md."""
    lines = ["# Data dictionary", "",
             "Generated from the code by `python scripts/data_dictionary.py` (do not edit by hand; "
             "`--check` fails when this page is out of date). Every file below is written into a run's folder "
             "(`binjai-sim run`, `OUT/<scenario-name>/`).", "",
             "Dates: the Parquet tables store `date` as a DATE (the month's first day), so "
             "`SELECT date_trunc('year', date) ...` works in DuckDB or any SQL engine without a cast. Each Parquet "
             "column carries its `unit` and `description` as field metadata "
             "(`pyarrow.parquet.read_schema(path).field('hazard').metadata`).", ""]
    for name, (rows, columns) in TABLES.items():
        lines += [f"## `{name}`", "", rows + ".", "", "| column | type | unit | meaning |", "|---|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.unit or '-'} | {c.meaning} |" for c in columns]
        lines.append("")
    lines += ["## Other files", "", "| file | contents |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in FILES.items()]
    lines += ["", "## Causes of closure", "", "The `cause` of a `death` event, and `deaths_<cause>` outcomes.", "",
              "| cause | meaning |", "|---|---|"]
    lines += [f"| `{cause}` | {text} |" for cause, text in causes()]
    lines += ["", "## App statuses", "", ", ".join(f"`{s}`" for s in STATUSES) + ".", "",
              "## Outcomes", "",
              "The outcomes in `summary.json`, comparisons, sweeps and calibration reports (binjai_sim/runs/outcomes.py). "
              "Checkpoint outcomes carry the month, `YYYY-MM`; as a SQL column the month's hyphen becomes an "
              "underscore (`binjai_sim.outputs.datadict.sql_name`):", "",
              "| outcome | SQL name | unit | meaning |", "|---|---|---|---|",
              f"| `apps_active_YYYY-MM` | `{sql_name('apps_active_YYYY-MM')}` | apps | apps active at the checkpoint |",
              f"| `apps_live_YYYY-MM` | `{sql_name('apps_live_YYYY-MM')}` | apps | apps active or degraded at the "
              "checkpoint |",
              "| `app_years` | `app_years` | app-years | months any app was live after the start, / 12 |",
              "| `mean_app_lifetime_years` | `mean_app_lifetime_years` | years | launch to closure, or to the horizon "
              "end if alive (restricted mean) |",
              "| `citizen_months` | `citizen_months` | resident-months | residents using at least one app, summed "
              "over months |",
              "| `strategy_cost_rp` | `strategy_cost_rp` | Rp | all strategy costs charged over the horizon |"]
    lines += [f"| `deaths_{cause}` | `deaths_{cause}` | apps | apps closed: {text} |" for cause, text in causes()]
    lines += ["| `deaths_total` | `deaths_total` | apps | apps closed, any cause |", ""]
    return "\n".join(lines)
