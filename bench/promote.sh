#!/usr/bin/env bash
# Promotion by digest, process start to exit: `bosun build-tag-push --mode promote` against `skopeo copy` (the usual
# tool for copying images between registries without a daemon), on an image with one layer of SIZE_MB random bytes,
# between Debian docker-registry instances on loopback. Each cross-registry copy goes to a registry of its own, started
# for that round, so neither tool can mount a blob an earlier round left there (skopeo's blob cache would). Median and p90 of N rounds (default 10); the variants are
# interleaved round by round, so a change in machine load hits them all alike.
#
#   bench/promote.sh [RUNS] [SIZE_MB]     needs target/bosun.jar, docker-registry, buildah, skopeo (.ci/prepare)
#
# Prints a Markdown table; raw figures go to bench/out/promote-*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
size=${2:-20}
[ -f target/bosun.jar ] || { echo "target/bosun.jar missing; run ./mvnw -DskipTests package" >&2; exit 2; }
for tool in /usr/bin/docker-registry buildah skopeo; do
  command -v "$tool" >/dev/null || { echo "$tool missing; run .ci/prepare" >&2; exit 2; }
done

out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_registry() { # name -> sets $host; not in a subshell, so the pid is kept for the cleanup
  local port; port=$(free_port)
  mkdir -p "$work/$1"
  cat > "$work/$1/config.yml" <<YML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/$1/data } }
http: { addr: 127.0.0.1:$port }
YML
  /usr/bin/docker-registry serve "$work/$1/config.yml" >"$work/$1/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.05; done
  host="127.0.0.1:$port"
}
start_registry a; a=$host

# the source image: FROM scratch with one layer of random bytes (incompressible, so the copy moves SIZE_MB)
ctx="$work/ctx"; mkdir -p "$ctx"
head -c "$((size * 1024 * 1024))" /dev/urandom > "$ctx/blob.bin"
printf 'FROM scratch\nCOPY blob.bin /blob.bin\n' > "$ctx/Containerfile"
bh=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs)
"${bh[@]}" bud --quiet -f "$ctx/Containerfile" -t "$a/src/app:v1" "$ctx" >/dev/null
"${bh[@]}" push --quiet --tls-verify=false "$a/src/app:v1" "docker://$a/src/app:v1"

bosun() { BOSUN_JAVA=${BOSUN_BENCH_JDK:+$BOSUN_BENCH_JDK/bin/java} bin/bosun build-tag-push --mode promote "$@"; }
declare -A cmd
order=(bosun-retag bosun-mount skopeo-mount bosun-copy skopeo-copy)
for name in "${order[@]}"; do : > "$out/promote-$name.txt"; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
TIMEFORMAT='%3R'
for ((i = 0; i <= runs; i++)); do
  start_registry "b$i"; b=$host
  start_registry "d$i"; d=$host
  cmd[bosun-retag]="bosun --image $a/src/app --source v1 --extra-tags r$i"
  cmd[bosun-mount]="bosun --image $a/m$i/app --source $a/src/app:v1 --extra-tags v1"
  cmd[skopeo-mount]="skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false docker://$a/src/app:v1 docker://$a/s$i/app:v1"
  cmd[bosun-copy]="bosun --image $b/c$i/app --source $a/src/app:v1 --extra-tags v1"
  cmd[skopeo-copy]="skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false docker://$a/src/app:v1 docker://$d/k$i/app:v1"
  for name in "${order[@]}"; do
    # shellcheck disable=SC2086
    t=$( { time ${cmd[$name]} >/dev/null 2>"$work/err"; } 2>&1 ) || { cat "$work/err" >&2; exit 1; }
    # the first round warms the page cache and is not counted
    [ "$i" -gt 0 ] && echo "$t" >> "$out/promote-$name.txt"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# every copy must have kept the digest, or the timing compares different work
digest() {
  curl -fsSI -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$1/v2/$2/manifests/$3" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}'
}
src=$(digest "$a" src/app v1)
for check in "$a m$runs/app" "$a s$runs/app" "$b c$runs/app" "$d k$runs/app"; do
  set -- $check
  [ "$(digest "$1" "$2" v1)" = "$src" ] || { echo "$1/$2:v1 does not have the source digest $src" >&2; exit 1; }
done

pct() { sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int((NR-1)*p+0.5)+1; print a[i]}'; }
echo "| variant (${size} MB layer, $runs runs) | median s | p90 s |"
echo "|---|---|---|"
for name in "${order[@]}"; do
  echo "| $name | $(pct "$out/promote-$name.txt" 0.5) | $(pct "$out/promote-$name.txt" 0.9) |"
done
echo
echo "All copies have the source digest $src."
echo "$(nproc) cores, load average before $load_before, after $load_after"
