"""Write Kabupaten Magetan's app inventory (scenarios/cities/magetan/apps.csv) from its 2023 list.

    python scripts/make_magetan_inventory.py [--observations FILE] [--out FILE] [--check]

The apps are the local apps of the regency's 2023 list (calibration/observations/magetan.csv,
scope local), in the list's own order. Only each record's name, scope and agency are read: never
its status, never the counts. The pooled fit scores the scenario on exactly those statuses and
counts, so nothing it is judged against may shape the inventory (tests/test_magetan_region.py
changes them and checks that the inventory stays the same byte for byte).

ASSUMPTIONS, each written in every row's note:
- launch: the list gives no dates. The apps are spread evenly over 2017-01 .. 2023-06 by their
  position in the list (the list's order is the seeder's, grouped by agency, not by age): the
  national smart-city movement began in 2017 and the list was seeded 2023-07-20.
- sector, audience, function: read from the app's name, description and agency (FUNCTIONS below).
- target share: 2% of residents for citizen apps, 60% of staff for internal ones (as Denpasar's).
- counterpart: scenarios/national/counterparts.yaml's rules from sector, audience and function
  alone; the Simpeg rule's national fallback SIASN, since Magetan's scenario names no local
  SIMPEG merger (its simpeg.magetan.go.id is itself one of the listed apps).
``--check`` compares with the shipped file instead of writing it (exit 1 if they differ).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.base.calendar import format_month, parse_month  # noqa: E402
from binjai_sim.scenario.observations import load_observations  # noqa: E402

OBSERVATIONS = ROOT / "calibration" / "observations" / "magetan.csv"
OUT = ROOT / "scenarios" / "cities" / "magetan" / "apps.csv"
RULES = ROOT / "scenarios" / "national" / "counterparts.yaml"
FIRST, LAST = "2017-01", "2023-06"
SHARE = {"citizen": "2%", "internal": "60%"}
NO_LOCAL_SIMPEG = {"Simpeg": "SIASN"}  # counterparts.yaml, the Simpeg rule's last sentence

# name: (sector, audience, function), from the list's name, description and agency (ASSUMPTION)
FUNCTIONS = {
    "lpse.magetan.go.id": ("administration", "citizen", "e_procurement"),
    "jdih.magetan.go.id": ("legal", "citizen", "legal_documentation"),
    "SIMDALEV | RFK ADBANG": ("planning", "internal", "development_monitoring"),
    "simbatan": ("administration", "internal", "procurement_information"),
    "E- SKM": ("administration", "citizen", "satisfaction_survey"),
    "SIHARKO": ("economy", "citizen", "staple_prices"),
    "magetankab.sipd.kemendagri.go.id & penatausahaan": ("finance", "internal", "sipd_regional_support"),
    "damai.magetan.go.id": ("planning", "internal", "planning_data"),
    "RUMAH INOVASI": ("planning", "internal", "innovation_registry"),
    "sakip.magetan.go.id": ("planning", "internal", "performance_accountability"),
    "sippd untuk RKPD dan PPAS (e-planning.magetan.go.id/sippd)": ("planning", "internal", "planning_budgeting"),
    "rpjm.magetan.go.id": ("planning", "internal", "planning_budgeting"),
    "SAKIP New": ("planning", "internal", "performance_accountability"),
    "SIMDALEV | Monev": ("planning", "internal", "development_monitoring"),
    "e-planning.magetan.go.id": ("planning", "internal", "planning_budgeting"),
    "kesbangpol.magetan.go.id": ("elections", "internal", "election_count"),
    "simpeg.magetan.go.id": ("hr", "internal", "personnel_records"),
    "e-personal (Mobile)": ("hr", "internal", "personnel_records"),
    "Redok/ E-file": ("hr", "internal", "personnel_records"),
    "SIPEKAT": ("hr", "internal", "promotions"),
    "e-kinerja.magetan.go.id": ("hr", "internal", "performance_reports"),
    "e-kinerja (Mobile)": ("hr", "internal", "performance_reports"),
    "mail.magetan.go.id": ("information", "internal", "email"),
    "registrasi.magetan.go.id": ("information", "internal", "domain_registration"),
    "sideskel.magetan.go.id": ("village", "citizen", "village_websites"),
    "lppl.magetan.go.id": ("information", "citizen", "radio_streaming"),
    "lapak.magetan.go.id": ("economy", "citizen", "market_ecommerce"),
    "covid19.magetan.go.id": ("health", "citizen", "pandemic_information"),
    "ppid.magetan.go.id": ("information", "citizen", "public_information"),
    "magetan.go.id [id 31]": ("information", "citizen", "regional_portal"),
    "GITLAB": ("information", "internal", "code_repository"),
    "Admin Data Center": ("information", "internal", "data_centre"),
    "vesta panel WEBOPD": ("information", "internal", "web_hosting"),
    "NEXTCLOUD": ("information", "internal", "file_sharing"),
    "dprd.magetan.go.id": ("administration", "citizen", "council_information"),
    "e-office": ("administration", "internal", "office_correspondence"),
    "Dashboard magetan | SIEMA": ("information", "citizen", "statistics_dashboard"),
    "magetan.go.id [id 39]": ("information", "citizen", "regional_portal"),
    "Ruang rapat": ("administration", "internal", "room_booking"),
    "Absensi mobile": ("hr", "internal", "attendance"),
    "E- Buku Tamu": ("administration", "internal", "guest_book"),
    "Visit Magetan": ("tourism", "citizen", "tourism_information"),
    "Bantuan dan hibah": ("finance", "internal", "grants_administration"),
    "ASET (Desktop)": ("finance", "internal", "asset_register"),
    "sismiop (Desktop)": ("tax", "internal", "regional_tax"),
    "e-bphtb.magetan.go.id": ("tax", "citizen", "regional_tax"),
    "SIMDA BOS (Desktop)": ("finance", "internal", "accounting"),
    "SIMGAJI (Desktop)": ("finance", "internal", "payroll"),
    "esptpd": ("tax", "citizen", "regional_tax"),
    "Payment Gateway": ("tax", "citizen", "tax_payment"),
    "antrian-disduk.magetan.go.id": ("administration", "citizen", "service_queue"),
    "PAK TANI": ("economy", "internal", "crop_data"),
    "PUPR SDA": ("environment", "internal", "rainfall_irrigation_data"),
    "SIMPKB  (pihak ke3)": ("transport", "citizen", "vehicle_inspection"),
    "e-kir (pihak ke3) mobile": ("transport", "citizen", "vehicle_inspection"),
    "Bantuan perkim": ("social", "internal", "housing_aid"),
    "Pengajuan siteplan": ("licensing", "citizen", "site_plan_approval"),
    "siks.magetan.go.id": ("social", "internal", "welfare_registry"),
    "perpusda.magetan.go.id": ("education", "citizen", "library"),
    "sikn.magetan.go.id": ("administration", "internal", "archives"),
    "Aplikasi arsip inaktif": ("administration", "internal", "archives"),
    "ketenagakerjaan.magetan.go.id": ("economy", "internal", "labour_data"),
    "ppdb.magetan.go.id": ("education", "citizen", "school_admission"),
    "Integrasi dapodik": ("education", "internal", "out_of_school_children"),
    "mpp.magetan.go.id": ("licensing", "citizen", "service_queue"),
    "simpadu.magetan.go.id": ("licensing", "citizen", "business_licensing"),
    "simpus.magetan.go.id": ("health", "internal", "primary_care_records"),
    "Aplikasi Stunting": ("health", "internal", "stunting_monitoring"),
    "Sistem informasi manajemen logistik IFK": ("health", "internal", "pharmacy_logistics"),
}
HEADER = """\
# Kabupaten Magetan: the {n} local apps of the regency's 2023 application list (seeded 2023-07-20),
# in the list's order. Source: github.com/mayeayee/egov-kominfo@e0daf477, web-kominfo.sql
# (calibration/observations/magetan.csv); written by scripts/make_magetan_inventory.py.
# SURVIVORSHIP: a 2023 list holds the apps alive enough to be listed in 2023; apps that closed
# before then are not here.
# ASSUMPTIONS (each row's note repeats its own): launch spread evenly over {first}..{last} by list
# position, read from no status or count; sector, audience and function read from the name,
# description and agency; target share 2% of residents (citizen) or 60% of staff (internal);
# counterpart by scenarios/national/counterparts.yaml's rules from sector, audience and function
# alone (the Simpeg rule's national fallback SIASN: no local SIMPEG merger is named).
"""


def rule_counterpart(rules: list[dict], sector: str, audience: str, function: str) -> str:
    for rule in rules:
        if (sector in rule["sectors"] and audience in rule.get("audiences", [audience])
                and function in rule.get("functions", [function])):
            return NO_LOCAL_SIMPEG.get(rule["counterpart"], rule["counterpart"])
    return "none"


def launches(n: int) -> list[str]:
    """``n`` months spread evenly from FIRST to LAST, in order."""
    first, last = parse_month(FIRST), parse_month(LAST)
    return [format_month(first + round(i * (last - first) / max(n - 1, 1))) for i in range(n)]


def render(observations: Path = OBSERVATIONS) -> str:
    """The inventory, from the list's local app names and agencies (statuses and counts unread)."""
    apps = [(r.app, r.caveat.rsplit("; agency ", 1)[-1].strip()) for r in load_observations(observations)
            if r.observed == "status" and r.scope == "local"]
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    out = io.StringIO()
    out.write(HEADER.format(n=len(apps), first=FIRST, last=LAST))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "sector", "audience", "owner", "launch", "redesign", "target_share", "counterpart",
                     "function", "note"])
    for i, ((name, agency), month) in enumerate(zip(apps, launches(len(apps)), strict=True)):
        sector, audience, function = FUNCTIONS[name]
        note = (f"ASSUMPTION launch: list position {i + 1} of {len(apps)} spread evenly {FIRST}..{LAST} (no date in "
                f"the source); ASSUMPTION sector, audience, function from name and agency; counterpart by rule")
        writer.writerow([name, sector, audience, agency, month, "", SHARE[audience],
                         rule_counterpart(rules, sector, audience, function), function, note])
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=Path, default=OBSERVATIONS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file; write nothing")
    args = parser.parse_args()
    text = render(args.observations)
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
