// SPDX-License-Identifier: Apache-2.0
//===- ElementwiseLowering.cpp - ONNX elementwise math to linalg ---------===//
//
// Arithmetic, comparisons, logic and bit operations, Where, the variadic
// Max/Min/Sum/Mean, unary math, Clip: one linalg.generic each, broadcasting
// through its indexing maps (LoweringUtils' buildElementwise). The scalar
// body picks the arith op by element type and, for integers, by the kiln
// operand's signedness.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The scalar computation of a binary arithmetic op.
template <typename OpTy>
Value binaryArith(OpTy op, OpBuilder &b, Location loc, ValueRange args, Type) {
  Value x = args[0], y = args[1];
  bool isUnsigned = isUnsignedType(op.getA().getType());
  if constexpr (std::is_same_v<OpTy, AddOp>)
    return createAdd(b, loc, x, y);
  else if constexpr (std::is_same_v<OpTy, SubOp>)
    return createSub(b, loc, x, y);
  else if constexpr (std::is_same_v<OpTy, MulOp>)
    return createMul(b, loc, x, y);
  else
    return createDiv(b, loc, x, y, isUnsigned);
}

Value lowerMod(ModOp op, OpBuilder &b, Location loc, ValueRange args, Type) {
  Value x = args[0], y = args[1];
  if (isa<FloatType>(x.getType()))
    return arith::RemFOp::create(b, loc, x, y);
  if (isUnsignedType(op.getA().getType()))
    return arith::RemUIOp::create(b, loc, x, y);
  // C's remainder takes the dividend's sign.
  Value rem = arith::RemSIOp::create(b, loc, x, y);
  if (op.getFmod() == 1)
    return rem;
  // Python's takes the divisor's: add the divisor where the signs differ.
  Value zero = createIntConstant(b, loc, x.getType(), 0);
  Value nonZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rem, zero);
  Value remNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, rem, zero);
  Value divisorNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
  Value signsDiffer =
      arith::XOrIOp::create(b, loc, remNegative, divisorNegative);
  Value adjust = arith::AndIOp::create(b, loc, nonZero, signsDiffer);
  Value adjusted = arith::AddIOp::create(b, loc, rem, y);
  return arith::SelectOp::create(b, loc, adjust, adjusted, rem);
}

/// x ** y for integers of one type, by squaring over every bit of |y|
/// (branchless, wrapping on overflow as integer products do). A negative
/// exponent gives 1 / x ** |y| truncated: 1 for x = 1, +-1 for x = -1 by
/// the parity of y, else 0.
Value integerPower(OpBuilder &b, Location loc, Value x, Value y) {
  auto type = cast<IntegerType>(x.getType());
  unsigned width = type.getWidth();
  auto cst = [&](int64_t v) { return createIntConstant(b, loc, type, v); };
  Value zero = cst(0), one = cst(1);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
  Value exponent = arith::SelectOp::create(
      b, loc, negative, arith::SubIOp::create(b, loc, zero, y), y);
  Value result = one, base = x;
  for (unsigned bit = 0; bit < width; ++bit) {
    Value set = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne,
        arith::AndIOp::create(b, loc, exponent, cst(int64_t(1) << bit)), zero);
    result = arith::SelectOp::create(
        b, loc, set, arith::MulIOp::create(b, loc, result, base), result);
    if (bit + 1 < width)
      base = arith::MulIOp::create(b, loc, base, base);
  }
  Value minusOne = cst(-1);
  Value odd = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::ne, arith::AndIOp::create(b, loc, y, one),
      zero);
  Value reciprocal = arith::SelectOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, one), one,
      arith::SelectOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, minusOne),
          arith::SelectOp::create(b, loc, odd, minusOne, one), zero));
  return arith::SelectOp::create(b, loc, negative, reciprocal, result);
}

Value lowerPow(PowOp op, OpBuilder &b, Location loc, ValueRange args,
               Type resultElement) {
  Value x = args[0], y = args[1];
  bool exponentUnsigned = isUnsignedType(op.getY().getType());
  if (isa<FloatType>(resultElement)) {
    Value exponent = toFloat(b, loc, y, resultElement, exponentUnsigned);
    return math::PowFOp::create(b, loc, x, exponent);
  }
  // Integer base: an integer exponent stays exact; a float one computes in
  // f64 and truncates, as onnxruntime does.
  if (isa<IntegerType>(y.getType())) {
    Value exponent = convertScalar(b, loc, y, resultElement, exponentUnsigned,
                                   /*toUnsigned=*/false);
    return integerPower(b, loc, x, exponent);
  }
  Type f64 = b.getF64Type();
  Value base = toFloat(b, loc, x, f64, /*isUnsigned=*/false);
  Value exponent = toFloat(b, loc, y, f64, false);
  Value power = math::PowFOp::create(b, loc, base, exponent);
  return arith::FPToSIOp::create(b, loc, resultElement, power);
}

Value lowerBitShift(BitShiftOp op, OpBuilder &b, Location loc, ValueRange args,
                    Type type) {
  Value x = args[0], y = args[1];
  Value shifted;
  if (op.getDirection() == "LEFT")
    shifted = arith::ShLIOp::create(b, loc, x, y);
  else
    shifted = arith::ShRUIOp::create(b, loc, x, y);
  // Shifting by the width or more gives 0 (arith would give poison).
  Value width = createIntConstant(b, loc, type, type.getIntOrFloatBitWidth());
  Value tooFar =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, y, width);
  return arith::SelectOp::create(b, loc, tooFar,
                                 createIntConstant(b, loc, type, 0), shifted);
}

template <typename OpTy>
Value lowerBitwise(OpTy, OpBuilder &b, Location loc, ValueRange args, Type) {
  if constexpr (std::is_same_v<OpTy, BitwiseAndOp> ||
                std::is_same_v<OpTy, AndOp>)
    return arith::AndIOp::create(b, loc, args[0], args[1]);
  else if constexpr (std::is_same_v<OpTy, BitwiseOrOp> ||
                     std::is_same_v<OpTy, OrOp>)
    return arith::OrIOp::create(b, loc, args[0], args[1]);
  else
    return arith::XOrIOp::create(b, loc, args[0], args[1]);
}

template <typename OpTy>
Value lowerComplement(OpTy, OpBuilder &b, Location loc, ValueRange args,
                      Type type) {
  return arith::XOrIOp::create(b, loc, args[0],
                               createIntConstant(b, loc, type, -1));
}

template <typename OpTy, CmpKind kind>
Value lowerCompare(OpTy op, OpBuilder &b, Location loc, ValueRange args, Type) {
  return createCmp(b, loc, kind, args[0], args[1],
                   isUnsignedType(op.getA().getType()));
}

Value lowerWhere(WhereOp, OpBuilder &b, Location loc, ValueRange args, Type) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

template <typename OpTy>
Value lowerVariadic(OpTy op, OpBuilder &b, Location loc, ValueRange args,
                    Type type) {
  bool isUnsigned = isUnsignedType(op.getType());
  Value result = args.front();
  for (Value next : args.drop_front()) {
    if constexpr (std::is_same_v<OpTy, MaxOp>)
      result = createMax(b, loc, result, next, isUnsigned);
    else if constexpr (std::is_same_v<OpTy, MinOp>)
      result = createMin(b, loc, result, next, isUnsigned);
    else
      result = createAdd(b, loc, result, next);
  }
  if constexpr (std::is_same_v<OpTy, MeanOp>)
    result = arith::DivFOp::create(b, loc, result,
                                   createConstant(b, loc, type, args.size()));
  return result;
}

//===----------------------------------------------------------------------===//
// Unary math
//===----------------------------------------------------------------------===//

Value lowerAbs(AbsOp op, OpBuilder &b, Location loc, ValueRange args, Type) {
  Value x = args[0];
  if (isa<FloatType>(x.getType()))
    return math::AbsFOp::create(b, loc, x);
  if (isUnsignedType(op.getX().getType()))
    return x;
  return math::AbsIOp::create(b, loc, x);
}

Value lowerNeg(NegOp, OpBuilder &b, Location loc, ValueRange args, Type type) {
  Value x = args[0];
  if (isa<FloatType>(type))
    return arith::NegFOp::create(b, loc, x);
  return arith::SubIOp::create(b, loc, createIntConstant(b, loc, type, 0), x);
}

Value lowerSign(SignOp op, OpBuilder &b, Location loc, ValueRange args,
                Type type) {
  Value x = args[0];
  Value zero = createConstant(b, loc, type, 0);
  Value one = createConstant(b, loc, type, 1);
  bool isUnsigned = isUnsignedType(op.getInput().getType());
  if (isUnsigned) {
    Value nonZero = createCmp(b, loc, CmpKind::ne, x, zero, true);
    return arith::SelectOp::create(b, loc, nonZero, one, zero);
  }
  Value minusOne = createConstant(b, loc, type, -1);
  Value negative = createCmp(b, loc, CmpKind::lt, x, zero, false);
  Value positive = createCmp(b, loc, CmpKind::gt, x, zero, false);
  Value result = arith::SelectOp::create(b, loc, negative, minusOne, zero);
  result = arith::SelectOp::create(b, loc, positive, one, result);
  if (isa<FloatType>(type)) {
    // NaN stays NaN.
    Value isNan =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
    result = arith::SelectOp::create(b, loc, isNan, x, result);
  }
  return result;
}

template <typename OpTy, typename MathOp>
Value lowerMathUnary(OpTy, OpBuilder &b, Location loc, ValueRange args, Type) {
  return MathOp::create(b, loc, args[0]);
}

Value lowerReciprocal(ReciprocalOp, OpBuilder &b, Location loc, ValueRange args,
                      Type type) {
  return arith::DivFOp::create(b, loc, createConstant(b, loc, type, 1.0),
                               args[0]);
}

Value lowerErf(ErfOp op, OpBuilder &b, Location loc, ValueRange args,
               Type type) {
  if (isa<FloatType>(type))
    return math::ErfOp::create(b, loc, args[0]);
  // ONNX allows integers: compute in f64, truncate back.
  bool isUnsigned = isUnsignedType(op.getInput().getType());
  Value x = toFloat(b, loc, args[0], b.getF64Type(), isUnsigned);
  Value erf = math::ErfOp::create(b, loc, x);
  return convertScalar(b, loc, erf, type, false, isUnsigned);
}

Value lowerIsNaN(IsNaNOp, OpBuilder &b, Location loc, ValueRange args, Type) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, args[0],
                               args[0]);
}

Value lowerIsInf(IsInfOp op, OpBuilder &b, Location loc, ValueRange args,
                 Type) {
  Value x = args[0];
  Type type = x.getType();
  Value result = createConstant(b, loc, b.getI1Type(), 0);
  if (op.getDetectPositive() != 0)
    result = arith::OrIOp::create(
        b, loc, result,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                              createHighest(b, loc, type, false)));
  if (op.getDetectNegative() != 0)
    result = arith::OrIOp::create(
        b, loc, result,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                              createLowest(b, loc, type, false)));
  return result;
}

Value lowerClip(ClipOp op, OpBuilder &b, Location loc, ValueRange args, Type) {
  bool isUnsigned = isUnsignedType(op.getInput().getType());
  Value result = args[0];
  unsigned next = 1;
  if (op.getMin())
    result = createMax(b, loc, result, args[next++], isUnsigned);
  if (op.getMax())
    result = createMin(b, loc, result, args[next++], isUnsigned);
  return result;
}

} // namespace

void mlir::kiln::populateElementwiseLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  addElementwise<AddOp>(converter, patterns, binaryArith<AddOp>);
  addElementwise<SubOp>(converter, patterns, binaryArith<SubOp>);
  addElementwise<MulOp>(converter, patterns, binaryArith<MulOp>);
  addElementwise<DivOp>(converter, patterns, binaryArith<DivOp>);
  addElementwise<ModOp>(converter, patterns, lowerMod);
  addElementwise<PowOp>(converter, patterns, lowerPow);
  addElementwise<BitShiftOp>(converter, patterns, lowerBitShift);
  addElementwise<BitwiseAndOp>(converter, patterns, lowerBitwise<BitwiseAndOp>);
  addElementwise<BitwiseOrOp>(converter, patterns, lowerBitwise<BitwiseOrOp>);
  addElementwise<BitwiseXorOp>(converter, patterns, lowerBitwise<BitwiseXorOp>);
  addElementwise<BitwiseNotOp>(converter, patterns,
                               lowerComplement<BitwiseNotOp>);
  addElementwise<AndOp>(converter, patterns, lowerBitwise<AndOp>);
  addElementwise<OrOp>(converter, patterns, lowerBitwise<OrOp>);
  addElementwise<XorOp>(converter, patterns, lowerBitwise<XorOp>);
  addElementwise<NotOp>(converter, patterns, lowerComplement<NotOp>);
  addElementwise<EqualOp>(converter, patterns,
                          lowerCompare<EqualOp, CmpKind::eq>);
  addElementwise<LessOp>(converter, patterns,
                         lowerCompare<LessOp, CmpKind::lt>);
  addElementwise<LessOrEqualOp>(converter, patterns,
                                lowerCompare<LessOrEqualOp, CmpKind::le>);
  addElementwise<GreaterOp>(converter, patterns,
                            lowerCompare<GreaterOp, CmpKind::gt>);
  addElementwise<GreaterOrEqualOp>(converter, patterns,
                                   lowerCompare<GreaterOrEqualOp, CmpKind::ge>);
  addElementwise<WhereOp>(converter, patterns, lowerWhere);
  addElementwise<MaxOp>(converter, patterns, lowerVariadic<MaxOp>);
  addElementwise<MinOp>(converter, patterns, lowerVariadic<MinOp>);
  addElementwise<SumOp>(converter, patterns, lowerVariadic<SumOp>);
  addElementwise<MeanOp>(converter, patterns, lowerVariadic<MeanOp>);

  addElementwise<AbsOp>(converter, patterns, lowerAbs);
  addElementwise<NegOp>(converter, patterns, lowerNeg);
  addElementwise<SignOp>(converter, patterns, lowerSign);
  addElementwise<CeilOp>(converter, patterns,
                         lowerMathUnary<CeilOp, math::CeilOp>);
  addElementwise<FloorOp>(converter, patterns,
                          lowerMathUnary<FloorOp, math::FloorOp>);
  addElementwise<RoundOp>(converter, patterns,
                          lowerMathUnary<RoundOp, math::RoundEvenOp>);
  addElementwise<ReciprocalOp>(converter, patterns, lowerReciprocal);
  addElementwise<SqrtOp>(converter, patterns,
                         lowerMathUnary<SqrtOp, math::SqrtOp>);
  addElementwise<ExpOp>(converter, patterns,
                        lowerMathUnary<ExpOp, math::ExpOp>);
  addElementwise<LogOp>(converter, patterns,
                        lowerMathUnary<LogOp, math::LogOp>);
  addElementwise<ErfOp>(converter, patterns, lowerErf);
  addElementwise<SinOp>(converter, patterns,
                        lowerMathUnary<SinOp, math::SinOp>);
  addElementwise<CosOp>(converter, patterns,
                        lowerMathUnary<CosOp, math::CosOp>);
  addElementwise<TanOp>(converter, patterns,
                        lowerMathUnary<TanOp, math::TanOp>);
  addElementwise<AsinOp>(converter, patterns,
                         lowerMathUnary<AsinOp, math::AsinOp>);
  addElementwise<AcosOp>(converter, patterns,
                         lowerMathUnary<AcosOp, math::AcosOp>);
  addElementwise<AtanOp>(converter, patterns,
                         lowerMathUnary<AtanOp, math::AtanOp>);
  addElementwise<SinhOp>(converter, patterns,
                         lowerMathUnary<SinhOp, math::SinhOp>);
  addElementwise<CoshOp>(converter, patterns,
                         lowerMathUnary<CoshOp, math::CoshOp>);
  addElementwise<TanhOp>(converter, patterns,
                         lowerMathUnary<TanhOp, math::TanhOp>);
  addElementwise<AsinhOp>(converter, patterns,
                          lowerMathUnary<AsinhOp, math::AsinhOp>);
  addElementwise<AcoshOp>(converter, patterns,
                          lowerMathUnary<AcoshOp, math::AcoshOp>);
  addElementwise<AtanhOp>(converter, patterns,
                          lowerMathUnary<AtanhOp, math::AtanhOp>);
  addElementwise<IsNaNOp>(converter, patterns, lowerIsNaN);
  addElementwise<IsInfOp>(converter, patterns, lowerIsInf);
  addElementwise<ClipOp>(converter, patterns, lowerClip);
}
