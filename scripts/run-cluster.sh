#!/usr/bin/env bash
# Runs the service as a cluster on one machine: a private PostgreSQL and Redis (Debian's packages, started by
# scripts/postgres.sh and scripts/redis.sh on 127.0.0.1), one anvil that both instances use, and two instances of
# the service on two ports sharing them. Prints both URLs; Ctrl-C stops the instances and the chain (PostgreSQL
# and Redis keep running for the next start: `bash scripts/postgres.sh stop; bash scripts/redis.sh stop`).
#   PORT_A / PORT_B   the instances' ports (default 5081, 5082)
#   ANVIL_PORT        the chain's JSON-RPC port (default 58545)
#   DATA_DIR          the folder both instances share: the sealed wallet seed, media, the chain's state
#                     (default ./data-cluster). On several machines it would be a shared volume; the database
#                     and the backplane are what the instances coordinate through.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
port_a=${PORT_A:-5081} port_b=${PORT_B:-5082} anvil_port=${ANVIL_PORT:-58545}
data=${DATA_DIR:-$root/data-cluster}

command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server; }
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql; }
bash scripts/build-contracts.sh
dotnet build src/Api -c Release -v quiet -nologo

postgres=$(bash scripts/postgres.sh start openchat_cluster)
redis=$(bash scripts/redis.sh start)
mkdir -p "$data/chain"
chmod 700 "$data"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# One chain for both instances (anvil keeps its state in the shared folder, so a restart keeps the chain).
HOME="$data/chain" contracts/node_modules/.bin/anvil --host 127.0.0.1 --port "$anvil_port" --block-time 1 --silent \
  --state "$data/chain/anvil-state.json" --state-interval 5 &
pids+=($!)
rpc="http://127.0.0.1:$anvil_port"
for _ in $(seq 1 100); do
  curl -sf -X POST -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$rpc" >/dev/null && break
  sleep 0.2
done

# The seed vault's passphrase (a chain of our own is "external" to the service, which then never uses its development
# passphrase): made once, kept beside the vault, owner-only, and handed over in the environment, never on a command line.
if [ ! -s "$data/seed-passphrase" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 > "$data/seed-passphrase")
fi
export Wallet__SeedPassphrase
Wallet__SeedPassphrase=$(cat "$data/seed-passphrase")

settings=(
  --Data:Directory="$data"
  --Database:Provider=Postgres --ConnectionStrings:Default="$postgres"
  --ConnectionStrings:Redis="$redis"
  --Chain:RpcUrl="$rpc"
  # anvil's publicly known account 0 deploys the contracts: a local chain only, never a real one.
  --Chain:DeployerPrivateKey=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
  --Wallet:FundRelayer=true # the deployer gives the relayer its gas, as on the embedded chain
)
api="$root/src/Api/bin/Release/net10.0/OpenChat.Chain.Api.dll"

wait_healthy() { # <url>: the first start deploys the contracts and creates the wallet's seed
  for _ in $(seq 1 300); do
    curl -s "$1/health" | grep -q '"status":"Healthy"' && return 0
    sleep 1
  done
  echo "run-cluster.sh: $1 did not become healthy" >&2
  return 1
}

# A first, alone until healthy: it creates the sealed seed and deploys; B then finds both.
(cd src/Api && exec dotnet "$api" --urls "http://127.0.0.1:$port_a" "${settings[@]}") &
pids+=($!)
wait_healthy "http://127.0.0.1:$port_a"
(cd src/Api && exec dotnet "$api" --urls "http://127.0.0.1:$port_b" "${settings[@]}") &
pids+=($!)
wait_healthy "http://127.0.0.1:$port_b"

echo "OpenChat.Chain cluster: http://127.0.0.1:$port_a and http://127.0.0.1:$port_b (PostgreSQL $postgres, Redis $redis, chain $rpc)"
wait -n "${pids[@]}"
