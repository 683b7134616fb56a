#!/usr/bin/env bash
# Installs the pinned chain toolchain (forge, anvil, cast, solc-js, OpenZeppelin) from npm when missing
# or out of date, then compiles the contracts. Forge's build is incremental: a no-op takes under a second.
set -euo pipefail
cd "$(dirname "$0")/../contracts"
if [ ! -x node_modules/.bin/forge ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
export HOME="$PWD/.home" PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p "$HOME"
forge build --quiet
