#!/usr/bin/env bash
# `npm start`: VS Code with the extension loaded from this repo and the sample book open (the repo's
# own sample/, so what you edit is kept). Uses a desktop `code` if there is one; otherwise
# code-server in your browser (installed on first use, about a minute). PORT=8080 npm start picks
# the port; by default a free one. Ctrl-C stops it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash scripts/ensure-system.sh
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent

if command -v code >/dev/null 2>&1; then
  exec code --extensionDevelopmentPath="$repo" "$repo/sample"
fi
exec node scripts/code-server.mjs serve "$repo/sample" --extension-development-path "$repo" ${PORT:+--port "$PORT"}
