#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that kiln-conformance classifies tests right and fails when it
should: it runs the runner on a few hand-made ONNX tests (one with a wrong
expected output, a wrong shape, a wrong dtype, an unknown operator, a
symbolic dim, NaN outputs) and with stand-ins for kiln-run and kilnc that
crash, hang or fail, and checks each test's outcome and the exit status.

  runner_selftest.py --runner build/dev/bin/kiln-conformance --kilnc build/dev/bin/kilnc
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def write_test(root, name, nodes, inputs, outputs, feeds, expected):
    """A test folder as in onnx's backend test data."""
    folder = os.path.join(root, name)
    data = os.path.join(folder, "test_data_set_0")
    os.makedirs(data)
    graph = helper.make_graph(nodes, name, inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    for kind, values in (("input", feeds), ("output", expected)):
        for i, value in enumerate(values):
            with open(os.path.join(data, f"{kind}_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(value).SerializeToString())


def make_tests(root):
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    y = np.full((2, 3), 0.25, dtype=np.float32)
    f32 = lambda name, shape: helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)  # noqa: E731
    add = [helper.make_node("Add", ["x", "y"], ["z"])]
    io = ([f32("x", [2, 3]), f32("y", [2, 3])], [f32("z", [2, 3])])
    write_test(root, "test_add_pass", add, *io, [x, y], [x + y])
    wrong = x + y
    wrong[1, 2] += 0.5
    write_test(root, "test_add_mismatch", add, *io, [x, y], [wrong])
    write_test(root, "test_add_shape", add, *io, [x, y], [(x + y).reshape(3, 2)])
    write_test(root, "test_add_dtype", add, *io, [x, y], [(x + y).astype(np.float64)])
    write_test(root, "test_add_symbolic", add,
               [f32("x", ["N", 3]), f32("y", ["N", 3])], [f32("z", ["N", 3])],
               [x, y], [x + y])
    minus = np.array([4.0, -1.0, np.nan], dtype=np.float32)
    with np.errstate(invalid="ignore"):
        root_of = np.sqrt(minus)
    write_test(root, "test_sqrt_nan", [helper.make_node("Sqrt", ["x"], ["z"])],
               [f32("x", [3])], [f32("z", [3])], [minus], [root_of])
    write_test(root, "test_unknown_op",
               [helper.make_node("Frobnicate", ["x"], ["z"], domain="com.example")],
               [f32("x", [3])], [f32("z", [3])], [minus], [minus])


def stand_in(folder, name, body):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)
    return path


class Checker:
    def __init__(self, runner, work):
        self.runner = runner
        self.work = work
        self.failures = 0
        self.runs = 0

    def run(self, *args):
        self.runs += 1
        report = os.path.join(self.work, f"report{self.runs}.json")
        cmd = [self.runner, "--backend=cpu", "--jobs=2", "--report", report, *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        outcomes = {}
        if os.path.exists(report):
            with open(report) as f:
                outcomes = {n: t["outcome"] for n, t in json.load(f)["tests"].items()}
        return proc, outcomes

    def expect(self, condition, what, proc=None):
        if condition:
            print(f"ok: {what}")
            return
        self.failures += 1
        print(f"FAIL: {what}")
        if proc is not None:
            print(f"  exit status {proc.returncode}; output:\n" + proc.stdout + proc.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runner", required=True, help="the kiln-conformance launcher")
    parser.add_argument("--kilnc", required=True, help="the kilnc the launcher runs")
    args = parser.parse_args()

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiln-conformance-selftest-") as work:
        tests = os.path.join(work, "selftest")
        make_tests(tests)
        check = Checker(args.runner, work)
        want = {"test_add_pass": "pass", "test_add_mismatch": "mismatch",
                "test_add_shape": "mismatch", "test_add_dtype": "mismatch",
                "test_add_symbolic": "pass", "test_sqrt_nan": "pass",
                "test_unknown_op": "unsupported"}

        # Every test expected to pass: the failing ones are regressions.
        none_expected = os.path.join(work, "none.json")
        with open(none_expected, "w") as f:
            f.write("{}\n")
        proc, outcomes = check.run("--tests", tests, "--expectations", none_expected)
        check.expect(outcomes == want, f"outcomes {outcomes}", proc)
        check.expect(proc.returncode == 1, "a failing expected pass fails the run", proc)
        check.expect("REGRESSION: test_add_mismatch: expected to pass, mismatch: output 0 'z': "
                     "1 of 6 values differ, max abs error 0.5" in proc.stdout,
                     "the mismatch is reported with its error", proc)
        check.expect(proc.stdout.rstrip().endswith("\n3 passed, 4 failed"),
                     "the last line counts passes and failures", proc)

        # Written expectations make the same run pass.
        written = os.path.join(work, "written.json")
        proc, _ = check.run("--tests", tests, "--expectations", written, "--write-expectations")
        with open(written) as f:
            entries = json.load(f)
        check.expect(sorted(entries) == sorted(n for n, o in want.items() if o != "pass")
                     and "Frobnicate" in entries["test_unknown_op"]["reason"],
                     "--write-expectations lists each failure with kilnc's reason", proc)
        proc, _ = check.run("--tests", tests, "--expectations", written)
        check.expect(proc.returncode == 0, "the run passes against its own expectations", proc)

        # A listed test that passes fails the run.
        entries["test_add_pass"] = {"outcome": "mismatch", "reason": "listed on purpose"}
        stale = os.path.join(work, "stale.json")
        with open(stale, "w") as f:
            json.dump(entries, f)
        proc, _ = check.run("--tests", tests, "--expectations", stale, "--filter", "test_add_pass")
        check.expect(proc.returncode == 1 and "UNEXPECTED PASS: test_add_pass" in proc.stdout,
                     "an unexpected pass fails the run", proc)

        # A kiln-run that crashes, hangs or fails; a kilnc that fails at length.
        real_kilnc = args.kilnc
        cases = [
            ("--kiln-run", stand_in(work, "segv-run", "kill -SEGV $$"), "crash"),
            ("--kiln-run", stand_in(work, "hang-run", "exec sleep 60"), "timeout"),
            ("--kiln-run", stand_in(work, "error-run",
                                    "echo 'kiln-run: error: no luck' >&2; exit 1"), "runtime-error"),
            ("--kilnc", stand_in(work, "verbose-kilnc",
                                 f"case \"$1\" in *probe*) exec '{real_kilnc}' \"$@\";; esac\n"
                                 "echo 'first error' >&2; echo 'second error' >&2; exit 1"),
             "compile-error"),
        ]
        for option, tool, outcome in cases:
            proc, outcomes = check.run("--tests", tests, "--filter", "test_add_pass",
                                       "--timeout", "3", option, tool, "--expectations",
                                       none_expected)
            check.expect(outcomes == {"test_add_pass": outcome} and proc.returncode == 1,
                         f"{os.path.basename(tool)} ends as {outcome}", proc)
        # A crash of a listed failure is a regression too.
        proc, _ = check.run("--tests", tests, "--filter", "test_add_mismatch", "--kiln-run",
                            cases[0][1], "--expectations", written)
        check.expect(proc.returncode == 1 and "REGRESSION: test_add_mismatch: expected mismatch, "
                     "crash" in proc.stdout, "a mismatch turned crash is a regression", proc)

    print(f"{check.runs} runs in {time.monotonic() - start:.1f} s")
    print(f"{'FAILED' if check.failures else 'passed'}: {check.failures} failed checks")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
