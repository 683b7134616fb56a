#!/usr/bin/env bash
# Runs the service on the embedded default: a SQLite file and a local anvil that the service starts and
# deploys the contracts to on first start (both kept under ./data). Installs what it needs first, says what it is
# doing while it builds, and ends with one line "ready at <url>" once /health answers. Ctrl+C stops the service
# (and its anvil, which writes its state to data/chain/).
set -euo pipefail
cd "$(dirname "$0")/.."
url="${URLS:-http://localhost:5080}"
url="${url%%;*}"
step() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

step "1/3 chain toolchain and contracts (forge, anvil, solc-js, OpenZeppelin; cached after the first run)"
bash scripts/build-contracts.sh
step "2/3 building the service and its web client (Release; about a minute the first time)"
dotnet build src/Api -c Release -nologo -v quiet -clp:NoSummary -p:SkipContractsBuild=true
step "3/3 starting on $url (data in ${DATA_DIR:-$PWD/data}; first start deploys the contracts)"
dotnet run --no-build --project src/Api -c Release -- \
  --urls "${URLS:-http://localhost:5080}" --Data:Directory="${DATA_DIR:-$PWD/data}" "$@" &
service=$!
# The service's own SIGTERM handling stops anvil cleanly; Ctrl+C reaches it through the process group as well.
trap 'kill -TERM $service 2>/dev/null; wait $service' INT TERM
until curl -sf -o /dev/null "$url/health"; do
  kill -0 $service 2>/dev/null || { wait $service; exit $?; }
  sleep 1
done
step "ready at $url"
wait $service
