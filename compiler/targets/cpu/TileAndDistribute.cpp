// SPDX-License-Identifier: Apache-2.0
//===- TileAndDistribute.cpp - tile a kernel over its workgroup grid ------===//
//
// Picks the root op of a kernel in destination-passing form, tiles its
// parallel loops with scf.forall over a fixed number of workgroups (fusing
// its producers), and replaces the loop by one iteration whose ids are the
// kernel's workgroup-id arguments.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/SmallBitVector.h"

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_TILEANDDISTRIBUTEPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;
using namespace mlir::kiln::cpu;

namespace {

/// Sizes of dynamic dims are unknown at compile time; the grid is chosen as
/// if they were this large.
constexpr int64_t kAssumedDynamicSize = 1024;
/// Most workgroups along a dynamic loop that has parallel loops after it.
constexpr int64_t kDynamicSplit = 16;
/// The side of a GPU workgroup's output tile of a contraction (at least).
constexpr int64_t kContractionTile = 16;

/// Looks through reshapes from a returned value to the op computing it.
Value skipReshapes(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def))
      value = expand.getSrc();
    else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def))
      value = collapse.getSrc();
    else
      break;
  }
  return value;
}

/// The linalg op computing all the kernel's results, if there is one.
linalg::LinalgOp findRoot(func::FuncOp func) {
  func::ReturnOp ret = getSingleReturn(func);
  if (!ret || ret.getNumOperands() == 0)
    return nullptr;
  linalg::LinalgOp root;
  for (Value value : ret.getOperands()) {
    auto op = skipReshapes(value).getDefiningOp<linalg::LinalgOp>();
    if (!op || (root && op != root))
      return nullptr;
    root = op;
  }
  if (!root.hasPureTensorSemantics() || root.getNumParallelLoops() == 0)
    return nullptr;
  return root;
}

/// Number of workgroups along each loop of `root` (0 = not distributed):
/// at most three loops, outermost parallel loops first, about
/// `work / minWork` workgroups in all (work counting reduction iterations
/// too when `countReductions`), capped by `maxWorkgroups`. Static sizes are
/// split evenly where a divisor is near, and the innermost loop only into
/// whole vectors.
SmallVector<int64_t> chooseGrid(linalg::LinalgOp root, int64_t maxWorkgroups,
                                int64_t minWork, bool countReductions,
                                unsigned vectorBits) {
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  int64_t work = 1;
  for (auto [size, iterator] : llvm::zip(ranges, iterators))
    if (countReductions || iterator == utils::IteratorType::parallel)
      work = std::min<int64_t>(
          work * (ShapedType::isDynamic(size) ? kAssumedDynamicSize : size),
          int64_t(1) << 40);
  int64_t target = std::clamp<int64_t>(work / std::max<int64_t>(minWork, 1), 1,
                                       std::max<int64_t>(maxWorkgroups, 1));

  // Loops an operand reads through a compound expression (GQA's `head
  // floordiv group`) stay whole: upstream sizes such an operand's slice from
  // the tile's size alone, too small for a tile that straddles a group.
  llvm::SmallBitVector compound(ranges.size());
  for (AffineMap map : root.getIndexingMapsArray())
    for (AffineExpr result : map.getResults())
      if (!isa<AffineDimExpr, AffineConstantExpr>(result))
        result.walk([&](AffineExpr expr) {
          if (auto dim = dyn_cast<AffineDimExpr>(expr))
            compound.set(dim.getPosition());
        });

  Type elementType = getElementTypeOrSelf(root->getResult(0).getType());
  int64_t lanes = getVectorLanes(elementType, vectorBits);
  SmallVector<int64_t> grid(ranges.size(), 0);
  int64_t total = 1, distributed = 0;
  for (auto [d, size] : llvm::enumerate(ranges)) {
    int64_t remaining = target / total;
    if (remaining <= 1 || distributed == 3)
      break;
    if (iterators[d] != utils::IteratorType::parallel || compound.test(d))
      continue;
    bool innermost = d + 1 == ranges.size();
    int64_t count = remaining;
    if (ShapedType::isDynamic(size)) {
      // The size may turn out small (a batch of one): leave workgroups for
      // the next parallel loops, if any.
      bool laterParallel = llvm::any_of(
          llvm::drop_begin(iterators, d + 1), [](utils::IteratorType it) {
            return it == utils::IteratorType::parallel;
          });
      if (laterParallel && distributed < 2)
        count = std::min<int64_t>(remaining, kDynamicSplit);
    } else {
      // Static: at most one piece per element (per vector innermost), and
      // preferably a count that divides the size into whole vectors.
      int64_t unit = innermost ? lanes : 1;
      int64_t pieces = size / unit;
      if (pieces <= 1)
        continue;
      count = std::min(remaining, pieces);
      for (int64_t c = count; c * 2 > count; --c) {
        if (size % (c * unit) == 0) {
          count = c;
          break;
        }
      }
    }
    grid[d] = count;
    total *= count;
    ++distributed;
  }
  return grid;
}

/// A GPU grid for a contraction whose M and N (its last two parallel loops)
/// are static and at least a tile wide: square output tiles, so that each
/// workgroup reuses the rows and columns it reads (from workgroup memory,
/// see kiln-vulkan-stage-operands), and one index of the next parallel
/// loop (a batch) per workgroup. Empty when the contraction has no such
/// shape.
SmallVector<int64_t> chooseContractionGrid(linalg::LinalgOp root,
                                           int64_t maxWorkgroups) {
  if (!linalg::isaContractionOpInterface(root))
    return {};
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<unsigned> parallel;
  root.getParallelDims(parallel);
  if (parallel.size() < 2)
    return {};
  unsigned m = parallel[parallel.size() - 2], n = parallel.back();
  if (ShapedType::isDynamic(ranges[m]) || ShapedType::isDynamic(ranges[n]) ||
      ranges[m] < kContractionTile || ranges[n] < kContractionTile)
    return {};
  std::optional<unsigned> batch;
  if (parallel.size() > 2 &&
      !ShapedType::isDynamic(ranges[parallel[parallel.size() - 3]]))
    batch = parallel[parallel.size() - 3];
  for (int64_t tile = kContractionTile;; tile *= 2) {
    SmallVector<int64_t> grid(ranges.size(), 0);
    grid[m] = llvm::divideCeil(ranges[m], tile);
    grid[n] = llvm::divideCeil(ranges[n], tile);
    int64_t total = grid[m] * grid[n];
    if (batch && ranges[*batch] > 1 && total * ranges[*batch] <= maxWorkgroups) {
      grid[*batch] = ranges[*batch];
      total *= ranges[*batch];
    }
    if (total <= maxWorkgroups)
      return grid;
  }
}

/// Whether every use of the outputs (through reshapes) reads or writes the
/// same tiles that the final insert_slices write: then workgroups never
/// write each other's bytes.
bool writesOutputsOnlyInTiles(func::FuncOp func) {
  for (BlockArgument output : getOutputArguments(func)) {
    SmallVector<Value> aliases = {output};
    SmallVector<tensor::InsertSliceOp> inserts;
    SmallVector<tensor::ExtractSliceOp> extracts;
    for (unsigned i = 0; i < aliases.size(); ++i) {
      for (OpOperand &use : aliases[i].getUses()) {
        Operation *user = use.getOwner();
        if (isa<func::ReturnOp>(user))
          continue;
        if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(user)) {
          aliases.push_back(user->getResult(0));
          continue;
        }
        if (auto extract = dyn_cast<tensor::ExtractSliceOp>(user)) {
          extracts.push_back(extract);
          continue;
        }
        auto insert = dyn_cast<tensor::InsertSliceOp>(user);
        if (!insert || use.getOperandNumber() != 1)
          return false;
        inserts.push_back(insert);
        aliases.push_back(insert.getResult());
      }
    }
    for (tensor::ExtractSliceOp extract : extracts) {
      bool matched = llvm::any_of(inserts, [&](tensor::InsertSliceOp insert) {
        return insert.getDest() == extract.getSource() &&
               insert.getMixedOffsets() == extract.getMixedOffsets() &&
               insert.getMixedSizes() == extract.getMixedSizes() &&
               insert.getMixedStrides() == extract.getMixedStrides();
      });
      if (!matched)
        return false;
    }
  }
  return true;
}

/// Replaces a numThreads-style scf.forall by its body run once, with the
/// workgroup ids as induction variables (the last loop is x) and each
/// parallel_insert_slice turned into an insert_slice.
LogicalResult inlineForallAsWorkgroup(RewriterBase &rewriter,
                                      scf::ForallOp forall,
                                      ArrayRef<Value> workgroupIds,
                                      std::array<int64_t, 3> &gridXYZ) {
  unsigned numLoops = forall.getRank();
  if (numLoops > 3 || !forall.isNormalized())
    return failure();
  std::optional<SmallVector<int64_t>> upper =
      getConstantIntValues(forall.getMixedUpperBound());
  if (!upper)
    return failure();
  gridXYZ = {1, 1, 1};
  SmallVector<Value> blockArgs;
  for (unsigned i = 0; i < numLoops; ++i) {
    unsigned axis = numLoops - 1 - i;
    gridXYZ[axis] = (*upper)[i];
    blockArgs.push_back(workgroupIds[axis]);
  }
  llvm::append_range(blockArgs, forall.getOutputs());

  scf::InParallelOp terminator = forall.getTerminator();
  SmallVector<std::pair<unsigned, tensor::ParallelInsertSliceOp>> inserts;
  for (Operation &op : terminator.getYieldingOps()) {
    auto insert = dyn_cast<tensor::ParallelInsertSliceOp>(&op);
    if (!insert)
      return failure();
    auto dest = dyn_cast<BlockArgument>(insert.getDest());
    if (!dest || dest.getOwner() != forall.getBody())
      return failure();
    inserts.push_back({dest.getArgNumber() - numLoops, insert});
  }

  SmallVector<Value> results(forall.getOutputs());
  rewriter.inlineBlockBefore(forall.getBody(), forall, blockArgs);
  rewriter.setInsertionPoint(terminator);
  for (auto [index, insert] : inserts) {
    results[index] = tensor::InsertSliceOp::create(
        rewriter, insert.getLoc(), insert.getSource(), results[index],
        insert.getMixedOffsets(), insert.getMixedSizes(),
        insert.getMixedStrides());
  }
  rewriter.eraseOp(terminator);
  rewriter.replaceOp(forall, results);
  return success();
}

/// A fused producer's destination, a static tile of a whole-size
/// tensor.empty, becomes a tile-size tensor.empty: temporaries shrink to the
/// tile. (Tiles of dynamic size keep the whole one, which has a static size.)
struct ShrinkEmptyToTile : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractSliceOp slice,
                                PatternRewriter &rewriter) const override {
    if (!slice.getSource().getDefiningOp<tensor::EmptyOp>() ||
        !slice.getType().hasStaticShape())
      return failure();
    rewriter.replaceOpWithNewOp<tensor::EmptyOp>(
        slice, slice.getType().getShape(), slice.getType().getElementType());
    return success();
  }
};

/// Tiles `root` over the grid and inlines the loop. Leaves the function
/// half-transformed on failure (the caller restores it).
LogicalResult distribute(func::FuncOp func, linalg::LinalgOp root,
                         ArrayRef<int64_t> grid, ArrayRef<Value> workgroupIds,
                         std::array<int64_t, 3> &gridXYZ) {
  MLIRContext *ctx = func.getContext();
  IRRewriter rewriter(ctx);
  rewriter.setInsertionPoint(root);

  scf::SCFTilingOptions tiling;
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  tiling.setNumThreads(getAsIndexOpFoldResult(ctx, grid));
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  FailureOr<scf::SCFTileAndFuseResult> tiled =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root.getOperation()), options);
  if (failed(tiled) || tiled->loops.size() != 1)
    return failure();
  for (OpResult result : root->getResults())
    if (Value replacement = tiled->replacements.lookup(result))
      rewriter.replaceAllUsesWith(result, replacement);

  auto forall = dyn_cast<scf::ForallOp>(tiled->loops.front().getOperation());
  if (!forall ||
      failed(inlineForallAsWorkgroup(rewriter, forall, workgroupIds, gridXYZ)))
    return failure();

  // Drop what tiling left dead (the untiled root and fused producers) and
  // merge equal index computations, so that tiles compare equal below.
  DominanceInfo dominance(func);
  eliminateCommonSubExpressions(rewriter, dominance, func);
  RewritePatternSet patterns(ctx);
  affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::EmptyOp::getCanonicalizationPatterns(patterns, ctx);
  patterns.add<ShrinkEmptyToTile>(ctx);
  if (failed(applyPatternsGreedily(func, std::move(patterns))))
    return failure();
  return success(writesOutputsOnlyInTiles(func));
}

struct TileAndDistributePass
    : kiln::cpu::impl::TileAndDistributePassBase<TileAndDistributePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!isKernel(func) || hasWorkgroupIdArguments(func))
      return;
    MLIRContext *ctx = &getContext();
    Builder builder(ctx);

    SmallVector<Value> workgroupIds;
    for (int64_t axis = 0; axis < 3; ++axis) {
      unsigned index = func.getNumArguments();
      auto attrs = builder.getDictionaryAttr(builder.getNamedAttr(
          kWorkgroupIdAttr, builder.getI64IntegerAttr(axis)));
      if (failed(func.insertArgument(index, builder.getIndexType(), attrs,
                                     func.getLoc()))) {
        func.emitError() << "kernel '" << func.getSymName()
                         << "': cannot add workgroup-id arguments";
        return signalPassFailure();
      }
      workgroupIds.push_back(func.getArgument(index));
    }

    std::array<int64_t, 3> gridXYZ = {1, 1, 1};
    linalg::LinalgOp root = findRoot(func);
    SmallVector<int64_t> grid;
    if (root && !countReductions)
      grid = chooseContractionGrid(root, maxWorkgroups);
    if (root && grid.empty())
      grid = chooseGrid(root, maxWorkgroups, minWorkPerWorkgroup,
                        countReductions, vectorBits);
    if (root && llvm::any_of(grid, [](int64_t g) { return g > 1; })) {
      // Distribute a copy of the body; keep the original if that fails.
      func::FuncOp backup = func.clone();
      if (failed(distribute(func, root, grid, workgroupIds, gridXYZ))) {
        func.getBody().takeBody(backup.getBody());
        gridXYZ = {1, 1, 1};
      }
      backup->erase();
    }
    func->setAttr(kWorkgroupCountAttr, builder.getDenseI64ArrayAttr(gridXYZ));
  }
};

} // namespace
