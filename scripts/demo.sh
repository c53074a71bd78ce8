#!/usr/bin/env bash
# The main job on shipped sample data, one command: build, ingest the sample
# gazette into the default embedded store (./gongwen-data) and serve the web
# interface and HTTP API (address printed; Ctrl-C stops).
# ADDR=127.0.0.1:8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p gongwen-cli
bin=target/release/gongwen
"$bin" ingest samples
"$bin" list
addr="${ADDR:-127.0.0.1:8080}"
echo "web interface: http://$addr/   API: http://$addr/api/openapi.json"
exec "$bin" serve --addr "$addr"
