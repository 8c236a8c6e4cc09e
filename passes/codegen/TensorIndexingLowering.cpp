// SPDX-License-Identifier: Apache-2.0
//===- TensorIndexingLowering.cpp - ONNX gathers, scatters, ... to linalg -===//
//
// Gather, GatherElements and GatherND are linalg.generics over the result
// whose bodies read the data with tensor.extract at indices normalized from
// negative values. ScatterElements and ScatterND keep ONNX's sequential
// semantics (later updates win, reductions accumulate) with an scf.for over
// the updates carrying the tensor. OneHot, Trilu and CumSum are generics
// over their results using linalg.index; TopK ranks the elements along the
// axis (ties to the lower index) and picks the first k ranks.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// `index` (any integer type, or float) as an index value, with negative
/// values counted from `size` (an index value).
Value normalizeIndex(OpBuilder &b, Location loc, Value index, Value size,
                     bool isUnsigned = false) {
  Value i = convertScalar(b, loc, index, b.getIndexType(), isUnsigned, false);
  if (isUnsigned)
    return i;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  Value shifted = arith::AddIOp::create(b, loc, i, size);
  return arith::SelectOp::create(b, loc, negative, shifted, i);
}

/// The loop indices of the enclosing linalg op, dims [0, rank).
SmallVector<Value> loopIndices(OpBuilder &b, Location loc, int64_t rank) {
  SmallVector<Value> indices;
  for (int64_t dim = 0; dim < rank; ++dim)
    indices.push_back(linalg::IndexOp::create(b, loc, dim));
  return indices;
}

/// The dim sizes of `value` as index values (created before a generic, so
/// its body can use them).
SmallVector<Value> dimValues(OpBuilder &b, Location loc, Value value) {
  SmallVector<Value> dims;
  for (OpFoldResult size : getSizes(b, loc, value))
    dims.push_back(toIndexValue(b, loc, size));
  return dims;
}

struct GatherLowering : KilnPattern<GatherOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(
            requireRanked(op, {op.getData(), op.getIndices(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    int64_t rank = getRankedType(data).getRank();
    int64_t indexRank = getRankedType(indices).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getOutput());
    int64_t resultRank = resultType.getRank();
    SmallVector<OpFoldResult> dataSizes = getSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> indexSizes = getSizes(rewriter, loc, indices);
    SmallVector<OpFoldResult> sizes(dataSizes.begin(),
                                    dataSizes.begin() + *axis);
    sizes.append(indexSizes.begin(), indexSizes.end());
    sizes.append(dataSizes.begin() + *axis + 1, dataSizes.end());
    Value axisSize = toIndexValue(rewriter, loc, dataSizes[*axis]);
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(*axis + i, context));
    SmallVector<utils::IteratorType> iterators(resultRank,
                                               utils::IteratorType::parallel);
    Value result = buildGeneric(
        rewriter, loc, indices,
        AffineMap::get(resultRank, 0, indexExprs, context),
        rewriter.getMultiDimIdentityMap(resultRank), init, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          SmallVector<Value> loops = loopIndices(b, nloc, resultRank);
          SmallVector<Value> position(loops.begin(), loops.begin() + *axis);
          position.push_back(normalizeIndex(b, nloc, args[0], axisSize));
          position.append(loops.begin() + *axis + indexRank, loops.end());
          return tensor::ExtractOp::create(b, nloc, data, position);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GatherElementsLowering : KilnPattern<GatherElementsOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(
            requireRanked(op, {op.getData(), op.getIndices(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    int64_t rank = getRankedType(data).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getOutput());
    Value axisSize = getDimValue(rewriter, loc, data, *axis);
    Value result =
        buildMapped(rewriter, loc, indices, {}, resultType.getElementType(),
                    [&](OpBuilder &b, Location nloc, ValueRange args) {
                      SmallVector<Value> position = loopIndices(b, nloc, rank);
                      position[*axis] =
                          normalizeIndex(b, nloc, args[0], axisSize);
                      return tensor::ExtractOp::create(b, nloc, data, position);
                    });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct GatherNDLowering : KilnPattern<GatherNDOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(
            requireRanked(op, {op.getData(), op.getIndices(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto indexType = getRankedType(indices);
    int64_t rank = getRankedType(data).getRank();
    int64_t indexRank = indexType.getRank();
    int64_t depth = indexType.getDimSize(indexRank - 1);
    int64_t batch = static_cast<int64_t>(op.getBatchDims());
    if (ShapedType::isDynamic(depth))
      return emitLoweringError(op, "the last dim of indices must be static");
    RankedTensorType resultType = convertedType(op.getOutput());
    int64_t resultRank = resultType.getRank();
    SmallVector<OpFoldResult> dataSizes = getSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> indexSizes = getSizes(rewriter, loc, indices);
    SmallVector<OpFoldResult> sizes(indexSizes.begin(), indexSizes.end() - 1);
    sizes.append(dataSizes.begin() + batch + depth, dataSizes.end());
    SmallVector<Value> dims = dimValues(rewriter, loc, data);
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators(resultRank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(resultRank), iterators,
        [&](OpBuilder &b, Location nloc, ValueRange) {
          SmallVector<Value> loops = loopIndices(b, nloc, resultRank);
          // Batch dims, then the gathered indices, then the slice.
          SmallVector<Value> position(loops.begin(), loops.begin() + batch);
          SmallVector<Value> indexPosition(loops.begin(),
                                           loops.begin() + indexRank - 1);
          indexPosition.push_back(Value());
          for (int64_t j = 0; j < depth; ++j) {
            indexPosition.back() = arith::ConstantIndexOp::create(b, nloc, j);
            Value index =
                tensor::ExtractOp::create(b, nloc, indices, indexPosition);
            position.push_back(normalizeIndex(b, nloc, index, dims[batch + j]));
          }
          position.append(loops.begin() + indexRank - 1, loops.end());
          Value element = tensor::ExtractOp::create(b, nloc, data, position);
          linalg::YieldOp::create(b, nloc, element);
        });
    (void)rank;
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Combines an existing element with an update by `reduction`.
Value combineScatter(OpBuilder &b, Location loc, StringRef reduction, Value old,
                     Value update, bool isUnsigned) {
  if (reduction == "add")
    return createAdd(b, loc, old, update);
  if (reduction == "mul")
    return createMul(b, loc, old, update);
  if (reduction == "max")
    return createMax(b, loc, old, update, isUnsigned);
  if (reduction == "min")
    return createMin(b, loc, old, update, isUnsigned);
  return update;
}

/// Splits linear index `linear` into the indices of a row-major nest with
/// `dims`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> dims) {
  SmallVector<Value> indices(dims.size());
  for (int64_t i = dims.size() - 1; i >= 0; --i) {
    indices[i] = arith::RemUIOp::create(b, loc, linear, dims[i]);
    linear = arith::DivUIOp::create(b, loc, linear, dims[i]);
  }
  return indices;
}

struct ScatterElementsLowering : KilnPattern<ScatterElementsOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())))
      return failure();
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(),
          updates = adaptor.getUpdates();
    int64_t rank = getRankedType(data).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    StringRef reduction = op.getReduction();
    bool isUnsigned = isUnsignedType(op.getData().getType());
    SmallVector<Value> updateDims = dimValues(rewriter, loc, updates);
    Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Value dim : updateDims)
      count = arith::MulIOp::create(rewriter, loc, count, dim);
    Value axisSize = getDimValue(rewriter, loc, data, *axis);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, count, one, ValueRange{data},
        [&](OpBuilder &b, Location nloc, Value linear, ValueRange carried) {
          SmallVector<Value> position =
              delinearize(b, nloc, linear, updateDims);
          Value update = tensor::ExtractOp::create(b, nloc, updates, position);
          Value index = tensor::ExtractOp::create(b, nloc, indices, position);
          position[*axis] = normalizeIndex(b, nloc, index, axisSize);
          Value value = update;
          if (reduction != "none") {
            Value old =
                tensor::ExtractOp::create(b, nloc, carried[0], position);
            value = combineScatter(b, nloc, reduction, old, update, isUnsigned);
          }
          Value next =
              tensor::InsertOp::create(b, nloc, value, carried[0], position);
          scf::YieldOp::create(b, nloc, next);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, loop.getResult(0),
                                      convertedType(op.getOutput())));
    return success();
  }
};

struct ScatterNDLowering : KilnPattern<ScatterNDOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())))
      return failure();
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(),
          updates = adaptor.getUpdates();
    auto dataType = getRankedType(data);
    auto indexType = getRankedType(indices);
    int64_t rank = dataType.getRank();
    int64_t indexRank = indexType.getRank();
    int64_t depth = indexType.getDimSize(indexRank - 1);
    if (ShapedType::isDynamic(depth))
      return emitLoweringError(op, "the last dim of indices must be static");
    StringRef reduction = op.getReduction();
    bool isUnsigned = isUnsignedType(op.getData().getType());
    SmallVector<Value> indexDims = dimValues(rewriter, loc, indices);
    indexDims.pop_back();
    SmallVector<Value> dataDims = dimValues(rewriter, loc, data);
    Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Value dim : indexDims)
      count = arith::MulIOp::create(rewriter, loc, count, dim);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    // Each update is a slice data[idx..., :, ...] of the trailing dims.
    SmallVector<int64_t> sliceShape(dataType.getShape().drop_front(depth));
    auto sliceType =
        RankedTensorType::get(sliceShape, dataType.getElementType());
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, count, one, ValueRange{data},
        [&](OpBuilder &b, Location nloc, Value linear, ValueRange carried) {
          SmallVector<Value> outer = delinearize(b, nloc, linear, indexDims);
          SmallVector<OpFoldResult> offsets, sizes, strides;
          SmallVector<Value> indexPosition(outer);
          indexPosition.push_back(Value());
          for (int64_t j = 0; j < depth; ++j) {
            indexPosition.back() = arith::ConstantIndexOp::create(b, nloc, j);
            Value index =
                tensor::ExtractOp::create(b, nloc, indices, indexPosition);
            offsets.push_back(normalizeIndex(b, nloc, index, dataDims[j]));
            sizes.push_back(b.getIndexAttr(1));
          }
          for (int64_t dim = depth; dim < rank; ++dim) {
            offsets.push_back(b.getIndexAttr(0));
            sizes.push_back(
                dataType.isDynamicDim(dim)
                    ? OpFoldResult(dataDims[dim])
                    : OpFoldResult(b.getIndexAttr(dataType.getDimSize(dim))));
          }
          strides.assign(rank, b.getIndexAttr(1));
          // The update slice: updates[outer..., :, ...].
          SmallVector<OpFoldResult> updateOffsets, updateSizes;
          for (Value index : outer) {
            updateOffsets.push_back(index);
            updateSizes.push_back(b.getIndexAttr(1));
          }
          for (int64_t dim = depth; dim < rank; ++dim) {
            updateOffsets.push_back(b.getIndexAttr(0));
            updateSizes.push_back(sizes[dim]);
          }
          SmallVector<OpFoldResult> updateStrides(updateOffsets.size(),
                                                  b.getIndexAttr(1));
          Value slice = tensor::ExtractSliceOp::create(
              b, nloc, sliceType, updates, updateOffsets, updateSizes,
              updateStrides);
          if (reduction != "none") {
            Value old = tensor::ExtractSliceOp::create(
                b, nloc, sliceType, carried[0], offsets, sizes, strides);
            slice = buildElementwise(
                b, nloc, {old, slice}, sliceType,
                [&](OpBuilder &nb, Location l, ValueRange args) {
                  return combineScatter(nb, l, reduction, args[0], args[1],
                                        isUnsigned);
                });
          }
          Value next = tensor::InsertSliceOp::create(b, nloc, slice, carried[0],
                                                     offsets, sizes, strides);
          scf::YieldOp::create(b, nloc, next);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, loop.getResult(0),
                                      convertedType(op.getOutput())));
    return success();
  }
};

struct OneHotLowering : KilnPattern<OneHotOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value indices = adaptor.getIndices();
    RankedTensorType resultType = convertedType(op.getOutput());
    int64_t rank = resultType.getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    // depth as an index value (floats truncate, as onnxruntime does).
    Value depth = convertScalar(
        rewriter, loc, extractScalar(rewriter, loc, adaptor.getDepth()),
        rewriter.getIndexType(), isUnsignedType(op.getDepth().getType()),
        false);
    Value values = adaptor.getValues();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value off = tensor::ExtractOp::create(rewriter, loc, values, zero);
    Value on = tensor::ExtractOp::create(rewriter, loc, values, one);
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, indices);
    sizes.insert(sizes.begin() + *axis, depth);
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!resultType.isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType.getDimSize(dim));
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    bool indexUnsigned = isUnsignedType(op.getIndices().getType());
    Value result = buildGeneric(
        rewriter, loc, indices, getDroppingMap(rank, {*axis}, context),
        rewriter.getMultiDimIdentityMap(rank), init, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value index = normalizeIndex(b, nloc, args[0], depth, indexUnsigned);
          Value position = linalg::IndexOp::create(b, nloc, *axis);
          Value hit = arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::eq,
                                            position, index);
          return arith::SelectOp::create(b, nloc, hit, on, off);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct TriluLowering : KilnPattern<TriluOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    int64_t rank = getRankedType(input).getRank();
    if (rank < 2)
      return emitLoweringError(op, "the input must have at least 2 dims");
    Value k =
        adaptor.getK()
            ? convertScalar(rewriter, loc,
                            extractScalar(rewriter, loc, adaptor.getK()),
                            rewriter.getIndexType(), false, false)
            : arith::ConstantIndexOp::create(rewriter, loc, 0).getResult();
    bool upper = op.getUpper() != 0;
    RankedTensorType resultType = convertedType(op.getOutput());
    Type type = resultType.getElementType();
    Value result = buildMapped(
        rewriter, loc, input, {}, type,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value row = linalg::IndexOp::create(b, nloc, rank - 2);
          Value column = linalg::IndexOp::create(b, nloc, rank - 1);
          Value diagonal = arith::SubIOp::create(b, nloc, column, row);
          Value keep = arith::CmpIOp::create(b, nloc,
                                             upper ? arith::CmpIPredicate::sge
                                                   : arith::CmpIPredicate::sle,
                                             diagonal, k);
          return arith::SelectOp::create(b, nloc, keep, args[0],
                                         createConstant(b, nloc, type, 0));
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct CumSumLowering : KilnPattern<CumSumOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    std::optional<double> axisValue = getConstantScalar(op.getAxis());
    if (!axisValue)
      return rewriteWithRunTimeAxis(op, adaptor, rewriter);
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(*axisValue), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    // y[i] = sum over j of x[j] where j <= i (< with exclusive; >= / >
    // with reverse): a reduction over a second loop j along the axis.
    SmallVector<AffineExpr> inputExprs;
    for (int64_t dim = 0; dim < rank; ++dim)
      inputExprs.push_back(
          getAffineDimExpr(dim == *axis ? rank : dim, context));
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    Value init =
        createFilled(rewriter, loc, resultType, getSizes(rewriter, loc, x),
                     createConstant(rewriter, loc, type, 0));
    // The j loop takes its bound from a second read of x along the axis.
    Value result = buildGeneric(
        rewriter, loc, x, AffineMap::get(rank + 1, 0, inputExprs, context),
        AffineMap::get(rank + 1, 0,
                       getDroppingMap(rank + 1, {rank}, context).getResults(),
                       context),
        init, iterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value i = linalg::IndexOp::create(b, nloc, *axis);
          Value j = linalg::IndexOp::create(b, nloc, rank);
          return accumulate(b, nloc, op, i, j, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  /// acc + x[j] when position j counts toward position i.
  static Value accumulate(OpBuilder &b, Location loc, CumSumOp op, Value i,
                          Value j, Value x, Value acc) {
    bool exclusive = op.getExclusive() != 0, reverse = op.getReverse() != 0;
    arith::CmpIPredicate predicate =
        reverse ? (exclusive ? arith::CmpIPredicate::ugt
                             : arith::CmpIPredicate::uge)
                : (exclusive ? arith::CmpIPredicate::ult
                             : arith::CmpIPredicate::ule);
    Value counted = arith::CmpIOp::create(b, loc, predicate, j, i);
    Value term = arith::SelectOp::create(
        b, loc, counted, x, createConstant(b, loc, x.getType(), 0));
    return createAdd(b, loc, acc, term);
  }

  /// The axis read at run time: loops over every output position and a
  /// reduction loop j as long as the axis (a window operand gives its
  /// bound); the body reads x at the position with the axis' coordinate
  /// replaced by j.
  LogicalResult
  rewriteWithRunTimeAxis(CumSumOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    SmallVector<Value> onAxis =
        getAxisFlags(rewriter, loc, adaptor.getAxis(), rank);
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    OpFoldResult length = rewriter.getIndexAttr(0);
    for (int64_t dim = 0; dim < rank; ++dim)
      length = selectIndex(rewriter, loc, onAxis[dim], sizes[dim], length);
    Value window = createEmpty(
        rewriter, loc, RankedTensorType::get({ShapedType::kDynamic}, type),
        {length});
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = createFilled(rewriter, loc, resultType, sizes,
                              createConstant(rewriter, loc, type, 0));
    Value result = buildGeneric(
        rewriter, loc, window,
        AffineMap::get(rank + 1, 0, getAffineDimExpr(rank, context)),
        AffineMap::getMultiDimIdentityMap(rank + 1, context).getMajorSubMap(
            rank),
        init, iterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value j = linalg::IndexOp::create(b, nloc, rank);
          Value i = arith::ConstantIndexOp::create(b, nloc, 0);
          SmallVector<Value> indices;
          for (int64_t dim = 0; dim < rank; ++dim) {
            Value o = linalg::IndexOp::create(b, nloc, dim);
            i = arith::SelectOp::create(b, nloc, onAxis[dim], o, i);
            indices.push_back(
                arith::SelectOp::create(b, nloc, onAxis[dim], j, o));
          }
          Value element = tensor::ExtractOp::create(b, nloc, x, indices);
          return accumulate(b, nloc, op, i, j, element, args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct TopKLowering : KilnPattern<TopKOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    // K as a constant, or read when a run starts.
    std::optional<double> constantK = getConstantScalar(op.getK());
    OpFoldResult k =
        constantK
            ? OpFoldResult(rewriter.getIndexAttr(int64_t(*constantK)))
            : OpFoldResult(extractIndex(rewriter, loc, adaptor.getK(), 0));
    bool largest = op.getLargest() != 0;
    bool isUnsigned = isUnsignedType(op.getX().getType());
    Type type = xType.getElementType();
    Type i64 = rewriter.getI64Type();
    // rank[i] = #{j : x[j] beats x[i]}, where beating is being larger (or
    // smaller) or equal at a lower index.
    SmallVector<AffineExpr> otherExprs;
    for (int64_t dim = 0; dim < rank; ++dim)
      otherExprs.push_back(
          getAffineDimExpr(dim == *axis ? rank : dim, context));
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    AffineMap outer = AffineMap::get(
        rank + 1, 0, getDroppingMap(rank + 1, {rank}, context).getResults(),
        context);
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    auto rankType = RankedTensorType::get(xType.getShape(), i64);
    Value ranks = buildGeneric(
        rewriter, loc, {x, x},
        {outer, AffineMap::get(rank + 1, 0, otherExprs, context)}, outer,
        createFilled(rewriter, loc, rankType, sizes,
                     createIntConstant(rewriter, loc, i64, 0)),
        iterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value mine = args[0], other = args[1];
          Value i = linalg::IndexOp::create(b, nloc, *axis);
          Value j = linalg::IndexOp::create(b, nloc, rank);
          Value strictly =
              createCmp(b, nloc, largest ? CmpKind::gt : CmpKind::lt, other,
                        mine, isUnsigned);
          Value equal =
              createCmp(b, nloc, CmpKind::eq, other, mine, isUnsigned);
          Value before =
              arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::ult, j, i);
          Value beats = arith::OrIOp::create(
              b, nloc, strictly, arith::AndIOp::create(b, nloc, equal, before));
          Value one = arith::ExtUIOp::create(b, nloc, i64, beats);
          return arith::AddIOp::create(b, nloc, args[2], one);
        });
    // Slot r of the result takes the element of rank r.
    RankedTensorType valuesType = convertedType(op.getValues());
    RankedTensorType indicesType = convertedType(op.getIndices());
    SmallVector<OpFoldResult> outSizes = sizes;
    outSizes[*axis] = k;
    // Every slot is written; the fills differ (-1 for indices) only so that
    // i64 values and indices do not fold into one destination.
    auto valuesInit = createFilled(rewriter, loc, valuesType, outSizes,
                                   createConstant(rewriter, loc, type, 0));
    auto indicesInit = createFilled(rewriter, loc, indicesType, outSizes,
                                    createIntConstant(rewriter, loc, i64, -1));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valuesType, indicesType}, ValueRange{x, ranks},
        ValueRange{valuesInit, indicesInit},
        {AffineMap::get(rank + 1, 0, otherExprs, context),
         AffineMap::get(rank + 1, 0, otherExprs, context), outer, outer},
        iterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value slot = arith::IndexCastOp::create(
              b, nloc, i64, linalg::IndexOp::create(b, nloc, *axis));
          Value j = arith::IndexCastOp::create(
              b, nloc, i64, linalg::IndexOp::create(b, nloc, rank));
          Value hit = arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::eq,
                                            args[1], slot);
          Value value = arith::SelectOp::create(b, nloc, hit, args[0], args[2]);
          Value index = arith::SelectOp::create(b, nloc, hit, j, args[3]);
          linalg::YieldOp::create(b, nloc, ValueRange{value, index});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct ReverseSequenceLowering : KilnPattern<ReverseSequenceOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ReverseSequenceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), lengths = adaptor.getSequenceLens();
    int64_t rank = getRankedType(input).getRank();
    int64_t batchAxis = static_cast<int64_t>(op.getBatchAxis());
    int64_t timeAxis = static_cast<int64_t>(op.getTimeAxis());
    RankedTensorType resultType = convertedType(op.getY());
    // y[.., t, ..] = x[.., len - 1 - t, ..] for t < len[b], else x.
    Value result = buildMapped(
        rewriter, loc, input,
        {{lengths,
          AffineMap::get(rank, 0, getAffineDimExpr(batchAxis, getContext()))}},
        resultType.getElementType(),
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> position = loopIndices(b, l, rank);
          Value t = position[timeAxis];
          Value length =
              convertScalar(b, l, args[1], b.getIndexType(), false, false);
          Value inside =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, t, length);
          Value mirrored = arith::SubIOp::create(
              b, l,
              arith::SubIOp::create(b, l, length,
                                    arith::ConstantIndexOp::create(b, l, 1)),
              t);
          position[timeAxis] =
              arith::SelectOp::create(b, l, inside, mirrored, t);
          return tensor::ExtractOp::create(b, l, input, position);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

struct TensorScatterLowering : KilnPattern<TensorScatterOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(TensorScatterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value cache = adaptor.getPastCache(), update = adaptor.getUpdate();
    auto cacheType = getRankedType(cache);
    int64_t rank = cacheType.getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis) || *axis == 0)
      return emitLoweringError(op, "axis out of range");
    bool circular = op.getMode() == "circular";
    // For each batch entry b and update step s: write update[b, .., s, ..]
    // at position (write_indices[b] + s) (modulo the cache length when
    // circular) along the axis.
    SmallVector<Value> updateDims = dimValues(rewriter, loc, update);
    Value maxSeq = getDimValue(rewriter, loc, cache, *axis);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value indices = adaptor.getWriteIndices();
    auto outer = scf::ForOp::create(
        rewriter, loc, zero, updateDims[0], one, ValueRange{cache},
        [&](OpBuilder &b, Location l, Value batch, ValueRange carried) {
          Value start = zero;
          if (indices)
            start = convertScalar(
                b, l, tensor::ExtractOp::create(b, l, indices, batch),
                b.getIndexType(), false, false);
          auto inner = scf::ForOp::create(
              b, l, zero, updateDims[*axis], one, carried,
              [&](OpBuilder &ib, Location il, Value step, ValueRange acc) {
                Value position = arith::AddIOp::create(ib, il, start, step);
                if (circular)
                  position = arith::RemUIOp::create(ib, il, position, maxSeq);
                SmallVector<OpFoldResult> from(rank, ib.getIndexAttr(0));
                from[0] = batch;
                from[*axis] = step;
                SmallVector<OpFoldResult> to(from);
                to[*axis] = position;
                SmallVector<OpFoldResult> sizes;
                for (int64_t dim = 0; dim < rank; ++dim)
                  sizes.push_back(dim == 0 || dim == *axis
                                      ? OpFoldResult(ib.getIndexAttr(1))
                                      : OpFoldResult(updateDims[dim]));
                SmallVector<OpFoldResult> strides(rank, ib.getIndexAttr(1));
                Value slice = tensor::ExtractSliceOp::create(
                    ib, il, update, from, sizes, strides);
                Value next = tensor::InsertSliceOp::create(
                    ib, il, slice, acc[0], to, sizes, strides);
                scf::YieldOp::create(ib, il, next);
              });
          scf::YieldOp::create(b, l, inner.getResult(0));
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, outer.getResult(0),
                                      convertedType(op.getPresentCache())));
    return success();
  }
};

/// Col2Im as a gather: image element p of channel c sums the input
/// columns whose block, placed at b * stride - pad + k * dilation, covers
/// it: a linalg.generic over (n, c, p..., k...) with k reduced.
struct Col2ImLowering : KilnPattern<Col2ImOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(Col2ImOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    std::optional<SmallVector<int64_t>> image =
        getConstantIntegers(op.getImageShape());
    std::optional<SmallVector<int64_t>> block =
        getConstantIntegers(op.getBlockShape());
    if (!image || !block)
      return emitLoweringError(op, "image_shape and block_shape must be "
                                   "constants");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value input = adaptor.getInput();
    int64_t spatial = image->size();
    FailureOr<WindowParams> params =
        getWindowParams(op, *block, op.getStrides(), op.getDilations(),
                        op.getPads(), "NOTSET", *image);
    if (failed(params))
      return failure();
    // Block positions along each dim.
    SmallVector<int64_t> counts;
    for (int64_t i = 0; i < spatial; ++i)
      counts.push_back(((*image)[i] + params->padBegin[i] + params->padEnd[i] -
                        (params->dilations[i] * ((*block)[i] - 1) + 1)) /
                           params->strides[i] +
                       1);
    RankedTensorType resultType = convertedType(op.getOutput());
    Type type = resultType.getElementType();
    int64_t rank = 2 + spatial, loops = rank + spatial;
    SmallVector<OpFoldResult> sizes =
        getSizesLike(rewriter, loc, resultType, input);
    sizes[1] = resultType.isDynamicDim(1)
                   ? foldIndex(rewriter, loc, IndexOp::divs,
                               getSizes(rewriter, loc, input)[1],
                               rewriter.getIndexAttr(
                                   ShapedType::getNumElements(*block)))
                   : rewriter.getIndexAttr(resultType.getDimSize(1));
    Value init = createFilled(rewriter, loc, resultType, sizes,
                              createConstant(rewriter, loc, type, 0));
    // A window-shaped operand gives the k loops their bounds.
    Value window = tensor::EmptyOp::create(rewriter, loc, *block, type);
    SmallVector<AffineExpr> windowExprs, outputExprs;
    for (int64_t dim = 0; dim < rank; ++dim)
      outputExprs.push_back(getAffineDimExpr(dim, context));
    for (int64_t i = 0; i < spatial; ++i)
      windowExprs.push_back(getAffineDimExpr(rank + i, context));
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    for (int64_t i = rank; i < loops; ++i)
      iterators[i] = utils::IteratorType::reduction;
    int64_t kernelSize = ShapedType::getNumElements(*block);
    Value result = buildGeneric(
        rewriter, loc, window, AffineMap::get(loops, 0, windowExprs, context),
        AffineMap::get(loops, 0, outputExprs, context), init, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          auto cst = [&](int64_t v) {
            return arith::ConstantIndexOp::create(b, l, v).getResult();
          };
          Value valid = createConstant(b, l, b.getI1Type(), 1);
          Value kernelLinear = cst(0), blockLinear = cst(0);
          for (int64_t i = 0; i < spatial; ++i) {
            Value p = linalg::IndexOp::create(b, l, 2 + i);
            Value k = linalg::IndexOp::create(b, l, rank + i);
            // offset = p + pad - k * dilation = block * stride.
            Value offset = arith::SubIOp::create(
                b, l, arith::AddIOp::create(b, l, p, cst(params->padBegin[i])),
                arith::MulIOp::create(b, l, k, cst(params->dilations[i])));
            Value position =
                arith::DivSIOp::create(b, l, offset, cst(params->strides[i]));
            Value exact = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::eq,
                arith::RemSIOp::create(b, l, offset, cst(params->strides[i])),
                cst(0));
            Value inRange = arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, offset,
                                      cst(0)),
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, position,
                                      cst(counts[i])));
            valid = arith::AndIOp::create(
                b, l, valid, arith::AndIOp::create(b, l, exact, inRange));
            position = arith::SelectOp::create(b, l, inRange, position, cst(0));
            kernelLinear = arith::AddIOp::create(
                b, l,
                arith::MulIOp::create(b, l, kernelLinear, cst((*block)[i])), k);
            blockLinear = arith::AddIOp::create(
                b, l, arith::MulIOp::create(b, l, blockLinear, cst(counts[i])),
                position);
          }
          Value channel = arith::AddIOp::create(
              b, l,
              arith::MulIOp::create(b, l, linalg::IndexOp::create(b, l, 1),
                                    cst(kernelSize)),
              kernelLinear);
          Value element = tensor::ExtractOp::create(
              b, l, input,
              ValueRange{linalg::IndexOp::create(b, l, 0), channel,
                         blockLinear});
          Value term = arith::SelectOp::create(b, l, valid, element,
                                               createConstant(b, l, type, 0));
          return createAdd(b, l, args[1], term);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// MaxUnpool: a zero tensor (flattened) receives X at the positions of I,
/// element by element in an scf.for.
struct MaxUnpoolLowering : KilnPattern<MaxUnpoolOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(MaxUnpoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    RankedTensorType resultType = convertedType(op.getOutput());
    if (!resultType.hasStaticShape())
      return emitLoweringError(op, "the output shape must be static");
    Location loc = op.getLoc();
    Value x = adaptor.getX(), indices = adaptor.getI();
    Type type = resultType.getElementType();
    int64_t total = resultType.getNumElements();
    auto flatType = RankedTensorType::get({total}, type);
    Value flat =
        createFilled(rewriter, loc, flatType, {rewriter.getIndexAttr(total)},
                     createConstant(rewriter, loc, type, 0));
    SmallVector<Value> xDims = dimValues(rewriter, loc, x);
    Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Value dim : xDims)
      count = arith::MulIOp::create(rewriter, loc, count, dim);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    // I indexes the default output ([N, C] and stride * (D - 1) + kernel -
    // pads); with another output_shape, each index keeps its position.
    auto xType = getRankedType(x);
    int64_t spatial = xType.getRank() - 2;
    ArrayRef<int64_t> kernel = op.getKernelShape();
    SmallVector<int64_t> defaultShape(resultType.getShape().take_front(2));
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t in = xType.getDimSize(2 + i);
      if (ShapedType::isDynamic(in))
        return emitLoweringError(op, "the input's spatial dims must be static");
      int64_t stride = op.getStrides() && !op.getStrides()->empty()
                           ? (*op.getStrides())[i]
                           : 1;
      int64_t pads = 0;
      if (op.getPads() && !op.getPads()->empty())
        pads = (*op.getPads())[i] + (*op.getPads())[spatial + i];
      defaultShape.push_back(stride * (in - 1) + kernel[i] - pads);
    }
    bool remap = ArrayRef<int64_t>(defaultShape) != resultType.getShape();
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, count, one, ValueRange{flat},
        [&](OpBuilder &b, Location l, Value linear, ValueRange carried) {
          SmallVector<Value> position = delinearize(b, l, linear, xDims);
          Value value = tensor::ExtractOp::create(b, l, x, position);
          Value target = convertScalar(
              b, l, tensor::ExtractOp::create(b, l, indices, position),
              b.getIndexType(), false, false);
          if (remap) {
            SmallVector<Value> defaultDims;
            for (int64_t d : defaultShape)
              defaultDims.push_back(arith::ConstantIndexOp::create(b, l, d));
            SmallVector<Value> at = delinearize(b, l, target, defaultDims);
            target = arith::ConstantIndexOp::create(b, l, 0);
            for (auto [index, size] : llvm::zip(at, resultType.getShape()))
              target = arith::AddIOp::create(
                  b, l,
                  arith::MulIOp::create(
                      b, l, target, arith::ConstantIndexOp::create(b, l, size)),
                  index);
          }
          Value next = tensor::InsertOp::create(b, l, value, carried[0],
                                                ValueRange{target});
          scf::YieldOp::create(b, l, next);
        });
    SmallVector<ReassociationIndices> all(1);
    for (int64_t dim = 0; dim < resultType.getRank(); ++dim)
      all.front().push_back(dim);
    Value result = tensor::ExpandShapeOp::create(
        rewriter, loc, resultType, loop.getResult(0), all,
        getSizesLike(rewriter, loc, resultType, x));
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The number of true (non-zero) elements of `mask` (any numeric or i1
/// tensor) as an index value: a reduction to a rank-0 i64 tensor.
Value countNonZero(OpBuilder &b, Location loc, Value mask) {
  auto type = cast<RankedTensorType>(mask.getType());
  Type i64 = b.getI64Type();
  SmallVector<int64_t> all =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  Value count = buildReduction(
      b, loc, mask, all, createIntConstant(b, loc, i64, 0),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value x = args[0];
        Value nonZero = createCmp(nb, l, CmpKind::ne, x,
                                  createConstant(nb, l, x.getType(), 0), false);
        return arith::AddIOp::create(
            nb, l, args[1], arith::ExtUIOp::create(nb, l, i64, nonZero));
      });
  Value scalar = tensor::ExtractOp::create(b, loc, count, ValueRange{});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), scalar);
}

/// NonZero: count the non-zero elements, then walk the input in row-major
/// order writing each one's coordinates into column `pos` of [rank, count].
struct NonZeroLowering : KilnPattern<NonZeroOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(NonZeroOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t rank = getRankedType(x).getRank();
    RankedTensorType resultType = convertedType(op.getY());
    Value count = countNonZero(rewriter, loc, x);
    auto dynamicType = RankedTensorType::get({rank, ShapedType::kDynamic},
                                             rewriter.getI64Type());
    Value init = createEmpty(rewriter, loc, dynamicType,
                             {rewriter.getIndexAttr(rank), count});
    SmallVector<Value> dims = dimValues(rewriter, loc, x);
    Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Value dim : dims)
      total = arith::MulIOp::create(rewriter, loc, total, dim);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, total, one, ValueRange{init, zero},
        [&](OpBuilder &b, Location l, Value linear, ValueRange carried) {
          SmallVector<Value> position = delinearize(b, l, linear, dims);
          Value element = tensor::ExtractOp::create(b, l, x, position);
          Value nonZero =
              createCmp(b, l, CmpKind::ne, element,
                        createConstant(b, l, element.getType(), 0), false);
          auto ifOp = scf::IfOp::create(
              b, l, nonZero,
              [&](OpBuilder &tb, Location tl) {
                Value result = carried[0];
                for (int64_t dim = 0; dim < rank; ++dim)
                  result = tensor::InsertOp::create(
                      tb, tl,
                      arith::IndexCastOp::create(tb, tl, tb.getI64Type(),
                                                 position[dim]),
                      result,
                      ValueRange{arith::ConstantIndexOp::create(tb, tl, dim),
                                 carried[1]});
                Value next = arith::AddIOp::create(
                    tb, tl, carried[1],
                    arith::ConstantIndexOp::create(tb, tl, 1));
                scf::YieldOp::create(tb, tl, ValueRange{result, next});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, carried);
              });
          scf::YieldOp::create(b, l, ifOp.getResults());
        });
    rewriter.replaceOp(
        op, castToType(rewriter, loc, loop.getResult(0), resultType));
    return success();
  }
};

/// Compress: count the selected slices, then copy each selected slice along
/// the axis (or element of the flattened input) to the next free position.
struct CompressLowering : KilnPattern<CompressOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(CompressOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), condition = adaptor.getCondition();
    auto inputType = getRankedType(input);
    int64_t axis = 0;
    if (op.getAxis()) {
      FailureOr<int64_t> normalized = normalizeAxis(
          static_cast<int64_t>(*op.getAxis()), inputType.getRank());
      if (failed(normalized))
        return emitLoweringError(op, "axis out of range");
      axis = *normalized;
    } else {
      // No axis: the flattened input.
      SmallVector<ReassociationIndices> all(1);
      for (int64_t dim = 0; dim < inputType.getRank(); ++dim)
        all.front().push_back(dim);
      RankedTensorType flatType =
          tensor::CollapseShapeOp::inferCollapsedType(inputType, all);
      input = inputType.getRank() == 1
                  ? input
                  : tensor::CollapseShapeOp::create(rewriter, loc, flatType,
                                                    input, all)
                        .getResult();
      inputType = getRankedType(input);
    }
    int64_t rank = inputType.getRank();
    // Only the first min(len(condition), dim) entries count.
    Value length = arith::MinSIOp::create(
        rewriter, loc, getDimValue(rewriter, loc, condition, 0),
        getDimValue(rewriter, loc, input, axis));
    Value used = tensor::ExtractSliceOp::create(
        rewriter, loc, condition,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{length},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
    Value count = countNonZero(rewriter, loc, used);
    SmallVector<int64_t> shape(inputType.getShape());
    shape[axis] = ShapedType::kDynamic;
    auto dynamicType = RankedTensorType::get(shape, inputType.getElementType());
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    sizes[axis] = count;
    Value init = createEmpty(rewriter, loc, dynamicType, sizes);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, length, one, ValueRange{init, zero},
        [&](OpBuilder &b, Location l, Value i, ValueRange carried) {
          Value selected = tensor::ExtractOp::create(b, l, condition, i);
          auto ifOp = scf::IfOp::create(
              b, l, selected,
              [&](OpBuilder &tb, Location tl) {
                SmallVector<OpFoldResult> from(rank, tb.getIndexAttr(0));
                from[axis] = i;
                SmallVector<OpFoldResult> to(from);
                to[axis] = carried[1];
                SmallVector<OpFoldResult> sliceSizes = getSizes(tb, tl, input);
                sliceSizes[axis] = tb.getIndexAttr(1);
                SmallVector<OpFoldResult> strides(rank, tb.getIndexAttr(1));
                Value slice = tensor::ExtractSliceOp::create(
                    tb, tl, input, from, sliceSizes, strides);
                Value result = tensor::InsertSliceOp::create(
                    tb, tl, slice, carried[0], to, sliceSizes, strides);
                Value next = arith::AddIOp::create(
                    tb, tl, carried[1],
                    arith::ConstantIndexOp::create(tb, tl, 1));
                scf::YieldOp::create(tb, tl, ValueRange{result, next});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, carried);
              });
          scf::YieldOp::create(b, l, ifOp.getResults());
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, loop.getResult(0),
                                      convertedType(op.getOutput())));
    return success();
  }
};

} // namespace

void mlir::kiln::populateTensorIndexingLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<
      Col2ImLowering, CompressLowering, CumSumLowering, GatherElementsLowering,
      GatherLowering, GatherNDLowering, MaxUnpoolLowering, NonZeroLowering,
      OneHotLowering, ReverseSequenceLowering, ScatterElementsLowering,
      ScatterNDLowering, TensorScatterLowering, TopKLowering, TriluLowering>(
      converter, patterns.getContext());
}
