#!/usr/bin/env bash
# Runs every suite (forge, dotnet on SQLite and tests/Api.Tests again on PostgreSQL, browser), installing what they
# need first, and ends with one line totalling them all: "N passed, N failed". Exits non-zero when any test fails or a
# suite breaks. The browser suite (tests/Browser.Tests, Playwright on /usr/bin/chromium) and the PostgreSQL run get
# their own lines and are not counted in dotnet's.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
logs=$(mktemp -d)
passed=0 failed=0 broken=0

echo "== contracts: install + build"
bash scripts/build-contracts.sh || broken=1

echo "== forge test (gas snapshots checked)"
(cd contracts && HOME="$PWD/.home" PATH="$PWD/node_modules/.bin:$PATH" FORGE_SNAPSHOT_CHECK=true \
  forge test --isolate 2>&1) | tee "$logs/forge.log"
forge_status=${PIPESTATUS[0]}
forge_line=$(grep -E "^Ran [0-9]+ test suites?" "$logs/forge.log" | tail -n 1)
if [[ $forge_line =~ ([0-9]+)\ tests\ passed,\ ([0-9]+)\ failed ]]; then
  passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
else
  broken=1
fi
[ "$forge_status" -eq 0 ] || broken=1

echo "== dotnet build (the web client is bundled by src/Api's build)"
dotnet build OpenChat.Chain.sln 2>&1 | tee "$logs/build.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || broken=1

# Microsoft.Testing.Platform prints "succeeded: N" and "failed: N" in its run summary.
run_tests() { # <name> <log> <dotnet test args...>
  local name=$1 log=$2; shift 2
  dotnet test --no-build "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  p=$(grep -E "^\s+succeeded: [0-9]+" "$log" | tail -n 1 | grep -oE "[0-9]+")
  f=$(grep -E "^\s+failed: [0-9]+" "$log" | tail -n 1 | grep -oE "[0-9]+")
  if [ -n "$p" ] && [ -n "$f" ]; then
    passed=$((passed + p)); failed=$((failed + f))
  else
    broken=1
  fi
  [ "$status" -eq 0 ] || broken=1
  # Microsoft.Testing.Platform prints "failed <test> (<duration>)" per failing test; kept for the closing list.
  # Each with the first lines of its message, cut short.
  grep -A3 -E "^\s*failed [A-Za-z_]" "$log" | cut -c1-240 | sed -E "s/^/  $name: /" >> "$logs/failures.txt"
  # A test process can also fail after its tests (a crash, or threads left running at exit): say so by name too.
  grep -E "FATAL ERROR|didn't exit gracefully|Test host process crashed" "$log" | cut -c1-240 | sed -E "s/^/  $name: /" >> "$logs/failures.txt"
  printf -v "${name}_passed" '%s' "${p:-?}"
  printf -v "${name}_failed" '%s' "${f:-?}"
}

echo "== dotnet test (every test project but the browser suite)"
RunBrowserTests=false run_tests dotnet "$logs/dotnet.log" --solution OpenChat.Chain.sln

# The integration suites once more on PostgreSQL: a private cluster of this run's own (scripts/postgres.sh), each test
# host on a fresh database of its own (tests/Support/TestDatabase.cs). Deleted afterwards, so every run starts clean.
echo "== dotnet test on PostgreSQL (tests/Api.Tests)"
export OPENCHAT_PG_PORT=${OPENCHAT_TEST_PG_PORT:-55433} OPENCHAT_PG_DIR=${TMPDIR:-/tmp}/openchat-test-pg-${OPENCHAT_TEST_PG_PORT:-55433}
bash scripts/postgres.sh destroy
if pg_server=$(bash scripts/postgres.sh start postgres); then
  OPENCHAT_TEST_DATABASE=postgres OPENCHAT_TEST_POSTGRES=$pg_server RunBrowserTests=false \
    run_tests dotnet_pg "$logs/dotnet-pg.log" --project tests/Api.Tests
  bash scripts/postgres.sh destroy
else
  broken=1
fi
unset OPENCHAT_PG_PORT OPENCHAT_PG_DIR

echo "== browser tests (Chromium)"
run_tests browser "$logs/browser.log" --project tests/Browser.Tests

# The failing tests by name, last, so a truncated log still says which ones.
if [ -s "$logs/failures.txt" ]; then echo "failing tests:"; cat "$logs/failures.txt"; fi
grep -E "^\[FAIL\]" "$logs/forge.log" | sed -E "s/^/  forge: /"
rm -rf "$logs"
echo "forge: ${forge_line:-no result}"
echo "dotnet: ${dotnet_passed:-?} passed, ${dotnet_failed:-?} failed"
echo "dotnet (postgres): ${dotnet_pg_passed:-?} passed, ${dotnet_pg_failed:-?} failed"
echo "browser: ${browser_passed:-?} passed, ${browser_failed:-?} failed"
[ "$broken" -eq 0 ] || echo "a suite did not run to completion (see above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
