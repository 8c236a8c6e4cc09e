#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs dependencies, builds, and runs Kiln end to end on the digits sample
# (samples/models/digits: a small CNN trained on scikit-learn's 8x8 digits):
# kilnc compiles digits.onnx into digits.kiln, kiln-run classifies 32
# held-out images with it, the predictions are scored against the labels, and
# kiln-run measures the latency.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kiln_setup

sample="$KILN_ROOT/samples/models/digits"
demo="$KILN_BUILD_DIR/demo"
artifact="$demo/digits.kiln"
outputs="$demo/outputs"
python="${KILN_VENV:-$KILN_ROOT/.venv}/bin/python"
kilnc="$KILN_BUILD_DIR/bin/kilnc"
kiln_run="$KILN_BUILD_DIR/bin/kiln-run"
images="$sample/test_images.npy"

# The demo's command lines, in one place.
# The batch stays symbolic: the artifact runs any number of images.
compile=("$kilnc" "$sample/digits.onnx" -o "$artifact" --stats)
infer=("$kiln_run" "$artifact" --input "image=$images" --output-dir "$outputs")
score=("$python" "$sample/score.py" "$outputs/logits.npy"
       "$sample/test_labels.npy" --reference "$sample/test_logits.npy"
       --min-accuracy 0.97)
bench=("$kiln_run" "$artifact" --input "image=$images" --bench 200 --warmup 20)

# Prints a command (paths relative to the repository, the venv's python as
# `python`), then runs it.
step() {
  local shown="$*"
  shown="${shown//$python/python}"
  shown="${shown//$KILN_ROOT\//}"
  printf '\n== %s\n' "$shown"
  "$@"
}

for tool in "$kilnc" "$kiln_run"; do
  [[ -x "$tool" ]] || { echo "error: ${tool#"$KILN_ROOT"/} was not built" >&2; exit 1; }
done
rm -rf "$outputs"
mkdir -p "$demo"

step "${compile[@]}"
echo "   -> ${artifact#"$KILN_ROOT"/} ($(stat -c %s "$artifact") bytes)"

step "${infer[@]}"

echo
echo "== predictions for the 32 held-out images in ${images#"$KILN_ROOT"/}"
echo "   (reference: torch's logits for the same images)"
"${score[@]}"

step "${bench[@]}"
