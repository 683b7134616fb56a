#!/usr/bin/env bash
# Builds the web client (web/, TypeScript + Preact, bundled by esbuild) into src/Api/wwwroot, which the API serves
# at "/". Installs the pinned npm packages when missing or out of date; type-checks, then bundles (about a second).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/tsc --noEmit -p .
node build.mjs
