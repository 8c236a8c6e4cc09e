#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Corrupts a real compiled artifact and checks that kiln-run never crashes.

Each run flips a few random bytes of ARTIFACT (or truncates it) with a fixed
seed and runs kiln-run on it with INPUT. Every run must end with exit status
0 (a flipped weight only changes numbers) or 1 with one error line on
stderr; a signal, a hang or any other status fails the test.

  artifact_byte_flips.py --kiln-run R --artifact A --input NAME=FILE.npy
                         [--runs 300] [--flips 3]
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--artifact", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--flips", type=int, default=3)
    args = parser.parse_args()
    original = open(args.artifact, "rb").read()
    rng = random.Random(0)
    passed = failed = rejected = 0
    with tempfile.TemporaryDirectory() as work:
        corrupt = os.path.join(work, "corrupt.kiln")
        for run in range(args.runs):
            data = bytearray(original)
            if run % 10 == 9:
                data = data[: rng.randrange(len(data))]
                what = f"truncated to {len(data)} bytes"
            else:
                offsets = [rng.randrange(len(data)) for _ in range(args.flips)]
                for offset in offsets:
                    data[offset] ^= 1 << rng.randrange(8)
                what = f"bits flipped at {offsets}"
            with open(corrupt, "wb") as f:
                f.write(data)
            try:
                proc = subprocess.run([args.kiln_run, corrupt, "--input", args.input,
                                       "--output-dir", os.path.join(work, "out")],
                                      capture_output=True, text=True, timeout=60)
                lines = proc.stderr.strip().splitlines()
                ok = proc.returncode == 0 or (proc.returncode == 1 and len(lines) == 1
                                              and lines[0].startswith("kiln-run: error:"))
                rejected += proc.returncode == 1
                detail = f"exit {proc.returncode}: {proc.stderr.strip()[:300]}"
            except subprocess.TimeoutExpired:
                ok, detail = False, "timed out"
            if not ok:
                print(f"FAIL: run {run} ({what}): {detail}")
            passed += ok
            failed += not ok
    print(f"{rejected} of {args.runs} corrupted artifacts rejected with one error line")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
