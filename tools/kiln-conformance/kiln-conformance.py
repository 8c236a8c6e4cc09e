#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the ONNX backend tests on a Kiln backend and reports how each ends.

Each test of the onnx package's backend test data (the node tests and the
simple, pytorch-converted and pytorch-operator model tests) is compiled with
kilnc for the backend, each of its test_data_set_* is run with kiln-run, and
the outputs are compared with the expected ones using ONNX's backend-runner
tolerances. A test ends as exactly one of: pass, mismatch, unsupported,
compile-error, runtime-error, crash, timeout.

  kiln-conformance --backend=cpu [--suite node] [--filter REGEX] [--jobs N]
                   [--report FILE.json] [--expectations FILE [--write-expectations]]
                   [--docs docs/conformance.md] [--timeout S] [--tests DIR]

The last line printed is `N passed, N failed`. The exit status is 0 when
nothing failed or, with --expectations, when every test ended as the file
expects (a listed test that now fails differently is reported, not failed,
unless it now crashes or times out). It is 77 when the backend's device
is missing (a one-node model compiles but kiln-run cannot run it there, e.g.
no Vulkan driver): ctest reports the run as skipped.
"""
import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import onnx  # noqa: E402
from onnx import helper  # noqa: E402

from kiln_conformance import execute, expectations, report, suite  # noqa: E402

# kilnc --target and kiln-run --device of each backend.
BACKENDS = {"cpu": ("cpu", "cpu"), "vulkan": ("vulkan", "vulkan"), "cuda": ("cuda", "cuda")}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="kiln-conformance", description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", required=True, choices=sorted(BACKENDS))
    parser.add_argument("--suite", default=None,
                        help=f"comma-separated onnx test suites (default: {','.join(suite.SUITES)}; "
                             "none when --tests is given)")
    parser.add_argument("--tests", action="append", default=[], metavar="DIR",
                        help="a test folder (model.onnx + test_data_set_*) or a folder of them; "
                             "repeatable")
    parser.add_argument("--filter", metavar="REGEX", help="run the tests whose names match")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="tests run at once (default: the core count)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S",
                        help="time limit of one test, compile and runs (default 60)")
    parser.add_argument("--report", metavar="FILE.json", help="write every test's outcome here")
    parser.add_argument("--expectations", metavar="FILE",
                        help="the backend's known failures; the run fails on a change")
    parser.add_argument("--write-expectations", action="store_true",
                        help="rewrite --expectations from this run")
    parser.add_argument("--docs", metavar="FILE.md",
                        help="write the pass counts and operator table (docs/conformance.md)")
    parser.add_argument("--kilnc", default=os.environ.get("KILN_CONFORMANCE_KILNC"),
                        help="the kilnc to use (default: the build's)")
    parser.add_argument("--kiln-run", default=os.environ.get("KILN_CONFORMANCE_KILN_RUN"),
                        help="the kiln-run to use (default: the build's)")
    parser.add_argument("--run-threads", type=int, default=1,
                        help="kiln-run --threads of each run (default 1: tests run side by side)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every test as it ends")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    if args.write_expectations and not args.expectations:
        parser.error("--write-expectations needs --expectations FILE")
    for tool in ("kilnc", "kiln_run"):
        path = getattr(args, tool)
        if not path:
            parser.error(f"--{tool.replace('_', '-')} is required (run the build's kiln-conformance "
                         "launcher to get the default)")
        if not os.access(path, os.X_OK):
            parser.error(f"--{tool.replace('_', '-')} {path}: not an executable file")
    if args.suite is None:
        args.suite = "" if args.tests else ",".join(suite.SUITES)
    args.suites = [s for s in args.suite.split(",") if s]
    for s in args.suites:
        if s not in suite.SUITES:
            parser.error(f"--suite {s}: unknown (suites: {', '.join(suite.SUITES)})")
    return args


# Exit status when the backend's device is missing (ctest's SKIP_RETURN_CODE).
EXIT_NO_DEVICE = 77


def first_line(stderr, returncode):
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else f"exit status {returncode}"


def probe_backend(kilnc, kiln_run, target, device):
    """(None, None) when kilnc compiles a one-node model for `target` and
    kiln-run runs it on `device`; else (the compile error, None) or (None,
    the device error)."""
    model = helper.make_model(
        helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "probe",
                          [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
                          [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])]),
        opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
    with tempfile.TemporaryDirectory(prefix="kiln-conformance-probe-") as work:
        path = os.path.join(work, "probe.onnx")
        onnx.save(model, path)
        artifact = os.path.join(work, "probe.kiln")
        proc = subprocess.run([kilnc, path, "-o", artifact, f"--target={target}"],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            return first_line(proc.stderr, proc.returncode), None
        if device == "cpu":  # always there
            return None, None
        proc = subprocess.run([kiln_run, artifact, f"--device={device}", "--input", "x=random"],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            return None, first_line(proc.stderr, proc.returncode)
    return None, None


def run_all(cases, config, jobs, verbose):
    results = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiln-conformance-") as temp_root, \
            concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(execute.run_test, case, config, temp_root) for case in cases]
        try:
            for future in concurrent.futures.as_completed(futures):
                result = future.result()
                results.append(result)
                if verbose:
                    print(f"{result.outcome.upper()}: {result.name} ({result.seconds:.1f} s)"
                          + (f": {result.detail}" if result.outcome != "pass" else ""), flush=True)
                elif len(results) % 100 == 0:
                    print(f"[{len(results)}/{len(cases)}] {time.monotonic() - start:.0f} s",
                          flush=True)
        except KeyboardInterrupt:
            for future in futures:
                future.cancel()
            execute.PROCESSES.kill_all()
            raise
    return sorted(results, key=lambda r: r.name)


def main(argv):
    args = parse_arguments(argv)
    command = "kiln-conformance " + " ".join(shlex.quote(a) for a in argv)
    target, device = BACKENDS[args.backend]
    problem, no_device = probe_backend(args.kilnc, args.kiln_run, target, device)
    if problem:
        print(f"kiln-conformance: error: --backend={args.backend}: {problem}", file=sys.stderr)
        return 2
    if no_device:
        print(f"kiln-conformance: skipped: --backend={args.backend}: no usable device: "
              f"{no_device}")
        return EXIT_NO_DEVICE
    try:
        cases = suite.discover(args.suites, args.tests, args.filter)
        expected = expectations.load(args.expectations) if args.expectations else None
    except (ValueError, OSError) as error:
        print(f"kiln-conformance: error: {error}", file=sys.stderr)
        return 2
    if not cases:
        print("kiln-conformance: error: no tests to run", file=sys.stderr)
        return 2

    print(f"kiln-conformance: {len(cases)} tests on {args.backend}, {args.jobs} at a time "
          f"(onnx {onnx.__version__})", flush=True)
    config = execute.Config(args.kilnc, args.kiln_run, target, device, args.timeout,
                            args.run_threads)
    start = time.monotonic()
    results = run_all(cases, config, args.jobs, args.verbose)
    wall = time.monotonic() - start

    print()
    print(report.summary_table(results))
    print(f"wall time {wall:.0f} s")
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report.json_report(results, args.backend, onnx.__version__, command, wall),
                      f, indent=1)
            f.write("\n")
    if args.docs:
        report.write_docs(args.docs, args.backend, results, onnx.__version__, command)

    status = 0
    failed = [r for r in results if r.outcome != "pass"]
    if args.write_expectations:
        expected = expectations.update(expected, results)
        expectations.write(args.expectations, expected)
        print(f"wrote {args.expectations}: {len(expected)} expected failures")
    elif expected is not None:
        regressions, unexpected_passes, changes = expectations.check(results, expected)
        for line in changes:
            print(f"CHANGED (not a failure): {line}")
        for line in regressions:
            print(f"REGRESSION: {line}")
        for line in unexpected_passes:
            print(f"UNEXPECTED PASS: {line}")
        if regressions or unexpected_passes:
            print(f"{len(regressions)} regressions, {len(unexpected_passes)} unexpected passes "
                  f"against {args.expectations} (rewrite it with --write-expectations)")
            status = 1
    else:
        for r in failed:
            print(f"{r.outcome.upper()}: {r.name}: {r.detail}")
        status = 1 if failed else 0
    crashes = [r for r in results if r.outcome == "crash" and r.reproduce]
    for r in crashes:
        print(f"crash of {r.name}, reproduce with: {r.reproduce}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return status


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
