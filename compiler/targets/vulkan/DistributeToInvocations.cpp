// SPDX-License-Identifier: Apache-2.0
//===- DistributeToInvocations.cpp - a workgroup's loops over invocations -===//
//
// After tiling, a kernel body is what one workgroup computes: a sequence of
// loop nests (one per linalg op) over its share. On a GPU the workgroup's
// invocations run that sequence together, each taking every
// workgroup-size-th iteration of a nest, with a barrier between nests so
// that a nest sees what the ones before it wrote.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/vulkan/Passes.h"

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::kiln::vulkan {
#define GEN_PASS_DEF_DISTRIBUTETOINVOCATIONSPASS
#include "compiler/targets/vulkan/Passes.h.inc"
} // namespace mlir::kiln::vulkan

using namespace mlir;

namespace {

/// Memory space 3 is workgroup memory (`map-memref-spirv-storage-class`).
constexpr unsigned kWorkgroupMemorySpace = 3;

/// Vulkan guarantees at least this much workgroup memory.
constexpr int64_t kWorkgroupMemoryBytes = 16384;

/// Constants (`memref.get_global` of a constant global) have no SPIR-V
/// lowering: each becomes a temporary the kernel fills with the values
/// first (a linalg.fill for a splat), placed like any other temporary.
constexpr int64_t kMaxConstantElements = 1024;

LogicalResult materializeConstants(func::FuncOp func) {
  SmallVector<memref::GetGlobalOp> reads;
  func.walk([&](memref::GetGlobalOp read) { reads.push_back(read); });
  Block &entry = func.getBody().front();
  for (memref::GetGlobalOp read : reads) {
    auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        read, read.getNameAttr());
    auto values = global ? dyn_cast_or_null<DenseElementsAttr>(
                               global.getConstantInitValue())
                         : DenseElementsAttr();
    MemRefType type = read.getType();
    if (!global || !global.getConstant() || !values ||
        !type.hasStaticShape() ||
        (!values.isSplat() && type.getNumElements() > kMaxConstantElements))
      return read.emitOpError("of a global that is not a small constant is "
                              "not supported by the Vulkan target");
    OpBuilder b(&entry, entry.begin());
    Location loc = read.getLoc();
    Value table = memref::AllocOp::create(b, loc, type);
    b.setInsertionPointAfter(table.getDefiningOp());
    if (values.isSplat()) {
      Value value = arith::ConstantOp::create(
          b, loc, cast<TypedAttr>(values.getSplatValue<Attribute>()));
      linalg::FillOp::create(b, loc, value, table);
    } else {
      SmallVector<int64_t> strides = computeStrides(type.getShape());
      for (auto [i, element] :
           llvm::enumerate(values.getValues<Attribute>())) {
        Value value =
            arith::ConstantOp::create(b, loc, cast<TypedAttr>(element));
        SmallVector<Value> indices;
        for (int64_t position : delinearize(static_cast<int64_t>(i), strides))
          indices.push_back(arith::ConstantIndexOp::create(b, loc, position));
        memref::StoreOp::create(b, loc, value, table, indices);
      }
    }
    read.replaceAllUsesWith(table);
    read.erase();
  }
  return success();
}

/// Rewrites every linalg op (and memref.copy) of `func` into loops whose
/// parallel dimensions are outermost: one scf.parallel over them around
/// scf.for loops over the reductions.
LogicalResult lowerToLoops(func::FuncOp func) {
  IRRewriter rewriter(func.getContext());
  SmallVector<memref::CopyOp> copies;
  func.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
  for (memref::CopyOp copy : copies) {
    rewriter.setInsertionPoint(copy);
    linalg::makeMemRefCopyOp(rewriter, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
    rewriter.eraseOp(copy);
  }

  SmallVector<linalg::LinalgOp> ops;
  func.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
  for (linalg::LinalgOp op : ops) {
    if (!op.hasPureBufferSemantics())
      return op->emitOpError("is not bufferized");
    rewriter.setInsertionPoint(op);
    auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!generic) {
      FailureOr<linalg::GenericOp> generalized =
          linalg::generalizeNamedOp(rewriter, op);
      if (failed(generalized))
        return op->emitOpError("cannot be generalized to loops");
      generic = *generalized;
    }
    SmallVector<unsigned> order;
    SmallVector<utils::IteratorType> iterators =
        generic.getIteratorTypesArray();
    for (unsigned d = 0; d < iterators.size(); ++d)
      if (iterators[d] == utils::IteratorType::parallel)
        order.push_back(d);
    for (unsigned d = 0; d < iterators.size(); ++d)
      if (iterators[d] != utils::IteratorType::parallel)
        order.push_back(d);
    if (!llvm::equal(order, llvm::seq<unsigned>(0, iterators.size()))) {
      FailureOr<linalg::GenericOp> interchanged =
          linalg::interchangeGenericOp(rewriter, generic, order);
      if (failed(interchanged))
        return generic->emitOpError("cannot put its parallel loops outermost");
      generic = *interchanged;
    }
    if (failed(linalg::linalgOpToParallelLoops(rewriter, generic)))
      return generic->emitOpError("cannot be lowered to loops");
    rewriter.eraseOp(generic);
  }
  return success();
}

/// If `loop`'s body reads and then writes one element of a buffer that
/// nothing else in the loop touches (a reduction's accumulator, at indices
/// the loop does not change), carries that element through the loop
/// instead: loaded before it, stored after it.
LogicalResult carryAccumulator(IRRewriter &rewriter, scf::ForOp loop) {
  for (auto store : loop.getBody()->getOps<memref::StoreOp>()) {
    Value buffer = store.getMemRef();
    auto load = dyn_cast_or_null<memref::LoadOp>([&]() -> Operation * {
      for (auto candidate : loop.getBody()->getOps<memref::LoadOp>())
        if (candidate.getMemRef() == buffer &&
            llvm::equal(candidate.getIndices(), store.getIndices()) &&
            candidate->isBeforeInBlock(store))
          return candidate;
      return nullptr;
    }());
    if (!load || !llvm::all_of(store.getIndices(), [&](Value index) {
          return loop.isDefinedOutsideOfLoop(index);
        }))
      continue;
    bool alone = !loop.getBody()
                      ->walk([&](Operation *op) {
                        if (op == load || op == store)
                          return WalkResult::advance();
                        bool touches = llvm::is_contained(op->getOperands(),
                                                          buffer) ||
                                       (!isa<MemoryEffectOpInterface>(op) &&
                                        !op->hasTrait<
                                            OpTrait::HasRecursiveMemoryEffects>());
                        return touches ? WalkResult::interrupt()
                                       : WalkResult::advance();
                      })
                      .wasInterrupted();
    if (!alone)
      continue;
    rewriter.setInsertionPoint(loop);
    Value initial = memref::LoadOp::create(rewriter, load.getLoc(), buffer,
                                           load.getIndices());
    Value stored = store.getValue();
    FailureOr<LoopLikeOpInterface> carried = loop.replaceWithAdditionalYields(
        rewriter, initial, /*replaceInitOperandUsesInLoop=*/false,
        [&](OpBuilder &, Location, ArrayRef<BlockArgument>) {
          return SmallVector<Value>{stored};
        });
    if (failed(carried))
      return failure();
    auto newLoop = cast<scf::ForOp>(carried->getOperation());
    rewriter.replaceAllUsesWith(load.getResult(),
                                newLoop.getRegionIterArgs().back());
    rewriter.setInsertionPointAfter(newLoop);
    memref::StoreOp::create(rewriter, store.getLoc(), newLoop.getResults().back(),
                            buffer, store.getIndices());
    rewriter.eraseOp(store);
    rewriter.eraseOp(load);
    return success();
  }
  return failure();
}

/// Keeps reduction accumulators in registers: loops from lowering linalg
/// ops read-modify-write memory once per reduction step, which a GPU
/// compiler cannot undo (its buffers may alias).
void carryAccumulators(func::FuncOp func) {
  // Equal indices first become the same values, outside the loops they do
  // not vary in.
  IRRewriter rewriter(func.getContext());
  DominanceInfo dominance(func);
  eliminateCommonSubExpressions(rewriter, dominance, func);
  func.walk([](LoopLikeOpInterface loop) { moveLoopInvariantCode(loop); });
  bool changed = true;
  while (changed) {
    changed = false;
    SmallVector<scf::ForOp> loops; // innermost first
    func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      if (succeeded(carryAccumulator(rewriter, loop))) {
        changed = true;
        break; // `loop` was replaced: walk again
      }
    }
  }
}

/// Replaces `loop` (without reductions) by a nest of scf.for loops.
void convertToSequential(scf::ParallelOp loop) {
  OpBuilder b(loop);
  IRMapping mapping;
  Block *body = nullptr;
  for (auto [iv, lower, upper, step] :
       llvm::zip(loop.getInductionVars(), loop.getLowerBound(),
                 loop.getUpperBound(), loop.getStep())) {
    auto inner = scf::ForOp::create(b, loop.getLoc(), lower, upper, step);
    mapping.map(iv, inner.getInductionVar());
    body = inner.getBody();
    b.setInsertionPoint(body->getTerminator());
  }
  for (Operation &op : loop.getBody()->without_terminator())
    b.clone(op, mapping);
  loop.erase();
}

/// Replaces the top-level `loop` by a loop over its linearized iterations
/// that invocation `tid` starts and every `workgroupSize`-th iteration
/// after.
LogicalResult distribute(scf::ParallelOp loop, Value tid,
                         int64_t workgroupSize) {
  if (loop.getNumResults() != 0)
    return loop.emitOpError("with reductions cannot be distributed");
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  SmallVector<Value> counts;
  Value total = constant(1);
  for (auto [lower, upper, step] : llvm::zip(
           loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    Value span = arith::SubIOp::create(b, loc, upper, lower);
    Value count = arith::CeilDivUIOp::create(b, loc, span, step);
    counts.push_back(count);
    total = arith::MulIOp::create(b, loc, total, count);
  }
  auto linear = scf::ForOp::create(b, loc, tid, total, constant(workgroupSize));
  b.setInsertionPoint(linear.getBody()->getTerminator());
  IRMapping mapping;
  Value rest = linear.getInductionVar();
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value index = d == 0 ? rest : arith::RemUIOp::create(b, loc, rest, counts[d]);
    if (d > 0)
      rest = arith::DivUIOp::create(b, loc, rest, counts[d]);
    Value scaled = arith::MulIOp::create(b, loc, index, loop.getStep()[d]);
    mapping.map(loop.getInductionVars()[d],
                arith::AddIOp::create(b, loc, loop.getLowerBound()[d], scaled));
  }
  for (Operation &op : loop.getBody()->without_terminator())
    b.clone(op, mapping);
  loop.erase();

  SmallVector<scf::ParallelOp> nested;
  linear.walk([&](scf::ParallelOp inner) { nested.push_back(inner); });
  for (scf::ParallelOp inner : llvm::reverse(nested)) {
    if (inner.getNumResults() != 0)
      return inner.emitOpError("with reductions cannot be distributed");
    convertToSequential(inner);
  }
  return success();
}

/// The buffer a memref value views: a temporary (memref.alloc/alloca) or
/// null for the kernel's arguments, which may alias one another.
Value getTemporaryRoot(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    if (isa<memref::AllocOp, memref::AllocaOp>(def))
      return memref;
    if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
      memref = view.getViewSource();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// What a step (an op with its regions) reads and writes: temporaries by
/// root, the kernel's arguments as one (null) buffer; `unknown` when an
/// effect has no buffer (`unknownWrite` when that effect writes).
struct StepAccesses {
  llvm::SmallPtrSet<Value, 4> reads, writes;
  bool unknown = false;
  bool unknownWrite = false;

  void add(Operation *step) {
    step->walk([&](Operation *op) {
      auto effects = dyn_cast<MemoryEffectOpInterface>(op);
      if (!effects) {
        if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
          unknown = unknownWrite = true;
        return;
      }
      SmallVector<MemoryEffects::EffectInstance> instances;
      effects.getEffects(instances);
      for (const MemoryEffects::EffectInstance &effect : instances) {
        Value value = effect.getValue();
        if (isa<MemoryEffects::Allocate>(effect.getEffect()))
          continue;
        bool read = isa<MemoryEffects::Read>(effect.getEffect());
        if (!value || !isa<BaseMemRefType>(value.getType())) {
          unknown = true;
          unknownWrite |= !read;
          continue;
        }
        (read ? reads : writes).insert(getTemporaryRoot(value));
      }
    });
  }

  /// Whether the step writes (or frees) memory.
  bool writesMemory() const { return unknownWrite || !writes.empty(); }

  /// Whether `later` must wait for this step's invocations: it reads what
  /// this wrote, or writes what this touched.
  bool conflictsWith(const StepAccesses &later) const {
    if (unknown || later.unknown)
      return true;
    for (Value root : later.reads)
      if (writes.contains(root))
        return true;
    for (Value root : later.writes)
      if (writes.contains(root) || reads.contains(root))
        return true;
    return false;
  }

  void merge(const StepAccesses &other) {
    reads.insert(other.reads.begin(), other.reads.end());
    writes.insert(other.writes.begin(), other.writes.end());
    unknown |= other.unknown;
    unknownWrite |= other.unknownWrite;
  }
};

/// How a reduction's combiner combines: the subgroup operation and the
/// identity it starts from.
struct Combiner {
  gpu::AllReduceOperation subgroup;
  arith::AtomicRMWKind identity;
};

std::optional<Combiner> getCombiner(Operation *op) {
  using gpu::AllReduceOperation;
  using arith::AtomicRMWKind;
  return llvm::TypeSwitch<Operation *, std::optional<Combiner>>(op)
      .Case([](arith::AddFOp) {
        return Combiner{AllReduceOperation::ADD, AtomicRMWKind::addf};
      })
      .Case([](arith::AddIOp) {
        return Combiner{AllReduceOperation::ADD, AtomicRMWKind::addi};
      })
      .Case([](arith::MulFOp) {
        return Combiner{AllReduceOperation::MUL, AtomicRMWKind::mulf};
      })
      .Case([](arith::MulIOp) {
        return Combiner{AllReduceOperation::MUL, AtomicRMWKind::muli};
      })
      .Case([](arith::MaximumFOp) {
        return Combiner{AllReduceOperation::MAXIMUMF, AtomicRMWKind::maximumf};
      })
      .Case([](arith::MinimumFOp) {
        return Combiner{AllReduceOperation::MINIMUMF, AtomicRMWKind::minimumf};
      })
      .Case([](arith::MaxNumFOp) {
        return Combiner{AllReduceOperation::MAXNUMF, AtomicRMWKind::maxnumf};
      })
      .Case([](arith::MinNumFOp) {
        return Combiner{AllReduceOperation::MINNUMF, AtomicRMWKind::minnumf};
      })
      .Case([](arith::MaxSIOp) {
        return Combiner{AllReduceOperation::MAXSI, AtomicRMWKind::maxs};
      })
      .Case([](arith::MinSIOp) {
        return Combiner{AllReduceOperation::MINSI, AtomicRMWKind::mins};
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// A parallel loop whose every iteration reduces one row into one element:
/// `x = load out[i]; r = scf.for (acc = x) {... yield combine(acc, v)};
/// store r, out[i]`, around index computations only.
struct RowReduction {
  memref::LoadOp init;
  scf::ForOp loop;
  memref::StoreOp store;
  Operation *combiner;
  Combiner kind;
};

std::optional<RowReduction> matchRowReduction(scf::ParallelOp parallel) {
  RowReduction row{};
  for (Operation &op : parallel.getBody()->without_terminator()) {
    if (auto loop = dyn_cast<scf::ForOp>(op); loop && !row.loop) {
      row.loop = loop;
      continue;
    }
    if (auto load = dyn_cast<memref::LoadOp>(op); load && !row.init) {
      row.init = load;
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op); store && !row.store) {
      row.store = store;
      continue;
    }
    if (!isMemoryEffectFree(&op))
      return std::nullopt;
  }
  if (!row.loop || !row.init || !row.store || row.loop.getNumResults() != 1 ||
      row.loop.getInitArgs()[0] != row.init.getResult() ||
      row.store.getValue() != row.loop.getResult(0) ||
      row.store.getMemRef() != row.init.getMemRef() ||
      !llvm::equal(row.store.getIndices(), row.init.getIndices()) ||
      !row.init->hasOneUse())
    return std::nullopt;
  BlockArgument acc = row.loop.getRegionIterArgs()[0];
  auto yield = cast<scf::YieldOp>(row.loop.getBody()->getTerminator());
  row.combiner = yield.getOperand(0).getDefiningOp();
  if (!row.combiner || row.combiner->getNumOperands() != 2 ||
      !acc.hasOneUse() || acc.getUses().begin()->getOwner() != row.combiner ||
      row.combiner->getParentOp() != row.loop)
    return std::nullopt;
  std::optional<Combiner> kind = getCombiner(row.combiner);
  if (!kind)
    return std::nullopt;
  row.kind = *kind;
  // Reading the row must not touch the element it reduces into.
  bool clean = !row.loop.getBody()
                    ->walk([&](Operation *op) {
                      return llvm::is_contained(op->getOperands(),
                                                row.init.getMemRef())
                                 ? WalkResult::interrupt()
                                 : WalkResult::advance();
                    })
                    .wasInterrupted();
  if (!clean)
    return std::nullopt;
  return row;
}

/// Replaces `parallel` (a few row reductions) by its iterations one after
/// another, each row reduced by the whole workgroup: invocation `tid`
/// combines every `workgroupSize`-th element from `tid` on, a subgroup
/// operation combines each subgroup's partials, and invocation 0 combines
/// the subgroups' partials (through `partials` in workgroup memory) into
/// the output element.
void reduceTogether(scf::ParallelOp parallel, RowReduction row,
                    Value tid, Value first, int64_t workgroupSize,
                    Value partials) {
  OpBuilder b(parallel);
  Location loc = parallel.getLoc();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  SmallVector<int64_t> counts;
  int64_t total = 1;
  for (auto [lower, upper, step] :
       llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(),
                 parallel.getStep())) {
    int64_t count = llvm::divideCeil(*getConstantIntValue(upper) -
                                         *getConstantIntValue(lower),
                                     *getConstantIntValue(step));
    counts.push_back(count);
    total *= count;
  }
  Value lane = gpu::LaneIdOp::create(b, loc, /*upperBound=*/nullptr);
  Value subgroup = gpu::SubgroupIdOp::create(b, loc, /*upperBound=*/nullptr);
  Value subgroups = gpu::NumSubgroupsOp::create(b, loc, /*upperBound=*/nullptr);
  Value zero = constant(0);
  Value firstLane =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane, zero);
  auto rows = scf::ForOp::create(b, loc, zero, constant(total), constant(1));
  b.setInsertionPoint(rows.getBody()->getTerminator());
  IRMapping mapping;
  Value rest = rows.getInductionVar();
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value index =
        d == 0 ? rest : arith::RemUIOp::create(b, loc, rest, constant(counts[d]));
    if (d > 0)
      rest = arith::DivUIOp::create(b, loc, rest, constant(counts[d]));
    Value scaled = arith::MulIOp::create(b, loc, index, parallel.getStep()[d]);
    mapping.map(parallel.getInductionVars()[d],
                arith::AddIOp::create(b, loc, parallel.getLowerBound()[d],
                                      scaled));
  }
  for (Operation &op : parallel.getBody()->without_terminator())
    if (&op != row.init && &op != row.loop && &op != row.store)
      b.clone(op, mapping);

  // This invocation's share of the row.
  Type type = row.init.getType();
  Value identity = arith::getIdentityValue(row.kind.identity, type, b, loc);
  Value lower = mapping.lookupOrDefault(row.loop.getLowerBound());
  Value step = mapping.lookupOrDefault(row.loop.getStep());
  Value start = arith::AddIOp::create(
      b, loc, lower, arith::MulIOp::create(b, loc, tid, step));
  Value stride =
      arith::MulIOp::create(b, loc, step, constant(workgroupSize));
  auto share = scf::ForOp::create(
      b, loc, start, mapping.lookupOrDefault(row.loop.getUpperBound()), stride,
      ValueRange{identity});
  mapping.map(row.loop.getInductionVar(), share.getInductionVar());
  mapping.map(row.loop.getRegionIterArgs()[0], share.getRegionIterArgs()[0]);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(share.getBody());
    for (Operation &op : row.loop.getBody()->without_terminator())
      b.clone(op, mapping);
    scf::YieldOp::create(b, loc, mapping.lookup(row.combiner->getResult(0)));
  }

  // The subgroup's, then the workgroup's.
  Value partial = gpu::SubgroupReduceOp::create(
      b, loc, share.getResult(0), row.kind.subgroup, /*uniform=*/false);
  auto writer = scf::IfOp::create(b, loc, firstLane);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(writer.thenBlock()->getTerminator());
    memref::StoreOp::create(b, loc, partial, partials, ValueRange{subgroup});
  }
  gpu::BarrierOp::create(b, loc);
  auto combine = scf::IfOp::create(b, loc, first);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(combine.thenBlock()->getTerminator());
    Operation *old = b.clone(*row.init, mapping);
    auto fold = scf::ForOp::create(b, loc, zero, subgroups, constant(1),
                                   ValueRange{old->getResult(0)});
    b.setInsertionPointToStart(fold.getBody());
    Value value = memref::LoadOp::create(b, loc, partials,
                                         ValueRange{fold.getInductionVar()});
    IRMapping combining;
    BlockArgument acc = row.loop.getRegionIterArgs()[0];
    combining.map(acc, fold.getRegionIterArgs()[0]);
    for (Value operand : row.combiner->getOperands())
      if (operand != acc)
        combining.map(operand, value);
    Operation *combined = b.clone(*row.combiner, combining);
    scf::YieldOp::create(b, loc, combined->getResult(0));
    b.setInsertionPointAfter(fold);
    memref::StoreOp::create(b, loc, fold.getResult(0),
                            mapping.lookupOrDefault(row.store.getMemRef()),
                            llvm::map_to_vector(row.store.getIndices(),
                                                [&](Value index) {
                                                  return mapping.lookupOrDefault(
                                                      index);
                                                }));
  }
  // The partials are overwritten by the next row.
  gpu::BarrierOp::create(b, loc);
  parallel.erase();
}

/// Puts each reduction to a single element at the top of `block` (`x =
/// load out[]; r = scf.for (acc = x) {...}; store r, out[]`, what a linalg
/// op without parallel loops lowers to) in a one-iteration scf.parallel, so
/// that it is a row reduction like any other.
void wrapSingleReductions(Block &block) {
  SmallVector<scf::ForOp> loops(block.getOps<scf::ForOp>());
  for (scf::ForOp loop : loops) {
    if (loop.getNumResults() != 1 || !loop->getResult(0).hasOneUse())
      continue;
    auto load = loop.getInitArgs()[0].getDefiningOp<memref::LoadOp>();
    auto store = dyn_cast<memref::StoreOp>(*loop->getUsers().begin());
    if (!load || !store || load->getBlock() != &block ||
        store->getBlock() != &block || !load->hasOneUse())
      continue;
    bool quiet = true;
    for (Operation *op = load->getNextNode(); op != store;
         op = op->getNextNode())
      quiet &= op == loop || isMemoryEffectFree(op);
    if (!quiet)
      continue;
    OpBuilder b(store);
    Location loc = loop.getLoc();
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto parallel = scf::ParallelOp::create(b, loc, zero, one, one);
    Operation *terminator = parallel.getBody()->getTerminator();
    load->moveBefore(terminator);
    loop->moveBefore(terminator);
    store->moveBefore(terminator);
  }
}

/// Whether `parallel` is a few long row reductions that the workgroup is
/// better off reducing together.
std::optional<RowReduction> getCooperativeRows(scf::ParallelOp parallel,
                                               int64_t workgroupSize) {
  int64_t total = 1;
  for (auto [lower, upper, step] :
       llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(),
                 parallel.getStep())) {
    std::optional<int64_t> l = getConstantIntValue(lower),
                           u = getConstantIntValue(upper),
                           s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return std::nullopt;
    total *= llvm::divideCeil(std::max<int64_t>(*u - *l, 0), *s);
  }
  if (total == 0 || 2 * total > workgroupSize)
    return std::nullopt;
  std::optional<RowReduction> row = matchRowReduction(parallel);
  if (!row)
    return std::nullopt;
  std::optional<int64_t> tripCount = row->loop.getStaticTripCount()
                                         ? std::optional<int64_t>(
                                               row->loop.getStaticTripCount()
                                                   ->getSExtValue())
                                         : std::nullopt;
  if ((tripCount && *tripCount < workgroupSize) ||
      !row->init.getType().isIntOrFloat())
    return std::nullopt;
  return row;
}

/// Gives a temporary with dynamic sizes (a boundary tile's) the static shape
/// of their upper bounds: every access stays inside its sizes, so indexing
/// the larger buffer with the same indices is consistent. Returns the
/// temporary (a new one when it was dynamic).
FailureOr<Operation *> boundDynamicSizes(Operation *allocation) {
  auto type = cast<MemRefType>(allocation->getResult(0).getType());
  if (!type.getLayout().isIdentity())
    return failure();
  if (type.hasStaticShape())
    return allocation;
  if (llvm::any_of(allocation->getResult(0).getUsers(),
                   [](Operation *user) {
                     return !isa<memref::LoadOp, memref::StoreOp,
                                 memref::DeallocOp>(user);
                   }))
    return failure();
  SmallVector<int64_t> shape;
  unsigned dynamic = 0;
  for (int64_t size : type.getShape()) {
    if (!ShapedType::isDynamic(size)) {
      shape.push_back(size);
      continue;
    }
    Value value = allocation->getOperand(dynamic++);
    FailureOr<int64_t> bound = ValueBoundsConstraintSet::computeConstantBound(
        presburger::BoundType::UB, ValueBoundsConstraintSet::Variable(value),
        /*stopCondition=*/nullptr, /*closedUB=*/true);
    if (failed(bound) || *bound < 0)
      return failure();
    shape.push_back(*bound);
  }
  OpBuilder b(allocation);
  auto bounded = memref::AllocOp::create(
      b, allocation->getLoc(), MemRefType::get(shape, type.getElementType()));
  allocation->getResult(0).replaceAllUsesWith(bounded.getResult());
  allocation->erase();
  return bounded.getOperation();
}

/// The id of this workgroup among all of the grid's, x fastest (0 for a
/// kernel without workgroup ids).
Value getLinearWorkgroupId(OpBuilder &b, func::FuncOp func) {
  Location loc = func.getLoc();
  SmallVector<Value, 3> ids(3);
  for (BlockArgument arg : func.getArguments())
    if (auto id = func.getArgAttrOfType<IntegerAttr>(
            arg.getArgNumber(), kiln::cpu::kWorkgroupIdAttr))
      if (id.getInt() >= 0 && id.getInt() < 3)
        ids[id.getInt()] = arg;
  auto grid =
      func->getAttrOfType<DenseI64ArrayAttr>(kiln::cpu::kWorkgroupCountAttr);
  Value linear = arith::ConstantIndexOp::create(b, loc, 0);
  for (int d = 2; d >= 0; --d) {
    if (!ids[d] || !grid || grid.size() != 3)
      continue;
    Value count = arith::ConstantIndexOp::create(b, loc, grid[d]);
    linear = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, linear, count), ids[d]);
  }
  return linear;
}

/// The workgroups of the kernel's grid.
int64_t getWorkgroupCount(func::FuncOp func) {
  auto grid =
      func->getAttrOfType<DenseI64ArrayAttr>(kiln::cpu::kWorkgroupCountAttr);
  int64_t count = 1;
  if (grid)
    for (int64_t size : grid.asArrayRef())
      count *= std::max<int64_t>(size, 1);
  return count;
}

/// Places the kernel's temporaries where every invocation of the workgroup
/// sees the same bytes: the smallest in workgroup memory while they fit,
/// the rest in scratch buffers, one more argument each (`kScratchAttr`),
/// holding a slice per workgroup.
LogicalResult placeTemporaries(func::FuncOp func) {
  SmallVector<Operation *> allocations;
  func.walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::AllocaOp>(op))
      allocations.push_back(op);
  });
  auto bytesOf = [](Operation *allocation) {
    auto type = cast<MemRefType>(allocation->getResult(0).getType());
    return type.getNumElements() *
           llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  };
  SmallVector<Operation *> temporaries;
  for (Operation *allocation : allocations) {
    // Only its shape mattered (an input a linalg op never reads).
    if (llvm::all_of(allocation->getUsers(), [](Operation *user) {
          return isa<memref::DeallocOp>(user);
        })) {
      for (Operation *user :
           llvm::make_early_inc_range(allocation->getUsers()))
        user->erase();
      allocation->erase();
      continue;
    }
    FailureOr<Operation *> bounded = boundDynamicSizes(allocation);
    if (failed(bounded))
      return allocation->emitOpError("needs a dense temporary of bounded "
                                     "size");
    allocation = *bounded;
    // A temporary of one loop iteration (a recurrence's gates) can be the
    // same buffer in every iteration: its contents start undefined anyway.
    if (allocation->getParentOp() != func) {
      Region *scope = allocation->getParentRegion();
      if (allocation->getNumOperands() != 0 ||
          !llvm::all_of(allocation->getUsers(), [&](Operation *user) {
            return scope->isAncestor(user->getParentRegion()) &&
                   isa<memref::LoadOp, memref::StoreOp, memref::DeallocOp>(
                       user);
          }))
        return allocation->emitOpError(
            "inside a loop, used beyond an iteration, is not supported by "
            "the Vulkan target");
      allocation->moveBefore(&func.getBody().front(),
                             func.getBody().front().begin());
    }
    for (Operation *user :
         llvm::make_early_inc_range(allocation->getResult(0).getUsers())) {
      if (isa<memref::DeallocOp>(user)) {
        user->erase();
        continue;
      }
      if (!isa<memref::LoadOp, memref::StoreOp>(user))
        return user->emitOpError(
            "on a temporary is not supported by the Vulkan target");
    }
    temporaries.push_back(allocation);
  }
  llvm::stable_sort(temporaries, [&](Operation *a, Operation *b) {
    return bytesOf(a) < bytesOf(b);
  });

  int64_t shared = 0;
  Value workgroup;
  int64_t workgroups = getWorkgroupCount(func);
  Block &entry = func.getBody().front();
  for (Operation *allocation : temporaries) {
    auto type = cast<MemRefType>(allocation->getResult(0).getType());
    Value replacement;
    if (shared + bytesOf(allocation) <= kWorkgroupMemoryBytes) {
      shared += bytesOf(allocation);
      OpBuilder b(allocation);
      replacement = memref::AllocOp::create(
          b, allocation->getLoc(),
          MemRefType::get(type.getShape(), type.getElementType(),
                          MemRefLayoutAttrInterface{},
                          b.getI64IntegerAttr(kWorkgroupMemorySpace)));
      allocation->getResult(0).replaceAllUsesWith(replacement);
      allocation->erase();
      continue;
    }
    // A scratch buffer: [workgroups, shape...], this workgroup's slice.
    if (!workgroup) {
      OpBuilder b(&entry, entry.begin());
      workgroup = getLinearWorkgroupId(b, func);
    }
    SmallVector<int64_t> shape = {workgroups};
    llvm::append_range(shape, type.getShape());
    auto scratchType = MemRefType::get(shape, type.getElementType());
    if (failed(func.insertArgument(
            func.getNumArguments(), scratchType,
            DictionaryAttr::get(func.getContext(),
                                {NamedAttribute(
                                    StringAttr::get(func.getContext(),
                                                    kiln::vulkan::kScratchAttr),
                                    UnitAttr::get(func.getContext()))}),
            allocation->getLoc())))
      return failure();
    Value scratch = func.getArguments().back();
    for (Operation *user :
         llvm::make_early_inc_range(allocation->getResult(0).getUsers())) {
      OpBuilder b(user);
      if (auto load = dyn_cast<memref::LoadOp>(user)) {
        SmallVector<Value> indices = {workgroup};
        llvm::append_range(indices, load.getIndices());
        load.replaceAllUsesWith(
            memref::LoadOp::create(b, load.getLoc(), scratch, indices)
                .getResult());
        load.erase();
      } else {
        auto store = cast<memref::StoreOp>(user);
        SmallVector<Value> indices = {workgroup};
        llvm::append_range(indices, store.getIndices());
        memref::StoreOp::create(b, store.getLoc(), store.getValue(), scratch,
                                indices);
        store.erase();
      }
    }
    allocation->erase();
  }
  return success();
}

struct DistributeToInvocationsPass
    : public kiln::vulkan::impl::DistributeToInvocationsPassBase<
          DistributeToInvocationsPass> {
  using Base::Base;

  /// Distributes the steps of `block` (the kernel's, or the body of a
  /// sequential loop around parallel work, which every invocation runs).
  LogicalResult distributeSteps(Block &block, Value tid, Value first,
                                ArrayRef<Operation *> skipped) {
    OpBuilder b(block.getParentOp()->getContext());
    if (subgroupReductions)
      wrapSingleReductions(block);
    SmallVector<Operation *> steps;
    for (Operation &op : block.without_terminator())
      steps.push_back(&op);
    StepAccesses pending; // memory touched since the last barrier
    for (Operation *op : steps) {
      if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp>(op) ||
          llvm::is_contained(skipped, op) || isMemoryEffectFree(op))
        continue;
      StepAccesses accesses;
      accesses.add(op);
      bool writes = accesses.writesMemory();
      if (pending.conflictsWith(accesses)) {
        b.setInsertionPoint(op);
        gpu::BarrierOp::create(b, op->getLoc());
        pending = StepAccesses();
      }
      pending.merge(accesses);
      if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
        std::optional<RowReduction> rows =
            subgroupReductions ? getCooperativeRows(loop, workgroupSize)
                               : std::nullopt;
        if (rows) {
          OpBuilder entry(&getOperation().getBody().front(),
                          getOperation().getBody().front().begin());
          Value partials = memref::AllocOp::create(
              entry, loop.getLoc(),
              MemRefType::get({workgroupSize}, rows->init.getType()));
          reduceTogether(loop, *rows, tid, first, workgroupSize, partials);
          continue;
        }
        if (failed(distribute(loop, tid, workgroupSize)))
          return failure();
        continue;
      }
      if (!writes)
        continue;
      // A sequential loop around parallel work (a recurrence over time
      // steps): every invocation runs it, its body distributed in turn,
      // with a barrier at the end of each iteration.
      auto loop = dyn_cast<scf::ForOp>(op);
      bool aroundParallel =
          loop && loop.getBody()
                      ->walk([](scf::ParallelOp) { return WalkResult::interrupt(); })
                      .wasInterrupted();
      if (aroundParallel) {
        if (failed(distributeSteps(*loop.getBody(), tid, first, skipped)))
          return failure();
        b.setInsertionPoint(loop.getBody()->getTerminator());
        gpu::BarrierOp::create(b, loop.getLoc());
        continue;
      }
      // Other writes (a scalar result, a loop over a whole reduction) are
      // made by one invocation.
      if (op->getNumResults() != 0 && !op->use_empty())
        return op->emitOpError("writes memory and has uses: cannot run it on "
                               "one invocation");
      b.setInsertionPoint(op);
      auto guard = scf::IfOp::create(b, op->getLoc(), first);
      op->moveBefore(guard.thenBlock()->getTerminator());
    }
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitOpError("with several blocks cannot be distributed");
      return signalPassFailure();
    }
    if (failed(materializeConstants(func)) || failed(lowerToLoops(func)))
      return signalPassFailure();
    carryAccumulators(func);

    Block &entry = func.getBody().front();
    OpBuilder b(&entry, entry.begin());
    Location loc = func.getLoc();
    Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, tid,
                                        zero);

    SmallVector<Operation *> skipped = {tid.getDefiningOp(),
                                        zero.getDefiningOp(),
                                        first.getDefiningOp()};
    if (failed(distributeSteps(entry, tid, first, skipped)))
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    memref::populateFoldMemRefAliasOpPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))) ||
        failed(placeTemporaries(func)))
      return signalPassFailure();
  }
};

} // namespace
