// SPDX-License-Identifier: Apache-2.0
//===- ExpandSmallFloats.cpp - float8/float6/float4 conversions as bit ops ===//
//
// LLVM has no float types narrower than 16 bits: the LLVM type converter
// turns them into integers of their width, but arith.extf / arith.truncf on
// them have no lowering. This pass rewrites those conversions into integer
// bit manipulation on the f32 (or f64) bits, for every format of at most 8
// bits, from its APFloat semantics:
//
//   extf   small -> f32 bits (exact), then f32 -> the result type
//   truncf f16/bf16 -> f32 (exact), f32/f64 bits -> small, rounding once to
//          nearest even, with the format's subnormals, and its encodings of
//          overflow, infinity and NaN:
//            IEEE-like (f8E5M2, f8E4M3, f8E3M4): +-Inf, NaN keeps its sign
//            FN (f8E4M3FN): no Inf, S.1111.111 is NaN; overflow -> NaN
//            FNUZ (f8E4M3FNUZ, f8E5M2FNUZ, f8E4M3B11FNUZ): no Inf, no -0
//              (a negative result that rounds to zero is +0), 0x80 is NaN
//            no NaN (f4E2M1FN, f6*): overflow and Inf saturate to the
//              largest value, NaN gives a zero of the opposite sign (as
//              ml_dtypes, the ONNX reference, does)
//          f8E8M0FNU (no sign, no zero, exponent only) honours the
//          `roundingmode` attribute: upward, downward/toward_zero, and
//          otherwise to nearest with ties up (as ml_dtypes); zero, negative
//          values, NaN, Inf and overflow give NaN (0xFF), underflow 2^-127.
//          Other formats support to_nearest_even only (an error otherwise).
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/APFloat.h"

#include <cmath>

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_EXPANDSMALLFLOATSPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;

namespace {

//===----------------------------------------------------------------------===//
// Formats
//===----------------------------------------------------------------------===//

/// A float type of at most 8 bits, described by its semantics.
struct SmallFloat {
  unsigned width;      // bits of the encoding
  unsigned mantissa;   // explicit mantissa bits
  int64_t bias;        // biased exponent = exponent + bias
  int64_t minExponent; // unbiased exponent of the smallest normal
  bool hasSign, hasInf, hasNaN;
  bool hasNegativeZero; // FNUZ formats have none
  bool exponentOnly;    // f8E8M0FNU
  uint64_t signBit;     // 0 without a sign
  uint64_t largest;     // bits of the largest finite value
  uint64_t inf;         // bits of +Inf (if any)
  uint64_t nan;         // bits of the positive (or only) NaN (if any)
  bool nanIsSignBit;    // NaN is 0x80 (FNUZ)

  static std::optional<SmallFloat> get(Type type) {
    auto floatType = dyn_cast<FloatType>(type);
    if (!floatType || floatType.getWidth() > 8)
      return std::nullopt;
    const llvm::fltSemantics &sem = floatType.getFloatSemantics();
    SmallFloat f;
    f.width = floatType.getWidth();
    f.mantissa = llvm::APFloat::semanticsPrecision(sem) - 1;
    f.minExponent = llvm::APFloat::semanticsMinExponent(sem);
    f.hasSign = llvm::APFloat::semanticsHasSignedRepr(sem);
    f.hasInf = llvm::APFloat::semanticsHasInf(sem);
    f.hasNaN = llvm::APFloat::semanticsHasNaN(sem);
    f.exponentOnly = !llvm::APFloat::semanticsHasZero(sem);
    // The smallest normal has biased exponent 1, except in formats without
    // a zero (f8E8M0FNU), where biased exponent 0 is a normal number.
    f.bias = f.exponentOnly ? -f.minExponent : 1 - f.minExponent;
    f.signBit = f.hasSign ? uint64_t(1) << (f.width - 1) : 0;
    auto bits = [](const llvm::APFloat &value) {
      return value.bitcastToAPInt().getZExtValue();
    };
    f.largest = bits(llvm::APFloat::getLargest(sem));
    f.inf = f.hasInf ? bits(llvm::APFloat::getInf(sem)) : 0;
    f.nan = f.hasNaN ? bits(llvm::APFloat::getQNaN(sem)) : 0;
    f.nanIsSignBit = f.hasNaN && f.hasSign && f.nan == f.signBit;
    f.hasNegativeZero =
        f.hasSign && !f.exponentOnly &&
        bits(llvm::APFloat::getZero(sem, /*Negative=*/true)) != 0;
    return f;
  }
};

/// The IEEE source of a truncation: f32 or f64 bits.
struct WideFloat {
  unsigned width, mantissa;
  int64_t bias;
  uint64_t inf() const {
    return ((uint64_t(1) << (width - 1 - mantissa)) - 1) << mantissa;
  }
};

//===----------------------------------------------------------------------===//
// Builders on scalars or vectors
//===----------------------------------------------------------------------===//

/// `elementType` in the shape of `like` (a scalar or a vector type).
Type withElementType(Type like, Type elementType) {
  if (auto shaped = dyn_cast<ShapedType>(like))
    return shaped.clone(elementType);
  return elementType;
}

/// A float constant of `type` (a float or a vector of floats).
Value floatConstant(PatternRewriter &b, Location loc, Type type, double value) {
  FloatAttr attr = b.getFloatAttr(getElementTypeOrSelf(type), value);
  if (auto shaped = dyn_cast<ShapedType>(type))
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(shaped, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

/// Emits integer arithmetic of one type (iN or vector of iN).
class IntBuilder {
public:
  IntBuilder(PatternRewriter &rewriter, Location loc, Type type)
      : b(rewriter), loc(loc), type(type),
        width(getElementTypeOrSelf(type).getIntOrFloatBitWidth()) {}

  Value c(uint64_t value) const {
    auto element = cast<IntegerType>(getElementTypeOrSelf(type));
    IntegerAttr attr = b.getIntegerAttr(element, APInt(width, value));
    if (auto shaped = dyn_cast<ShapedType>(type))
      return arith::ConstantOp::create(b, loc,
                                       DenseElementsAttr::get(shaped, attr));
    return arith::ConstantOp::create(b, loc, attr);
  }
  Value add(Value x, Value y) const {
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) const {
    return arith::SubIOp::create(b, loc, x, y);
  }
  Value band(Value x, Value y) const {
    return arith::AndIOp::create(b, loc, x, y);
  }
  Value bor(Value x, Value y) const {
    return arith::OrIOp::create(b, loc, x, y);
  }
  Value bxor(Value x, Value y) const {
    return arith::XOrIOp::create(b, loc, x, y);
  }
  Value shl(Value x, Value y) const {
    return arith::ShLIOp::create(b, loc, x, y);
  }
  Value shr(Value x, Value y) const {
    return arith::ShRUIOp::create(b, loc, x, y);
  }
  Value umin(Value x, Value y) const {
    return arith::MinUIOp::create(b, loc, x, y);
  }
  Value umax(Value x, Value y) const {
    return arith::MaxUIOp::create(b, loc, x, y);
  }
  Value cmp(arith::CmpIPredicate predicate, Value x, Value y) const {
    return arith::CmpIOp::create(b, loc, predicate, x, y);
  }
  Value eq(Value x, Value y) const {
    return cmp(arith::CmpIPredicate::eq, x, y);
  }
  Value ne(Value x, Value y) const {
    return cmp(arith::CmpIPredicate::ne, x, y);
  }
  Value ugt(Value x, Value y) const {
    return cmp(arith::CmpIPredicate::ugt, x, y);
  }
  Value ult(Value x, Value y) const {
    return cmp(arith::CmpIPredicate::ult, x, y);
  }
  Value select(Value condition, Value x, Value y) const {
    return arith::SelectOp::create(b, loc, condition, x, y);
  }
  Value zext(Value condition) const {
    return arith::ExtUIOp::create(b, loc, type, condition);
  }

  PatternRewriter &b;
  Location loc;
  Type type;
  unsigned width;
};

//===----------------------------------------------------------------------===//
// Decoding: small -> f32
//===----------------------------------------------------------------------===//

/// The f32 value of small float `x` (exact).
Value decodeToF32(PatternRewriter &rewriter, Location loc, Value x,
                  const SmallFloat &f) {
  Type like = x.getType();
  Type i32 = withElementType(like, rewriter.getI32Type());
  Type f32 = withElementType(like, rewriter.getF32Type());
  IntBuilder i(rewriter, loc, i32);
  Value raw = arith::BitcastOp::create(
      rewriter, loc, withElementType(like, rewriter.getIntegerType(f.width)),
      x);
  Value bits = arith::ExtUIOp::create(rewriter, loc, i32, raw);

  if (f.exponentOnly) {
    // 2^(bits - 127): the f32 exponent field is `bits`, and 2^-127 is the
    // f32 subnormal 0x00400000.
    assert(f.bias == 127 && "f8E8M0FNU is the only exponent-only format");
    Value result =
        i.select(i.eq(bits, i.c(0)), i.c(0x00400000), i.shl(bits, i.c(23)));
    result = i.select(i.eq(bits, i.c(f.nan)), i.c(0x7FC00000), result);
    return arith::BitcastOp::create(rewriter, loc, f32, result);
  }

  Value sign = i.c(0), magnitude = bits;
  if (f.hasSign) {
    sign = i.shl(i.shr(bits, i.c(f.width - 1)), i.c(31));
    magnitude = i.band(bits, i.c(f.signBit - 1));
  }
  uint64_t exponentMask = ((uint64_t(1) << (f.width - 1 - f.mantissa)) - 1)
                          << f.mantissa;
  Value exponent = i.band(magnitude, i.c(exponentMask));
  // Normals: rebias the exponent and widen the mantissa.
  Value normal =
      i.shl(i.add(magnitude, i.c(uint64_t(127 - f.bias) << f.mantissa)),
            i.c(23 - f.mantissa));
  // Subnormals: mantissa * 2^(minExponent - mantissa), exact in f32.
  Value mantissa = i.band(magnitude, i.c((uint64_t(1) << f.mantissa) - 1));
  Value scaled = arith::MulFOp::create(
      rewriter, loc, arith::UIToFPOp::create(rewriter, loc, f32, mantissa),
      floatConstant(rewriter, loc, f32,
                    std::ldexp(1.0f, f.minExponent - f.mantissa)));
  Value subnormal = arith::BitcastOp::create(rewriter, loc, i32, scaled);
  Value result = i.select(i.eq(exponent, i.c(0)), subnormal, normal);
  if (f.hasInf) {
    // IEEE-like: an all-ones exponent is Inf (zero mantissa) or NaN.
    Value special = i.eq(exponent, i.c(exponentMask));
    Value infOrNaN = i.select(i.eq(magnitude, i.c(exponentMask)),
                              i.c(0x7F800000), i.c(0x7FC00000));
    result = i.select(special, infOrNaN, result);
  } else if (f.nanIsSignBit) {
    // FNUZ: 0x80 is the only NaN (and there is no -0).
    result = i.select(i.eq(bits, i.c(f.signBit)), i.c(0x7FC00000), result);
  } else if (f.hasNaN) {
    result = i.select(i.eq(magnitude, i.c(f.nan & (f.signBit - 1))),
                      i.c(0x7FC00000), result);
  }
  result = i.bor(result, sign);
  return arith::BitcastOp::create(rewriter, loc, f32, result);
}

//===----------------------------------------------------------------------===//
// Encoding: f32/f64 -> small
//===----------------------------------------------------------------------===//

/// The bits (in the integer type of `src`'s width) of small float `f`
/// nearest to `x`, ties to even.
Value encodeNearestEven(PatternRewriter &rewriter, Location loc, Value x,
                        const WideFloat &src, const SmallFloat &f) {
  Type like = x.getType();
  Type intType = withElementType(like, rewriter.getIntegerType(src.width));
  IntBuilder i(rewriter, loc, intType);
  Value bits = arith::BitcastOp::create(rewriter, loc, intType, x);
  uint64_t srcSign = uint64_t(1) << (src.width - 1);
  Value magnitude = i.band(bits, i.c(srcSign - 1));
  Value negative = i.ne(bits, magnitude);
  Value isNaN = i.ugt(magnitude, i.c(src.inf()));
  Value isInf = i.eq(magnitude, i.c(src.inf()));

  // In the format's normal range: drop `shift` mantissa bits rounding to
  // nearest even (a carry moves into the exponent) and rebias.
  unsigned shift = src.mantissa - f.mantissa;
  Value odd = i.band(i.shr(magnitude, i.c(shift)), i.c(1));
  Value rounded =
      i.add(i.add(magnitude, i.c((uint64_t(1) << (shift - 1)) - 1)), odd);
  Value normalCode = i.sub(i.shr(rounded, i.c(shift)),
                           i.c(uint64_t(src.bias - f.bias) << f.mantissa));

  // Below it: the subnormal code is round(significand >> shiftS) with
  // shiftS = shift + minExponent - exponent; beyond mantissa + 2 every
  // value rounds to zero.
  Value exponentField = i.shr(magnitude, i.c(src.mantissa));
  Value fraction = i.band(magnitude, i.c((uint64_t(1) << src.mantissa) - 1));
  Value isSourceSubnormal = i.eq(exponentField, i.c(0));
  Value significand =
      i.select(isSourceSubnormal, fraction,
               i.bor(fraction, i.c(uint64_t(1) << src.mantissa)));
  Value exponent = i.umax(exponentField, i.c(1));
  Value shiftS = i.sub(i.c(shift + f.minExponent + src.bias), exponent);
  // Outside the subnormal range shiftS may wrap: keep it a valid amount.
  shiftS = i.umax(i.umin(shiftS, i.c(src.mantissa + 2)), i.c(1));
  Value quotient = i.shr(significand, shiftS);
  Value one = i.c(1);
  Value remainder = i.band(significand, i.sub(i.shl(one, shiftS), one));
  Value half = i.shl(one, i.sub(shiftS, one));
  Value roundUp = arith::OrIOp::create(
      rewriter, loc, i.ugt(remainder, half),
      arith::AndIOp::create(rewriter, loc, i.eq(remainder, half),
                            i.eq(i.band(quotient, one), one)));
  Value subnormalCode = i.add(quotient, i.zext(roundUp));
  uint64_t minNormal = uint64_t(f.minExponent + src.bias) << src.mantissa;
  Value code =
      i.select(i.ult(magnitude, i.c(minNormal)), subnormalCode, normalCode);

  Value sign = f.hasSign ? i.select(negative, i.c(f.signBit), i.c(0)) : i.c(0);
  uint64_t maxCode = f.largest & ~f.signBit;
  Value finite = i.bor(sign, code);
  if (!f.hasNegativeZero)
    finite = i.select(i.eq(code, i.c(0)), i.c(0), finite);
  Value nan = f.nanIsSignBit ? i.c(f.nan) : i.bor(sign, i.c(f.nan));
  Value overflow = f.hasInf   ? i.bor(sign, i.c(f.inf))
                   : f.hasNaN ? nan
                              : i.bor(sign, i.c(maxCode));
  Value nanResult = f.hasNaN ? nan : i.bxor(sign, i.c(f.signBit));
  Value result = i.select(i.ugt(code, i.c(maxCode)), overflow, finite);
  result = i.select(isInf, overflow, result);
  return i.select(isNaN, nanResult, result);
}

/// f8E8M0FNU bits (in the integer type of `src`'s width) of `x` rounded by
/// `mode`: upward, downward (and toward zero), otherwise to nearest with
/// ties up, as ml_dtypes rounds.
Value encodeExponentOnly(PatternRewriter &rewriter, Location loc, Value x,
                         const WideFloat &src, const SmallFloat &f,
                         arith::RoundingMode mode) {
  Type like = x.getType();
  Type intType = withElementType(like, rewriter.getIntegerType(src.width));
  IntBuilder i(rewriter, loc, intType);
  Value bits = arith::BitcastOp::create(rewriter, loc, intType, x);
  // With the sign bit: negative values have an exponent field past Inf's.
  Value field = i.shr(bits, i.c(src.mantissa));
  Value fraction = i.band(bits, i.c((uint64_t(1) << src.mantissa) - 1));
  uint64_t half = uint64_t(1) << (src.mantissa - 1);
  bool down = mode == arith::RoundingMode::downward ||
              mode == arith::RoundingMode::toward_zero;
  Value code = field;
  if (!down) {
    Value up = mode == arith::RoundingMode::upward
                   ? i.ne(fraction, i.c(0))
                   : i.cmp(arith::CmpIPredicate::uge, fraction, i.c(half));
    code = i.add(field, i.zext(up));
  }
  // The source's exponent field of 2^-127 (the format's smallest value).
  uint64_t minField = src.bias - f.bias;
  code = i.sub(code, i.c(minField));
  if (minField == 0) {
    // f32: its subnormals (field 0) are below 2^-126; those above 2^-127
    // round (up or to nearest, as ml_dtypes) to 2^-126, the rest to 2^-127.
    Value subnormal = down ? i.c(0) : i.zext(i.ugt(fraction, i.c(half)));
    code = i.select(i.eq(field, i.c(0)), subnormal, code);
  } else {
    // Wider sources: everything below 2^-127 saturates to it.
    code = i.select(i.ult(field, i.c(minField)), i.c(0), code);
  }
  // Zero, negative values, NaN, Inf and overflow (past 0xFE) are NaN.
  Value invalid = arith::OrIOp::create(rewriter, loc, i.eq(bits, i.c(0)),
                                       i.ugt(code, i.c(f.largest)));
  return i.select(invalid, i.c(f.nan), code);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Converts f32 `x` to `to` (a standard float type or vector of it).
Value convertF32(PatternRewriter &rewriter, Location loc, Value x, Type to) {
  auto from = cast<FloatType>(getElementTypeOrSelf(x.getType()));
  auto target = cast<FloatType>(getElementTypeOrSelf(to));
  if (from == target)
    return x;
  if (target.getWidth() > from.getWidth())
    return arith::ExtFOp::create(rewriter, loc, to, x);
  return arith::TruncFOp::create(rewriter, loc, to, x);
}

struct ExpandExtF : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::ExtFOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<SmallFloat> format =
        SmallFloat::get(getElementTypeOrSelf(op.getIn().getType()));
    if (!format)
      return rewriter.notifyMatchFailure(op, "not from a small float");
    Value wide = decodeToF32(rewriter, op.getLoc(), op.getIn(), *format);
    rewriter.replaceOp(op,
                       convertF32(rewriter, op.getLoc(), wide, op.getType()));
    return success();
  }
};

struct ExpandTruncF : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    Type to = getElementTypeOrSelf(op.getType());
    std::optional<SmallFloat> format = SmallFloat::get(to);
    if (!format)
      return rewriter.notifyMatchFailure(op, "not to a small float");
    Location loc = op.getLoc();
    Value x = op.getIn();
    Type like = x.getType();
    auto from = cast<FloatType>(getElementTypeOrSelf(like));
    arith::RoundingMode mode =
        op.getRoundingmode().value_or(arith::RoundingMode::to_nearest_even);
    if (!format->exponentOnly && mode != arith::RoundingMode::to_nearest_even)
      return rewriter.notifyMatchFailure(op, "unsupported rounding mode");
    WideFloat src = {32, 23, 127};
    if (from.isF64()) {
      // Rounds once, from the f64 bits.
      src = {64, 52, 1023};
    } else if (!from.isF32()) {
      // f16, bf16 and small floats widen to f32 exactly.
      x = arith::ExtFOp::create(
          rewriter, loc, withElementType(like, rewriter.getF32Type()), x);
    }
    Value bits = format->exponentOnly
                     ? encodeExponentOnly(rewriter, loc, x, src, *format, mode)
                     : encodeNearestEven(rewriter, loc, x, src, *format);
    Type narrow = withElementType(like, rewriter.getIntegerType(format->width));
    Value truncated = arith::TruncIOp::create(rewriter, loc, narrow, bits);
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), truncated);
    return success();
  }
};

/// The float types of at most 8 bits.
SmallVector<Type> getSmallFloatTypes(MLIRContext *ctx) {
  return {Float8E4M3FNType::get(ctx),      Float8E4M3FNUZType::get(ctx),
          Float8E5M2Type::get(ctx),        Float8E5M2FNUZType::get(ctx),
          Float8E4M3B11FNUZType::get(ctx), Float8E4M3Type::get(ctx),
          Float8E3M4Type::get(ctx),        Float8E8M0FNUType::get(ctx),
          Float6E2M3FNType::get(ctx),      Float6E3M2FNType::get(ctx),
          Float4E2M1FNType::get(ctx)};
}

struct ExpandSmallFloatsPass
    : kiln::cpu::impl::ExpandSmallFloatsPassBase<ExpandSmallFloatsPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Only f8E8M0FNU implements rounding modes other than to nearest even.
    WalkResult walk = getOperation()->walk([](arith::TruncFOp op) {
      std::optional<SmallFloat> format =
          SmallFloat::get(getElementTypeOrSelf(op.getType()));
      std::optional<arith::RoundingMode> mode = op.getRoundingmode();
      if (!format || format->exponentOnly || !mode ||
          *mode == arith::RoundingMode::to_nearest_even)
        return WalkResult::advance();
      op.emitOpError("rounding mode ")
          << arith::stringifyRoundingMode(*mode) << " to "
          << getElementTypeOrSelf(op.getType())
          << " is not supported (only to_nearest_even)";
      return WalkResult::interrupt();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    // Arithmetic in f32: extf/truncf around every arith (and arithmetic
    // vector) op on a small float type.
    TypeConverter converter;
    arith::populateEmulateUnsupportedFloatsConversions(
        converter, getSmallFloatTypes(ctx), Float32Type::get(ctx));
    ConversionTarget target(*ctx);
    arith::populateEmulateUnsupportedFloatsLegality(target, converter);
    RewritePatternSet emulate(ctx);
    arith::populateEmulateUnsupportedFloatsPatterns(emulate, converter);
    if (failed(
            applyPartialConversion(getOperation(), target, std::move(emulate))))
      return signalPassFailure();

    RewritePatternSet patterns(ctx);
    kiln::cpu::populateExpandSmallFloatsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void mlir::kiln::cpu::populateExpandSmallFloatsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ExpandExtF, ExpandTruncF>(patterns.getContext());
}
