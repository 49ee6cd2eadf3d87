#!/usr/bin/env bash
# A longer fuzzing campaign over every reader (docs/robustness.md): the FuzzTests target with more
# mutants per reader. Usage: tools/fuzz.sh [ITERATIONS [SEED [FILTER]]], e.g. tools/fuzz.sh 20000 7
# or tools/fuzz.sh 5000 3 CheckpointFuzzTests. Per-reader tallies are printed as "fuzz READER: ...";
# the input being executed is kept in $FUZZ_SAVE_DIR (default /tmp/fuzz-current), so after a crash
# READER-current.bin there is the reproducer (add it to Tests/FuzzTests/Corpus/READER/ once fixed).
# The FID archive costs about 0.3 s per mutant; its count is capped at a tenth of ITERATIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-10000}
seed=${2:-1}
filter=${3:-FuzzTests}
export FUZZ_SAVE_DIR=${FUZZ_SAVE_DIR:-/tmp/fuzz-current}
mkdir -p "$FUZZ_SAVE_DIR"
lock=()
if command -v flock >/dev/null && [ -n "${FUZZ_LOCK:-}" ]; then lock=(flock "$FUZZ_LOCK"); fi
FUZZ_ITERATIONS=$iterations FUZZ_SEED=$seed "${lock[@]}" swift test -c release --disable-swift-testing --filter "$filter" 2>&1 \
  | grep -E "^fuzz |error|failed|passed|Executed|Fatal|Crash" || true
