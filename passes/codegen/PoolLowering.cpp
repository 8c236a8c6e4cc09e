// SPDX-License-Identifier: Apache-2.0
//===- PoolLowering.cpp - ONNX pooling to linalg --------------------------===//
//
// MaxPool, AveragePool and LpPool pad their input (tensor.pad with the
// reduction's neutral value; ceil_mode adds what the last window needs) and
// reduce each window: linalg.pooling_nchw_{max,sum} and
// linalg.pooling_ncw_{max,sum} for 2-D and 1-D floats, a linalg.generic
// otherwise. AveragePool divides by the number of counted elements of each
// window, computed at compile time when padding makes it vary. The global
// pools are reductions over the spatial dims.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

enum class PoolKind { max, sum };

/// A pooling window reduction of `padded` into `init` ([N, C, O...]) as
/// named op or linalg.generic; `body` combines (element, accumulator).
Value buildPool(OpBuilder &b, Location loc, Value padded, Value init,
                const WindowParams &params, PoolKind kind, bool isUnsigned) {
  MLIRContext *context = b.getContext();
  auto initType = cast<RankedTensorType>(init.getType());
  Type elementType = initType.getElementType();
  int64_t spatial = params.kernel.size();
  Value window = tensor::EmptyOp::create(b, loc, params.kernel, elementType);
  Attribute strides = b.getI64TensorAttr(params.strides);
  Attribute dilations = b.getI64TensorAttr(params.dilations);
  bool isFloat = isa<FloatType>(elementType);
  if (isFloat && (spatial == 1 || spatial == 2)) {
    TypeRange types(initType);
    SmallVector<Value> ins = {padded, window};
    if (kind == PoolKind::max)
      return spatial == 2
                 ? linalg::PoolingNchwMaxOp::create(b, loc, types, ins, init,
                                                    strides, dilations)
                       .getResult(0)
                 : linalg::PoolingNcwMaxOp::create(b, loc, types, ins, init,
                                                   strides, dilations)
                       .getResult(0);
    return spatial == 2
               ? linalg::PoolingNchwSumOp::create(b, loc, types, ins, init,
                                                  strides, dilations)
                     .getResult(0)
               : linalg::PoolingNcwSumOp::create(b, loc, types, ins, init,
                                                 strides, dilations)
                     .getResult(0);
  }
  // Loops n, c, o..., k...
  int64_t loops = 2 + 2 * spatial;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, context); };
  SmallVector<AffineExpr> inputExprs = {d(0), d(1)}, windowExprs,
                          outputExprs = {d(0), d(1)};
  for (int64_t i = 0; i < spatial; ++i) {
    inputExprs.push_back(d(2 + i) * params.strides[i] +
                         d(2 + spatial + i) * params.dilations[i]);
    windowExprs.push_back(d(2 + spatial + i));
    outputExprs.push_back(d(2 + i));
  }
  SmallVector<utils::IteratorType> iterators(loops,
                                             utils::IteratorType::parallel);
  for (int64_t i = 2 + spatial; i < loops; ++i)
    iterators[i] = utils::IteratorType::reduction;
  return buildGeneric(
      b, loc, {padded, window},
      {AffineMap::get(loops, 0, inputExprs, context),
       AffineMap::get(loops, 0, windowExprs, context)},
      AffineMap::get(loops, 0, outputExprs, context), init, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        if (kind == PoolKind::max)
          return createMax(nb, nloc, args[0], args[2], isUnsigned);
        return createAdd(nb, nloc, args[0], args[2]);
      });
}

/// What the window ops share: parameters with ceil_mode's extra end
/// padding folded into padEnd, and the result sizes.
struct PoolSetup {
  WindowParams params;
  SmallVector<int64_t> ceilExtra;
  SmallVector<OpFoldResult> sizes;
};

template <typename OpTy>
FailureOr<PoolSetup> setUpPool(OpTy op, Value input,
                               RankedTensorType resultType, OpBuilder &b) {
  Location loc = op.getLoc();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t spatial = inputType.getRank() - 2;
  ArrayRef<int64_t> kernel = op.getKernelShape();
  if (spatial < 1 || static_cast<int64_t>(kernel.size()) != spatial)
    return emitLoweringError(op, "kernel_shape does not match the input");
  FailureOr<WindowParams> params = getWindowParams(
      op, kernel, op.getStrides(), op.getDilations(), op.getPads(),
      op.getAutoPad(), inputType.getShape().drop_front(2));
  if (failed(params))
    return failure();
  PoolSetup setup;
  setup.params = *params;
  setup.ceilExtra.assign(spatial, 0);
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
  setup.sizes = {inputSizes[0], inputSizes[1]};
  bool ceilMode = op.getCeilMode() != 0;
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t in = inputType.getDimSize(2 + i);
    int64_t pb = params->padBegin[i], pe = params->padEnd[i];
    int64_t stride = params->strides[i];
    int64_t extent = (kernel[i] - 1) * params->dilations[i] + 1;
    if (ShapedType::isDynamic(in)) {
      if (ceilMode)
        return emitLoweringError(op, "ceil_mode needs static spatial dims");
      OpFoldResult span = foldIndex(b, loc, IndexOp::add, inputSizes[2 + i],
                                    b.getIndexAttr(pb + pe - extent));
      setup.sizes.push_back(foldIndex(
          b, loc, IndexOp::add,
          foldIndex(b, loc, IndexOp::divs, span, b.getIndexAttr(stride)),
          b.getIndexAttr(1)));
      continue;
    }
    int64_t span = in + pb + pe - extent;
    int64_t out =
        (ceilMode ? llvm::divideCeil(span, stride) : span / stride) + 1;
    // A window may not start in the end padding.
    if (ceilMode && (out - 1) * stride >= in + pb)
      --out;
    setup.ceilExtra[i] =
        std::max<int64_t>(0, (out - 1) * stride + extent - (in + pb + pe));
    setup.sizes.push_back(b.getIndexAttr(out));
  }
  for (int64_t dim = 0; dim < resultType.getRank(); ++dim)
    if (!resultType.isDynamicDim(dim) &&
        getConstantIntValue(setup.sizes[dim]) !=
            std::optional<int64_t>(resultType.getDimSize(dim)))
      return emitLoweringError(op, "the result shape does not match the "
                                   "window attributes");
  return setup;
}

/// Pads `input` for a pool: the op's pads plus ceil_mode's extra.
Value padForPool(OpBuilder &b, Location loc, Value input,
                 const PoolSetup &setup, Value value) {
  SmallVector<int64_t> high;
  for (auto [pe, extra] : llvm::zip(setup.params.padEnd, setup.ceilExtra))
    high.push_back(pe + extra);
  return padSpatial(b, loc, input, setup.params.padBegin, high, value);
}

struct MaxPoolLowering : KilnPattern<MaxPoolOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(op.getY());
    Value input = adaptor.getX();
    FailureOr<PoolSetup> setup = setUpPool(op, input, resultType, rewriter);
    if (failed(setup))
      return failure();
    Type elementType = resultType.getElementType();
    bool isUnsigned = isUnsignedType(op.getX().getType());
    Value lowest = createLowest(rewriter, loc, elementType, isUnsigned);
    Value padded = padForPool(rewriter, loc, input, *setup, lowest);
    Value init = createFilled(rewriter, loc, resultType, setup->sizes, lowest);
    RankedTensorType indicesType = convertedType(op.getIndices());
    if (!indicesType)
      return emitLoweringError(op, "the Indices result must be ranked");
    if (op.getIndices().use_empty()) {
      Value result = buildPool(rewriter, loc, padded, init, setup->params,
                               PoolKind::max, isUnsigned);
      // The unused Indices result gets an empty tensor.
      rewriter.replaceOp(
          op, {result, createEmpty(rewriter, loc, indicesType, setup->sizes)});
      return success();
    }
    auto [result, indices] = buildMaxPoolWithIndices(
        rewriter, loc, input, padded, init, indicesType, setup->sizes,
        setup->params, isUnsigned, op.getStorageOrder() != 0);
    rewriter.replaceOp(op, {result, indices});
    return success();
  }

  /// Max pooling that also tracks the flattened input index of each
  /// maximum (row-major over N, C and the spatial dims, or column-major
  /// over the spatial dims with `columnMajor`); the first maximum wins.
  static std::pair<Value, Value> buildMaxPoolWithIndices(
      OpBuilder &b, Location loc, Value input, Value padded, Value init,
      RankedTensorType indicesType, ArrayRef<OpFoldResult> sizes,
      const WindowParams &params, bool isUnsigned, bool columnMajor) {
    MLIRContext *context = b.getContext();
    int64_t spatial = params.kernel.size();
    Type elementType = cast<RankedTensorType>(init.getType()).getElementType();
    Type i64 = b.getI64Type();
    Value window = tensor::EmptyOp::create(b, loc, params.kernel, elementType);
    Value indexInit = createFilled(b, loc, indicesType, sizes,
                                   createIntConstant(b, loc, i64, 0));
    SmallVector<Value> dims;
    for (OpFoldResult size : getSizes(b, loc, input))
      dims.push_back(
          convertScalar(b, loc, toIndexValue(b, loc, size), i64, false, false));
    int64_t loops = 2 + 2 * spatial;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, context); };
    SmallVector<AffineExpr> inputExprs = {d(0), d(1)}, windowExprs,
                            outputExprs = {d(0), d(1)};
    for (int64_t i = 0; i < spatial; ++i) {
      inputExprs.push_back(d(2 + i) * params.strides[i] +
                           d(2 + spatial + i) * params.dilations[i]);
      windowExprs.push_back(d(2 + spatial + i));
      outputExprs.push_back(d(2 + i));
    }
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    for (int64_t i = 2 + spatial; i < loops; ++i)
      iterators[i] = utils::IteratorType::reduction;
    AffineMap outputMap = AffineMap::get(loops, 0, outputExprs, context);
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{init.getType(), indicesType},
        ValueRange{padded, window}, ValueRange{init, indexInit},
        {AffineMap::get(loops, 0, inputExprs, context),
         AffineMap::get(loops, 0, windowExprs, context), outputMap, outputMap},
        iterators, [&](OpBuilder &nb, Location l, ValueRange args) {
          auto index = [&](int64_t dim) {
            return convertScalar(nb, l, linalg::IndexOp::create(nb, l, dim),
                                 i64, false, false);
          };
          auto c = [&](int64_t v) { return createIntConstant(nb, l, i64, v); };
          // Input position of this window element along each spatial dim.
          SmallVector<Value> positions;
          for (int64_t i = 0; i < spatial; ++i) {
            Value p = arith::AddIOp::create(
                nb, l,
                arith::MulIOp::create(nb, l, index(2 + i),
                                      c(params.strides[i])),
                arith::MulIOp::create(nb, l, index(2 + spatial + i),
                                      c(params.dilations[i])));
            positions.push_back(
                arith::SubIOp::create(nb, l, p, c(params.padBegin[i])));
          }
          // (n * C + c) * spatial size + the spatial offset.
          Value flat = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, index(0), dims[1]), index(1));
          SmallVector<int64_t> order;
          for (int64_t i = 0; i < spatial; ++i)
            order.push_back(columnMajor ? spatial - 1 - i : i);
          for (int64_t i : order)
            flat = arith::AddIOp::create(
                nb, l, arith::MulIOp::create(nb, l, flat, dims[2 + i]),
                positions[i]);
          Value better =
              createCmp(nb, l, CmpKind::gt, args[0], args[2], isUnsigned);
          Value value =
              arith::SelectOp::create(nb, l, better, args[0], args[2]);
          Value best = arith::SelectOp::create(nb, l, better, flat, args[3]);
          linalg::YieldOp::create(nb, l, ValueRange{value, best});
        });
    return {generic.getResult(0), generic.getResult(1)};
  }
};

/// The number of counted elements of each window along one spatial dim.
SmallVector<int64_t> windowCounts(int64_t in, int64_t out, int64_t kernel,
                                  int64_t stride, int64_t dilation,
                                  int64_t padBegin, int64_t padEnd,
                                  bool includePad) {
  SmallVector<int64_t> counts;
  int64_t low = includePad ? -padBegin : 0;
  int64_t high = includePad ? in + padEnd : in;
  for (int64_t o = 0; o < out; ++o) {
    int64_t count = 0;
    for (int64_t k = 0; k < kernel; ++k) {
      int64_t position = o * stride - padBegin + k * dilation;
      if (position >= low && position < high)
        ++count;
    }
    counts.push_back(count);
  }
  return counts;
}

struct AveragePoolLowering : KilnPattern<AveragePoolOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(AveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = convertedType(op.getY());
    Value input = adaptor.getX();
    auto inputType = getRankedType(input);
    FailureOr<PoolSetup> setup = setUpPool(op, input, resultType, rewriter);
    if (failed(setup))
      return failure();
    Type elementType = resultType.getElementType();
    Value zero = createConstant(rewriter, loc, elementType, 0);
    Value padded = padForPool(rewriter, loc, input, *setup, zero);
    Value init = createFilled(rewriter, loc, resultType, setup->sizes, zero);
    const WindowParams &params = setup->params;
    Value sum =
        buildPool(rewriter, loc, padded, init, params, PoolKind::sum, false);
    int64_t spatial = params.kernel.size();
    bool includePad = op.getCountIncludePad() != 0;
    bool uniform =
        llvm::all_of(setup->ceilExtra, [](int64_t e) { return e == 0; });
    if (!includePad)
      for (int64_t i = 0; i < spatial; ++i)
        uniform &= params.padBegin[i] == 0 && params.padEnd[i] == 0;
    int64_t rank = resultType.getRank();
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result;
    if (uniform) {
      int64_t count = 1;
      for (int64_t k : params.kernel)
        count *= k;
      result = buildElementwise(
          rewriter, loc, sum, resultType,
          [&](OpBuilder &b, Location nloc, ValueRange args) {
            return arith::DivFOp::create(
                b, nloc, args[0], createConstant(b, nloc, elementType, count));
          });
    } else {
      // Counts vary near the borders: a constant [O...] of divisors.
      SmallVector<SmallVector<int64_t>> perDim;
      SmallVector<int64_t> outShape;
      for (int64_t i = 0; i < spatial; ++i) {
        int64_t in = inputType.getDimSize(2 + i);
        int64_t out = resultType.getDimSize(2 + i);
        if (ShapedType::isDynamic(in) || ShapedType::isDynamic(out))
          return emitLoweringError(
              op, "padding with dynamic spatial dims is not supported");
        perDim.push_back(windowCounts(
            in, out, params.kernel[i], params.strides[i], params.dilations[i],
            params.padBegin[i], params.padEnd[i], includePad));
        outShape.push_back(out);
      }
      SmallVector<double> divisors;
      int64_t total = ShapedType::getNumElements(outShape);
      for (int64_t linear = 0; linear < total; ++linear) {
        int64_t rest = linear, count = 1;
        for (int64_t i = spatial - 1; i >= 0; --i) {
          count *= perDim[i][rest % outShape[i]];
          rest /= outShape[i];
        }
        divisors.push_back(static_cast<double>(count));
      }
      auto divisorType = RankedTensorType::get(outShape, elementType);
      SmallVector<Attribute> values;
      for (double divisor : divisors)
        values.push_back(
            rewriter.getFloatAttr(elementType, std::max(divisor, 1.0)));
      Value divisorTensor = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(divisorType, values));
      SmallVector<AffineExpr> spatialExprs;
      for (int64_t i = 0; i < spatial; ++i)
        spatialExprs.push_back(getAffineDimExpr(2 + i, context));
      Value empty = createEmpty(rewriter, loc, resultType, setup->sizes);
      result = buildGeneric(
          rewriter, loc, {sum, divisorTensor},
          {rewriter.getMultiDimIdentityMap(rank),
           AffineMap::get(rank, 0, spatialExprs, context)},
          rewriter.getMultiDimIdentityMap(rank), empty, iterators,
          [](OpBuilder &b, Location nloc, ValueRange args) {
            return arith::DivFOp::create(b, nloc, args[0], args[1]);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LpPoolLowering : KilnPattern<LpPoolOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(LpPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(op.getY());
    Value input = adaptor.getX();
    FailureOr<PoolSetup> setup = setUpPool(op, input, resultType, rewriter);
    if (failed(setup))
      return failure();
    Type elementType = resultType.getElementType();
    double p = static_cast<double>(op.getP());
    // |x|^p, pooled by sum, then ^(1/p).
    Value powered = buildElementwise(
        rewriter, loc, input, cast<RankedTensorType>(input.getType()),
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value abs = math::AbsFOp::create(b, nloc, args[0]);
          return math::PowFOp::create(b, nloc, abs,
                                      createConstant(b, nloc, elementType, p));
        });
    Value zero = createConstant(rewriter, loc, elementType, 0);
    Value padded = padForPool(rewriter, loc, powered, *setup, zero);
    Value init = createFilled(rewriter, loc, resultType, setup->sizes, zero);
    Value sum = buildPool(rewriter, loc, padded, init, setup->params,
                          PoolKind::sum, false);
    Value result = buildElementwise(
        rewriter, loc, sum, resultType,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          return math::PowFOp::create(
              b, nloc, args[0], createConstant(b, nloc, elementType, 1.0 / p));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The spatial dims [2, rank) of a tensor of `rank`.
SmallVector<int64_t> spatialAxes(int64_t rank) {
  return llvm::to_vector(llvm::seq<int64_t>(2, rank));
}

template <typename OpTy> struct GlobalPoolLowering : KilnPattern<OpTy> {
  using KilnPattern<OpTy>::KilnPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    int64_t rank = getRankedType(input).getRank();
    RankedTensorType resultType = this->convertedType(op.getY());
    Type elementType = resultType.getElementType();
    SmallVector<int64_t> axes = spatialAxes(rank);
    Value reduced;
    if constexpr (std::is_same_v<OpTy, GlobalMaxPoolOp>) {
      reduced =
          buildReduction(rewriter, loc, input, axes,
                         createLowest(rewriter, loc, elementType, false),
                         [](OpBuilder &b, Location nloc, ValueRange args) {
                           return createMax(b, nloc, args[0], args[1], false);
                         });
    } else if constexpr (std::is_same_v<OpTy, GlobalAveragePoolOp>) {
      // Sums x / count in one pass: no second kernel for the division.
      Value scale = arith::DivFOp::create(
          rewriter, loc, createConstant(rewriter, loc, elementType, 1),
          countAsFloat(rewriter, loc, input, axes, elementType));
      reduced = buildReduction(
          rewriter, loc, input, axes,
          createConstant(rewriter, loc, elementType, 0),
          [&](OpBuilder &b, Location nloc, ValueRange args) {
            return createAdd(b, nloc, createMul(b, nloc, args[0], scale),
                             args[1]);
          });
    } else {
      auto p = static_cast<double>(op.getP());
      reduced =
          buildReduction(rewriter, loc, input, axes,
                         createConstant(rewriter, loc, elementType, 0),
                         [&](OpBuilder &b, Location nloc, ValueRange args) {
                           Value x = math::PowFOp::create(
                               b, nloc, math::AbsFOp::create(b, nloc, args[0]),
                               createConstant(b, nloc, elementType, p));
                           return createAdd(b, nloc, x, args[1]);
                         });
      reduced = buildElementwise(
          rewriter, loc, reduced, getRankedType(reduced),
          [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
            return math::PowFOp::create(
                b, nloc, args[0],
                createConstant(b, nloc, elementType, 1.0 / p));
          });
    }
    Value result = insertUnitDims(rewriter, loc, reduced, axes, rank);
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populatePoolLoweringPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<AveragePoolLowering, GlobalPoolLowering<GlobalAveragePoolOp>,
               GlobalPoolLowering<GlobalLpPoolOp>,
               GlobalPoolLowering<GlobalMaxPoolOp>, LpPoolLowering,
               MaxPoolLowering>(converter, patterns.getContext());
}
