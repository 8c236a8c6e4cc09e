// SPDX-License-Identifier: Apache-2.0
//===- ConvLowering.cpp - ONNX Conv and ConvTranspose to linalg ----------===//
//
// Conv pads its input with tensor.pad, seeds the accumulator with the bias
// and picks a linalg named op where one fits: conv_{1,2,3}d_nc..._fc...
// for group 1, depthwise_conv_{1,2,3}d_nc..._c... for one filter per
// channel. Other groupings become a linalg.generic over the input and
// filters expanded to [N, G, C/G, ...] and [G, M/G, C/G, ...].
//
// ConvTranspose is a stride-1 convolution of the input spread out by the
// strides (zeros between elements, tensor.insert_slice with strides) and
// padded by dilation * (k - 1) - pads, with the filters flipped and their
// channel dims swapped by a gathering generic (tensor.extract at
// k - 1 - j: a reversed indexing map would not survive tiling).
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The accumulator of a convolution: the bias broadcast along dim
/// `channelDim` of `type` (whose channel dims may be split in two:
/// `groupShape` gives their sizes), or zeros.
Value createConvInit(OpBuilder &b, Location loc, RankedTensorType type,
                     ArrayRef<OpFoldResult> sizes, Value bias,
                     ArrayRef<int64_t> channelShape, int64_t channelDim) {
  Type elementType = type.getElementType();
  if (!bias)
    return createFilled(b, loc, type, sizes,
                        createConstant(b, loc, elementType, 0));
  // [M] -> channelShape, then trailing unit dims for the spatial dims.
  Value shaped = bias;
  auto biasType = cast<RankedTensorType>(bias.getType());
  if (channelShape.size() == 2) {
    auto splitType = RankedTensorType::get(channelShape, elementType);
    shaped = tensor::ExpandShapeOp::create(
        b, loc, splitType, bias, ArrayRef<ReassociationIndices>{{0, 1}},
        ArrayRef<OpFoldResult>{b.getIndexAttr(channelShape[0]),
                               b.getIndexAttr(channelShape[1])});
    biasType = splitType;
  }
  int64_t rank = type.getRank();
  int64_t trailing = rank - channelDim - biasType.getRank();
  SmallVector<int64_t> unitAxes;
  for (int64_t i = 0; i < trailing; ++i)
    unitAxes.push_back(biasType.getRank() + i);
  shaped =
      insertUnitDims(b, loc, shaped, unitAxes, biasType.getRank() + trailing);
  return broadcastTo(b, loc, shaped, type, sizes);
}

/// Output size of a window op on one spatial dim.
OpFoldResult windowOutputSize(OpBuilder &b, Location loc, OpFoldResult input,
                              int64_t padTotal, int64_t kernel, int64_t stride,
                              int64_t dilation) {
  OpFoldResult span =
      foldIndex(b, loc, IndexOp::add, input,
                b.getIndexAttr(padTotal - (kernel - 1) * dilation - 1));
  OpFoldResult steps =
      foldIndex(b, loc, IndexOp::divs, span, b.getIndexAttr(stride));
  return foldIndex(b, loc, IndexOp::add, steps, b.getIndexAttr(1));
}

/// A grouped convolution as a linalg.generic over `input` [N, G, Cg, D...]
/// and `filter` [G, Mg, Cg, k...] into `init` [N, G, Mg, O...]. The input
/// index of output o and window position k is o * stride + k * dilation.
Value buildGroupedConv(OpBuilder &b, Location loc, Value input, Value filter,
                       Value init, ArrayRef<int64_t> strides,
                       ArrayRef<int64_t> dilations) {
  MLIRContext *context = b.getContext();
  int64_t spatial = strides.size();
  // Loops: n, g, mg, o..., cg, k...
  int64_t loops = 4 + 2 * spatial;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, context); };
  int64_t n = 0, g = 1, mg = 2, o = 3, cg = 3 + spatial, k = 4 + spatial;
  SmallVector<AffineExpr> inputExprs = {d(n), d(g), d(cg)};
  SmallVector<AffineExpr> filterExprs = {d(g), d(mg), d(cg)};
  SmallVector<AffineExpr> outputExprs = {d(n), d(g), d(mg)};
  for (int64_t i = 0; i < spatial; ++i) {
    inputExprs.push_back(d(o + i) * strides[i] + d(k + i) * dilations[i]);
    filterExprs.push_back(d(k + i));
    outputExprs.push_back(d(o + i));
  }
  SmallVector<utils::IteratorType> iterators(loops,
                                             utils::IteratorType::parallel);
  for (int64_t i = cg; i < loops; ++i)
    iterators[i] = utils::IteratorType::reduction;
  return buildGeneric(
      b, loc, {input, filter},
      {AffineMap::get(loops, 0, inputExprs, context),
       AffineMap::get(loops, 0, filterExprs, context)},
      AffineMap::get(loops, 0, outputExprs, context), init, iterators,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        return createAdd(nb, nloc, args.back(),
                         createMul(nb, nloc, args[0], args[1]));
      });
}

/// ConvTranspose's filters W [C, Mg, k...] (C = G * Cg) as the filters of
/// the equivalent convolution, [G, Mg, Cg, k...] with every window
/// reversed: out[g, mg, cg, j...] = W[g * Cg + cg, mg, k - 1 - j...].
Value flipFilter(OpBuilder &b, Location loc, Value filter, int64_t group) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t rank = type.getRank();
  int64_t perGroup = type.getDimSize(0) / group;
  SmallVector<int64_t> shape = {group, type.getDimSize(1), perGroup};
  for (int64_t i = 2; i < rank; ++i)
    shape.push_back(type.getDimSize(i));
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  MLIRContext *context = b.getContext();
  SmallVector<utils::IteratorType> iterators(rank + 1,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, resultType, ValueRange{}, init,
             SmallVector<AffineMap>{
                 AffineMap::getMultiDimIdentityMap(rank + 1, context)},
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange) {
               auto index = [&](int64_t dim) {
                 return linalg::IndexOp::create(nb, nloc, dim).getResult();
               };
               auto cst = [&](int64_t v) {
                 return arith::ConstantIndexOp::create(nb, nloc, v)
                     .getResult();
               };
               Value channel = arith::AddIOp::create(
                   nb, nloc,
                   arith::MulIOp::create(nb, nloc, index(0), cst(perGroup)),
                   index(2));
               SmallVector<Value> indices = {channel, index(1)};
               for (int64_t i = 2; i < rank; ++i)
                 indices.push_back(arith::SubIOp::create(
                     nb, nloc, cst(type.getDimSize(i) - 1), index(i + 1)));
               Value element =
                   tensor::ExtractOp::create(nb, nloc, filter, indices);
               linalg::YieldOp::create(nb, nloc, element);
             })
      .getResult(0);
}

/// Splits dim 1 of `value` into (groups, size / groups).
Value splitChannels(OpBuilder &b, Location loc, Value value, int64_t dim,
                    int64_t groups) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, value);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> outSizes;
  SmallVector<ReassociationIndices> reassociation;
  int64_t next = 0;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (i == dim) {
      int64_t size = type.getDimSize(i);
      shape.append({groups, ShapedType::isDynamic(size) ? ShapedType::kDynamic
                                                        : size / groups});
      outSizes.append(
          {b.getIndexAttr(groups),
           foldIndex(b, loc, IndexOp::divs, sizes[i], b.getIndexAttr(groups))});
      reassociation.push_back({next, next + 1});
      next += 2;
      continue;
    }
    shape.push_back(type.getDimSize(i));
    outSizes.push_back(sizes[i]);
    reassociation.push_back({next++});
  }
  auto expandedType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, expandedType, value,
                                       reassociation, outSizes);
}

/// Collapses dims (1, 2) of `value` into one.
Value mergeChannels(OpBuilder &b, Location loc, Value value,
                    RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<ReassociationIndices> groups = {{0}, {1, 2}};
  for (int64_t i = 3; i < type.getRank(); ++i)
    groups.push_back({i});
  RankedTensorType collapsedType =
      tensor::CollapseShapeOp::inferCollapsedType(type, groups);
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, collapsedType, value, groups);
  return castToType(b, loc, collapsed, resultType);
}

} // namespace

FailureOr<Value> mlir::kiln::buildConv(Operation *op, OpBuilder &b, Value input,
                                       Value filter, Value bias,
                                       const ConvAttributes &attrs,
                                       RankedTensorType resultType,
                                       Value padValue) {
  Location loc = op->getLoc();
  auto inputType = getRankedType(input), filterType = getRankedType(filter);
  int64_t rank = inputType.getRank(), spatial = rank - 2;
  if (spatial < 1)
    return emitLoweringError(op, "the input needs spatial dims");
  if (!filterType.hasStaticShape())
    return emitLoweringError(op, "the filters need a static shape");
  ArrayRef<int64_t> kernel = filterType.getShape().drop_front(2);
  FailureOr<WindowParams> params =
      getWindowParams(op, kernel, attrs.strides, attrs.dilations, attrs.pads,
                      attrs.autoPad, inputType.getShape().drop_front(2));
  if (failed(params))
    return failure();
  int64_t group = attrs.group;
  int64_t channels = inputType.getDimSize(1);
  int64_t filters = filterType.getDimSize(0);
  if (group < 1 || filters % group != 0)
    return emitLoweringError(op, "the filter count is not a multiple of group");
  Type elementType = resultType.getElementType();
  Value padded =
      padSpatial(b, loc, input, params->padBegin, params->padEnd, padValue);

  // Result sizes.
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
  SmallVector<OpFoldResult> sizes = {inputSizes[0], b.getIndexAttr(filters)};
  for (int64_t i = 0; i < spatial; ++i)
    sizes.push_back(windowOutputSize(
        b, loc, inputSizes[2 + i], params->padBegin[i] + params->padEnd[i],
        kernel[i], params->strides[i], params->dilations[i]));
  for (int64_t dim = 0; dim < rank; ++dim)
    if (!resultType.isDynamicDim(dim))
      sizes[dim] = b.getIndexAttr(resultType.getDimSize(dim));
  Attribute strides = b.getI64TensorAttr(params->strides);
  Attribute dilations = b.getI64TensorAttr(params->dilations);

  Value result;
  bool depthwise = group > 1 && group == channels && group == filters &&
                   filterType.getDimSize(1) == 1;
  if (group == 1) {
    Value init = createConvInit(b, loc, resultType, sizes, bias, {filters}, 1);
    SmallVector<Value> ins = {padded, filter};
    TypeRange types(resultType);
    if (spatial == 1)
      result = linalg::Conv1DNcwFcwOp::create(b, loc, types, ins, init, strides,
                                              dilations)
                   .getResult(0);
    else if (spatial == 2)
      result = linalg::Conv2DNchwFchwOp::create(b, loc, types, ins, init,
                                                strides, dilations)
                   .getResult(0);
    else if (spatial == 3)
      result = linalg::Conv3DNcdhwFcdhwOp::create(b, loc, types, ins, init,
                                                  strides, dilations)
                   .getResult(0);
  } else if (depthwise && spatial <= 3) {
    // [C, 1, k...] -> [C, k...]
    SmallVector<ReassociationIndices> groups = {{0, 1}};
    for (int64_t i = 2; i < filterType.getRank(); ++i)
      groups.push_back({i});
    RankedTensorType flatType =
        tensor::CollapseShapeOp::inferCollapsedType(filterType, groups);
    Value flat =
        tensor::CollapseShapeOp::create(b, loc, flatType, filter, groups);
    Value init = createConvInit(b, loc, resultType, sizes, bias, {filters}, 1);
    SmallVector<Value> ins = {padded, flat};
    TypeRange types(resultType);
    if (spatial == 1)
      result = linalg::DepthwiseConv1DNcwCwOp::create(b, loc, types, ins, init,
                                                      strides, dilations)
                   .getResult(0);
    else if (spatial == 2)
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   b, loc, types, ins, init, strides, dilations)
                   .getResult(0);
    else
      result = linalg::DepthwiseConv3DNcdhwCdhwOp::create(
                   b, loc, types, ins, init, strides, dilations)
                   .getResult(0);
  }
  if (!result) {
    // Grouped: [N, G, Cg, D...] x [G, Mg, Cg, k...] -> [N, G, Mg, O...].
    Value groupedInput = splitChannels(b, loc, padded, 1, group);
    Value groupedFilter = splitChannels(b, loc, filter, 0, group);
    SmallVector<int64_t> shape = {resultType.getDimSize(0), group,
                                  filters / group};
    SmallVector<OpFoldResult> groupedSizes = {sizes[0], b.getIndexAttr(group),
                                              b.getIndexAttr(filters / group)};
    for (int64_t i = 0; i < spatial; ++i) {
      shape.push_back(resultType.getDimSize(2 + i));
      groupedSizes.push_back(sizes[2 + i]);
    }
    auto groupedType = RankedTensorType::get(shape, elementType);
    Value init = createConvInit(b, loc, groupedType, groupedSizes, bias,
                                {group, filters / group}, 1);
    Value grouped = buildGroupedConv(b, loc, groupedInput, groupedFilter, init,
                                     params->strides, params->dilations);
    result = mergeChannels(b, loc, grouped, resultType);
  }
  return result;
}

namespace {

struct ConvLowering : KilnPattern<ConvOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    RankedTensorType resultType = convertedType(op.getY());
    ConvAttributes attrs{op.getAutoPad(), op.getDilations(), op.getPads(),
                         op.getStrides(), static_cast<int64_t>(op.getGroup())};
    FailureOr<Value> result = buildConv(
        op, rewriter, adaptor.getX(), adaptor.getW(), adaptor.getB(), attrs,
        resultType,
        createConstant(rewriter, op.getLoc(), resultType.getElementType(), 0));
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

struct ConvTransposeLowering : KilnPattern<ConvTransposeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value input = adaptor.getX(), filter = adaptor.getW();
    auto inputType = getRankedType(input), filterType = getRankedType(filter);
    RankedTensorType resultType = convertedType(op.getY());
    int64_t rank = inputType.getRank(), spatial = rank - 2;
    if (spatial < 1)
      return emitLoweringError(op, "the input needs spatial dims");
    if (!filterType.hasStaticShape() ||
        !llvm::all_of(inputType.getShape().drop_front(1),
                      [](int64_t d) { return !ShapedType::isDynamic(d); }))
      return emitLoweringError(
          op, "the filters and the input's channel and spatial dims must be "
              "static");
    ArrayRef<int64_t> kernel = filterType.getShape().drop_front(2);
    ArrayRef<int64_t> inShape = inputType.getShape().drop_front(2);
    // Strides and dilations as for Conv; pads below.
    FailureOr<WindowParams> params =
        getWindowParams(op, kernel, op.getStrides(), op.getDilations(),
                        op.getPads(), "NOTSET", inShape);
    if (failed(params))
      return failure();
    SmallVector<int64_t> outputPadding(spatial, 0);
    if (op.getOutputPadding() && !op.getOutputPadding()->empty()) {
      if (static_cast<int64_t>(op.getOutputPadding()->size()) != spatial)
        return emitLoweringError(op,
                                 "output_padding does not match the kernel");
      outputPadding.assign(op.getOutputPadding()->begin(),
                           op.getOutputPadding()->end());
    }
    StringRef autoPad = op.getAutoPad();
    bool hasOutputShape = op.getOutputShape() && !op.getOutputShape()->empty();
    if (hasOutputShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      // Total padding from the wanted output size, split as onnxruntime
      // does (SAME_LOWER puts the larger half first).
      for (int64_t i = 0; i < spatial; ++i) {
        int64_t stride = params->strides[i];
        int64_t out = hasOutputShape
                          ? (*op.getOutputShape())[op.getOutputShape()->size() -
                                                   spatial + i]
                          : inShape[i] * stride;
        int64_t total = stride * (inShape[i] - 1) + outputPadding[i] +
                        (kernel[i] - 1) * params->dilations[i] + 1 - out;
        int64_t small = total / 2, large = total - total / 2;
        if (autoPad == "SAME_LOWER") {
          params->padBegin[i] = large;
          params->padEnd[i] = small;
        } else {
          params->padBegin[i] = small;
          params->padEnd[i] = large;
        }
      }
    } else if (autoPad != "NOTSET" && autoPad != "VALID") {
      return emitLoweringError(op, "unknown auto_pad '" + autoPad + "'");
    }
    int64_t group = static_cast<int64_t>(op.getGroup());
    int64_t channels = inputType.getDimSize(1);
    if (group < 1 || channels % group != 0)
      return emitLoweringError(op,
                               "the channel count is not a multiple of group");
    int64_t filtersPerGroup = filterType.getDimSize(1);
    Type elementType = resultType.getElementType();

    // Spread the input by the strides and pad it: begin dilation*(k-1) -
    // padBegin, end dilation*(k-1) - padEnd + output_padding; negative
    // amounts crop.
    SmallVector<int64_t> spreadShape = {inputType.getDimSize(0), channels};
    SmallVector<OpFoldResult> spreadSizes = {getSizes(rewriter, loc, input)[0],
                                             rewriter.getIndexAttr(channels)};
    SmallVector<OpFoldResult> offsets(2, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(2, rewriter.getIndexAttr(1));
    SmallVector<int64_t> cropBegin, cropEnd;
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t extent = params->dilations[i] * (kernel[i] - 1);
      int64_t begin = extent - params->padBegin[i];
      int64_t end = extent - params->padEnd[i] + outputPadding[i];
      int64_t spread = params->strides[i] * (inShape[i] - 1) + 1;
      int64_t size =
          spread + std::max<int64_t>(begin, 0) + std::max<int64_t>(end, 0);
      spreadShape.push_back(size);
      spreadSizes.push_back(rewriter.getIndexAttr(size));
      offsets.push_back(rewriter.getIndexAttr(std::max<int64_t>(begin, 0)));
      strides.push_back(rewriter.getIndexAttr(params->strides[i]));
      cropBegin.push_back(std::max<int64_t>(-begin, 0));
      cropEnd.push_back(std::max<int64_t>(-end, 0));
    }
    auto spreadType = RankedTensorType::get(spreadShape, elementType);
    Value spread = createFilled(rewriter, loc, spreadType, spreadSizes,
                                createConstant(rewriter, loc, elementType, 0));
    spread =
        tensor::InsertSliceOp::create(rewriter, loc, input, spread, offsets,
                                      getSizes(rewriter, loc, input), strides);
    if (llvm::any_of(cropBegin, [](int64_t c) { return c > 0; }) ||
        llvm::any_of(cropEnd, [](int64_t c) { return c > 0; })) {
      SmallVector<OpFoldResult> cropOffsets(2, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> cropSizes(spreadSizes.begin(),
                                          spreadSizes.begin() + 2);
      for (int64_t i = 0; i < spatial; ++i) {
        cropOffsets.push_back(rewriter.getIndexAttr(cropBegin[i]));
        cropSizes.push_back(rewriter.getIndexAttr(spreadShape[2 + i] -
                                                  cropBegin[i] - cropEnd[i]));
      }
      SmallVector<OpFoldResult> ones(rank, rewriter.getIndexAttr(1));
      spread = tensor::ExtractSliceOp::create(rewriter, loc, spread,
                                              cropOffsets, cropSizes, ones);
    }

    // W is [C, M/g, k...] = [G, Cg, Mg, k...]; the generic wants
    // [G, Mg, Cg, k...] with the window flipped. One generic gathers it
    // with tensor.extract: a flip in an indexing map (k - 1 - d) is
    // something linalg's tiling cannot slice.
    Value permuted = flipFilter(rewriter, loc, filter, group);
    Value groupedInput = splitChannels(rewriter, loc, spread, 1, group);

    SmallVector<int64_t> shape = {resultType.getDimSize(0), group,
                                  filtersPerGroup};
    SmallVector<OpFoldResult> sizes = {getSizes(rewriter, loc, input)[0],
                                       rewriter.getIndexAttr(group),
                                       rewriter.getIndexAttr(filtersPerGroup)};
    auto spreadFinal = getRankedType(spread);
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t out = spreadFinal.getDimSize(2 + i) -
                    params->dilations[i] * (kernel[i] - 1);
      if (!resultType.isDynamicDim(2 + i) &&
          resultType.getDimSize(2 + i) != out)
        return emitLoweringError(op, "the output shape does not match the "
                                     "attributes");
      shape.push_back(out);
      sizes.push_back(rewriter.getIndexAttr(out));
    }
    auto groupedType = RankedTensorType::get(shape, elementType);
    Value init = createConvInit(rewriter, loc, groupedType, sizes,
                                adaptor.getB(), {group, filtersPerGroup}, 1);
    SmallVector<int64_t> ones(spatial, 1);
    Value grouped = buildGroupedConv(rewriter, loc, groupedInput, permuted,
                                     init, ones, params->dilations);
    rewriter.replaceOp(op, mergeChannels(rewriter, loc, grouped, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateConvLoweringPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvTransposeLowering>(converter,
                                                    patterns.getContext());
}
