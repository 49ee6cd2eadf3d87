#!/usr/bin/env bash
# Installs the Debian packages the suite links against, where they are missing.
set -euo pipefail
need=()
for p in libfftw3-dev libopenblas-dev libpng-dev libturbojpeg0-dev libdnnl-dev pkg-config; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
