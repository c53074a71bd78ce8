#!/usr/bin/env bash
# API contract test: schemathesis (PyPI) against a running `gongwen serve`.
#
# Ingests samples/ and ../shared/corpus (when present) into a temporary
# store, serves it on a free loopback port, runs `schemathesis run` on
# /api/openapi.json with every check (schemathesis 4 enables all of them by
# default; scripts/schemathesis.toml switches off the one rule OpenAPI
# cannot state, for that operation only — `--checks` on the command line
# would override it), stops the server and exits
# non-zero when schemathesis found anything.
#
#   bash scripts/schemathesis.sh            # debug binary (built if needed)
#   bash scripts/schemathesis.sh --release  # release binary
#   GONGWEN_BIN=path bash scripts/schemathesis.sh   # this binary, no build
#
# Env: ST_MAX_EXAMPLES (cases per operation and phase, default 50),
# ST_WORKERS (default 2), ST_SEED (default 1: the same cases every run),
# ST_TIMEOUT (seconds before the run is killed and fails, default 240).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

profile=debug
[ "${1:-}" = "--release" ] && profile=release
if [ -n "${GONGWEN_BIN:-}" ]; then
  # scripts/test.sh passes the binary `cargo test --workspace` just built
  # (building -p gongwen-cli alone resolves other features and rebuilds).
  BIN=$GONGWEN_BIN
  profile="given"
elif [ "$profile" = release ]; then
  cargo build --release --locked -p gongwen-cli
  BIN="$ROOT/target/release/gongwen"
else
  cargo build --locked -p gongwen-cli
  BIN="$ROOT/target/debug/gongwen"
fi
[ -x "$BIN" ] || { echo "no gongwen binary at $BIN" >&2; exit 2; }

if ! python3 -c 'import schemathesis' >/dev/null 2>&1; then
  echo "schemathesis is not installed: run bash scripts/install-test-deps.sh" >&2
  exit 2
fi

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

STORE="$WORK/store"
inputs=("$ROOT/samples")
if [ -d "$ROOT/../shared/corpus" ]; then
  inputs+=("$ROOT/../shared/corpus")
else
  echo "note: ../shared/corpus is absent; testing on samples/ only" >&2
fi
"$BIN" --store "$STORE" ingest "${inputs[@]}" >"$WORK/ingest.log"
tail -n 1 "$WORK/ingest.log"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
"$BIN" --store "$STORE" --today 2024-06-01 serve --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 300); do
  if curl -fsS -o /dev/null "$BASE/api/openapi.json" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "gongwen serve exited:" >&2
    cat "$WORK/serve.log" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS -o /dev/null "$BASE/api/openapi.json" || {
  echo "gongwen serve did not answer on $BASE" >&2
  cat "$WORK/serve.log" >&2
  exit 1
}
echo "schemathesis against $BASE ($profile binary)"

mkdir -p "$ROOT/test-output"
status=0
# --max-time would make fuzzing repeat until the budget is spent; the
# bound here is max-examples, with `timeout` as a backstop.
# Run from the temporary directory: schemathesis and hypothesis keep their
# caches (.hypothesis/, .schemathesis/) in the working directory.
(cd "$WORK" && timeout "${ST_TIMEOUT:-240}" python3 -m schemathesis.cli --config-file "$ROOT/scripts/schemathesis.toml" \
  run "$BASE/api/openapi.json" \
  --max-examples "${ST_MAX_EXAMPLES:-50}" \
  --workers "${ST_WORKERS:-2}" \
  --seed "${ST_SEED:-1}" \
  --request-timeout 30 \
  --report junit --report-junit-path "$ROOT/test-output/schemathesis-junit.xml" \
  --no-color) || status=$?

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "gongwen serve died during the run:" >&2
  cat "$WORK/serve.log" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "schemathesis: FAILED (exit $status)" >&2
else
  echo "schemathesis: passed"
fi
exit "$status"
