// SPDX-License-Identifier: Apache-2.0
//===- AssignChannelsLast.cpp - channels-last activations -----------------===//
//
// Marks the activations that flow between convolutions, pooling and the
// kernels around them as channels-last (see Passes.td), so the runtime
// reorders a chain of them once at each end instead of around every call.
// A kernel takes the layout by reading or writing the tensor in memory
// order: its indexing maps are permuted and its loops follow the new order.
//
//===----------------------------------------------------------------------===//

#include "passes/fusion/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

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
static bool libraryCallTakesChannelsLast(OpOperand &use) {
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

/// Whether a kernel may see `value` in memory order: a static tensor with
/// channels and at least one spatial dim.
static bool isKernelCandidate(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getRank() >= 3 &&
         !type.getEncoding();
}

/// Whether `expand` keeps a channels-last source's bytes in the same order
/// for its result: the batch dim stays alone and the channels dim gains
/// only unit dims after it (the global pooling of a kernel reads
/// [N, C, 1, 1, H, W]).
static bool keepsChannelsLast(tensor::ExpandShapeOp expand) {
  if (!isKernelCandidate(expand.getSrc()) ||
      !isKernelCandidate(expand.getResult()))
    return false;
  SmallVector<ReassociationIndices> groups =
      expand.getReassociationIndices();
  ArrayRef<int64_t> shape = expand.getResultType().getShape();
  return groups[0].size() == 1 && groups[1][0] == 1 &&
         llvm::all_of(ArrayRef(groups[1]).drop_front(),
                      [&](int64_t dim) { return shape[dim] == 1; });
}

/// The indexing map that reads a channels-last operand in memory order.
static AffineMap toMemoryOrder(AffineMap map) {
  SmallVector<AffineExpr> results;
  for (int64_t dim : kexec::getChannelsLastOrder(map.getNumResults()))
    results.push_back(map.getResult(dim));
  return AffineMap::get(map.getNumDims(), map.getNumSymbols(), results,
                        map.getContext());
}

namespace {

/// The kernels of a module, and which of their arguments and results can
/// be read or written in memory order.
class KernelLayouts {
public:
  explicit KernelLayouts(ModuleOp module) {
    module.walk([&](kexec::DispatchOp dispatch) {
      auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          dispatch, dispatch.getKernelAttr());
      if (kernel)
        ++callers[kernel];
    });
  }

  /// `arg` is read only as the input of linalg.generic ops, whose maps can
  /// index it in memory order.
  bool canRead(kexec::DispatchOp dispatch, unsigned arg) {
    func::FuncOp kernel = getOwnKernel(dispatch);
    if (!kernel)
      return false;
    BlockArgument value = kernel.getArgument(arg);
    return isKernelCandidate(value) &&
           llvm::all_of(value.getUses(), [](OpOperand &use) {
             auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
             return generic && generic.isDpsInput(&use);
           });
  }

  /// Result `index` is computed by a linalg.generic into a fresh
  /// tensor.empty, which can be allocated in memory order instead.
  bool canWrite(kexec::DispatchOp dispatch, unsigned index) {
    func::FuncOp kernel = getOwnKernel(dispatch);
    if (!kernel)
      return false;
    Value value = getReturned(kernel, index);
    auto generic = value.getDefiningOp<linalg::GenericOp>();
    if (!generic || !value.hasOneUse() || !isKernelCandidate(value))
      return false;
    OpOperand *init = generic.getDpsInitOperand(cast<OpResult>(value).getResultNumber());
    auto empty = init->get().getDefiningOp<tensor::EmptyOp>();
    return empty && empty->hasOneUse();
  }

  /// Rewrites the kernel of `dispatch` to read the arguments and write the
  /// results marked in `reads` and `writes` in memory order.
  void relayout(kexec::DispatchOp dispatch, ArrayRef<unsigned> reads,
                ArrayRef<unsigned> writes) {
    func::FuncOp kernel = getOwnKernel(dispatch);
    // Per generic, the operands now indexed in memory order.
    llvm::MapVector<linalg::GenericOp, SmallVector<OpOperand *>> permuted;
    for (unsigned arg : reads) {
      BlockArgument value = kernel.getArgument(arg);
      value.setType(kexec::getStorageType(dispatch.getOperand(arg).getType()));
      for (OpOperand &use : value.getUses())
        permuted[cast<linalg::GenericOp>(use.getOwner())].push_back(&use);
    }
    for (unsigned index : writes) {
      auto result = cast<OpResult>(getReturned(kernel, index));
      auto generic = cast<linalg::GenericOp>(result.getOwner());
      auto type = cast<RankedTensorType>(
          kexec::getStorageType(dispatch.getResult(index).getType()));
      OpOperand *init = generic.getDpsInitOperand(result.getResultNumber());
      Operation *oldEmpty = init->get().getDefiningOp();
      OpBuilder builder(oldEmpty);
      init->set(tensor::EmptyOp::create(builder, oldEmpty->getLoc(),
                                        type.getShape(),
                                        type.getElementType()));
      oldEmpty->erase();
      result.setType(type);
      permuted[generic].push_back(init);
    }
    IRRewriter rewriter(kernel.getContext());
    for (auto &[generic, operands] : permuted) {
      SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
      for (OpOperand *operand : operands)
        maps[operand->getOperandNumber()] =
            toMemoryOrder(maps[operand->getOperandNumber()]);
      generic.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      followMemoryOrder(rewriter, generic, operands);
    }
    Block &body = kernel.getBody().front();
    kernel.setType(FunctionType::get(kernel.getContext(),
                                     body.getArgumentTypes(),
                                     body.getTerminator()->getOperandTypes()));
  }

private:
  /// The kernel `dispatch` calls, if no other dispatch calls it.
  func::FuncOp getOwnKernel(kexec::DispatchOp dispatch) {
    auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        dispatch, dispatch.getKernelAttr());
    return kernel && callers.lookup(kernel) == 1 ? kernel : func::FuncOp();
  }

  static Value getReturned(func::FuncOp kernel, unsigned index) {
    return kernel.getBody().front().getTerminator()->getOperand(index);
  }

  /// Orders the loops of `generic` as the bytes of its leading permuted
  /// operand lie, so the innermost loop walks contiguous channels. The
  /// leader is the permuted operand that indexes the most loops, a result
  /// on a tie (its writes stay contiguous): a reduction's input thus leads
  /// its smaller result. Loops the leader does not index go just outside
  /// its innermost one. A row-major result that spans every loop keeps its
  /// order (the vectorizer tiles such transposes).
  static void followMemoryOrder(RewriterBase &rewriter,
                                linalg::GenericOp generic,
                                ArrayRef<OpOperand *> operands) {
    auto loopsOf = [&](OpOperand *operand) {
      SmallVector<unsigned> loops;
      for (AffineExpr expr :
           generic.getMatchingIndexingMap(operand).getResults())
        if (auto dim = dyn_cast<AffineDimExpr>(expr);
            dim && !llvm::is_contained(loops, dim.getPosition()))
          loops.push_back(dim.getPosition());
      return loops;
    };
    OpOperand *leader = nullptr;
    size_t most = 0;
    for (OpOperand *operand : operands) {
      size_t count = loopsOf(operand).size();
      if (count > most || (count == most && generic.isDpsInit(operand))) {
        leader = operand;
        most = count;
      }
    }
    unsigned numLoops = generic.getNumLoops();
    bool rowMajorResultSpans = llvm::any_of(
        generic.getDpsInitsMutable(), [&](OpOperand &init) {
          return !llvm::is_contained(operands, &init) &&
                 loopsOf(&init).size() == numLoops;
        });
    if (!leader || most == 0 ||
        (!generic.isDpsInit(leader) && rowMajorResultSpans))
      return;
    SmallVector<unsigned> order = loopsOf(leader);
    unsigned innermost = order.pop_back_val();
    for (unsigned d = 0; d < numLoops; ++d)
      if (d != innermost && !llvm::is_contained(order, d))
        order.push_back(d);
    order.push_back(innermost);
    if (llvm::equal(order, llvm::seq<unsigned>(0, numLoops)))
      return;
    rewriter.setInsertionPoint(generic);
    (void)linalg::interchangeGenericOp(rewriter, generic, order);
  }

  DenseMap<func::FuncOp, int> callers;
};

struct AssignChannelsLastPass
    : kiln::impl::AssignChannelsLastPassBase<AssignChannelsLastPass> {
  void runOnOperation() override {
    KernelLayouts kernels(getOperation());
    for (auto func : getOperation().getOps<func::FuncOp>())
      assign(func, kernels);
  }

  /// Keeps the values linked, through kernels and reshapes, to a library
  /// call that reads or writes them: the layout pays only where it spares
  /// a call its reorders, not among kernels passing tensors to each other.
  static void keepAnchored(SetVector<Value> &chosen) {
    auto isLibraryCall = llvm::IsaPred<kexec::ConvolutionOp, kexec::PoolingOp>;
    DenseSet<Value> anchored;
    SmallVector<Value> worklist;
    auto reach = [&](Value value) {
      if (chosen.contains(value) && anchored.insert(value).second)
        worklist.push_back(value);
    };
    for (Value value : chosen)
      if (isLibraryCall(value.getDefiningOp()) ||
          llvm::any_of(value.getUsers(), isLibraryCall))
        reach(value);
    auto reachThrough = [&](Operation *op) {
      if (!isa<kexec::DispatchOp, tensor::ExpandShapeOp>(op))
        return;
      for (Value value : op->getOperands())
        reach(value);
      for (Value value : op->getResults())
        reach(value);
    };
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      reachThrough(value.getDefiningOp());
      for (Operation *user : value.getUsers())
        reachThrough(user);
    }
    chosen.remove_if([&](Value value) { return !anchored.contains(value); });
  }

  /// Chooses the channels-last values of `func`: every candidate whose
  /// producer can write the layout, less those with a use that cannot read
  /// it, until no more drop out.
  static void assign(func::FuncOp func, KernelLayouts &kernels) {
    SetVector<Value> chosen;
    func.walk([&](Operation *op) {
      if (auto conv = dyn_cast<kexec::ConvolutionOp>(op))
        chosen.insert(conv.getOutput());
      else if (auto pool = dyn_cast<kexec::PoolingOp>(op))
        chosen.insert(pool.getOutput());
      else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op);
               expand && keepsChannelsLast(expand))
        chosen.insert(expand.getResult());
      else if (auto dispatch = dyn_cast<kexec::DispatchOp>(op))
        for (OpResult result : dispatch->getResults())
          if (kernels.canWrite(dispatch, result.getResultNumber()))
            chosen.insert(result);
    });
    chosen.remove_if([](Value value) {
      auto type = cast<RankedTensorType>(value.getType());
      return type.getEncoding() || value.use_empty();
    });

    auto canRead = [&](OpOperand &use) {
      Operation *user = use.getOwner();
      if (auto expand = dyn_cast<tensor::ExpandShapeOp>(user))
        return chosen.contains(expand.getResult());
      if (auto dispatch = dyn_cast<kexec::DispatchOp>(user))
        return kernels.canRead(dispatch, use.getOperandNumber());
      return libraryCallTakesChannelsLast(use);
    };
    // Pooling and reshapes write the layout they read.
    auto producerWrites = [&](Value value) {
      Operation *def = value.getDefiningOp();
      if (auto pool = dyn_cast<kexec::PoolingOp>(def))
        return chosen.contains(pool.getInput());
      if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def))
        return chosen.contains(expand.getSrc());
      return true;
    };
    for (bool changed = true; changed;)
      changed = chosen.remove_if([&](Value value) {
        return !producerWrites(value) ||
               !llvm::all_of(value.getUses(), canRead);
      });

    keepAnchored(chosen);

    auto channelsLast = kexec::ChannelsLastAttr::get(func.getContext());
    for (Value value : chosen) {
      auto type = cast<RankedTensorType>(value.getType());
      value.setType(RankedTensorType::get(
          type.getShape(), type.getElementType(), channelsLast));
    }
    func.walk([&](kexec::DispatchOp dispatch) {
      SmallVector<unsigned> reads, writes;
      for (OpOperand &operand : dispatch->getOpOperands())
        if (chosen.contains(operand.get()))
          reads.push_back(operand.getOperandNumber());
      for (OpResult result : dispatch->getResults())
        if (chosen.contains(result))
          writes.push_back(result.getResultNumber());
      if (!reads.empty() || !writes.empty())
        kernels.relayout(dispatch, reads, writes);
    });
  }
};

} // namespace
