// SPDX-License-Identifier: Apache-2.0
//===- ReductionLowering.cpp - ONNX reductions to linalg ------------------===//
//
// ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare become a
// linalg.generic with reduction iterators over a linalg.fill'ed
// destination (plus an elementwise generic for what follows the sum:
// division, sqrt, log); keepdims re-inserts the reduced dims with
// tensor.expand_shape. ArgMax/ArgMin track value and index in one generic
// with two results.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

enum class ReduceKind {
  sum,
  mean,
  max,
  min,
  prod,
  l1,
  l2,
  logSum,
  logSumExp,
  sumSquare
};

template <typename OpTy> struct ReduceLowering : KilnPattern<OpTy> {
  ReduceLowering(TypeConverter &converter, MLIRContext *context,
                 ReduceKind kind)
      : KilnPattern<OpTy>(converter, context), kind(kind) {}
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getReduced()})))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getData();
    auto inputType = getRankedType(input);
    int64_t rank = inputType.getRank();
    RankedTensorType resultType = this->convertedType(op.getReduced());
    Type elementType = resultType.getElementType();
    bool isUnsigned = isUnsignedType(op.getData().getType());

    SmallVector<int64_t> given;
    if (Value axes = op.getAxesInput()) {
      std::optional<SmallVector<int64_t>> constant = getConstantIntegers(axes);
      auto axesType = dyn_cast<RankedTensorType>(axes.getType());
      if (constant) {
        given = *constant;
      } else if (!axesType || axesType.getRank() != 1 ||
                 axesType.isDynamicDim(0)) {
        return emitLoweringError(op, "computed axes need a static count");
      } else if (axesType.getDimSize(0) > 0 &&
                 axesType.getDimSize(0) < rank) {
        return rewriteWithRunTimeAxes(op, adaptor.getAxesInput(), rewriter);
      } else if (axesType.getDimSize(0) == rank) {
        // As many (distinct) axes as dims: all of them.
        given = llvm::to_vector(llvm::seq<int64_t>(0, rank));
      }
    } else if (op.getAxes()) {
      given = llvm::to_vector(*op.getAxes());
    }
    if (given.empty() && op.getNoopWithEmptyAxes() != 0) {
      // No axes: the identity (L1, L2, ... still apply their map).
      Value result = input;
      if (kind != ReduceKind::sum && kind != ReduceKind::mean &&
          kind != ReduceKind::max && kind != ReduceKind::min &&
          kind != ReduceKind::prod)
        result =
            buildElementwise(rewriter, loc, input, resultType,
                             [&](OpBuilder &b, Location nloc, ValueRange args) {
                               Value x =
                                   mapElement(b, nloc, args[0], isUnsigned);
                               return finish(b, nloc, x, Value(), isUnsigned);
                             });
      rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
      return success();
    }
    SmallVector<int64_t> axes;
    if (given.empty()) {
      axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    } else {
      FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(given, rank);
      if (failed(normalized))
        return emitLoweringError(op, "axis out of range");
      axes = *normalized;
    }

    // LogSumExp subtracts the maximum first, for range.
    Value maximum;
    if (kind == ReduceKind::logSumExp && isa<FloatType>(elementType))
      maximum =
          buildReduction(rewriter, loc, input, axes,
                         createLowest(rewriter, loc, elementType, false),
                         [](OpBuilder &b, Location nloc, ValueRange args) {
                           return createMax(b, nloc, args[0], args[1], false);
                         });

    Value init = initValue(rewriter, loc, elementType, isUnsigned);
    Value reduced;
    if (maximum) {
      // sum(exp(x - max)) over the axes, reading max through a map.
      MLIRContext *context = rewriter.getContext();
      AffineMap dropMap = getDroppingMap(rank, axes, context);
      SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
      SmallVector<OpFoldResult> sizes;
      SmallVector<utils::IteratorType> iterators;
      for (int64_t dim = 0; dim < rank; ++dim) {
        bool isReduced = llvm::is_contained(axes, dim);
        iterators.push_back(isReduced ? utils::IteratorType::reduction
                                      : utils::IteratorType::parallel);
        if (!isReduced)
          sizes.push_back(inputSizes[dim]);
      }
      Value acc =
          createFilled(rewriter, loc, getRankedType(maximum), sizes, init);
      reduced = buildGeneric(
          rewriter, loc, {input, maximum},
          {rewriter.getMultiDimIdentityMap(rank), dropMap}, dropMap, acc,
          iterators, [](OpBuilder &b, Location nloc, ValueRange args) {
            Value shifted = arith::SubFOp::create(b, nloc, args[0], args[1]);
            return arith::AddFOp::create(b, nloc, args[2],
                                         math::ExpOp::create(b, nloc, shifted));
          });
    } else {
      reduced =
          buildReduction(rewriter, loc, input, axes, init,
                         [&](OpBuilder &b, Location nloc, ValueRange args) {
                           Value x = mapElement(b, nloc, args[0], isUnsigned);
                           return combine(b, nloc, x, args[1], isUnsigned);
                         });
    }
    if (kind == ReduceKind::mean || kind == ReduceKind::l2 ||
        kind == ReduceKind::logSum || kind == ReduceKind::logSumExp) {
      Value count;
      if (kind == ReduceKind::mean && isa<FloatType>(elementType))
        count = countAsFloat(rewriter, loc, input, axes, elementType);
      SmallVector<Value> ins = {reduced};
      if (maximum)
        ins.push_back(maximum);
      auto reducedType = getRankedType(reduced);
      if (kind == ReduceKind::mean && !isa<FloatType>(elementType)) {
        // Integer mean: sum / count with the count as an integer.
        SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
        SmallVector<OpFoldResult> picked;
        for (int64_t axis : axes)
          picked.push_back(sizes[axis]);
        Value n =
            toIndexValue(rewriter, loc, getProduct(rewriter, loc, picked));
        count = convertScalar(rewriter, loc, n, elementType, false, false);
      }
      reduced = buildElementwise(
          rewriter, loc, ins, reducedType,
          [&](OpBuilder &b, Location nloc, ValueRange args) {
            if (kind == ReduceKind::mean)
              return createDiv(b, nloc, args[0], count, isUnsigned);
            return finish(b, nloc, args[0], args.size() > 1 ? args[1] : Value(),
                          isUnsigned);
          });
    }
    Value result = reduced;
    if (op.getKeepdims() != 0)
      result = insertUnitDims(rewriter, loc, reduced, axes, rank);
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }

  /// Axes known only at run time (a graph input, say). A flag per dim tells
  /// whether it is reduced; one generic iterates output dims o (parallel)
  /// and window dims j (reduction) and reads input[o + j], with
  /// o_d = reduced ? 1 : n_d and j_d = reduced ? n_d : 1, so exactly one of
  /// them moves along each dim. The host computes the sizes from the axes'
  /// values when a run starts (DimOp InputValue).
  LogicalResult
  rewriteWithRunTimeAxes(OpTy op, Value axes,
                         ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    Value input = rewriter.getRemappedValue(op.getData());
    int64_t rank = getRankedType(input).getRank();
    RankedTensorType resultType = this->convertedType(op.getReduced());
    Type elementType = resultType.getElementType();
    bool isUnsigned = isUnsignedType(op.getData().getType());
    MLIRContext *context = rewriter.getContext();

    SmallVector<Value> reduced = getAxisFlags(rewriter, loc, axes, rank);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<OpFoldResult> outSizes, windowSizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value n = getDimValue(rewriter, loc, input, d);
      outSizes.push_back(
          arith::SelectOp::create(rewriter, loc, reduced[d], one, n)
              .getResult());
      windowSizes.push_back(
          arith::SelectOp::create(rewriter, loc, reduced[d], n, one)
              .getResult());
    }
    auto dynamicType = RankedTensorType::get(
        SmallVector<int64_t>(rank, ShapedType::kDynamic), elementType);
    Value window = createEmpty(rewriter, loc, dynamicType, windowSizes);

    // Loops (o, j): input at o + j, the window at j, the result at o.
    SmallVector<AffineExpr> inputExprs, windowExprs, outExprs;
    for (int64_t d = 0; d < rank; ++d) {
      inputExprs.push_back(getAffineDimExpr(d, context) +
                           getAffineDimExpr(rank + d, context));
      windowExprs.push_back(getAffineDimExpr(rank + d, context));
      outExprs.push_back(getAffineDimExpr(d, context));
    }
    AffineMap inputMap = AffineMap::get(2 * rank, 0, inputExprs, context);
    AffineMap windowMap = AffineMap::get(2 * rank, 0, windowExprs, context);
    AffineMap outMap = AffineMap::get(2 * rank, 0, outExprs, context);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.append(rank, utils::IteratorType::reduction);
    auto reduce = [&](Value init, Value extra, BodyFn body) {
      SmallVector<Value> ins = {input, window};
      SmallVector<AffineMap> maps = {inputMap, windowMap};
      if (extra) {
        ins.push_back(extra);
        maps.push_back(outMap);
      }
      Value acc = createFilled(rewriter, loc, dynamicType, outSizes, init);
      // Nothing to read from an input with a zero dim: the identity.
      if (llvm::is_contained(getRankedType(input).getShape(), 0))
        return acc;
      return buildGeneric(rewriter, loc, ins, maps, outMap, acc, iterators,
                          body);
    };

    Value maximum;
    if (kind == ReduceKind::logSumExp && isa<FloatType>(elementType))
      maximum = reduce(createLowest(rewriter, loc, elementType, false), Value(),
                       [](OpBuilder &b, Location nloc, ValueRange args) {
                         return createMax(b, nloc, args[0], args[2], false);
                       });
    Value result = reduce(
        initValue(rewriter, loc, elementType, isUnsigned), maximum,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          if (maximum) {
            Value shifted = arith::SubFOp::create(b, nloc, args[0], args[2]);
            return arith::AddFOp::create(b, nloc, args[3],
                                         math::ExpOp::create(b, nloc, shifted))
                .getResult();
          }
          Value x = mapElement(b, nloc, args[0], isUnsigned);
          return combine(b, nloc, x, args[2], isUnsigned);
        });
    if (kind == ReduceKind::mean || kind == ReduceKind::l2 ||
        kind == ReduceKind::logSum || kind == ReduceKind::logSumExp) {
      SmallVector<Value> ins = {result};
      if (maximum)
        ins.push_back(maximum);
      Value count = toIndexValue(rewriter, loc,
                                 getProduct(rewriter, loc, windowSizes));
      result = buildElementwise(
          rewriter, loc, ins, dynamicType,
          [&](OpBuilder &b, Location nloc, ValueRange args) {
            if (kind != ReduceKind::mean)
              return finish(b, nloc, args[0],
                            args.size() > 1 ? args[1] : Value(), isUnsigned);
            // The count converts in the kernel: the host computes indices.
            Value n = arith::IndexCastOp::create(b, nloc, b.getI64Type(),
                                                 count);
            return createDiv(b, nloc, args[0],
                             convertScalar(b, nloc, n, elementType, false,
                                           false),
                             isUnsigned);
          });
    }

    if (op.getKeepdims() == 0) {
      // Drop the reduced dims: result dim p is the p-th kept input dim.
      int64_t resultRank = resultType.getRank();
      SmallVector<OpFoldResult> sizes =
          dropFlaggedSizes(rewriter, loc, reduced,
                           getSizes(rewriter, loc, input), resultRank);
      auto flatType = RankedTensorType::get(
          SmallVector<int64_t>(resultRank, ShapedType::kDynamic), elementType);
      result = reshapeTo(rewriter, loc, result, flatType, sizes);
    }
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }

  Value initValue(OpBuilder &b, Location loc, Type type,
                  bool isUnsigned) const {
    switch (kind) {
    case ReduceKind::max:
      return createLowest(b, loc, type, isUnsigned);
    case ReduceKind::min:
      return createHighest(b, loc, type, isUnsigned);
    case ReduceKind::prod:
      return createConstant(b, loc, type, 1);
    default:
      return createConstant(b, loc, type, 0);
    }
  }

  /// What each element contributes before combining.
  Value mapElement(OpBuilder &b, Location loc, Value x, bool isUnsigned) const {
    switch (kind) {
    case ReduceKind::l1:
      if (isa<FloatType>(x.getType()))
        return math::AbsFOp::create(b, loc, x);
      return isUnsigned ? x : math::AbsIOp::create(b, loc, x).getResult();
    case ReduceKind::l2:
    case ReduceKind::sumSquare:
      return createMul(b, loc, x, x);
    case ReduceKind::logSumExp:
      // Integer inputs: exp in f64, back to the element type.
      if (!isa<FloatType>(x.getType())) {
        Value wide = toFloat(b, loc, x, b.getF64Type(), isUnsigned);
        return convertScalar(b, loc, math::ExpOp::create(b, loc, wide),
                             x.getType(), false, isUnsigned);
      }
      return math::ExpOp::create(b, loc, x);
    default:
      return x;
    }
  }

  Value combine(OpBuilder &b, Location loc, Value x, Value acc,
                bool isUnsigned) const {
    switch (kind) {
    case ReduceKind::max:
      return createMax(b, loc, x, acc, isUnsigned);
    case ReduceKind::min:
      return createMin(b, loc, x, acc, isUnsigned);
    case ReduceKind::prod:
      return createMul(b, loc, x, acc);
    default:
      return createAdd(b, loc, x, acc);
    }
  }

  /// What follows the reduction: sqrt for L2, log for LogSum(Exp) (plus the
  /// maximum that was subtracted).
  Value finish(OpBuilder &b, Location loc, Value sum, Value maximum,
               bool isUnsigned) const {
    Type type = sum.getType();
    Value x = isa<FloatType>(type)
                  ? sum
                  : toFloat(b, loc, sum, b.getF64Type(), isUnsigned);
    Value result;
    if (kind == ReduceKind::l2)
      result = math::SqrtOp::create(b, loc, x);
    else if (kind == ReduceKind::logSum || kind == ReduceKind::logSumExp)
      result = math::LogOp::create(b, loc, x);
    else
      return sum;
    if (maximum)
      result = arith::AddFOp::create(b, loc, result, maximum);
    if (isa<FloatType>(type))
      return result;
    return convertScalar(b, loc, result, type, false, isUnsigned);
  }

  ReduceKind kind;
};

template <typename OpTy> struct ArgReduceLowering : KilnPattern<OpTy> {
  using KilnPattern<OpTy>::KilnPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getReduced()})))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getData();
    int64_t rank = getRankedType(input).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    Value indices = buildArgReduction(
        rewriter, loc, input, *axis, std::is_same_v<OpTy, ArgMaxOp>,
        op.getSelectLastIndex() != 0, isUnsignedType(op.getData().getType()));
    if (op.getKeepdims() != 0)
      indices = insertUnitDims(rewriter, loc, indices, {*axis}, rank);
    rewriter.replaceOp(op, castToType(rewriter, loc, indices,
                                      this->convertedType(op.getReduced())));
    return success();
  }
};

} // namespace

void mlir::kiln::populateReductionLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReduceLowering<ReduceSumOp>>(converter, context,
                                            ReduceKind::sum);
  patterns.add<ReduceLowering<ReduceMeanOp>>(converter, context,
                                             ReduceKind::mean);
  patterns.add<ReduceLowering<ReduceMaxOp>>(converter, context,
                                            ReduceKind::max);
  patterns.add<ReduceLowering<ReduceMinOp>>(converter, context,
                                            ReduceKind::min);
  patterns.add<ReduceLowering<ReduceProdOp>>(converter, context,
                                             ReduceKind::prod);
  patterns.add<ReduceLowering<ReduceL1Op>>(converter, context, ReduceKind::l1);
  patterns.add<ReduceLowering<ReduceL2Op>>(converter, context, ReduceKind::l2);
  patterns.add<ReduceLowering<ReduceLogSumOp>>(converter, context,
                                               ReduceKind::logSum);
  patterns.add<ReduceLowering<ReduceLogSumExpOp>>(converter, context,
                                                  ReduceKind::logSumExp);
  patterns.add<ReduceLowering<ReduceSumSquareOp>>(converter, context,
                                                  ReduceKind::sumSquare);
  patterns.add<ArgReduceLowering<ArgMaxOp>, ArgReduceLowering<ArgMinOp>>(
      converter, context);
}
