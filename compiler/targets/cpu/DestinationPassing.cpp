// SPDX-License-Identifier: Apache-2.0
//===- DestinationPassing.cpp - kernel results to output arguments --------===//
//
// Gives every kernel one output argument per result and computes the result
// in place into it: the tensor.empty at the end of the result's destination
// chain becomes the output argument. Replacing a tensor.empty by any tensor
// of its type is always valid (its contents are undefined), so this never
// changes what a kernel computes; it only decides where it is computed.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_DESTINATIONPASSINGPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;
using namespace mlir::kiln::cpu;

namespace {

/// Makes `value` computed in place into `dest` by replacing the tensor.empty
/// at the end of its destination chain. Returns false (changing nothing that
/// matters) where the chain does not end in a tensor.empty.
bool tieToDestination(OpBuilder &builder, Value value, Value dest) {
  if (value.getType() != dest.getType())
    return false;
  Operation *def = value.getDefiningOp();
  if (!def)
    return false;

  if (auto dps = dyn_cast<DestinationStyleOpInterface>(def)) {
    if (!dps.hasPureTensorSemantics())
      return false;
    OpOperand *init = dps.getTiedOpOperand(cast<OpResult>(value));
    if (!init || init->get().getType() != dest.getType())
      return false;
    // A tensor.empty, or a cast of one (to dynamic sizes, say).
    Value empty = init->get();
    if (auto cast = empty.getDefiningOp<tensor::CastOp>())
      empty = cast.getSource();
    if (empty.getDefiningOp<tensor::EmptyOp>()) {
      init->set(dest);
      return true;
    }
    // An accumulation into an input (a convolution's broadcast bias): the
    // output starts as a copy of it, which tiling can then fuse into each
    // tile; a copy of the whole result afterwards could not be tiled.
    auto linalgOp = dyn_cast<linalg::LinalgOp>(def);
    if (isa<BlockArgument>(init->get()) && linalgOp &&
        linalgOp.payloadUsesValueFromOperand(init)) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPoint(def);
      init->set(linalg::CopyOp::create(builder, def->getLoc(), init->get(),
                                       dest)
                    .getResult(0));
      return true;
    }
    return tieToDestination(builder, init->get(), dest);
  }

  // value = expand_shape(src): compute src into collapse_shape(dest).
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointAfterValue(dest);
    auto collapsed = tensor::CollapseShapeOp::create(
        builder, expand.getLoc(), expand.getSrcType(), dest,
        expand.getReassociationIndices());
    // An expanded tensor.empty (a reduction's destination, say).
    if (expand.getSrc().getDefiningOp<tensor::EmptyOp>() &&
        expand->hasOneUse()) {
      expand.getSrcMutable().assign(collapsed);
      return true;
    }
    if (tieToDestination(builder, expand.getSrc(), collapsed))
      return true;
    collapsed.erase();
    return false;
  }

  // value = collapse_shape(src): compute src into expand_shape(dest), where
  // src is static (an expansion of dynamic dims needs their sizes).
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
    RankedTensorType srcType = collapse.getSrcType();
    if (!srcType.hasStaticShape())
      return false;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointAfterValue(dest);
    auto expanded =
        tensor::ExpandShapeOp::create(builder, collapse.getLoc(), srcType, dest,
                                      collapse.getReassociationIndices());
    if (collapse.getSrc().getDefiningOp<tensor::EmptyOp>() &&
        collapse->hasOneUse()) {
      collapse.getSrcMutable().assign(expanded);
      return true;
    }
    if (tieToDestination(builder, collapse.getSrc(), expanded))
      return true;
    expanded.erase();
    return false;
  }
  return false;
}

/// Computes each value a loop carries to its next iteration (an RNN's hidden
/// state) into the iteration's own copy of it, the loop's region argument,
/// instead of a fresh tensor.empty: bufferized, the state then stays in one
/// buffer for the whole loop rather than a new one per iteration. Valid
/// when nothing reads the argument after the op that writes it, and that op
/// reads it (if at all) at the indices it writes.
void tieLoopCarriedValues(func::FuncOp func) {
  func.walk([](scf::ForOp loop) {
    auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
    for (auto [carried, next] :
         llvm::zip(loop.getRegionIterArgs(), yield.getOperands())) {
      auto op = next.getDefiningOp<linalg::LinalgOp>();
      if (!op || op->getBlock() != loop.getBody() ||
          !op.hasPureTensorSemantics() || carried.getType() != next.getType())
        continue;
      OpOperand *init = op.getDpsInitOperand(cast<OpResult>(next).getResultNumber());
      Value empty = init->get();
      if (auto cast = empty.getDefiningOp<tensor::CastOp>())
        empty = cast.getSource();
      if (!empty.getDefiningOp<tensor::EmptyOp>())
        continue;
      AffineMap written = op.getMatchingIndexingMap(init);
      bool safe = llvm::all_of(carried.getUses(), [&](OpOperand &use) {
        Operation *user = loop.getBody()->findAncestorOpInBlock(*use.getOwner());
        if (user == yield)
          return true;
        if (user == op)
          return op.isDpsInput(&use) &&
                 op.getMatchingIndexingMap(&use) == written;
        return user->isBeforeInBlock(op);
      });
      if (safe)
        init->set(carried);
    }
  });
}

LogicalResult convertKernel(func::FuncOp func) {
  if (!getOutputArguments(func).empty() || hasWorkgroupIdArguments(func))
    return success(); // Already converted.
  auto fail = [&](const Twine &why) {
    return func.emitError() << "kernel '" << func.getSymName() << "': " << why;
  };
  func::ReturnOp ret = getSingleReturn(func);
  if (!ret)
    return fail("expected a single block ending in func.return");
  // Sizes come as index or integer arguments (read from the dims table).
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
    if (!isa<RankedTensorType, IndexType, IntegerType>(type))
      return fail("argument " + Twine(i) +
                  " is not a ranked tensor, an index or an integer");
  for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
    if (!isa<RankedTensorType>(type))
      return fail("result " + Twine(i) + " is not a ranked tensor");

  tieLoopCarriedValues(func);
  MLIRContext *ctx = func.getContext();
  OpBuilder builder(ctx);
  unsigned numResults = func.getNumResults();
  for (unsigned i = 0; i < numResults; ++i) {
    // The output argument carries the result's attributes (kexec.dims).
    NamedAttrList attrs(func.getResultAttrDict(i));
    attrs.set(kOutputAttr, builder.getI64IntegerAttr(i));
    unsigned argIndex = func.getNumArguments();
    if (failed(func.insertArgument(argIndex, func.getResultTypes()[i],
                                   attrs.getDictionary(ctx), func.getLoc())))
      return fail("cannot add output argument " + Twine(i));
    func.setResultAttrs(i, DictionaryAttr::get(ctx));
    BlockArgument dest = func.getArgument(argIndex);

    OpOperand &returned = ret->getOpOperand(i);
    if (tieToDestination(builder, returned.get(), dest))
      continue;
    // Not computed in place: copy into the output.
    builder.setInsertionPoint(ret);
    auto copy = bufferization::MaterializeInDestinationOp::create(
        builder, ret.getLoc(), returned.get(), dest);
    returned.set(copy.getResult());
  }
  // Drop the tensor.empty ops the outputs replaced.
  func.walk([](tensor::EmptyOp empty) {
    if (empty->use_empty())
      empty.erase();
  });
  return success();
}

struct DestinationPassingPass
    : kiln::cpu::impl::DestinationPassingPassBase<DestinationPassingPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Concats and pads become tensor.empty + insert_slice chains, which tie
    // to outputs like any destination-style op.
    RewritePatternSet patterns(&getContext());
    tensor::populateDecomposeTensorConcatPatterns(patterns);
    linalg::populateDecomposePadPatterns(patterns);
    FrozenRewritePatternSet decompositions(std::move(patterns));
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!isKernel(func))
        continue;
      if (failed(applyPatternsGreedily(func, decompositions)) ||
          failed(convertKernel(func)))
        return signalPassFailure();
    }
  }
};

} // namespace
