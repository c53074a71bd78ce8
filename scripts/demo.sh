#!/usr/bin/env bash
# The main job on shipped sample data: build, ingest the sample gazette into
# the default embedded store (./gongwen-data), list what is in it and show
# the first document.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p gongwen-cli
bin=target/release/gongwen
"$bin" ingest samples
"$bin" list
first=$("$bin" list --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -n 1)
"$bin" show "$first"
