#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Imports the exported torch models with kilnc, with fixed input shapes, and
checks that every value has a static shape after the graph passes.

  import_torch_models.py --kilnc build/dev/bin/kilnc --models DIR
"""
import argparse
import os
import re
import subprocess
import sys

# Fixed shapes for each model's single input.
SHAPES = {
    "resnet18": "1x3x224x224",
    "mobilenet_v2": "1x3x224x224",
    "efficientnet_b0": "1x3x224x224",
    "vit_b_16": "1x3x224x224",
    "bert_like": "1x128",
    "gpt2_like": "1x128",
    "lstm": "16x1x32",
}

DYNAMIC = re.compile(r"^dynamic values: (\d+)$", re.M)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--models", required=True)
    args = parser.parse_args()

    passed = failed = 0
    for name, shape in SHAPES.items():
        path = os.path.join(args.models, name + ".onnx")
        proc = subprocess.run(
            [args.kilnc, path, "--emit=kiln", f"--input-shape=input={shape}", "--stats"],
            capture_output=True, text=True)
        if proc.returncode != 0:
            failed += 1
            print(f"FAIL {name}: {proc.stderr.strip().splitlines()[0]}")
            continue
        dynamic = int(DYNAMIC.search(proc.stdout).group(1))
        if dynamic:
            failed += 1
            print(f"FAIL {name}: {dynamic} values keep dynamic shapes")
            continue
        passed += 1
        print(f"PASS {name}: all values static")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
