// SPDX-License-Identifier: Apache-2.0
//===- LossLowering.cpp - ONNX losses to linalg ---------------------------===//
//
// NegativeLogLikelihoodLoss is one linalg.generic over the targets with two
// results: each element's weighted negative log-probability (read with
// tensor.extract at the target class) and its weight (0 for ignore_index).
// "sum" and "mean" reduce both; "mean" divides by the weights' sum, as
// ONNX defines it. SoftmaxCrossEntropyLoss is the same on the
// log-softmax of its scores over the class dim, which is its second result.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The NLL loss of `logProb` [N, C, d...] at `target` [N, d...].
FailureOr<Value> buildNLLLoss(Operation *op, OpBuilder &b, Location loc,
                              Value logProb, Value target, Value weight,
                              std::optional<int64_t> ignoreIndex,
                              StringRef reduction,
                              RankedTensorType resultType) {
  auto targetType = cast<RankedTensorType>(target.getType());
  auto inputType = cast<RankedTensorType>(logProb.getType());
  Type type = inputType.getElementType();
  int64_t rank = targetType.getRank();
  if (inputType.getRank() != rank + 1)
    return emitLoweringError(op, "the input must have one dim more than the "
                                 "target");
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, target);
  auto lossType = RankedTensorType::get(targetType.getShape(), type);
  Value lossInit = createEmpty(b, loc, lossType, sizes);
  Value weightInit = createEmpty(b, loc, lossType, sizes);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{lossType, lossType}, ValueRange{target},
      ValueRange{lossInit, weightInit}, {identity, identity, identity},
      iterators, [&](OpBuilder &nb, Location l, ValueRange args) {
        Value t = args[0];
        Value ignored = createConstant(nb, l, nb.getI1Type(), 0);
        if (ignoreIndex)
          ignored = arith::CmpIOp::create(
              nb, l, arith::CmpIPredicate::eq, t,
              createIntConstant(nb, l, t.getType(), *ignoreIndex));
        // An ignored target reads class 0 (its weight is 0).
        Value cls = arith::SelectOp::create(
            nb, l, ignored, createIntConstant(nb, l, t.getType(), 0), t);
        cls = arith::IndexCastOp::create(nb, l, nb.getIndexType(), cls);
        SmallVector<Value> position;
        position.push_back(linalg::IndexOp::create(nb, l, 0));
        position.push_back(cls);
        for (int64_t dim = 1; dim < rank; ++dim)
          position.push_back(linalg::IndexOp::create(nb, l, dim));
        Value value = tensor::ExtractOp::create(nb, l, logProb, position);
        Value w =
            weight ? tensor::ExtractOp::create(nb, l, weight, cls).getResult()
                   : createConstant(nb, l, type, 1);
        w = arith::SelectOp::create(nb, l, ignored,
                                    createConstant(nb, l, type, 0), w);
        Value loss = arith::NegFOp::create(
            nb, l, arith::MulFOp::create(nb, l, value, w));
        linalg::YieldOp::create(nb, l, ValueRange{loss, w});
      });
  Value losses = generic.getResult(0), weights = generic.getResult(1);
  if (reduction == "none")
    return castToType(b, loc, losses, resultType);
  if (reduction != "sum" && reduction != "mean")
    return emitLoweringError(op, "unknown reduction '" + reduction + "'");
  SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  auto sum = [&](Value value) {
    return buildReduction(b, loc, value, all, createConstant(b, loc, type, 0),
                          [](OpBuilder &nb, Location l, ValueRange args) {
                            return arith::AddFOp::create(nb, l, args[0],
                                                         args[1]);
                          });
  };
  Value total = sum(losses);
  if (reduction == "mean") {
    Value weightSum = sum(weights);
    total = buildElementwise(
        b, loc, {total, weightSum}, cast<RankedTensorType>(total.getType()),
        [](OpBuilder &nb, Location l, ValueRange args) {
          return arith::DivFOp::create(nb, l, args[0], args[1]);
        });
  }
  return castToType(b, loc, total, resultType);
}

std::optional<int64_t> getIgnoreIndex(std::optional<uint64_t> attr) {
  if (!attr)
    return std::nullopt;
  return static_cast<int64_t>(*attr);
}

struct NLLLossLowering : KilnPattern<NegativeLogLikelihoodLossOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(NegativeLogLikelihoodLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    FailureOr<Value> loss = buildNLLLoss(
        op, rewriter, op.getLoc(), adaptor.getInput(), adaptor.getTarget(),
        adaptor.getWeight(), getIgnoreIndex(op.getIgnoreIndex()),
        op.getReduction(), convertedType(op.getLoss()));
    if (failed(loss))
      return failure();
    rewriter.replaceOp(op, *loss);
    return success();
  }
};

struct SoftmaxCrossEntropyLossLowering
    : KilnPattern<SoftmaxCrossEntropyLossOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(SoftmaxCrossEntropyLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value logProb =
        buildSoftmax(rewriter, loc, adaptor.getScores(), 1, /*log=*/true);
    FailureOr<Value> loss =
        buildNLLLoss(op, rewriter, loc, logProb, adaptor.getLabels(),
                     adaptor.getWeights(), getIgnoreIndex(op.getIgnoreIndex()),
                     op.getReduction(), convertedType(op.getOutput()));
    if (failed(loss))
      return failure();
    rewriter.replaceOp(op, {*loss, castToType(rewriter, loc, logProb,
                                              convertedType(op.getLogProb()))});
    return success();
  }
};

} // namespace

void mlir::kiln::populateLossLoweringPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<NLLLossLowering, SoftmaxCrossEntropyLossLowering>(
      converter, patterns.getContext());
}
