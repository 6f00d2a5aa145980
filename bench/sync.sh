#!/usr/bin/env bash
# Synchronous endpoint under load: 100-record requests (?detail=summary), every answer audited before it leaves.
#   bench/sync.sh                 H2 (the default database)
#   DB=pg bench/sync.sh           PostgreSQL at $PG_URL (default jdbc:postgresql://127.0.0.1:5432/test)
# Closed loop with wrk at 8 and 2 connections, then open loop at 200 requests/s with `listguard bench http`.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
SECONDS_EACH=${SECONDS_EACH:-20}
BODY=$(mktemp /tmp/listguard-body.XXXXXX.json)
export BODY
python3 bench/body.py 100 >"$BODY"
trap 'stop_service; rm -f "$BODY"' EXIT
start_service
url="http://127.0.0.1:$PORT/api/v1/evaluations?detail=summary"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary @"$BODY" "$url")
[ "$code" = 200 ] || { echo "a test request answered $code" >&2; exit 1; }
echo "== warm-up (10 s, 4 connections)"
wrk -t2 -c4 -d10s -s bench/post.lua "$url" >/dev/null
# the service's own CPU time per request (user + system), a figure less sensitive than latency to what else runs
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat"; }
for c in 8 2; do
  echo "== wrk -t2 -c$c -d${SECONDS_EACH}s ($DB)"
  before=$(cpu_ticks)
  out=$(wrk -t2 -c$c -d${SECONDS_EACH}s --latency -s bench/post.lua "$url")
  after=$(cpu_ticks)
  echo "$out" | grep -E 'requests in|Requests/sec|Non-2xx|Socket errors| (50|90|99)%'
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  python3 -c "print(f'service CPU per request: {($after - $before) * 1000 / $(getconf CLK_TCK) / $n:.2f} ms')"
done
echo "== open loop, 200 requests/s for ${SECONDS_EACH} s ($DB)"
$LISTGUARD bench http --url "http://127.0.0.1:$PORT" --rate 200 --seconds "$SECONDS_EACH" --records 100 --key "$KEY" | tail -2
