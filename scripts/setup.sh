#!/usr/bin/env bash
# Prepares a checkout to run: finds Python 3.12+, creates .venv, installs the Python and npm
# packages. Safe to run again: each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

find_python() {
  if [ -n "${PYTHON:-}" ]; then
    python_ok "$PYTHON" && { echo "$PYTHON"; return; }
    echo "PYTHON=$PYTHON is not a working Python 3.12 or newer." >&2
    return 1
  fi
  local candidate
  for candidate in python3.13 python3.12 python3; do
    # pyenv shims exist on PATH even when they refuse to run, so each one is actually run.
    python_ok "$candidate" && { command -v "$candidate"; return; }
  done
  if command -v pyenv >/dev/null 2>&1; then
    local root version
    root=$(pyenv root)
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.|$)' | sort -rV); do
      python_ok "$root/versions/$version/bin/python" && { echo "$root/versions/$version/bin/python"; return; }
    done
  fi
  echo "No Python 3.12 or newer was found: install Python 3.12+ (python.org, your package manager or pyenv) or set PYTHON=/path/to/python3.12." >&2
  return 1
}

if ! python_ok .venv/bin/python; then
  python=$(find_python)
  say "Creating .venv with $python ($("$python" --version 2>&1))"
  rm -rf .venv
  "$python" -m venv .venv
fi

stamp=.venv/.installed
wanted=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Installing Python packages into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --group dev -e .
  echo "$wanted" > "$stamp"
fi

npm_stamp=node_modules/.installed
npm_wanted=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_wanted" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm was not found: install Node.js with npm (it installs the site's CSS framework)." >&2; exit 1; }
  say "Installing front-end packages into node_modules"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$npm_wanted" > "$npm_stamp"
fi

# The site's CSS framework is built from Bootstrap's Sass sources with only the parts it uses,
# and the typefaces' Latin files are copied beside it; both into build/static (git-ignored),
# which settings.STATICFILES_DIRS serves and collectstatic collects.
build_stamp=build/.built
build_wanted=$(cat package-lock.json assets/scss/*.scss scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$build_stamp" 2>/dev/null)" != "$build_wanted" ] || ! [ -f build/static/vendor/bootstrap/bootstrap.css ]; then
  say "Building the CSS framework and copying the fonts into build/static"
  rm -rf build/static
  mkdir -p build/static/vendor/bootstrap build/static/fonts
  node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
    --silence-deprecation=import,global-builtin,color-functions \
    --load-path=node_modules assets/scss/bootstrap.scss build/static/vendor/bootstrap/bootstrap.css
  for font in source-serif-4-latin-wght-normal source-serif-4-latin-wght-italic; do
    cp "node_modules/@fontsource-variable/source-serif-4/files/$font.woff2" build/static/fonts/
  done
  for font in fraunces-latin-wght-normal fraunces-latin-wght-italic; do
    cp "node_modules/@fontsource-variable/fraunces/files/$font.woff2" build/static/fonts/
  done
  cp node_modules/@fontsource-variable/source-serif-4/LICENSE build/static/fonts/source-serif-4-LICENSE.txt
  cp node_modules/@fontsource-variable/fraunces/LICENSE build/static/fonts/fraunces-LICENSE.txt
  echo "$build_wanted" > "$build_stamp"
fi
