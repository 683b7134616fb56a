#!/usr/bin/env bash
# Runs the service on the embedded default: a SQLite file and a local anvil that the service starts and
# deploys the contracts to on first start (both kept under ./data). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-contracts.sh
exec dotnet run --project src/Api -c Release -- --urls "${URLS:-http://localhost:5080}" --Data:Directory="${DATA_DIR:-$PWD/data}" "$@"
