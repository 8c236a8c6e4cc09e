#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Corrupts ONNX node test models with random byte flips (fixed seed) and
checks that kilnc never crashes on them: every run ends with exit status 0,
or 1 with exactly one error line.

  import_byte_flips.py --kilnc build/dev/bin/kilnc [--models 50 --flips 4]
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile

import onnx


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--models", type=int, default=50)
    parser.add_argument("--flips", type=int, default=4, help="corrupted copies per model")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    root = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "node")
    models = sorted(glob.glob(os.path.join(root, "*", "model.onnx")))
    rng = random.Random(args.seed)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        corrupt = os.path.join(tmp, "model.onnx")
        for path in rng.sample(models, min(args.models, len(models))):
            data = open(path, "rb").read()
            for _ in range(args.flips):
                flipped = bytearray(data)
                for _ in range(rng.randint(1, 4)):
                    flipped[rng.randrange(len(flipped))] = rng.randrange(256)
                with open(corrupt, "wb") as f:
                    f.write(flipped)
                proc = subprocess.run([args.kilnc, corrupt, "--emit=kiln", "--stats"], capture_output=True, timeout=120)
                errors = [l for l in proc.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
                if proc.returncode == 0 or (proc.returncode == 1 and len(errors) == 1):
                    passed += 1
                    continue
                failed += 1
                name = os.path.basename(os.path.dirname(path))
                print(f"FAIL {name}: exit status {proc.returncode}, stderr: {errors[:3]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
