// SPDX-License-Identifier: Apache-2.0
//===- FoldConstants.cpp - evaluate ops on constants, with a size limit ---===//

#include "passes/graph/Passes.h"

#include "dialects/kiln/IR/ShapeUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FOLDCONSTANTSPASS
#include "passes/graph/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct FoldConstantsPass
    : kiln::impl::FoldConstantsPassBase<FoldConstantsPass> {
  using FoldConstantsPassBase::FoldConstantsPassBase;

  void runOnOperation() override {
    // With no patterns, the greedy driver only folds (materializing results
    // through the kiln dialect's constant materializer) and erases dead ops.
    kiln::FoldElementLimit limit(maxElements);
    // Not converging within the driver's iteration limit leaves valid IR,
    // only less folded: no reason to fail.
    (void)applyPatternsGreedily(getOperation(), FrozenRewritePatternSet());
  }
};

} // namespace
