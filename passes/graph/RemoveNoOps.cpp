// SPDX-License-Identifier: Apache-2.0
//===- RemoveNoOps.cpp - drop Identity and inference-time Dropout ---------===//

#include "passes/graph/Passes.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_REMOVENOOPSPASS
#include "passes/graph/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Identity forwards its input wherever the types agree.
struct RemoveIdentity : OpRewritePattern<IdentityOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IdentityOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getInput().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "identity changes the type");
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

struct RemoveNoOpsPass : kiln::impl::RemoveNoOpsPassBase<RemoveNoOpsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RemoveIdentity>(&getContext());
    // Dropout's canonicalization forwards its data outside training.
    DropoutOp::getCanonicalizationPatterns(patterns, &getContext());
    // Only these rewrites: folding and region simplification belong to
    // canonicalization.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
  }
};

} // namespace
