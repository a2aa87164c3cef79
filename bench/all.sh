#!/usr/bin/env bash
# Benchmark, not a test: every comparison of docs/performance.md in one run, each against what it is measured beside,
# with the variants interleaved round by round so a change in machine load hits them alike. Whole processes, start to
# exit. Prints one Markdown table with ratios, the machine and its load, and keeps every raw figure (ms, one per line)
# in bench/out/all-<time>/ so a later run can be compared.
#
#   bench/all.sh [ROUNDS]        default 3 rounds; the median of the rounds is reported
#
#   APPLY_SIZES="1000 10000"     migrations applied (bosun, Flyway, psql -f one transaction each)
#   STATUS_SIZES="1000 10000"    applied files for `db-migrate --mode status` (beside sha256sum + psql reading the rows)
#   URL_COUNTS="1 8 50"          URLs per smoke-check (beside node + @actions/core + fetch, a JavaScript action)
#   PROMOTE=1                    also run bench/promote.sh (retag, mount, cross-registry copy beside skopeo copy)
#
# Needs target/bosun.jar, a JDK 25 (AOT cache), PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres)
# with psql, node and npm (@actions/core is installed into bench/node from its lock file), and for PROMOTE
# docker-registry, buildah and skopeo (.ci/prepare installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
APPLY_SIZES=${APPLY_SIZES:-1000 10000}
STATUS_SIZES=${STATUS_SIZES:-1000 10000}
URL_COUNTS=${URL_COUNTS:-1 8 50}
PROMOTE=${PROMOTE:-1}
export PGOPTIONS="-c client_min_messages=warning" PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

jdk=${BOSUN_BENCH_JDK:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -r | head -1)}
java="$jdk/bin/java"
jar=target/bosun.jar
[ -x "$java" ] || { echo "no JDK 25 found; set BOSUN_BENCH_JDK" >&2; exit 2; }
[ -f "$jar" ] || { echo "$jar missing; run ./mvnw -DskipTests package" >&2; exit 2; }
for tool in psql node npm curl sha256sum; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

out="bench/out/all-$(date -u +%Y%m%dT%H%M%SZ)"
work=target/bench
mkdir -p "$out" "$work"
(cd bench/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
./mvnw -q -f bench/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$work/lib" >/dev/null
"$jdk/bin/javac" -d "$work/classes" -cp "$work/lib/*" bench/FlywayRun.java
jvm_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"   # the flags bin/bosun uses

jdbc() { echo "jdbc:postgresql://$PGHOST:$PGPORT/$1?user=$PGUSER${PGPASSWORD:+&password=$PGPASSWORD}"; }
fresh() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; }
ms() { date +%s%N | cut -c1-13; }
# timed NAME CMD...: runs CMD, appends its wall time in ms to $out/NAME.txt; a failing command stops the benchmark
timed() {
  local name=$1; shift
  local t0; t0=$(ms)
  "$@" >"$work/last.out" 2>"$work/last.err" || { echo "$name failed:" >&2; tail -5 "$work/last.err" >&2; exit 1; }
  echo $(( $(ms) - t0 )) >> "$out/$name.txt"
}
median() { sort -n "$out/$1.txt" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bosun() { BOSUN_JAVA=$java bin/bosun "$@"; }

gen() { # gen DIR COUNT: Flyway-named files, which both tools read, and the psql floor's script
  [ -f "$1/.done" ] && return
  rm -rf "$1"; mkdir -p "$1"
  : > "$1.psql"
  for i in $(seq 1 "$2"); do
    printf 'CREATE TABLE t%d (id int PRIMARY KEY, name text NOT NULL);\nINSERT INTO t%d VALUES (1, %s);\n' \
      "$i" "$i" "'row $i'" > "$1/V${i}__table_$i.sql"
    printf 'BEGIN;\n\\i %s\nCOMMIT;\n' "$PWD/$1/V${i}__table_$i.sql" >> "$1.psql"
  done
  touch "$1/.done"
}

# The AOT cache the launcher uses beside the jar, trained on the commands measured here.
aot=target/bosun.aot
if [ ! -f "$aot" ] || [ "$aot" -ot "$jar" ]; then
  rm -f "$aot"
  BOSUN_JAVA="$java" BOSUN_AOT_TRAIN="$aot" bin/bosun --version >/dev/null 2>"$out/train.log"
fi

www=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$www"' EXIT
for i in $(seq 1 50); do echo ok > "$www/health$i"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$java" -m jdk.httpserver -b 127.0.0.1 -p "$port" -d "$www" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health1" >/dev/null 2>&1 && break; sleep 0.1; done

for n in $APPLY_SIZES $STATUS_SIZES; do gen "$work/m$n" "$n"; done
for n in $STATUS_SIZES; do # status needs every file applied, once, by bosun
  fresh "bench_status_$n"
  bosun db-migrate --dir "$work/m$n" --database-url "$(jdbc "bench_status_$n")" >/dev/null
done

: > "$work/node-output"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  timed version-jar "$java" -jar "$jar" --version
  timed version-launcher bosun --version
  timed help-launcher bosun smoke-check --help
  timed version-node node bench/node/version.mjs
  for k in $URL_COUNTS; do
    urls=(); list=""
    for i in $(seq 1 "$k"); do urls+=(--url "http://127.0.0.1:$port/health$i"); list+="http://127.0.0.1:$port/health$i"$'\n'; done
    timed "smoke-$k-bosun" bosun smoke-check "${urls[@]}"
    timed "smoke-$k-node" env INPUT_URL="$list" GITHUB_OUTPUT="$work/node-output" node bench/node/smoke.mjs
  done
  for n in $STATUS_SIZES; do
    timed "status-$n-bosun" bosun db-migrate --mode status --dir "$work/m$n" --database-url "$(jdbc "bench_status_$n")"
    timed "status-$n-floor" bash -c "sha256sum $work/m$n/*.sql >/dev/null && psql -At -d bench_status_$n -c 'SELECT * FROM bosun_schema_history' >/dev/null"
  done
  for n in $APPLY_SIZES; do
    fresh bench_apply; timed "apply-$n-bosun" bosun db-migrate --dir "$work/m$n" --database-url "$(jdbc bench_apply)"
    fresh bench_apply; timed "apply-$n-flyway" "$java" $jvm_opts -cp "$work/classes:$work/lib/*" FlywayRun "$(jdbc bench_apply)" "$PGUSER" "$PWD/$work/m$n"
    fresh bench_apply; timed "apply-$n-psql" psql -q -v ON_ERROR_STOP=1 -d bench_apply -f "$work/m$n.psql"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

row() { # row WORK BOSUN BESIDE LABEL
  local b f; b=$(median "$2"); f=$(median "$3")
  printf '| %s | %s ms | %s: %s ms | %s |\n' "$1" "$b" "$4" "$f" "$(awk "BEGIN{printf \"%.2f×\", $b/$f}")"
}
{
  echo "bench/all.sh, $rounds rounds, medians; $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$("$java" -version 2>&1 | head -1); PostgreSQL $(psql -At -d postgres -c 'SHOW server_version');"
  echo "node $(node --version); load average $load_before before, $load_after after; raw figures in $out/"
  echo
  echo "| work | bosun | beside it | ratio |"
  echo "|---|---|---|---|"
  for n in $APPLY_SIZES; do
    row "apply $n migrations" "apply-$n-bosun" "apply-$n-psql" "psql -f, one transaction each"
    row "apply $n migrations" "apply-$n-bosun" "apply-$n-flyway" "Flyway"
  done
  for n in $STATUS_SIZES; do
    row "\`db-migrate --mode status\`, $n applied files" "status-$n-bosun" "status-$n-floor" "sha256sum + psql reading the rows"
  done
  for k in $URL_COUNTS; do
    row "smoke-check of $k local URL(s), launcher + AOT" "smoke-$k-bosun" "smoke-$k-node" "node + @actions/core + fetch"
  done
  row "\`--version\`, plain jar" version-jar version-node "node loading @actions/core"
  row "\`--version\`, launcher + AOT" version-launcher version-node "node loading @actions/core"
  row "\`smoke-check --help\`, launcher + AOT" help-launcher version-node "node loading @actions/core"
} | tee "$out/summary.md"

if [ "$PROMOTE" = 1 ]; then
  echo
  bench/promote.sh "$rounds" | tee "$out/promote.md"
  cp bench/out/promote-*.txt "$out/" 2>/dev/null || true
fi
