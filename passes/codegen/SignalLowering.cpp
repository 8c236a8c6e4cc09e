// SPDX-License-Identifier: Apache-2.0
//===- SignalLowering.cpp - ONNX window generators to linalg --------------===//
//
// Hann, Hamming and Blackman windows: generalized cosine windows
// w[n] = a0 - a1 cos(2 pi n / N) + a2 cos(4 pi n / N), computed in f64 per
// element of a linalg.generic (n from linalg.index) and converted to the
// output type.
//
// DFT is the naive O(n^2) transform: cos and sin tables [bins, n] (one
// generic each, angles in f64 from (k n mod L), scaled by 1 / L when
// inverse), then one contraction over the input's axis and its real /
// imaginary component into the [..., bins, ..., 2] result.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"
#include "dialects/kiln/IR/ShapeUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

template <typename OpTy> struct WindowLowering : KilnPattern<OpTy> {
  WindowLowering(TypeConverter &converter, MLIRContext *context, double a0,
                 double a1, double a2)
      : KilnPattern<OpTy>(converter, context), a0(a0), a1(a1), a2(a2) {}
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = this->convertedType(op.getOutput());
    if (!resultType || resultType.getRank() != 1 ||
        !getRankedType(adaptor.getSize()))
      return emitLoweringError(op, "operands and results must be ranked");
    Location loc = op.getLoc();
    Type type = resultType.getElementType();
    bool isUnsigned = isUnsignedType(op.getOutput().getType());
    Value size = convertScalar(rewriter, loc,
                               extractScalar(rewriter, loc, adaptor.getSize()),
                               rewriter.getIndexType(), false, false);
    OpFoldResult length = resultType.isDynamicDim(0)
                              ? OpFoldResult(size)
                              : rewriter.getIndexAttr(resultType.getDimSize(0));
    Type f64 = rewriter.getF64Type();
    // N = size when periodic, else size - 1.
    Value denominator = toFloat(rewriter, loc, size, f64, false);
    if (op.getPeriodic() == 0)
      denominator = arith::SubFOp::create(
          rewriter, loc, denominator, createConstant(rewriter, loc, f64, 1));
    Value init = createEmpty(rewriter, loc, resultType, {length});
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(1), utils::IteratorType::parallel,
        [&](OpBuilder &b, Location l, ValueRange) {
          auto c = [&](double v) { return createConstant(b, l, f64, v); };
          Value n = toFloat(b, l, linalg::IndexOp::create(b, l, 0), f64, false);
          Value angle = arith::DivFOp::create(
              b, l, arith::MulFOp::create(b, l, c(2 * M_PI), n), denominator);
          Value w = arith::SubFOp::create(
              b, l, c(a0),
              arith::MulFOp::create(b, l, c(a1),
                                    math::CosOp::create(b, l, angle)));
          if (a2 != 0) {
            Value twice = arith::MulFOp::create(b, l, c(2), angle);
            w = arith::AddFOp::create(
                b, l, w,
                arith::MulFOp::create(b, l, c(a2),
                                      math::CosOp::create(b, l, twice)));
          }
          linalg::YieldOp::create(
              b, l, convertScalar(b, l, w, type, false, isUnsigned));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

  double a0, a1, a2;
};

/// A [bins, n] table of f(2 pi sign (k n mod length) / length) * scale in
/// `type`, f being cos or sin.
template <typename TrigOp>
Value buildTwiddleTable(OpBuilder &b, Location loc, int64_t bins, int64_t n,
                        int64_t length, double sign, double scale, Type type) {
  auto tableType = RankedTensorType::get({bins, n}, type);
  Value init = tensor::EmptyOp::create(b, loc, tableType.getShape(), type);
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, tableType, ValueRange{}, init,
             SmallVector<AffineMap>{b.getMultiDimIdentityMap(2)}, iterators,
             [&](OpBuilder &nb, Location l, ValueRange) {
               Type f64 = nb.getF64Type();
               Value k = linalg::IndexOp::create(nb, l, 0);
               Value i = linalg::IndexOp::create(nb, l, 1);
               Value product = arith::RemUIOp::create(
                   nb, l, arith::MulIOp::create(nb, l, k, i),
                   arith::ConstantIndexOp::create(nb, l, length));
               Value angle = arith::MulFOp::create(
                   nb, l, toFloat(nb, l, product, f64, false),
                   createConstant(nb, l, f64, sign * 2 * M_PI / length));
               Value value = arith::MulFOp::create(
                   nb, l, TrigOp::create(nb, l, angle),
                   createConstant(nb, l, f64, scale));
               linalg::YieldOp::create(
                   nb, l, convertScalar(nb, l, value, type, false, false));
             })
      .getResult(0);
}

struct DFTLowering : KilnPattern<DFTOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(DFTOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value input = adaptor.getInput();
    auto inputType = getRankedType(input);
    RankedTensorType resultType = convertedType(op.getOutput());
    Type type = resultType.getElementType();
    int64_t rank = inputType.getRank();
    if (op.getAxisInput())
      return emitLoweringError(op, "the axis must be a constant");
    int64_t axis = op.getAxis() ? static_cast<int64_t>(*op.getAxis()) : -2;
    if (axis < 0)
      axis += rank;
    int64_t n = inputType.getDimSize(axis);
    if (ShapedType::isDynamic(n) ||
        ShapedType::isDynamic(inputType.getDimSize(rank - 1)))
      return emitLoweringError(op, "the transformed dim must be static");
    int64_t length = n;
    if (Value dftLength = op.getDftLength()) {
      std::optional<SmallVector<int64_t>> value =
          getConstantIntegers(dftLength);
      if (!value || value->size() != 1)
        return emitLoweringError(op, "dft_length must be a constant");
      length = value->front();
    }
    bool inverse = op.getInverse() != 0;
    int64_t bins = op.getOnesided() != 0 ? length / 2 + 1 : length;
    if (resultType.getDimSize(axis) != bins)
      return emitLoweringError(op, "the result does not match dft_length");

    // A signal longer than dft_length is truncated; a shorter one is
    // zero-padded, which the sum over its own length already is.
    int64_t used = std::min(n, length);
    if (used < n) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      sizes[axis] = rewriter.getIndexAttr(used);
      input = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets,
                                             sizes, strides);
    }
    double sign = inverse ? 1.0 : -1.0;
    double scale = inverse ? 1.0 / static_cast<double>(length) : 1.0;
    Value cosTable = buildTwiddleTable<math::CosOp>(rewriter, loc, bins, used,
                                                    length, sign, scale, type);
    Value sinTable = buildTwiddleTable<math::SinOp>(rewriter, loc, bins, used,
                                                    length, sign, scale, type);

    // Loops: the result's dims (k at `axis`, the component last), then the
    // input's index along the axis and its component.
    int64_t loops = rank + 2;
    int64_t iDim = rank, cDim = rank + 1;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, context); };
    SmallVector<AffineExpr> inputExprs, outputExprs;
    for (int64_t dim = 0; dim < rank; ++dim) {
      outputExprs.push_back(d(dim));
      inputExprs.push_back(dim == axis          ? d(iDim)
                           : dim == rank - 1    ? d(cDim)
                                                : d(dim));
    }
    SmallVector<AffineMap> maps = {
        AffineMap::get(loops, 0, inputExprs, context),
        AffineMap::get(loops, 0, {d(axis), d(iDim)}, context),
        AffineMap::get(loops, 0, {d(axis), d(iDim)}, context)};
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    iterators[iDim] = iterators[cDim] = utils::IteratorType::reduction;
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    sizes[axis] = rewriter.getIndexAttr(bins);
    sizes[rank - 1] = rewriter.getIndexAttr(2);
    Value init = createFilled(rewriter, loc, resultType, sizes,
                              createConstant(rewriter, loc, type, 0));
    // (re + i im)(cos + i sin): the real part gains re cos - im sin, the
    // imaginary part re sin + im cos.
    Value result = buildGeneric(
        rewriter, loc, {input, cosTable, sinTable}, maps,
        AffineMap::get(loops, 0, outputExprs, context), init, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value part = linalg::IndexOp::create(b, l, rank - 1);
          Value component = linalg::IndexOp::create(b, l, cDim);
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value same = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                             part, component);
          Value realPart = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq, part, zero);
          Value sinTerm = arith::MulFOp::create(b, l, args[0], args[2]);
          Value cross = arith::SelectOp::create(
              b, l, realPart, arith::NegFOp::create(b, l, sinTerm), sinTerm);
          Value term = arith::SelectOp::create(
              b, l, same, arith::MulFOp::create(b, l, args[0], args[1]),
              cross);
          return arith::AddFOp::create(b, l, args[3], term);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateSignalLoweringPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<WindowLowering<HannWindowOp>>(converter, context, 0.5, 0.5, 0.0);
  patterns.add<WindowLowering<HammingWindowOp>>(converter, context, 25.0 / 46.0,
                                                21.0 / 46.0, 0.0);
  patterns.add<WindowLowering<BlackmanWindowOp>>(converter, context, 0.42, 0.5,
                                                 0.08);
  patterns.add<DFTLowering>(converter, context);
}
