// SPDX-License-Identifier: Apache-2.0
//===- SignalLowering.cpp - ONNX window generators to linalg --------------===//
//
// Hann, Hamming and Blackman windows: generalized cosine windows
// w[n] = a0 - a1 cos(2 pi n / N) + a2 cos(4 pi n / N), computed in f64 per
// element of a linalg.generic (n from linalg.index) and converted to the
// output type.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

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

} // namespace

void mlir::kiln::populateSignalLoweringPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<WindowLowering<HannWindowOp>>(converter, context, 0.5, 0.5, 0.0);
  patterns.add<WindowLowering<HammingWindowOp>>(converter, context, 25.0 / 46.0,
                                                21.0 / 46.0, 0.0);
  patterns.add<WindowLowering<BlackmanWindowOp>>(converter, context, 0.42, 0.5,
                                                 0.08);
}
