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

template <typename OpTy>
struct CastLowering : KilnPattern<OpTy> {
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
    bool supported =
        (isa<FloatType, IntegerType>(fromConverted)) &&
        (isa<FloatType, IntegerType>(toConverted));
    if (!supported)
      return emitLoweringError(op, "unsupported cast from " +
                                       llvm::Twine(debugString(from)) +
                                       " to " + debugString(to));
    Location loc = op.getLoc();
    Value result = buildElementwise(
        rewriter, loc, input, resultType,
        [&](OpBuilder &b, Location nested, ValueRange args) {
          return convertScalar(b, nested, args[0], toConverted, fromUnsigned,
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
