// SPDX-License-Identifier: Apache-2.0
//===- NNNormOps.cpp - normalization, dropout and loss type inference -----===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::kiln;

/// Checks that `value` (if present) is a 1-D tensor whose size agrees with
/// `size`, and refines `size` with it.
static LogicalResult checkVector(std::optional<Location> loc, StringRef opName,
                                 StringRef name, Value value, int64_t &size) {
  if (!value)
    return success();
  auto type = dyn_cast<TensorType>(value.getType());
  if (!type)
    return emitOptionalError(loc, opName, " ", name, " must be a tensor");
  if (type.hasRank() && type.getRank() != 1)
    return emitOptionalError(loc, opName, " ", name, " must be 1-D, got ",
                             type);
  int64_t expected = size;
  if (failed(mergeDim(size, getDim(type, 0))))
    return emitOptionalError(loc, opName, " ", name, " has ", getDim(type, 0),
                             " elements, expected ", expected);
  return success();
}

/// Checks that `value` (if present and ranked) is a scalar.
static LogicalResult checkScalar(std::optional<Location> loc, StringRef opName,
                                 StringRef name, Value value) {
  if (!value)
    return success();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && type.getRank() != 0)
    return emitOptionalError(loc, opName, " ", name, " must be a scalar, got ",
                             type);
  return success();
}

/// Resolves `axis` for an input of type `type`; std::nullopt when unranked.
static FailureOr<std::optional<int64_t>>
resolveAxis(std::optional<Location> loc, StringRef opName, Type type,
            int64_t axis) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return std::optional<int64_t>();
  FailureOr<int64_t> resolved = normalizeAxis(axis, ranked.getRank());
  if (failed(resolved))
    return emitOptionalError(loc, opName, " axis ", axis,
                             " is out of range for rank ", ranked.getRank());
  return std::optional<int64_t>(*resolved);
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto meanType = dyn_cast<TensorType>(adaptor.getInputMean().getType());
  if (!xType || !meanType)
    return emitOptionalError(loc, "batch_normalization operands must be "
                                  "tensors");
  int64_t trainingMode = adaptor.getTrainingMode();
  if (trainingMode != 0 && trainingMode != 1)
    return emitOptionalError(
        loc, "batch_normalization training_mode must be 0 or 1, got ",
        trainingMode);
  // X is N x C x D1 ... (C is 1 for a 1-D X).
  int64_t channels = ShapedType::kDynamic;
  if (xType.hasRank()) {
    if (xType.getRank() < 1)
      return emitOptionalError(loc,
                               "batch_normalization input must have "
                               "rank >= 1, got ",
                               xType);
    channels = xType.getRank() > 1 ? xType.getDimSize(1) : 1;
  }
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", adaptor.getScale()},
        {"B", adaptor.getB()},
        {"input_mean", adaptor.getInputMean()},
        {"input_var", adaptor.getInputVar()}})
    if (failed(checkVector(loc, "batch_normalization", name, value, channels)))
      return failure();
  auto statsType = RankedTensorType::get({channels}, meanType.getElementType());
  inferred.push_back(xType);
  inferred.push_back(statsType);
  inferred.push_back(statsType);
  return success();
}

//===----------------------------------------------------------------------===//
// InstanceNormalization
//===----------------------------------------------------------------------===//

LogicalResult InstanceNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getInput().getType());
  if (!xType)
    return emitOptionalError(loc, "instance_normalization input must be a "
                                  "tensor");
  if (xType.hasRank() && xType.getRank() < 2)
    return emitOptionalError(loc,
                             "instance_normalization input must have "
                             "rank >= 2 (N x C x ...), got ",
                             xType);
  int64_t channels = getDim(xType, 1);
  if (failed(checkVector(loc, "instance_normalization", "scale",
                         adaptor.getScale(), channels)) ||
      failed(checkVector(loc, "instance_normalization", "B", adaptor.getB(),
                         channels)))
    return failure();
  inferred.push_back(xType);
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormalization
//===----------------------------------------------------------------------===//

LogicalResult LayerNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, "layer_normalization input must be a tensor");
  FailureOr<std::optional<int64_t>> axis =
      resolveAxis(loc, "layer_normalization", xType, adaptor.getAxis());
  if (failed(axis))
    return failure();
  Type stashType = adaptor.getStashType().value_or(Float32Type::get(context));
  inferred.push_back(xType);
  if (!*axis) {
    inferred.append(2, UnrankedTensorType::get(stashType));
    return success();
  }
  // Mean and InvStdDev keep X's dims before `axis` and reduce the others.
  SmallVector<int64_t> statsShape(xType.getShape());
  std::fill(statsShape.begin() + **axis, statsShape.end(), 1);
  inferred.append(2, RankedTensorType::get(statsShape, stashType));
  return success();
}

//===----------------------------------------------------------------------===//
// GroupNormalization
//===----------------------------------------------------------------------===//

LogicalResult GroupNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, "group_normalization input must be a tensor");
  int64_t numGroups = adaptor.getNumGroups();
  if (numGroups < 1)
    return emitOptionalError(loc,
                             "group_normalization num_groups must be "
                             ">= 1, got ",
                             numGroups);
  if (xType.hasRank() && xType.getRank() < 2)
    return emitOptionalError(loc,
                             "group_normalization input must have rank "
                             ">= 2 (N x C x ...), got ",
                             xType);
  int64_t channels = getDim(xType, 1);
  if (!ShapedType::isDynamic(channels) && channels % numGroups != 0)
    return emitOptionalError(loc, "group_normalization channels ", channels,
                             " are not a multiple of num_groups ", numGroups);
  // The opset 21 form: one scale and bias per channel.
  if (failed(checkVector(loc, "group_normalization", "scale",
                         adaptor.getScale(), channels)) ||
      failed(checkVector(loc, "group_normalization", "bias", adaptor.getBias(),
                         channels)))
    return failure();
  inferred.push_back(xType);
  return success();
}

//===----------------------------------------------------------------------===//
// RMSNormalization
//===----------------------------------------------------------------------===//

LogicalResult RMSNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto scaleType = dyn_cast<TensorType>(adaptor.getScale().getType());
  if (!xType || !scaleType)
    return emitOptionalError(loc, "rms_normalization operands must be tensors");
  if (failed(resolveAxis(loc, "rms_normalization", xType, adaptor.getAxis())))
    return failure();
  inferred.push_back(xType.clone(scaleType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// LpNormalization, MeanVarianceNormalization, LRN
//===----------------------------------------------------------------------===//

LogicalResult LpNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  Type type = adaptor.getInput().getType();
  if (!isa<TensorType>(type))
    return emitOptionalError(loc, "lp_normalization input must be a tensor");
  if (failed(resolveAxis(loc, "lp_normalization", type, adaptor.getAxis())))
    return failure();
  inferred.push_back(type);
  return success();
}

LogicalResult LpNormalizationOp::verify() {
  int64_t p = getP();
  if (p != 1 && p != 2)
    return emitOpError() << "p must be 1 or 2, got " << p;
  return success();
}

LogicalResult MeanVarianceNormalizationOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  Type type = adaptor.getX().getType();
  if (!isa<TensorType>(type))
    return emitOptionalError(loc, "mean_variance_normalization input must be "
                                  "a tensor");
  for (int64_t axis : adaptor.getAxes())
    if (failed(resolveAxis(loc, "mean_variance_normalization", type, axis)))
      return failure();
  inferred.push_back(type);
  return success();
}

LogicalResult LRNOp::inferResultTypes(MLIRContext *context,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getX().getType());
  return success();
}

LogicalResult LRNOp::verify() {
  int64_t size = getSize();
  if (size < 1)
    return emitOpError() << "size must be >= 1, got " << size;
  return success();
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

LogicalResult DropoutOp::inferResultTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto dataType = dyn_cast<TensorType>(adaptor.getData().getType());
  if (!dataType)
    return emitOptionalError(loc, "dropout data must be a tensor");
  if (failed(checkScalar(loc, "dropout", "ratio", adaptor.getRatio())) ||
      failed(checkScalar(loc, "dropout", "training_mode",
                         adaptor.getTrainingMode())))
    return failure();
  inferred.push_back(dataType);
  inferred.push_back(dataType.clone(IntegerType::get(context, 1)));
  return success();
}

namespace {
/// Outside training, Dropout passes `data` through: forward it to the users
/// of `output`, and drop the op when its mask is unused.
struct ForwardInferenceDropout : OpRewritePattern<DropoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DropoutOp op,
                                PatternRewriter &rewriter) const override {
    if (Value training = op.getTrainingMode()) {
      DenseIntElementsAttr value;
      if (!matchPattern(training, m_Constant(&value)) || !value.isSplat() ||
          value.getSplatValue<APInt>().getBoolValue())
        return rewriter.notifyMatchFailure(op, "may be in training mode");
    }
    if (op.getData().getType() != op.getOutput().getType())
      return rewriter.notifyMatchFailure(op, "output type differs from data");
    bool changed = !op.getOutput().use_empty();
    rewriter.replaceAllUsesWith(op.getOutput(), op.getData());
    if (op.getMask().use_empty()) {
      rewriter.eraseOp(op);
      return success();
    }
    return success(changed);
  }
};
} // namespace

void DropoutOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ForwardInferenceDropout>(context);
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// Shared by NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: `input`
/// is N x C x d1 ... dk, `target` N x d1 ... dk and `weight` C. Pushes the
/// loss type: target's shape for reduction "none", else a scalar.
static LogicalResult inferLossType(std::optional<Location> loc,
                                   StringRef opName, Value input, Value target,
                                   Value weight, StringRef reduction,
                                   SmallVectorImpl<Type> &inferred) {
  auto inputType = dyn_cast<TensorType>(input.getType());
  auto targetType = dyn_cast<TensorType>(target.getType());
  if (!inputType || !targetType)
    return emitOptionalError(loc, opName, " operands must be tensors");
  Type elementType = inputType.getElementType();
  if (weight) {
    auto weightType = dyn_cast<TensorType>(weight.getType());
    if (!weightType || weightType.getElementType() != elementType)
      return emitOptionalError(loc, opName,
                               " weight must have the input's element type, "
                               "got ",
                               weight.getType());
  }
  if (inputType.hasRank() && inputType.getRank() < 2)
    return emitOptionalError(loc, opName,
                             " input must have rank >= 2 (N x C x ...), got ",
                             inputType);
  if (inputType.hasRank() && targetType.hasRank() &&
      targetType.getRank() != inputType.getRank() - 1)
    return emitOptionalError(loc, opName, " target must have rank ",
                             inputType.getRank() - 1, ", got ", targetType);

  int64_t classes = getDim(inputType, 1);
  if (failed(checkVector(loc, opName, "weight", weight, classes)))
    return failure();
  if (reduction != "none") {
    inferred.push_back(RankedTensorType::get({}, elementType));
    return success();
  }
  if (!inputType.hasRank() && !targetType.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  // The loss per element has target's shape [N, d1, ..., dk], which is
  // input's without dim 1.
  int64_t rank =
      targetType.hasRank() ? targetType.getRank() : inputType.getRank() - 1;
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  for (int64_t i = 0; i < rank; ++i) {
    int64_t targetDim = getDim(targetType, i);
    int64_t inputDim = getDim(inputType, i == 0 ? 0 : i + 1);
    if (failed(mergeDim(shape[i], targetDim)) ||
        failed(mergeDim(shape[i], inputDim)))
      return emitOptionalError(loc, opName, " target shape ", targetType,
                               " does not match input shape ", inputType);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

/// Checks the `reduction` attribute of a loss.
static LogicalResult checkReduction(Operation *op, StringRef reduction) {
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return op->emitOpError()
           << "reduction must be none, sum or mean, got '" << reduction << "'";
  return success();
}

LogicalResult NegativeLogLikelihoodLossOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferLossType(loc, "negative_log_likelihood_loss", adaptor.getInput(),
                       adaptor.getTarget(), adaptor.getWeight(),
                       adaptor.getReduction(), inferred);
}

LogicalResult NegativeLogLikelihoodLossOp::verify() {
  return checkReduction(*this, getReduction());
}

LogicalResult SoftmaxCrossEntropyLossOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  if (failed(inferLossType(loc, "softmax_cross_entropy_loss",
                           adaptor.getScores(), adaptor.getLabels(),
                           adaptor.getWeights(), adaptor.getReduction(),
                           inferred)))
    return failure();
  inferred.push_back(adaptor.getScores().getType());
  return success();
}

LogicalResult SoftmaxCrossEntropyLossOp::verify() {
  return checkReduction(*this, getReduction());
}
