// SPDX-License-Identifier: Apache-2.0
//===- KilnTypes.cpp - ONNX sequence and optional types -------------------===//

#include "dialects/kiln/IR/KilnTypes.h"
#include "dialects/kiln/IR/KilnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;

#define GET_TYPEDEF_CLASSES
#include "dialects/kiln/IR/KilnTypes.cpp.inc"

void KilnDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/kiln/IR/KilnTypes.cpp.inc"
      >();
}

LogicalResult SequenceType::verify(function_ref<InFlightDiagnostic()> emitError,
                                   TensorType elementType) {
  if (!elementType)
    return emitError() << "sequence elements must be tensors";
  return success();
}

LogicalResult OptionalType::verify(function_ref<InFlightDiagnostic()> emitError,
                                   Type valueType) {
  if (!isa_and_nonnull<TensorType, SequenceType>(valueType))
    return emitError() << "optional values must be tensors or sequences, got "
                       << valueType;
  return success();
}
