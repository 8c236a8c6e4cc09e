#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Import speed and memory: kilnc against onnx.load and onnxruntime on the
same model, same machine, one run.

  .venv/bin/python scripts/bench-import.py [--model resnet50] [--repeat 5]

The model is exported by tests/e2e/export_torch_models.py (Debian's torch)
into build/dev/models if missing. Prints medians of wall time and peak RSS
of each step in its own process, the memory it takes beyond its baseline
(the same tool on a one-node model) relative to the model's size, and each
step's wall time relative to kilnc's import.
"""
import argparse
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = {
    "onnx.load": ("import onnx, sys", "onnx.load(sys.argv[1])"),
    "onnxruntime session": (
        "import onnxruntime as ort, sys",
        "o = ort.SessionOptions(); o.intra_op_num_threads = 2; "
        "ort.InferenceSession(sys.argv[1], o, providers=['CPUExecutionProvider'])"),
}
# A one-node model: what each tool costs before the model's own weights.
TINY_MODEL = """<ir_version: 8, opset_import: ["" : 17]>
g (float[2] x) => (float[2] y) { y = Relu(x) }
"""


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

    tiny = os.path.join(models, "tiny.onnxtxt")
    with open(tiny, "w") as f:
        f.write(TINY_MODEL)

    # Each row: the step on the model, and the same tool's baseline (kilnc
    # on a one-node model; the peer's Python imports alone). --stats keeps
    # kilnc from printing IR, so the row measures import (and passes).
    rows = []
    for emit in ("import", "kiln"):
        command = [kilnc, f"--emit={emit}", "--stats"]
        rows.append((f"kilnc --emit={emit}",
                     median_of(command + [path], args.repeat),
                     median_of(command + [tiny], args.repeat)))
    for name, (setup, code) in PEERS.items():
        rows.append((name,
                     median_of([sys.executable, "-c", f"{setup}; {code}", path], args.repeat),
                     median_of([sys.executable, "-c", setup, path], args.repeat)))

    kiln_time = rows[0][1][0]
    print(f"model: {args.model}.onnx, {weights_mib:.0f} MiB; median of {args.repeat} runs")
    print("| step | wall s | peak MiB | baseline MiB | (peak - baseline) / model size | wall time / kilnc's |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (seconds, mib), (base_seconds, base_mib) in rows:
        print(f"| {name} | {seconds:.2f} | {mib:.0f} | {base_mib:.0f} | "
              f"{(mib - base_mib) / weights_mib:.2f} | {seconds / kiln_time:.1f}x |")


if __name__ == "__main__":
    main()
