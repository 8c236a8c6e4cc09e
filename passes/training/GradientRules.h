// SPDX-License-Identifier: Apache-2.0
//===- GradientRules.h - how each kiln op passes gradients back -*- C++ -*-===//
//
// The registry of gradient rules that kiln-generate-gradients applies: one
// rule per op, building the gradients of the op's operands from those of
// its results out of kiln ops.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_TRAINING_GRADIENTRULES_H
#define KILN_PASSES_TRAINING_GRADIENTRULES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::kiln::training {

/// Builds the gradients of `op`'s operands, one per operand (null where no
/// gradient flows: integer operands, or none reaches it), from
/// `resultGrads`, one per result (null where none flows back), with `b`
/// inserting after everything already built. Fails after reporting at the
/// op.
using GradientRule = std::function<FailureOr<SmallVector<Value>>(
    OpBuilder &b, Operation *op, ArrayRef<Value> resultGrads)>;

/// The rules, by op name (`kiln.matmul`).
class GradientRegistry {
public:
  /// The registry with a rule for every differentiable op Kiln knows.
  static const GradientRegistry &get();

  /// The rule for `op`, or null.
  const GradientRule *lookup(Operation *op) const;

private:
  void add(StringRef name, GradientRule rule);
  llvm::StringMap<GradientRule> rules;
  friend struct RegistryBuilder;
};

/// `grad` (of a broadcast result) summed back to `type`, the shape of the
/// operand that was broadcast: over the leading dims the operand lacks and
/// the dims where it has size 1.
FailureOr<Value> sumToShape(OpBuilder &b, Location loc, Value grad,
                            RankedTensorType type);

/// A float constant of `type`'s element type and shape, every element
/// `value`.
Value createSplat(OpBuilder &b, Location loc, RankedTensorType type,
                  double value);

} // namespace mlir::kiln::training

#endif // KILN_PASSES_TRAINING_GRADIENTRULES_H
