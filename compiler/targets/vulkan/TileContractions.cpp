// SPDX-License-Identifier: Apache-2.0
//===- TileContractions.cpp - contraction operands in workgroup memory ----===//
//
// A workgroup's share of a matmul is an output tile whose every element reads
// a whole row of A and column of B. Stepping along the reduction and copying
// each step's tiles of A and B into workgroup memory first makes the
// workgroup read each input element from global memory once per step
// instead of once per output that needs it.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/vulkan/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

namespace mlir::kiln::vulkan {
#define GEN_PASS_DEF_TILECONTRACTIONSPASS
#include "compiler/targets/vulkan/Passes.h.inc"
} // namespace mlir::kiln::vulkan

using namespace mlir;

namespace {

/// The bytes that staging `op`'s inputs takes for a step of `step`
/// reduction indices, or nullopt when `op` is not a contraction with static
/// loops and one reduction longer than a step.
std::optional<int64_t> getStagedBytes(linalg::LinalgOp op, int64_t step) {
  if (!op.hasPureBufferSemantics() || !linalg::isaContractionOpInterface(op) ||
      op.getNumDpsInputs() != 2 || op.getNumReductionLoops() != 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  SmallVector<unsigned> reductions;
  op.getReductionDims(reductions);
  if (ranges[reductions[0]] <= step)
    return std::nullopt;
  ranges[reductions[0]] = step;
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (!map.isProjectedPermutation())
      return std::nullopt;
    Type element = getElementTypeOrSelf(input->get().getType());
    if (!element.isIntOrFloat())
      return std::nullopt;
    int64_t elements = 1;
    for (AffineExpr result : map.getResults())
      elements *= ranges[cast<AffineDimExpr>(result).getPosition()];
    bytes += elements * llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
  }
  return bytes;
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

struct TileContractionsPass
    : public kiln::vulkan::impl::TileContractionsPassBase<
          TileContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<linalg::LinalgOp> contractions;
    func.walk([&](linalg::LinalgOp op) {
      std::optional<int64_t> bytes = getStagedBytes(op, reductionTile);
      if (bytes && *bytes <= maxBytes)
        contractions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : contractions) {
      SmallVector<int64_t> tileSizes;
      for (utils::IteratorType iterator : op.getIteratorTypesArray())
        tileSizes.push_back(
            iterator == utils::IteratorType::reduction ? reductionTile : 0);
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
