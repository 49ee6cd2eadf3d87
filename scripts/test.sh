#!/usr/bin/env bash
# The suite's test command: installs what is missing, then runs every XCTest in release mode
# (the numeric tests are slow in debug builds). Tests that need ../shared say so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The code follows .swift-format; a layout or naming finding fails the run before the (long) build.
if swift format --version >/dev/null 2>&1; then
    swift format lint --strict -r Sources Tests Package.swift
fi
swift test -c release --disable-swift-testing "$@"
