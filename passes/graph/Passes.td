// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - graph-level passes over the kiln dialect ----*- tablegen -*-===//

#ifndef KILN_PASSES_GRAPH_PASSES_TD
#define KILN_PASSES_GRAPH_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapesPass : Pass<"kiln-infer-shapes", "func::FuncOp"> {
  let summary = "Refine result types from operand types, through the whole function";
  let description = [{
    Walks the function in order and, for every op that infers its result
    types, replaces a declared result type by the most refined type that
    agrees with both the declared and the inferred one. The function's result
    types follow its returned values. Where a refined value feeds an op that
    cannot take a new type, a `tensor.cast` back to the old type keeps that
    use valid. An op whose operands turn out not to fit (say, matmul
    contraction dims that differ once known) is reported and fails the pass.

    ```mlir
    // Before:
    %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
    // After:
    %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def FoldConstantsPass : Pass<"kiln-fold-constants", "func::FuncOp"> {
  let summary = "Evaluate ops whose operands are all constants, up to a size limit";
  let description = [{
    Runs every op's folder to a fixed point, replacing ops whose operands are
    constants by the constant they compute, and erases what becomes dead.
    Folders refuse results with more than `max-elements` elements, so a
    model's weights are never duplicated into huge derived constants.
    (Canonicalization folds too, with a small built-in limit.)

    ```mlir
    // Before:
    %a = kiln.constant dense<[1, 2]> : tensor<2xi64>
    %b = kiln.constant dense<[10, 20]> : tensor<2xi64>
    %c = kiln.add %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
    // After:
    %c = kiln.constant dense<[11, 22]> : tensor<2xi64>
    ```
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"1 << 20",
           "Largest constant (in elements) a folder may create">,
  ];
}

def RemoveNoOpsPass : Pass<"kiln-remove-noops", "func::FuncOp"> {
  let summary = "Remove ops that do nothing at inference time";
  let description = [{
    Replaces Identity by its input, and Dropout outside training (no
    `training_mode`, or a constant false) by its data, erasing the Dropout
    when its mask is unused. Exporters leave both in inference graphs.

    ```mlir
    // Before:
    %y = kiln.identity %x : (tensor<4xf32>) -> tensor<4xf32>
    %z, %mask = kiln.dropout %y : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>)
    return %z : tensor<4xf32>
    // After:
    return %x : tensor<4xf32>
    ```
  }];
}

def FuseGeluPass : Pass<"kiln-fuse-gelu", "func::FuncOp"> {
  let summary = "Recognize GELU written out with Erf as one Gelu op";
  let description = [{
    Exporters before opset 20 spell `gelu(x)` as
    `x * 0.5 * (1 + erf(x / sqrt(2)))`, five ops and four passes over
    memory; `x * (1/sqrt(2))` and any grouping of the three factors count
    too. One `kiln.gelu` computes it in one pass, and after a matrix product
    becomes the call's GELU post op.

    ```mlir
    // Before:
    %0 = kiln.div %x, %sqrt2 : ...
    %1 = kiln.erf %0 : ...
    %2 = kiln.add %1, %one : ...
    %3 = kiln.mul %x, %2 : ...
    %4 = kiln.mul %3, %half : ...
    // After:
    %4 = kiln.gelu %x : (tensor<4x8xf32>) -> tensor<4x8xf32>
    ```
  }];
}

def FoldShapeComputationsPass : Pass<"kiln-fold-shape-computations",
                                     "func::FuncOp"> {
  let summary = "Fold the known dims out of Shape -> Gather/Slice chains";
  let description = [{
    Exporters compute reshape targets at run time: Shape, then Gather or
    Slice of some dims, then Concat into a Reshape. When the dims that a
    Gather or Slice picks are static, the picked values are constants even
    if other dims of the tensor are dynamic; this pass replaces them by
    constants, so that canonicalization folds the rest of the chain and
    shape inference gives the Reshape a static (or less dynamic) type.

    ```mlir
    // Before (%x : tensor<?x196x768xf32>):
    %s = kiln.shape %x : (tensor<?x196x768xf32>) -> tensor<3xi64>
    %d = kiln.gather %s, %c2 : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
    // After:
    %d = kiln.constant dense<768> : tensor<i64>
    ```
  }];
}

#endif // KILN_PASSES_GRAPH_PASSES_TD
