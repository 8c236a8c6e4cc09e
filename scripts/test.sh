#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs dependencies, builds, and runs the whole test suite (unit tests,
# lit tests, samples) through ctest. Exits non-zero on any failure.
#   KILN_PRESET=asan scripts/test.sh   runs it under the sanitizers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kiln_setup
ctest --preset "$KILN_PRESET" -j "$KILN_JOBS"
