// SPDX-License-Identifier: Apache-2.0
//===- NormalizationLowering.cpp - ONNX normalizations to linalg ----------===//
//
// Softmax, LogSoftmax, Hardmax, BatchNormalization (inference),
// InstanceNormalization, LayerNormalization, GroupNormalization,
// RMSNormalization, LpNormalization, MeanVarianceNormalization and LRN.
// Statistics are reductions into tensors without the reduced dims; the
// normalized result is one linalg.generic reading them through projected
// indexing maps, so nothing is broadcast in memory. Statistics are computed
// in `stash_type` where the op has one (f32 by default).
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Converts a float scalar to float type `to` (no-op when equal).
Value toType(OpBuilder &b, Location loc, Value x, Type to) {
  return convertScalar(b, loc, x, to, false, false);
}

/// 1 / sqrt(x), as onnxruntime computes it (no approximate rsqrt).
Value reciprocalSqrt(OpBuilder &b, Location loc, Value x) {
  return arith::DivFOp::create(b, loc, createConstant(b, loc, x.getType(), 1.0),
                               math::SqrtOp::create(b, loc, x));
}

/// Mean and reciprocal standard deviation of `x` over `axes`, computed in
/// `statType`, as tensors without the axes: mean = sum(x / n),
/// invStd = 1 / sqrt(sum((x - mean)^2) / n + epsilon).
std::pair<Value, Value> computeMoments(OpBuilder &b, Location loc, Value x,
                                       ArrayRef<int64_t> axes, Type statType,
                                       double epsilon, bool rms = false,
                                       Value *variance = nullptr) {
  MLIRContext *context = b.getContext();
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  Value count = countAsFloat(b, loc, x, axes, statType);
  Value zero = createConstant(b, loc, statType, 0);
  Value mean;
  if (!rms) {
    // Sums x / n in one reduction: the mean is read by two kernels, so a
    // separate division would be a kernel of its own.
    Value scale = arith::DivFOp::create(
        b, loc, createConstant(b, loc, statType, 1.0), count);
    mean = buildReduction(
        b, loc, x, axes, zero,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          return arith::AddFOp::create(
              nb, nloc,
              arith::MulFOp::create(nb, nloc,
                                    toType(nb, nloc, args[0], statType),
                                    scale),
              args[1]);
        });
  }
  // Sum of squared deviations (of x itself for RMS).
  AffineMap dropMap = getDroppingMap(rank, axes, context);
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, x);
  SmallVector<OpFoldResult> sizes;
  SmallVector<int64_t> shape;
  SmallVector<utils::IteratorType> iterators;
  auto xType = cast<RankedTensorType>(x.getType());
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool reduced = llvm::is_contained(axes, dim);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced) {
      sizes.push_back(inputSizes[dim]);
      shape.push_back(xType.getDimSize(dim));
    }
  }
  auto statTensor = RankedTensorType::get(shape, statType);
  Value acc = createFilled(b, loc, statTensor, sizes, zero);
  SmallVector<Value> inputs = {x};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  if (mean) {
    inputs.push_back(mean);
    maps.push_back(dropMap);
  }
  Value squares = buildGeneric(
      b, loc, inputs, maps, dropMap, acc, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value d = toType(nb, nloc, args[0], statType);
        if (args.size() == 3)
          d = arith::SubFOp::create(nb, nloc, d, args[1]);
        return arith::AddFOp::create(nb, nloc, args.back(),
                                     arith::MulFOp::create(nb, nloc, d, d));
      });
  Value invStd = buildElementwise(
      b, loc, squares, statTensor,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value variance = arith::DivFOp::create(nb, nloc, args[0], count);
        Value shifted = arith::AddFOp::create(
            nb, nloc, variance, createConstant(nb, nloc, statType, epsilon));
        return reciprocalSqrt(nb, nloc, shifted);
      });
  if (variance)
    *variance = buildElementwise(
        b, loc, squares, statTensor,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          return arith::DivFOp::create(nb, nloc, args[0], count);
        });
  return {mean, invStd};
}

/// The stash type of an op (f32 when absent).
Type getStashType(OpBuilder &b, std::optional<Type> stash) {
  return stash ? *stash : b.getF32Type();
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

} // namespace

Value mlir::kiln::buildSoftmax(OpBuilder &rewriter, Location loc, Value x,
                               int64_t axis, bool log) {
  MLIRContext *context = rewriter.getContext();
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  Type resultType = cast<RankedTensorType>(x.getType()).getElementType();
  // f16 and bf16 compute in f32 and round once (as onnxruntime does): an
  // f16 sum of the exponentials loses more than f16's precision.
  Type type = resultType.getIntOrFloatBitWidth() < 32 ? rewriter.getF32Type()
                                                      : resultType;
  auto round = [&](OpBuilder &b, Location nloc, Value value) {
    return convertScalar(b, nloc, value, resultType, false, false);
  };
  if (type != resultType)
    x = buildMapped(rewriter, loc, x, {}, type,
                    [&](OpBuilder &b, Location nloc, ValueRange args) {
                      return convertScalar(b, nloc, args[0], type, false,
                                           false);
                    });
  AffineMap dropMap = getDroppingMap(rank, {axis}, context);
  // max, then exp(x - max) and its sum, then the quotient (or
  // x - max - log(sum)).
  Value maximum = buildReduction(
      rewriter, loc, x, {axis}, createLowest(rewriter, loc, type, false),
      [](OpBuilder &b, Location nloc, ValueRange args) {
        return arith::MaximumFOp::create(b, nloc, args[0], args[1]);
      });
  Value exps = buildMapped(
      rewriter, loc, x, {{maximum, dropMap}}, type,
      [](OpBuilder &b, Location nloc, ValueRange args) {
        return math::ExpOp::create(
            b, nloc, arith::SubFOp::create(b, nloc, args[0], args[1]));
      });
  Value sum = buildReduction(
      rewriter, loc, exps, {axis}, createConstant(rewriter, loc, type, 0),
      [](OpBuilder &b, Location nloc, ValueRange args) {
        return arith::AddFOp::create(b, nloc, args[0], args[1]);
      });
  if (!log)
    return buildMapped(
        rewriter, loc, exps, {{sum, dropMap}}, resultType,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          return round(b, nloc,
                       arith::DivFOp::create(b, nloc, args[0], args[1]));
        });
  return buildMapped(
      rewriter, loc, x, {{maximum, dropMap}, {sum, dropMap}}, resultType,
      [&](OpBuilder &b, Location nloc, ValueRange args) {
        Value shifted = arith::SubFOp::create(b, nloc, args[0], args[1]);
        return round(b, nloc,
                     arith::SubFOp::create(
                         b, nloc, shifted,
                         math::LogOp::create(b, nloc, args[2])));
      });
}

namespace {

enum class SoftmaxKind { softmax, logSoftmax, hardmax };

template <typename OpTy> struct SoftmaxLowering : KilnPattern<OpTy> {
  SoftmaxLowering(TypeConverter &converter, MLIRContext *context,
                  SoftmaxKind kind)
      : KilnPattern<OpTy>(converter, context), kind(kind) {}
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getInput();
    int64_t rank = getRankedType(x).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = this->convertedType(op.getOutput());
    Type type = resultType.getElementType();
    AffineMap dropMap = getDroppingMap(rank, {*axis}, context);
    Value result;
    if (kind == SoftmaxKind::hardmax) {
      Value index =
          buildArgReduction(rewriter, loc, x, *axis, true, false, false);
      result = buildMapped(
          rewriter, loc, x, {{index, dropMap}}, type,
          [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
            Value position = arith::IndexCastOp::create(
                b, nloc, b.getI64Type(),
                linalg::IndexOp::create(b, nloc, *axis));
            Value hit = arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::eq,
                                              position, args[1]);
            return arith::SelectOp::create(b, nloc, hit,
                                           createConstant(b, nloc, type, 1),
                                           createConstant(b, nloc, type, 0));
          });
      rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
      return success();
    }
    result = buildSoftmax(rewriter, loc, x, *axis,
                          /*log=*/kind == SoftmaxKind::logSoftmax);
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }

  SoftmaxKind kind;
};

//===----------------------------------------------------------------------===//
// Batch, instance, layer, group and RMS normalization
//===----------------------------------------------------------------------===//

/// The map reading a per-channel tensor [C] in a loop nest of `rank` dims
/// whose channel dim is `dim`.
AffineMap channelMap(int64_t rank, int64_t dim, MLIRContext *context) {
  return AffineMap::get(rank, 0, getAffineDimExpr(dim, context));
}

Value normalize(OpBuilder &b, Location loc, Value x, Value mean, Value invStd,
                AffineMap statMap, Value scale, Value bias, AffineMap paramMap,
                Type type, Type statType);

struct BatchNormLowering : KilnPattern<BatchNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())))
      return failure();
    if (op.getTrainingMode() != 0)
      return lowerTraining(op, adaptor, rewriter);
    if (!op.getRunningMean().use_empty() || !op.getRunningVar().use_empty())
      return emitLoweringError(op, "the running statistics are only "
                                   "computed in training mode");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    if (rank < 2)
      return emitLoweringError(op, "the input needs a channel dim");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    double epsilon = op.getEpsilon().convertToDouble();
    AffineMap c = channelMap(rank, 1, context);
    Value result = buildMapped(
        rewriter, loc, x,
        {{adaptor.getScale(), c},
         {adaptor.getB(), c},
         {adaptor.getInputMean(), c},
         {adaptor.getInputVar(), c}},
        type, [&](OpBuilder &b, Location nloc, ValueRange args) {
          // The statistics may have another float type than X.
          Value scale = toType(b, nloc, args[1], type);
          Value bias = toType(b, nloc, args[2], type);
          Value mean = toType(b, nloc, args[3], type);
          Value var = toType(b, nloc, args[4], type);
          Value invStd = reciprocalSqrt(
              b, nloc,
              arith::AddFOp::create(b, nloc, var,
                                    createConstant(b, nloc, type, epsilon)));
          Value centered = arith::SubFOp::create(b, nloc, args[0], mean);
          Value scaled = arith::MulFOp::create(
              b, nloc, centered, arith::MulFOp::create(b, nloc, invStd, scale));
          return arith::AddFOp::create(b, nloc, scaled, bias);
        });
    // The running statistics are unused outside training.
    Value mean = castToType(
        rewriter, loc, adaptor.getInputMean(),
        getTypeConverter()->convertType(op.getRunningMean().getType()));
    Value var = castToType(
        rewriter, loc, adaptor.getInputVar(),
        getTypeConverter()->convertType(op.getRunningVar().getType()));
    rewriter.replaceOp(
        op, {castToType(rewriter, loc, result, resultType), mean, var});
    return success();
  }

  /// Training mode: normalize with the batch statistics (population
  /// variance over N and the spatial dims) and blend them into the running
  /// ones: input * momentum + batch * (1 - momentum).
  LogicalResult lowerTraining(BatchNormalizationOp op, OpAdaptor adaptor,
                              ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    if (rank < 2)
      return emitLoweringError(op, "the input needs a channel dim");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    SmallVector<int64_t> axes = {0};
    for (int64_t dim = 2; dim < rank; ++dim)
      axes.push_back(dim);
    Value variance;
    auto [mean, invStd] =
        computeMoments(rewriter, loc, x, axes, type,
                       op.getEpsilon().convertToDouble(), false, &variance);
    AffineMap c = channelMap(rank, 1, context);
    Value y = normalize(rewriter, loc, x, mean, invStd, c, adaptor.getScale(),
                        adaptor.getB(), c, type, type);
    double momentum = op.getMomentum().convertToDouble();
    auto blend = [&](Value running, Value batch, Value result) -> Value {
      RankedTensorType statType = convertedType(result);
      Type statElement = statType.getElementType();
      Value blended = buildElementwise(
          rewriter, loc, {running, batch}, statType,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value old = arith::MulFOp::create(
                b, l, args[0], createConstant(b, l, statElement, momentum));
            Value now = arith::MulFOp::create(
                b, l, toType(b, l, args[1], statElement),
                createConstant(b, l, statElement, 1.0 - momentum));
            return arith::AddFOp::create(b, l, old, now);
          });
      return castToType(rewriter, loc, blended, statType);
    };
    Value runningMean =
        blend(adaptor.getInputMean(), mean, op.getRunningMean());
    Value runningVar =
        blend(adaptor.getInputVar(), variance, op.getRunningVar());
    rewriter.replaceOp(op, {castToType(rewriter, loc, y, resultType),
                            runningMean, runningVar});
    return success();
  }
};

/// y = (x - mean) * invStd * scale + bias over `x`, with the statistics
/// read through `statMap` and scale/bias through `paramMap` (bias may be
/// null). The result has element type `type`; arithmetic is in `statType`.
Value normalize(OpBuilder &b, Location loc, Value x, Value mean, Value invStd,
                AffineMap statMap, Value scale, Value bias, AffineMap paramMap,
                Type type, Type statType) {
  SmallVector<std::pair<Value, AffineMap>> others;
  if (mean)
    others.push_back({mean, statMap});
  others.push_back({invStd, statMap});
  others.push_back({scale, paramMap});
  if (bias)
    others.push_back({bias, paramMap});
  return buildMapped(
      b, loc, x, others, type,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        unsigned next = 1;
        Value value = toType(nb, nloc, args[0], statType);
        if (mean)
          value = arith::SubFOp::create(nb, nloc, value, args[next++]);
        value = arith::MulFOp::create(nb, nloc, value, args[next++]);
        value = arith::MulFOp::create(nb, nloc, value,
                                      toType(nb, nloc, args[next++], statType));
        if (bias)
          value = arith::AddFOp::create(
              nb, nloc, value, toType(nb, nloc, args[next++], statType));
        return toType(nb, nloc, value, type);
      });
}

struct InstanceNormLowering : KilnPattern<InstanceNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(InstanceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getInput();
    int64_t rank = getRankedType(x).getRank();
    if (rank < 3)
      return emitLoweringError(op, "the input needs spatial dims");
    RankedTensorType resultType = convertedType(op.getOutput());
    Type type = resultType.getElementType();
    SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(2, rank));
    auto [mean, invStd] = computeMoments(rewriter, loc, x, axes, type,
                                         op.getEpsilon().convertToDouble());
    Value result =
        normalize(rewriter, loc, x, mean, invStd,
                  getDroppingMap(rank, axes, context), adaptor.getScale(),
                  adaptor.getB(), channelMap(rank, 1, context), type, type);
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct LayerNormLowering : KilnPattern<LayerNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    Type statType = getStashType(rewriter, op.getStashType());
    SmallVector<int64_t> axes =
        llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
    auto [mean, invStd] = computeMoments(rewriter, loc, x, axes, statType,
                                         op.getEpsilon().convertToDouble());
    // Scale and B broadcast to X's shape (from the back).
    auto paramMap = [&](Value value) {
      return getBroadcastMap(getRankedType(value).getShape(), xType.getShape(),
                             context);
    };
    Value scale = adaptor.getScale(), bias = adaptor.getB();
    AffineMap scaleMap = paramMap(scale);
    AffineMap statMap = getDroppingMap(rank, axes, context);
    Value result;
    if (bias && paramMap(bias) != scaleMap) {
      // Scale and B broadcast differently: add B in a second generic.
      Value normalized = normalize(rewriter, loc, x, mean, invStd, statMap,
                                   scale, Value(), scaleMap, type, statType);
      result =
          buildMapped(rewriter, loc, normalized, {{bias, paramMap(bias)}}, type,
                      [&](OpBuilder &b, Location nloc, ValueRange args) {
                        return arith::AddFOp::create(
                            b, nloc, args[0], toType(b, nloc, args[1], type));
                      });
    } else {
      result = normalize(rewriter, loc, x, mean, invStd, statMap, scale, bias,
                         scaleMap, type, statType);
    }
    SmallVector<Value> results = {
        castToType(rewriter, loc, result, resultType)};
    // Mean and InvStdDev keep X's leading dims and 1 in the others.
    for (auto [value, stat] : {std::make_pair(op.getMean(), mean),
                               std::make_pair(op.getInvStdDev(), invStd)}) {
      RankedTensorType statResultType = convertedType(value);
      if (value.use_empty()) {
        results.push_back(
            createEmpty(rewriter, loc, statResultType,
                        getSizesLike(rewriter, loc, statResultType, x)));
        continue;
      }
      Value expanded = insertUnitDims(rewriter, loc, stat, axes, rank);
      results.push_back(castToType(rewriter, loc, expanded, statResultType));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct GroupNormLowering : KilnPattern<GroupNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(GroupNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank();
    int64_t groups = static_cast<int64_t>(op.getNumGroups());
    int64_t channels = xType.getDimSize(1);
    if (rank < 2 || ShapedType::isDynamic(channels) || groups <= 0 ||
        channels % groups != 0)
      return emitLoweringError(
          op, "needs a static channel count divisible by num_groups");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    Type statType = getStashType(rewriter, op.getStashType());
    // [N, C, S...] -> [N, G, C/G, S...]
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    SmallVector<int64_t> shape = {xType.getDimSize(0), groups,
                                  channels / groups};
    SmallVector<OpFoldResult> expandedSizes = {
        sizes[0], rewriter.getIndexAttr(groups),
        rewriter.getIndexAttr(channels / groups)};
    SmallVector<ReassociationIndices> reassociation = {{0}, {1, 2}};
    for (int64_t dim = 2; dim < rank; ++dim) {
      shape.push_back(xType.getDimSize(dim));
      expandedSizes.push_back(sizes[dim]);
      reassociation.push_back({dim + 1});
    }
    auto expandedType = RankedTensorType::get(shape, xType.getElementType());
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, expandedType, x, reassociation, expandedSizes);
    SmallVector<int64_t> axes =
        llvm::to_vector(llvm::seq<int64_t>(2, rank + 1));
    auto [mean, invStd] =
        computeMoments(rewriter, loc, expanded, axes, statType,
                       op.getEpsilon().convertToDouble());
    // scale and bias [C] -> [G, C/G], read at (g, c).
    auto split = [&](Value value) -> Value {
      auto type = getRankedType(value);
      auto splitType = RankedTensorType::get({groups, channels / groups},
                                             type.getElementType());
      return tensor::ExpandShapeOp::create(
          rewriter, loc, splitType, value,
          ArrayRef<ReassociationIndices>{{0, 1}},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(groups),
                                 rewriter.getIndexAttr(channels / groups)});
    };
    AffineMap paramMap = AffineMap::get(
        rank + 1, 0,
        {getAffineDimExpr(1, context), getAffineDimExpr(2, context)}, context);
    Value normalized = normalize(
        rewriter, loc, expanded, mean, invStd,
        getDroppingMap(rank + 1, axes, context), split(adaptor.getScale()),
        split(adaptor.getBias()), paramMap, type, statType);
    Value collapsed = tensor::CollapseShapeOp::create(
        rewriter, loc, resultType, normalized, reassociation);
    rewriter.replaceOp(op, collapsed);
    return success();
  }
};

struct RMSNormLowering : KilnPattern<RMSNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(RMSNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getY());
    Type statType = getStashType(rewriter, op.getStashType());
    SmallVector<int64_t> axes =
        llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
    auto [mean, invRms] =
        computeMoments(rewriter, loc, x, axes, statType,
                       op.getEpsilon().convertToDouble(), /*rms=*/true);
    Value scale = adaptor.getScale();
    Value result =
        normalize(rewriter, loc, x, Value(), invRms,
                  getDroppingMap(rank, axes, context), scale, Value(),
                  getBroadcastMap(getRankedType(scale).getShape(),
                                  xType.getShape(), context),
                  resultType.getElementType(), statType);
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct LpNormLowering : KilnPattern<LpNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(LpNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getInput();
    int64_t rank = getRankedType(x).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getOutput());
    Type type = resultType.getElementType();
    bool l1 = op.getP() == 1;
    Value norm = buildReduction(
        rewriter, loc, x, {*axis}, createConstant(rewriter, loc, type, 0),
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value term =
              l1 ? math::AbsFOp::create(b, nloc, args[0]).getResult()
                 : arith::MulFOp::create(b, nloc, args[0], args[0]).getResult();
          return arith::AddFOp::create(b, nloc, term, args[1]);
        });
    Value result = buildMapped(
        rewriter, loc, x, {{norm, getDroppingMap(rank, {*axis}, context)}},
        type, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value n = l1 ? args[1] : math::SqrtOp::create(b, nloc, args[1]);
          return arith::DivFOp::create(b, nloc, args[0], n);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct MeanVarianceNormLowering : KilnPattern<MeanVarianceNormalizationOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(MeanVarianceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    FailureOr<SmallVector<int64_t>> axes = normalizeAxes(op.getAxes(), rank);
    if (failed(axes))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    // ONNX's function: (x - mean) / (sqrt(var) + 1e-9).
    auto [mean, invStd] = computeMoments(rewriter, loc, x, *axes, type, 0.0);
    AffineMap dropMap = getDroppingMap(rank, *axes, context);
    Value result = buildMapped(
        rewriter, loc, x, {{mean, dropMap}, {invStd, dropMap}}, type,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value stdDev = arith::DivFOp::create(
              b, nloc, createConstant(b, nloc, type, 1.0), args[2]);
          Value denominator = arith::AddFOp::create(
              b, nloc, stdDev, createConstant(b, nloc, type, 1e-9));
          Value centered = arith::SubFOp::create(b, nloc, args[0], args[1]);
          return arith::DivFOp::create(b, nloc, centered, denominator);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct LRNLowering : KilnPattern<LRNOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank();
    if (rank < 2)
      return emitLoweringError(op, "the input needs a channel dim");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    int64_t size = static_cast<int64_t>(op.getSize());
    int64_t before = (size - 1) / 2, after = size - 1 - before;
    // Squares, zero-padded along C, summed over a window of `size`.
    Value squares = buildElementwise(
        rewriter, loc, x, xType,
        [](OpBuilder &b, Location nloc, ValueRange args) {
          return arith::MulFOp::create(b, nloc, args[0], args[0]);
        });
    SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> high(rank, rewriter.getIndexAttr(0));
    low[1] = rewriter.getIndexAttr(before);
    high[1] = rewriter.getIndexAttr(after);
    Value padded =
        tensor::PadOp::create(rewriter, loc, Type(), squares, low, high,
                              createConstant(rewriter, loc, type, 0));
    Value window = tensor::EmptyOp::create(rewriter, loc, {size}, type);
    SmallVector<AffineExpr> inputExprs, outputExprs;
    for (int64_t dim = 0; dim < rank; ++dim) {
      AffineExpr d = getAffineDimExpr(dim, context);
      inputExprs.push_back(dim == 1 ? d + getAffineDimExpr(rank, context) : d);
      outputExprs.push_back(d);
    }
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    Value init = createFilled(rewriter, loc, xType, getSizes(rewriter, loc, x),
                              createConstant(rewriter, loc, type, 0));
    Value sums = buildGeneric(
        rewriter, loc, {padded, window},
        {AffineMap::get(rank + 1, 0, inputExprs, context),
         AffineMap::get(rank + 1, 0, getAffineDimExpr(rank, context))},
        AffineMap::get(rank + 1, 0, outputExprs, context), init, iterators,
        [](OpBuilder &b, Location nloc, ValueRange args) {
          return arith::AddFOp::create(b, nloc, args[0], args[2]);
        });
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    double bias = op.getBias().convertToDouble();
    Value result = buildMapped(
        rewriter, loc, x, {{sums, rewriter.getMultiDimIdentityMap(rank)}}, type,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value scaled = arith::MulFOp::create(
              b, nloc, args[1], createConstant(b, nloc, type, alpha / size));
          Value base = arith::AddFOp::create(
              b, nloc, scaled, createConstant(b, nloc, type, bias));
          Value denominator = math::PowFOp::create(
              b, nloc, base, createConstant(b, nloc, type, beta));
          return arith::DivFOp::create(b, nloc, args[0], denominator);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateNormalizationLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<SoftmaxLowering<SoftmaxOp>>(converter, context,
                                           SoftmaxKind::softmax);
  patterns.add<SoftmaxLowering<LogSoftmaxOp>>(converter, context,
                                              SoftmaxKind::logSoftmax);
  patterns.add<SoftmaxLowering<HardmaxOp>>(converter, context,
                                           SoftmaxKind::hardmax);
  patterns.add<BatchNormLowering, GroupNormLowering, InstanceNormLowering,
               LayerNormLowering, LpNormLowering, LRNLowering,
               MeanVarianceNormLowering, RMSNormLowering>(converter, context);
}
