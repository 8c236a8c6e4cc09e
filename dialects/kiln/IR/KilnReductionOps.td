// SPDX-License-Identifier: Apache-2.0
//===- KilnReductionOps.td - ONNX reduction operators ----*- tablegen -*-===//
//
// Reductions over axes (ReduceSum, ReduceMean, ...), the index reductions
// ArgMax and ArgMin, and TopK.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD
#define KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD

include "KilnBase.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// ONNX's T of the arithmetic reductions (ReduceSum, ReduceMean, ...).
def Kiln_ReduceArithmeticTensor
    : TensorOf<[F32, F16, BF16, F64, I32, I64, UI32, UI64]>;
// ONNX's T of ReduceMax and ReduceMin, which also take 8-bit integers and
// bool.
def Kiln_ReduceMinMaxTensor
    : TensorOf<[F32, F16, BF16, F64, I1, I8, I32, I64, UI8, UI32, UI64]>;

//===----------------------------------------------------------------------===//
// Reductions over axes
//===----------------------------------------------------------------------===//

// A reduction of `data` over some of its axes. The axes are the `axes`
// attribute when they are known at import (an ONNX attribute before opset 18
// (ReduceSum: 13), a constant input since), else the optional `axes_input`
// operand; never both. Empty or absent axes reduce over all dims, unless
// `noop_with_empty_axes` is set, which makes the op an identity.
class Kiln_ReduceOp<string mnemonic, Type dataType, list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits, [Pure])> {
  let arguments = (ins dataType:$data,
                       Optional<Kiln_I64Tensor>:$axes_input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims,
                       DefaultValuedAttr<I64Attr, "0">:$noop_with_empty_axes);
  let results = (outs dataType:$reduced);
  // inferResultTypes and verify are in ReductionOps.cpp.
  let hasVerifier = 1;
}

// A reduction that is the identity on a single element (sum, mean, max, min,
// product) folds away when it reduces nothing or only dims of size 1 (with
// keepdims).
class Kiln_IdentityOnOneReduceOp<string mnemonic, Type dataType>
    : Kiln_ReduceOp<mnemonic, dataType> {
  let hasFolder = 1;
}

def Kiln_ReduceSumOp
    : Kiln_IdentityOnOneReduceOp<"reduce_sum", Kiln_ReduceArithmeticTensor> {
  let summary = "sum over axes (ONNX ReduceSum)";
  let description = [{
    Sums the elements of `data` over the given axes; `keepdims` keeps the
    reduced dims with size 1.

    ```mlir
    %y = kiln.reduce_sum %x {axes = array<i64: 1>, keepdims = 0 : i64}
        : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
}

def Kiln_ReduceMeanOp
    : Kiln_IdentityOnOneReduceOp<"reduce_mean", Kiln_ReduceArithmeticTensor> {
  let summary = "arithmetic mean over axes (ONNX ReduceMean)";
  let description = [{
    ```mlir
    %y = kiln.reduce_mean %x {axes = array<i64: -1>}
        : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
    ```
  }];
}

def Kiln_ReduceMaxOp
    : Kiln_IdentityOnOneReduceOp<"reduce_max", Kiln_ReduceMinMaxTensor> {
  let summary = "maximum over axes (ONNX ReduceMax)";
  let description = [{
    On `i1` (ONNX bool) this is a logical or.

    ```mlir
    %y = kiln.reduce_max %x, %axes : (tensor<2x3xi8>, tensor<1xi64>) -> tensor<?x?xi8>
    ```
  }];
}

def Kiln_ReduceMinOp
    : Kiln_IdentityOnOneReduceOp<"reduce_min", Kiln_ReduceMinMaxTensor> {
  let summary = "minimum over axes (ONNX ReduceMin)";
  let description = [{
    On `i1` (ONNX bool) this is a logical and.

    ```mlir
    %y = kiln.reduce_min %x {keepdims = 0 : i64} : (tensor<2x3xf16>) -> tensor<f16>
    ```
  }];
}

def Kiln_ReduceProdOp
    : Kiln_IdentityOnOneReduceOp<"reduce_prod", Kiln_ReduceArithmeticTensor> {
  let summary = "product over axes (ONNX ReduceProd)";
  let description = [{
    ```mlir
    %y = kiln.reduce_prod %x {axes = array<i64: 0>} : (tensor<5x7xi64>) -> tensor<1x7xi64>
    ```
  }];
}

def Kiln_ReduceL1Op : Kiln_ReduceOp<"reduce_l1", Kiln_ReduceArithmeticTensor> {
  let summary = "sum of absolute values over axes (ONNX ReduceL1)";
  let description = [{
    ```mlir
    %y = kiln.reduce_l1 %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    ```
  }];
}

def Kiln_ReduceL2Op : Kiln_ReduceOp<"reduce_l2", Kiln_ReduceArithmeticTensor> {
  let summary = "Euclidean norm over axes (ONNX ReduceL2)";
  let description = [{
    Computes `sqrt(sum(data^2))` over the given axes.

    ```mlir
    %y = kiln.reduce_l2 %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    ```
  }];
}

def Kiln_ReduceLogSumOp
    : Kiln_ReduceOp<"reduce_log_sum", Kiln_ReduceArithmeticTensor> {
  let summary = "logarithm of the sum over axes (ONNX ReduceLogSum)";
  let description = [{
    Computes `log(sum(data))` over the given axes.

    ```mlir
    %y = kiln.reduce_log_sum %x {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
    ```
  }];
}

def Kiln_ReduceLogSumExpOp
    : Kiln_ReduceOp<"reduce_log_sum_exp", Kiln_ReduceArithmeticTensor> {
  let summary =
      "logarithm of the sum of exponentials over axes (ONNX ReduceLogSumExp)";
  let description = [{
    Computes `log(sum(exp(data)))` over the given axes.

    ```mlir
    %y = kiln.reduce_log_sum_exp %x {axes = array<i64: 1>, keepdims = 0 : i64}
        : (tensor<2x3xf32>) -> tensor<2xf32>
    ```
  }];
}

def Kiln_ReduceSumSquareOp
    : Kiln_ReduceOp<"reduce_sum_square", Kiln_ReduceArithmeticTensor> {
  let summary = "sum of squares over axes (ONNX ReduceSumSquare)";
  let description = [{
    ```mlir
    %y = kiln.reduce_sum_square %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Index reductions
//===----------------------------------------------------------------------===//

// The index of the largest or smallest element along `axis`, as i64.
class Kiln_ArgReduceOp<string mnemonic>
    : Kiln_InferOp<mnemonic, [Pure]> {
  let arguments = (ins Kiln_NumericTensor:$data,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims,
                       DefaultValuedAttr<I64Attr, "0">:$select_last_index);
  let results = (outs Kiln_I64Tensor:$reduced);
  // inferResultTypes and verify are in ReductionOps.cpp.
  let hasVerifier = 1;
}

def Kiln_ArgMaxOp : Kiln_ArgReduceOp<"arg_max"> {
  let summary = "index of the largest element along an axis (ONNX ArgMax)";
  let description = [{
    Ties resolve to the first occurrence, or to the last one when
    `select_last_index` is 1.

    ```mlir
    %i = kiln.arg_max %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
    ```
  }];
}

def Kiln_ArgMinOp : Kiln_ArgReduceOp<"arg_min"> {
  let summary = "index of the smallest element along an axis (ONNX ArgMin)";
  let description = [{
    Ties resolve to the first occurrence, or to the last one when
    `select_last_index` is 1.

    ```mlir
    %i = kiln.arg_min %x {axis = -1 : i64, keepdims = 0 : i64}
        : (tensor<2x3xui8>) -> tensor<2xi64>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

def Kiln_TopKOp : Kiln_InferOp<"top_k", [Pure]> {
  let summary = "the k largest or smallest elements along an axis (ONNX TopK)";
  let description = [{
    `K` is a 1-D i64 tensor holding the single count `k` (ONNX before opset
    10 had a `k` attribute, which the importer turns into a constant `K`).
    `Values` and `Indices` have the shape of `X` with `k` as the size of
    `axis`; that size is static when `K` is a constant. `largest` picks the
    largest elements (else the smallest), `sorted` returns them in order.

    ```mlir
    %k = kiln.constant dense<2> : tensor<1xi64>
    %values, %indices = kiln.top_k %x, %k {axis = 1 : i64}
        : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$X, Kiln_I64Tensor:$K,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$largest,
                       DefaultValuedAttr<I64Attr, "1">:$sorted);
  let results = (outs Kiln_NumericTensor:$Values, Kiln_I64Tensor:$Indices);
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD
