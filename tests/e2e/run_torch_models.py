#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compiles exported torch models with kilnc, runs them with kiln-run, and
compares the outputs with onnxruntime's on the same random inputs.

Each model runs with a fixed batch (shapes given to kilnc) and with dynamic
dims: kilnc leaves the dims the exporter made symbolic (batch, and sequence
length for the sequence models) for the runtime, and kiln-run is given a
batch of 2. The tolerance of each model is stated below: errors are
measured relative to the largest magnitude of the reference output, since
oneDNN and onnxruntime sum in different orders.

On --device=vulkan the models are compiled with --target=vulkan and run on
the Vulkan device (Mesa's lavapipe in CI): every op is a generated kernel
there, summing in yet another order, so the tolerance is
max(model's, VULKAN_TOLERANCE).

  run_torch_models.py --kilnc K --kiln-run R --models DIR [--work DIR]
                      [--only NAME...] [--modes static,dynamic]
                      [--device cpu|vulkan]
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort

# name: (input shape at batch 1, batch axis, input dtype, tolerance relative
# to max |ref|)
MODELS = {
    "resnet18": ((1, 3, 224, 224), 0, np.float32, 1e-4),
    "mobilenet_v2": ((1, 3, 224, 224), 0, np.float32, 1e-4),
    # Squeeze-and-excitation kernels between convolutions (channels-last).
    "efficientnet_b0": ((1, 3, 224, 224), 0, np.float32, 1e-4),
    "bert_like": ((1, 128), 0, np.int64, 1e-4),
    "gpt2_like": ((1, 128), 0, np.int64, 1e-4),
    "vit_b_16": ((1, 3, 224, 224), 0, np.float32, 1e-4),
    "resnet50": ((1, 3, 224, 224), 0, np.float32, 1e-4),
    "lstm": ((16, 1, 32), 1, np.float32, 1e-4),  # [sequence, batch, features]
}
# Generated kernels reduce in f32, in order per output or across a
# workgroup for few long rows.
VULKAN_TOLERANCE = 1e-4
# What a device cannot run yet, and why (printed as SKIP, not counted).
KNOWN_LIMITS = {
    ("vulkan", "lstm", "dynamic"):
        "the recurrence's per-step gates would need a temporary sized by "
        "the dynamic batch, which Vulkan kernels cannot allocate yet",
}
# What the ctest entry runs; vit_b_16 and resnet50 (exported on request,
# slow to compile and run) run with --only.
DEFAULT = ["resnet18", "mobilenet_v2", "efficientnet_b0", "bert_like",
           "gpt2_like", "lstm"]


def make_input(shape, dtype, rng):
    if dtype == np.int64:
        return rng.integers(0, 1000, size=shape, dtype=np.int64)
    return rng.standard_normal(shape, dtype=np.float32)


def run_case(args, name, mode):
    shape, batch_axis, dtype, tolerance = MODELS[name]
    model = os.path.join(args.models, name + ".onnx")
    work = os.path.join(args.work, f"{name}-{mode}-{args.device}")
    if args.device != "cpu":
        tolerance = max(tolerance, VULKAN_TOLERANCE)
    os.makedirs(work, exist_ok=True)
    batch = 1 if mode == "static" else 2
    shape = shape[:batch_axis] + (batch,) + shape[batch_axis + 1:]
    rng = np.random.default_rng(0)
    x = make_input(shape, dtype, rng)
    input_path = os.path.join(work, "input.npy")
    np.save(input_path, x)

    artifact = os.path.join(work, name + ".kiln")
    compile_cmd = [args.kilnc, model, "-o", artifact, f"--target={args.device}"]
    if mode == "static":
        compile_cmd.append("--input-shape=input=" + "x".join(map(str, shape)))
    start = time.monotonic()
    proc = subprocess.run(compile_cmd, capture_output=True, text=True)
    compile_s = time.monotonic() - start
    if proc.returncode != 0:
        return False, f"kilnc failed: {proc.stderr.strip()}"

    out_dir = os.path.join(work, "outputs")
    start = time.monotonic()
    proc = subprocess.run([args.kiln_run, artifact, "--device", args.device,
                           "--input", f"input={input_path}",
                           "--output-dir", out_dir], capture_output=True, text=True)
    run_s = time.monotonic() - start
    if proc.returncode != 0:
        return False, f"kiln-run failed: {proc.stderr.strip()}"
    got = np.load(os.path.join(out_dir, "output.npy"))

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    want = session.run(None, {"input": x})[0]
    if got.shape != want.shape or got.dtype != want.dtype:
        return False, f"output {got.dtype}{list(got.shape)}, onnxruntime {want.dtype}{list(want.shape)}"
    scale = max(float(np.abs(want).max()), 1e-30)
    error = float(np.abs(got.astype(np.float64) - want).max()) / scale
    detail = f"max error {error:.2e} of max |output| {scale:.3g} (tolerance {tolerance:.0e}), compile {compile_s:.1f} s, run {run_s:.1f} s"
    return error <= tolerance, detail


def device_problem(args):
    """None when kiln-run can run a one-node model on args.device, else why not."""
    import tempfile
    import onnx
    from onnx import helper
    model = helper.make_model(
        helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "probe",
                          [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
                          [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])]),
        opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "probe.onnx")
        onnx.save(model, path)
        artifact = os.path.join(work, "probe.kiln")
        for cmd in ([args.kilnc, path, "-o", artifact, f"--target={args.device}"],
                    [args.kiln_run, artifact, "--device", args.device, "--input", "x=random"]):
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                return proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "failed"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--models", required=True, help="folder of exported .onnx models")
    parser.add_argument("--work", default=None, help="folder for artifacts and outputs")
    parser.add_argument("--only", nargs="*", default=DEFAULT, choices=list(MODELS))
    parser.add_argument("--modes", default="static,dynamic")
    parser.add_argument("--device", default="cpu", choices=["cpu", "vulkan"],
                        help="kilnc --target and kiln-run --device")
    args = parser.parse_args()
    args.work = args.work or os.path.join(args.models, "e2e")
    if args.device != "cpu":
        problem = device_problem(args)
        if problem:
            print(f"skipped: no usable {args.device} device: {problem}")
            return 77  # ctest's SKIP_RETURN_CODE

    passed = failed = 0
    for name in args.only:
        for mode in args.modes.split(","):
            limit = KNOWN_LIMITS.get((args.device, name, mode))
            if limit:
                print(f"SKIP: {name} ({mode} shapes, {args.device}): {limit}")
                continue
            ok, detail = run_case(args, name, mode)
            print(f"{'PASS' if ok else 'FAIL'}: {name} ({mode} shapes, {args.device}): {detail}",
                  flush=True)
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
