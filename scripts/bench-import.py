#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Import speed and memory: kilnc against onnx.load and onnxruntime on the
same model, same machine, one run.

  .venv/bin/python scripts/bench-import.py [--model resnet50] [--repeat 5]

The model is exported by tests/e2e/export_torch_models.py (Debian's torch)
into build/dev/models if missing. Prints medians of wall time and peak RSS
of each step in its own process, and kilnc's ratio to each peer.
"""
import argparse
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = {
    "onnx.load": "import onnx, sys; onnx.load(sys.argv[1])",
    "onnxruntime session": (
        "import onnxruntime as ort, sys; o = ort.SessionOptions(); "
        "o.intra_op_num_threads = 2; ort.InferenceSession(sys.argv[1], o, "
        "providers=['CPUExecutionProvider'])"),
}


def measure(command):
    """(seconds, peak MiB) of one run of `command` in its own process."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{proc.stderr}")
    seconds, kib = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) / 1024


def median_of(command, repeat):
    runs = [measure(command) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="resnet50")
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "dev"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    models = os.path.join(args.build, "models")
    path = os.path.join(models, args.model + ".onnx")
    if not os.path.exists(path):
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests", "e2e",
                        "export_torch_models.py"), models, args.model], check=True)
    weights_mib = os.path.getsize(path) / 2**20
    kilnc = os.path.join(args.build, "bin", "kilnc")

    rows = []
    for emit in ("import", "kiln"):
        command = [kilnc, path, f"--emit={emit}", "-o", os.devnull,
                   "--mlir-elide-resource-strings-if-larger=64"]
        rows.append((f"kilnc --emit={emit}",) + median_of(command, args.repeat))
    for name, code in PEERS.items():
        rows.append((name,) + median_of([sys.executable, "-c", code, path], args.repeat))

    kiln_time, kiln_mem = rows[0][1], rows[0][2]
    print(f"model: {args.model}.onnx, {weights_mib:.0f} MiB; median of {args.repeat} runs")
    print(f"| step | wall s | peak MiB | peak / model size | kilnc --emit=import time ratio |")
    print(f"| --- | --- | --- | --- | --- |")
    for name, seconds, mib in rows:
        print(f"| {name} | {seconds:.2f} | {mib:.0f} | {mib / weights_mib:.2f} | "
              f"{kiln_time / seconds:.2f} |")


if __name__ == "__main__":
    main()
