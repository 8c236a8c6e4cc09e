#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Benchmarks Kiln against onnxruntime on the CPU, side by side.

Each model of the suite (exported by export_models.py under Debian's torch
into the model folder, once) is compiled with kilnc for each batch, then run
by Kiln (the runtime's C API through ctypes) and by onnxruntime (CPU
execution provider, ORT_ENABLE_ALL, intra-op threads = Kiln's threads,
inter-op 1), each in its own process, alternately, on the same random input.

  kiln-bench [--models resnet50,...] [--batch 1,8] [--threads 1,2]
             [--runs N] [--warmup M] [--report FILE.json] [--markdown FILE.md]

Prints per configuration the median and p90 latency of each engine, the
ratio Kiln/ORT of the medians, each engine's peak RSS and Kiln's compile
time, then per model whether Kiln's output matches onnxruntime's. The exit
status is 0 when every configuration ran and every output matched.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import onnxruntime  # noqa: E402

from kiln_bench import driver, report  # noqa: E402
from kiln_bench.suite import SUITE  # noqa: E402

EXPORTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "export_models.py")


def int_list():
    def parse(text):
        try:
            values = [int(v) for v in text.split(",") if v.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"expects comma-separated integers, got '{text}'")
        if not values or min(values) < 1:
            raise argparse.ArgumentTypeError(f"expects integers >= 1, got '{text}'")
        return values
    return parse


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="kiln-bench", description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(SUITE),
                        help=f"comma-separated models (default: all of {','.join(SUITE)})")
    parser.add_argument("--batch", type=int_list(), default=[1, 8], dest="batches",
                        help="comma-separated batch sizes (default 1,8)")
    parser.add_argument("--threads", type=int_list(), default=[1, 2],
                        help="comma-separated thread counts of both engines (default 1,2)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each engine")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each engine first")
    parser.add_argument("--block", type=int, default=1,
                        help="runs of one engine before switching to the other (default 1)")
    # onnxruntime's workers keep spinning for more than 10 ms after a run
    # (with 10 ms, Kiln at 2 threads measured 1.9x slower on mobilenet_v2
    # than with 100 ms); libgomp's, about 4 ms.
    parser.add_argument("--settle", type=float, default=0.1, metavar="S",
                        help="pause between blocks, so the idle engine's threads stop "
                             "spinning (default 0.1 s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random inputs")
    parser.add_argument("--tolerance", type=float, default=1e-3,
                        help="largest max|Kiln-ORT|/max|ORT| that counts as a match")
    parser.add_argument("--timeout", type=float, default=1800.0, metavar="S",
                        help="limit of one compile and of one worker step (default 1800 s)")
    parser.add_argument("--report", metavar="FILE.json", help="write every timing here")
    parser.add_argument("--markdown", metavar="FILE.md",
                        help="write the table as Markdown (for docs/benchmarks.md)")
    parser.add_argument("--model-dir", default=os.environ.get("KILN_BENCH_MODELS"),
                        help="the exported .onnx cache (default: the build's bench-models)")
    parser.add_argument("--work", help="folder for artifacts and inputs (default: a temporary "
                                       "folder in --model-dir)")
    parser.add_argument("--keep", action="store_true", help="keep artifacts and inputs")
    parser.add_argument("--kilnc", default=os.environ.get("KILN_BENCH_KILNC"))
    parser.add_argument("--runtime", default=os.environ.get("KILN_BENCH_RUNTIME"),
                        help="libkiln_runtime.so (default: the build's)")
    parser.add_argument("--torch-python", default=os.environ.get("KILN_BENCH_TORCH_PYTHON",
                                                                 "/usr/bin/python3"),
                        help="the Python with torch that exports missing models")
    args = parser.parse_args(argv)
    args.models = [m for m in args.models.split(",") if m]
    for model in args.models:
        if model not in SUITE:
            parser.error(f"--models {model}: unknown (models: {', '.join(SUITE)})")
    if not args.models:
        parser.error("--models: no model given")
    for name in ("runs", "block"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0 or args.settle < 0 or args.timeout <= 0 or args.tolerance < 0:
        parser.error("--warmup, --settle and --tolerance must be >= 0, --timeout positive")
    if not args.model_dir:
        parser.error("--model-dir is required (run the build's kiln-bench launcher for "
                     "the default)")
    if not args.kilnc or not os.access(args.kilnc, os.X_OK):
        parser.error(f"--kilnc {args.kilnc}: not an executable file (run the build's "
                     "kiln-bench launcher for the default)")
    if not args.runtime or not os.path.isfile(args.runtime):
        parser.error(f"--runtime {args.runtime}: no such file (run the build's kiln-bench "
                     "launcher for the default)")
    return args


def export_missing(args):
    missing = [m for m in args.models
               if not os.path.exists(os.path.join(args.model_dir, m + ".onnx"))]
    if not missing:
        return None
    print(f"exporting {', '.join(missing)} with {args.torch_python} into {args.model_dir}",
          flush=True)
    try:
        proc = subprocess.run([args.torch_python, EXPORTER, args.model_dir] + missing,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=args.timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"exporting {', '.join(missing)}: {error}"
    if proc.returncode != 0:
        lines = [line for line in proc.stdout.splitlines()
                 if line.strip() and "Warning" not in line]
        return (f"exporting {', '.join(missing)} failed (exit status {proc.returncode}): "
                f"{lines[-1].strip() if lines else 'no message'}")
    return None


def main(argv):
    args = parse_arguments(argv)
    command = "kiln-bench " + " ".join(shlex.quote(a) for a in argv)
    problem = export_missing(args)
    if problem:
        print(f"kiln-bench: error: {problem}", file=sys.stderr)
        return 2
    try:
        from kiln_bench.kiln_api import Runtime
        kiln_version = Runtime(args.runtime).version()
    except Exception as error:
        print(f"kiln-bench: error: {error}", file=sys.stderr)
        return 2

    meta = {
        "command": command, "date": report.now(), "machine": report.machine(),
        "versions": {"kiln": kiln_version, "onnxruntime": onnxruntime.__version__},
        "runs": args.runs, "warmup": args.warmup, "block": args.block, "settle_s": args.settle,
        "seed": args.seed,
        "engines": {
            "kiln": "libkiln_runtime C API via ctypes, kiln_session_options_set_thread_count(T); "
                    "kilnc --input-shape fixes the batch",
            "ort": "InferenceSession, CPUExecutionProvider, ORT_ENABLE_ALL, ORT_SEQUENTIAL, "
                   "intra_op_num_threads=T, inter_op_num_threads=1, batch fixed by "
                   "add_free_dimension_override_by_name",
        },
    }
    print(f"kiln-bench: {len(args.models)} models, batch {args.batches}, threads "
          f"{args.threads}, {args.runs} runs after {args.warmup} warm-up (Kiln {kiln_version}, "
          f"onnxruntime {onnxruntime.__version__}, load average "
          f"{meta['machine']['load_average'][0]:.1f})", flush=True)

    work = args.work or tempfile.mkdtemp(prefix="work-", dir=args.model_dir)
    os.makedirs(work, exist_ok=True)
    results = []

    def on_result(result):
        results.append(result)
        line = " ".join(report.row(result)[:8])
        if result.error:
            line = f"{result.model} batch {result.batch} threads {result.threads}: {result.error}"
        elif result.max_rel_error is not None:
            line += f"  (max rel error {result.max_rel_error:.1e})"
        print(f"  {line}", flush=True)

    try:
        for model in args.models:
            driver.bench_model(args, SUITE[model], os.path.join(args.model_dir, model + ".onnx"),
                               work, on_result)
    finally:
        if not args.work and not args.keep:
            for name in os.listdir(work):
                os.remove(os.path.join(work, name))
            os.rmdir(work)

    print()
    print(report.text_table(results))
    print()
    checks = report.model_checks(results, args.tolerance)
    for _, _, line in checks:
        print(line)
    if args.report:
        report.write_json(args.report, results, meta)
    if args.markdown:
        report.write_markdown(args.markdown, results, meta, checks)
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
