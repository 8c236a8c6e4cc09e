#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every gradient rule of kiln-generate-gradients against central finite
differences, in f64: each case is a small kiln program ending in a scalar
loss; kiln-opt adds main_grad, kilnc compiles both functions, kiln-run
runs main_grad once and main at x ± h for every input element. (Cast's
rule, whose f32 round trip finite differences cannot resolve, is checked
by the lit test.)

  gradient_check.py --kiln-opt O --kilnc K --kiln-run R [--work DIR]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

# name: (arguments as (name, shape, positive), body ending in %loss)
CASES = {
    "add_broadcast": ([("a", (3, 4), False), ("b", (4,), False)], """
    %s = kiln.add %a, %b : (tensor<3x4xf64>, tensor<4xf64>) -> tensor<3x4xf64>
    %q = kiln.mul %s, %s : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %loss = kiln.reduce_sum %q {keepdims = 0 : i64} : (tensor<3x4xf64>) -> tensor<f64>"""),
    "sub_mul_broadcast": ([("a", (2, 3), False), ("b", (2, 1), False)], """
    %d = kiln.sub %a, %b : (tensor<2x3xf64>, tensor<2x1xf64>) -> tensor<2x3xf64>
    %m = kiln.mul %d, %b : (tensor<2x3xf64>, tensor<2x1xf64>) -> tensor<2x3xf64>
    %loss = kiln.reduce_sum %m {keepdims = 0 : i64} : (tensor<2x3xf64>) -> tensor<f64>"""),
    "div": ([("a", (5,), False), ("b", (5,), True)], """
    %q = kiln.div %a, %b : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
    %s = kiln.mul %q, %q : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
    %loss = kiln.reduce_sum %s {keepdims = 0 : i64} : (tensor<5xf64>) -> tensor<f64>"""),
    "neg_exp": ([("x", (6,), False)], """
    %n = kiln.neg %x : (tensor<6xf64>) -> tensor<6xf64>
    %e = kiln.exp %n : (tensor<6xf64>) -> tensor<6xf64>
    %loss = kiln.reduce_sum %e {keepdims = 0 : i64} : (tensor<6xf64>) -> tensor<f64>"""),
    "log_sqrt": ([("x", (6,), True)], """
    %l = kiln.log %x : (tensor<6xf64>) -> tensor<6xf64>
    %r = kiln.sqrt %x : (tensor<6xf64>) -> tensor<6xf64>
    %p = kiln.mul %l, %r : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    %loss = kiln.reduce_sum %p {keepdims = 0 : i64} : (tensor<6xf64>) -> tensor<f64>"""),
    "activations": ([("x", (8,), False)], """
    %r = kiln.relu %x : (tensor<8xf64>) -> tensor<8xf64>
    %s = kiln.sigmoid %x : (tensor<8xf64>) -> tensor<8xf64>
    %t = kiln.tanh %x : (tensor<8xf64>) -> tensor<8xf64>
    %rs = kiln.mul %r, %s : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
    %all = kiln.add %rs, %t : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
    %id = kiln.identity %all : (tensor<8xf64>) -> tensor<8xf64>
    %loss = kiln.reduce_mean %id {keepdims = 0 : i64} : (tensor<8xf64>) -> tensor<f64>"""),
    "matmul": ([("a", (3, 4), False), ("b", (4, 2), False)], """
    %y = kiln.matmul %a, %b : (tensor<3x4xf64>, tensor<4x2xf64>) -> tensor<3x2xf64>
    %t = kiln.tanh %y : (tensor<3x2xf64>) -> tensor<3x2xf64>
    %loss = kiln.reduce_sum %t {keepdims = 0 : i64} : (tensor<3x2xf64>) -> tensor<f64>"""),
    "batched_matmul": ([("a", (2, 3, 4), False), ("b", (4, 2), False)], """
    %y = kiln.matmul %a, %b : (tensor<2x3x4xf64>, tensor<4x2xf64>) -> tensor<2x3x2xf64>
    %s = kiln.mul %y, %y : (tensor<2x3x2xf64>, tensor<2x3x2xf64>) -> tensor<2x3x2xf64>
    %loss = kiln.reduce_sum %s {keepdims = 0 : i64} : (tensor<2x3x2xf64>) -> tensor<f64>"""),
    "reductions_shapes": ([("x", (2, 3, 4), False)], """
    %s = kiln.reduce_sum %x {axes = array<i64: 1>, keepdims = 1 : i64} : (tensor<2x3x4xf64>) -> tensor<2x1x4xf64>
    %m = kiln.reduce_mean %x {axes = array<i64: -1>, keepdims = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3xf64>
    %shape = kiln.constant dense<[8]> : tensor<1xi64>
    %r = kiln.reshape %s, %shape : (tensor<2x1x4xf64>, tensor<1xi64>) -> tensor<8xf64>
    %t = kiln.transpose %m {perm = array<i64: 1, 0>} : (tensor<2x3xf64>) -> tensor<3x2xf64>
    %e = kiln.exp %t : (tensor<3x2xf64>) -> tensor<3x2xf64>
    %r2 = kiln.mul %r, %r : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
    %a = kiln.reduce_sum %r2 {keepdims = 0 : i64} : (tensor<8xf64>) -> tensor<f64>
    %b = kiln.reduce_sum %e {keepdims = 0 : i64} : (tensor<3x2xf64>) -> tensor<f64>
    %loss = kiln.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>"""),
    "gemm": ([("a", (4, 3), False), ("b", (2, 4), False), ("c", (2,), False)], """
    %y = kiln.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf64>, tensor<2x4xf64>, tensor<2xf64>) -> tensor<3x2xf64>
    %t = kiln.tanh %y : (tensor<3x2xf64>) -> tensor<3x2xf64>
    %loss = kiln.reduce_sum %t {keepdims = 0 : i64} : (tensor<3x2xf64>) -> tensor<f64>"""),
    "gemm_plain": ([("a", (3, 4), False), ("b", (4, 2), False)], """
    %y = kiln.gemm %a, %b : (tensor<3x4xf64>, tensor<4x2xf64>) -> tensor<3x2xf64>
    %s = kiln.mul %y, %y : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
    %loss = kiln.reduce_sum %s {keepdims = 0 : i64} : (tensor<3x2xf64>) -> tensor<f64>"""),
    "softmaxes": ([("x", (2, 5), False), ("w", (2, 5), False)], """
    %s = kiln.softmax %x {axis = 1 : i64} : (tensor<2x5xf64>) -> tensor<2x5xf64>
    %l = kiln.log_softmax %x {axis = 0 : i64} : (tensor<2x5xf64>) -> tensor<2x5xf64>
    %sw = kiln.mul %s, %w : (tensor<2x5xf64>, tensor<2x5xf64>) -> tensor<2x5xf64>
    %lw = kiln.mul %l, %w : (tensor<2x5xf64>, tensor<2x5xf64>) -> tensor<2x5xf64>
    %all = kiln.add %sw, %lw : (tensor<2x5xf64>, tensor<2x5xf64>) -> tensor<2x5xf64>
    %loss = kiln.reduce_sum %all {keepdims = 0 : i64} : (tensor<2x5xf64>) -> tensor<f64>"""),
    "erf_gelu_leaky": ([("x", (7,), False)], """
    %e = kiln.erf %x : (tensor<7xf64>) -> tensor<7xf64>
    %g = kiln.gelu %x : (tensor<7xf64>) -> tensor<7xf64>
    %l = kiln.leaky_relu %x {alpha = 0.2 : f32} : (tensor<7xf64>) -> tensor<7xf64>
    %eg = kiln.mul %e, %g : (tensor<7xf64>, tensor<7xf64>) -> tensor<7xf64>
    %all = kiln.add %eg, %l : (tensor<7xf64>, tensor<7xf64>) -> tensor<7xf64>
    %loss = kiln.reduce_sum %all {keepdims = 0 : i64} : (tensor<7xf64>) -> tensor<f64>"""),
    "pow": ([("x", (5,), True), ("y", (5,), False)], """
    %p = kiln.pow %x, %y : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
    %two = kiln.constant dense<3> : tensor<i64>
    %q = kiln.pow %x, %two : (tensor<5xf64>, tensor<i64>) -> tensor<5xf64>
    %s = kiln.add %p, %q : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
    %loss = kiln.reduce_sum %s {keepdims = 0 : i64} : (tensor<5xf64>) -> tensor<f64>"""),
    "shapes_where": ([("x", (2, 1, 3), False), ("y", (3,), False)], """
    %sq = kiln.squeeze %x {axes = array<i64: 1>} : (tensor<2x1x3xf64>) -> tensor<2x3xf64>
    %un = kiln.unsqueeze %sq {axes = array<i64: 0>} : (tensor<2x3xf64>) -> tensor<1x2x3xf64>
    %fl = kiln.flatten %un {axis = 1 : i64} : (tensor<1x2x3xf64>) -> tensor<1x6xf64>
    %shape = kiln.constant dense<[2, 3]> : tensor<2xi64>
    %ex = kiln.expand %y, %shape : (tensor<3xf64>, tensor<2xi64>) -> tensor<2x3xf64>
    %zero = kiln.constant dense<0.0> : tensor<f64>
    %c = kiln.greater %sq, %zero : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xi1>
    %w = kiln.where %c, %sq, %ex : (tensor<2x3xi1>, tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
    %e = kiln.exp %w : (tensor<2x3xf64>) -> tensor<2x3xf64>
    %a = kiln.reduce_sum %e {keepdims = 0 : i64} : (tensor<2x3xf64>) -> tensor<f64>
    %fl2 = kiln.mul %fl, %fl : (tensor<1x6xf64>, tensor<1x6xf64>) -> tensor<1x6xf64>
    %b = kiln.reduce_sum %fl2 {keepdims = 0 : i64} : (tensor<1x6xf64>) -> tensor<f64>
    %loss = kiln.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>"""),
    "layer_norm": ([("x", (2, 3, 4), False), ("s", (4,), False), ("b", (4,), False),
                    ("w", (2, 3, 4), False)], """
    %y, %m, %r = kiln.layer_normalization %x, %s, %b {epsilon = 1.0e-5 : f32, stash_type = f64} : (tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>) -> (tensor<2x3x4xf64>, tensor<2x3x1xf64>, tensor<2x3x1xf64>)
    %yw = kiln.mul %y, %w : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
    %loss = kiln.reduce_sum %yw {keepdims = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<f64>"""),
    "layer_norm_axis1": ([("x", (2, 3, 4), False), ("s", (3, 4), False), ("w", (2, 3, 4), False)], """
    %y, %m, %r = kiln.layer_normalization %x, %s {axis = 1 : i64, stash_type = f64} : (tensor<2x3x4xf64>, tensor<3x4xf64>) -> (tensor<2x3x4xf64>, tensor<2x1x1xf64>, tensor<2x1x1xf64>)
    %yw = kiln.mul %y, %w : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
    %loss = kiln.reduce_sum %yw {keepdims = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<f64>"""),
    "concat_max": ([("a", (2, 3), False), ("b", (2, 2), False)], """
    %c = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf64>, tensor<2x2xf64>) -> tensor<2x5xf64>
    %e = kiln.exp %c : (tensor<2x5xf64>) -> tensor<2x5xf64>
    %m = kiln.reduce_max %e {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x5xf64>) -> tensor<2xf64>
    %s = kiln.reduce_sum %e {keepdims = 0 : i64} : (tensor<2x5xf64>) -> tensor<f64>
    %t = kiln.reduce_sum %m {keepdims = 0 : i64} : (tensor<2xf64>) -> tensor<f64>
    %loss = kiln.add %s, %t : (tensor<f64>, tensor<f64>) -> tensor<f64>"""),
    "cross_entropy_mean": ([("x", (4, 5), False)], """
    %t = kiln.constant dense<[1, 4, 0, 2]> : tensor<4xi64>
    %w = kiln.constant dense<[1.0, 2.0, 0.5, 1.5, 3.0]> : tensor<5xf64>
    %loss, %lp = kiln.softmax_cross_entropy_loss %x, %t, %w {ignore_index = 0 : i64} : (tensor<4x5xf64>, tensor<4xi64>, tensor<5xf64>) -> (tensor<f64>, tensor<4x5xf64>)"""),
    "cross_entropy_sum_spatial": ([("x", (2, 3, 4), False)], """
    %t = kiln.constant dense<[[0, 2, 1, 1], [2, 2, 0, 1]]> : tensor<2x4xi64>
    %loss, %lp = kiln.softmax_cross_entropy_loss %x, %t {reduction = "sum"} : (tensor<2x3x4xf64>, tensor<2x4xi64>) -> (tensor<f64>, tensor<2x3x4xf64>)"""),
    "cross_entropy_none": ([("x", (3, 4), False), ("v", (3,), False)], """
    %t = kiln.constant dense<[3, 0, 1]> : tensor<3xi64>
    %l, %lp = kiln.softmax_cross_entropy_loss %x, %t {reduction = "none"} : (tensor<3x4xf64>, tensor<3xi64>) -> (tensor<3xf64>, tensor<3x4xf64>)
    %lv = kiln.mul %l, %v : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    %loss = kiln.reduce_sum %lv {keepdims = 0 : i64} : (tensor<3xf64>) -> tensor<f64>"""),
    "split_slice": ([("x", (2, 6), False)], """
    %a, %b, %c = kiln.split %x {axis = 1 : i64, num_outputs = 3 : i64} : (tensor<2x6xf64>) -> (tensor<2x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
    %starts = kiln.constant dense<[-1, 1]> : tensor<2xi64>
    %ends = kiln.constant dense<[2, 4]> : tensor<2xi64>
    %axes = kiln.constant dense<[0, 1]> : tensor<2xi64>
    %s = kiln.slice %x, %starts, %ends axes(%axes) : (tensor<2x6xf64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x3xf64>
    %ea = kiln.exp %a : (tensor<2x2xf64>) -> tensor<2x2xf64>
    %cc = kiln.mul %c, %c : (tensor<2x2xf64>, tensor<2x2xf64>) -> tensor<2x2xf64>
    %s2 = kiln.tanh %s : (tensor<1x3xf64>) -> tensor<1x3xf64>
    %l1 = kiln.reduce_sum %ea {keepdims = 0 : i64} : (tensor<2x2xf64>) -> tensor<f64>
    %l2 = kiln.reduce_sum %cc {keepdims = 0 : i64} : (tensor<2x2xf64>) -> tensor<f64>
    %l3 = kiln.reduce_sum %s2 {keepdims = 0 : i64} : (tensor<1x3xf64>) -> tensor<f64>
    %l12 = kiln.add %l1, %l2 : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %loss = kiln.add %l12, %l3 : (tensor<f64>, tensor<f64>) -> tensor<f64>"""),
    "gather": ([("e", (5, 3), False), ("t", (2, 4, 3), False)], """
    %i = kiln.constant dense<[[0, 3], [-1, 3]]> : tensor<2x2xi64>
    %rows = kiln.gather %e, %i : (tensor<5x3xf64>, tensor<2x2xi64>) -> tensor<2x2x3xf64>
    %j = kiln.constant dense<[2, 0, 2]> : tensor<3xi32>
    %cols = kiln.gather %t, %j {axis = 1 : i64} : (tensor<2x4x3xf64>, tensor<3xi32>) -> tensor<2x3x3xf64>
    %r2 = kiln.mul %rows, %rows : (tensor<2x2x3xf64>, tensor<2x2x3xf64>) -> tensor<2x2x3xf64>
    %c2 = kiln.tanh %cols : (tensor<2x3x3xf64>) -> tensor<2x3x3xf64>
    %a = kiln.reduce_sum %r2 {keepdims = 0 : i64} : (tensor<2x2x3xf64>) -> tensor<f64>
    %b = kiln.reduce_sum %c2 {keepdims = 0 : i64} : (tensor<2x3x3xf64>) -> tensor<f64>
    %loss = kiln.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>"""),
    "nll": ([("x", (4, 3), False)], """
    %t = kiln.constant dense<[2, 0, 1, 2]> : tensor<4xi64>
    %w = kiln.constant dense<[0.5, 2.0, 1.0]> : tensor<3xf64>
    %lp = kiln.log_softmax %x {axis = 1 : i64} : (tensor<4x3xf64>) -> tensor<4x3xf64>
    %loss = kiln.negative_log_likelihood_loss %lp, %t, %w {ignore_index = 1 : i64} : (tensor<4x3xf64>, tensor<4xi64>, tensor<3xf64>) -> tensor<f64>"""),
    "conv_strided": ([("x", (2, 2, 7, 6), False), ("w", (3, 2, 3, 2), False), ("b", (3,), False)], """
    %y = kiln.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 1>} : (tensor<2x2x7x6xf64>, tensor<3x2x3x2xf64>, tensor<3xf64>) -> tensor<2x3x4x3xf64>
    %t = kiln.tanh %y : (tensor<2x3x4x3xf64>) -> tensor<2x3x4x3xf64>
    %loss = kiln.reduce_sum %t {keepdims = 0 : i64} : (tensor<2x3x4x3xf64>) -> tensor<f64>"""),
    "conv_dilated": ([("x", (1, 2, 6, 6), False), ("w", (2, 2, 2, 3), False)], """
    %y = kiln.conv %x, %w {dilations = array<i64: 2, 1>, pads = array<i64: 1, 1, 0, 1>} : (tensor<1x2x6x6xf64>, tensor<2x2x2x3xf64>) -> tensor<1x2x5x6xf64>
    %s = kiln.mul %y, %y : (tensor<1x2x5x6xf64>, tensor<1x2x5x6xf64>) -> tensor<1x2x5x6xf64>
    %loss = kiln.reduce_sum %s {keepdims = 0 : i64} : (tensor<1x2x5x6xf64>) -> tensor<f64>"""),
    "pools": ([("x", (1, 2, 5, 4), False)], """
    %m, %i = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 0>} : (tensor<1x2x5x4xf64>) -> (tensor<1x2x3x3xf64>, tensor<1x2x3x3xi64>)
    %g = kiln.global_average_pool %x : (tensor<1x2x5x4xf64>) -> tensor<1x2x1x1xf64>
    %m2 = kiln.mul %m, %m : (tensor<1x2x3x3xf64>, tensor<1x2x3x3xf64>) -> tensor<1x2x3x3xf64>
    %g2 = kiln.exp %g : (tensor<1x2x1x1xf64>) -> tensor<1x2x1x1xf64>
    %a = kiln.reduce_sum %m2 {keepdims = 0 : i64} : (tensor<1x2x3x3xf64>) -> tensor<f64>
    %b = kiln.reduce_sum %g2 {keepdims = 0 : i64} : (tensor<1x2x1x1xf64>) -> tensor<f64>
    %loss = kiln.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>"""),
}


def tensor_type(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f64>"


def program(arguments, body):
    params = ", ".join(f"%{name}: {tensor_type(shape)} {{kiln.name = \"{name}\"}}"
                       for name, shape, _ in arguments)
    return (f"func.func @main({params}) -> (tensor<f64> {{kiln.name = \"loss\"}}) {{"
            f"{body}\n    return %loss : tensor<f64>\n}}\n")


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(" ".join(command) + ": " + result.stderr.strip())


def evaluate(args, artifact, function, inputs, work, outputs):
    paths = []
    for name, value in inputs.items():
        path = os.path.join(work, f"in_{name}.npy")
        np.save(path, value)
        paths += ["--input", f"{name}={path}"]
    out = os.path.join(work, "out")
    run([args.kiln_run, artifact, "--function", function, "--output-dir", out]
        + paths)
    return [np.load(os.path.join(out, f"{name}.npy")) for name in outputs]


def check(name, arguments, body, args, work):
    source = os.path.join(work, name + ".mlir")
    with open(source, "w") as f:
        f.write(program(arguments, body))
    grad_source = os.path.join(work, name + "_grad.mlir")
    artifact = os.path.join(work, name + ".kiln")
    run([args.kiln_opt, source, "--kiln-generate-gradients", "-o", grad_source])
    run([args.kilnc, grad_source, "-o", artifact])
    rng = np.random.default_rng(3)
    inputs = {}
    for arg, shape, positive in arguments:
        value = rng.standard_normal(shape)
        inputs[arg] = np.abs(value) + 0.5 if positive else value
    grads = evaluate(args, artifact, "main_grad", inputs, work,
                     [arg + "_grad" for arg, _, _ in arguments])
    worst = 0.0
    step = 1e-6
    for (arg, shape, _), grad in zip(arguments, grads):
        numeric = np.zeros(shape)
        for index in np.ndindex(*shape):
            losses = []
            for sign in (1, -1):
                moved = {k: v.copy() for k, v in inputs.items()}
                moved[arg][index] += sign * step
                losses.append(float(evaluate(args, artifact, "main", moved,
                                             work, ["loss"])[0]))
            numeric[index] = (losses[0] - losses[1]) / (2 * step)
        error = np.abs(grad - numeric).max() / max(np.abs(numeric).max(), 1.0)
        worst = max(worst, float(error))
    ok = worst <= 1e-6
    print(f"{'PASS' if ok else 'FAIL'}: {name}: max error {worst:.1e} "
          f"(relative to max(|gradient|, 1))", flush=True)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiln-opt", required=True)
    parser.add_argument("--kilnc", required=True)
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--work")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or temporary
        os.makedirs(work, exist_ok=True)
        results = []
        for name, (arguments, body) in CASES.items():
            try:
                results.append(check(name, arguments, body, args, work))
            except RuntimeError as error:
                print(f"FAIL: {name}: {error}", flush=True)
                results.append(False)
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
