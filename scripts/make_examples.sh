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
  --posterior 100 --replicates 2 --structures --workers 2 --out docs/examples --name strategy_comparison_structures --force
$BIN sensitivity scenarios/sweeps/morris_screening.yaml --workers 2 --out docs/examples --force
