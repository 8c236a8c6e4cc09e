// SPDX-License-Identifier: Apache-2.0
//===- FoldShapeComputations.cpp - constant dims out of Shape chains ------===//

#include "passes/graph/Passes.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FOLDSHAPECOMPUTATIONSPASS
#include "passes/graph/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct FoldShapeComputationsPass
    : kiln::impl::FoldShapeComputationsPassBase<FoldShapeComputationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateShapeComputationPatterns(patterns);
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
  }
};

} // namespace
