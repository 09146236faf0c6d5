"""The data dictionary, dates as dates, SQL-friendly names and the per-date outlook."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from binjai_sim.base.vocabulary import CAUSES
from binjai_sim.interfaces.cli import main
from binjai_sim.outputs.datadict import TABLES, causes, sql_name

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "scenarios" / "cities" / "contoh" / "scenario.yaml"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("dictionary")
    assert main(["run", str(CITY), "--replicates", "2", "--no-figures", "--out", str(out), "--quiet"]) == 0
    return out / "contoh"


def test_the_dictionary_page_is_generated_from_the_code_and_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "data_dictionary.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    for cause in CAUSES:  # pruned among them
        assert f"| `{cause}` |" in page
    for column in ("allocated_rp", "citizens_using", "maintenance_pool_rp", "mean_score", "p_closed"):
        assert f"| `{column}` |" in page
    assert "pruned" in dict(causes())


def test_every_column_written_is_in_the_dictionary_with_its_unit_as_field_metadata(run_folder):
    for table, (_, columns) in TABLES.items():
        if table.endswith(".parquet"):
            schema = pq.read_schema(run_folder / table)
            assert schema.names == [c.name for c in columns], table
            for column in columns:
                meta = schema.field(column.name).metadata
                assert meta[b"description"].decode() == column.meaning
                assert meta[b"unit"].decode() == column.unit
        else:
            assert list(pd.read_csv(run_folder / table).columns) == [c.name for c in columns]


def test_dates_are_month_start_dates_that_sql_style_queries_use_without_a_cast(run_folder):
    for table in ("series", "apps", "events"):
        assert str(pq.read_schema(run_folder / f"{table}.parquet").field("date").type) == "date32[day]"
    # what `SELECT year(date), max(dead) FROM 'series.parquet' WHERE date >= DATE '2020-01-01' GROUP BY 1`
    # does in DuckDB, through pyarrow's compute on the stored type
    import pyarrow.compute as pc

    table = pq.read_table(run_folder / "series.parquet")
    later = table.filter(pc.greater_equal(table["date"], pa_date(2020, 1)))
    assert pc.min(later["date"]).as_py() == datetime.date(2020, 1, 1)
    assert all(d.day == 1 for d in table["date"].to_pylist())
    frame = pd.read_parquet(run_folder / "series.parquet")
    yearly = frame.assign(year=pd.to_datetime(frame["date"]).dt.year).groupby("year")["dead"].max()
    assert yearly.index.min() == 2016 and yearly.is_monotonic_increasing


def pa_date(year, month):
    import pyarrow as pa

    return pa.scalar(datetime.date(year, month, 1), type=pa.date32())


def test_outcome_names_have_sql_names_needing_no_quotes(run_folder):
    summary = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    assert sql_name("apps_live_2030-12") == "apps_live_2030_12"
    names = [sql_name(f"apps_active_{date}") for date in summary["apps_active"]]
    assert names and all(n.replace("_", "").isalnum() and not n[0].isdigit() for n in names)


def test_no_app_reads_closed_before_its_launch_in_the_outlook(run_folder):
    outlook = pd.read_csv(run_folder / "app_outlook.csv", dtype={"date": str})
    first = outlook[outlook["date"] == outlook["date"].min()]
    assert (first["p_closed"] == 0).all() and first["most_likely_cause"].isna().all()
    for _, rows in outlook.groupby("app"):
        closed = rows.sort_values("date")["p_closed"].to_numpy()
        assert (closed[1:] >= closed[:-1]).all()  # closures only accumulate
        assert (rows["p_closed"] + rows["p_live"] <= 1 + 1e-9).all()
    assert outlook["p_closed"].nunique() > 1
