// SPDX-License-Identifier: Apache-2.0
//===- FuseElementwiseProducers.cpp - producers computed in consumers -----===//
//
// A GPU kernel holds what one op produces for the next in a temporary that
// every invocation of the workgroup can read: workgroup memory, or a scratch
// buffer when it does not fit. An elementwise producer whose every element
// one consumer iteration reads can instead be computed where it is read.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/vulkan/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln::vulkan {
#define GEN_PASS_DEF_FUSEELEMENTWISEPRODUCERSPASS
#include "compiler/targets/vulkan/Passes.h.inc"
} // namespace mlir::kiln::vulkan

using namespace mlir;

namespace {

/// Whether `input` is produced by an elementwise generic used only here,
/// and either its consumer's indexing map for it involves every consumer
/// loop, or it has dynamic sizes (a workgroup's share of it would be a
/// temporary of unbounded size: computing it again for each use is the
/// only way to run it).
bool isFusableProducer(OpOperand &input) {
  auto producer = input.get().getDefiningOp<linalg::LinalgOp>();
  if (!producer || !producer->hasOneUse() || producer->getNumResults() != 1 ||
      producer.getNumLoops() != producer.getNumParallelLoops() ||
      !producer.hasPureTensorSemantics())
    return false;
  auto consumer = cast<linalg::LinalgOp>(input.getOwner());
  if (!consumer.hasPureTensorSemantics() || !consumer.isDpsInput(&input))
    return false;
  if (!cast<ShapedType>(input.get().getType()).hasStaticShape())
    return true;
  AffineMap map = consumer.getMatchingIndexingMap(&input);
  for (unsigned d = 0; d < map.getNumDims(); ++d)
    if (!map.isFunctionOfDim(d))
      return false;
  return true;
}

/// Fuses one producer into its consumer; false when no candidate is left.
/// Candidates that cannot fuse are remembered in `failed` (consumer,
/// operand number) and skipped.
bool fuseOne(IRRewriter &rewriter, func::FuncOp func,
             DenseSet<std::pair<Operation *, unsigned>> &failed) {
  OpOperand *target = nullptr;
  func.walk([&](linalg::LinalgOp consumer) {
    for (OpOperand *input : consumer.getDpsInputOperands())
      if (!failed.contains({consumer, input->getOperandNumber()}) &&
          isFusableProducer(*input)) {
        target = input;
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  if (!target)
    return false;
  auto consumer = cast<linalg::LinalgOp>(target->getOwner());
  unsigned operandNumber = target->getOperandNumber();
  // Named ops (pooling, transpose) fuse as the generics they stand for.
  auto generalize = [&](linalg::LinalgOp op) -> FailureOr<linalg::LinalgOp> {
    if (isa<linalg::GenericOp>(op.getOperation()))
      return op;
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::GenericOp> generic =
        linalg::generalizeNamedOp(rewriter, op);
    if (::mlir::failed(generic))
      return failure();
    return cast<linalg::LinalgOp>(generic->getOperation());
  };
  FailureOr<linalg::LinalgOp> generalProducer =
      generalize(target->get().getDefiningOp<linalg::LinalgOp>());
  FailureOr<linalg::LinalgOp> generalConsumer = generalize(consumer);
  if (::mlir::failed(generalProducer) || ::mlir::failed(generalConsumer)) {
    failed.insert({consumer, operandNumber});
    return true;
  }
  consumer = *generalConsumer;
  target = &consumer->getOpOperand(operandNumber);
  Operation *producer = *generalProducer;
  rewriter.setInsertionPoint(consumer);
  FailureOr<linalg::ElementwiseOpFusionResult> fused =
      linalg::areElementwiseOpsFusable(target)
          ? linalg::fuseElementwiseOps(rewriter, target)
          : FailureOr<linalg::ElementwiseOpFusionResult>(failure());
  if (::mlir::failed(fused)) {
    failed.insert({consumer, operandNumber});
    return true;
  }
  for (auto [original, replacement] : fused->replacements)
    rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
      return use.getOwner() != fused->fusedOp;
    });
  for (Operation *op : {consumer.getOperation(), producer})
    if (op->use_empty())
      rewriter.eraseOp(op);
  return true;
}

/// The size of dim `d` of `value`, taken from the destination it was
/// computed into (so that reading the size is no use of the value itself).
Value getSize(OpBuilder &b, Location loc, Value value, int64_t d) {
  auto type = cast<RankedTensorType>(value.getType());
  if (!type.isDynamicDim(d))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
  if (auto dps = value.getDefiningOp<DestinationStyleOpInterface>())
    if (OpOperand *init = dps.getTiedOpOperand(cast<OpResult>(value)))
      return getSize(b, loc, init->get(), d);
  if (auto empty = value.getDefiningOp<tensor::EmptyOp>())
    return empty.getDynamicSize(d);
  return tensor::DimOp::create(b, loc, value, d);
}

/// Rewrites `pad` (static low padding, a constant padding value) as an
/// all-parallel generic over the padded shape that reads its source with
/// tensor.extract at clamped indices and selects the padding value outside
/// it: an elementwise op its consumers can then take in.
LogicalResult convertPadToGeneric(IRRewriter &rewriter, tensor::PadOp pad) {
  Value padding = pad.getConstantPaddingValue();
  if (!padding || ShapedType::isDynamicShape(pad.getStaticLow()))
    return failure();
  rewriter.setInsertionPoint(pad);
  Location loc = pad.getLoc();
  RankedTensorType type = pad.getResultType();
  Value source = pad.getSource();
  SmallVector<Value> sourceSizes;
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    sourceSizes.push_back(getSize(rewriter, loc, source, d));
    if (!type.isDynamicDim(d))
      continue;
    Value padded = arith::AddIOp::create(
        rewriter, loc, sourceSizes.back(),
        arith::ConstantIndexOp::create(rewriter, loc, pad.getStaticLow()[d]));
    dynamicSizes.push_back(arith::AddIOp::create(
        rewriter, loc, padded,
        getValueOrCreateConstantIndexOp(rewriter, loc,
                                        pad.getMixedHighPad()[d])));
  }
  Value init = tensor::EmptyOp::create(rewriter, loc, type, dynamicSizes);
  int64_t rank = type.getRank();
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
      rewriter.getMultiDimIdentityMap(rank), iterators,
      [&](OpBuilder &b, Location loc, ValueRange) {
        Value inside = arith::ConstantIntOp::create(b, loc, 1, 1);
        Value zero = arith::ConstantIndexOp::create(b, loc, 0);
        SmallVector<Value> indices;
        for (int64_t d = 0; d < rank; ++d) {
          Value index = linalg::IndexOp::create(b, loc, d);
          int64_t low = pad.getStaticLow()[d];
          if (low == 0 && isZeroInteger(pad.getMixedHighPad()[d])) {
            indices.push_back(index);
            continue;
          }
          Value shifted = arith::SubIOp::create(
              b, loc, index, arith::ConstantIndexOp::create(b, loc, low));
          Value size = sourceSizes[d];
          Value last = arith::SubIOp::create(
              b, loc, size, arith::ConstantIndexOp::create(b, loc, 1));
          Value above = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::sge, shifted, zero);
          Value below = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::slt, shifted, size);
          inside = arith::AndIOp::create(
              b, loc, inside, arith::AndIOp::create(b, loc, above, below));
          indices.push_back(arith::MaxSIOp::create(
              b, loc, zero, arith::MinSIOp::create(b, loc, shifted, last)));
        }
        Value value = tensor::ExtractOp::create(b, loc, source, indices);
        linalg::YieldOp::create(
            b, loc,
            ValueRange{arith::SelectOp::create(b, loc, inside, value, padding)});
      });
  rewriter.replaceOp(pad, generic.getResults());
  return success();
}

/// Whether inlineIntoExtracts can compute `producer` where it is read: an
/// elementwise generic with an identity output map and a body that ignores
/// its output.
bool canInlineIntoExtracts(linalg::GenericOp producer) {
  if (producer->getNumResults() != 1 || !producer.hasPureTensorSemantics() ||
      producer.getNumLoops() != producer.getNumParallelLoops() ||
      !producer.getIndexingMapsArray().back().isIdentity() ||
      producer.payloadUsesValueFromOperand(producer.getDpsInitOperand(0)))
    return false;
  return llvm::all_of(producer.getDpsInputOperands(), [&](OpOperand *input) {
    return producer.getMatchingIndexingMap(input).isProjectedPermutation();
  });
}

/// Computes `producer` where each tensor.extract reads it, when extracts
/// are its only users: the pad generics' reads of a fused ReLU, say.
LogicalResult inlineIntoExtracts(IRRewriter &rewriter,
                                 linalg::GenericOp producer) {
  if (!canInlineIntoExtracts(producer) || producer->use_empty() ||
      !llvm::all_of(producer->getUsers(),
                    [](Operation *user) { return isa<tensor::ExtractOp>(user); }))
    return failure();
  Block &body = producer->getRegion(0).front();
  for (Operation *user : llvm::make_early_inc_range(producer->getUsers())) {
    auto extract = cast<tensor::ExtractOp>(user);
    rewriter.setInsertionPoint(extract);
    IRMapping mapping;
    ValueRange indices = extract.getIndices();
    for (OpOperand *input : producer.getDpsInputOperands()) {
      AffineMap map = producer.getMatchingIndexingMap(input);
      SmallVector<Value> at;
      for (AffineExpr result : map.getResults())
        at.push_back(indices[cast<AffineDimExpr>(result).getPosition()]);
      Value element =
          isa<RankedTensorType>(input->get().getType())
              ? tensor::ExtractOp::create(rewriter, extract.getLoc(),
                                          input->get(), at)
                    .getResult()
              : input->get();
      mapping.map(body.getArgument(input->getOperandNumber()), element);
    }
    for (Operation &op : body.without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(op)) {
        mapping.map(index.getResult(), indices[index.getDim()]);
        continue;
      }
      rewriter.clone(op, mapping);
    }
    Value result = mapping.lookup(body.getTerminator()->getOperand(0));
    rewriter.replaceOp(extract, result);
  }
  rewriter.eraseOp(producer);
  return success();
}

struct FuseElementwiseProducersPass
    : public kiln::vulkan::impl::FuseElementwiseProducersPassBase<
          FuseElementwiseProducersPass> {
  void runOnOperation() override {
    // A slice of a filled tensor (an RNN's initial state) is a fill of a
    // slice-sized tensor: no temporary of the whole.
    RewritePatternSet patterns(&getContext());
    linalg::populateSwapExtractSliceWithFillPatterns(patterns);
    tensor::populateFoldTensorEmptyPatterns(patterns);
    tensor::CastOp::getCanonicalizationPatterns(patterns, &getContext());
    tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns,
                                                        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    // Pads become generics reading their source; elementwise producers of
    // that source are computed where it is read.
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    for (tensor::PadOp pad : pads) {
      // A producer the generic could not take in would stay a temporary
      // the size of the whole source: leave such pads alone.
      auto producer = pad.getSource().getDefiningOp<linalg::GenericOp>();
      if (pad.getSource().getDefiningOp() &&
          (!producer || !pad.getSource().hasOneUse() ||
           !canInlineIntoExtracts(producer)))
        continue;
      if (failed(convertPadToGeneric(rewriter, pad)))
        continue;
      if (producer && failed(inlineIntoExtracts(rewriter, producer))) {
        getOperation().emitOpError("cannot compute a padded producer in place");
        return signalPassFailure();
      }
    }
    DenseSet<std::pair<Operation *, unsigned>> failed;
    while (fuseOne(rewriter, getOperation(), failed)) {
    }
  }
};

} // namespace
