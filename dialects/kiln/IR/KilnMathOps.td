// SPDX-License-Identifier: Apache-2.0
//===- KilnMathOps.td - ONNX math operators --------------------*- tablegen -*-===//
//
// Elementwise arithmetic, activations and matrix products.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNMATHOPS_TD
#define KILN_DIALECT_KILN_IR_KILNMATHOPS_TD

include "KilnBase.td"

//===----------------------------------------------------------------------===//
// Broadcasting binary arithmetic
//===----------------------------------------------------------------------===//

def Kiln_AddOp : Kiln_BroadcastBinaryOp<"add", Kiln_NumericTensor, [Commutative]> {
  let summary = "elementwise addition with broadcasting (ONNX Add)";
  let description = [{
    ```mlir
    %sum = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
}

def Kiln_SubOp : Kiln_BroadcastBinaryOp<"sub", Kiln_NumericTensor> {
  let summary = "elementwise subtraction with broadcasting (ONNX Sub)";
  let description = [{
    ```mlir
    %diff = kiln.sub %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_MulOp : Kiln_BroadcastBinaryOp<"mul", Kiln_NumericTensor, [Commutative]> {
  let summary = "elementwise multiplication with broadcasting (ONNX Mul)";
  let description = [{
    ```mlir
    %prod = kiln.mul %a, %b : (tensor<2x1xi32>, tensor<1x5xi32>) -> tensor<2x5xi32>
    ```
  }];
}

def Kiln_DivOp : Kiln_BroadcastBinaryOp<"div", Kiln_NumericTensor> {
  let summary = "elementwise division with broadcasting (ONNX Div)";
  let description = [{
    Integer division truncates toward zero, as in ONNX.

    ```mlir
    %quot = kiln.div %a, %b : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def Kiln_ReluOp : Kiln_UnaryElementwiseOp<"relu", Kiln_SignedNumericTensor> {
  let summary = "rectified linear unit, max(x, 0) (ONNX Relu)";
  let description = [{
    ```mlir
    %y = kiln.relu %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

def Kiln_MatMulOp : Kiln_InferOp<"matmul", [Pure, SameOperandsAndResultElementType]> {
  let summary = "matrix product with numpy semantics (ONNX MatMul)";
  let description = [{
    Multiplies the last two dims of `A` and `B`; leading (batch) dims
    broadcast. A 1-D `A` is treated as a row vector and a 1-D `B` as a column
    vector, and the added dim is removed from the result.

    ```mlir
    %y = kiln.matmul %a, %b : (tensor<8x2x3xf32>, tensor<3x4xf32>) -> tensor<8x2x4xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$A, Kiln_NumericTensor:$B);
  let results = (outs Kiln_NumericTensor:$Y);
}

#endif // KILN_DIALECT_KILN_IR_KILNMATHOPS_TD
