#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs dependencies, builds, and runs Kiln's main job on a sample: today,
# compiling a real ResNet-18 (exported by Debian's torch, random weights)
# into a shape-inferred kiln graph.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kiln_setup

models="$KILN_BUILD_DIR/models"
/usr/bin/python3 "$KILN_ROOT/tests/e2e/export_torch_models.py" "$models" resnet18
kilnc="$KILN_BUILD_DIR/bin/kilnc"

echo
echo "== kilnc resnet18.onnx --input-shape input=1x3x224x224 --stats"
"$kilnc" "$models/resnet18.onnx" --input-shape input=1x3x224x224 --stats
echo
echo "== the compiled graph (first lines; weights elided)"
"$kilnc" "$models/resnet18.onnx" --input-shape input=1x3x224x224 \
  --mlir-elide-elementsattrs-if-larger=8 \
  --mlir-elide-resource-strings-if-larger=8 -o "$models/resnet18.mlir"
head -n 12 "$models/resnet18.mlir"
echo "   ... (whole graph: $models/resnet18.mlir)"
