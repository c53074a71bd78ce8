#!/usr/bin/env bash
# The whole test suite: formatting, lints, every unit, integration and
# corpus test. Installs nothing yet (later suites install what they need
# here). Run from anywhere: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/corpus ]; then
  echo "note: ../shared/corpus is absent; corpus tests will be skipped" >&2
fi
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
