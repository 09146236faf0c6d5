#!/usr/bin/env bash
# Set up the project from nothing: find Python >= 3.12 (pyenv included), create .venv, install.
#   bash scripts/setup.sh          runtime + test dependencies
#   bash scripts/setup.sh --test   also the system packages the test suite needs (chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "setup.sh: unknown option '$arg' (allowed: --test)" >&2; exit 2 ;;
  esac
done

ok_python() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  # 3.12 first: the version the pinned toolchain (mesa 3.5.1, solara 1.58.2) is verified on
  candidates+=(python3.12)
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  if [ -d "$root/versions" ]; then
    while IFS= read -r dir; do candidates+=("$dir/bin/python3"); done \
      < <(ls -d "$root"/versions/3.12* "$root"/versions/3.1[3-9]* 2>/dev/null)
  fi
  candidates+=(python3.13 python3)
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && ok_python "$c"; then command -v "$c"; return 0; fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! ok_python .venv/bin/python; then
  py=$(find_python) || { echo "setup.sh: no Python >= 3.12 found (tried PATH and pyenv); install one or set PYTHON=/path/to/python3.12" >&2; exit 1; }
  echo "setup.sh: creating .venv with $py ($("$py" --version))"
  rm -rf .venv
  "$py" -m venv .venv
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup.sh: installing Python packages"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

if [ "$want_test" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup.sh: installing chromium for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
# the model's submodels are compiled once and kept (binjai_sim/model/engine/__pycache__/numba-<hash of the engine's sources>)
.venv/bin/python -c "from binjai_sim.runs.runner import warm; print(f'setup.sh: model compiled ({warm():.0f} s)')"
echo "setup.sh: ready ($(.venv/bin/python --version))"
