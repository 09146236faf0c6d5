#!/usr/bin/env bash
# Sampled mutation testing of one module group (docs/testing.md): scripts/mutation.sh MODULE [MUTANTS] [before|after|fast]
# Needs the mutation extra (pip install -e '.[mutation]'); runs one mutant at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
exec env PYTHONPATH="$PWD" .venv/bin/python scripts/mutation.py "$@"
