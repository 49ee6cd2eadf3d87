#!/usr/bin/env bash
# Builds a Python virtual environment with PyTorch (CPU use) for tools/pytorch_bench.py, on request only:
# the suite, its tests and CI never need it.
#   bash tools/make-pytorch-venv.sh [DIR]      (default DIR: .cache/pytorch-venv)
# PyTorch's Linux wheel on PyPI depends on the CUDA runtime wheels (several GB of downloads and disk) and
# does not import without them, even for CPU use; the benchmark itself only runs on the CPU.
set -euo pipefail
dir="${1:-.cache/pytorch-venv}"
version="${TORCH_VERSION:-2.15.0}"
python3 -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --upgrade pip
"$dir/bin/python" -m pip install --quiet "torch==$version" numpy
"$dir/bin/python" -c 'import torch; print("torch", torch.__version__, "oneDNN", torch.backends.mkldnn.is_available())'
echo "ready: $dir/bin/python tools/pytorch_bench.py --out pytorch.json"
