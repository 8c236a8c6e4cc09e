// SPDX-License-Identifier: Apache-2.0
//===- KilnTypes.td - ONNX sequence and optional types ---------*- tablegen -*-===//
//
// ONNX values are tensors, sequences of tensors, or optionals of either.
// Tensors use MLIR's builtin tensor type; sequences and optionals are kiln
// types.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNTYPES_TD
#define KILN_DIALECT_KILN_IR_KILNTYPES_TD

include "mlir/IR/AttrTypeBase.td"

class Kiln_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Kiln_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Kiln_SequenceType : Kiln_Type<"Sequence", "sequence"> {
  let summary = "an ordered list of tensors (ONNX sequence)";
  let description = [{
    A sequence of any length whose elements are all instances of
    `elementType`, a ranked or unranked tensor type: elements may differ
    in the dims that `elementType` leaves dynamic, or in rank when it is
    unranked.

    ```mlir
    !kiln.sequence<tensor<?x4xf32>>
    !kiln.sequence<tensor<*xi64>>
    ```
  }];
  let parameters = (ins "::mlir::TensorType":$elementType);
  let builders = [
    TypeBuilderWithInferredContext<(ins "::mlir::TensorType":$elementType), [{
      return $_get(elementType.getContext(), elementType);
    }]>
  ];
  let assemblyFormat = "`<` $elementType `>`";
  let genVerifyDecl = 1;
}

def Kiln_OptionalType : Kiln_Type<"Optional", "optional"> {
  let summary = "a tensor or sequence that may be absent (ONNX optional)";
  let description = [{
    Either holds a value of `valueType` (a tensor or sequence type) or is
    empty ("none").

    ```mlir
    !kiln.optional<tensor<4xf32>>
    !kiln.optional<!kiln.sequence<tensor<*xf32>>>
    ```
  }];
  let parameters = (ins "::mlir::Type":$valueType);
  let builders = [
    TypeBuilderWithInferredContext<(ins "::mlir::Type":$valueType), [{
      return $_get(valueType.getContext(), valueType);
    }]>
  ];
  let assemblyFormat = "`<` $valueType `>`";
  let genVerifyDecl = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNTYPES_TD
