// SPDX-License-Identifier: Apache-2.0
//===- PlanMemory.cpp - static arena planning for kexec programs ----------===//
//
// A kexec function is a straight line of commands on dense tensors, so
// planning is the classic offline problem of TFLite's arena planner: every
// intermediate buffer has a lifetime [first command, last command] and a
// size; buffers whose lifetimes overlap must not share bytes. Greedy by
// size (largest first, each at the lowest offset that fits) is within a few
// percent of optimal on CNNs and transformers. When a size depends on
// dynamic dims, the plan is left to the runtime, which runs the same
// algorithm once per input shape on the sizes the dims table gives.
//
//===----------------------------------------------------------------------===//

#include "passes/memory/DimsTable.h"
#include "passes/memory/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include "llvm/Support/MathExtras.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "passes/memory/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Buffers start on cache-line (and AVX-512 vector) boundaries.
static constexpr int64_t kAlignment = 64;

bool mlir::kiln::isBufferAlias(Operation *op) {
  return isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp, tensor::ReshapeOp,
             tensor::CastOp, tensor::BitcastOp>(op);
}

Value mlir::kiln::getStorageRoot(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isBufferAlias(def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

namespace {

/// An arena buffer to place: a result of command `first`, live until
/// command `last`. `size` is a Size (negative: a dims-table entry).
struct Interval {
  Value value;
  int64_t size;
  int64_t first, last;
  int64_t offset = -1;
};

/// Places `intervals` greedily by size; returns the arena size.
int64_t placeIntervals(MutableArrayRef<Interval> intervals) {
  SmallVector<Interval *> order;
  for (Interval &interval : intervals)
    order.push_back(&interval);
  llvm::stable_sort(order,
                    [](Interval *a, Interval *b) { return a->size > b->size; });
  int64_t arenaSize = 0;
  SmallVector<Interval *> placed;
  for (Interval *interval : order) {
    // The placed buffers alive at the same time, by offset.
    SmallVector<Interval *> overlapping;
    for (Interval *other : placed)
      if (other->first <= interval->last && interval->first <= other->last)
        overlapping.push_back(other);
    llvm::sort(overlapping,
               [](Interval *a, Interval *b) { return a->offset < b->offset; });
    int64_t offset = 0;
    for (Interval *other : overlapping) {
      if (offset + interval->size <= other->offset)
        break;
      offset = std::max(offset, int64_t(llvm::alignTo(
                                    other->offset + other->size, kAlignment)));
    }
    interval->offset = offset;
    arenaSize = std::max(arenaSize, offset + interval->size);
    placed.push_back(interval);
  }
  return llvm::alignTo(arenaSize, kAlignment);
}

/// The residual addend a library call may accumulate into in place: the
/// operand of its first `add` post op, when it has the result's type (layout
/// included) and is not also the call's input (a convolution reads
/// neighbouring elements of its input while writing the result).
Value getAccumulatedAddend(Operation *call) {
  auto postOps = call->getAttrOfType<ArrayAttr>("post_ops");
  if (!postOps || !isa<kexec::ConvolutionOp, kexec::MatMulOp>(call))
    return {};
  auto segments = call->getAttrOfType<DenseI32ArrayAttr>("operandSegmentSizes");
  int64_t firstPostOperand = call->getNumOperands() - segments.asArrayRef().back();
  for (auto postOp : postOps.getAsRange<kexec::PostOpAttr>()) {
    if (postOp.getKind() != kexec::PostOpKind::add)
      continue;
    Value addend = call->getOperand(firstPostOperand + postOp.getOperand());
    if (addend.getType() != call->getResult(0).getType() ||
        llvm::count(call->getOperands(), addend) != 1)
      return {};
    return addend;
  }
  return {};
}

struct PlanMemoryPass : kiln::impl::PlanMemoryPassBase<PlanMemoryPass> {
  void runOnOperation() override;
};

} // namespace

void PlanMemoryPass::runOnOperation() {
  func::FuncOp func = getOperation();
  if (!func.getBody().hasOneBlock()) {
    func.emitError("kexec functions have one block");
    return signalPassFailure();
  }
  Block &body = func.getBody().front();
  MLIRContext *context = &getContext();
  auto place = [&](kexec::MemorySpace space, int64_t index = 0,
                   int64_t offset = 0) {
    return kexec::PlaceAttr::get(context, space, index, offset);
  };

  // Values a command can write: results of dispatches, calls and copies.
  auto isCommand = [](Operation *op) {
    return isa<kexec::DispatchOp, kexec::ConvolutionOp, kexec::MatMulOp,
               kexec::PoolingOp, kexec::CopyOp>(op);
  };
  // Index arithmetic sizes buffers; the dims table computes it.
  auto isIndexComputation = [](Operation &op) {
    return isMemoryEffectFree(&op) && op.getNumRegions() == 0 &&
           llvm::none_of(op.getResultTypes(), llvm::IsaPred<ShapedType>);
  };
  for (Operation &op : body.without_terminator()) {
    if (isCommand(&op) || isBufferAlias(&op) || isa<arith::ConstantOp>(op) ||
        isIndexComputation(op))
      continue;
    op.emitError("'") << op.getName()
                      << "' cannot run on the host: only dispatches, library "
                         "calls, constants and reshapes can";
    return signalPassFailure();
  }

  // Outputs: a returned command result is written straight into its output
  // buffer; anything else returned is copied there.
  auto returnOp = cast<func::ReturnOp>(body.getTerminator());
  DenseMap<Value, int64_t> outputOf;
  OpBuilder builder(returnOp);
  for (OpOperand &operand : returnOp->getOpOperands()) {
    if (!isa<RankedTensorType>(operand.get().getType())) {
      returnOp.emitError("output ")
          << operand.getOperandNumber() << " has type "
          << operand.get().getType()
          << ", which the runtime cannot return (tensors only)";
      return signalPassFailure();
    }
    Value root = getStorageRoot(operand.get());
    Operation *def = root.getDefiningOp();
    if (def && isCommand(def) && !outputOf.count(root)) {
      outputOf[root] = operand.getOperandNumber();
      continue;
    }
    auto copy =
        kexec::CopyOp::create(builder, returnOp.getLoc(), operand.get());
    outputOf[copy.getResult()] = operand.getOperandNumber();
    operand.set(copy.getResult());
  }

  // Lifetimes of the arena values, in command numbers (what the runtime
  // executes: constants and reshapes are not commands).
  DenseMap<Operation *, int64_t> position;
  int64_t numCommands = 0;
  for (Operation &op : body.without_terminator())
    if (isCommand(&op))
      position[&op] = numCommands++;
  FailureOr<DimsTable> table = DimsTable::load(func);
  if (failed(table))
    return signalPassFailure();
  // The last command reading each value (through aliases, its root).
  DenseMap<Value, int64_t> lastUse;
  for (Operation &op : body.without_terminator())
    if (isCommand(&op))
      for (Value operand : op.getOperands())
        lastUse[getStorageRoot(operand)] = position[&op];
  SmallVector<Interval> intervals;
  DenseMap<Value, size_t> intervalOf;
  bool dynamic = false;
  for (Operation &op : body.without_terminator()) {
    if (!isCommand(&op))
      continue;
    for (Value result : op.getResults()) {
      if (outputOf.count(result))
        continue;
      FailureOr<int64_t> size = getByteSize(result, *table);
      if (failed(size))
        return signalPassFailure();
      dynamic |= *size < 0;
      // A residual addend that dies here holds the result: the call
      // accumulates into it in place instead of copying it first.
      Value addend = getAccumulatedAddend(&op);
      if (addend && intervalOf.count(addend) &&
          lastUse.lookup(addend) == position[&op] &&
          intervals[intervalOf[addend]].size == *size) {
        intervalOf[result] = intervalOf[addend];
        continue;
      }
      intervalOf[result] = intervals.size();
      intervals.push_back({result, *size, position[&op], position[&op]});
    }
  }
  // A use through an alias keeps the root alive.
  for (Operation &op : body.without_terminator()) {
    if (!isCommand(&op))
      continue;
    for (Value operand : op.getOperands()) {
      auto it = intervalOf.find(getStorageRoot(operand));
      if (it != intervalOf.end())
        intervals[it->second].last =
            std::max(intervals[it->second].last, position[&op]);
    }
  }
  int64_t arenaSize = dynamic ? -1 : placeIntervals(intervals);

  // Record the places.
  int64_t numWeights = 0;
  for (Operation &op : body.without_terminator()) {
    if (isa<arith::ConstantOp>(op) &&
        isa<RankedTensorType>(op.getResult(0).getType())) {
      op.setAttr(kexec::kPlacesAttrName,
                 builder.getArrayAttr(
                     {place(kexec::MemorySpace::weight, numWeights++)}));
      continue;
    }
    if (!isCommand(&op))
      continue;
    SmallVector<Attribute> places;
    for (Value result : op.getResults()) {
      if (auto it = outputOf.find(result); it != outputOf.end())
        places.push_back(place(kexec::MemorySpace::output, it->second));
      else
        places.push_back(place(kexec::MemorySpace::arena, intervalOf[result],
                               intervals[intervalOf[result]].offset));
    }
    op.setAttr(kexec::kPlacesAttrName, builder.getArrayAttr(places));
  }
  func->setAttr(kexec::kArenaSizeAttrName,
                builder.getI64IntegerAttr(arenaSize));
  SmallVector<Attribute> buffers;
  for (const Interval &interval : intervals)
    buffers.push_back(builder.getDenseI64ArrayAttr(
        {interval.size, interval.offset, interval.first, interval.last}));
  func->setAttr(kexec::kArenaBuffersAttrName, builder.getArrayAttr(buffers));
  if (!table->getEntries().empty())
    table->store(func);
}
