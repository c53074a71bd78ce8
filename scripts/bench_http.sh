#!/usr/bin/env bash
# HTTP benchmark of /api/search: wrk (Debian) on loopback against the
# release binary serving the corpus.
#
#   bash scripts/bench_http.sh
#
# Ingests ../shared/corpus (or samples/ when it is absent) into a temporary
# store, serves it on a free 127.0.0.1 port, and runs
#   1. wrk -t2 -c32 -d30s --latency on one query (审计监督), and
#   2. the same over a mix of queries (words, a phrase, AND/NOT, a 文号,
#      a filter) cycled by a small Lua script,
# printing wrk's report (req/s, latency percentiles). Installs wrk with
# apt-get when it is missing. Env: BENCH_DURATION (default 30s),
# BENCH_CONNECTIONS (default 32), BENCH_THREADS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${BENCH_DURATION:-30s}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (apt)" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --locked -p gongwen-cli
BIN="$ROOT/target/release/gongwen"

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -d "$ROOT/../shared/corpus" ]; then
  INPUT="$ROOT/../shared/corpus"
else
  echo "note: ../shared/corpus is absent; benchmarking samples/ instead" >&2
  INPUT="$ROOT/samples"
fi
"$BIN" --store "$WORK/store" ingest "$INPUT" >"$WORK/ingest.log"
tail -n 1 "$WORK/ingest.log"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
"$BIN" --store "$WORK/store" --today 2024-06-01 serve --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "$BASE/api/stats" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

QUERIES=(
  "审计监督"
  "养老服务"
  "\"大气污染防治\""
  "食品安全 AND 黑名单"
  "政务公开 NOT 网站"
  "廊政〔2015〕12号"
  "无偿献血"
  "营商环境"
)
FILTERED="/api/search?q=$(enc "工作方案")&year=2021"

# Every query answers 200 before timing anything.
for q in "${QUERIES[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/search?q=$(enc "$q")")
  [ "$code" = 200 ] || { echo "query $q answered $code" >&2; exit 1; }
done
curl -fsS -o /dev/null "$BASE$FILTERED"

{
  echo 'local paths = {'
  for q in "${QUERIES[@]}"; do echo "  \"/api/search?q=$(enc "$q")\","; done
  echo "  \"$FILTERED\","
  echo '}'
  cat <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
LUA
} >"$WORK/mix.lua"

check() {
  if grep -q -E "Non-2xx|Socket errors" "$1"; then
    echo "wrk saw errors:" >&2
    grep -E "Non-2xx|Socket errors" "$1" >&2
    exit 1
  fi
}

echo
echo "== 1. one query: GET /api/search?q=审计监督 =="
echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency $BASE/api/search?q=$(enc 审计监督)"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$BASE/api/search?q=$(enc 审计监督)" | tee "$WORK/one.txt"
check "$WORK/one.txt"

echo
echo "== 2. a mix of ${#QUERIES[@]} queries and one filtered search (Lua) =="
echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency -s mix.lua $BASE"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$WORK/mix.lua" "$BASE" | tee "$WORK/mix.txt"
check "$WORK/mix.txt"
