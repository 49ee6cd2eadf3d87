#!/usr/bin/env bash
# One-command set-up: installs the Debian packages, builds in release and runs the main job on samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product compare
.build/release/compare "$@"
