// SPDX-License-Identifier: Apache-2.0
//===- FuseGelu.cpp - x * 0.5 * (1 + erf(x / sqrt 2)) to kiln.gelu --------===//

#include "passes/graph/Passes.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::kiln {
#define GEN_PASS_DEF_FUSEGELUPASS
#include "passes/graph/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Whether `value` is a constant splat within f32 rounding of `expected`.
static bool isSplat(Value value, double expected) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return false;
  double actual = attr.getSplatValue<APFloat>().convertToDouble();
  return std::abs(actual - expected) <= 1e-6 * std::abs(expected);
}

/// The factors of a product tree rooted at `value`: nested kiln.mul ops are
/// opened, anything else is a factor.
static void collectFactors(Value value, SmallVectorImpl<Value> &factors) {
  if (auto mul = value.getDefiningOp<MulOp>()) {
    collectFactors(mul.getA(), factors);
    collectFactors(mul.getB(), factors);
    return;
  }
  factors.push_back(value);
}

/// `x` when `value` is `x / sqrt(2)` or `x * (1 / sqrt(2))`, else null.
static Value matchScaledBySqrtHalf(Value value) {
  if (auto div = value.getDefiningOp<DivOp>())
    return isSplat(div.getB(), std::sqrt(2.0)) ? div.getA() : Value();
  if (auto mul = value.getDefiningOp<MulOp>()) {
    for (auto [x, scale] : {std::pair{mul.getA(), mul.getB()},
                            std::pair{mul.getB(), mul.getA()}})
      if (isSplat(scale, std::sqrt(0.5)))
        return x;
  }
  return {};
}

/// `x` when `value` is `1 + erf(x / sqrt(2))` (either order), else null.
static Value matchOnePlusErf(Value value) {
  auto add = value.getDefiningOp<AddOp>();
  if (!add)
    return {};
  for (auto [one, other] : {std::pair{add.getA(), add.getB()},
                            std::pair{add.getB(), add.getA()}}) {
    auto erf = other.getDefiningOp<ErfOp>();
    if (erf && isSplat(one, 1.0))
      return matchScaledBySqrtHalf(erf.getInput());
  }
  return {};
}

namespace {

/// The outermost mul of the product x * 0.5 * (1 + erf(x / sqrt 2)),
/// grouped any way.
struct FuseGelu : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> factors;
    collectFactors(op.getResult(), factors);
    if (factors.size() != 3)
      return rewriter.notifyMatchFailure(op, "not a product of three");
    for (unsigned i = 0; i < 3; ++i) {
      Value x = matchOnePlusErf(factors[i]);
      if (!x || x.getType() != op.getType())
        continue;
      Value a = factors[(i + 1) % 3], b = factors[(i + 2) % 3];
      if (!((a == x && isSplat(b, 0.5)) || (b == x && isSplat(a, 0.5))))
        continue;
      rewriter.replaceOpWithNewOp<GeluOp>(op, op.getType(), x,
                                          rewriter.getStringAttr("none"));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not GELU");
  }
};

struct FuseGeluPass : kiln::impl::FuseGeluPassBase<FuseGeluPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseGelu>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
