#!/usr/bin/env bash
# Benchmark, not a test: bosun db-migrate against Flyway on the same PostgreSQL, in one run.
#  1. apply N (default 1,000) small migrations to an empty database, with bosun and with Flyway (each a fresh JVM,
#     same JVM flags), and print the ratio bosun/Flyway;
#  2. time `db-migrate --mode status` over STATUS_N (default 10,000) migration files, all applied.
# Needs: a PostgreSQL where the user may create databases (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres),
# psql, a JDK 21+. Flyway is a benchmark-only dependency (bench/pom.xml), never part of bosun's jar.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
STATUS_N=${STATUS_N:-10000}
export PGOPTIONS="-c client_min_messages=warning" PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
jdbc() { echo "jdbc:postgresql://$PGHOST:$PGPORT/$1?user=$PGUSER${PGPASSWORD:+&password=$PGPASSWORD}"; }
work=target/bench
mkdir -p "$work"

java_bin=${BOSUN_JAVA:-}
if [ -z "$java_bin" ]; then
  for c in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -r) "$(command -v java)"; do
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ]; then java_bin=$c; break; fi
  done
fi
jvm_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"   # the flags bin/bosun uses

[ -f target/bosun.jar ] || ./mvnw -q -DskipTests package
./mvnw -q -f bench/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$work/lib" >/dev/null
"${java_bin%/java}/javac" -d "$work/classes" -cp "$work/lib/*" bench/FlywayRun.java

gen() { # gen DIR COUNT: Flyway-named files, which both tools read
  rm -rf "$1"; mkdir -p "$1"
  for i in $(seq 1 "$2"); do
    printf 'CREATE TABLE t%d (id int PRIMARY KEY, name text NOT NULL);\nINSERT INTO t%d VALUES (1, %s);\n' \
      "$i" "$i" "'row $i'" > "$1/V${i}__table_$i.sql"
  done
}
fresh() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; }
ms() { date +%s%N | cut -c1-13; }

echo "machine: $(nproc) cpu, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB"
echo "postgres: $(psql -At -d postgres -c 'SHOW server_version') on $PGHOST:$PGPORT; java: $("$java_bin" -version 2>&1 | head -1)"

gen "$work/m$N" "$N"
ROUNDS=${ROUNDS:-3}
run_bosun() {
  fresh bench_bosun
  local t0; t0=$(ms)
  BOSUN_JAVA=$java_bin bin/bosun db-migrate --dir "$work/m$N" --database-url "$(jdbc bench_bosun)" > "$work/bosun-apply.log"
  echo $(( $(ms) - t0 ))
}
run_flyway() {
  fresh bench_flyway
  local t0; t0=$(ms)
  "$java_bin" $jvm_opts -cp "$work/classes:$work/lib/*" FlywayRun "$(jdbc bench_flyway)" "$PGUSER" "$PWD/$work/m$N" > "$work/flyway-apply.log"
  echo $(( $(ms) - t0 ))
}
# The machine may be shared: alternate which tool goes first, and compare each tool's best round.
best_b=; best_f=
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then b=$(run_bosun); f=$(run_flyway); else f=$(run_flyway); b=$(run_bosun); fi
  echo "round $round: apply $N migrations: bosun ${b} ms, flyway ${f} ms"
  if [ -z "$best_b" ] || [ "$b" -lt "$best_b" ]; then best_b=$b; fi
  if [ -z "$best_f" ] || [ "$f" -lt "$best_f" ]; then best_f=$f; fi
done
check_b=$(psql -At -d bench_bosun -c "SELECT count(*) FROM bosun_schema_history")
check_f=$(psql -At -d bench_flyway -c "SELECT count(*) FROM flyway_schema_history WHERE success")
echo "apply $N migrations, best of $ROUNDS: bosun ${best_b} ms ($check_b recorded), flyway ${best_f} ms ($check_f recorded), ratio bosun/flyway $(awk "BEGIN{printf \"%.2f\", $best_b/$best_f}")"

gen "$work/s$STATUS_N" "$STATUS_N"
fresh bench_status
BOSUN_JAVA=$java_bin bin/bosun db-migrate --dir "$work/s$STATUS_N" --database-url "$(jdbc bench_status)" > /dev/null
best=
for run in 1 2 3; do
  s0=$(ms)
  BOSUN_JAVA=$java_bin bin/bosun db-migrate --mode status --dir "$work/s$STATUS_N" --database-url "$(jdbc bench_status)" > "$work/status.log"
  s1=$(ms)
  d=$((s1 - s0)); echo "status over $STATUS_N files, run $run: ${d} ms"
  if [ -z "$best" ] || [ "$d" -lt "$best" ]; then best=$d; fi
done
echo "status over $STATUS_N files: best ${best} ms (whole process, JVM start included); $(grep -c 'applied$' "$work/status.log" || true) reported applied"

for db in bench_bosun bench_flyway bench_status; do psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
