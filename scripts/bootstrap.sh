#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependency set (requirements/lock.txt).
# Python is found in this order: $PYTHON, python3.10 on PATH, pyenv's 3.10.x versions.
set -euo pipefail
cd "$(dirname "$0")/.."

is_py310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

find_python() {
  if [ -n "${PYTHON:-}" ]; then
    if is_py310 "$PYTHON"; then echo "$PYTHON"; return 0; fi
    echo "error: \$PYTHON=$PYTHON is not a working Python 3.10" >&2; return 1
  fi
  if command -v python3.10 >/dev/null 2>&1 && is_py310 python3.10; then command -v python3.10; return 0; fi
  if command -v pyenv >/dev/null 2>&1; then
    local version
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
      local candidate
      candidate="$(pyenv prefix "$version" 2>/dev/null)/bin/python3.10"
      if is_py310 "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  for candidate in "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
    if is_py310 "$candidate"; then echo "$candidate"; return 0; fi
  done
  cat >&2 <<'MSG'
error: Python 3.10 not found. Rasa 3.6 supports Python 3.8-3.10 only, and Rehearse is pinned to 3.10.
Install it (e.g. `pyenv install 3.10.13`) or point $PYTHON at a python3.10 executable.
MSG
  return 1
}

python_bin="$(find_python)"
if [ ! -x .venv/bin/python ] || ! is_py310 .venv/bin/python; then
  rm -rf .venv
  echo "Creating .venv with $python_bin"
  "$python_bin" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet "uv==$(grep -E '^uv==' requirements/lock.txt | sed -E 's/^uv==([^ ]+).*/\1/')"
fi
echo "Installing the pinned dependency set (requirements/lock.txt)"
.venv/bin/uv pip sync --quiet --python .venv/bin/python --require-hashes requirements/lock.txt
.venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
