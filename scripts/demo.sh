#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs dependencies, builds, and runs Kiln's main job on a sample: today,
# shape inference over a small perceptron written in the kiln dialect.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kiln_setup

sample="samples/programs/mlp.mlir"
echo
echo "== kiln-opt --kiln-infer-shapes $sample"
"$KILN_BUILD_DIR/bin/kiln-opt" --kiln-infer-shapes "$sample"
