// SPDX-License-Identifier: Apache-2.0
//===- GridLowering.cpp - ONNX GridSample and AffineGrid to linalg --------===//
//
// GridSample is one linalg.generic over the result [N, C, O...]: the body
// reads the grid's normalized coordinates (last dim, in reverse order of
// the spatial dims), maps them to input positions (align_corners),
// applies the padding mode to positions outside (border clamps,
// reflection folds back), and combines the nearest pixel, the 2 linear or
// the 4 cubic (a = -0.75) neighbours per spatial dim, read with
// tensor.extract (0 outside with zeros padding). AffineGrid computes each
// grid point as theta times the normalized base coordinates (x, y[, z], 1).
// Both follow ONNX's reference implementation.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Folds `v` (f32) back into [low, high] by reflection, as ONNX's reference
/// `_gs_reflect`.
Value reflect(OpBuilder &b, Location l, Value v, double low, double high) {
  Type f32 = b.getF32Type();
  auto c = [&](double x) { return createConstant(b, l, f32, x); };
  Value range = c(high - low);
  auto fold = [&](Value distance, Value evenBase, Value oddBase,
                  bool evenAdds) -> Value {
    Value n = math::FloorOp::create(
        b, l, arith::DivFOp::create(b, l, distance, range));
    Value r = arith::SubFOp::create(b, l, distance,
                                    arith::MulFOp::create(b, l, n, range));
    Value parity = arith::AndIOp::create(
        b, l, arith::FPToSIOp::create(b, l, b.getI64Type(), n),
        createIntConstant(b, l, b.getI64Type(), 1));
    Value even =
        arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, parity,
                              createIntConstant(b, l, b.getI64Type(), 0));
    Value evenValue =
        evenAdds ? arith::AddFOp::create(b, l, evenBase, r).getResult()
                 : arith::SubFOp::create(b, l, evenBase, r).getResult();
    Value oddValue = evenAdds
                         ? arith::SubFOp::create(b, l, oddBase, r).getResult()
                         : arith::AddFOp::create(b, l, oddBase, r).getResult();
    return arith::SelectOp::create(b, l, even, evenValue, oddValue);
  };
  Value below =
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, v, c(low));
  Value above =
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, v, c(high));
  Value fromLow = fold(arith::SubFOp::create(b, l, c(low), v), c(low), c(high),
                       /*evenAdds=*/true);
  Value fromHigh = fold(arith::SubFOp::create(b, l, v, c(high)), c(high),
                        c(low), /*evenAdds=*/false);
  return arith::SelectOp::create(
      b, l, below, fromLow, arith::SelectOp::create(b, l, above, fromHigh, v));
}

/// Keys' cubic convolution coefficients (a = -0.75) for fraction t.
SmallVector<Value> cubicCoefficients(OpBuilder &b, Location l, Value t) {
  Type f32 = b.getF32Type();
  auto c = [&](double x) { return createConstant(b, l, f32, x); };
  double a = -0.75;
  auto far = [&](Value x) {
    // ((a x - 5a) x + 8a) x - 4a
    Value v = arith::SubFOp::create(b, l, arith::MulFOp::create(b, l, c(a), x),
                                    c(5 * a));
    v = arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, v, x),
                              c(8 * a));
    return arith::SubFOp::create(b, l, arith::MulFOp::create(b, l, v, x),
                                 c(4 * a));
  };
  auto near = [&](Value x) {
    // ((a + 2) x - (a + 3)) x x + 1
    Value v = arith::SubFOp::create(
        b, l, arith::MulFOp::create(b, l, c(a + 2), x), c(a + 3));
    v = arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, v, x), x);
    return arith::AddFOp::create(b, l, v, c(1));
  };
  Value oneMinus = arith::SubFOp::create(b, l, c(1), t);
  return {far(arith::AddFOp::create(b, l, t, c(1))), near(t), near(oneMinus),
          far(arith::AddFOp::create(b, l, oneMinus, c(1)))};
}

struct GridSampleLowering : KilnPattern<GridSampleOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(GridSampleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getX(), grid = adaptor.getGrid();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank(), spatial = rank - 2;
    SmallVector<int64_t> dims(xType.getShape().drop_front(2));
    if (llvm::any_of(dims, ShapedType::isDynamic))
      return emitLoweringError(op, "the input's spatial dims must be static");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    StringRef mode = op.getMode(), padding = op.getPaddingMode();
    if (mode != "nearest" && !isa<FloatType>(type))
      return emitLoweringError(op, "linear and cubic modes need floats");
    bool align = op.getAlignCorners() != 0;
    bool isUnsigned = isUnsignedType(op.getX().getType());
    SmallVector<OpFoldResult> sizes = {getSizes(rewriter, loc, x)[0],
                                       getSizes(rewriter, loc, x)[1]};
    SmallVector<OpFoldResult> gridSizes = getSizes(rewriter, loc, grid);
    for (int64_t i = 0; i < spatial; ++i)
      sizes.push_back(gridSizes[1 + i]);
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          Type f32 = b.getF32Type(), i64 = b.getI64Type();
          auto c = [&](double v) { return createConstant(b, l, f32, v); };
          SmallVector<Value> loops;
          for (int64_t dim = 0; dim < rank; ++dim)
            loops.push_back(linalg::IndexOp::create(b, l, dim));
          // Taps (index as i64, weight or null) per spatial dim.
          SmallVector<SmallVector<std::pair<Value, Value>>> taps;
          for (int64_t i = 0; i < spatial; ++i) {
            int64_t size = dims[i];
            double low = align ? 0.0 : -0.5;
            double high = align ? size - 1.0 : size - 0.5;
            SmallVector<Value> gridIndex = {loops[0]};
            for (int64_t k = 0; k < spatial; ++k)
              gridIndex.push_back(loops[2 + k]);
            gridIndex.push_back(
                arith::ConstantIndexOp::create(b, l, spatial - 1 - i));
            Value g =
                toFloat(b, l, tensor::ExtractOp::create(b, l, grid, gridIndex),
                        f32, false);
            Value position =
                align
                    ? arith::MulFOp::create(
                          b, l,
                          arith::DivFOp::create(
                              b, l, arith::AddFOp::create(b, l, g, c(1)), c(2)),
                          c(size - 1.0))
                          .getResult()
                    : arith::DivFOp::create(
                          b, l,
                          arith::SubFOp::create(
                              b, l,
                              arith::MulFOp::create(
                                  b, l, arith::AddFOp::create(b, l, g, c(1)),
                                  c(size)),
                              c(1)),
                          c(2))
                          .getResult();
            if (mode == "nearest")
              position = math::RoundEvenOp::create(b, l, position);
            if (padding == "border") {
              position = arith::MinimumFOp::create(
                  b, l, arith::MaximumFOp::create(b, l, position, c(0)),
                  c(size - 1.0));
            } else if (padding == "reflection") {
              position = reflect(b, l, position, low, high);
            }
            SmallVector<std::pair<Value, Value>> dimTaps;
            if (mode == "nearest") {
              dimTaps.push_back(
                  {arith::FPToSIOp::create(b, l, i64, position), Value()});
            } else {
              Value floor = math::FloorOp::create(b, l, position);
              Value t = arith::SubFOp::create(b, l, position, floor);
              Value base = arith::FPToSIOp::create(b, l, i64, floor);
              SmallVector<Value> weights;
              int64_t first;
              if (mode == "linear") {
                weights = {arith::SubFOp::create(b, l, c(1), t), t};
                first = 0;
              } else {
                weights = cubicCoefficients(b, l, t);
                first = -1;
              }
              for (auto [k, weight] : llvm::enumerate(weights))
                dimTaps.push_back(
                    {arith::AddIOp::create(
                         b, l, base,
                         createIntConstant(b, l, i64, first + (int64_t)k)),
                     weight});
            }
            taps.push_back(dimTaps);
          }
          // Sum over all combinations of taps.
          Value result;
          SmallVector<int64_t> choice(spatial, 0);
          while (true) {
            SmallVector<Value> at = {loops[0], loops[1]};
            Value weight, inside;
            for (int64_t i = 0; i < spatial; ++i) {
              auto [index, w] = taps[i][choice[i]];
              int64_t size = dims[i];
              Value zero = createIntConstant(b, l, i64, 0);
              Value last = createIntConstant(b, l, i64, size - 1);
              if (padding == "zeros") {
                Value ok = arith::AndIOp::create(
                    b, l,
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge,
                                          index, zero),
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle,
                                          index, last));
                inside =
                    inside ? arith::AndIOp::create(b, l, inside, ok).getResult()
                           : ok;
                index = arith::MinSIOp::create(
                    b, l, arith::MaxSIOp::create(b, l, index, zero), last);
              } else if (padding == "border") {
                index = arith::MinSIOp::create(
                    b, l, arith::MaxSIOp::create(b, l, index, zero), last);
              } else {
                // Reflect the integer index as the reference does.
                double low = align ? 0.0 : -0.5;
                double high = align ? size - 1.0 : size - 0.5;
                Value folded = reflect(
                    b, l, arith::SIToFPOp::create(b, l, f32, index), low, high);
                index = arith::FPToSIOp::create(b, l, i64, folded);
                index = arith::MinSIOp::create(
                    b, l, arith::MaxSIOp::create(b, l, index, zero), last);
              }
              at.push_back(
                  arith::IndexCastOp::create(b, l, b.getIndexType(), index));
              if (w)
                weight =
                    weight ? arith::MulFOp::create(b, l, weight, w).getResult()
                           : w;
            }
            Value pixel = tensor::ExtractOp::create(b, l, x, at);
            if (inside)
              pixel = arith::SelectOp::create(b, l, inside, pixel,
                                              createConstant(b, l, type, 0));
            if (!weight) {
              result = pixel;
            } else {
              Value term = arith::MulFOp::create(
                  b, l, toFloat(b, l, pixel, f32, isUnsigned), weight);
              result =
                  result ? arith::AddFOp::create(b, l, result, term).getResult()
                         : term;
            }
            int64_t i = 0;
            for (; i < spatial; ++i) {
              if (++choice[i] < static_cast<int64_t>(taps[i].size()))
                break;
              choice[i] = 0;
            }
            if (i == spatial)
              break;
          }
          if (mode != "nearest")
            result = convertScalar(b, l, result, type, false, isUnsigned);
          linalg::YieldOp::create(b, l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct AffineGridLowering : KilnPattern<AffineGridOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(AffineGridOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    RankedTensorType resultType = convertedType(op.getGrid());
    if (!resultType.hasStaticShape())
      return emitLoweringError(op, "the grid shape must be static (a constant "
                                   "size)");
    Location loc = op.getLoc();
    Value theta = adaptor.getTheta();
    int64_t rank = resultType.getRank(), spatial = rank - 2;
    ArrayRef<int64_t> dims = resultType.getShape().slice(1, spatial);
    Type type = resultType.getElementType();
    bool align = op.getAlignCorners() != 0;
    Value init = createEmpty(rewriter, loc, resultType,
                             getSizesLike(rewriter, loc, resultType, theta));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          Type f32 = b.getF32Type();
          auto c = [&](double v) { return createConstant(b, l, f32, v); };
          Value n = linalg::IndexOp::create(b, l, 0);
          Value component = linalg::IndexOp::create(b, l, rank - 1);
          // Base coordinates: the grid's dims are (D, H, W) but the
          // coordinates (x, y, z) start from W.
          SmallVector<Value> base;
          for (int64_t k = 0; k < spatial; ++k) {
            int64_t dim = spatial - 1 - k;
            int64_t size = dims[dim];
            Value i = toFloat(b, l, linalg::IndexOp::create(b, l, 1 + dim), f32,
                              false);
            Value coordinate;
            if (align)
              coordinate =
                  size == 1
                      ? c(0)
                      : arith::SubFOp::create(
                            b, l,
                            arith::MulFOp::create(b, l, i, c(2.0 / (size - 1))),
                            c(1))
                            .getResult();
            else
              coordinate = arith::SubFOp::create(
                  b, l,
                  arith::DivFOp::create(
                      b, l,
                      arith::AddFOp::create(
                          b, l, arith::MulFOp::create(b, l, i, c(2)), c(1)),
                      c(size)),
                  c(1));
            base.push_back(coordinate);
          }
          base.push_back(c(1));
          Value sum = c(0);
          for (auto [k, coordinate] : llvm::enumerate(base)) {
            Value entry = tensor::ExtractOp::create(
                b, l, theta,
                ValueRange{n, component,
                           arith::ConstantIndexOp::create(b, l, k)});
            sum = arith::AddFOp::create(
                b, l, sum,
                arith::MulFOp::create(b, l, toFloat(b, l, entry, f32, false),
                                      coordinate));
          }
          linalg::YieldOp::create(b, l,
                                  convertScalar(b, l, sum, type, false, false));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::kiln::populateGridLoweringPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<AffineGridLowering, GridSampleLowering>(converter,
                                                       patterns.getContext());
}
