// SPDX-License-Identifier: Apache-2.0
//===- TileAndVectorize.cpp - tile a workgroup to vectors, vectorize ------===//
//
// Second-level tiling of a distributed kernel: every linalg op, consumers
// first, is tiled to vector-register sizes with scf.for (elementwise
// producers fused into their consumer's loops), loops with a partial last
// tile are peeled, the ops are vectorized, and loop-invariant subsets
// (reduction accumulators) are hoisted while the IR is on tensors, where
// the analysis is exact (after bufferization, aliasing defeats it).
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_TILEANDVECTORIZEPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;
using namespace mlir::kiln::cpu;

namespace {

/// Marks linalg ops already tiled to vector sizes and the loops created for
/// them, while the pass runs.
constexpr llvm::StringLiteral kTiledAttr = "kiln.cpu.vector_tiled";
constexpr llvm::StringLiteral kLoopAttr = "kiln.cpu.vector_loop";

/// Largest iteration space (in elements) vectorized as one op: bigger ops
/// (ones tiling did not cut down) stay scalar loops.
constexpr int64_t kMaxVectorElements = 1024;

/// Independent accumulators of long innermost reductions.
constexpr int64_t kReductionVectors = 4;

/// Register tile of contractions: rows of the M dimension.
constexpr int64_t kContractionRows = 8;

/// Two levels: parallel loops first (fusing producers, the destination's
/// fill included), then reduction loops inside.
struct VectorTiling {
  /// Per loop; 0 leaves the loop whole. Reduction loops are 0 here.
  SmallVector<int64_t> parallelTiles;
  /// Per loop; only reduction loops are non-zero.
  SmallVector<int64_t> reductionTiles;
  /// Reductions over the innermost loop accumulate a vector of partial
  /// results and reduce it once after the loop.
  bool partialReduction = false;
};

/// Lanes of the widest element type `op` touches.
int64_t getLanes(linalg::LinalgOp op, unsigned vectorBits) {
  int64_t lanes =
      getVectorLanes(Float32Type::get(op->getContext()), vectorBits);
  for (Value operand : op->getOperands())
    lanes =
        std::min(lanes, getVectorLanes(getElementTypeOrSelf(operand.getType()),
                                       vectorBits));
  return lanes;
}

/// Whether `op` reduces into one result with one combiner op (what partial
/// reduction tiling supports; an argmax, say, is not).
bool hasSingleCombiner(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1)
    return false;
  SmallVector<Operation *> combiners;
  return matchReduction(op.getRegionOutputArgs(), 0, combiners) &&
         combiners.size() == 1;
}

VectorTiling chooseVectorTiling(linalg::LinalgOp op, unsigned vectorBits) {
  unsigned numLoops = op.getNumLoops();
  VectorTiling tiling;
  tiling.parallelTiles.assign(numLoops, 0);
  tiling.reductionTiles.assign(numLoops, 0);
  SmallVector<int64_t> tiles(numLoops, 1);
  if (numLoops == 0)
    return tiling;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t lanes = getLanes(op, vectorBits);
  unsigned inner = numLoops - 1;

  // A few registers' worth of static work (the merge of partial reductions,
  // their fills) is vectorized whole.
  int64_t elements = 1;
  for (int64_t range : ranges)
    elements = ShapedType::isDynamic(range) ? kMaxVectorElements + 1
                                            : elements * range;
  if (elements <= kReductionVectors * lanes)
    return tiling;

  FailureOr<linalg::ContractionDimensions> contraction = failure();
  if (linalg::isaContractionOpInterface(op))
    contraction = linalg::inferContractionDims(op);
  if (succeeded(contraction) && !contraction->m.empty() &&
      !contraction->n.empty() && !contraction->k.empty()) {
    // Register tile: kContractionRows x 2 vectors of the output, one
    // reduction index per step (outer products).
    tiles[contraction->m.back()] = kContractionRows;
    tiles[contraction->n.back()] = 2 * lanes;
  } else if (iterators[inner] == utils::IteratorType::reduction) {
    // Long reductions keep several vectors of partial results, so that
    // consecutive adds do not wait on each other.
    bool longReduction = ShapedType::isDynamic(ranges[inner]) ||
                         ranges[inner] >= 8 * kReductionVectors * lanes;
    tiles[inner] = longReduction ? kReductionVectors * lanes : lanes;
    tiling.partialReduction = true;
  } else {
    tiles[inner] = lanes;
    // Transposes: an operand that spans the innermost loop but whose
    // fastest dim is another parallel loop gets a square tile, read and
    // written along whole vectors.
    for (OpOperand &operand : op->getOpOperands()) {
      AffineMap map = op.getMatchingIndexingMap(&operand);
      if (map.getNumResults() == 0 || !map.isFunctionOfDim(inner))
        continue;
      auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
      if (last && last.getPosition() != inner &&
          iterators[last.getPosition()] == utils::IteratorType::parallel) {
        tiles[last.getPosition()] = lanes;
        break;
      }
    }
  }

  // A tile as large as its static loop leaves the loop whole.
  for (auto [size, range] : llvm::zip(tiles, ranges))
    if (!ShapedType::isDynamic(range) && size >= range)
      size = 0;
  for (unsigned d = 0; d < numLoops; ++d) {
    if (iterators[d] == utils::IteratorType::parallel)
      tiling.parallelTiles[d] = tiles[d];
    else
      tiling.reductionTiles[d] = tiles[d];
  }
  if (tiling.reductionTiles[inner] == 0 || !hasSingleCombiner(op))
    tiling.partialReduction = false;
  return tiling;
}

bool anyNonZero(ArrayRef<int64_t> sizes) {
  return llvm::any_of(sizes, [](int64_t s) { return s != 0; });
}

/// Tiles `op` by `tileSizes`, fusing all-parallel producers (elementwise
/// ops, broadcasts, fills) into the loops; reductions are never fused into
/// a consumer's loops, which would recompute them per tile, and neither is
/// the producer of a destination when reduction loops are tiled (a fill
/// would reset the accumulator every step). Returns the tiled op.
FailureOr<Operation *> tileToVectors(RewriterBase &rewriter, Operation *op,
                                     ArrayRef<int64_t> tileSizes,
                                     bool tilesReductions,
                                     bool partialReduction) {
  MLIRContext *ctx = op->getContext();
  scf::SCFTilingOptions tilingOptions;
  tilingOptions.setTileSizes(getAsIndexOpFoldResult(ctx, tileSizes));
  if (partialReduction) {
    SmallVector<unsigned> dims;
    for (auto [d, size] : llvm::enumerate(tileSizes))
      if (size != 0)
        dims.push_back(d);
    tilingOptions.setReductionTilingStrategy(
        ReductionTilingStrategy::PartialReductionOuterReduction);
    tilingOptions.setReductionDims(dims);
  }
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tilingOptions);
  options.setFusionControlFn(
      [tilesReductions](tensor::ExtractSliceOp, OpResult producer,
                        bool isDestination)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        auto linalgOp = dyn_cast<linalg::LinalgOp>(producer.getOwner());
        if (!linalgOp || linalgOp.getNumReductionLoops() != 0 ||
            (isDestination && tilesReductions))
          return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });

  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTileAndFuseResult> tiled =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(op), options);
  if (failed(tiled))
    return failure();
  for (OpResult result : op->getResults())
    if (Value replacement = tiled->replacements.lookup(result))
      rewriter.replaceAllUsesWith(result, replacement);
  for (Operation *tiledOp : tiled->tiledAndFusedOps)
    tiledOp->setAttr(kTiledAttr, rewriter.getUnitAttr());
  for (LoopLikeOpInterface loop : tiled->loops)
    loop->setAttr(kLoopAttr, rewriter.getUnitAttr());
  return tiled->tiledAndFusedOps.front();
}

/// Both levels of `tiling` on `op`.
void tileOp(RewriterBase &rewriter, linalg::LinalgOp op,
            const VectorTiling &tiling) {
  Operation *tiled = op;
  if (anyNonZero(tiling.parallelTiles)) {
    FailureOr<Operation *> result =
        tileToVectors(rewriter, tiled, tiling.parallelTiles,
                      /*tilesReductions=*/false, /*partialReduction=*/false);
    if (failed(result))
      return;
    tiled = *result;
  }
  if (!anyNonZero(tiling.reductionTiles))
    return;
  if (tiling.partialReduction &&
      succeeded(tileToVectors(rewriter, tiled, tiling.reductionTiles,
                              /*tilesReductions=*/true,
                              /*partialReduction=*/true)))
    return;
  (void)tileToVectors(rewriter, tiled, tiling.reductionTiles,
                      /*tilesReductions=*/true, /*partialReduction=*/false);
}

/// The last linalg op of `func` not yet tiled, in program order.
linalg::LinalgOp findLastUntiled(func::FuncOp func) {
  linalg::LinalgOp last;
  func.walk([&](linalg::LinalgOp op) {
    if (!op->hasAttr(kTiledAttr) && op.hasPureTensorSemantics())
      last = op;
  });
  return last;
}

void eraseDeadOps(RewriterBase &rewriter, func::FuncOp func) {
  (void)runRegionDCE(rewriter, func->getRegions());
}

/// Vector sizes for `op`: its static loop sizes, or constant upper bounds
/// of the dynamic ones (then `masked`). Fails where a size is unbounded or
/// the vectors would be too large.
FailureOr<SmallVector<int64_t>> getVectorSizes(linalg::LinalgOp op,
                                               bool &masked) {
  masked = false;
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  int64_t elements = 1;
  for (auto [loop, size] : llvm::enumerate(sizes)) {
    if (ShapedType::isDynamic(size)) {
      // Find an operand dim that spans this loop and bound it.
      bool found = false;
      for (OpOperand &operand : op->getOpOperands()) {
        AffineMap map = op.getMatchingIndexingMap(&operand);
        for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
          auto d = dyn_cast<AffineDimExpr>(expr);
          if (!d || d.getPosition() != loop)
            continue;
          FailureOr<int64_t> bound =
              ValueBoundsConstraintSet::computeConstantBound(
                  presburger::BoundType::UB,
                  ValueBoundsConstraintSet::Variable(operand.get(), dim),
                  /*stopCondition=*/nullptr, /*closedUB=*/true);
          if (succeeded(bound)) {
            size = *bound;
            found = true;
            break;
          }
        }
        if (found)
          break;
      }
      if (!found)
        return failure();
      // Whole registers: a bound of 15 lanes still uses a 16-lane mask.
      size = llvm::PowerOf2Ceil(size);
      masked = true;
    }
    if (size <= 0)
      return failure();
    elements *= size;
    if (elements > kMaxVectorElements)
      return failure();
  }
  return sizes;
}

void populateCleanupPatterns(MLIRContext *ctx, RewritePatternSet &patterns) {
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
}

struct TileAndVectorizePass
    : kiln::cpu::impl::TileAndVectorizePassBase<TileAndVectorizePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!isKernel(func))
      return;
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    // 1. Tile, consumers first. Every round marks at least one op.
    while (linalg::LinalgOp op = findLastUntiled(func)) {
      op->setAttr(kTiledAttr, rewriter.getUnitAttr());
      tileOp(rewriter, op, chooseVectorTiling(op, vectorBits));
      eraseDeadOps(rewriter, func);
    }

    // 2. Peel partial last tiles, inner loops first, so that main loops run
    //    on static tiles.
    SmallVector<scf::ForOp> loops;
    func.walk([&](scf::ForOp loop) {
      if (loop->hasAttr(kLoopAttr))
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      scf::ForOp partial;
      rewriter.setInsertionPoint(loop);
      (void)scf::peelForLoopAndSimplifyBounds(rewriter, loop, partial);
    }
    RewritePatternSet cleanup(ctx);
    populateCleanupPatterns(ctx, cleanup);
    FrozenRewritePatternSet frozenCleanup(std::move(cleanup));
    (void)applyPatternsGreedily(func, frozenCleanup);

    // 3. Vectorize what has static or bounded sizes.
    SmallVector<linalg::LinalgOp> candidates;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics())
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates) {
      // Vectors of i1 and of 4-bit types are bit-packed in memory while
      // tensors of them hold a byte per element: keep those ops scalar.
      if (llvm::any_of(op->getOperandTypes(), [](Type type) {
            Type element = getElementTypeOrSelf(type);
            return element.isIntOrFloat() &&
                   element.getIntOrFloatBitWidth() < 8;
          }))
        continue;
      bool masked = false;
      FailureOr<SmallVector<int64_t>> sizes = getVectorSizes(op, masked);
      if (failed(sizes))
        continue;
      rewriter.setInsertionPoint(op);
      // Explicit "not scalable" flags: masks built from an empty list get
      // a type that differs from (but prints like) the expected one.
      SmallVector<int64_t> vectorSizes;
      SmallVector<bool> scalable;
      if (masked) {
        vectorSizes = *sizes;
        scalable.assign(vectorSizes.size(), false);
      }
      FailureOr<linalg::VectorizationResult> result =
          linalg::vectorize(rewriter, op, vectorSizes, scalable,
                            /*vectorizeNDExtract=*/true);
      if (succeeded(result))
        rewriter.replaceOp(op, result->replacements);
    }
    // Masked transfers carry their mask as an operand from here on
    // (region-holding vector.mask ops confuse later passes).
    RewritePatternSet masks(ctx);
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(masks);
    (void)applyPatternsGreedily(func, std::move(masks));
    (void)applyPatternsGreedily(func, frozenCleanup);

    // 4. Hoist accumulators (matching transfer_read/transfer_write or
    //    extract/insert_slice pairs at loop-invariant positions) into
    //    iter_args, inner loops first.
    SmallVector<scf::ForOp> allLoops;
    func.walk([&](scf::ForOp loop) { allLoops.push_back(loop); });
    for (scf::ForOp loop : allLoops) {
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      (void)hoistLoopInvariantSubsets(
          rewriter, cast<LoopLikeOpInterface>(loop.getOperation()));
    }
    (void)applyPatternsGreedily(func, frozenCleanup);

    func.walk([&](Operation *op) {
      op->removeAttr(kTiledAttr);
      op->removeAttr(kLoopAttr);
    });
  }
};

} // namespace
