#!/usr/bin/env bash
# A bulk job of N records (default 1,000,000) through the REST API with its audit trail, timed from the upload to
# COMPLETED, and the CLI on the same file in the same run.
#   bench/bulk.sh [N]             H2
#   DB=pg bench/bulk.sh [N]       PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/service.sh
N=${1:-1000000}
RECORDS=${RECORDS:-/tmp/listguard-bench-$N.ndjson}
[ -s "$RECORDS" ] || python3 ../shared/peers/gen.py "$N" "$RECORDS"
CAMPAIGN=$(mktemp /tmp/listguard-campaign.XXXXXX.json)
cat >"$CAMPAIGN" <<JSON
{"campaign": {"id": "BENCH", "audience": "CONSUMER", "channel": "EMAIL", "offerCategory": "CHILDCARE", "startDate": "2026-12-01",
  "sender": {"name": "Acme", "identified": true}, "optOut": "LINK", "sourceDisclosed": true},
 "file": {"id": "F-BENCH", "provider": {"name": "DataCo", "certifications": ["SNCD"], "certifiedUntil": "2027-06-30"},
  "pricePerThousand": 300.0, "currency": "EUR"}}
JSON
trap 'stop_service; rm -f "$CAMPAIGN" /tmp/listguard-bench-verdicts.csv /tmp/listguard-bench-verdicts.errors.csv' EXIT

if [ "${SKIP_CLI:-}" != 1 ]; then
  t0=$(date +%s.%N)
  ${LISTGUARD_CLI:-java -Xmx256m -jar target/listguard.jar} evaluate --campaign "$CAMPAIGN" --records "$RECORDS" \
      --out /tmp/listguard-bench-verdicts.csv </dev/null >/dev/null 2>&1
  t1=$(date +%s.%N)
  python3 -c "print(f'CLI: $N records in {$t1-$t0:.1f} s, {$N/($t1-$t0):,.0f} records/s (whole process)')"
fi

start_service
t0=$(date +%s.%N)
job=$(curl -sf -H "Authorization: Bearer $KEY" -F "request=@$CAMPAIGN;type=application/json" -F "records=@$RECORDS" \
      "localhost:$PORT/api/v1/evaluations/bulk" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  state=$(curl -sf -H "Authorization: Bearer $KEY" "localhost:$PORT/api/v1/jobs/$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  [ "$state" = COMPLETED ] && break
  [ "$state" = FAILED ] && { echo "job failed" >&2; exit 1; }
  sleep 0.5
done
t1=$(date +%s.%N)
python3 -c "print(f'REST bulk ($DB): $N records in {$t1-$t0:.1f} s, {$N/($t1-$t0):,.0f} records/s (upload to COMPLETED)')"
