// SPDX-License-Identifier: Apache-2.0
//===- TensorGeneratorLowering.cpp - ONNX Range, EyeLike, ... to linalg ---===//
//
// ConstantOfShape is a linalg.fill; Range and EyeLike are linalg.generics
// computing each element from linalg.index. Dynamic result sizes are read
// from the operands at run time.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct ConstantOfShapeLowering : KilnPattern<ConstantOfShapeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ConstantOfShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedType(op.getOutput());
    if (!resultType)
      return emitLoweringError(op, "the result must be ranked");
    Location loc = op.getLoc();
    Type type = resultType.getElementType();
    TypedAttr value = rewriter.getZeroAttr(type);
    if (std::optional<ElementsAttr> attr = op.getValue()) {
      auto dense = dyn_cast<DenseElementsAttr>(*attr);
      if (!dense || dense.getNumElements() != 1)
        return emitLoweringError(op, "value must hold one dense element");
      Attribute element = *dense.getValues<Attribute>().begin();
      if (auto integer = dyn_cast<IntegerAttr>(element))
        value = IntegerAttr::get(type, integer.getValue());
      else
        value = cast<TypedAttr>(element);
    }
    Value scalar = arith::ConstantOp::create(rewriter, loc, value);
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < resultType.getRank(); ++dim) {
      if (!resultType.isDynamicDim(dim))
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(dim)));
      else
        sizes.push_back(extractIndex(rewriter, loc, adaptor.getInput(), dim));
    }
    rewriter.replaceOp(op,
                       createFilled(rewriter, loc, resultType, sizes, scalar));
    return success();
  }
};

struct RangeLowering : KilnPattern<RangeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedType(op.getOutput());
    if (!resultType || resultType.getRank() != 1)
      return emitLoweringError(op, "the result must be a ranked 1-D tensor");
    Location loc = op.getLoc();
    Type type = resultType.getElementType();
    Value start = extractScalar(rewriter, loc, adaptor.getStart());
    Value limit = extractScalar(rewriter, loc, adaptor.getLimit());
    Value delta = extractScalar(rewriter, loc, adaptor.getDelta());
    OpFoldResult size;
    if (!resultType.isDynamicDim(0)) {
      size = rewriter.getIndexAttr(resultType.getDimSize(0));
    } else {
      // max(ceil((limit - start) / delta), 0)
      Value count;
      if (isa<FloatType>(type)) {
        Value quotient = arith::DivFOp::create(
            rewriter, loc, arith::SubFOp::create(rewriter, loc, limit, start),
            delta);
        Value ceil = math::CeilOp::create(rewriter, loc, quotient);
        count =
            arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(), ceil);
        count = arith::IndexCastOp::create(rewriter, loc,
                                           rewriter.getIndexType(), count);
      } else {
        Value span = arith::SubIOp::create(rewriter, loc, limit, start);
        count = arith::CeilDivSIOp::create(rewriter, loc, span, delta);
        count = convertScalar(rewriter, loc, count, rewriter.getIndexType(),
                              false, false);
      }
      count = arith::MaxSIOp::create(
          rewriter, loc, count,
          arith::ConstantIndexOp::create(rewriter, loc, 0));
      size = count;
    }
    Value init = createEmpty(rewriter, loc, resultType, {size});
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(1), utils::IteratorType::parallel,
        [&](OpBuilder &b, Location nloc, ValueRange) {
          Value i = linalg::IndexOp::create(b, nloc, 0);
          Value step = convertScalar(b, nloc, i, type, false, false);
          Value value =
              createAdd(b, nloc, start, createMul(b, nloc, step, delta));
          linalg::YieldOp::create(b, nloc, value);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct EyeLikeLowering : KilnPattern<EyeLikeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(EyeLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    RankedTensorType resultType = convertedType(op.getOutput());
    if (resultType.getRank() != 2)
      return emitLoweringError(op, "the input must be 2-D");
    Location loc = op.getLoc();
    Type type = resultType.getElementType();
    int64_t k = static_cast<int64_t>(op.getK());
    Value init = createEmpty(
        rewriter, loc, resultType,
        getSizesLike(rewriter, loc, resultType, adaptor.getInput()));
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(2), iterators,
        [&](OpBuilder &b, Location nloc, ValueRange) {
          Value row = linalg::IndexOp::create(b, nloc, 0);
          Value column = linalg::IndexOp::create(b, nloc, 1);
          Value shifted = arith::AddIOp::create(
              b, nloc, row, arith::ConstantIndexOp::create(b, nloc, k));
          Value onDiagonal = arith::CmpIOp::create(
              b, nloc, arith::CmpIPredicate::eq, shifted, column);
          Value value = arith::SelectOp::create(
              b, nloc, onDiagonal, createConstant(b, nloc, type, 1),
              createConstant(b, nloc, type, 0));
          linalg::YieldOp::create(b, nloc, value);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::kiln::populateTensorGeneratorLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConstantOfShapeLowering, EyeLikeLowering, RangeLowering>(
      converter, patterns.getContext());
}
