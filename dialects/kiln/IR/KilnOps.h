// SPDX-License-Identifier: Apache-2.0
//===- KilnOps.h - ops of the kiln graph dialect ----------------*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_H
#define KILN_DIALECT_KILN_IR_KILNOPS_H

#include "dialects/kiln/IR/KilnDialect.h"
#include "dialects/kiln/IR/KilnTypes.h"
#include "dialects/kiln/IR/ShapeUtils.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir {
class RewritePatternSet;
class RewriterBase;
} // namespace mlir

namespace mlir::kiln {

/// Whether `declared` result types agree with the `inferred` ones: the same
/// element types and compatible shapes, so either may be more refined.
bool areCompatibleResultTypes(TypeRange inferred, TypeRange declared);

/// Infers the numpy-broadcast result type of an elementwise binary op, with
/// `elementType` if given, else the operands' element type.
LogicalResult inferBroadcastResultType(std::optional<Location> loc, Type lhs,
                                       Type rhs, Type elementType,
                                       SmallVectorImpl<Type> &inferred);

/// Infers the numpy-broadcast result type of all `operands` together.
LogicalResult inferVariadicBroadcastResultType(std::optional<Location> loc,
                                               TypeRange operands,
                                               SmallVectorImpl<Type> &inferred);

/// Gives kiln op `op` the most refined result types that agree with both its
/// declared and its inferred types, and updates its users (see
/// RefineResultTypes.cpp). Returns whether anything changed; fails when the
/// op's operands no longer fit it, reporting why if `reportErrors`.
FailureOr<bool> refineResultTypes(Operation *op, RewriterBase &rewriter,
                                  bool reportErrors);

/// Adds the pattern that refines kiln ops' result types from what they infer
/// (part of the dialect's canonicalization).
void populateRefineResultTypesPatterns(RewritePatternSet &patterns);

/// Adds the patterns that turn static dims picked out of kiln.shape (by
/// Gather or Slice) into constants (part of the dialect's canonicalization).
void populateShapeComputationPatterns(RewritePatternSet &patterns);

/// The sliding window of a Conv or pooling op with the ONNX defaults,
/// auto_pad and ceil_mode resolved into explicit pads (ceil_mode becomes
/// extra end padding).
struct ExplicitWindow {
  SmallVector<int64_t> kernel, strides, dilations, padsBegin, padsEnd;
};

/// The explicit window of `op` (kiln.conv, max_pool, average_pool,
/// lp_pool); fails when it depends on dims that are not static.
FailureOr<ExplicitWindow> getExplicitWindow(Operation *op);

} // namespace mlir::kiln

#define GET_OP_CLASSES
#include "dialects/kiln/IR/KilnOps.h.inc"

#endif // KILN_DIALECT_KILN_IR_KILNOPS_H
