#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the exported torch models through kiln-lower-to-linalg and compares
their outputs with onnxruntime's.

Each model goes through `kilnc --emit=kiln` (with fixed input shapes, or
with its dynamic dims kept when --dynamic), `kiln-opt --kiln-lower-to-linalg`,
upstream mlir-opt's lowering to LLVM (naive loops) and mlir-runner, on one
random input. Prints the largest absolute difference per model.

  run_models.py --build build/dev --models build/dev/models [--dynamic]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_exec_tests import LLVM_BIN, LLVM_LIB, LOWER_TO_LLVM  # noqa: E402

# Input shape and element type; --dynamic runs batch 2 on the dynamic graph.
MODELS = {
    "resnet18": ([1, 3, 224, 224], "f32"),
    "mobilenet_v2": ([1, 3, 224, 224], "f32"),
    "vit_b_16": ([1, 3, 224, 224], "f32"),
    "bert_like": ([1, 128], "i64"),
    "gpt2_like": ([1, 128], "i64"),
    "lstm": ([16, 1, 32], "f32"),
}


def run_model(name, shape, dtype, args):
    path = os.path.join(args.models, name + ".onnx")
    if args.dynamic:
        shape = list(shape)
        shape[1 if name == "lstm" else 0] = 2
    rng = np.random.default_rng(0)
    if dtype == "i64":
        x = rng.integers(0, 1000, size=shape).astype(np.int64)
    else:
        x = rng.standard_normal(shape).astype(np.float32)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    ref = session.run(None, {session.get_inputs()[0].name: x})[0]
    command = [os.path.join(args.build, "bin", "kilnc"), path, "--emit=kiln"]
    if not args.dynamic:
        command.append("--input-shape=input=" + "x".join(map(str, shape)))
    text = subprocess.run(command, check=True, capture_output=True,
                          text=True).stdout
    text = text.replace("func.func @main(", "func.func @model(")
    text = re.sub(r' \{kiln\.name = "[^"]*"\}', "", text)
    m = re.search(r"func.func @model\(%arg0: (tensor<[^>]*>)\) -> \((tensor<[^>]*>)",
                  text)
    in_ty, out_ty = m.group(1), m.group(2)
    static_in = "tensor<" + "x".join(map(str, shape)) + f"x{dtype}>"
    static_out = "tensor<" + "x".join(map(str, ref.shape)) + "xf32>"
    values = ", ".join(str(v) if dtype == "i64" else repr(float(v))
                       for v in x.ravel())
    dims = ", ".join(str(i) for i in range(len(shape)))
    out_dims = ", ".join(str(i) for i in range(ref.ndim))
    entry = f"""
  func.func private @printMemrefF32(tensor<*xf32>)
  func.func @main() {{
    %flat = kiln.constant dense<[{values}]> : tensor<{x.size}x{dtype}>
    %x = tensor.expand_shape %flat [[{dims}]] output_shape [{", ".join(map(str, shape))}] : tensor<{x.size}x{dtype}> into {static_in}
    %xd = tensor.cast %x : {static_in} to {in_ty}
    %yd = call @model(%xd) : ({in_ty}) -> {out_ty}
    %y = tensor.cast %yd : {out_ty} to {static_out}
    %f = tensor.collapse_shape %y [[{out_dims}]] : {static_out} into tensor<{ref.size}xf32>
    %u = tensor.cast %f : tensor<{ref.size}xf32> to tensor<*xf32>
    call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
    return
  }}
"""
    end = text.rfind("\n}\n", 0, text.find("{-#") if "{-#" in text else len(text))
    text = text[:end] + entry + text[end:]
    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "model.mlir")
        with open(source, "w") as f:
            f.write(text)
        lowered, llvm = os.path.join(tmp, "l.mlir"), os.path.join(tmp, "ll.mlir")
        steps = [
            [os.path.join(args.build, "bin", "kiln-opt"), "--kiln-lower-to-linalg",
             source, "-o", lowered],
            [f"{LLVM_BIN}/mlir-opt"] + LOWER_TO_LLVM + [lowered, "-o", llvm],
            [f"{LLVM_BIN}/mlir-runner", "-e", "main", "-entry-point-result=void",
             "-O2", f"-shared-libs={LLVM_LIB}/libmlir_runner_utils.so,"
             f"{LLVM_LIB}/libmlir_c_runner_utils.so", llvm],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode:
                return f"FAIL {name}: {os.path.basename(step[0])}: " + \
                    done.stderr.strip().splitlines()[0][:200]
    line = [l for l in done.stdout.splitlines() if l.startswith("[")][0]
    got = np.array([float(v) for v in line.strip("[]").split(",")])
    diff = np.abs(got - ref.ravel()).max()
    verdict = "PASS" if np.allclose(got, ref.ravel(), rtol=1e-3, atol=1e-4) \
        else "MISMATCH"
    return (f"{verdict} {name} {'x'.join(map(str, shape))}: max abs diff "
            f"{diff:.3g} (outputs in [{ref.min():.3g}, {ref.max():.3g}]), "
            f"{time.time() - start:.1f}s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build/dev")
    parser.add_argument("--models", default="build/dev/models")
    parser.add_argument("--dynamic", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    for name, (shape, dtype) in MODELS.items():
        if args.only and args.only != name:
            continue
        print(run_model(name, shape, dtype, args), flush=True)


if __name__ == "__main__":
    main()
