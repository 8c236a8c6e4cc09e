#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Imports every ONNX backend node test model with kilnc and checks the
outcome against an expectations file.

Each model of the installed onnx package's node tests
(onnx/backend/test/data/node/*/model.onnx) is compiled with
`kilnc --emit=kiln` (import, verification, graph passes). A model passes when
kilnc exits 0. The expectations file lists, one per line, each test expected
to fail and why (`test_name: reason`). The run fails on an unexpected failure,
on an expected failure that now passes (so the list stays true), or when
fewer than --min-pass-rate of all models pass.

  import_node_tests.py --kilnc build/dev/bin/kilnc
  import_node_tests.py --kilnc ... --update   # rewrite the expectations
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_EXPECTATIONS = os.path.join(HERE, "import_expectations.txt")


def node_test_dirs():
    root = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "node")
    return sorted(
        (name, os.path.join(root, name))
        for name in os.listdir(root)
        if os.path.exists(os.path.join(root, name, "model.onnx"))
    )


def run_one(kilnc, name, path):
    proc = subprocess.run(
        [kilnc, os.path.join(path, "model.onnx"), "--emit=kiln", "-o", os.devnull],
        capture_output=True, text=True, timeout=120)
    if proc.returncode == 0:
        return name, None
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    message = lines[0] if lines else f"exit status {proc.returncode}"
    # Drop the model path: the reason reads the same on every machine.
    message = message.split("model.onnx", 1)[-1].lstrip(": ")
    return name, message


def read_expectations(path):
    expected = {}
    if not os.path.exists(path):
        return expected
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(":")
            expected[name.strip()] = reason.strip()
    return expected


def write_expectations(path, failures):
    with open(path, "w") as f:
        f.write("# ONNX backend node tests that kilnc does not import yet, and why.\n"
                "# Written by tests/conformance/import_node_tests.py --update;\n"
                "# reasons are kilnc's own error messages.\n")
        for name in sorted(failures):
            f.write(f"{name}: {failures[name]}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--expectations", default=DEFAULT_EXPECTATIONS)
    parser.add_argument("--min-pass-rate", type=float, default=0.95)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--update", action="store_true",
                        help="rewrite the expectations file from this run")
    args = parser.parse_args()

    tests = node_test_dirs()
    failures = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for name, message in pool.map(lambda t: run_one(args.kilnc, *t), tests):
            if message is not None:
                failures[name] = message

    if args.update:
        write_expectations(args.expectations, failures)

    expected = read_expectations(args.expectations)
    unexpected_failures = sorted(set(failures) - set(expected))
    unexpected_passes = sorted(set(expected) - set(failures))
    for name in unexpected_failures:
        print(f"UNEXPECTED FAILURE: {name}: {failures[name]}")
    for name in unexpected_passes:
        print(f"UNEXPECTED PASS: {name} (remove it from {os.path.basename(args.expectations)})")

    passed = len(tests) - len(failures)
    rate = passed / len(tests)
    print(f"imported {passed} of {len(tests)} ONNX node test models ({rate:.1%}); "
          f"{len(failures)} expected failures listed" if not unexpected_failures else
          f"imported {passed} of {len(tests)} ONNX node test models ({rate:.1%})")
    ok = not unexpected_failures and not unexpected_passes and rate >= args.min_pass_rate
    if rate < args.min_pass_rate:
        print(f"pass rate {rate:.1%} is below the required {args.min_pass_rate:.0%}")
    print(f"{passed} passed, {len(failures)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
