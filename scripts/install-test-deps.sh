#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain, from the
# package registries only: Debian's chromium + chromium-driver (browser
# tests) and schemathesis from PyPI (API contract test). Idempotent: skips
# what is already there.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (apt)" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import schemathesis' >/dev/null 2>&1; then
  echo "installing schemathesis (pip)" >&2
  python3 -m pip install -q --disable-pip-version-check 'schemathesis>=4,<5'
fi
