#!/usr/bin/env bash
# `npm test`: every check, from the system packages up to the UI, in the order that fails fastest.
# The first run on a machine also installs Debian packages (as root) and code-server (about a minute,
# cached in ${XDG_CACHE_HOME:-~/.cache}/marginalia); later runs take about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
stage() { printf '\n=== %s  (%ds)\n' "$1" $((SECONDS - started)); }

stage "system packages"
bash scripts/ensure-system.sh

stage "dependencies"
# npm ci only when node_modules is missing or older than the lockfile (npm writes
# node_modules/.package-lock.json on every install).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules is up to date"
fi

stage "build"
npm run build --silent
# Compiled tests of files since deleted would otherwise still run.
rm -rf out

stage "typecheck"
npm run typecheck --silent

stage "unit tests"
npm run test:unit --silent

stage "grammar tests"
npm run test:grammar --silent

stage "integration tests (VS Code extension host)"
npm run test:integration --silent

stage "integration tests again, in the browser's web worker (as vscode.dev runs the extension)"
npm run test:integration --silent -- --web

stage "UI tests (workbench in Chromium)"
npm run test:ui --silent

stage "UI tests again, the extension in the browser's web worker"
npm run test:ui --silent -- --web

stage "the installed .vsix (packaged, installed into code-server; trusted and restricted)"
npm run test:installed --silent

printf '\n=== all passed in %ds\n' $((SECONDS - started))
