#!/usr/bin/env bash
# Builds the web client (web/, TypeScript + Preact, bundled by esbuild) into src/Api/wwwroot, which the API serves
# at "/". Installs the pinned npm packages when missing or out of date; generates the API's types, type-checks, then
# bundles (about a second).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# The API's types: generated from the committed OpenAPI document, which tests/Api.Tests/OpenApi/OpenApiDocumentTests
# keeps equal to what the service serves (OPENAPI_UPDATE=1 rewrites it).
node_modules/.bin/openapi-typescript src/generated/openapi.json -o src/generated/api.ts >/dev/null
node_modules/.bin/tsc --noEmit -p .
node build.mjs
