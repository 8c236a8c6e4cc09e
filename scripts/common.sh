# SPDX-License-Identifier: Apache-2.0
#
# Set-up shared by demo.sh and test.sh: install dependencies (a no-op when
# present), configure with a CMake preset, build. Sourced, not run.

KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KILN_PRESET="${KILN_PRESET:-dev}"
KILN_BUILD_DIR="$KILN_ROOT/build/$KILN_PRESET"
KILN_JOBS="${KILN_JOBS:-$(nproc)}"

kiln_setup() {
  "$KILN_ROOT/scripts/install-deps.sh"
  cd "$KILN_ROOT"
  cmake --preset "$KILN_PRESET" >/dev/null
  cmake --build --preset "$KILN_PRESET" -j "$KILN_JOBS"
}
