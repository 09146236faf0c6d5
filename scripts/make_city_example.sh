#!/usr/bin/env bash
# Remake the illustrative example city (scenarios/cities/contoh/) from its own profile and
# inventory, run it and its strategy packages, and write its report in both languages into
# docs/examples/contoh/ (the README's "Your own city" section shows them).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin/binjai-sim
CITY=scenarios/cities/contoh
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
$BIN new-city $CITY --profile $CITY/profile.yaml --inventory $CITY/apps.csv --force
$BIN run $CITY/scenario.yaml --out "$OUT" --report
$BIN compare $CITY/scenario.yaml $CITY/strategies/*.yaml --out "$OUT" --name contoh_strategies
$BIN report "$OUT/contoh" --comparison "$OUT/contoh_strategies"
$BIN report "$OUT/contoh" --comparison "$OUT/contoh_strategies" --lang en
rm -rf docs/examples/contoh && mkdir -p docs/examples/contoh
cp "$OUT"/contoh/{report_id.html,report_en.html,report_id.xlsx,report_en.xlsx,summary.json,manifest.json} \
   "$OUT"/contoh/*.png docs/examples/contoh/
cp "$OUT"/contoh_strategies/{comparison.md,paired.csv} docs/examples/contoh/
.venv/bin/python scripts/report_screenshot.py docs/examples/contoh/report_id.html docs/images/contoh_report_id.png
