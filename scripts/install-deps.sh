#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs everything Kiln needs to build and test: Debian packages (the one
# list below) and a Python virtual environment (.venv) with pinned PyPI
# packages. Idempotent: what is already present is skipped, so a second run
# takes seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KILN_VENV:-$ROOT/.venv}"

# Every Debian package the project uses, grouped by need.
DEBIAN_PACKAGES=(
  # build
  cmake ninja-build ccache g++ pkg-config binutils
  # MLIR/LLVM 22 (libzstd-dev: LLVM's exported CMake targets reference zstd)
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools libzstd-dev
  # lld as a library, to link CPU kernels into shared objects
  lld-22 liblld-22-dev
  # ONNX protobuf schemas
  libonnx-dev libprotobuf-dev protobuf-compiler
  # .kiln artifact
  libflatbuffers-dev flatbuffers-compiler
  # CPU primitives (Debian's oneDNN CMake config requires OpenCL headers)
  libdnnl-dev ocl-icd-opencl-dev opencl-c-headers
  # Vulkan: loader, shader tools, Mesa lavapipe for tests
  libvulkan-dev glslc spirv-tools mesa-vulkan-drivers
  # distributed CPU runs
  libopenmpi-dev openmpi-bin
  # tests; Debian's torch exports real model architectures to ONNX
  libgtest-dev libgmock-dev python3-torch python3-torchvision
  # the digits sample: samples/models/digits/train.py trains with torch on
  # scikit-learn's bundled digits
  python3-sklearn
)

# PyPI packages for tests, pinned.
PYTHON_PACKAGES=(
  lit==18.1.8
  numpy==2.3.5
  onnx==1.19.1
  onnxruntime==1.23.2
)

log() { printf '[install-deps] %s\n' "$*"; }

install_debian_packages() {
  local missing=()
  local pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "Debian packages: all ${#DEBIAN_PACKAGES[@]} present"
    return
  fi
  log "Debian packages: installing ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root or sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

install_python_packages() {
  local stamp="$VENV/.kiln-requirements"
  local wanted
  wanted="$(printf '%s\n' "${PYTHON_PACKAGES[@]}")"
  if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    log "Python venv: $VENV up to date"
    return
  fi
  if [[ ! -x "$VENV/bin/python" ]]; then
    log "Python venv: creating $VENV"
    python3 -m venv "$VENV"
  fi
  log "Python venv: installing ${PYTHON_PACKAGES[*]}"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
  printf '%s\n' "$wanted" >"$stamp"
}

install_debian_packages
install_python_packages
