// SPDX-License-Identifier: Apache-2.0
//===- KilnSequenceOps.td - ONNX sequence and optional operators -*- tablegen -*-===//
//
// Ops on `!kiln.sequence<T>` (ONNX sequences of tensors) and
// `!kiln.optional<T>` (ONNX optionals). A sequence's type gives what all its
// elements are instances of; its length is a runtime value.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNSEQUENCEOPS_TD
#define KILN_DIALECT_KILN_IR_KILNSEQUENCEOPS_TD

include "KilnBase.td"

// What an optional holds: a tensor or a sequence.
def Kiln_TensorOrSequence : AnyTypeOf<[Kiln_Tensor, Kiln_Sequence],
                                      "tensor or sequence">;

//===----------------------------------------------------------------------===//
// Sequences
//===----------------------------------------------------------------------===//

def Kiln_SequenceEmptyOp : Kiln_InferOp<"sequence_empty", [Pure]> {
  let summary = "an empty sequence (ONNX SequenceEmpty)";
  let description = [{
    An empty sequence of tensors of element type `dtype` (ONNX default:
    f32); their shapes are unknown.

    ```mlir
    %s = kiln.sequence_empty {dtype = f32} : () -> !kiln.sequence<tensor<*xf32>>
    ```
  }];
  let arguments = (ins TypeAttrOf<Kiln_ElementType>:$dtype);
  let results = (outs Kiln_Sequence:$output);
}

def Kiln_SequenceConstructOp : Kiln_InferOp<"sequence_construct",
    [Pure, SameOperandsElementType]> {
  let summary = "a sequence of the given tensors (ONNX SequenceConstruct)";
  let description = [{
    The inputs, in order, all of one element type. The sequence's element
    type joins the inputs' types: dims that differ become dynamic, ranks
    that differ give an unranked tensor.

    ```mlir
    %s = kiln.sequence_construct %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>)
        -> !kiln.sequence<tensor<?x3xf32>>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs);
  let results = (outs Kiln_Sequence:$output_sequence);
}

def Kiln_SequenceInsertOp : Kiln_InferOp<"sequence_insert", [Pure]> {
  let summary = "inserts a tensor into a sequence (ONNX SequenceInsert)";
  let description = [{
    Inserts `tensor` before index `position` (a scalar or 1-element
    tensor; negative counts from the back) or, without `position`, at the
    back. The result's element type joins the sequence's with the tensor's;
    inserting into kiln.sequence_empty gives the tensor's type.

    ```mlir
    %t = kiln.sequence_insert %s, %x, %p
        : (!kiln.sequence<tensor<3xi64>>, tensor<3xi64>, tensor<i64>) -> !kiln.sequence<tensor<3xi64>>
    ```
  }];
  let arguments = (ins Kiln_Sequence:$input_sequence, Kiln_Tensor:$tensor,
                       Optional<Kiln_IndexTensor>:$position);
  let results = (outs Kiln_Sequence:$output_sequence);
}

def Kiln_SequenceAtOp : Kiln_InferOp<"sequence_at", [Pure]> {
  let summary = "the tensor at a position of a sequence (ONNX SequenceAt)";
  let description = [{
    `position` is a scalar (or a 1-element tensor) in `[-n, n)` for a
    sequence of length `n`;
    negative positions count from the back.

    ```mlir
    %x = kiln.sequence_at %s, %p : (!kiln.sequence<tensor<?x3xf32>>, tensor<i64>) -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Sequence:$input_sequence,
                       Kiln_IndexTensor:$position);
  let results = (outs Kiln_Tensor:$tensor);
  let hasFolder = 1;
}

def Kiln_SequenceEraseOp : Kiln_InferOp<"sequence_erase", [Pure]> {
  let summary = "removes a tensor from a sequence (ONNX SequenceErase)";
  let description = [{
    Removes the tensor at `position` (a scalar or 1-element tensor;
    negative counts from the back), or the last one without `position`.

    ```mlir
    %t = kiln.sequence_erase %s : (!kiln.sequence<tensor<*xf32>>) -> !kiln.sequence<tensor<*xf32>>
    ```
  }];
  let arguments = (ins Kiln_Sequence:$input_sequence,
                       Optional<Kiln_IndexTensor>:$position);
  let results = (outs Kiln_Sequence:$output_sequence);
}

def Kiln_SequenceLengthOp : Kiln_InferOp<"sequence_length", [Pure]> {
  let summary = "the number of tensors in a sequence (ONNX SequenceLength)";
  let description = [{
    A 0-D i64 tensor. Folds to a constant for kiln.sequence_construct.

    ```mlir
    %n = kiln.sequence_length %s : (!kiln.sequence<tensor<*xf32>>) -> tensor<i64>
    ```
  }];
  let arguments = (ins Kiln_Sequence:$input_sequence);
  let results = (outs Kiln_I64Tensor:$length);
  let hasFolder = 1;
}

def Kiln_SplitToSequenceOp : Kiln_InferOp<"split_to_sequence", [Pure]> {
  let summary = "splits a tensor into a sequence (ONNX SplitToSequence)";
  let description = [{
    Splits `input` along `axis`. `split` is a scalar chunk size (the last
    chunk may be smaller) or a 1-D list of chunk sizes summing to the dim.
    Without `split`, the chunks have size 1, and `keepdims = 0` removes the
    split axis from them. The elements' dim at `axis` is static when all
    chunks are known to have one size.

    ```mlir
    %s = kiln.split_to_sequence %x {axis = 1 : i64, keepdims = 0 : i64}
        : (tensor<3x6xf32>) -> !kiln.sequence<tensor<3xf32>>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Optional<Kiln_IndexTensor>:$split,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims);
  let results = (outs Kiln_Sequence:$output_sequence);
  let hasVerifier = 1;
}

def Kiln_ConcatFromSequenceOp : Kiln_InferOp<"concat_from_sequence", [Pure]> {
  let summary = "concatenates the tensors of a sequence (ONNX ConcatFromSequence)";
  let description = [{
    Concatenates the elements along `axis`, or with `new_axis = 1` stacks
    them along a new dim inserted at `axis` (then `axis` is in
    `[-r-1, r]` for elements of rank `r`). The dim at `axis` depends on the
    sequence's length and is dynamic.

    ```mlir
    %y = kiln.concat_from_sequence %s {axis = 0 : i64, new_axis = 1 : i64}
        : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<?x2x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Sequence:$input_sequence, I64Attr:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$new_axis);
  let results = (outs Kiln_Tensor:$concat_result);
  let hasVerifier = 1;
}

def Kiln_SequenceMapOp : Kiln_InferOp<"sequence_map",
    [RecursiveMemoryEffects]> {
  let summary = "runs a subgraph on each element of sequences (ONNX SequenceMap)";
  let description = [{
    Runs `body` once per element of `input_sequence`. The body takes the
    element, then for each additional input its element at the same
    position (a sequence, of the same length) or the input itself (a
    tensor). It yields one tensor per result; result `i` is the sequence of
    the tensors yielded as value `i`. Like an If branch, the body may use
    values of the enclosing graph.

    ```mlir
    %y = kiln.sequence_map %s, %t : (!kiln.sequence<tensor<?xf32>>, tensor<?xf32>)
        -> !kiln.sequence<tensor<?xf32>> {
    ^bb0(%a: tensor<?xf32>, %b: tensor<?xf32>):
      %c = kiln.add %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
      kiln.yield %c : tensor<?xf32>
    }
    ```
  }];
  let arguments = (ins Kiln_Sequence:$input_sequence,
                       Variadic<Kiln_TensorOrSequence>:$additional_inputs);
  let results = (outs Variadic<Kiln_Sequence>:$out_sequence);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    operands attr-dict `:` functional-type(operands, results) $body
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Optionals
//===----------------------------------------------------------------------===//

def Kiln_OptionalOp : Kiln_InferOp<"optional", [Pure]> {
  let summary = "an optional holding a value, or an empty one (ONNX Optional)";
  let description = [{
    Wraps `input`; without `input`, an empty optional of `type` (a tensor
    or sequence type), which is then required. Given both, they must agree.

    ```mlir
    %o = kiln.optional %x : (tensor<4xf32>) -> !kiln.optional<tensor<4xf32>>
    %none = kiln.optional {type = !kiln.sequence<tensor<5xf32>>}
        : () -> !kiln.optional<!kiln.sequence<tensor<5xf32>>>
    ```
  }];
  let arguments = (ins Optional<Kiln_TensorOrSequence>:$input,
                       OptionalAttr<TypeAttrOf<Kiln_TensorOrSequence>>:$type);
  let results = (outs Kiln_Optional:$output);
}

def Kiln_OptionalHasElementOp : Kiln_InferOp<"optional_has_element", [Pure]> {
  let summary = "whether an optional holds a value (ONNX OptionalHasElement)";
  let description = [{
    A 0-D bool tensor: whether `input` holds a value. A tensor or sequence
    input always does; an absent input never does. Folds when the answer is
    known (those cases, and kiln.optional).

    ```mlir
    %b = kiln.optional_has_element %o : (!kiln.optional<tensor<4xf32>>) -> tensor<i1>
    ```
  }];
  let arguments = (ins Optional<Kiln_AnyValue>:$input);
  let results = (outs Kiln_BoolTensor:$output);
  let hasFolder = 1;
}

def Kiln_OptionalGetElementOp : Kiln_InferOp<"optional_get_element", [Pure]> {
  let summary = "the value an optional holds (ONNX OptionalGetElement)";
  let description = [{
    The value of a non-empty optional (an error at run time when empty). A
    tensor or sequence input is returned as is. Folds those, and the value
    wrapped by kiln.optional.

    ```mlir
    %x = kiln.optional_get_element %o : (!kiln.optional<tensor<4xf32>>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_AnyValue:$input);
  let results = (outs Kiln_TensorOrSequence:$output);
  let hasFolder = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNSEQUENCEOPS_TD
