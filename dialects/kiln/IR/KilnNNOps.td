// SPDX-License-Identifier: Apache-2.0
//===- KilnNNOps.td - ONNX neural-network operators ----*- tablegen -*-===//
//
// Convolutions, pooling, normalizations, dropout, resampling, detection,
// recurrent layers, attention and losses. Type inference lives in
// NNConvOps.cpp (convolution and pooling), NNNormOps.cpp (normalizations,
// dropout, losses), NNSequenceOps.cpp (recurrent layers, attention, rotary
// embedding) and NNOps.cpp (resampling and detection).
//
// Ops with several optional operands (AttrSizedOperandSegments) print each
// present optional operand after a keyword naming its ONNX input:
// `kiln.lstm %x, %w, %r B(%b) initial_h(%h) : ...`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNNNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNNNOPS_TD

include "KilnBase.td"

//===----------------------------------------------------------------------===//
// Type constraints of this category
//===----------------------------------------------------------------------===//

// MaxPool's T: floats and 8-bit integers.
def Kiln_NNPoolTensor : TensorOf<[F32, F16, BF16, F64, I8, UI8]>;
def Kiln_NNF32Tensor : TensorOf<[F32]>;
def Kiln_NNI32Tensor : TensorOf<[I32]>;
// RotaryEmbedding's T: no f64.
def Kiln_NNRotaryTensor : TensorOf<[F32, F16, BF16]>;
// A data-type attribute (ONNX `stash_type`, `softmax_precision`) naming a
// float type; the importer converts the ONNX TensorProto enum. An absent
// `stash_type` means f32, ONNX's default.
def Kiln_NNFloatTypeAttr : TypeAttrOf<Kiln_FloatType>;

// Like AllElementTypesMatch, for operands and results that are tensors
// (their types are verified first), without mlir/IR/TypeUtilities.h.
class Kiln_NNSameElementTypes<list<string> names>
    : PredOpTrait<"all of {" # !interleave(names, ", ") #
                  "} have the same element type",
                  AllMatchSameOperatorPred<names,
                      "::llvm::cast<::mlir::ShapedType>($_self.getType())"
                      ".getElementType()">>;

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

def Kiln_ConvOp : Kiln_InferOp<"conv", [Pure, SameOperandsAndResultElementType]> {
  let summary = "N-d convolution (ONNX Conv)";
  let description = [{
    Convolves `X` (N x C x D1 x ... x Dn) with the filters `W`
    (M x C/group x k1 x ... x kn) and adds the optional bias `B` (M).
    `kernel_shape` defaults to W's spatial dims; `strides` and `dilations`
    default to 1; `pads` holds [x1_begin, ..., xn_begin, x1_end, ..., xn_end]
    and may not be combined with a SAME `auto_pad`.

    ```mlir
    %y = kiln.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$W,
                   Optional<Kiln_FloatTensor>:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<DenseI64ArrayAttr>:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group,
                   OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_FloatTensor:$Y);
}

def Kiln_ConvTransposeOp : Kiln_InferOp<"conv_transpose",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "N-d transposed convolution (ONNX ConvTranspose)";
  let description = [{
    `X` is N x C x D1 x ... x Dn, `W` is C x M/group x k1 x ... x kn, `B` is M.
    Each output spatial dim is `output_shape[i]` when given, else
    `strides[i] * (D[i] - 1) + output_padding[i] + (k[i] - 1) * dilations[i] + 1
    - pads[i] - pads[n + i]`; SAME `auto_pad` gives `D[i] * strides[i]` (plus
    `output_padding[i]`).

    ```mlir
    %y = kiln.conv_transpose %x, %w {strides = array<i64: 2, 2>}
        : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$W,
                   Optional<Kiln_FloatTensor>:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<DenseI64ArrayAttr>:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group,
                   OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                   OptionalAttr<DenseI64ArrayAttr>:$output_padding,
                   OptionalAttr<DenseI64ArrayAttr>:$output_shape,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_FloatTensor:$Y);
}

def Kiln_DeformConvOp : Kiln_InferOp<"deform_conv",
    [Pure, SameOperandsAndResultElementType, AttrSizedOperandSegments]> {
  let summary = "deformable convolution (ONNX DeformConv)";
  let description = [{
    A convolution whose sampling locations are shifted by `offset`
    (N x offset_group*2*k1*k2 x O1 x O2) and whose samples are optionally
    scaled by `mask` (N x offset_group*k1*k2 x O1 x O2). The output shape is
    that of Conv with explicit `pads`.

    ```mlir
    %y = kiln.deform_conv %x, %w, %offset B(%b)
        : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x8x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$W,
                   Kiln_FloatTensor:$offset, Optional<Kiln_FloatTensor>:$B,
                   Optional<Kiln_FloatTensor>:$mask,
                   OptionalAttr<DenseI64ArrayAttr>:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group,
                   OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                   DefaultValuedAttr<I64Attr, "1">:$offset_group,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_FloatTensor:$Y);
  let assemblyFormat = [{
    $X `,` $W `,` $offset (`B` `(` $B^ `)`)? (`mask` `(` $mask^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Kiln_MaxPoolOp : Kiln_InferOp<"max_pool",
    [Pure, Kiln_NNSameElementTypes<["X", "Y"]>]> {
  let summary = "max pooling with optional argmax indices (ONNX MaxPool)";
  let description = [{
    Slides a `kernel_shape` window over the spatial dims of `X`. `Indices`
    holds the flattened (row-major, or column-major when `storage_order` is
    1) input index of each maximum and has the shape of `Y`. With `ceil_mode`,
    output sizes round up, but a window starting in the end padding is
    dropped (as PyTorch does).

    ```mlir
    %y, %i = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, tensor<1x3x16x16xi64>)
    ```
  }];
  let arguments = (ins Kiln_NNPoolTensor:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                   OptionalAttr<DenseI64ArrayAttr>:$dilations,
                   DenseI64ArrayAttr:$kernel_shape,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   DefaultValuedAttr<I64Attr, "0">:$storage_order,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_NNPoolTensor:$Y, Kiln_I64Tensor:$Indices);
  let hasVerifier = 1;
}

def Kiln_AveragePoolOp : Kiln_InferOp<"average_pool",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "average pooling (ONNX AveragePool)";
  let description = [{
    Averages `kernel_shape` windows; padding counts toward the divisor only
    when `count_include_pad` is 1. Shapes follow MaxPool.

    ```mlir
    %y = kiln.average_pool %x {kernel_shape = array<i64: 3, 3>, auto_pad = "SAME_UPPER"}
        : (tensor<1x8x7x7xf32>) -> tensor<1x8x7x7xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                   DefaultValuedAttr<I64Attr, "0">:$count_include_pad,
                   OptionalAttr<DenseI64ArrayAttr>:$dilations,
                   DenseI64ArrayAttr:$kernel_shape,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_FloatTensor:$Y);
  let hasVerifier = 1;
}

def Kiln_LpPoolOp : Kiln_InferOp<"lp_pool",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "Lp-norm pooling (ONNX LpPool)";
  let description = [{
    Computes the `p`-norm of each `kernel_shape` window. Opset 1's float `p`
    is imported as an integer.

    ```mlir
    %y = kiln.lp_pool %x {kernel_shape = array<i64: 2>, p = 3 : i64}
        : (tensor<1x2x8xf32>) -> tensor<1x2x7xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                   OptionalAttr<DenseI64ArrayAttr>:$dilations,
                   DenseI64ArrayAttr:$kernel_shape,
                   DefaultValuedAttr<I64Attr, "2">:$p,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_FloatTensor:$Y);
  let hasVerifier = 1;
}

class Kiln_NNGlobalPoolOp<string mnemonic, string onnxName, string what>
    : Kiln_InferOp<mnemonic, [Pure, SameOperandsAndResultElementType]> {
  let summary = what # " over all spatial dims (ONNX " # onnxName # ")";
  let results = (outs Kiln_FloatTensor:$Y);
}

def Kiln_GlobalAveragePoolOp
    : Kiln_NNGlobalPoolOp<"global_average_pool", "GlobalAveragePool",
                          "average pooling"> {
  let description = [{
    Y is N x C x 1 x ... x 1. Folds to `X` when every spatial dim is already 1.

    ```mlir
    %y = kiln.global_average_pool %x : (tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X);
  let hasFolder = 1;
}

def Kiln_GlobalMaxPoolOp
    : Kiln_NNGlobalPoolOp<"global_max_pool", "GlobalMaxPool", "max pooling"> {
  let description = [{
    Y is N x C x 1 x ... x 1. Folds to `X` when every spatial dim is already 1.

    ```mlir
    %y = kiln.global_max_pool %x : (tensor<2x8x5xf16>) -> tensor<2x8x1xf16>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X);
  let hasFolder = 1;
}

def Kiln_GlobalLpPoolOp
    : Kiln_NNGlobalPoolOp<"global_lp_pool", "GlobalLpPool", "Lp-norm pooling"> {
  let description = [{
    Y is N x C x 1 x ... x 1. Opset 1's float `p` is imported as an integer.

    ```mlir
    %y = kiln.global_lp_pool %x {p = 1 : i64} : (tensor<1x4x6x6xf32>) -> tensor<1x4x1x1xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, DefaultValuedAttr<I64Attr, "2">:$p);
  let hasVerifier = 1;
}

def Kiln_MaxUnpoolOp : Kiln_InferOp<"max_unpool",
    [Pure, Kiln_NNSameElementTypes<["X", "output"]>]> {
  let summary = "partial inverse of MaxPool (ONNX MaxUnpool)";
  let description = [{
    Scatters `X` to the flattened positions `I` of a zero tensor. Its shape
    is the constant `output_shape` operand when given, else
    `strides[i] * (D[i] - 1) + kernel_shape[i] - pads[i] - pads[n + i]`.

    ```mlir
    %y = kiln.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_I64Tensor:$I,
                   Optional<Kiln_I64Tensor>:$output_shape,
                   DenseI64ArrayAttr:$kernel_shape,
                   OptionalAttr<DenseI64ArrayAttr>:$pads,
                   OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Kiln_FloatTensor:$output);
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

def Kiln_BatchNormalizationOp : Kiln_InferOp<"batch_normalization",
    [Pure, Kiln_NNSameElementTypes<["X", "Y"]>,
     Kiln_NNSameElementTypes<["scale", "B"]>,
     Kiln_NNSameElementTypes<["input_mean", "input_var", "running_mean",
                           "running_var"]>]> {
  let summary = "batch normalization (ONNX BatchNormalization)";
  let description = [{
    Normalizes `X` (N x C x ...) per channel. With `training_mode` 1 it uses
    the batch statistics and `running_mean`/`running_var` are the updated
    running statistics (`input * momentum + batch * (1 - momentum)`); with
    `training_mode` 0 it uses `input_mean`/`input_var` and the last two
    results are unused. The result count is fixed at 3.

    Older opsets are normalized at import: `consumed_inputs` is dropped,
    `is_test` and the number of requested outputs set `training_mode`,
    `spatial = 0` is rejected, and the `saved_mean`/`saved_var` outputs
    (opset < 14) are rejected when used.

    ```mlir
    %y, %rm, %rv = kiln.batch_normalization %x, %s, %b, %m, %v {epsilon = 1.0e-03 : f32}
        : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$scale,
                   Kiln_FloatTensor:$B, Kiln_FloatTensor:$input_mean,
                   Kiln_FloatTensor:$input_var,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
                   DefaultValuedAttr<F32Attr, "0.9f">:$momentum,
                   DefaultValuedAttr<I64Attr, "0">:$training_mode);
  let results = (outs Kiln_FloatTensor:$Y, Kiln_FloatTensor:$running_mean,
                 Kiln_FloatTensor:$running_var);
}

def Kiln_InstanceNormalizationOp : Kiln_InferOp<"instance_normalization",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "instance normalization (ONNX InstanceNormalization)";
  let description = [{
    Normalizes each (n, c) slice of `input` over its spatial dims, then
    applies the per-channel `scale` and `B` (both of size C).

    ```mlir
    %y = kiln.instance_normalization %x, %s, %b
        : (tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x8x8xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$scale,
                   Kiln_FloatTensor:$B,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs Kiln_FloatTensor:$output);
}

def Kiln_LayerNormalizationOp : Kiln_InferOp<"layer_normalization",
    [Pure, SameOperandsElementType, Kiln_NNSameElementTypes<["X", "Y"]>]> {
  let summary = "layer normalization (ONNX LayerNormalization)";
  let description = [{
    Normalizes `X` over dims [axis, rank) and applies `Scale` and the
    optional `B`. `Mean` and `InvStdDev` keep X's leading dims and have 1 in
    the normalized ones; their element type is `stash_type` (default f32),
    which also sets the precision of the statistics.

    ```mlir
    %y, %mean, %inv = kiln.layer_normalization %x, %scale, %b
        : (tensor<2x5x16xf16>, tensor<16xf16>, tensor<16xf16>)
        -> (tensor<2x5x16xf16>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$Scale,
                   Optional<Kiln_FloatTensor>:$B,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
                   OptionalAttr<Kiln_NNFloatTypeAttr>:$stash_type);
  let results = (outs Kiln_FloatTensor:$Y, Kiln_FloatTensor:$Mean,
                 Kiln_FloatTensor:$InvStdDev);
}

def Kiln_GroupNormalizationOp : Kiln_InferOp<"group_normalization",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "group normalization (ONNX GroupNormalization)";
  let description = [{
    Normalizes `X` (N x C x ...) over each of `num_groups` groups of channels,
    then applies the per-channel `scale` and `bias`, both of size C: the
    opset 21 form. Opset 18 gave one scale and bias per group; the importer
    repeats constant per-group values C / num_groups times.

    ```mlir
    %y = kiln.group_normalization %x, %s, %b {num_groups = 2 : i64}
        : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$scale,
                   Kiln_FloatTensor:$bias,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
                   I64Attr:$num_groups,
                   OptionalAttr<Kiln_NNFloatTypeAttr>:$stash_type);
  let results = (outs Kiln_FloatTensor:$Y);
}

def Kiln_RMSNormalizationOp : Kiln_InferOp<"rms_normalization",
    [Pure, Kiln_NNSameElementTypes<["scale", "Y"]>]> {
  let summary = "root-mean-square normalization (ONNX RMSNormalization)";
  let description = [{
    `Y = X / sqrt(mean(X^2 over [axis, rank)) + epsilon) * scale`, computed in
    `stash_type`; Y has X's shape and scale's element type.

    ```mlir
    %y = kiln.rms_normalization %x, %s : (tensor<2x8xf16>, tensor<8xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$scale,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
                   OptionalAttr<Kiln_NNFloatTypeAttr>:$stash_type);
  let results = (outs Kiln_FloatTensor:$Y);
}

def Kiln_LpNormalizationOp : Kiln_InferOp<"lp_normalization",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "Lp normalization along an axis (ONNX LpNormalization)";
  let description = [{
    Divides `input` by its `p`-norm (p is 1 or 2) along `axis`.

    ```mlir
    %y = kiln.lp_normalization %x {axis = 1 : i64, p = 1 : i64}
        : (tensor<3x4xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<I64Attr, "2">:$p);
  let results = (outs Kiln_FloatTensor:$output);
  let hasVerifier = 1;
}

def Kiln_MeanVarianceNormalizationOp
    : Kiln_InferOp<"mean_variance_normalization",
                   [Pure, SameOperandsAndResultElementType]> {
  let summary = "mean-variance normalization (ONNX MeanVarianceNormalization)";
  let description = [{
    `(X - mean(X)) / sqrt(var(X))` with statistics over `axes`
    (default [0, 2, 3]).

    ```mlir
    %y = kiln.mean_variance_normalization %x {axes = array<i64: 1>}
        : (tensor<2x16xf32>) -> tensor<2x16xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 2, 3}">:$axes);
  let results = (outs Kiln_FloatTensor:$Y);
}

def Kiln_LRNOp : Kiln_InferOp<"lrn", [Pure, SameOperandsAndResultElementType]> {
  let summary = "local response normalization (ONNX LRN)";
  let description = [{
    Normalizes each element by the sum of squares over `size` neighbouring
    channels: `X / (bias + alpha / size * square_sum) ^ beta`.

    ```mlir
    %y = kiln.lrn %x {size = 5 : i64} : (tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                   DefaultValuedAttr<F32Attr, "1.0e-4f">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.75f">:$beta,
                   DefaultValuedAttr<F32Attr, "1.0f">:$bias,
                   I64Attr:$size);
  let results = (outs Kiln_FloatTensor:$Y);
  let hasVerifier = 1;
}

def Kiln_DropoutOp : Kiln_InferOp<"dropout",
    [Kiln_NNSameElementTypes<["data", "output"]>, AttrSizedOperandSegments]> {
  let summary = "random dropout in training, identity otherwise (ONNX Dropout)";
  let description = [{
    When the scalar `training_mode` is true, zeroes each element with
    probability `ratio` (a scalar, default 0.5) and scales the rest by
    `1 / (1 - ratio)`; `mask` marks the kept elements. Without
    `training_mode`, or when it is false, `output` is `data` and `mask` is all
    true. Not pure: training mode draws random numbers (`seed`).

    Opsets before 12 had `ratio` as an attribute (imported as a constant
    operand) and before 7 an `is_test` attribute (`is_test = 0` becomes a
    true `training_mode`). Canonicalization forwards `data` when not training.

    ```mlir
    %out, %mask = kiln.dropout %x ratio(%r) training_mode(%t)
        : (tensor<4x8xf32>, tensor<f32>, tensor<i1>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$data,
                   Optional<Kiln_FloatTensor>:$ratio,
                   Optional<Kiln_BoolTensor>:$training_mode,
                   OptionalAttr<I64Attr>:$seed);
  let results = (outs Kiln_FloatTensor:$output, Kiln_BoolTensor:$mask);
  let assemblyFormat = [{
    $data (`ratio` `(` $ratio^ `)`)? (`training_mode` `(` $training_mode^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Resampling
//===----------------------------------------------------------------------===//

def Kiln_ResizeOp : Kiln_InferOp<"resize",
    [Pure, Kiln_NNSameElementTypes<["X", "Y"]>, AttrSizedOperandSegments]> {
  let summary = "resizes a tensor by scales or to sizes (ONNX Resize, Upsample)";
  let description = [{
    The opset 19 form. Exactly one of `scales` (f32, one per axis) and `sizes`
    (i64) is given; they apply to `axes` (default: every dim) and other dims
    keep their size. With scales, each output dim is
    `floor(D * scale)`; with sizes and `keep_aspect_ratio_policy` other than
    "stretch", one common scale `min` (not_larger) or `max` (not_smaller) of
    `sizes[i] / D[axes[i]]` gives `round(scale * D)`. `roi` is only read by
    the "tf_crop_and_resize" coordinate transformation.

    Older forms are normalized at import: Resize-10 `(X, scales)` and
    Upsample-7/9 (scales attribute or input) become
    `coordinate_transformation_mode = "asymmetric"` (with `nearest_mode =
    "floor"` for nearest), their documented semantics; empty constant
    `roi`/`scales`/`sizes` (opset 11) become absent operands. The opset 11
    mode "tf_half_pixel_for_nn" stays accepted.

    ```mlir
    %y = kiln.resize %x scales(%s) {mode = "linear"}
        : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<1x3x16x16xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$X, Optional<Kiln_FloatTensor>:$roi,
                   Optional<Kiln_NNF32Tensor>:$scales,
                   Optional<Kiln_I64Tensor>:$sizes,
                   DefaultValuedAttr<I64Attr, "0">:$antialias,
                   OptionalAttr<DenseI64ArrayAttr>:$axes,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
                   DefaultValuedAttr<I64Attr, "0">:$exclude_outside,
                   DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value,
                   DefaultValuedStrAttr<StrAttr, "stretch">:$keep_aspect_ratio_policy,
                   DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                   DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode);
  let results = (outs Kiln_Tensor:$Y);
  let assemblyFormat = [{
    $X (`roi` `(` $roi^ `)`)? (`scales` `(` $scales^ `)`)? (`sizes` `(` $sizes^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_GridSampleOp : Kiln_InferOp<"grid_sample",
    [Pure, Kiln_NNSameElementTypes<["X", "Y"]>]> {
  let summary = "samples X at the normalized positions of grid (ONNX GridSample)";
  let description = [{
    `X` is N x C x D1 x ... x Dr and `grid` N x O1 x ... x Or x r; Y is
    N x C x O1 x ... x Or. The opset 20 mode names are canonical; opset 16's
    "bilinear"/"bicubic" are imported as "linear"/"cubic".

    ```mlir
    %y = kiln.grid_sample %x, %grid {align_corners = 1 : i64}
        : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$X, Kiln_FloatTensor:$grid,
                   DefaultValuedAttr<I64Attr, "0">:$align_corners,
                   DefaultValuedStrAttr<StrAttr, "linear">:$mode,
                   DefaultValuedStrAttr<StrAttr, "zeros">:$padding_mode);
  let results = (outs Kiln_Tensor:$Y);
  let hasVerifier = 1;
}

def Kiln_AffineGridOp : Kiln_InferOp<"affine_grid",
    [Pure, Kiln_NNSameElementTypes<["theta", "grid"]>]> {
  let summary = "sampling grid of a batch of affine maps (ONNX AffineGrid)";
  let description = [{
    `theta` is N x 2 x 3 (2-D) or N x 3 x 4 (3-D); `size` holds
    (N, C, H, W) or (N, C, D, H, W); `grid` is N x H x W x 2 or
    N x D x H x W x 3 and fully known when `size` is a constant.

    ```mlir
    %g = kiln.affine_grid %theta, %size : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$theta, Kiln_I64Tensor:$size,
                   DefaultValuedAttr<I64Attr, "0">:$align_corners);
  let results = (outs Kiln_FloatTensor:$grid);
}

//===----------------------------------------------------------------------===//
// Detection
//===----------------------------------------------------------------------===//

def Kiln_RoiAlignOp : Kiln_InferOp<"roi_align",
    [Pure, Kiln_NNSameElementTypes<["X", "rois", "Y"]>]> {
  let summary = "region-of-interest align (ONNX RoiAlign)";
  let description = [{
    Pools each of the `rois` (num_rois x 4, boxes in input coordinates times
    `spatial_scale`) of image `batch_indices[i]` of `X` (N x C x H x W) into
    `output_height` x `output_width` bins. Before opset 16 there was no
    half-pixel shift: the importer sets `coordinate_transformation_mode =
    "output_half_pixel"` for those models.

    ```mlir
    %y = kiln.roi_align %x, %rois, %idx {output_height = 7 : i64, output_width = 7 : i64}
        : (tensor<1x256x32x32xf32>, tensor<10x4xf32>, tensor<10xi64>) -> tensor<10x256x7x7xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$rois,
                   Kiln_I64Tensor:$batch_indices,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedStrAttr<StrAttr, "avg">:$mode,
                   DefaultValuedAttr<I64Attr, "1">:$output_height,
                   DefaultValuedAttr<I64Attr, "1">:$output_width,
                   DefaultValuedAttr<I64Attr, "0">:$sampling_ratio,
                   DefaultValuedAttr<F32Attr, "1.0f">:$spatial_scale);
  let results = (outs Kiln_FloatTensor:$Y);
  let hasVerifier = 1;
}

def Kiln_NonMaxSuppressionOp : Kiln_InferOp<"non_max_suppression",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "greedy non-maximum suppression of boxes (ONNX NonMaxSuppression)";
  let description = [{
    `boxes` is num_batches x spatial x 4 and `scores` num_batches x
    num_classes x spatial. The result lists the kept boxes as
    (batch, class, box) index triples: ? x 3. The optional scalars default to
    0 boxes per class (none kept), IoU threshold 0 and no score threshold.

    ```mlir
    %sel = kiln.non_max_suppression %boxes, %scores max_output_boxes_per_class(%n) iou_threshold(%iou)
        : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>) -> tensor<?x3xi64>
    ```
  }];
  let arguments = (ins Kiln_NNF32Tensor:$boxes, Kiln_NNF32Tensor:$scores,
                   Optional<Kiln_I64Tensor>:$max_output_boxes_per_class,
                   Optional<Kiln_NNF32Tensor>:$iou_threshold,
                   Optional<Kiln_NNF32Tensor>:$score_threshold,
                   DefaultValuedAttr<I64Attr, "0">:$center_point_box);
  let results = (outs Kiln_I64Tensor:$selected_indices);
  let assemblyFormat = [{
    $boxes `,` $scores
    (`max_output_boxes_per_class` `(` $max_output_boxes_per_class^ `)`)?
    (`iou_threshold` `(` $iou_threshold^ `)`)?
    (`score_threshold` `(` $score_threshold^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

// Attributes shared by RNN, GRU and LSTM.
class Kiln_NNRecurrentOp<string mnemonic, string onnxName, string what>
    : Kiln_InferOp<mnemonic, [Pure, AttrSizedOperandSegments]> {
  let summary = what # " (ONNX " # onnxName # ")";
  let hasVerifier = 1;
}

def Kiln_RNNOp : Kiln_NNRecurrentOp<"rnn", "RNN", "simple recurrent layer"> {
  let description = [{
    `X` is seq x batch x input (`layout` 0) or batch x seq x input (1); `W`
    is num_directions x hidden x input, `R` num_directions x hidden x hidden,
    `B` num_directions x 2*hidden. `Y` is seq x num_directions x batch x
    hidden (layout 0) or batch x seq x num_directions x hidden; `Y_h` is
    num_directions x batch x hidden or batch x num_directions x hidden.
    `hidden_size` defaults to what `R` and `W` say. Both results always
    exist. `activations` defaults to Tanh.

    ```mlir
    %y, %yh = kiln.rnn %x, %w, %r B(%b) {hidden_size = 4 : i64}
        : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>)
        -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$W,
                   Kiln_FloatTensor:$R, Optional<Kiln_FloatTensor>:$B,
                   Optional<Kiln_NNI32Tensor>:$sequence_lens,
                   Optional<Kiln_FloatTensor>:$initial_h,
                   OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
                   OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
                   OptionalAttr<StrArrayAttr>:$activations,
                   OptionalAttr<F32Attr>:$clip,
                   DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                   OptionalAttr<I64Attr>:$hidden_size,
                   DefaultValuedAttr<I64Attr, "0">:$layout);
  let results = (outs Kiln_FloatTensor:$Y, Kiln_FloatTensor:$Y_h);
  let assemblyFormat = [{
    $X `,` $W `,` $R (`B` `(` $B^ `)`)? (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Kiln_GRUOp : Kiln_NNRecurrentOp<"gru", "GRU", "gated recurrent unit layer"> {
  let description = [{
    As RNN with 3 gates (z, r, h): `W` is num_directions x 3*hidden x input,
    `R` num_directions x 3*hidden x hidden, `B` num_directions x 6*hidden.
    `activations` takes 2 per direction (default Sigmoid, Tanh).

    ```mlir
    %y, %yh = kiln.gru %x, %w, %r {hidden_size = 4 : i64, linear_before_reset = 1 : i64}
        : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>)
        -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$W,
                   Kiln_FloatTensor:$R, Optional<Kiln_FloatTensor>:$B,
                   Optional<Kiln_NNI32Tensor>:$sequence_lens,
                   Optional<Kiln_FloatTensor>:$initial_h,
                   OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
                   OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
                   OptionalAttr<StrArrayAttr>:$activations,
                   OptionalAttr<F32Attr>:$clip,
                   DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                   OptionalAttr<I64Attr>:$hidden_size,
                   DefaultValuedAttr<I64Attr, "0">:$layout,
                   DefaultValuedAttr<I64Attr, "0">:$linear_before_reset);
  let results = (outs Kiln_FloatTensor:$Y, Kiln_FloatTensor:$Y_h);
  let assemblyFormat = [{
    $X `,` $W `,` $R (`B` `(` $B^ `)`)? (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Kiln_LSTMOp : Kiln_NNRecurrentOp<"lstm", "LSTM", "long short-term memory layer"> {
  let description = [{
    As RNN with 4 gates (i, o, f, c): `W` is num_directions x 4*hidden x
    input, `R` num_directions x 4*hidden x hidden, `B` num_directions x
    8*hidden, the peepholes `P` num_directions x 3*hidden. `Y_c` (the last
    cell state) has the shape of `Y_h`. `activations` takes 3 per direction
    (default Sigmoid, Tanh, Tanh).

    ```mlir
    %y, %yh, %yc = kiln.lstm %x, %w, %r B(%b) {direction = "bidirectional", hidden_size = 4 : i64}
        : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>)
        -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X, Kiln_FloatTensor:$W,
                   Kiln_FloatTensor:$R, Optional<Kiln_FloatTensor>:$B,
                   Optional<Kiln_NNI32Tensor>:$sequence_lens,
                   Optional<Kiln_FloatTensor>:$initial_h,
                   Optional<Kiln_FloatTensor>:$initial_c,
                   Optional<Kiln_FloatTensor>:$P,
                   OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
                   OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
                   OptionalAttr<StrArrayAttr>:$activations,
                   OptionalAttr<F32Attr>:$clip,
                   DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                   OptionalAttr<I64Attr>:$hidden_size,
                   DefaultValuedAttr<I64Attr, "0">:$input_forget,
                   DefaultValuedAttr<I64Attr, "0">:$layout);
  let results = (outs Kiln_FloatTensor:$Y, Kiln_FloatTensor:$Y_h,
                 Kiln_FloatTensor:$Y_c);
  let assemblyFormat = [{
    $X `,` $W `,` $R (`B` `(` $B^ `)`)? (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? (`initial_c` `(` $initial_c^ `)`)?
    (`P` `(` $P^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

def Kiln_AttentionOp : Kiln_InferOp<"attention",
    [Pure, AttrSizedOperandSegments,
     Kiln_NNSameElementTypes<["Q", "K", "Y", "present_key", "qk_matmul_output"]>,
     Kiln_NNSameElementTypes<["V", "present_value"]>]> {
  let summary = "scaled dot-product attention (ONNX Attention)";
  let description = [{
    The opset 24 form (opset 23 lacks `nonpad_kv_seqlen`). `Q`, `K`, `V` are
    either 4-D (batch x heads x seq x head_size) or 3-D (batch x seq x
    heads*head_size, with `q_num_heads` and `kv_num_heads`). `past_key` and
    `past_value` (batch x kv_heads x past_seq x head_size) are prepended to
    K and V, giving `present_key`/`present_value` of total_seq = past_seq +
    kv_seq; `qk_matmul_output` is batch x q_heads x q_seq x total_seq. The
    four results always exist.

    ```mlir
    %y, %pk, %pv, %qk = kiln.attention %q, %k, %v
        : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x32xf32>)
        -> (tensor<2x8x16x32xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x32xf32>, tensor<2x8x16x16xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$Q, Kiln_FloatTensor:$K,
                   Kiln_FloatTensor:$V, Optional<Kiln_Tensor>:$attn_mask,
                   Optional<Kiln_FloatTensor>:$past_key,
                   Optional<Kiln_FloatTensor>:$past_value,
                   Optional<Kiln_I64Tensor>:$nonpad_kv_seqlen,
                   DefaultValuedAttr<I64Attr, "0">:$is_causal,
                   OptionalAttr<I64Attr>:$kv_num_heads,
                   OptionalAttr<I64Attr>:$q_num_heads,
                   DefaultValuedAttr<I64Attr, "0">:$qk_matmul_output_mode,
                   OptionalAttr<F32Attr>:$scale,
                   DefaultValuedAttr<F32Attr, "0.0f">:$softcap,
                   OptionalAttr<Kiln_NNFloatTypeAttr>:$softmax_precision);
  let results = (outs Kiln_FloatTensor:$Y, Kiln_FloatTensor:$present_key,
                 Kiln_FloatTensor:$present_value,
                 Kiln_FloatTensor:$qk_matmul_output);
  let assemblyFormat = [{
    $Q `,` $K `,` $V (`attn_mask` `(` $attn_mask^ `)`)?
    (`past_key` `(` $past_key^ `)`)? (`past_value` `(` $past_value^ `)`)?
    (`nonpad_kv_seqlen` `(` $nonpad_kv_seqlen^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_RotaryEmbeddingOp : Kiln_InferOp<"rotary_embedding",
    [Pure, Kiln_NNSameElementTypes<["X", "cos_cache", "sin_cache", "Y"]>]> {
  let summary = "rotary positional embedding (ONNX RotaryEmbedding)";
  let description = [{
    Rotates pairs of features of `X` (batch x heads x seq x head_size, or
    batch x seq x hidden with `num_heads`) by the angles whose cosines and
    sines are cached; `position_ids` (batch x seq) index the caches. Y has
    X's type.

    ```mlir
    %y = kiln.rotary_embedding %x, %cos, %sin, %pos
        : (tensor<1x4x8x16xf32>, tensor<64x8xf32>, tensor<64x8xf32>, tensor<1x8xi64>) -> tensor<1x4x8x16xf32>
    ```
  }];
  let arguments = (ins Kiln_NNRotaryTensor:$X, Kiln_NNRotaryTensor:$cos_cache,
                   Kiln_NNRotaryTensor:$sin_cache,
                   Optional<Kiln_I64Tensor>:$position_ids,
                   DefaultValuedAttr<I64Attr, "0">:$interleaved,
                   OptionalAttr<I64Attr>:$num_heads,
                   DefaultValuedAttr<I64Attr, "0">:$rotary_embedding_dim);
  let results = (outs Kiln_NNRotaryTensor:$Y);
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def Kiln_NegativeLogLikelihoodLossOp
    : Kiln_InferOp<"negative_log_likelihood_loss",
                   [Pure, Kiln_NNSameElementTypes<["input", "loss"]>]> {
  let summary = "negative log likelihood loss (ONNX NegativeLogLikelihoodLoss)";
  let description = [{
    `input` is N x C x d1 x ... x dk (log-probabilities), `target`
    N x d1 x ... x dk class indices, `weight` C. The loss has target's shape
    for `reduction` "none", else it is a scalar.

    ```mlir
    %l = kiln.negative_log_likelihood_loss %x, %t {reduction = "sum"}
        : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_IndexTensor:$target,
                   Optional<Kiln_FloatTensor>:$weight,
                   OptionalAttr<I64Attr>:$ignore_index,
                   DefaultValuedStrAttr<StrAttr, "mean">:$reduction);
  let results = (outs Kiln_FloatTensor:$loss);
  let hasVerifier = 1;
}

def Kiln_SoftmaxCrossEntropyLossOp
    : Kiln_InferOp<"softmax_cross_entropy_loss",
                   [Pure, Kiln_NNSameElementTypes<["scores", "output", "log_prob"]>]> {
  let summary = "softmax cross-entropy loss (ONNX SoftmaxCrossEntropyLoss)";
  let description = [{
    `scores` is N x C x d1 x ... x dk, `labels` N x d1 x ... x dk,
    `weights` C. `output` has labels' shape for `reduction` "none", else it
    is a scalar; `log_prob` (log-softmax of scores over C) has scores'
    shape and always exists.

    ```mlir
    %l, %lp = kiln.softmax_cross_entropy_loss %x, %t
        : (tensor<3x5xf32>, tensor<3xi64>) -> (tensor<f32>, tensor<3x5xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$scores, Kiln_IndexTensor:$labels,
                   Optional<Kiln_FloatTensor>:$weights,
                   OptionalAttr<I64Attr>:$ignore_index,
                   DefaultValuedStrAttr<StrAttr, "mean">:$reduction);
  let results = (outs Kiln_FloatTensor:$output, Kiln_FloatTensor:$log_prob);
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNNNOPS_TD
