// SPDX-License-Identifier: Apache-2.0
//===- TypeConversion.cpp - unsigned to signless types, legality ---------===//
//
// linalg and arith only know signless integers; kiln carries ONNX's unsigned
// types as `ui8` ... `ui64`. The lowering converts them to signless types
// everywhere (operands, results, function signatures) and the patterns pick
// the unsigned arith ops by looking at the kiln op's original types.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/Passes.h"

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnDialect.h"
#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

/// Casts `input` to `type` where both are integers (or tensors of integers)
/// of the same width that differ in signedness only.
static Value materializeSignCast(OpBuilder &builder, Type type,
                                 ValueRange inputs, Location loc) {
  if (inputs.size() != 1)
    return {};
  Value input = inputs.front();
  Type from = input.getType();
  if (isa<TensorType>(from) && isa<TensorType>(type))
    return tensor::BitcastOp::create(builder, loc, type, input);
  if (isa<IntegerType>(from) && isa<IntegerType>(type))
    return arith::BitcastOp::create(builder, loc, type, input);
  return {};
}

KilnToLinalgTypeConverter::KilnToLinalgTypeConverter() {
  // Everything else stays as it is (the first registered conversion is tried
  // last).
  addConversion([](Type type) { return type; });
  addConversion([](IntegerType type) -> Type {
    if (type.isUnsigned())
      return IntegerType::get(type.getContext(), type.getWidth());
    return type;
  });
  addConversion([this](RankedTensorType type) -> Type {
    Type element = convertType(type.getElementType());
    if (!element)
      return {};
    return type.clone(element);
  });
  addConversion([this](UnrankedTensorType type) -> Type {
    Type element = convertType(type.getElementType());
    if (!element)
      return {};
    return UnrankedTensorType::get(element);
  });
  addSourceMaterialization(materializeSignCast);
  addTargetMaterialization(materializeSignCast);
}

namespace {

/// Rebuilds an upstream op (tensor.cast, tensor.extract, ...) whose operand
/// or result types mention unsigned integers with converted types. Only ops
/// without regions and without type attributes of their own qualify.
struct RetypeUpstreamOp : ConversionPattern {
  RetypeUpstreamOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumRegions() != 0 || isa<func::ReturnOp, func::CallOp>(op) ||
        !isa_and_nonnull<arith::ArithDialect, tensor::TensorDialect>(
            op->getDialect()))
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    // arith.constant holds a typed attribute, which a retype would break.
    if (isa<arith::ConstantOp>(op))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs());
    Operation *newOp = rewriter.create(state);
    rewriter.replaceOp(op, newOp->getResults());
    return success();
  }
};

} // namespace

void mlir::kiln::configureKilnToLinalgTarget(ConversionTarget &target,
                                             const TypeConverter &typeConverter,
                                             bool keepControlFlow) {
  target.addIllegalDialect<KilnDialect>();
  if (keepControlFlow)
    target.addLegalOp<IfOp, LoopOp, ScanOp, YieldOp>();
  // Ops of other dialects (kexec library calls, ...) are left alone.
  target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
  target.addDynamicallyLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                                    math::MathDialect, scf::SCFDialect,
                                    tensor::TensorDialect>(
      [&](Operation *op) { return typeConverter.isLegal(op); });
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
    return typeConverter.isSignatureLegal(op.getFunctionType()) &&
           typeConverter.isLegal(&op.getBody());
  });
  target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
      [&](Operation *op) { return typeConverter.isLegal(op); });
}

/// The structural patterns: function signatures, calls, returns and
/// upstream ops that carry unsigned types.
void mlir::kiln::populateStructuralTypeConversionPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 typeConverter);
  populateReturnOpTypeConversionPattern(patterns, typeConverter);
  populateCallOpTypeConversionPattern(patterns, typeConverter);
  patterns.add<RetypeUpstreamOp>(typeConverter, patterns.getContext());
}
