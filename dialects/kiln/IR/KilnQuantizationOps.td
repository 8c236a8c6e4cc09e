// SPDX-License-Identifier: Apache-2.0
//===- KilnQuantizationOps.td - ONNX quantization ops ------*- tablegen -*-===//
//
// Linear (de)quantization and the integer and quantized-linear forms of Conv
// and MatMul. Quantized tensors are plain integer tensors (i8, ui8, i16, ui16,
// i32); their scale and zero point are operands, as in ONNX. ONNX's float8,
// float4 and 4-bit integer types are not supported.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNQUANTIZATIONOPS_TD
#define KILN_DIALECT_KILN_IR_KILNQUANTIZATIONOPS_TD

include "KilnBase.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// What QuantizeLinear quantizes (T1) and its scale type (T2).
def Kiln_QuantFloatOrI32Type : AnyTypeOf<[F32, F16, BF16, I32]>;
def Kiln_QuantFloatOrI32Tensor : TensorOf<[Kiln_QuantFloatOrI32Type]>;
// The types QuantizeLinear quantizes to (T3): 8- and 16-bit integers, and
// the int4, float8 and float4 types of opsets 19 to 23.
def Kiln_QuantStorageType : AnyTypeOf<[I8, UI8, I16, UI16, I<4>, UI<4>,
                                       F8E4M3FN, F8E4M3FNUZ, F8E5M2,
                                       F8E5M2FNUZ, F4E2M1FN]>;
def Kiln_QuantStorageTensor : TensorOf<[Kiln_QuantStorageType]>;
// The scales and results of DequantizeLinear.
def Kiln_QuantScaleType : AnyTypeOf<[F32, F16, BF16]>;
def Kiln_QuantScaleTensor : TensorOf<[Kiln_QuantScaleType]>;
// The 8-bit quantized tensors of the QLinear* and *Integer ops.
def Kiln_QuantInt8Tensor : TensorOf<[I8, UI8]>;
def Kiln_QuantF32Tensor : TensorOf<[F32]>;
def Kiln_QuantI32Tensor : TensorOf<[I32]>;
def Kiln_QuantUI8Tensor : TensorOf<[UI8]>;

//===----------------------------------------------------------------------===//
// Linear quantization
//===----------------------------------------------------------------------===//

def Kiln_QuantizeLinearOp : Kiln_InferOp<"quantize_linear", [Pure]> {
  let summary = "linear quantization (ONNX QuantizeLinear)";
  let description = [{
    Computes `y = saturate(round(x / y_scale) + y_zero_point)`, rounding half
    to even. The result's element type is `output_dtype` if given, else that
    of `y_zero_point`, else `ui8`. The shapes of `y_scale` and `y_zero_point`
    (which must agree) choose the granularity: a scalar (or one-element 1-D
    tensor) quantizes per tensor, a 1-D tensor of the size of dim `axis` per
    axis, and a tensor of the rank of `x` whose dim `axis` is
    `ceil(x.shape[axis] / block_size)` blockwise (with `block_size` > 0).
    `precision` is the type the division is computed in (default: that of
    `y_scale`); `saturate` only concerns float8 results, which Kiln does not
    support.

    ```mlir
    %y = kiln.quantize_linear %x, %scale, %zero_point {axis = 0 : i64}
        : (tensor<4x8xf32>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xi8>
    ```
  }];
  let arguments = (ins Kiln_QuantFloatOrI32Tensor:$x,
                       Kiln_QuantFloatOrI32Tensor:$y_scale,
                       Optional<Kiln_QuantStorageTensor>:$y_zero_point,
                       DefaultValuedAttr<I64Attr, "1">:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$block_size,
                       OptionalAttr<TypeAttrOf<Kiln_QuantStorageType>>:$output_dtype,
                       OptionalAttr<TypeAttrOf<Kiln_FloatType>>:$precision,
                       DefaultValuedAttr<I64Attr, "1">:$saturate);
  let results = (outs Kiln_QuantStorageTensor:$y);
  let hasVerifier = 1;
}

def Kiln_DequantizeLinearOp : Kiln_InferOp<"dequantize_linear", [Pure]> {
  let summary = "linear dequantization (ONNX DequantizeLinear)";
  let description = [{
    Computes `y = (x - x_zero_point) * x_scale`. The result's element type is
    `output_dtype` if given, else that of `x_scale`. `x_zero_point` has the
    element type of `x`; scale and zero point shapes follow the rules of
    kiln.quantize_linear.

    ```mlir
    %y = kiln.dequantize_linear %x, %scale, %zero_point
        : (tensor<4x8xui8>, tensor<f32>, tensor<ui8>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Kiln_QuantizedTensor:$x,
                       Kiln_QuantScaleTensor:$x_scale,
                       Optional<Kiln_QuantizedTensor>:$x_zero_point,
                       DefaultValuedAttr<I64Attr, "1">:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$block_size,
                       OptionalAttr<TypeAttrOf<Kiln_QuantScaleType>>:$output_dtype);
  let results = (outs Kiln_QuantScaleTensor:$y);
  let hasVerifier = 1;
}

def Kiln_DynamicQuantizeLinearOp
    : Kiln_InferOp<"dynamic_quantize_linear", [Pure]> {
  let summary = "quantization to ui8 with a computed scale and zero point "
                "(ONNX DynamicQuantizeLinear)";
  let description = [{
    Quantizes `x` to `ui8` with the scale and zero point that map the range
    of `x` (extended to include 0) onto [0, 255], and returns all three; the
    scale and zero point are scalars.

    ```mlir
    %y, %scale, %zero_point = kiln.dynamic_quantize_linear %x
        : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
    ```
  }];
  let arguments = (ins Kiln_QuantF32Tensor:$x);
  let results = (outs Kiln_QuantUI8Tensor:$y, Kiln_QuantF32Tensor:$y_scale,
                      Kiln_QuantUI8Tensor:$y_zero_point);
}

//===----------------------------------------------------------------------===//
// Quantized convolutions
//===----------------------------------------------------------------------===//

// The attributes of ONNX Conv that QLinearConv and ConvInteger share.
defvar Kiln_QuantConvAttributes = (ins
    DefaultValuedAttr<StrAttr, "\"NOTSET\"">:$auto_pad,
    OptionalAttr<DenseI64ArrayAttr>:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$group,
    OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
    OptionalAttr<DenseI64ArrayAttr>:$pads,
    OptionalAttr<DenseI64ArrayAttr>:$strides);

def Kiln_QLinearConvOp : Kiln_InferOp<"qlinear_conv", [Pure]> {
  let summary = "convolution of quantized tensors (ONNX QLinearConv)";
  let description = [{
    Convolves the quantized `x` ([N, C, D1, ...]) with the quantized `w`
    ([M, C / group, k1, ...]) as ONNX Conv does, with the attributes of Conv,
    adds the optional i32 bias `B` ([M]) and requantizes to the scale and
    zero point of `y`, whose element type is that of `y_zero_point`. `w_scale`
    and `w_zero_point` are scalars or hold one value per output channel; the
    other scales and zero points are scalars.

    ```mlir
    %y = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz {pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>,
           tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x8x8xui8>
    ```
  }];
  let arguments = !con((ins Kiln_QuantInt8Tensor:$x,
                            Kiln_QuantF32Tensor:$x_scale,
                            Kiln_QuantInt8Tensor:$x_zero_point,
                            Kiln_QuantInt8Tensor:$w,
                            Kiln_QuantF32Tensor:$w_scale,
                            Kiln_QuantInt8Tensor:$w_zero_point,
                            Kiln_QuantF32Tensor:$y_scale,
                            Kiln_QuantInt8Tensor:$y_zero_point,
                            Optional<Kiln_QuantI32Tensor>:$B),
                       Kiln_QuantConvAttributes);
  let results = (outs Kiln_QuantInt8Tensor:$y);
  let hasVerifier = 1;
}

def Kiln_ConvIntegerOp
    : Kiln_InferOp<"conv_integer", [Pure, AttrSizedOperandSegments]> {
  let summary = "convolution of 8-bit integers into i32 (ONNX ConvInteger)";
  let description = [{
    Convolves `x - x_zero_point` with `w - w_zero_point` as ONNX Conv does,
    accumulating in i32. Absent zero points are 0; `w_zero_point` is a scalar
    or holds one value per output channel.

    ```mlir
    %y = kiln.conv_integer %x, %w x_zero_point(%xz)
        : (tensor<1x3x8x8xui8>, tensor<16x3x3x3xui8>, tensor<ui8>) -> tensor<1x16x6x6xi32>
    ```
  }];
  let arguments = !con((ins Kiln_QuantInt8Tensor:$x,
                            Kiln_QuantInt8Tensor:$w,
                            Optional<Kiln_QuantInt8Tensor>:$x_zero_point,
                            Optional<Kiln_QuantInt8Tensor>:$w_zero_point),
                       Kiln_QuantConvAttributes);
  let results = (outs Kiln_QuantI32Tensor:$y);
  let assemblyFormat = [{
    $x `,` $w (`x_zero_point` `(` $x_zero_point^ `)`)?
    (`w_zero_point` `(` $w_zero_point^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantized matrix products
//===----------------------------------------------------------------------===//

def Kiln_QLinearMatMulOp : Kiln_InferOp<"qlinear_matmul", [Pure]> {
  let summary = "matrix product of quantized tensors (ONNX QLinearMatMul)";
  let description = [{
    Multiplies the dequantized `a` and `b` with numpy semantics (as
    kiln.matmul) and quantizes the product to `y_scale` and `y_zero_point`,
    whose element type is the result's. The three scales share one float
    type.

    ```mlir
    %y = kiln.qlinear_matmul %a, %as, %az, %b, %bs, %bz, %ys, %yz
        : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xi8>, tensor<f32>,
           tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
    ```
  }];
  let arguments = (ins Kiln_QuantInt8Tensor:$a,
                       Kiln_QuantScaleTensor:$a_scale,
                       Kiln_QuantInt8Tensor:$a_zero_point,
                       Kiln_QuantInt8Tensor:$b,
                       Kiln_QuantScaleTensor:$b_scale,
                       Kiln_QuantInt8Tensor:$b_zero_point,
                       Kiln_QuantScaleTensor:$y_scale,
                       Kiln_QuantInt8Tensor:$y_zero_point);
  let results = (outs Kiln_QuantInt8Tensor:$y);
  let hasVerifier = 1;
}

def Kiln_MatMulIntegerOp
    : Kiln_InferOp<"matmul_integer", [Pure, AttrSizedOperandSegments]> {
  let summary = "matrix product of 8-bit integers into i32 (ONNX MatMulInteger)";
  let description = [{
    Multiplies `A - a_zero_point` and `B - b_zero_point` with numpy semantics
    (as kiln.matmul), accumulating in i32. Absent zero points are 0;
    `a_zero_point` is a scalar or holds one value per row of `A`,
    `b_zero_point` a scalar or one value per column of `B`.

    ```mlir
    %y = kiln.matmul_integer %a, %b b_zero_point(%bz)
        : (tensor<2x4xui8>, tensor<4x3xi8>, tensor<i8>) -> tensor<2x3xi32>
    ```
  }];
  let arguments = (ins Kiln_QuantInt8Tensor:$A,
                       Kiln_QuantInt8Tensor:$B,
                       Optional<Kiln_QuantInt8Tensor>:$a_zero_point,
                       Optional<Kiln_QuantInt8Tensor>:$b_zero_point);
  let results = (outs Kiln_QuantI32Tensor:$Y);
  let assemblyFormat = [{
    $A `,` $B (`a_zero_point` `(` $a_zero_point^ `)`)?
    (`b_zero_point` `(` $b_zero_point^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNQUANTIZATIONOPS_TD
