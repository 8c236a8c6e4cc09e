// SPDX-License-Identifier: Apache-2.0
//===- MathShapeUtils.h - shape helpers shared by the math ops --*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_IR_MATHSHAPEUTILS_H
#define KILN_DIALECT_KILN_IR_MATHSHAPEUTILS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::kiln {

/// Broadcasts `from` unidirectionally to `to` (ONNX: `from` may only stretch
/// to `to`'s shape, never the other way), as PRelu's slope and Gemm's C do.
/// Returns `to` refined with the dims `from` knows, or failure when `from`
/// cannot broadcast to `to`.
FailureOr<SmallVector<int64_t>>
broadcastUnidirectionally(ArrayRef<int64_t> from, ArrayRef<int64_t> to);

} // namespace mlir::kiln

#endif // KILN_DIALECT_KILN_IR_MATHSHAPEUTILS_H
