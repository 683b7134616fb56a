#!/usr/bin/env bash
# Runs every suite (forge, dotnet; browser once it exists), installing what they need first, and ends with
# one line totalling them all: "N passed, N failed". Exits non-zero when any test fails or a suite breaks.
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

echo "== dotnet test"
dotnet test --solution OpenChat.Chain.sln 2>&1 | tee "$logs/dotnet.log"
dotnet_status=${PIPESTATUS[0]}
dotnet_passed=$(grep -E "^\s+succeeded: [0-9]+" "$logs/dotnet.log" | tail -n 1 | grep -oE "[0-9]+")
dotnet_failed=$(grep -E "^\s+failed: [0-9]+" "$logs/dotnet.log" | tail -n 1 | grep -oE "[0-9]+")
if [ -n "$dotnet_passed" ] && [ -n "$dotnet_failed" ]; then
  passed=$((passed + dotnet_passed)); failed=$((failed + dotnet_failed))
else
  broken=1
fi
[ "$dotnet_status" -eq 0 ] || broken=1

rm -rf "$logs"
echo "forge: ${forge_line:-no result}"
echo "dotnet: ${dotnet_passed:-?} passed, ${dotnet_failed:-?} failed"
[ "$broken" -eq 0 ] || echo "a suite did not run to completion (see above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
