// SPDX-License-Identifier: Apache-2.0
//===- InferShapes.cpp - refine result types through a function -----------===//

#include "passes/graph/Passes.h"

#include "dialects/kiln/IR/KilnDialect.h"
#include "dialects/kiln/IR/ShapeUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "passes/graph/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Whether the user of `use` accepts a more refined operand type as it is:
/// kiln ops take any compatible type and are refined in turn, and the single
/// return of a function takes the function's signature along. Other ops may
/// constrain their operand types, so they keep the type they had.
bool acceptsRefinedType(OpOperand &use) {
  Operation *user = use.getOwner();
  if (isa<KilnDialect>(user->getDialect()))
    return true;
  if (isa<func::ReturnOp>(user))
    return user->getParentRegion()->hasOneBlock();
  return false;
}

/// Re-infers the result types of `op` and refines its results in place.
LogicalResult refineResults(InferTypeOpInterface op) {
  Operation *operation = op.getOperation();
  SmallVector<Type> inferred;
  if (failed(op.inferReturnTypes(operation->getContext(), operation->getLoc(),
                                 operation->getOperands(),
                                 operation->getRawDictionaryAttrs(),
                                 operation->getPropertiesStorage(),
                                 operation->getRegions(), inferred)))
    return failure();

  for (auto [result, inferredType] :
       llvm::zip(operation->getResults(), inferred)) {
    Type declared = result.getType();
    Type refined = refineType(declared, inferredType);
    if (!refined)
      return op.emitOpError("result #")
             << result.getResultNumber() << " declared as " << declared
             << " contradicts the inferred type " << inferredType;
    if (refined == declared)
      continue;

    result.setType(refined);
    for (OpOperand &use : llvm::make_early_inc_range(result.getUses())) {
      if (acceptsRefinedType(use))
        continue;
      OpBuilder builder(use.getOwner());
      use.set(tensor::CastOp::create(builder, operation->getLoc(), declared,
                                     result));
    }
  }
  return success();
}

struct InferShapesPass : kiln::impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    WalkResult walk =
        func.walk<WalkOrder::PreOrder>([](InferTypeOpInterface op) {
          return failed(refineResults(op)) ? WalkResult::interrupt()
                                           : WalkResult::advance();
        });
    if (walk.wasInterrupted())
      return signalPassFailure();

    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   ret.getOperandTypes()));
  }
};

} // namespace
