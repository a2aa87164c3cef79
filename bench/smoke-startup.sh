#!/usr/bin/env bash
# Process start to exit of `bosun smoke-check` on one passing URL served locally, median of N runs (default 20),
# for the plain jar and with the JDK 25 AOT cache, with `curl -fsS` on the same URL in the same run as the floor.
# The variants are interleaved round by round, so a change in machine load hits them all alike.
#
#   bench/smoke-startup.sh [RUNS]          needs target/bosun.jar (./mvnw -DskipTests package), a JDK 25, curl
#
#   BOSUN_BENCH_JDK   the JDK 25 home (default: the newest /usr/lib/jvm/*25*)
#   BOSUN_BENCH_PREFIX  also time an installed tree from `.ci/build-runtime link/train` (jlink runtime + its cache)
#
# Prints a Markdown table (wall-clock median and p90, and median CPU time user+sys) and keeps raw figures in
# bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
jdk=${BOSUN_BENCH_JDK:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -r | head -1)}
java="$jdk/bin/java"
jar=target/bosun.jar
[ -x "$java" ] || { echo "no JDK 25 found; set BOSUN_BENCH_JDK" >&2; exit 2; }
[ -f "$jar" ] || { echo "$jar missing; run ./mvnw -DskipTests package" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed for the floor" >&2; exit 2; }

out=bench/out
mkdir -p "$out"
www=$(mktemp -d)
echo ok > "$www/health"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18123)
"$java" -m jdk.httpserver -b 127.0.0.1 -p "$port" -d "$www" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$www"' EXIT
url="http://127.0.0.1:$port/health"
for _ in $(seq 1 100); do curl -fsS "$url" >/dev/null 2>&1 && break; sleep 0.1; done

# The AOT cache the launcher uses beside the jar, trained on this very command.
aot=target/bosun.aot
if [ ! -f "$aot" ] || [ "$aot" -ot "$jar" ]; then
  rm -f "$aot"
  BOSUN_JAVA="$java" BOSUN_AOT_TRAIN="$aot" bin/bosun smoke-check --url "$url" >/dev/null 2>"$out/train.log"
fi

declare -A cmd
cmd[curl]="curl -fsS $url"
cmd[jar]="$java -jar $jar smoke-check --url $url"
cmd[launcher]="env BOSUN_JAVA=$java BOSUN_AOT_CACHE=/nonexistent bin/bosun smoke-check --url $url"
cmd[aot]="env BOSUN_JAVA=$java bin/bosun smoke-check --url $url"
order=(curl jar launcher aot)
if [ -n "${BOSUN_BENCH_PREFIX:-}" ]; then
  cmd[image]="$BOSUN_BENCH_PREFIX/bin/bosun smoke-check --url $url"
  order+=(image)
fi

for name in "${order[@]}"; do : > "$out/$name.txt"; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
TIMEFORMAT='%3R %3U %3S'
for ((i = 0; i < runs + 1; i++)); do
  for name in "${order[@]}"; do
    # shellcheck disable=SC2086
    t=$( { time ${cmd[$name]} >/dev/null 2>&1; } 2>&1 )
    # the first round warms the page cache and is not counted
    [ "$i" -gt 0 ] && echo "$t" >> "$out/$name.txt"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

stats() { # median and p90 wall ms, median cpu ms
  awk '{print $1*1000, ($2+$3)*1000}' "$1" | sort -n -k1,1 | awk '{w[NR]=$1} END {printf "%d %d", w[int((NR+1)/2)], w[int(NR*0.9+0.5)]}'
  printf ' '
  awk '{print ($2+$3)*1000}' "$1" | sort -n | awk '{c[NR]=$1} END {printf "%d\n", c[int((NR+1)/2)]}'
}
label() {
  case $1 in
    curl) echo 'curl -fsS (floor)' ;;
    jar) echo 'java -jar target/bosun.jar (plain jar, JVM defaults)' ;;
    launcher) echo 'bin/bosun, no AOT cache (C1 only, SerialGC)' ;;
    aot) echo 'bin/bosun with the JDK 25 AOT cache' ;;
    image) echo 'installed tree: jlink runtime + AOT cache' ;;
  esac
}

{
  echo "smoke-check start-up, $runs runs each, $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$("$java" -version 2>&1 | head -1), load average $load_before before and $load_after after"
  echo
  echo "| command | median wall | p90 wall | median CPU (user+sys) |"
  echo "| --- | ---: | ---: | ---: |"
  for name in "${order[@]}"; do
    read -r med p90 cpu < <(stats "$out/$name.txt")
    echo "| $(label "$name") | $med ms | $p90 ms | $cpu ms |"
  done
} | tee "$out/summary.md"
