// SPDX-License-Identifier: Apache-2.0
//===- CastLowering.cpp - ONNX Cast and CastLike to linalg ---------------===//
//
// One linalg.generic converting each element (convertScalar): floats to
// integers truncate toward zero, anything to bool compares with zero (NaN
// is true), bool to numbers gives 0 or 1, integers extend by the source's
// signedness and narrow by truncation (wrapping, as onnxruntime does),
// float to float rounds to nearest even (f16 <-> bf16 through f32).
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

template <typename OpTy> struct CastLowering : KilnPattern<OpTy> {
  using KilnPattern<OpTy>::KilnPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Type from = getElementTypeOrSelf(op.getInput().getType());
    Type to = getElementTypeOrSelf(op.getOutput().getType());
    RankedTensorType resultType = this->convertedType(op.getOutput());
    Value input = adaptor.getInput();
    Type fromConverted = getElementTypeOrSelf(input.getType());
    Type toConverted = resultType.getElementType();
    bool fromUnsigned = isUnsignedType(from), toUnsigned = isUnsignedType(to);
    // Check the pair on a throw-away builder position first: convertScalar
    // answers null for unsupported pairs.
    bool supported = (isa<FloatType, IntegerType>(fromConverted)) &&
                     (isa<FloatType, IntegerType>(toConverted));
    if (!supported)
      return emitLoweringError(op, "unsupported cast from " +
                                       llvm::Twine(debugString(from)) + " to " +
                                       debugString(to));
    Location loc = op.getLoc();
    if (isa<Float8E8M0FNUType>(toConverted))
      return emitLoweringError(op, "casts to f8E8M0FNU (round_mode) are not "
                                   "supported");
    // Float8 and float4 results saturate to their largest finite value
    // unless `saturate` is 0 (NaN stays NaN).
    auto toFloat = dyn_cast<FloatType>(toConverted);
    bool saturate = toFloat && toFloat.getWidth() <= 8 && op.getSaturate() != 0;
    Value result = buildElementwise(
        rewriter, loc, input, resultType,
        [&](OpBuilder &b, Location nested, ValueRange args) {
          Value x = args[0];
          if (saturate) {
            Type computeType = isa<FloatType>(x.getType())
                                   ? x.getType()
                                   : Type(b.getF32Type());
            x = convertScalar(b, nested, x, computeType, fromUnsigned, false);
            APFloat largest = APFloat::getLargest(toFloat.getFloatSemantics());
            bool losesInfo;
            largest.convert(cast<FloatType>(computeType).getFloatSemantics(),
                            APFloat::rmTowardZero, &losesInfo);
            Value high = arith::ConstantOp::create(
                b, nested, b.getFloatAttr(computeType, largest));
            Value low = arith::NegFOp::create(b, nested, high);
            x = arith::MinimumFOp::create(
                b, nested, arith::MaximumFOp::create(b, nested, x, low), high);
            return convertScalar(b, nested, x, toConverted, false, toUnsigned);
          }
          return convertScalar(b, nested, x, toConverted, fromUnsigned,
                               toUnsigned);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  static std::string debugString(Type type) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << type;
    return text;
  }
};

} // namespace

void mlir::kiln::populateCastLoweringPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<CastLowering<CastOp>, CastLowering<CastLikeOp>>(
      converter, patterns.getContext());
}
