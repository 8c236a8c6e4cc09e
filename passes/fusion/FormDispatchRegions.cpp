// SPDX-License-Identifier: Apache-2.0
//===- FormDispatchRegions.cpp - group ops into future kernels ------------===//
//
// Each op that computes becomes the root of a kexec.region; producers that
// are cheap to recompute are cloned in, and elementwise producers used only
// by the root move in. Roots are visited last to first so a producer joins
// its consumer's region before it could become a root of its own.
//
//===----------------------------------------------------------------------===//

#include "passes/fusion/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FORMDISPATCHREGIONSPASS
#include "passes/fusion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Constants up to this many elements are cloned into kernels rather than
/// passed to them as buffers.
static constexpr int64_t kMaxClonedConstantElements = 64;

/// Whether `op` computes a scalar from tensor data: a tensor.extract, or
/// arithmetic on one. Kernels read such scalars themselves (a Pad's value, a
/// Trilu's k): the host knows only what it can compute before the run.
static bool isScalarFromTensorData(Operation *op) {
  if (op->getNumResults() != 1 || isa<ShapedType>(op->getResultTypes()[0]))
    return false;
  if (isa<tensor::ExtractOp>(op))
    return true;
  if (!isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) ||
      !isMemoryEffectFree(op))
    return false;
  return llvm::any_of(op->getOperands(), [](Value operand) {
    Operation *def = operand.getDefiningOp();
    return def && isScalarFromTensorData(def);
  });
}

/// Whether `op` is cheap enough to recompute in every region that uses it.
static bool isClonable(Operation *op) {
  if (isa<tensor::EmptyOp>(op) || isScalarFromTensorData(op))
    return true;
  if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
    auto type = dyn_cast<ShapedType>(constant.getType());
    return !type || (type.hasStaticShape() &&
                     type.getNumElements() <= kMaxClonedConstantElements);
  }
  // A reshape of something cheap (exporters reshape empty destinations).
  if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp, tensor::CastOp>(op))
    if (Operation *source = op->getOperand(0).getDefiningOp())
      return isClonable(source);
  // A fill of a scalar: the value comes from a cloned scalar constant, the
  // destination from a (reshaped) tensor.empty.
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    Operation *dest = fill.getOutputs()[0].getDefiningOp();
    return matchPattern(fill.value(), m_Constant()) && dest &&
           !isa<linalg::FillOp>(dest) && isClonable(dest);
  }
  return false;
}

/// Whether `op` computes and so must run in a kernel. Loops and branches
/// over tensors (recurrences, ONNX Loop/If) run whole inside one kernel: the
/// host program is a straight line.
static bool isDispatchRoot(Operation *op) {
  if (isa<linalg::LinalgOp>(op))
    return !isClonable(op);
  if (isa<scf::ForOp, scf::WhileOp, scf::IfOp>(op))
    return llvm::any_of(op->getResultTypes(), llvm::IsaPred<TensorType>);
  return isa<tensor::PadOp, tensor::ExtractSliceOp, tensor::InsertSliceOp,
             tensor::ConcatOp, tensor::GenerateOp, tensor::FromElementsOp,
             tensor::GatherOp, tensor::ScatterOp, tensor::SplatOp>(op);
}

/// Whether `producer` may move into the region of its only user: an
/// all-parallel linalg op whose result is read elementwise, or a slice (the
/// kernel reads the sliced elements where they are instead of a copy).
static bool isFusableProducer(Operation *producer) {
  if (isa<tensor::ExtractSliceOp>(producer))
    return producer->hasOneUse() &&
           isa<linalg::LinalgOp>(*producer->getUsers().begin());
  auto linalgOp = dyn_cast<linalg::LinalgOp>(producer);
  return linalgOp && producer->hasOneUse() && producer->getNumResults() == 1 &&
         linalgOp.getNumLoops() == linalgOp.getNumParallelLoops() &&
         llvm::all_of(linalgOp.getIndexingMapsArray(), [](AffineMap map) {
           return map.isProjectedPermutation();
         });
}

/// Wraps `root` (and the fusable producers before it) into a kexec.region.
static void formRegion(RewriterBase &rewriter, Operation *root) {
  // Gather the elementwise producers used only inside the group.
  SetVector<Operation *> group;
  group.insert(root);
  for (size_t i = 0; i < group.size(); ++i)
    for (Value operand : group[i]->getOperands())
      if (Operation *def = operand.getDefiningOp();
          def && def->getBlock() == root->getBlock() &&
          isFusableProducer(def) &&
          llvm::all_of(def->getUsers(),
                       [&](Operation *user) { return group.contains(user); }))
        group.insert(def);

  rewriter.setInsertionPoint(root);
  auto region =
      kexec::RegionOp::create(rewriter, root->getLoc(), root->getResultTypes());
  Block *body = rewriter.createBlock(&region.getBody());
  // Move the group in program order, then yield the root's results.
  SmallVector<Operation *> ordered(group.begin(), group.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  for (Operation *op : ordered)
    op->moveBefore(body, body->end());
  rewriter.setInsertionPointToEnd(body);
  kexec::YieldOp::create(rewriter, root->getLoc(), root->getResults());
  for (auto [from, to] : llvm::zip(root->getResults(), region.getResults()))
    rewriter.replaceUsesWithIf(from, to, [&](OpOperand &use) {
      return use.getOwner()->getParentOp() != region;
    });

  // Clone cheap producers (transitively) into the region.
  bool changed = true;
  while (changed) {
    changed = false;
    SetVector<Value> captured;
    getUsedValuesDefinedAbove(region.getBody(), captured);
    for (Value value : captured) {
      Operation *def = value.getDefiningOp();
      if (!def || !isClonable(def))
        continue;
      rewriter.setInsertionPointToStart(body);
      Operation *clone = rewriter.clone(*def);
      replaceAllUsesInRegionWith(value, clone->getResult(0), region.getBody());
      changed = true;
    }
  }
}

/// Rewrites `expand(collapse-to-1-D(slice(src)))`, where the slice takes a
/// contiguous range [o, o + n) of src's last dim and every other dim whole,
/// as `slice(reshape(src))`: the reshape only reinterprets src's buffer, and
/// the slice can then join its consumer's kernel. Exporters split a fused
/// QKV projection this way, then reshape each part into heads:
///   [S, B, 3*E] -> slice [S, B, E] -> [S*B*E] -> [S*B, H, D]
/// becomes [S, B, 3*E] -> [S*B, 3*H, D] -> slice [S*B, H, D].
static LogicalResult sliceThroughReshape(RewriterBase &rewriter,
                                         tensor::ExpandShapeOp expand) {
  auto collapse = expand.getSrc().getDefiningOp<tensor::CollapseShapeOp>();
  if (!collapse || collapse.getResultType().getRank() != 1 ||
      expand.getReassociationIndices().size() != 1)
    return failure();
  auto slice = collapse.getSrc().getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice || !slice.hasUnitStride() || !slice.getResultType().hasStaticShape() ||
      !slice.getSourceType().hasStaticShape() ||
      slice.getSourceType().getRank() != slice.getResultType().getRank() ||
      !expand.getResultType().hasStaticShape())
    return failure();
  ArrayRef<int64_t> source = slice.getSourceType().getShape();
  ArrayRef<int64_t> offsets = slice.getStaticOffsets();
  ArrayRef<int64_t> sizes = slice.getStaticSizes();
  int64_t last = source.size() - 1;
  for (int64_t d = 0; d < last; ++d)
    if (offsets[d] != 0 || sizes[d] != source[d])
      return failure();
  if (ShapedType::isDynamic(offsets[last]))
    return failure();
  // Split the target shape into a part over the whole leading dims and a
  // part over the sliced range: target[j] counts blocks of `inner` elements.
  ArrayRef<int64_t> target = expand.getResultType().getShape();
  int64_t leading = 1;
  for (int64_t d = 0; d < last; ++d)
    leading *= source[d];
  size_t j = 0;
  for (int64_t product = 1; j < target.size() && product != leading; ++j)
    product *= target[j];
  if (j == target.size())
    return failure();
  int64_t inner = 1;
  for (size_t d = j + 1; d < target.size(); ++d)
    inner *= target[d];
  if (target[j] * inner != sizes[last] || offsets[last] % inner != 0 ||
      source[last] % inner != 0)
    return failure();
  // src viewed as target's shape with the whole last dim in blocks.
  SmallVector<int64_t> viewShape(target);
  viewShape[j] = source[last] / inner;
  auto elementType = slice.getSourceType().getElementType();
  Location loc = expand.getLoc();
  rewriter.setInsertionPoint(expand);
  int64_t total = slice.getSourceType().getNumElements();
  SmallVector<ReassociationIndices> toFlat(1);
  for (int64_t d = 0; d <= last; ++d)
    toFlat[0].push_back(d);
  Value flat = tensor::CollapseShapeOp::create(
      rewriter, loc, RankedTensorType::get({total}, elementType),
      slice.getSource(), toFlat);
  SmallVector<ReassociationIndices> fromFlat(1);
  for (size_t d = 0; d < viewShape.size(); ++d)
    fromFlat[0].push_back(d);
  Value view = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(viewShape, elementType), flat,
      fromFlat);
  SmallVector<OpFoldResult> newOffsets(target.size(), rewriter.getIndexAttr(0));
  newOffsets[j] = rewriter.getIndexAttr(offsets[last] / inner);
  SmallVector<OpFoldResult> newSizes, strides(target.size(),
                                               rewriter.getIndexAttr(1));
  for (int64_t size : target)
    newSizes.push_back(rewriter.getIndexAttr(size));
  rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
      expand, expand.getResultType(), view, newOffsets, newSizes, strides);
  if (collapse->use_empty())
    rewriter.eraseOp(collapse);
  if (slice->use_empty())
    rewriter.eraseOp(slice);
  return success();
}

namespace {
struct FormDispatchRegionsPass
    : kiln::impl::FormDispatchRegionsPassBase<FormDispatchRegionsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    for (auto expand :
         llvm::make_early_inc_range(func.getOps<tensor::ExpandShapeOp>()))
      (void)sliceThroughReshape(rewriter, expand);
    SmallVector<Operation *> roots;
    for (Operation &op : func.getBody().getOps())
      if (isDispatchRoot(&op))
        roots.push_back(&op);
    // Last to first: a producer is absorbed before it could become a root.
    for (Operation *root : llvm::reverse(roots))
      if (root->getParentOp() == func)
        formRegion(rewriter, root);
    // Cheap ops the host still uses (a returned fill, or an empty tensor
    // split off a zero-size input) compute too.
    for (Operation &op :
         llvm::make_early_inc_range(func.getBody().front().getOperations()))
      if (llvm::any_of(op.getUsers(), [&](Operation *user) {
            return user->getParentOp() == func &&
                   (isa<linalg::LinalgOp>(op) ||
                    (isa<tensor::EmptyOp>(op) && isa<func::ReturnOp>(user)));
          }))
        formRegion(rewriter, &op);
    // Cloned producers left without users.
    for (Operation &op : llvm::make_early_inc_range(
             llvm::reverse(func.getBody().front().getOperations())))
      if (isClonable(&op) && op.use_empty())
        rewriter.eraseOp(&op);
  }
};
} // namespace
