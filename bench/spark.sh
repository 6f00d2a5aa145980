#!/usr/bin/env bash
# The Spark job on local[1] and local[2] and the CLI on the same synthetic file of N records (default 1,000,000), in
# one run, and their verdicts compared (every row, byte for byte, once sorted). Needs both builds:
#   mvn -B -q install -DskipTests && mvn -B -q -f spark/pom.xml package -DskipTests
#   bench/spark.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
WORK=${WORK:-/tmp/listguard-spark-bench}
rm -rf "$WORK" && mkdir -p "$WORK"
CAMPAIGN=docs/examples/bulk-request.json
java -cp target/listguard-core.jar bench/SyntheticCsv.java "$N" "$WORK/records.csv"
ls -l "$WORK/records.csv"

now() { date +%s.%N; }
run() { # label, command...
  local label=$1; shift
  local t0 t1
  t0=$(now)
  "$@" >"$WORK/$label.out" 2>"$WORK/$label.err"
  t1=$(now)
  echo "$label: wall $(echo "$t1 - $t0" | bc) s; $(tail -1 "$WORK/$label.out")"
}

# the policy compiled once into the shared cache, so that no run below pays the compile
java -jar target/listguard.jar evaluate --campaign "$CAMPAIGN" --records docs/examples/records.csv --out "$WORK/warm.csv" >/dev/null 2>&1
java -jar spark/target/listguard-spark.jar --master 'local[1]' --campaign "$CAMPAIGN" --records docs/examples/records.csv --out "$WORK/warm" >/dev/null 2>&1

run cli java -Xmx2g -jar target/listguard.jar --lang en evaluate --campaign "$CAMPAIGN" --records "$WORK/records.csv" --out "$WORK/cli.csv"
for m in 1 2; do
  run "spark-local$m" java -Xmx4g -jar spark/target/listguard-spark.jar --master "local[$m]" --conf spark.ui.enabled=false --lang en \
      --campaign "$CAMPAIGN" --records "$WORK/records.csv" --out "$WORK/spark-local$m"
done

sorted() { tail -n +2 -q "$@" | LC_ALL=C sort; }
for m in 1 2; do
  if cmp -s <(sorted "$WORK/cli.csv") <(sorted "$WORK"/spark-local$m/verdicts/part-*.csv) \
     && cmp -s <(sorted "$WORK/cli.errors.csv") <(sorted "$WORK"/spark-local$m/errors/part-*.csv); then
    echo "local[$m]: verdicts and rejected lines identical to the CLI's ($(sorted "$WORK/cli.csv" | wc -l) verdicts, $(sorted "$WORK/cli.errors.csv" | wc -l) rejected)"
  else
    echo "local[$m]: DIFFERENT from the CLI's" && exit 1
  fi
done
grep -h "lines read" "$WORK/cli.out" "$WORK/spark-local2.out"
