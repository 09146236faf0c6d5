"""Write calibration/observations/*.csv from the sources they transcribe.

    python scripts/make_observations.py [--evidence ../shared/data/evidence] [--check]

Binjai: the study's table (calibration/observed/binjai_apps.csv). Denpasar and Magetan: the
public records in the evidence folder (its README gives their repositories and commits). Each
record keeps its source and caveat; nothing is inferred here that the record does not say.
``--check`` compares with the shipped files instead of writing them (exit 1 if they differ).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.scenario.observations import COLUMNS, load_observations  # noqa: E402

OUT = ROOT / "calibration" / "observations"
STUDY = ("Sukma, Nurdin & Asropi, Analisis Faktor-Faktor ... Kota Binjai, table 1.2 "
         "(calibration/observed/binjai_apps.csv)")
# the study's table is undated: the same window as calibration/targets.yaml's study_date (an assumption)
STUDY_WINDOW, STUDY_REPORTED = "2021-06..2023-06", "2023-06"
BINJAI_CLASS = {"active": "active", "degraded": "degraded", "discontinued": "dead", "inaccessible": "dead",
                "not_found": "not_found"}
DENPASAR_SOURCE = "github.com/putuokky/monev-spbe-dps@{commit}:database/indeksdp_db_indeks.sql (table aplikasi)"
MAGETAN_SOURCE = "github.com/mayeayee/egov-kominfo@e0daf4777bc195d1f13e017317105b0ac7f9e5cd:web-kominfo.sql"
# Magetan's free-text notes that say an app is not (yet) in service, or no longer used; the rest
# (server location, feature requests) describe an app in use and are kept as caveats
MAGETAN_NOT_YET = ("Development", "Menunggu UAT", "Masih testing", "Go Live", "belum ada", "belum dipakai")
MAGETAN_STOPPED = ("Sudah tidak di pakai",)
MAGETAN_CENTRAL = ("Aplikasi dari BPKP", "Aplikasi dari BPKB")


def binjai() -> list[dict]:
    rows = []
    with (ROOT / "calibration/observed/binjai_apps.csv").open(encoding="utf-8") as handle:
        for app in csv.DictReader(handle):
            cls = app["status_class"]
            value = f"replaced_{app['replacement_kind']}" if cls == "replaced" else BINJAI_CLASS[cls]
            name = app["name"].split(" (")[0].strip()  # the inventory's form: "ePerencanaan (eRa)" -> "ePerencanaan"
            rows.append({"region_code": "12.75", "region": "Kota Binjai", "app": name, "scope": "local",
                         "observed": "status", "value": value, "as_of": STUDY_WINDOW, "reported": STUDY_REPORTED,
                         "source_kind": "study_table", "source": STUDY,
                         "caveat": "undated table: the study date is assumed within the window; "
                                   f"reported as: {app['condition_reported']}"})
    return rows


def denpasar(evidence: Path) -> list[dict]:
    with (evidence / "denpasar_apps_snapshots.csv").open(encoding="utf-8") as handle:
        snapshots = sorted(csv.DictReader(handle), key=lambda r: r["snapshot_date"])
    names = Counter()
    for name in {(r["id_app"], r["name"].strip()) for r in snapshots}:
        names[name[1]] += 1
    rows, seen = [], set()
    for r in snapshots:
        name = r["name"].strip()
        if name.lower() == "wwww":  # a test row (id 194) until 2020-07, later reused
            continue
        app = f"{name} [id {r['id_app']}]" if names[name] > 1 else name
        judged = r["last_update"][:10]
        key = (app, r["status"], judged)
        if key in seen:  # the same judgement, shown again by a later snapshot
            continue
        seen.add(key)
        built = r["year_built"] if r["year_built"] not in ("", "-") else "not given"
        rows.append({"region_code": "51.71", "region": "Kota Denpasar", "app": app,
                     "scope": "local" if r["kategori"].startswith("2") else "central", "observed": "status",
                     "value": "active" if r["status"] == "aktif" else "inactive", "as_of": judged[:7],
                     "reported": r["snapshot_date"][:10], "source_kind": "self_reported_inventory",
                     "source": DENPASAR_SOURCE.format(commit=r["source_commit"]),
                     "caveat": f"self-reported status as judged at the row's last edit ({judged}); "
                               f"agency {r['unit_name']}; year built {built}"})
    return rows


def magetan(evidence: Path) -> list[dict]:
    rows = []
    with (evidence / "magetan_apps_2023.csv").open(encoding="utf-8") as handle:
        apps = [r for r in csv.DictReader(handle) if r["kategori"] == "Aplikasi"]
    names = Counter(r["name"].strip() for r in apps)
    for r in apps:
        name, note = r["name"].strip(), r["status_note"].strip()
        value = ("in_development" if any(k in note for k in MAGETAN_NOT_YET)
                 else "inactive" if any(k in note for k in MAGETAN_STOPPED) else "listed")
        rows.append({"region_code": "35.20", "region": "Kabupaten Magetan",
                     "app": f"{name} [id {r['id_app']}]" if names[name] > 1 else name,
                     "scope": "central" if any(k in note for k in MAGETAN_CENTRAL) else "local",
                     "observed": "status", "value": value, "as_of": "2023-07", "reported": "2023-08-06",
                     "source_kind": "self_reported_inventory", "source": MAGETAN_SOURCE,
                     "caveat": "a list seeded 2023-07-20 with no status field; "
                               + (f"note: {note}; " if note else "") + f"agency {r['unit_name']}"})
    with (evidence / "region_app_counts.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            rows.append({"region_code": "35.20", "region": r["region"], "app": "", "scope": "local",
                         "observed": "count", "value": r["n_apps"], "as_of": f"{r['year']}-01..{r['year']}-12",
                         "reported": f"{r['year']}-12", "source_kind": "official_count",
                         "source": f"github.com/{r['source_repo']}@{r['source_commit']}:{r['source_path']}",
                         "caveat": f"{r['definition']}; {r['trust_note']}"})
    return rows


def render(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evidence", type=Path, default=ROOT.parent / "shared" / "data" / "evidence")
    parser.add_argument("--check", action="store_true", help="compare with the shipped files; write nothing")
    args = parser.parse_args()
    files = {"binjai.csv": binjai(), "denpasar.csv": denpasar(args.evidence), "magetan.csv": magetan(args.evidence)}
    stale = []
    for name, rows in files.items():
        text, path = render(rows), OUT / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(load_observations(path))} records")
    if stale:
        print(f"out of date: {', '.join(stale)} (run scripts/make_observations.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
