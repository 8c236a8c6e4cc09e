#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reductions of few long rows on Vulkan, which a workgroup reduces
together (subgroup operations, then workgroup memory), against
onnxruntime: sums, maxima, means to a scalar, a single row's LayerNorm and
Softmax, at sizes that are not multiples of the workgroup.

  vulkan_reductions.py --kilnc K --kiln-run R [--work DIR]

Exits 77 (skipped) when no Vulkan device is present.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

SKIP = ("no Vulkan driver", "cannot open the Vulkan loader")


def model(op, shape, out_shape, inputs=(), **attributes):
    """One `op` over x [shape]; `inputs` are extra initializers."""
    names = ["x"] + [name for name, _ in inputs]
    graph = helper.make_graph(
        [helper.make_node(op, names, ["y"], **attributes)], op,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)],
        [numpy_helper.from_array(value, name) for name, value in inputs])
    onnx_model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 18)])
    onnx_model.ir_version = 8  # what the PyPI onnxruntime reads
    return onnx_model


def axes(*values):
    return ("axes", np.array(values, dtype=np.int64))


CASES = {
    "sum_rows": model("ReduceSum", [2, 5001], [2], [axes(1)], keepdims=0),
    "max_rows": model("ReduceMax", [3, 777], [3], [axes(1)], keepdims=0),
    "mean_all": model("ReduceMean", [100003], [], [axes(0)], keepdims=0),
    "layer_norm": model("LayerNormalization", [1, 1, 768], [1, 1, 768],
                        [("scale", np.linspace(0.5, 1.5, 768, dtype=np.float32)),
                         ("bias", np.linspace(-1, 1, 768, dtype=np.float32))],
                        axis=-1),
    "softmax": model("Softmax", [1, 4099], [1, 4099], axis=-1),
}


def run_case(name, onnx_model, args, work):
    path = os.path.join(work, name + ".onnx")
    onnx.save(onnx_model, path)
    artifact = os.path.join(work, name + ".kiln")
    subprocess.run([args.kilnc, path, "--target=vulkan", "-o", artifact],
                   check=True)
    shape = [d.dim_value for d in
             onnx_model.graph.input[0].type.tensor_type.shape.dim]
    x = np.random.default_rng(7).standard_normal(shape).astype(np.float32)
    np.save(os.path.join(work, name + "_x.npy"), x)
    out = os.path.join(work, name + "_out")
    run = subprocess.run(
        [args.kiln_run, artifact, "--device", "vulkan",
         "--input", "x=" + os.path.join(work, name + "_x.npy"),
         "--output-dir", out], capture_output=True, text=True)
    if run.returncode != 0:
        if any(reason in run.stderr for reason in SKIP):
            print("skipped: " + run.stderr.strip())
            sys.exit(77)
        print(f"FAIL: {name}: {run.stderr.strip()}")
        return False
    actual = np.load(os.path.join(out, "y.npy"))
    session = onnxruntime.InferenceSession(
        path, providers=["CPUExecutionProvider"])
    expected = session.run(None, {"x": x})[0]
    scale = max(float(np.abs(expected).max()), 1e-30)
    error = float(np.abs(actual.astype(np.float64) - expected).max()) / scale
    ok = actual.shape == expected.shape and error <= 1e-5
    print(f"{'PASS' if ok else 'FAIL'}: {name}: max error {error:.2e} of "
          f"max |output| {scale:.3g}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--work")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or temporary
        os.makedirs(work, exist_ok=True)
        results = [run_case(name, case, args, work)
                   for name, case in CASES.items()]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
