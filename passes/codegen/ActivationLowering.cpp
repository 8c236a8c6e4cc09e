// SPDX-License-Identifier: Apache-2.0
//===- ActivationLowering.cpp - ONNX activations and Dropout to linalg ---===//
//
// Pointwise activations become one linalg.generic each (fused later with
// their neighbours by linalg's elementwise fusion); Dropout outside
// training forwards its input and an all-true mask.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Small builder of float expressions in one element type.
struct FloatExpr {
  OpBuilder &b;
  Location loc;
  Type type;

  Value c(double value) const { return createConstant(b, loc, type, value); }
  Value add(Value x, Value y) const {
    return arith::AddFOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) const {
    return arith::SubFOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) const {
    return arith::MulFOp::create(b, loc, x, y);
  }
  Value div(Value x, Value y) const {
    return arith::DivFOp::create(b, loc, x, y);
  }
  Value max(Value x, Value y) const {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) const {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value exp(Value x) const { return math::ExpOp::create(b, loc, x); }
  Value lt(Value x, Value y) const {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  }
  Value gt(Value x, Value y) const {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, y);
  }
  Value le(Value x, Value y) const {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, x, y);
  }
  Value select(Value cond, Value x, Value y) const {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  /// 1 / (1 + exp(-x)).
  Value sigmoid(Value x) const {
    Value negated = arith::NegFOp::create(b, loc, x);
    return div(c(1.0), add(c(1.0), exp(negated)));
  }
  /// log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
  Value softplus(Value x) const {
    Value abs = math::AbsFOp::create(b, loc, x);
    Value tail =
        math::Log1pOp::create(b, loc, exp(arith::NegFOp::create(b, loc, abs)));
    return add(max(x, c(0.0)), tail);
  }
  /// clamp(alpha * x + beta, 0, 1).
  Value hardSigmoid(Value x, double alpha, double beta) const {
    return max(c(0.0), min(c(1.0), add(mul(c(alpha), x), c(beta))));
  }
};

double toDouble(const APFloat &value) { return value.convertToDouble(); }

Value lowerRelu(ReluOp, OpBuilder &b, Location loc, ValueRange args,
                Type type) {
  return createMax(b, loc, args[0], createConstant(b, loc, type, 0),
                   /*isUnsigned=*/false);
}

Value lowerLeakyRelu(LeakyReluOp op, OpBuilder &b, Location loc,
                     ValueRange args, Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  return e.select(e.lt(x, e.c(0)), e.mul(e.c(toDouble(op.getAlpha())), x), x);
}

Value lowerPRelu(PReluOp op, OpBuilder &b, Location loc, ValueRange args,
                 Type type) {
  Value x = args[0], slope = args[1];
  Value zero = createConstant(b, loc, type, 0);
  if (isUnsignedType(op.getX().getType()))
    return x;
  Value negative = createCmp(b, loc, CmpKind::lt, x, zero, false);
  return arith::SelectOp::create(b, loc, negative, createMul(b, loc, slope, x),
                                 x);
}

Value lowerElu(EluOp op, OpBuilder &b, Location loc, ValueRange args,
               Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  Value negative =
      e.mul(e.c(toDouble(op.getAlpha())), e.sub(e.exp(x), e.c(1.0)));
  return e.select(e.lt(x, e.c(0)), negative, x);
}

Value lowerSelu(SeluOp op, OpBuilder &b, Location loc, ValueRange args,
                Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  Value negative =
      e.mul(e.c(toDouble(op.getAlpha())), e.sub(e.exp(x), e.c(1.0)));
  return e.mul(e.c(toDouble(op.getGamma())),
               e.select(e.le(x, e.c(0)), negative, x));
}

Value lowerCelu(CeluOp op, OpBuilder &b, Location loc, ValueRange args,
                Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  double alpha = toDouble(op.getAlpha());
  Value scaled = e.div(x, e.c(alpha));
  Value negative = e.mul(e.c(alpha), e.sub(e.exp(scaled), e.c(1.0)));
  return e.add(e.max(e.c(0), x), e.min(e.c(0), negative));
}

Value lowerHardSigmoid(HardSigmoidOp op, OpBuilder &b, Location loc,
                       ValueRange args, Type type) {
  FloatExpr e{b, loc, type};
  return e.hardSigmoid(args[0], toDouble(op.getAlpha()),
                       toDouble(op.getBeta()));
}

Value lowerHardSwish(HardSwishOp, OpBuilder &b, Location loc, ValueRange args,
                     Type type) {
  FloatExpr e{b, loc, type};
  return e.mul(args[0], e.hardSigmoid(args[0], 1.0 / 6.0, 0.5));
}

Value lowerSigmoid(SigmoidOp, OpBuilder &b, Location loc, ValueRange args,
                   Type type) {
  return FloatExpr{b, loc, type}.sigmoid(args[0]);
}

Value lowerSoftplus(SoftplusOp, OpBuilder &b, Location loc, ValueRange args,
                    Type type) {
  return FloatExpr{b, loc, type}.softplus(args[0]);
}

Value lowerSoftsign(SoftsignOp, OpBuilder &b, Location loc, ValueRange args,
                    Type type) {
  FloatExpr e{b, loc, type};
  Value abs = math::AbsFOp::create(b, loc, args[0]);
  return e.div(args[0], e.add(e.c(1.0), abs));
}

Value lowerMish(MishOp, OpBuilder &b, Location loc, ValueRange args,
                Type type) {
  FloatExpr e{b, loc, type};
  Value tanh = math::TanhOp::create(b, loc, e.softplus(args[0]));
  return e.mul(args[0], tanh);
}

Value lowerGelu(GeluOp op, OpBuilder &b, Location loc, ValueRange args,
                Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  Value phi;
  if (op.getApproximate() == "tanh") {
    // 0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
    Value cube = e.mul(x, e.mul(x, x));
    Value inner =
        e.mul(e.c(std::sqrt(2.0 / M_PI)), e.add(x, e.mul(e.c(0.044715), cube)));
    phi = e.add(e.c(1.0), math::TanhOp::create(b, loc, inner));
  } else {
    // 1 + erf(x / sqrt(2))
    phi =
        e.add(e.c(1.0), math::ErfOp::create(b, loc, e.mul(x, e.c(M_SQRT1_2))));
  }
  return e.mul(e.mul(e.c(0.5), x), phi);
}

Value lowerThresholdedRelu(ThresholdedReluOp op, OpBuilder &b, Location loc,
                           ValueRange args, Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  return e.select(e.gt(x, e.c(toDouble(op.getAlpha()))), x, e.c(0));
}

Value lowerShrink(ShrinkOp op, OpBuilder &b, Location loc, ValueRange args,
                  Type type) {
  // Integers compute in f64 and convert back, as the attributes are floats.
  bool isUnsigned = isUnsignedType(op.getInput().getType());
  Type computeType = isa<FloatType>(type) ? type : b.getF64Type();
  FloatExpr e{b, loc, computeType};
  Value x = toFloat(b, loc, args[0], computeType, isUnsigned);
  double lambd = toDouble(op.getLambd()), bias = toDouble(op.getBias());
  Value result =
      e.select(e.lt(x, e.c(-lambd)), e.add(x, e.c(bias)),
               e.select(e.gt(x, e.c(lambd)), e.sub(x, e.c(bias)), e.c(0)));
  return convertScalar(b, loc, result, type, false, isUnsigned);
}

Value lowerSwish(SwishOp op, OpBuilder &b, Location loc, ValueRange args,
                 Type type) {
  FloatExpr e{b, loc, type};
  Value x = args[0];
  return e.mul(x, e.sigmoid(e.mul(e.c(toDouble(op.getAlpha())), x)));
}

/// Dropout outside training (or with a ratio of 0): the data, and an
/// all-true mask.
struct DropoutLowering : KilnPattern<DropoutOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getTrainingMode()) {
      // Training with a ratio of 0 drops nothing; other ratios need
      // random numbers.
      std::optional<double> training = getConstantScalar(op.getTrainingMode());
      std::optional<double> ratio =
          op.getRatio() ? getConstantScalar(op.getRatio()) : 0.5;
      if (!training || (*training != 0 && (!ratio || *ratio != 0)))
        return emitLoweringError(op, "training mode is not supported (unless "
                                     "its ratio is a constant 0)");
    }
    Location loc = op.getLoc();
    Value data = adaptor.getData();
    Value mask;
    if (!op.getMask().use_empty()) {
      RankedTensorType maskType = convertedType(op.getMask());
      if (!maskType || !getRankedType(data))
        return emitLoweringError(op, "the mask needs ranked types");
      mask = createFilled(
          rewriter, loc, maskType, getSizesLike(rewriter, loc, maskType, data),
          createConstant(rewriter, loc, rewriter.getI1Type(), 1));
    } else {
      // An unused mask: any value of its type will do; use the cheapest.
      Type maskType = getTypeConverter()->convertType(op.getMask().getType());
      auto ranked = dyn_cast<RankedTensorType>(maskType);
      if (!ranked || !getRankedType(data))
        return emitLoweringError(op, "the mask needs ranked types");
      mask = createEmpty(rewriter, loc, ranked,
                         getSizesLike(rewriter, loc, ranked, data));
    }
    Type outputType = getTypeConverter()->convertType(op.getOutput().getType());
    rewriter.replaceOp(op, {castToType(rewriter, loc, data, outputType), mask});
    return success();
  }
};

} // namespace

void mlir::kiln::populateActivationLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  addElementwise<ReluOp>(converter, patterns, lowerRelu);
  addElementwise<LeakyReluOp>(converter, patterns, lowerLeakyRelu);
  addElementwise<PReluOp>(converter, patterns, lowerPRelu);
  addElementwise<EluOp>(converter, patterns, lowerElu);
  addElementwise<SeluOp>(converter, patterns, lowerSelu);
  addElementwise<CeluOp>(converter, patterns, lowerCelu);
  addElementwise<HardSigmoidOp>(converter, patterns, lowerHardSigmoid);
  addElementwise<HardSwishOp>(converter, patterns, lowerHardSwish);
  addElementwise<SigmoidOp>(converter, patterns, lowerSigmoid);
  addElementwise<SoftplusOp>(converter, patterns, lowerSoftplus);
  addElementwise<SoftsignOp>(converter, patterns, lowerSoftsign);
  addElementwise<MishOp>(converter, patterns, lowerMish);
  addElementwise<GeluOp>(converter, patterns, lowerGelu);
  addElementwise<ThresholdedReluOp>(converter, patterns, lowerThresholdedRelu);
  addElementwise<ShrinkOp>(converter, patterns, lowerShrink);
  addElementwise<SwishOp>(converter, patterns, lowerSwish);
  patterns.add<DropoutLowering>(converter, patterns.getContext());
}
