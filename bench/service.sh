# Sourced by sync.sh and bulk.sh: starts listguard on $PORT with a bench API key, on H2 (a fresh data dir) or,
# with DB=pg, on PostgreSQL ($PG_URL, a fresh schema dropped afterwards). LISTGUARD is the command that runs it
# (default: java -jar target/listguard.jar).
PORT=${PORT:-8099}
DB=${DB:-h2}
LISTGUARD=${LISTGUARD:-java -jar target/listguard.jar}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
KEY=bench-evaluator-key-0123456789
export KEY
DATA=$(mktemp -d /tmp/listguard-bench-data.XXXXXX)
SCHEMA=bench_$(date +%s)_$$
args=(--server.port=$PORT --listguard.data-dir=$DATA --listguard.security.keys[0].name=bench
      --listguard.security.keys[0].key=$KEY --listguard.security.keys[0].roles=EVALUATOR
      # wrk's closed loop goes well past one key's default rate (6000 a minute): the bench measures the service, not the limit
      --listguard.security.throttle.requests=100000000)
if [ "$DB" = pg ]; then
  args+=(--spring.datasource.url="$PG_URL?currentSchema=$SCHEMA" --spring.datasource.username=${PG_USER:-postgres}
         --spring.flyway.schemas=$SCHEMA --spring.flyway.create-schemas=true)
fi

start_service() {
  $LISTGUARD "${args[@]}" "$@" >"$DATA/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "localhost:$PORT/actuator/health" >/dev/null && return 0
    sleep 1
  done
  echo "service did not start; see $DATA/service.log" >&2
  return 1
}

stop_service() {
  kill "$SERVICE_PID" 2>/dev/null
  wait "$SERVICE_PID" 2>/dev/null
  if [ "$DB" = pg ]; then
    psql -q -h 127.0.0.1 -U ${PG_USER:-postgres} -d test -c "drop schema if exists $SCHEMA cascade" >/dev/null
  fi
  rm -rf "$DATA"
}
