#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the execution tests of kiln-lower-to-linalg (*_exec.mlir).

Each case is one ONNX node with constant inputs. The script imports it with
`kilnc --emit=import` (so the kiln IR is the importer's), runs it with
onnxruntime for the reference values, runs the lowered IR with mlir-runner,
and fails unless both agree within tolerance. The test file then records
the values the lowering prints, with onnxruntime's next to them.

  gen_exec_tests.py --build build/dev --out passes/codegen/test
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

LLVM_BIN = "/usr/lib/llvm-22/bin"
LLVM_LIB = "/usr/lib/llvm-22/lib"
LOWER_TO_LLVM = [
    "--one-shot-bufferize=bufferize-function-boundaries "
    "allow-return-allocs-from-loops"] + (
    "--convert-linalg-to-loops --convert-math-to-funcs=convert-ctlz=false "
    "--convert-math-to-libm --convert-scf-to-cf --expand-strided-metadata "
    "--lower-affine --finalize-memref-to-llvm --convert-math-to-llvm "
    "--convert-arith-to-llvm --convert-index-to-llvm --convert-cf-to-llvm "
    "--convert-func-to-llvm --reconcile-unrealized-casts"
).split()
PRINTERS = {"f32": "printMemrefF32", "i64": "printMemrefI64"}


def arange(shape, dtype=np.float32, scale=1.0, offset=0.0):
    """Deterministic test data: a ramp folded into [-4, 4)."""
    n = int(np.prod(shape))
    values = ((np.arange(n) * 7919 % 97) / 97.0 * 8.0 - 4.0) * scale + offset
    return values.reshape(shape).astype(dtype)


class Case:
    def __init__(self, name, op, inputs, attrs=None, outputs=1, opset=21,
                 comment=None, rtol=1e-4, atol=1e-5, reference="onnxruntime"):
        self.name, self.op, self.inputs = name, op, inputs
        self.attrs = attrs or {}
        self.outputs = outputs if isinstance(outputs, list) else list(range(outputs))
        self.opset, self.comment = opset, comment
        self.rtol, self.atol = rtol, atol
        # A callable computes the reference where onnxruntime lacks the
        # feature (from onnxruntime runs of an equivalent form).
        self.reference_fn = reference if callable(reference) else None
        self.reference_name = "onnxruntime"

    def model(self, as_initializers):
        names = [f"{self.name}_in{i}" if v is not None else ""
                 for i, v in enumerate(self.inputs)]
        count = max(self.outputs) + 1
        outs = [f"{self.name}_out{i}" for i in range(count)]
        node = helper.make_node(self.op, names, outs, name=self.name, **self.attrs)
        inits, ins = [], []
        for n, v in zip(names, self.inputs):
            if v is None:
                continue
            if as_initializers:
                inits.append(numpy_helper.from_array(v, n))
            else:
                ins.append(helper.make_tensor_value_info(
                    n, helper.np_dtype_to_tensor_dtype(v.dtype), v.shape))
        graph_outs = [onnx.ValueInfoProto(name=outs[i]) for i in self.outputs]
        graph = helper.make_graph([node], self.name, ins, graph_outs, inits)
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", self.opset)])
        model.ir_version = 10
        inferred = onnx.shape_inference.infer_shapes(model)
        types = {v.name: v.type for v in list(inferred.graph.output)}
        del model.graph.output[:]
        for i in self.outputs:
            vi = onnx.ValueInfoProto(name=outs[i])
            vi.type.CopyFrom(types[outs[i]])
            model.graph.output.append(vi)
        return model

    def reference(self):
        feeds = {f"{self.name}_in{i}": v for i, v in enumerate(self.inputs)
                 if v is not None}
        if self.reference_fn:
            return self.reference_fn()
        session = ort.InferenceSession(
            self.model(False).SerializeToString(),
            providers=["CPUExecutionProvider"])
        return session.run(None, feeds)


def kiln_function(case, kilnc, tmp):
    path = os.path.join(tmp, case.name + ".onnx")
    onnx.save(case.model(True), path)
    text = subprocess.run([kilnc, path, "--emit=import"], check=True,
                          capture_output=True, text=True).stdout
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if "func.func @main" in l)
    end = max(i for i, l in enumerate(lines) if l.strip() == "}")
    body = lines[start:end]
    header = re.sub(r" \{kiln\.name = \"[^\"]*\"\}", "", body[0])
    header = header.replace("@main(", f"@{case.name}(")
    result_types = re.findall(r"tensor<[^>]*>", header.split("->", 1)[1])
    return [header.strip()] + [l[2:] for l in body[1:]], result_types


def element_type(tensor_type):
    return tensor_type[len("tensor<"):-1].split("x")[-1]


def print_lines(case, result_types, shapes):
    """main's lines that call the case and print each result as 1-D (dynamic
    dims cast to `shapes`, the reference's)."""
    n = len(result_types)
    lines = []
    if n == 1:
        lines.append(f"  %{case.name} = call @{case.name}() : () -> {result_types[0]}")
        values = [f"%{case.name}"]
    else:
        lines.append(f"  %{case.name}:{n} = call @{case.name}() : () -> "
                     f"({', '.join(result_types)})")
        values = [f"%{case.name}#{i}" for i in range(n)]
    for i, (value, ty) in enumerate(zip(values, result_types)):
        v = f"%{case.name}_{i}"
        elem = element_type(ty)
        dims = ty[len("tensor<"):-1].split("x")[:-1]
        if "?" in dims:
            dims = [str(d) for d in shapes[i]]
            static_ty = "tensor<" + "".join(d + "x" for d in dims) + elem + ">"
            lines.append(f"  {v}_s = tensor.cast {value} : {ty} to {static_ty}")
            value, ty = f"{v}_s", static_ty
        if elem not in PRINTERS:
            wide = "f32" if elem in ("f16", "bf16", "f64") else "i64"
            wide_ty = ty.replace("x" + elem + ">", "x" + wide + ">") if dims \
                else f"tensor<{wide}>"
            lines.append(f"  {v}_w = kiln.cast {value} {{to = {wide}}} : ({ty}) -> {wide_ty}")
            value, ty, elem = f"{v}_w", wide_ty, wide
        count = int(np.prod([int(d) for d in dims])) if dims else 1
        flat_ty = f"tensor<{count}x{elem}>"
        if len(dims) == 1:
            flat = value
        elif not dims:
            lines.append(f"  {v}_f = tensor.expand_shape {value} [] output_shape [1]"
                         f" : {ty} into {flat_ty}")
            flat = f"{v}_f"
        else:
            group = ", ".join(str(d) for d in range(len(dims)))
            lines.append(f"  {v}_f = tensor.collapse_shape {value} [[{group}]]"
                         f" : {ty} into {flat_ty}")
            flat = f"{v}_f"
        lines.append(f"  {v}_u = tensor.cast {flat} : {flat_ty} to tensor<*x{elem}>")
        lines.append(f"  call @{PRINTERS[elem]}({v}_u) : (tensor<*x{elem}>) -> ()")
    return lines


def parse_printed(output):
    """The value lists mlir-runner printed, one per printMemref call."""
    rows = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("["):
            rows.append([s.strip() for s in line.strip("[]").split(",") if s.strip()])
    return rows


def to_float(text):
    return float(text.replace("-nan", "nan"))


def generate(name, title, cases, kilnc, kiln_opt, out_dir):
    with tempfile.TemporaryDirectory() as tmp:
        functions, main = [], []
        for case in cases:
            body, result_types = kiln_function(case, kilnc, tmp)
            functions.append((case, body))
            shapes = [np.asarray(r).shape for r in case.reference()]
            main += print_lines(case, result_types, shapes)
        module = []
        for case, body in functions:
            module += body + [""]
        module += ["func.func @main() {"] + main + ["  return", "}", ""]
        module += [f"func.func private @{p}(tensor<*x{t}>)" for t, p in PRINTERS.items()]
        source = "\n".join(module) + "\n"
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(source)
        def step(command, text):
            done = subprocess.run(command, input=text, capture_output=True,
                                  text=True)
            if done.returncode != 0:
                sys.exit(f"{name}: {command[0]} failed:\n{done.stderr}")
            return done.stdout
        lowered = step([kiln_opt, "--kiln-lower-to-linalg", path], None)
        llvm = step([f"{LLVM_BIN}/mlir-opt"] + LOWER_TO_LLVM, lowered)
        run = step([f"{LLVM_BIN}/mlir-runner", "-e", "main",
                    "-entry-point-result=void",
                    f"-shared-libs={LLVM_LIB}/libmlir_runner_utils.so,"
                    f"{LLVM_LIB}/libmlir_c_runner_utils.so"], llvm)
    printed = parse_printed(run)
    checks, row, failures = [], 0, []
    for case in cases:
        expected = case.reference()
        checks.append(f"// {case.name}" +
                      (f": {case.comment}" if case.comment else ""))
        for index, reference in enumerate(expected):
            got = printed[row]
            row += 1
            ref = np.asarray(reference).astype(np.float64).ravel()
            values = np.array([to_float(v) for v in got])
            if values.shape != ref.shape or not np.allclose(
                    values, ref, rtol=case.rtol, atol=case.atol, equal_nan=True):
                failures.append(f"{case.name} result {index}:\n  kiln {got}\n"
                                f"  {case.reference_name} {ref.tolist()}")
            shown = ", ".join(f"{v:.6g}" for v in ref)
            checks.append(f"// {case.reference_name}: [{shown}]")
            checks.append("// CHECK: [" + ", ".join(got) + "]")
    if failures:
        sys.exit("mismatches against onnxruntime:\n" + "\n".join(failures))
    header = [
        f"// {title}",
        "// Generated by Inputs/gen_exec_tests.py: each case is one ONNX node",
        "// imported by kilnc; the CHECK lines hold the values the lowered code",
        "// printed when generated, which matched onnxruntime's (shown above",
        "// each) within tolerance.",
        "// RUN: kiln-opt --kiln-lower-to-linalg %s | %mlir_opt %lower_to_llvm \\",
        "// RUN:   | %mlir_runner %runner_args | FileCheck %s",
        "",
    ]
    with open(os.path.join(out_dir, name), "w") as f:
        f.write("\n".join(header + checks) + "\n\n" + source)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build/dev")
    parser.add_argument("--out", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    parser.add_argument("--only", help="write only this file")
    args = parser.parse_args()
    kilnc = os.path.join(args.build, "bin", "kilnc")
    kiln_opt = os.path.join(args.build, "bin", "kiln-opt")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import exec_cases
    for name, (title, cases) in exec_cases.FILES.items():
        if args.only and args.only != name:
            continue
        generate(name, title, cases, kilnc, kiln_opt, args.out)
        print("wrote", name)


if __name__ == "__main__":
    main()
