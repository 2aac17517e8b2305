# Sourced by bin/run, bin/test and .ci/run: a virtual environment with the locked dependencies.
# Reinstalls only when a lock file changes.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Menteo needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv/"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.lock requirements-dev.lock | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "Installing dependencies from requirements-dev.lock"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements-dev.lock
  rm -f .venv/.installed-*
  touch "$stamp"
fi
