#!/usr/bin/env bash
# Regenerate the worked examples shown in the README (docs/examples/).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin/binjai-sim
$BIN compare scenarios/binjai_baseline.yaml \
  scenarios/strategies/political.yaml scenarios/strategies/resources.yaml \
  scenarios/strategies/institutional.yaml scenarios/strategies/all_fifteen.yaml \
  scenarios/strategies/low_fiscal_capacity.yaml \
  --posterior 100 --replicates 2 --workers 2 --out docs/examples --name strategy_comparison --force
$BIN compare scenarios/binjai_baseline.yaml \
  scenarios/strategies/political.yaml scenarios/strategies/resources.yaml \
  scenarios/strategies/institutional.yaml scenarios/strategies/all_fifteen.yaml \
  scenarios/strategies/low_fiscal_capacity.yaml \
  --posterior 100 --replicates 2 --draw-structures --workers 2 --out docs/examples --name strategy_comparison_structures --force
# the screening of every assumption, the Sobol analysis of its leading drivers, and discovery
# on a Latin hypercube (15, 3.5 and 1.5 minutes with 2 workers on a 2-core machine at load 5-9)
for sweep in assumption_screening sobol_key_drivers lhs_discovery; do
  $BIN sensitivity scenarios/sweeps/$sweep.yaml --workers 2 --out docs/examples --force
done
