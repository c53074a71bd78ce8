#!/usr/bin/env bash
# Scale benchmark: the corpus replicated COPIES times (each copy's files
# renamed and given one more trailing newline per copy, so every file has
# distinct bytes and its own document ids), ingested into a fresh store.
#
#   COPIES=100 bash scripts/bench_scale.sh      # 12,300 documents
#   COPIES=813 bash scripts/bench_scale.sh      # ~100,000 documents
#
# Prints, as "figure: value" lines:
# - jieba-rs segmentation alone of the same files (the yardstick), and the
#   ingest (parse, store, links, search index) in MB/s and documents/s;
# - store and index size against the input bytes;
# - wall time and peak memory of `show ID`, `tasks --unit 市发改委 --format json`,
#   `search 安全生产 --json` (best of 3);
# - `serve`: time to the first answer, RSS after a few hundred mixed requests,
#   and p50/p99 under wrk (-t2 -c8, BENCH_DURATION each, default 10s) of
#   /api/documents/{id}, /doc/{id}, /api/tasks?unit=, /api/search, /api/status.
# Installs wrk with apt-get when it is missing. KEEP=DIR keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
COPIES=${COPIES:-100}
DURATION=${BENCH_DURATION:-10s}
CORPUS=${CORPUS:-$ROOT/../shared/corpus}

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (apt)" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --locked -q -p gongwen-cli
cargo build --release --locked -q -p gongwen-search --example jieba_baseline
BIN="$ROOT/target/release/gongwen"
JIEBA="$ROOT/target/release/examples/jieba_baseline"

WORK=${KEEP:-$(mktemp -d)}
mkdir -p "$WORK"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The replicated input.
IN="$WORK/in"
if [ ! -d "$IN" ]; then
  mkdir -p "$IN"
  python3 - "$CORPUS" "$IN" "$COPIES" <<'EOF'
import os, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(f for f in os.listdir(src) if f.endswith('.txt'))
for c in range(1, copies + 1):
    d = os.path.join(dst, f"copy{c // 100:03d}")
    os.makedirs(d, exist_ok=True)
    for f in files:
        data = open(os.path.join(src, f), 'rb').read()
        open(os.path.join(d, f"c{c:04d}-{f}"), 'wb').write(data + b"\n" * c)
EOF
fi
INPUT_BYTES=$(du -sb "$IN" | cut -f1)
echo "input: $COPIES copies, $(find "$IN" -name '*.txt' | wc -l) files, $((INPUT_BYTES / 1000000)) MB"

# 2. Ingest against jieba, same run.
"$JIEBA" "$IN" | tee "$WORK/jieba.txt"
JIEBA_MBS=$(sed -E 's/.* ([0-9.]+) MB\/s/\1/' "$WORK/jieba.txt")
STORE="$WORK/store"
rm -rf "$STORE"
/usr/bin/time -f "%e %M" -o "$WORK/ingest.time" "$BIN" --store "$STORE" ingest "$IN" >"$WORK/ingest.log"
tail -n 1 "$WORK/ingest.log"
read -r INGEST_S INGEST_KB <"$WORK/ingest.time"
DOCS=$("$BIN" --store "$STORE" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
python3 - "$INPUT_BYTES" "$INGEST_S" "$DOCS" "$JIEBA_MBS" "$INGEST_KB" <<'EOF'
import sys
b, s, docs, j, kb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
mbs = b / 1e6 / s
print(f"ingest: {docs} documents in {s:.1f} s: {mbs:.2f} MB/s, {docs / s:.0f} documents/s, peak {kb / 1024:.0f} MB")
print(f"ingest / jieba-rs segmentation: {mbs / j:.2f}x ({mbs:.2f} / {j:.2f} MB/s)")
EOF

# 3. Sizes.
DB_BYTES=$(du -cb "$STORE"/gongwen.db* | tail -n 1 | cut -f1)
INDEX_BYTES=$(du -sb "$STORE/index" | cut -f1)
python3 - "$INPUT_BYTES" "$DB_BYTES" "$INDEX_BYTES" <<'EOF'
import sys
i, d, x = (int(a) for a in sys.argv[1:4])
print(f"store: database {d / 1e6:.0f} MB ({d / i:.2f}x input), index {x / 1e6:.0f} MB ({x / i:.2f}x), total {(d + x) / i:.2f}x input")
EOF

# 4. CLI commands: best wall time of 3, peak memory.
ID=$("$BIN" --store "$STORE" list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[len(d)//2]["id"])')
cli() {
  local name=$1; shift
  local best=999 kb=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$WORK/cli.time" "$BIN" --store "$STORE" --today 2024-06-01 "$@" >/dev/null
    read -r s k <"$WORK/cli.time"
    best=$(python3 -c "print(min($best, $s))")
    kb=$(( k > kb ? k : kb ))
  done
  echo "cli $name: ${best} s, peak $((kb / 1024)) MB"
}
cli "show $ID" show "$ID"
cli "tasks --unit 市发改委 --format json" tasks --unit 市发改委 --format json
cli "search 安全生产 --json" search 安全生产 --json

# 5. The server.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
T0=$(date +%s.%N)
"$BIN" --store "$STORE" --today 2024-06-01 serve --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
until curl -fsS -o /dev/null "$BASE/api/stats" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.02
done
T1=$(date +%s.%N)
python3 -c "print(f'serve: first answer {($T1 - $T0):.2f} s after start')"
UNIT=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("市发改委"))')
Q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("安全生产"))')
URLS=("/api/documents/$ID" "/doc/$ID" "/api/tasks?unit=$UNIT" "/api/search?q=$Q" "/api/status")
for _ in $(seq 1 60); do
  for u in "${URLS[@]}" "/api/documents" "/units" "/targets"; do
    curl -fsS -o /dev/null "$BASE$u"
  done
done
RSS=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
echo "serve: RSS $((RSS / 1024)) MB after 480 mixed requests"
for u in "${URLS[@]}"; do
  wrk -t2 -c8 -d"$DURATION" --latency "$BASE$u" >"$WORK/wrk.txt"
  python3 - "$u" "$WORK/wrk.txt" <<'EOF'
import re, sys
t = open(sys.argv[2]).read()
def pct(p):
    m = re.search(rf"^\s+{p}%\s+(\S+)", t, re.M)
    return m.group(1) if m else "?"
rps = re.search(r"Requests/sec:\s+(\S+)", t)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"wrk {sys.argv[1]}: {rps.group(1) if rps else '?'} req/s, p50 {pct(50)}, p99 {pct(99)}" + (f", NON-2xx {bad.group(1)}" if bad else ""))
EOF
done
RSS=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
echo "serve: RSS $((RSS / 1024)) MB after wrk"
