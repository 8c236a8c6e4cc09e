// SPDX-License-Identifier: Apache-2.0
//===- CastLowering.cpp - ONNX Cast and CastLike to linalg ---------------===//
//
// One linalg.generic converting each element (convertScalar): floats to
// integers truncate toward zero, anything to bool compares with zero (NaN
// is true), bool to numbers gives 0 or 1, integers extend by the source's
// signedness and narrow by truncation (wrapping, as onnxruntime does),
// float to float rounds to nearest even (f16 <-> bf16 through f32). Float8
// and float4 results saturate unless `saturate` is 0; f8E8M0FNU results
// follow ONNX's round_mode on the f32 exponent.
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
    if (isa<Float8E8M0FNUType>(toConverted)) {
      StringRef mode = op.getRoundMode();
      if (mode != "up" && mode != "down" && mode != "nearest")
        return emitLoweringError(op, "round_mode '" + mode +
                                         "' is not one of up, down, nearest");
      bool saturate = op.getSaturate() != 0;
      Value result = buildElementwise(
          rewriter, loc, input, resultType,
          [&](OpBuilder &b, Location nested, ValueRange args) {
            Value x = convertScalar(b, nested, args[0], b.getF32Type(),
                                    fromUnsigned, false);
            return buildE8M0(b, nested, x, mode, saturate, toConverted);
          });
      rewriter.replaceOp(op, result);
      return success();
    }
    // Float8 and float4 results saturate to their largest finite value
    // unless `saturate` is 0 (NaN stays NaN).
    auto toFloat = dyn_cast<FloatType>(toConverted);
    bool toSmallFloat = toFloat && toFloat.getWidth() <= 8;
    bool saturate = toSmallFloat && op.getSaturate() != 0;
    Value result = buildElementwise(
        rewriter, loc, input, resultType,
        [&](OpBuilder &b, Location nested, ValueRange args) {
          Value x = args[0];
          // ONNX's reference (ml_dtypes) and onnxruntime narrow f64 to
          // float8/float4 through f32, rounding twice: so do we.
          if (toSmallFloat && x.getType().isF64())
            x = arith::TruncFOp::create(b, nested, b.getF32Type(), x);
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

  /// ONNX's conversion of f32 `x` to f8E8M0FNU (onnx.numpy_helper.
  /// to_float8e8m0): the f32 exponent field, the sign ignored, rounded by
  /// `mode` from the fraction ("up": any fraction bit; the reference tests
  /// the mask 0x4FFFFF, which looks like a typo for 0x7FFFFF and differs
  /// only when bits 20-21 alone are set); NaN and Inf give 0xFF (NaN), and
  /// with `saturate` rounding never goes past 0xFE (2^127).
  static Value buildE8M0(OpBuilder &b, Location loc, Value x, StringRef mode,
                         bool saturate, Type to) {
    Type i32 = b.getI32Type();
    auto c = [&](int64_t value) {
      return createIntConstant(b, loc, i32, value);
    };
    auto cmp = [&](arith::CmpIPredicate predicate, Value l, Value r) {
      return arith::CmpIOp::create(b, loc, predicate, l, r).getResult();
    };
    Value bits = arith::BitcastOp::create(b, loc, i32, x);
    Value exponent = arith::AndIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, bits, c(23)), c(0xFF));
    Value result = exponent;
    if (mode != "down") {
      Value roundUp;
      auto nonzero = [&](int64_t mask) {
        return cmp(arith::CmpIPredicate::ne,
                   arith::AndIOp::create(b, loc, bits, c(mask)), c(0));
      };
      if (mode == "up") {
        roundUp = nonzero(0x7FFFFF);
      } else {
        // Nearest: up past the halfway point; a tie goes up unless the
        // exponent field is 0 (as ONNX's reference rounds).
        Value lsb = cmp(arith::CmpIPredicate::ne, exponent, c(0));
        Value tie = arith::OrIOp::create(b, loc, nonzero(0x3FFFFF), lsb);
        roundUp = arith::AndIOp::create(b, loc, nonzero(0x400000), tie);
      }
      if (saturate)
        roundUp = arith::AndIOp::create(
            b, loc, roundUp, cmp(arith::CmpIPredicate::ne, exponent, c(0xFE)));
      Value one = arith::ExtUIOp::create(b, loc, i32, roundUp);
      result = arith::AddIOp::create(b, loc, exponent, one);
    }
    // NaN and Inf (exponent 0xFF) stay 0xFF.
    result = arith::SelectOp::create(
        b, loc, cmp(arith::CmpIPredicate::eq, exponent, c(0xFF)), c(0xFF),
        result);
    Value byte = arith::TruncIOp::create(b, loc, b.getI8Type(), result);
    return arith::BitcastOp::create(b, loc, to, byte);
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
