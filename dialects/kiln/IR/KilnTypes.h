// SPDX-License-Identifier: Apache-2.0
//===- KilnTypes.h - ONNX sequence and optional types -----------*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNTYPES_H
#define KILN_DIALECT_KILN_IR_KILNTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "dialects/kiln/IR/KilnTypes.h.inc"

#endif // KILN_DIALECT_KILN_IR_KILNTYPES_H
