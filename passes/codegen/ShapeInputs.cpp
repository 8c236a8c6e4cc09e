// SPDX-License-Identifier: Apache-2.0
//===- ShapeInputs.cpp - axes and sizes known only at run time ------------===//
//
// ONNX gives many "attributes" as tensors (a reduction's or Squeeze's axes,
// Pad's pads, Slice's starts). When they are not constants, lowerings build
// index arithmetic over their elements; the host evaluates it before each
// run (dims table InputValue entries), so kernels still see plain sizes.
// Dims are selected with flags (i1 per dim) rather than by position, since
// which dim an axis names is itself a run-time value.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

static Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value mlir::kiln::namesAxis(OpBuilder &b, Location loc, Value axes,
                            int64_t index, int64_t dim, int64_t rank) {
  Value axis = extractIndex(b, loc, axes, index);
  auto equals = [&](int64_t value) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, axis,
                                 indexConstant(b, loc, value));
  };
  return arith::OrIOp::create(b, loc, equals(dim), equals(dim - rank));
}

SmallVector<Value> mlir::kiln::getAxisFlags(OpBuilder &b, Location loc,
                                            Value axes, int64_t rank) {
  auto type = cast<RankedTensorType>(axes.getType());
  int64_t count = type.getRank() == 0 ? 1 : type.getDimSize(0);
  SmallVector<Value> flags(rank, arith::ConstantIntOp::create(b, loc, 0, 1));
  for (int64_t k = 0; k < count; ++k)
    for (int64_t d = 0; d < rank; ++d)
      flags[d] = arith::OrIOp::create(b, loc, flags[d],
                                      namesAxis(b, loc, axes, k, d, rank));
  assertAxesInRange(b, loc, axes, rank);
  return flags;
}

void mlir::kiln::assertAxesInRange(OpBuilder &b, Location loc, Value axes,
                                   int64_t rank) {
  auto type = cast<RankedTensorType>(axes.getType());
  int64_t count = type.getRank() == 0 ? 1 : type.getDimSize(0);
  Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
  for (int64_t k = 0; k < count; ++k) {
    Value axis = extractIndex(b, loc, axes, k);
    auto holds = [&](arith::CmpIPredicate predicate, Value lhs, Value rhs) {
      valid = arith::AndIOp::create(
          b, loc, valid, arith::CmpIOp::create(b, loc, predicate, lhs, rhs));
    };
    holds(arith::CmpIPredicate::sge, axis, indexConstant(b, loc, -rank));
    holds(arith::CmpIPredicate::slt, axis, indexConstant(b, loc, rank));
  }
  assertBeforeRun(b, loc, valid,
                  "a value of its axes input is outside [-" + Twine(rank) +
                      ", " + Twine(rank) + ")");
}

void mlir::kiln::assertBeforeRun(OpBuilder &b, Location loc, Value condition,
                                 const Twine &message) {
  if (!isa<func::FuncOp>(b.getInsertionBlock()->getParentOp()))
    return;
  StringRef name = kexec::getNodeName(loc);
  cf::AssertOp::create(b, loc, condition,
                       name.empty() ? message.str()
                                    : ("node '" + name + "': " + message).str());
}

Value mlir::kiln::selectIndex(OpBuilder &b, Location loc, Value c,
                              OpFoldResult x, OpFoldResult y) {
  APInt value;
  if (matchPattern(c, m_ConstantInt(&value)))
    return toIndexValue(b, loc, value.isZero() ? y : x);
  return arith::SelectOp::create(b, loc, c, toIndexValue(b, loc, x),
                                 toIndexValue(b, loc, y));
}

SmallVector<OpFoldResult>
mlir::kiln::dropFlaggedSizes(OpBuilder &b, Location loc, ArrayRef<Value> flags,
                             ArrayRef<OpFoldResult> sizes, int64_t count) {
  // Result p is size d when d is unflagged and p unflagged dims precede it.
  Value one = indexConstant(b, loc, 1), zero = indexConstant(b, loc, 0);
  Value yes = arith::ConstantIntOp::create(b, loc, 1, 1);
  SmallVector<OpFoldResult> result(count, b.getIndexAttr(1));
  Value keptBefore = zero;
  for (auto [flag, size] : llvm::zip(flags, sizes)) {
    Value kept = arith::XOrIOp::create(b, loc, flag, yes);
    for (int64_t p = 0; p < count; ++p) {
      Value here =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, keptBefore,
                                indexConstant(b, loc, p));
      Value pick = arith::AndIOp::create(b, loc, kept, here);
      result[p] = selectIndex(b, loc, pick, size, result[p]);
    }
    keptBefore = arith::AddIOp::create(b, loc, keptBefore,
                                       selectIndex(b, loc, kept, one, zero));
  }
  return result;
}

SmallVector<OpFoldResult>
mlir::kiln::insertFlaggedUnitSizes(OpBuilder &b, Location loc,
                                   ArrayRef<Value> flags,
                                   ArrayRef<OpFoldResult> sizes) {
  // Dim q is 1 when flagged, else size i where i unflagged dims precede q.
  Value one = indexConstant(b, loc, 1), zero = indexConstant(b, loc, 0);
  SmallVector<OpFoldResult> result;
  Value keptBefore = zero;
  for (Value flag : flags) {
    OpFoldResult size = b.getIndexAttr(1);
    for (auto [i, inputSize] : llvm::enumerate(sizes)) {
      Value here =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, keptBefore,
                                indexConstant(b, loc, i));
      size = selectIndex(b, loc, here, inputSize, size);
    }
    result.push_back(selectIndex(b, loc, flag, one, size));
    keptBefore = arith::AddIOp::create(b, loc, keptBefore,
                                       selectIndex(b, loc, flag, zero, one));
  }
  return result;
}
