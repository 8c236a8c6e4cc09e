// SPDX-License-Identifier: Apache-2.0
//===- QuantizationLowering.cpp - ONNX quantization ops to linalg ---------===//
//
// QuantizeLinear and DequantizeLinear are elementwise generics reading the
// scale and zero point per tensor (a rank-0 operand), per axis (indexed by
// the axis' loop) or per block (the axis' loop divided by the block size).
// Arithmetic follows onnxruntime: quantization divides in f32, rounds half
// to even, adds the zero point and saturates; dequantization subtracts in
// i32 and scales in f32. MatMulInteger and ConvInteger widen to i32 and
// subtract the zero points before an i32 MatMul/Conv (the shared builders);
// the QLinear forms requantize that accumulator with
// a_scale * b_scale / y_scale. DynamicQuantizeLinear reduces the input's
// range, derives scale and zero point as scalars and quantizes.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// How a quantization parameter of `paramType` reads against a tensor of
/// `rank`: its (possibly reshaped) value and indexing map.
std::pair<Value, AffineMap> quantParamMap(OpBuilder &b, Location loc,
                                          Value param, int64_t rank,
                                          int64_t axis, int64_t blockSize) {
  MLIRContext *context = b.getContext();
  auto type = cast<RankedTensorType>(param.getType());
  if (type.getRank() == 0 ||
      (type.getRank() == 1 && type.getDimSize(0) == 1 && blockSize == 0))
    return {toRank0(b, loc, param), AffineMap::get(rank, 0, {}, context)};
  if (type.getRank() == 1)
    return {param, AffineMap::get(rank, 0, getAffineDimExpr(axis, context))};
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < rank; ++dim) {
    AffineExpr expr = getAffineDimExpr(dim, context);
    if (dim == axis && blockSize > 0)
      expr = expr.floorDiv(blockSize);
    exprs.push_back(expr);
  }
  return {param, AffineMap::get(rank, 0, exprs, context)};
}

/// The axis of a (de)quantization: normalized when the scale has more than
/// one element, irrelevant (0) for a per-tensor scale.
FailureOr<int64_t> resolveAxis(Operation *op, uint64_t attr, int64_t rank,
                               Value scale) {
  auto scaleType = cast<RankedTensorType>(scale.getType());
  if (scaleType.hasStaticShape() && scaleType.getNumElements() == 1)
    return 0;
  FailureOr<int64_t> axis = normalizeAxis(static_cast<int64_t>(attr), rank);
  if (failed(axis))
    return emitLoweringError(op, "axis out of range");
  return *axis;
}

/// The range of the integer type `type` (signed unless `isUnsigned`).
std::pair<double, double> integerRange(Type type, bool isUnsigned) {
  unsigned width = type.getIntOrFloatBitWidth();
  if (isUnsigned)
    return {0.0, std::ldexp(1.0, width) - 1};
  return {-std::ldexp(1.0, width - 1), std::ldexp(1.0, width - 1) - 1};
}

/// round-half-even(value) + zeroPoint, saturated to `type` and converted.
Value saturateToInteger(OpBuilder &b, Location loc, Value value,
                        Value zeroPoint, Type type, bool isUnsigned) {
  Type f32 = b.getF32Type();
  Value q = math::RoundEvenOp::create(b, loc, value);
  if (zeroPoint)
    q = arith::AddFOp::create(b, loc, q, zeroPoint);
  auto [low, high] = integerRange(type, isUnsigned);
  q = arith::MaximumFOp::create(b, loc, q, createConstant(b, loc, f32, low));
  q = arith::MinimumFOp::create(b, loc, q, createConstant(b, loc, f32, high));
  return convertScalar(b, loc, q, type, false, isUnsigned);
}

/// value + zeroPoint converted to float8/float4 `type` (rounding to nearest
/// even), clamped to its largest finite value first with `saturate`.
Value saturateToFloat(OpBuilder &b, Location loc, Value value, Value zeroPoint,
                      FloatType type, bool saturate) {
  Type f32 = b.getF32Type();
  if (zeroPoint)
    value = arith::AddFOp::create(b, loc, value, zeroPoint);
  if (saturate) {
    APFloat largest = APFloat::getLargest(type.getFloatSemantics());
    bool losesInfo;
    largest.convert(APFloat::IEEEsingle(), APFloat::rmTowardZero, &losesInfo);
    Value high =
        arith::ConstantOp::create(b, loc, b.getFloatAttr(f32, largest));
    Value low = arith::NegFOp::create(b, loc, high);
    value = arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, value, low), high);
  }
  return arith::TruncFOp::create(b, loc, type, value);
}

struct QuantizeLinearLowering : KilnPattern<QuantizeLinearOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(QuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    bool isUnsigned = isUnsignedType(op.getY().getType());
    bool saturate = op.getSaturate() != 0;
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    FailureOr<int64_t> axis =
        resolveAxis(op, op.getAxis(), rank, adaptor.getYScale());
    if (failed(axis))
      return failure();
    int64_t blockSize = static_cast<int64_t>(op.getBlockSize());
    bool xUnsigned = isUnsignedType(op.getX().getType());
    SmallVector<std::pair<Value, AffineMap>> params = {quantParamMap(
        rewriter, loc, adaptor.getYScale(), rank, *axis, blockSize)};
    bool zeroUnsigned = false;
    if (Value zp = adaptor.getYZeroPoint()) {
      params.push_back(
          quantParamMap(rewriter, loc, zp, rank, *axis, blockSize));
      zeroUnsigned = isUnsignedType(op.getYZeroPoint().getType());
    }
    Value result = buildMapped(
        rewriter, loc, x, params, type,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Type f32 = b.getF32Type();
          Value xf = toFloat(b, nloc, args[0], f32, xUnsigned);
          Value scale = toFloat(b, nloc, args[1], f32, false);
          Value zp = args.size() > 2
                         ? toFloat(b, nloc, args[2], f32, zeroUnsigned)
                         : Value();
          Value scaled = arith::DivFOp::create(b, nloc, xf, scale);
          if (auto floatType = dyn_cast<FloatType>(type))
            return saturateToFloat(b, nloc, scaled, zp, floatType, saturate);
          return saturateToInteger(b, nloc, scaled, zp, type, isUnsigned);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct DequantizeLinearLowering : KilnPattern<DequantizeLinearOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(DequantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    bool floatInput = isa<FloatType>(getElementTypeOrSelf(x.getType()));
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    bool isUnsigned = isUnsignedType(op.getX().getType());
    int64_t rank = getRankedType(x).getRank();
    FailureOr<int64_t> axis =
        resolveAxis(op, op.getAxis(), rank, adaptor.getXScale());
    if (failed(axis))
      return failure();
    int64_t blockSize = static_cast<int64_t>(op.getBlockSize());
    SmallVector<std::pair<Value, AffineMap>> params = {quantParamMap(
        rewriter, loc, adaptor.getXScale(), rank, *axis, blockSize)};
    if (Value zp = adaptor.getXZeroPoint())
      params.push_back(
          quantParamMap(rewriter, loc, zp, rank, *axis, blockSize));
    Value result = buildMapped(
        rewriter, loc, x, params, type,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Type i32 = b.getI32Type(), f32 = b.getF32Type();
          if (floatInput) {
            // float8/float4: (x - zero point) * scale in f32.
            Value xf = toFloat(b, nloc, args[0], f32, false);
            if (args.size() > 2)
              xf = arith::SubFOp::create(b, nloc, xf,
                                         toFloat(b, nloc, args[2], f32, false));
            Value scale = toFloat(b, nloc, args[1], f32, false);
            return convertScalar(b, nloc,
                                 arith::MulFOp::create(b, nloc, xf, scale),
                                 type, false, false);
          }
          Value xi = convertScalar(b, nloc, args[0], i32, isUnsigned, false);
          if (args.size() > 2)
            xi = arith::SubIOp::create(
                b, nloc, xi,
                convertScalar(b, nloc, args[2], i32, isUnsigned, false));
          Value xf = toFloat(b, nloc, xi, f32, false);
          Value scale = toFloat(b, nloc, args[1], f32, false);
          return convertScalar(b, nloc,
                               arith::MulFOp::create(b, nloc, xf, scale), type,
                               false, false);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct DynamicQuantizeLinearLowering : KilnPattern<DynamicQuantizeLinearOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(DynamicQuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    Type f32 = rewriter.getF32Type();
    SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    // The range, extended to hold 0.
    Value zero = createConstant(rewriter, loc, f32, 0);
    Value minimum = buildReduction(
        rewriter, loc, x, all, zero,
        [](OpBuilder &b, Location nloc, ValueRange args) {
          return arith::MinimumFOp::create(b, nloc, args[0], args[1]);
        });
    Value maximum = buildReduction(
        rewriter, loc, x, all, zero,
        [](OpBuilder &b, Location nloc, ValueRange args) {
          return arith::MaximumFOp::create(b, nloc, args[0], args[1]);
        });
    Value low = tensor::ExtractOp::create(rewriter, loc, minimum, ValueRange{});
    Value high =
        tensor::ExtractOp::create(rewriter, loc, maximum, ValueRange{});
    // scale = (max - min) / 255, zero point = saturate(round(-min / scale)).
    Value scale = arith::DivFOp::create(
        rewriter, loc, arith::SubFOp::create(rewriter, loc, high, low),
        createConstant(rewriter, loc, f32, 255.0));
    Type i8 = rewriter.getIntegerType(8);
    Value initial = arith::SubFOp::create(
        rewriter, loc, zero, arith::DivFOp::create(rewriter, loc, low, scale));
    initial = arith::MaximumFOp::create(rewriter, loc, initial, zero);
    initial = arith::MinimumFOp::create(
        rewriter, loc, initial, createConstant(rewriter, loc, f32, 255));
    Value zeroPointFloat = math::RoundEvenOp::create(rewriter, loc, initial);
    Value zeroPoint =
        convertScalar(rewriter, loc, zeroPointFloat, i8, false, true);
    RankedTensorType resultType = convertedType(op.getY());
    Value y = buildMapped(
        rewriter, loc, x, {}, i8,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value scaled = arith::DivFOp::create(b, nloc, args[0], scale);
          return saturateToInteger(b, nloc, scaled, zeroPointFloat, i8, true);
        });
    Value scaleTensor = tensor::FromElementsOp::create(
        rewriter, loc, RankedTensorType::get({}, f32), scale);
    Value zeroPointTensor = tensor::FromElementsOp::create(
        rewriter, loc, RankedTensorType::get({}, i8), zeroPoint);
    rewriter.replaceOp(op, {castToType(rewriter, loc, y, resultType),
                            scaleTensor, zeroPointTensor});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Integer and quantized-linear matrix products and convolutions
//===----------------------------------------------------------------------===//

/// `value` widened to i32 minus `zeroPoint` (may be null), read through
/// `zeroPointMap`.
Value widenMinusZeroPoint(OpBuilder &b, Location loc, Value value,
                          bool isUnsigned, Value zeroPoint,
                          AffineMap zeroPointMap, bool zeroUnsigned) {
  Type i32 = b.getI32Type();
  SmallVector<std::pair<Value, AffineMap>> others;
  if (zeroPoint)
    others.push_back({zeroPoint, zeroPointMap});
  return buildMapped(
      b, loc, value, others, i32,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value wide = convertScalar(nb, nloc, args[0], i32, isUnsigned, false);
        if (args.size() == 1)
          return wide;
        Value zp = convertScalar(nb, nloc, args[1], i32, zeroUnsigned, false);
        return arith::SubIOp::create(nb, nloc, wide, zp).getResult();
      });
}

/// The map of a zero point against an operand of `rank`: scalar, per
/// `dim` (1-D of the dim's size), or numpy broadcast.
std::pair<Value, AffineMap> zeroPointMap(OpBuilder &b, Location loc, Value zp,
                                         RankedTensorType operandType,
                                         int64_t dim) {
  MLIRContext *context = b.getContext();
  int64_t rank = operandType.getRank();
  auto type = cast<RankedTensorType>(zp.getType());
  if (type.getNumElements() == 1 && type.hasStaticShape())
    return {toRank0(b, loc, zp), AffineMap::get(rank, 0, {}, context)};
  if (type.getRank() == 1)
    return {zp, AffineMap::get(rank, 0, getAffineDimExpr(dim, context))};
  return {zp,
          getBroadcastMap(type.getShape(), operandType.getShape(), context)};
}

/// (A - a_zero_point) x (B - b_zero_point) in i32, A's zero point per row,
/// B's per column.
Value integerMatMul(OpBuilder &b, Location loc, Value lhs, bool lhsUnsigned,
                    Value lhsZero, bool lhsZeroUnsigned, Value rhs,
                    bool rhsUnsigned, Value rhsZero, bool rhsZeroUnsigned,
                    RankedTensorType resultType) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  AffineMap lhsMap, rhsMap;
  if (lhsZero)
    std::tie(lhsZero, lhsMap) = zeroPointMap(
        b, loc, lhsZero, lhsType, std::max<int64_t>(lhsType.getRank() - 2, 0));
  if (rhsZero)
    std::tie(rhsZero, rhsMap) =
        zeroPointMap(b, loc, rhsZero, rhsType, rhsType.getRank() - 1);
  Value a = widenMinusZeroPoint(b, loc, lhs, lhsUnsigned, lhsZero, lhsMap,
                                lhsZeroUnsigned);
  Value c = widenMinusZeroPoint(b, loc, rhs, rhsUnsigned, rhsZero, rhsMap,
                                rhsZeroUnsigned);
  return buildMatMul(b, loc, a, c, resultType);
}

struct MatMulIntegerLowering : KilnPattern<MatMulIntegerOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(MatMulIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Value result = integerMatMul(
        rewriter, op.getLoc(), adaptor.getA(),
        isUnsignedType(op.getA().getType()), adaptor.getAZeroPoint(),
        op.getAZeroPoint() && isUnsignedType(op.getAZeroPoint().getType()),
        adaptor.getB(), isUnsignedType(op.getB().getType()),
        adaptor.getBZeroPoint(),
        op.getBZeroPoint() && isUnsignedType(op.getBZeroPoint().getType()),
        convertedType(op.getY()));
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Requantizes the i32 `acc` with multiplier a_scale * b_scale / y_scale
/// (each read through its map) and the output zero point into `type`.
Value requantize(OpBuilder &b, Location loc, Value acc,
                 ArrayRef<std::pair<Value, AffineMap>> scales,
                 std::pair<Value, AffineMap> outputZero, Type type,
                 bool isUnsigned, bool zeroUnsigned) {
  SmallVector<std::pair<Value, AffineMap>> others(scales);
  others.push_back(outputZero);
  return buildMapped(
      b, loc, acc, others, type,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Type f32 = nb.getF32Type();
        Value multiplier = arith::DivFOp::create(
            nb, nloc,
            arith::MulFOp::create(nb, nloc,
                                  toFloat(nb, nloc, args[1], f32, false),
                                  toFloat(nb, nloc, args[2], f32, false)),
            toFloat(nb, nloc, args[3], f32, false));
        Value scaled = arith::MulFOp::create(
            nb, nloc, toFloat(nb, nloc, args[0], f32, false), multiplier);
        Value zp = toFloat(nb, nloc, args[4], f32, zeroUnsigned);
        return saturateToInteger(nb, nloc, scaled, zp, type, isUnsigned);
      });
}

struct QLinearMatMulLowering : KilnPattern<QLinearMatMulOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(QLinearMatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(op.getY());
    auto accType =
        RankedTensorType::get(resultType.getShape(), rewriter.getI32Type());
    Value acc = integerMatMul(
        rewriter, loc, adaptor.getA(), isUnsignedType(op.getA().getType()),
        adaptor.getAZeroPoint(), isUnsignedType(op.getAZeroPoint().getType()),
        adaptor.getB(), isUnsignedType(op.getB().getType()),
        adaptor.getBZeroPoint(), isUnsignedType(op.getBZeroPoint().getType()),
        accType);
    int64_t rank = accType.getRank();
    // a_scale per row, b_scale per column, y_scale per tensor.
    SmallVector<std::pair<Value, AffineMap>> scales = {
        zeroPointMap(rewriter, loc, adaptor.getAScale(), accType,
                     std::max<int64_t>(rank - 2, 0)),
        zeroPointMap(rewriter, loc, adaptor.getBScale(), accType, rank - 1),
        zeroPointMap(rewriter, loc, adaptor.getYScale(), accType, rank - 1)};
    Value result = requantize(
        rewriter, loc, acc, scales,
        zeroPointMap(rewriter, loc, adaptor.getYZeroPoint(), accType, rank - 1),
        resultType.getElementType(), isUnsignedType(op.getY().getType()),
        isUnsignedType(op.getYZeroPoint().getType()));
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

/// (x - x_zero_point) convolved with (w - w_zero_point) in i32, plus the
/// optional i32 bias; w's zero point is per output channel.
template <typename OpTy>
FailureOr<Value> integerConv(OpTy op, OpBuilder &b, Value x, bool xUnsigned,
                             Value xZero, bool xZeroUnsigned, Value w,
                             bool wUnsigned, Value wZero, bool wZeroUnsigned,
                             Value bias, RankedTensorType accType) {
  Location loc = op.getLoc();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  AffineMap xMap, wMap;
  if (xZero)
    std::tie(xZero, xMap) = zeroPointMap(b, loc, xZero, xType, 1);
  if (wZero)
    std::tie(wZero, wMap) = zeroPointMap(b, loc, wZero, wType, 0);
  Value input =
      widenMinusZeroPoint(b, loc, x, xUnsigned, xZero, xMap, xZeroUnsigned);
  Value filter =
      widenMinusZeroPoint(b, loc, w, wUnsigned, wZero, wMap, wZeroUnsigned);
  ConvAttributes attrs{op.getAutoPad(), op.getDilations(), op.getPads(),
                       op.getStrides(), static_cast<int64_t>(op.getGroup())};
  // Padding holds the zero point, which is 0 once subtracted.
  return buildConv(op, b, input, filter, bias, attrs, accType,
                   createIntConstant(b, loc, b.getI32Type(), 0));
}

struct ConvIntegerLowering : KilnPattern<ConvIntegerOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ConvIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    FailureOr<Value> result = integerConv(
        op, rewriter, adaptor.getX(), isUnsignedType(op.getX().getType()),
        adaptor.getXZeroPoint(),
        op.getXZeroPoint() && isUnsignedType(op.getXZeroPoint().getType()),
        adaptor.getW(), isUnsignedType(op.getW().getType()),
        adaptor.getWZeroPoint(),
        op.getWZeroPoint() && isUnsignedType(op.getWZeroPoint().getType()),
        Value(), convertedType(op.getY()));
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

struct QLinearConvLowering : KilnPattern<QLinearConvOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(QLinearConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(op.getY());
    auto accType =
        RankedTensorType::get(resultType.getShape(), rewriter.getI32Type());
    FailureOr<Value> acc = integerConv(
        op, rewriter, adaptor.getX(), isUnsignedType(op.getX().getType()),
        adaptor.getXZeroPoint(), isUnsignedType(op.getXZeroPoint().getType()),
        adaptor.getW(), isUnsignedType(op.getW().getType()),
        adaptor.getWZeroPoint(), isUnsignedType(op.getWZeroPoint().getType()),
        adaptor.getB(), accType);
    if (failed(acc))
      return failure();
    // x_scale and y_scale per tensor, w_scale per output channel.
    SmallVector<std::pair<Value, AffineMap>> scales = {
        zeroPointMap(rewriter, loc, adaptor.getXScale(), accType, 1),
        zeroPointMap(rewriter, loc, adaptor.getWScale(), accType, 1),
        zeroPointMap(rewriter, loc, adaptor.getYScale(), accType, 1)};
    Value result = requantize(
        rewriter, loc, *acc, scales,
        zeroPointMap(rewriter, loc, adaptor.getYZeroPoint(), accType, 1),
        resultType.getElementType(), isUnsignedType(op.getY().getType()),
        isUnsignedType(op.getYZeroPoint().getType()));
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateQuantizationLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<ConvIntegerLowering, DequantizeLinearLowering,
           DynamicQuantizeLinearLowering, MatMulIntegerLowering,
           QLinearConvLowering, QLinearMatMulLowering, QuantizeLinearLowering>(
          converter, patterns.getContext());
}
