#!/usr/bin/env bash
# The whole test suite: installs what the tests need beyond the Rust
# toolchain (Chromium, ChromeDriver, schemathesis — from the package
# registries, skipped when present), then formatting, lints, every unit,
# integration, corpus and headless-browser test, and schemathesis against
# the running server. Run from anywhere: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/install-test-deps.sh
if [ ! -d ../shared/corpus ]; then
  echo "note: ../shared/corpus is absent; corpus tests will be skipped" >&2
fi
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# The debug binary cargo test just built (target/debug/gongwen).
GONGWEN_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/gongwen" bash scripts/schemathesis.sh
echo "scripts/test.sh: every step passed in $(($(date +%s) - started)) s"
