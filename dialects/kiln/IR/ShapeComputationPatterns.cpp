// SPDX-License-Identifier: Apache-2.0
//===- ShapeComputationPatterns.cpp - constant dims out of Shape chains ---===//
//
// Exporters compute reshape targets at run time (Shape, then Gather or Slice
// of some dims, then Concat). The dims those pick are constants whenever
// they are static, even if other dims are dynamic. These patterns are part
// of the dialect's canonicalization, so they interleave with shape
// refinement and folding.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The dims a kiln.shape op returns (its `start`/`end` window of the input's
/// dims, some possibly dynamic), or std::nullopt when the input is unranked.
std::optional<SmallVector<int64_t>> getShapeDims(ShapeOp shape) {
  std::optional<ArrayRef<int64_t>> dims = getShape(shape.getData().getType());
  if (!dims)
    return std::nullopt;
  int64_t rank = dims->size();
  auto clampIndex = [&](int64_t index) {
    if (index < 0)
      index += rank;
    return std::clamp<int64_t>(index, 0, rank);
  };
  int64_t start = clampIndex(shape.getStart());
  int64_t end = clampIndex(shape.getEnd().value_or(rank));
  if (end <= start)
    return SmallVector<int64_t>();
  return SmallVector<int64_t>(dims->slice(start, end - start));
}

/// Replaces `op` by an i64 constant of its result type holding `values`,
/// when none of them is dynamic.
LogicalResult replaceByDims(Operation *op, ArrayRef<int64_t> values,
                            PatternRewriter &rewriter) {
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() != static_cast<int64_t>(values.size()) ||
      !type.getElementType().isInteger(64) ||
      llvm::any_of(values, ShapedType::isDynamic))
    return rewriter.notifyMatchFailure(op, "picks a dynamic dim");
  rewriter.replaceOpWithNewOp<ConstantOp>(
      op, DenseIntElementsAttr::get(type, values));
  return success();
}

/// Gather(Shape(x), constant indices) picks static dims of x.
struct FoldGatherOfShape : OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    auto shape = op.getData().getDefiningOp<ShapeOp>();
    std::optional<SmallVector<int64_t>> indices =
        getConstantIntegers(op.getIndices());
    if (!shape || !indices)
      return failure();
    std::optional<SmallVector<int64_t>> dims = getShapeDims(shape);
    if (!dims)
      return failure();
    SmallVector<int64_t> picked;
    for (int64_t index : *indices) {
      FailureOr<int64_t> position = normalizeAxis(index, dims->size());
      if (failed(position))
        return rewriter.notifyMatchFailure(op, "index out of range");
      picked.push_back((*dims)[*position]);
    }
    return replaceByDims(op, picked, rewriter);
  }
};

/// Slice(Shape(x), constant starts/ends/steps) picks static dims of x.
struct FoldSliceOfShape : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto shape = op.getData().getDefiningOp<ShapeOp>();
    std::optional<SmallVector<int64_t>> starts =
        getConstantIntegers(op.getStarts());
    std::optional<SmallVector<int64_t>> ends =
        getConstantIntegers(op.getEnds());
    std::optional<SmallVector<int64_t>> steps =
        op.getSteps() ? getConstantIntegers(op.getSteps())
                      : SmallVector<int64_t>{1};
    if (!shape || !starts || !ends || !steps || starts->size() != 1 ||
        ends->size() != 1 || steps->size() != 1 || steps->front() == 0)
      return failure();
    if (Value axes = op.getAxes()) {
      std::optional<SmallVector<int64_t>> axesValues =
          getConstantIntegers(axes);
      if (!axesValues || axesValues->size() != 1 ||
          failed(normalizeAxis(axesValues->front(), 1)))
        return failure();
    }
    std::optional<SmallVector<int64_t>> dims = getShapeDims(shape);
    if (!dims)
      return failure();

    // ONNX Slice on one axis of length n: negative bounds count from the
    // end, then clamp to [0, n] going forward or [-1, n-1] going backward.
    int64_t n = dims->size(), step = steps->front();
    auto resolve = [&](int64_t bound, int64_t low, int64_t high) {
      if (bound < 0)
        bound += n;
      return std::clamp(bound, low, high);
    };
    int64_t start = step > 0 ? resolve(starts->front(), 0, n)
                             : resolve(starts->front(), -1, n - 1);
    int64_t end = step > 0 ? resolve(ends->front(), 0, n)
                           : resolve(ends->front(), -1, n - 1);
    SmallVector<int64_t> picked;
    for (int64_t i = start; step > 0 ? i < end : i > end; i += step)
      picked.push_back((*dims)[i]);
    return replaceByDims(op, picked, rewriter);
  }
};

} // namespace

void mlir::kiln::populateShapeComputationPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldGatherOfShape, FoldSliceOfShape>(patterns.getContext());
}
