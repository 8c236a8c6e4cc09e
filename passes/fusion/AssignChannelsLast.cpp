// SPDX-License-Identifier: Apache-2.0
//===- AssignChannelsLast.cpp - channels-last between library calls -------===//
//
// Marks the activations that flow only between convolutions and pooling as
// channels-last (see Passes.td), so the runtime reorders a chain of them
// once at each end instead of around every call.
//
//===----------------------------------------------------------------------===//

#include "passes/fusion/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_ASSIGNCHANNELSLASTPASS
#include "passes/fusion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Whether `use` reads its tensor through a library call that takes any
/// activation layout: a convolution's or pooling's input, or a residual
/// addend of a convolution's result shape (the runtime accumulates it with a
/// sum post-op, which works in every layout).
static bool takesChannelsLast(OpOperand &use) {
  Operation *user = use.getOwner();
  if (auto pool = dyn_cast<kexec::PoolingOp>(user))
    return use.get() == pool.getInput();
  auto conv = dyn_cast<kexec::ConvolutionOp>(user);
  if (!conv)
    return false;
  if (&use == &conv.getInputMutable())
    return true;
  // Post operands of the result's shape read only by `add` post ops.
  if (cast<RankedTensorType>(use.get().getType()).getShape() !=
      conv.getOutput().getType().getShape())
    return false;
  unsigned first = conv.getPostOperands().getBeginOperandIndex();
  unsigned index = use.getOperandNumber();
  if (index < first)
    return false;
  return llvm::all_of(
      conv.getPostOps().getAsRange<kexec::PostOpAttr>(), [&](auto postOp) {
        return postOp.getOperand() != int64_t(index - first) ||
               postOp.getKind() == kexec::PostOpKind::add;
      });
}

namespace {

struct AssignChannelsLastPass
    : kiln::impl::AssignChannelsLastPassBase<AssignChannelsLastPass> {
  void runOnOperation() override {
    auto channelsLast = kexec::ChannelsLastAttr::get(&getContext());
    getOperation().walk([&](Operation *op) {
      Value result;
      if (auto conv = dyn_cast<kexec::ConvolutionOp>(op))
        result = conv.getOutput();
      else if (auto pool = dyn_cast<kexec::PoolingOp>(op);
               pool && kexec::isChannelsLast(pool.getInput()))
        result = pool.getOutput();
      else
        return;
      auto type = cast<RankedTensorType>(result.getType());
      if (type.getEncoding() || result.use_empty() ||
          !llvm::all_of(result.getUses(), takesChannelsLast))
        return;
      result.setType(RankedTensorType::get(
          type.getShape(), type.getElementType(), channelsLast));
    });
  }
};

} // namespace
