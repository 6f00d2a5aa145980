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
for c in 8 2; do
  echo "== wrk -t2 -c$c -d${SECONDS_EACH}s ($DB)"
  wrk -t2 -c$c -d${SECONDS_EACH}s --latency -s bench/post.lua "$url" | grep -E 'Requests/sec|Non-2xx|Socket errors| (50|90|99)%'
done
echo "== open loop, 200 requests/s for ${SECONDS_EACH} s ($DB)"
$LISTGUARD bench http --url "http://127.0.0.1:$PORT" --rate 200 --seconds "$SECONDS_EACH" --records 100 --key "$KEY" | tail -2
