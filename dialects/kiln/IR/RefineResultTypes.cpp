// SPDX-License-Identifier: Apache-2.0
//===- RefineResultTypes.cpp - shape refinement as a rewrite pattern ------===//
//
// Refining result types is a canonicalization of the kiln dialect: folding a
// shape computation into a constant lets a Reshape infer a static type,
// which lets the next Shape fold, and so on. As a pattern, refinement
// interleaves with folding in one greedy rewrite until neither changes
// anything, however long such chains are.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::kiln;

/// Points the users of `result`, whose type was `oldType`, at its refined
/// type: kiln users are revisited to refine in turn, the return of a
/// single-block function takes the function's signature along, and any other
/// user gets a tensor.cast back to the old type.
static void updateUsers(Value result, Type oldType, RewriterBase &rewriter) {
  for (OpOperand &use : llvm::make_early_inc_range(result.getUses())) {
    Operation *user = use.getOwner();
    if (isa<KilnDialect>(user->getDialect())) {
      rewriter.modifyOpInPlace(user, [] {}); // revisit: refine it in turn
      continue;
    }
    auto func = dyn_cast<func::FuncOp>(user->getParentOp());
    if (isa<func::ReturnOp>(user) && func && func.getBody().hasOneBlock()) {
      rewriter.modifyOpInPlace(func, [&] {
        func.setType(FunctionType::get(func.getContext(),
                                       func.getArgumentTypes(),
                                       user->getOperandTypes()));
      });
      continue;
    }
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(user);
    Value cast =
        tensor::CastOp::create(rewriter, result.getLoc(), oldType, result);
    rewriter.modifyOpInPlace(user, [&] { use.set(cast); });
  }
}

/// Whether `result` may take a refined type: users outside the dialect get
/// a tensor.cast back to the old type, which only exists for tensors.
static bool canRefine(Value result) {
  if (isa<TensorType>(result.getType()))
    return true;
  return llvm::all_of(result.getUsers(), [](Operation *user) {
    if (isa<KilnDialect>(user->getDialect()))
      return true;
    auto func = dyn_cast<func::FuncOp>(user->getParentOp());
    return isa<func::ReturnOp>(user) && func && func.getBody().hasOneBlock();
  });
}

FailureOr<bool> mlir::kiln::refineResultTypes(Operation *op,
                                              RewriterBase &rewriter,
                                              bool reportErrors) {
  // An op that infers its results from what its region yields (SequenceMap)
  // is refined again when its terminator is reached: a walk in program
  // order visits the op before its region.
  if (isa<YieldOp>(op) && isa<InferTypeOpInterface>(op->getParentOp()))
    return refineResultTypes(op->getParentOp(), rewriter, reportErrors);
  auto infer = dyn_cast<InferTypeOpInterface>(op);
  if (!infer || !isa<KilnDialect>(op->getDialect()))
    return false;
  std::optional<Location> loc;
  if (reportErrors)
    loc = op->getLoc();
  SmallVector<Type> inferred;
  if (failed(infer.inferReturnTypes(
          op->getContext(), loc, op->getOperands(), op->getRawDictionaryAttrs(),
          op->getPropertiesStorage(), op->getRegions(), inferred)))
    return failure();
  if (inferred.size() != op->getNumResults()) {
    if (reportErrors)
      op->emitOpError() << "infers " << inferred.size() << " result types for "
                        << op->getNumResults() << " results";
    return failure();
  }

  SmallVector<Type> refined;
  for (auto [result, inferredType] : llvm::zip(op->getResults(), inferred)) {
    Type type = refineType(result.getType(), inferredType);
    if (!type) {
      if (reportErrors)
        op->emitOpError("result #")
            << result.getResultNumber() << " declared as " << result.getType()
            << " contradicts the inferred type " << inferredType;
      return failure();
    }
    refined.push_back(canRefine(result) ? type : result.getType());
  }
  if (TypeRange(refined) == op->getResultTypes())
    return false;

  SmallVector<Type> previous(op->getResultTypes());
  rewriter.modifyOpInPlace(op, [&] {
    for (auto [result, type] : llvm::zip(op->getResults(), refined))
      result.setType(type);
  });
  for (auto [result, oldType] : llvm::zip(op->getResults(), previous))
    if (result.getType() != oldType)
      updateUsers(result, oldType, rewriter);
  return true;
}

namespace {

/// Refinement as a pattern, interleaving with folding in canonicalization.
/// Contradictions are left alone for the verifier to report: a pattern must
/// not emit errors.
struct RefineResultTypes : RewritePattern {
  explicit RefineResultTypes(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    FailureOr<bool> changed =
        refineResultTypes(op, rewriter, /*reportErrors=*/false);
    return success(succeeded(changed) && *changed);
  }
};

} // namespace

void mlir::kiln::populateRefineResultTypesPatterns(
    RewritePatternSet &patterns) {
  patterns.add<RefineResultTypes>(patterns.getContext());
}

void KilnDialect::getCanonicalizationPatterns(
    RewritePatternSet &results) const {
  populateRefineResultTypesPatterns(results);
  populateShapeComputationPatterns(results);
}
