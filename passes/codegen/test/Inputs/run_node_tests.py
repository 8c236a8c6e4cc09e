#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the ONNX backend node tests through kiln-lower-to-linalg.

For each test model, the graph inputs become initializers holding the test
data, kilnc imports the model (--emit=import, so nothing is folded away),
kiln-opt lowers it, mlir-opt and mlir-runner run it, and the printed outputs
are compared with the test's expected outputs. Prints one line per test and
a summary by outcome; `--filter` picks tests by substring.

  run_node_tests.py --build build/dev [--filter conv] [--jobs 2]
"""

import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_exec_tests import LLVM_BIN, LLVM_LIB, LOWER_TO_LLVM  # noqa: E402

NODE_DIR = os.path.join(os.path.dirname(onnx.__file__), "backend", "test",
                        "data", "node")
PRINTERS = {"f32": "printMemrefF32", "i64": "printMemrefI64"}


def load_case(test_dir):
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    data = os.path.join(test_dir, "test_data_set_0")
    inputs, outputs = [], []
    for path in sorted(glob.glob(os.path.join(data, "input_*.pb")),
                       key=lambda p: int(re.findall(r"\d+", p)[-1])):
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        inputs.append(tensor)
    for path in sorted(glob.glob(os.path.join(data, "output_*.pb")),
                       key=lambda p: int(re.findall(r"\d+", p)[-1])):
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        outputs.append(numpy_helper.to_array(tensor))
    return model, inputs, outputs


def run(cmd, stdin=None, timeout=120):
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                          timeout=timeout)


def first_error(text):
    for line in text.splitlines():
        if "error" in line:
            return re.sub(r"^.*?error: ", "", line).strip()[:150]
    return text.strip().splitlines()[0][:150] if text.strip() else "?"


def run_test(name, build):
    test_dir = os.path.join(NODE_DIR, name)
    try:
        model, inputs, expected = load_case(test_dir)
    except Exception:
        return name, "SKIP", "non-tensor test data"
    graph = model.graph
    initialized = {init.name for init in graph.initializer}
    real_inputs = [i for i in graph.input if i.name not in initialized]
    if len(real_inputs) != len(inputs):
        return name, "SKIP", "input count"
    for vi, tensor in zip(real_inputs, inputs):
        tensor.name = vi.name
        graph.initializer.append(tensor)
    del graph.input[:]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        onnx.save(model, path)
        imported = run([os.path.join(build, "bin", "kilnc"), path,
                        "--emit=import"])
        if imported.returncode:
            return name, "IMPORT", first_error(imported.stderr)
        text = imported.stdout
        header = re.search(r"func.func @main\(\) -> \((.*)\) \{", text)
        if not header:
            return name, "SKIP", "unexpected signature"
        types = re.findall(r"(tensor<[^>]*>|![a-z.]+<[^{]*?>)", header.group(1))
        if len(types) != len(expected) or any(not t.startswith("tensor<")
                                              for t in types):
            return name, "SKIP", "non-tensor outputs"
        text = text.replace("func.func @main()", "func.func @model()")
        lines = []
        call = f"%r:{len(types)}" if len(types) > 1 else "%r"
        lines.append(f"    {call} = call @model() : () -> ({', '.join(types)})")
        for i, (ty, ref) in enumerate(zip(types, expected)):
            value = f"%r#{i}" if len(types) > 1 else "%r"
            elem = ty[len("tensor<"):-1].split("x")[-1]
            dims = ty[len("tensor<"):-1].split("x")[:-1]
            if ref.dtype.kind in "U" or ref.dtype == object:
                return name, "SKIP", "string outputs"
            static = "tensor<" + "".join(f"{d}x" for d in ref.shape) + elem + ">"
            if "?" in dims or "*" in ty:
                lines.append(f"    %s{i} = tensor.cast {value} : {ty} to {static}")
                value, ty = f"%s{i}", static
            wide = "f32" if elem.startswith(("f", "bf")) else "i64"
            wide_ty = static.replace("x" + elem + ">", "x" + wide + ">") \
                if ref.shape else f"tensor<{wide}>"
            if elem != wide:
                lines.append(f"    %w{i} = kiln.cast {value} {{to = {wide}}} : ({ty}) -> {wide_ty}")
                value = f"%w{i}"
            lines.append(f"    %u{i} = tensor.cast {value} : {wide_ty} to tensor<*x{wide}>")
            lines.append(f"    call @{PRINTERS[wide]}(%u{i}) : (tensor<*x{wide}>) -> ()")
        entry = ("  func.func @main() {\n" + "\n".join(lines) +
                 "\n    return\n  }\n" +
                 "".join(f"  func.func private @{p}(tensor<*x{t}>)\n"
                         for t, p in PRINTERS.items()))
        end = text.rfind("\n}")
        text = text[:end] + "\n" + entry + text[end:]
        lowered = run([os.path.join(build, "bin", "kiln-opt"),
                       "--kiln-lower-to-linalg"], text)
        if lowered.returncode:
            return name, "LOWER", first_error(lowered.stderr)
        pipeline = list(LOWER_TO_LLVM)
        if re.search(r"FLOAT[48]|f8E|f4E", name + lowered.stdout):
            # Arithmetic on float8/float4 through APFloat runtime calls.
            pipeline.insert(1, "--convert-arith-to-apfloat")
        llvm = run([f"{LLVM_BIN}/mlir-opt"] + pipeline, lowered.stdout)
        if llvm.returncode:
            return name, "LLVM", first_error(llvm.stderr)
        ran = run([f"{LLVM_BIN}/mlir-runner", "-e", "main",
                   "-entry-point-result=void",
                   f"-shared-libs={LLVM_LIB}/libmlir_runner_utils.so,"
                   f"{LLVM_LIB}/libmlir_c_runner_utils.so,"
                   f"{LLVM_LIB}/libmlir_apfloat_wrappers.so"], llvm.stdout)
        if ran.returncode:
            return name, "RUN", first_error(ran.stderr)
    # Printed values: everything between 'data =' markers, flattened.
    chunks = ran.stdout.split("data =")[1:]
    if len(chunks) != len(expected):
        return name, "RUN", "output count"
    headers = re.findall(r"sizes = \[([0-9, ]*)\]", ran.stdout)
    for i, (chunk, ref) in enumerate(zip(chunks, expected)):
        chunk = chunk.split("Unranked Memref")[0]
        values = re.findall(r"-?nan|-?inf|-?[0-9.]+(?:e[-+]?[0-9]+)?", chunk)
        got = np.array([float(v.replace("-nan", "nan")) for v in values])
        sizes = [int(d) for d in headers[i].split(",") if d.strip()]
        if 0 in sizes:
            got = np.zeros((0,))
        want = np.asarray(ref, dtype=np.float64).ravel()
        if got.shape != want.shape:
            return name, "MISMATCH", f"output {i}: {got.size} values, expected {want.size}"
        if not np.allclose(got, want, rtol=1e-3, atol=1e-4, equal_nan=True):
            bad = np.argmax(~np.isclose(got, want, rtol=1e-3, atol=1e-4, equal_nan=True))
            return name, "MISMATCH", (f"output {i}[{bad}]: {got[bad]:.6g}, "
                                      f"expected {want[bad]:.6g}")
    return name, "PASS", ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build/dev")
    parser.add_argument("--filter", default="")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    names = sorted(n for n in os.listdir(NODE_DIR) if args.filter in n)
    counts = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_test, n, args.build) for n in names]
        for future in futures:
            try:
                name, outcome, detail = future.result()
            except subprocess.TimeoutExpired:
                name, outcome, detail = "?", "TIMEOUT", ""
            counts[outcome] = counts.get(outcome, 0) + 1
            print(f"{outcome:8} {name}: {detail}", flush=True)
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
