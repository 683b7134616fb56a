#!/usr/bin/env bash
# A private Redis for this checkout: redis-server from Debian's package on 127.0.0.1, its own port and folder, no
# persistence (a backplane and caches, nothing to keep). Never the system service or the default port 6379.
#   bash scripts/redis.sh start   # starts it unless it already answers; prints the connection string
#   bash scripts/redis.sh url     # prints the connection string (ConnectionStrings:Redis)
#   bash scripts/redis.sh stop    # stops it (nothing when it is not running)
# REDIS_PORT (default 6391) and REDIS_DIR (default ./data/redis) choose another server, e.g. one per test run.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${REDIS_PORT:-6391}
dir=${REDIS_DIR:-$PWD/data/redis}
url="127.0.0.1:$port"

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; }

case "${1:-}" in
  start)
    command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
    if ! answers; then
      mkdir -p "$dir"
      redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
      for _ in $(seq 1 100); do answers && break; sleep 0.1; done
      answers || { echo "redis-server did not answer on $url (see $dir/redis.log)" >&2; exit 1; }
    fi
    echo "$url"
    ;;
  url)
    echo "$url"
    ;;
  stop)
    if answers; then redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true; fi
    for _ in $(seq 1 50); do answers || break; sleep 0.1; done
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
