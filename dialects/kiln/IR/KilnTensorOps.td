// SPDX-License-Identifier: Apache-2.0
//===- KilnTensorOps.td - ONNX tensor and generator operators --*- tablegen -*-===//
//
// Constants, casts, shape manipulation (reshape, transpose, concat, slice,
// pad, ...), indexing (gather, scatter, ...) and generators (range, random).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNTENSOROPS_TD
#define KILN_DIALECT_KILN_IR_KILNTENSOROPS_TD

include "KilnBase.td"

// Element types of ONNX Range.
def Kiln_RangeTensor : TensorOf<[F32, F64, I16, I32, I64]>;
// Element types of ONNX Multinomial's samples.
def Kiln_SampleType : AnyTypeOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Constants and casts
//===----------------------------------------------------------------------===//

def Kiln_ConstantOp : Kiln_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor (ONNX Constant and initializers)";
  let description = [{
    Produces the tensor held by its `value` attribute. Weights imported from
    ONNX initializers are constants too.

    ```mlir
    %c = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Kiln_ConstantOfShapeOp : Kiln_InferOp<"constant_of_shape", [Pure]> {
  let summary = "a tensor of a given shape filled with one value (ONNX ConstantOfShape)";
  let description = [{
    `input` is a 1-D i64 tensor holding the result's shape. The single
    element of `value` fills the result and gives its element type; without
    `value`, the result is f32 zeros. The shape is known when `input` is a
    constant; folds to a constant then.

    ```mlir
    %y = kiln.constant_of_shape %shape {value = dense<1> : tensor<1xi32>}
        : (tensor<2xi64>) -> tensor<?x?xi32>
    ```
  }];
  let arguments = (ins Kiln_I64Tensor:$input, OptionalAttr<ElementsAttr>:$value);
  let results = (outs Kiln_Tensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_CastOp : Kiln_InferOp<"cast", [Pure]> {
  let summary = "elementwise conversion to another element type (ONNX Cast)";
  let description = [{
    Converts every element to the element type `to`. Floats become integers
    by truncation toward zero; anything becomes bool by comparison with 0.
    `saturate` and `round_mode` only matter for float8 targets, which kiln
    does not support; they are kept for fidelity. Folds when `to` is the
    input's element type and when the input is a constant.

    ```mlir
    %y = kiln.cast %x {to = i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input,
                       TypeAttrOf<Kiln_ElementType>:$to,
                       DefaultValuedAttr<I64Attr, "1">:$saturate,
                       DefaultValuedStrAttr<StrAttr, "up">:$round_mode);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
}

def Kiln_CastLikeOp : Kiln_InferOp<"cast_like", [Pure]> {
  let summary = "conversion to the element type of another tensor (ONNX CastLike)";
  let description = [{
    Like `kiln.cast` with `to` taken from the element type of `target_type`
    (whose values are not read).

    ```mlir
    %y = kiln.cast_like %x, %t : (tensor<4xi32>, tensor<f16>) -> tensor<4xf16>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_Tensor:$target_type,
                       DefaultValuedAttr<I64Attr, "1">:$saturate,
                       DefaultValuedStrAttr<StrAttr, "up">:$round_mode);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
}

def Kiln_IdentityOp : Kiln_SameTypeOp<"identity"> {
  let summary = "returns its input (ONNX Identity)";
  let description = [{
    The input may be a tensor, a sequence or an optional.

    ```mlir
    %y = kiln.identity %x : (tensor<3xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Kiln_AnyValue:$input);
  let results = (outs Kiln_AnyValue:$output);
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shape queries
//===----------------------------------------------------------------------===//

def Kiln_ShapeOp : Kiln_InferOp<"shape", [Pure]> {
  let summary = "the shape of a tensor as a 1-D i64 tensor (ONNX Shape)";
  let description = [{
    Returns dims `[start, end)` of the input's shape; negative `start` and
    `end` count from the back and both are clamped to `[0, rank]`; `end`
    defaults to the rank. Folds to a constant when those dims are static.

    ```mlir
    %s = kiln.shape %x {start = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data,
                       DefaultValuedAttr<I64Attr, "0">:$start,
                       OptionalAttr<I64Attr>:$end);
  let results = (outs Kiln_I64Tensor:$shape);
  let hasFolder = 1;
}

def Kiln_SizeOp : Kiln_InferOp<"size", [Pure]> {
  let summary = "the number of elements of a tensor as an i64 scalar (ONNX Size)";
  let description = [{
    Folds to a constant when the input's shape is static.

    ```mlir
    %n = kiln.size %x : (tensor<2x3xf32>) -> tensor<i64>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data);
  let results = (outs Kiln_I64Tensor:$size);
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Kiln_ReshapeOp : Kiln_InferOp<"reshape", [Pure]> {
  let summary = "the same elements in a new shape (ONNX Reshape)";
  let description = [{
    `shape` is a 1-D i64 tensor. A dim of -1 (at most one) is inferred from
    the element count; a dim of 0 copies the input's dim at that index unless
    `allowzero` is 1, in which case it is an empty dim (and -1 may then not
    appear). The result shape is known when `shape` is a constant.

    ```mlir
    %y = kiln.reshape %x, %shape : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_I64Tensor:$shape,
                       DefaultValuedAttr<I64Attr, "0">:$allowzero);
  let results = (outs Kiln_Tensor:$reshaped);
  let hasFolder = 1;
}

def Kiln_FlattenOp : Kiln_InferOp<"flatten", [Pure]> {
  let summary = "reshapes to 2-D at an axis (ONNX Flatten)";
  let description = [{
    The result is `[d0 * ... * d(axis-1), d(axis) * ... * d(n-1)]`; `axis`
    is in `[-rank, rank]`.

    ```mlir
    %y = kiln.flatten %x {axis = 2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
}

def Kiln_SqueezeOp : Kiln_InferOp<"squeeze", [Pure]> {
  let summary = "removes dims of size 1 (ONNX Squeeze)";
  let description = [{
    Removes the dims listed in `axes` (each must have size 1), or every dim
    of size 1 when no axes are given (an empty `axes` list counts as none
    given, as in onnxruntime). The importer folds a constant ONNX `axes`
    input into the `axes` attribute; a computed one stays the operand
    `axes_input`. The two are exclusive.

    ```mlir
    %y = kiln.squeeze %x {axes = array<i64: 0, -1>} : (tensor<1x3x1xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Optional<Kiln_I64Tensor>:$axes_input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs Kiln_Tensor:$squeezed);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_UnsqueezeOp : Kiln_InferOp<"unsqueeze", [Pure]> {
  let summary = "inserts dims of size 1 (ONNX Unsqueeze)";
  let description = [{
    Inserts a dim of size 1 at each of `axes`, which index the result (of
    rank `rank + len(axes)`) and must be distinct. Exactly one of the `axes`
    attribute (a constant ONNX `axes` input) and the operand `axes_input` is
    given.

    ```mlir
    %y = kiln.unsqueeze %x {axes = array<i64: 0, 3>} : (tensor<3x4xf32>) -> tensor<1x3x4x1xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Optional<Kiln_I64Tensor>:$axes_input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs Kiln_Tensor:$expanded);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_TransposeOp : Kiln_InferOp<"transpose", [Pure]> {
  let summary = "permutes dims (ONNX Transpose)";
  let description = [{
    Result dim `i` is input dim `perm[i]`; without `perm` the dims are
    reversed. Folds away an identity permutation.

    ```mlir
    %y = kiln.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, OptionalAttr<DenseI64ArrayAttr>:$perm);
  let results = (outs Kiln_Tensor:$transposed);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_InferOp<"concat", [Pure, SameOperandsAndResultElementType]> {
  let summary = "joins tensors along an axis (ONNX Concat)";
  let description = [{
    All inputs have the same rank and the same dims except at `axis`.
    Folds a single input away and concatenates constant inputs.

    ```mlir
    %y = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Kiln_Tensor:$concat_result);
  let hasFolder = 1;
}

def Kiln_SplitOp : Kiln_InferOp<"split", [Pure]> {
  let summary = "splits a tensor into parts along an axis (ONNX Split)";
  let description = [{
    The part sizes along `axis` come from exactly one of: the `split`
    attribute (a constant ONNX `split` input), the operand `split_input`
    (a computed one, whose length must be static), or `num_outputs` (equal
    parts of `ceil(dim / num_outputs)`, the last one smaller if need be).
    There is one result per part. The importer sets `num_outputs` to the
    node's output count where ONNX gives neither.

    ```mlir
    %a, %b = kiln.split %x {axis = 1 : i64, split = array<i64: 2, 4>}
        : (tensor<3x6xf32>) -> (tensor<3x2xf32>, tensor<3x4xf32>)
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Optional<Kiln_I64Tensor>:$split_input,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       OptionalAttr<I64Attr>:$num_outputs,
                       OptionalAttr<DenseI64ArrayAttr>:$split);
  let results = (outs Variadic<Kiln_Tensor>:$outputs);
  let hasVerifier = 1;
}

def Kiln_SliceOp : Kiln_InferOp<"slice", [Pure, AttrSizedOperandSegments]> {
  let summary = "a strided slice along some axes (ONNX Slice)";
  let description = [{
    For each `axes[i]` (default: the first `len(starts)` axes) takes
    `starts[i]` to `ends[i]` (exclusive) by `steps[i]` (default 1), numpy
    style: negative indices count from the back and are clamped to the dim.
    The result shape is known where the parameters are constants.

    ```mlir
    %y = kiln.slice %x, %starts, %ends axes(%axes)
        : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$starts,
                       Kiln_IndexTensor:$ends, Optional<Kiln_IndexTensor>:$axes,
                       Optional<Kiln_IndexTensor>:$steps);
  let results = (outs Kiln_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $starts `,` $ends (`axes` `(` $axes^ `)`)? (`steps` `(` $steps^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Kiln_ExpandOp : Kiln_InferOp<"expand", [Pure]> {
  let summary = "broadcasts a tensor to a shape (ONNX Expand)";
  let description = [{
    The result shape is the numpy broadcast of the input's shape and the
    1-D i64 `shape` (so a 1 in `shape` keeps the input's dim).

    ```mlir
    %y = kiln.expand %x, %shape : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_I64Tensor:$shape);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
}

def Kiln_TileOp : Kiln_InferOp<"tile", [Pure]> {
  let summary = "repeats a tensor along each dim (ONNX Tile)";
  let description = [{
    Result dim `i` is `input dim i * repeats[i]`; `repeats` is a 1-D i64
    tensor with one entry per input dim.

    ```mlir
    %y = kiln.tile %x, %repeats : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_I64Tensor:$repeats);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
}

def Kiln_PadOp : Kiln_InferOp<"pad", [Pure, AttrSizedOperandSegments]> {
  let summary = "pads (or crops, with negative pads) a tensor (ONNX Pad)";
  let description = [{
    `pads` is a 1-D i64 tensor `[x1_begin, x2_begin, ..., x1_end, x2_end,
    ...]` over the padded axes: `axes` (attribute, from a constant ONNX
    `axes` input), `axes_input` (a computed one), or all axes. `mode` is
    `constant` (fill with `constant_value`, default 0), `reflect`, `edge` or
    `wrap`.

    ```mlir
    %y = kiln.pad %x, %pads : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_I64Tensor:$pads,
                       Optional<Kiln_Tensor>:$constant_value,
                       Optional<Kiln_IndexTensor>:$axes_input,
                       DefaultValuedStrAttr<StrAttr, "constant">:$mode,
                       OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs Kiln_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $pads (`constant_value` `(` $constant_value^ `)`)?
    (`axes_input` `(` $axes_input^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_CenterCropPadOp : Kiln_InferOp<"center_crop_pad", [Pure]> {
  let summary = "crops or zero-pads around the center to a shape (ONNX CenterCropPad)";
  let description = [{
    Result dim `axes[i]` (default: every axis) is `shape[i]`; the others
    keep the input's dim.

    ```mlir
    %y = kiln.center_crop_pad %x, %shape {axes = array<i64: 0, 1>}
        : (tensor<20x10x3xf32>, tensor<2xi64>) -> tensor<10x20x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input_data, Kiln_IndexTensor:$shape,
                       OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs Kiln_Tensor:$output_data);
}

def Kiln_DepthToSpaceOp : Kiln_InferOp<"depth_to_space", [Pure]> {
  let summary = "moves channel blocks into spatial blocks (ONNX DepthToSpace)";
  let description = [{
    `[N, C, H, W]` becomes `[N, C / b^2, H * b, W * b]` with `b` the
    `blocksize`; `mode` (`DCR` or `CRD`) orders the channel data.

    ```mlir
    %y = kiln.depth_to_space %x {blocksize = 2 : i64, mode = "CRD"}
        : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, I64Attr:$blocksize,
                       DefaultValuedStrAttr<StrAttr, "DCR">:$mode);
  let results = (outs Kiln_Tensor:$output);
  let hasVerifier = 1;
}

def Kiln_SpaceToDepthOp : Kiln_InferOp<"space_to_depth", [Pure]> {
  let summary = "moves spatial blocks into channels (ONNX SpaceToDepth)";
  let description = [{
    `[N, C, H, W]` becomes `[N, C * b^2, H / b, W / b]` with `b` the
    `blocksize`.

    ```mlir
    %y = kiln.space_to_depth %x {blocksize = 2 : i64}
        : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, I64Attr:$blocksize);
  let results = (outs Kiln_Tensor:$output);
  let hasVerifier = 1;
}

def Kiln_Col2ImOp : Kiln_InferOp<"col2im", [Pure]> {
  let summary = "folds column blocks back into an image (ONNX Col2Im)";
  let description = [{
    `input` is `[N, C * prod(block_shape), L]`; the result is
    `[N, C, image_shape...]`. `image_shape` and `block_shape` are 1-D i64
    tensors with one entry per spatial dim; `strides`, `pads` and
    `dilations` default to 1, 0 and 1.

    ```mlir
    %y = kiln.col2im %x, %image, %block
        : (tensor<1x5x25xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x5x5x5xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_I64Tensor:$image_shape,
                       Kiln_I64Tensor:$block_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations);
  let results = (outs Kiln_Tensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

def Kiln_GatherOp : Kiln_InferOp<"gather", [Pure]> {
  let summary = "takes slices at indices along an axis (ONNX Gather)";
  let description = [{
    The result shape is `data.shape[:axis] + indices.shape +
    data.shape[axis+1:]`; negative indices count from the back. Folds
    constant operands.

    ```mlir
    %y = kiln.gather %x, %i {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2xi64>) -> tensor<5x2x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
}

def Kiln_GatherElementsOp : Kiln_InferOp<"gather_elements", [Pure]> {
  let summary = "takes elements at indices along an axis (ONNX GatherElements)";
  let description = [{
    `indices` has the rank of `data`; the result has the shape of `indices`.

    ```mlir
    %y = kiln.gather_elements %x, %i {axis = 1 : i64}
        : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Kiln_Tensor:$output);
}

def Kiln_GatherNDOp : Kiln_InferOp<"gather_nd", [Pure]> {
  let summary = "takes slices at N-dimensional indices (ONNX GatherND)";
  let description = [{
    The last dim `k` of `indices` indexes data dims `[batch_dims,
    batch_dims + k)`; the result shape is `indices.shape[:-1] +
    data.shape[batch_dims + k:]`.

    ```mlir
    %y = kiln.gather_nd %x, %i : (tensor<4x5x6xf32>, tensor<3x2xi64>) -> tensor<3x6xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_I64Tensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Kiln_Tensor:$output);
}

def Kiln_ScatterElementsOp : Kiln_InferOp<"scatter_elements", [Pure]> {
  let summary = "writes updates at indices along an axis (ONNX ScatterElements, Scatter)";
  let description = [{
    `indices` and `updates` have the same shape and the rank of `data`; the
    result has the type of `data`. `reduction` is `none`, `add`, `mul`,
    `max` or `min`.

    ```mlir
    %y = kiln.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"}
        : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$indices,
                       Kiln_Tensor:$updates,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Kiln_Tensor:$output);
  let hasVerifier = 1;
}

def Kiln_ScatterNDOp : Kiln_InferOp<"scatter_nd", [Pure]> {
  let summary = "writes slices at N-dimensional indices (ONNX ScatterND)";
  let description = [{
    `updates` has shape `indices.shape[:-1] + data.shape[k:]` where `k` is
    the last dim of `indices`; the result has the type of `data`.
    `reduction` is `none`, `add`, `mul`, `max` or `min`.

    ```mlir
    %y = kiln.scatter_nd %x, %i, %u
        : (tensor<4x5xf32>, tensor<2x1xi64>, tensor<2x5xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_I64Tensor:$indices,
                       Kiln_Tensor:$updates,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Kiln_Tensor:$output);
  let hasVerifier = 1;
}

def Kiln_TensorScatterOp : Kiln_InferOp<"tensor_scatter", [Pure]> {
  let summary = "writes a sequence update into a cache tensor (ONNX TensorScatter)";
  let description = [{
    `past_cache` is `[batch, ..., max_seq, ...]` and `update` has its shape
    except at `axis` (the sequence dim, never 0), where it is not larger.
    Each batch entry's update is written at `write_indices[b]` (default 0),
    modulo `max_seq` when `mode` is `circular` (else `linear`). The result
    has the type of `past_cache`.

    ```mlir
    %y = kiln.tensor_scatter %cache, %update, %pos
        : (tensor<2x8x16x64xf32>, tensor<2x8x1x64xf32>, tensor<2xi64>) -> tensor<2x8x16x64xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$past_cache, Kiln_Tensor:$update,
                       Optional<Kiln_I64Tensor>:$write_indices,
                       DefaultValuedStrAttr<StrAttr, "linear">:$mode,
                       DefaultValuedAttr<I64Attr, "-2">:$axis);
  let results = (outs Kiln_Tensor:$present_cache);
  let hasVerifier = 1;
}

def Kiln_TriluOp : Kiln_InferOp<"trilu", [Pure]> {
  let summary = "the upper or lower triangle of matrices (ONNX Trilu)";
  let description = [{
    Keeps the elements on and above (`upper` = 1) or on and below (`upper`
    = 0) the `k`-th diagonal (default 0) of the last two dims; zeroes the
    rest.

    ```mlir
    %y = kiln.trilu %x, %k {upper = 0 : i64} : (tensor<2x4x4xf32>, tensor<i64>) -> tensor<2x4x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Optional<Kiln_I64Tensor>:$k,
                       DefaultValuedAttr<I64Attr, "1">:$upper);
  let results = (outs Kiln_Tensor:$output);
}

def Kiln_OneHotOp : Kiln_InferOp<"one_hot", [Pure]> {
  let summary = "one-hot encoding of indices (ONNX OneHot)";
  let description = [{
    Inserts a dim of size `depth` (a scalar or 1-element tensor) at `axis`
    of the indices' shape (`axis` in `[-r-1, r]`). `values` is `[off, on]`
    and gives the result's element type.

    ```mlir
    %y = kiln.one_hot %i, %depth, %values
        : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$indices, Kiln_NumericTensor:$depth,
                       Kiln_Tensor:$values,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Kiln_Tensor:$output);
}

def Kiln_NonZeroOp : Kiln_InferOp<"non_zero", [Pure]> {
  let summary = "the indices of the non-zero elements (ONNX NonZero)";
  let description = [{
    The result is `[rank, count]` i64, with `count` known only at run time.

    ```mlir
    %y = kiln.non_zero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$X);
  let results = (outs Kiln_I64Tensor:$Y);
}

def Kiln_CompressOp : Kiln_InferOp<"compress", [Pure]> {
  let summary = "selects slices where a condition holds (ONNX Compress)";
  let description = [{
    Keeps the slices along `axis` (the flattened input when absent) whose
    entry in the 1-D bool `condition` is true. The selected count is known
    when `condition` is a constant.

    ```mlir
    %y = kiln.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<?x2xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_BoolTensor:$condition,
                       OptionalAttr<I64Attr>:$axis);
  let results = (outs Kiln_Tensor:$output);
}

def Kiln_UniqueOp : Kiln_InferOp<"unique", [Pure]> {
  let summary = "the unique elements or slices of a tensor (ONNX Unique)";
  let description = [{
    Without `axis`, works on the flattened input; with it, on slices along
    `axis`. Returns the unique values `Y` (sorted if `sorted` is 1, else in
    order of first occurrence), the `indices` of their first occurrences,
    the `inverse_indices` mapping each input element (or slice) to `Y`, and
    their `counts`. All four results are always present.

    ```mlir
    %y, %i, %inv, %n = kiln.unique %x
        : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
    ```
  }];
  let arguments = (ins Kiln_Tensor:$X, OptionalAttr<I64Attr>:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$sorted);
  let results = (outs Kiln_Tensor:$Y, Kiln_I64Tensor:$indices,
                      Kiln_I64Tensor:$inverse_indices, Kiln_I64Tensor:$counts);
}

def Kiln_ReverseSequenceOp : Kiln_InferOp<"reverse_sequence", [Pure]> {
  let summary = "reverses the first sequence_lens[b] steps of each batch entry (ONNX ReverseSequence)";
  let description = [{
    `batch_axis` and `time_axis` are 0 and 1 in some order; `sequence_lens`
    has one entry per batch entry.

    ```mlir
    %y = kiln.reverse_sequence %x, %lens {batch_axis = 0 : i64, time_axis = 1 : i64}
        : (tensor<4x5x8xf32>, tensor<4xi64>) -> tensor<4x5x8xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_I64Tensor:$sequence_lens,
                       DefaultValuedAttr<I64Attr, "1">:$batch_axis,
                       DefaultValuedAttr<I64Attr, "0">:$time_axis);
  let results = (outs Kiln_Tensor:$Y);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Generators
//===----------------------------------------------------------------------===//

def Kiln_RangeOp : Kiln_InferOp<"range", [Pure, SameOperandsAndResultElementType]> {
  let summary = "a 1-D sequence start, start + delta, ... below limit (ONNX Range)";
  let description = [{
    The operands are scalars; the length is `max(ceil((limit - start) /
    delta), 0)`, known (and folded) when they are constants.

    ```mlir
    %y = kiln.range %start, %limit, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
    ```
  }];
  let arguments = (ins Kiln_RangeTensor:$start, Kiln_RangeTensor:$limit,
                       Kiln_RangeTensor:$delta);
  let results = (outs Kiln_RangeTensor:$output);
  let hasFolder = 1;
}

def Kiln_EyeLikeOp : Kiln_InferOp<"eye_like", [Pure]> {
  let summary = "a 2-D tensor with ones on a diagonal (ONNX EyeLike)";
  let description = [{
    Has the shape of the 2-D `input` and the element type `dtype` (default:
    the input's); ones on the `k`-th diagonal, zeros elsewhere.

    ```mlir
    %y = kiln.eye_like %x {dtype = f32, k = 1 : i64} : (tensor<3x4xi32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input,
                       OptionalAttr<TypeAttrOf<Kiln_ElementType>>:$dtype,
                       DefaultValuedAttr<I64Attr, "0">:$k);
  let results = (outs Kiln_Tensor:$output);
}

// The random ops are not Pure: two of them with the same operands must not
// be merged.

def Kiln_RandomNormalOp : Kiln_InferOp<"random_normal"> {
  let summary = "samples of a normal distribution (ONNX RandomNormal)";
  let description = [{
    A tensor of `shape` and element type `dtype` drawn from N(`mean`,
    `scale`^2); `seed` makes runs repeatable.

    ```mlir
    %y = kiln.random_normal {dtype = f32, shape = array<i64: 2, 3>} : () -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$shape,
                       TypeAttrOf<Kiln_FloatType>:$dtype,
                       DefaultValuedAttr<F32Attr, "0.0f">:$mean,
                       DefaultValuedAttr<F32Attr, "1.0f">:$scale,
                       OptionalAttr<F32Attr>:$seed);
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = "attr-dict `:` functional-type(operands, results)";
}

def Kiln_RandomUniformOp : Kiln_InferOp<"random_uniform"> {
  let summary = "samples of a uniform distribution (ONNX RandomUniform)";
  let description = [{
    A tensor of `shape` and element type `dtype` drawn uniformly from
    [`low`, `high`); `seed` makes runs repeatable.

    ```mlir
    %y = kiln.random_uniform {dtype = f16, shape = array<i64: 4>} : () -> tensor<4xf16>
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$shape,
                       TypeAttrOf<Kiln_FloatType>:$dtype,
                       DefaultValuedAttr<F32Attr, "1.0f">:$high,
                       DefaultValuedAttr<F32Attr, "0.0f">:$low,
                       OptionalAttr<F32Attr>:$seed);
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = "attr-dict `:` functional-type(operands, results)";
}

def Kiln_RandomNormalLikeOp : Kiln_InferOp<"random_normal_like"> {
  let summary = "normal samples in the shape of a tensor (ONNX RandomNormalLike)";
  let description = [{
    Like `kiln.random_normal` with the shape of `input` and, without
    `dtype`, its element type (which must then be a float type).

    ```mlir
    %y = kiln.random_normal_like %x {dtype = f32} : (tensor<2x?xi64>) -> tensor<2x?xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input,
                       OptionalAttr<TypeAttrOf<Kiln_FloatType>>:$dtype,
                       DefaultValuedAttr<F32Attr, "0.0f">:$mean,
                       DefaultValuedAttr<F32Attr, "1.0f">:$scale,
                       OptionalAttr<F32Attr>:$seed);
  let results = (outs Kiln_FloatTensor:$output);
}

def Kiln_RandomUniformLikeOp : Kiln_InferOp<"random_uniform_like"> {
  let summary = "uniform samples in the shape of a tensor (ONNX RandomUniformLike)";
  let description = [{
    Like `kiln.random_uniform` with the shape of `input` and, without
    `dtype`, its element type (which must then be a float type).

    ```mlir
    %y = kiln.random_uniform_like %x : (tensor<3xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input,
                       OptionalAttr<TypeAttrOf<Kiln_FloatType>>:$dtype,
                       DefaultValuedAttr<F32Attr, "1.0f">:$high,
                       DefaultValuedAttr<F32Attr, "0.0f">:$low,
                       OptionalAttr<F32Attr>:$seed);
  let results = (outs Kiln_FloatTensor:$output);
}

def Kiln_BernoulliOp : Kiln_InferOp<"bernoulli"> {
  let summary = "0/1 samples with given probabilities (ONNX Bernoulli)";
  let description = [{
    Each result element is 1 with the probability held by the same element
    of `input`; the element type is `dtype`, default the input's.

    ```mlir
    %y = kiln.bernoulli %p {dtype = i1} : (tensor<8xf32>) -> tensor<8xi1>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input,
                       OptionalAttr<TypeAttrOf<Kiln_ElementType>>:$dtype,
                       OptionalAttr<F32Attr>:$seed);
  let results = (outs Kiln_Tensor:$output);
}

def Kiln_MultinomialOp : Kiln_InferOp<"multinomial"> {
  let summary = "class samples from unnormalized log-probabilities (ONNX Multinomial)";
  let description = [{
    `input` is `[batch, classes]`; the result is `[batch, sample_size]`
    class indices of element type `dtype` (i32 or i64).

    ```mlir
    %y = kiln.multinomial %logits {dtype = i64, sample_size = 5 : i64}
        : (tensor<2x10xf32>) -> tensor<2x5xi64>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input,
                       TypeAttrOf<Kiln_SampleType>:$dtype,
                       DefaultValuedAttr<I64Attr, "1">:$sample_size,
                       OptionalAttr<F32Attr>:$seed);
  let results = (outs TensorOf<[Kiln_SampleType]>:$output);
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNTENSOROPS_TD
