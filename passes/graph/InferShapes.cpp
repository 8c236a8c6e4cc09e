// SPDX-License-Identifier: Apache-2.0
//===- InferShapes.cpp - refine result types through a function -----------===//

#include "passes/graph/Passes.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "passes/graph/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct InferShapesPass : kiln::impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    // One sweep in program order refines producers before their users.
    IRRewriter rewriter(&getContext());
    WalkResult walk =
        getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
          return failed(refineResultTypes(op, rewriter, /*reportErrors=*/true))
                     ? WalkResult::interrupt()
                     : WalkResult::advance();
        });
    if (walk.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
