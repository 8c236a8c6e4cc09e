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
  // A fill of a scalar: the value comes from a cloned scalar constant.
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return matchPattern(fill.value(), m_Constant()) &&
           fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>();
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

/// Whether elementwise `producer` may move into the region of its only
/// user: an all-parallel linalg op whose result is read elementwise.
static bool isFusableProducer(Operation *producer) {
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

namespace {
struct FormDispatchRegionsPass
    : kiln::impl::FormDispatchRegionsPassBase<FormDispatchRegionsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
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
