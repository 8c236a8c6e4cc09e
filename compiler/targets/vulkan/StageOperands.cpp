// SPDX-License-Identifier: Apache-2.0
//===- StageOperands.cpp - operand tiles in workgroup memory --------------===//
//
// A workgroup's share of a matmul is an output tile whose every element reads
// a whole row of A and column of B; a convolution's outputs share filters
// and overlapping input windows. Stepping along the reduction and copying
// each step's input tiles into workgroup memory first makes the workgroup
// read each input element from global memory once per step instead of once
// per output that needs it.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/vulkan/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

#include <functional>

namespace mlir::kiln::vulkan {
#define GEN_PASS_DEF_STAGEOPERANDSPASS
#include "compiler/targets/vulkan/Passes.h.inc"
} // namespace mlir::kiln::vulkan

using namespace mlir;

namespace {

/// The largest index plus one that `expr` (a sum of loop dims times
/// non-negative constants, plus constants) takes over `ranges`.
std::optional<int64_t> getExtent(AffineExpr expr, ArrayRef<int64_t> ranges) {
  std::function<std::optional<int64_t>(AffineExpr)> largest =
      [&](AffineExpr e) -> std::optional<int64_t> {
    if (auto dim = dyn_cast<AffineDimExpr>(e))
      return ranges[dim.getPosition()] - 1;
    if (auto constant = dyn_cast<AffineConstantExpr>(e))
      return constant.getValue() >= 0 ? std::optional(constant.getValue())
                                       : std::nullopt;
    auto binary = dyn_cast<AffineBinaryOpExpr>(e);
    if (!binary)
      return std::nullopt;
    std::optional<int64_t> lhs = largest(binary.getLHS());
    std::optional<int64_t> rhs = largest(binary.getRHS());
    if (!lhs || !rhs)
      return std::nullopt;
    if (e.getKind() == AffineExprKind::Add)
      return *lhs + *rhs;
    if (e.getKind() == AffineExprKind::Mul)
      return *lhs * *rhs;
    return std::nullopt;
  };
  std::optional<int64_t> last = largest(expr);
  return last ? std::optional(*last + 1) : std::nullopt;
}

/// The bytes that staging `op`'s input tiles takes when its loops have
/// `ranges`, or nullopt when an input is not indexed by sums of loops.
std::optional<int64_t> getStagedBytes(linalg::LinalgOp op,
                                      ArrayRef<int64_t> ranges) {
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    Type element = getElementTypeOrSelf(input->get().getType());
    if (!element.isIntOrFloat())
      return std::nullopt;
    int64_t elements = 1;
    for (AffineExpr result : op.getMatchingIndexingMap(input).getResults()) {
      std::optional<int64_t> extent = getExtent(result, ranges);
      if (!extent)
        return std::nullopt;
      elements *= *extent;
    }
    bytes += elements * llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
  }
  return bytes;
}

/// The loop a contraction's or convolution's operands are staged along:
/// a contraction's one reduction, longer than a step (a shorter one gains
/// little); a convolution's outermost input channel loop (a depthwise one,
/// whose outputs share only window overlaps, has none).
std::optional<unsigned> getStagedLoop(linalg::LinalgOp op,
                                      ArrayRef<int64_t> ranges,
                                      int64_t step) {
  if (linalg::isaContractionOpInterface(op)) {
    SmallVector<unsigned> reductions;
    op.getReductionDims(reductions);
    if (reductions.size() != 1 || ranges[reductions[0]] <= step)
      return std::nullopt;
    return reductions[0];
  }
  if (!linalg::isaConvolutionOpInterface(op))
    return std::nullopt;
  FailureOr<linalg::ConvolutionDimensions> dims =
      linalg::inferConvolutionDims(op);
  if (failed(dims) || dims->inputChannel.empty())
    return std::nullopt;
  return *llvm::min_element(dims->inputChannel);
}

/// Tile sizes (0: whole) that step `op` along its staged loop, at most
/// `step` indices at a time and fewer while the staged tiles would exceed
/// `maxBytes`; empty when `op` is not a contraction or convolution with
/// static loops, or nothing fits.
SmallVector<int64_t> chooseReductionTiles(linalg::LinalgOp op, int64_t step,
                                          int64_t maxBytes) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2)
    return {};
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return {};
  std::optional<unsigned> staged = getStagedLoop(op, ranges, step);
  if (!staged)
    return {};
  unsigned outer = *staged;
  int64_t length = ranges[outer];
  for (int64_t tile = std::min(step, length); tile >= 1; tile /= 2) {
    SmallVector<int64_t> stepRanges(ranges);
    stepRanges[outer] = tile;
    std::optional<int64_t> bytes = getStagedBytes(op, stepRanges);
    if (!bytes)
      return {};
    if (*bytes <= maxBytes) {
      SmallVector<int64_t> tiles(ranges.size(), 0);
      tiles[outer] = tile;
      return tiles;
    }
  }
  return {};
}

/// A temporary at the kernel's entry as large as the largest tile of
/// `subView` (every size bounded by a constant), which partial tiles use a
/// corner of.
std::optional<Value> allocateStagingBuffer(OpBuilder &b,
                                           memref::SubViewOp subView,
                                           ArrayRef<Value> sizes,
                                           DataLayout &) {
  SmallVector<int64_t> shape;
  for (Value size : sizes) {
    FailureOr<int64_t> bound = ValueBoundsConstraintSet::computeConstantBound(
        presburger::BoundType::UB, ValueBoundsConstraintSet::Variable(size),
        /*stopCondition=*/nullptr, /*closedUB=*/true);
    if (failed(bound) || *bound <= 0)
      return std::nullopt;
    shape.push_back(*bound);
  }
  auto func = subView->getParentOfType<func::FuncOp>();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&func.getBody().front());
  return memref::AllocOp::create(
             b, subView.getLoc(),
             MemRefType::get(shape, subView.getType().getElementType()))
      .getResult();
}

LogicalResult copy(OpBuilder &b, Value source, Value target) {
  memref::CopyOp::create(b, source.getLoc(), source, target);
  return success();
}

struct StageOperandsPass
    : public kiln::vulkan::impl::StageOperandsPassBase<
          StageOperandsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<int64_t>>> staged;
    func.walk([&](linalg::LinalgOp op) {
      SmallVector<int64_t> tiles =
          chooseReductionTiles(op, reductionTile, maxBytes);
      if (!tiles.empty())
        staged.emplace_back(op, std::move(tiles));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, tileSizes] : staged) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::TiledLinalgOp> tiled = linalg::tileLinalgOp(
          rewriter, op, linalg::LinalgTilingOptions().setTileSizes(tileSizes));
      if (failed(tiled))
        continue; // left untiled: still correct, just not staged
      rewriter.eraseOp(op);
      linalg::LinalgPromotionOptions promotion;
      promotion.setOperandsToPromote({0, 1})
          .setAllocationDeallocationFns(
              allocateStagingBuffer,
              [](OpBuilder &, Value) { return success(); })
          .setCopyInOutFns(copy, copy);
      if (failed(linalg::promoteSubviewsPrecondition(tiled->op, promotion)))
        continue;
      rewriter.setInsertionPoint(tiled->op);
      if (failed(linalg::promoteSubViews(rewriter, tiled->op, promotion))) {
        tiled->op->emitOpError("cannot stage its operands");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
