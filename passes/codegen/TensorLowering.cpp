// SPDX-License-Identifier: Apache-2.0
//===- TensorLowering.cpp - ONNX data movement to tensor/linalg ----------===//
//
// Constants, Identity, Shape/Size, the reshape family (Reshape, Flatten,
// Squeeze, Unsqueeze), Transpose, Concat, Split, Slice, Expand, Tile, Pad,
// DepthToSpace and SpaceToDepth. Views become tensor ops (collapse/expand
// shape, extract/insert slice, pad); copies that rearrange elements become
// linalg.transpose or linalg.generic. Dynamic dims are read with tensor.dim.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"


#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

//===----------------------------------------------------------------------===//
// Constants, Identity, Shape, Size
//===----------------------------------------------------------------------===//

/// `attr` retyped to `type` (same shape, element types of the same width)
/// without copying resource blobs.
ElementsAttr retypeElements(ElementsAttr attr, RankedTensorType type) {
  if (attr.getType() == type)
    return attr;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.bitcast(type.getElementType());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return {};
}

struct ConstantLowering : KilnPattern<ConstantOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = convertedType(op.getResult());
    if (!type)
      return emitLoweringError(op, "the constant must be a ranked tensor");
    ElementsAttr value = retypeElements(op.getValue(), type);
    if (!value)
      return emitLoweringError(op, "unsupported kind of elements attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   cast<TypedAttr>(value));
    return success();
  }
};

struct IdentityLowering : KilnPattern<IdentityOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOp(
        op, castToType(rewriter, op.getLoc(), adaptor.getInput(), type));
    return success();
  }
};

/// A 1-D i64 tensor of the index values `sizes` (constants where static).
Value buildShapeTensor(OpBuilder &b, Location loc,
                       ArrayRef<OpFoldResult> sizes) {
  auto type = RankedTensorType::get({static_cast<int64_t>(sizes.size())},
                                    b.getI64Type());
  std::optional<SmallVector<int64_t>> constant = getConstantIntValues(sizes);
  if (constant)
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef<int64_t>(*constant)));
  SmallVector<Value> elements;
  for (OpFoldResult size : sizes)
    elements.push_back(arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                                  toIndexValue(b, loc, size)));
  return tensor::FromElementsOp::create(b, loc, type, elements);
}

struct ShapeLowering : KilnPattern<ShapeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto dataType = getRankedType(adaptor.getData());
    if (!dataType)
      return emitLoweringError(op, "the input must be a ranked tensor");
    int64_t rank = dataType.getRank();
    auto clampIndex = [&](int64_t index) {
      if (index < 0)
        index += rank;
      return std::clamp<int64_t>(index, 0, rank);
    };
    int64_t start = clampIndex(static_cast<int64_t>(op.getStart()));
    int64_t end =
        op.getEnd() ? clampIndex(static_cast<int64_t>(*op.getEnd())) : rank;
    SmallVector<OpFoldResult> sizes =
        getSizes(rewriter, op.getLoc(), adaptor.getData());
    ArrayRef<OpFoldResult> picked;
    if (start < end)
      picked = ArrayRef<OpFoldResult>(sizes).slice(start, end - start);
    Value shape = buildShapeTensor(rewriter, op.getLoc(), picked);
    rewriter.replaceOp(op, castToType(rewriter, op.getLoc(), shape,
                                      convertedType(op.getShape())));
    return success();
  }
};

struct SizeLowering : KilnPattern<SizeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(SizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!getRankedType(adaptor.getData()))
      return emitLoweringError(op, "the input must be a ranked tensor");
    Location loc = op.getLoc();
    OpFoldResult count =
        getProduct(rewriter, loc, getSizes(rewriter, loc, adaptor.getData()));
    auto type = RankedTensorType::get({}, rewriter.getI64Type());
    Value result;
    if (std::optional<int64_t> constant = getConstantIntValue(count)) {
      result = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(type, *constant));
    } else {
      Value element =
          arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                     toIndexValue(rewriter, loc, count));
      result = tensor::FromElementsOp::create(rewriter, loc, type, element);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reshape family
//===----------------------------------------------------------------------===//

/// Asserts that the run-time `sizes` of a Reshape's result are
/// non-negative and hold as many elements as `inputSizes`.
void checkReshapeSizes(OpBuilder &b, Location loc,
                       ArrayRef<OpFoldResult> sizes,
                       ArrayRef<OpFoldResult> inputSizes) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value valid = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      toIndexValue(b, loc, getProduct(b, loc, sizes)),
      toIndexValue(b, loc, getProduct(b, loc, inputSizes)));
  for (OpFoldResult size : sizes)
    valid = arith::AndIOp::create(
        b, loc, valid,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                              toIndexValue(b, loc, size), zero));
  assertBeforeRun(b, loc, valid,
                  "the values of its shape input give no valid shape for the "
                  "data (a negative dim, or another element count)");
}

struct ReshapeLowering : KilnPattern<ReshapeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getReshaped()})))
      return failure();
    RankedTensorType resultType = convertedType(op.getReshaped());
    Location loc = op.getLoc();
    Value input = adaptor.getData();
    int64_t rank = resultType.getRank();
    SmallVector<OpFoldResult> sizes(rank);
    if (!resultType.hasStaticShape()) {
      // Dynamic result dims come from the shape operand, ONNX's way: 0
      // copies the input dim (unless allowzero), -1 takes what is left.
      SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
      std::optional<SmallVector<int64_t>> constant =
          getConstantIntegers(op.getShape());
      if (getRankedType(adaptor.getShape()).getDimSize(0) != rank)
        return emitLoweringError(op, "the shape operand does not match the "
                                     "result rank");
      SmallVector<OpFoldResult> entries;
      if (constant) {
        std::optional<int64_t> inferred;
        for (int64_t dim = 0; dim < rank; ++dim) {
          int64_t entry = (*constant)[dim];
          if (entry == 0 && op.getAllowzero() == 0 &&
              dim < static_cast<int64_t>(inputSizes.size()))
            entries.push_back(inputSizes[dim]);
          else if (entry == -1) {
            inferred = dim;
            entries.push_back(rewriter.getIndexAttr(1));
          } else
            entries.push_back(rewriter.getIndexAttr(entry));
        }
        if (inferred)
          entries[*inferred] = foldIndex(rewriter, loc, IndexOp::divs,
                                         getProduct(rewriter, loc, inputSizes),
                                         getProduct(rewriter, loc, entries));
      } else {
        // Read at run time: e = shape[i], 0 -> the input dim, -1 -> the
        // element count over the product of the others (-product of all).
        auto cst = [&](int64_t v) {
          return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
        };
        SmallVector<Value> values;
        Value product = cst(1);
        for (int64_t dim = 0; dim < rank; ++dim) {
          Value entry = extractIndex(rewriter, loc, adaptor.getShape(), dim);
          if (op.getAllowzero() == 0 &&
              dim < static_cast<int64_t>(inputSizes.size())) {
            Value isZero = arith::CmpIOp::create(
                rewriter, loc, arith::CmpIPredicate::eq, entry, cst(0));
            entry = arith::SelectOp::create(
                rewriter, loc, isZero,
                toIndexValue(rewriter, loc, inputSizes[dim]), entry);
          }
          values.push_back(entry);
          product = arith::MulIOp::create(rewriter, loc, product, entry);
        }
        Value others = arith::MaxSIOp::create(
            rewriter, loc,
            arith::SubIOp::create(rewriter, loc, cst(0), product), cst(1));
        Value inferred = arith::DivSIOp::create(
            rewriter, loc,
            toIndexValue(rewriter, loc, getProduct(rewriter, loc, inputSizes)),
            others);
        for (Value entry : values) {
          Value isInferred = arith::CmpIOp::create(
              rewriter, loc, arith::CmpIPredicate::eq, entry, cst(-1));
          entries.push_back(arith::SelectOp::create(rewriter, loc, isInferred,
                                                    inferred, entry)
                                .getResult());
        }
        // Bad values (a -2, two -1s, a count that does not match) must fail
        // the run: the host checks them before any kernel reads the data.
        checkReshapeSizes(rewriter, loc, entries, inputSizes);
      }
      sizes = entries;
    }
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!resultType.isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType.getDimSize(dim));
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, input, resultType, sizes));
    return success();
  }
};

/// Reshapes `input` to `resultType` whose sizes are the products of groups
/// of consecutive input dims given by `groups` (a collapse).
Value collapseTo(OpBuilder &b, Location loc, Value input,
                 RankedTensorType resultType,
                 ArrayRef<ReassociationIndices> groups) {
  auto inputType = cast<RankedTensorType>(input.getType());
  RankedTensorType collapsedType =
      tensor::CollapseShapeOp::inferCollapsedType(inputType, groups);
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, collapsedType, input, groups);
  return castToType(b, loc, collapsed, resultType);
}

/// Reshapes `input` to `resultType` with `sizes` computed at run time: the
/// sizes decide, the type only checks the rank (its static dims may be
/// what shape inference knew).
Value reshapeToDynamic(OpBuilder &b, Location loc, Value input,
                       RankedTensorType resultType,
                       ArrayRef<OpFoldResult> sizes) {
  auto dynamicType = RankedTensorType::get(
      SmallVector<int64_t>(resultType.getRank(), ShapedType::kDynamic),
      resultType.getElementType());
  return castToType(b, loc, reshapeTo(b, loc, input, dynamicType, sizes),
                    resultType);
}

struct FlattenLowering : KilnPattern<FlattenOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    RankedTensorType resultType = convertedType(op.getOutput());
    Value input = adaptor.getInput();
    Location loc = op.getLoc();
    int64_t rank = getRankedType(input).getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    OpFoldResult outer = getProduct(
        rewriter, loc, ArrayRef<OpFoldResult>(sizes).take_front(axis));
    OpFoldResult inner = getProduct(
        rewriter, loc, ArrayRef<OpFoldResult>(sizes).drop_front(axis));
    if (axis > 0 && axis < rank) {
      SmallVector<ReassociationIndices> groups(2);
      for (int64_t dim = 0; dim < rank; ++dim)
        groups[dim < axis ? 0 : 1].push_back(dim);
      rewriter.replaceOp(op,
                         collapseTo(rewriter, loc, input, resultType, groups));
      return success();
    }
    rewriter.replaceOp(
        op, reshapeTo(rewriter, loc, input, resultType, {outer, inner}));
    return success();
  }
};

struct SqueezeLowering : KilnPattern<SqueezeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getSqueezed()})))
      return failure();
    Value input = adaptor.getData();
    auto inputType = getRankedType(input);
    RankedTensorType resultType = convertedType(op.getSqueezed());
    int64_t rank = inputType.getRank();
    std::optional<SmallVector<int64_t>> given;
    if (op.getAxes())
      given = llvm::to_vector(*op.getAxes());
    else if (Value axesInput = op.getAxesInput()) {
      given = getConstantIntegers(axesInput);
      if (!given) {
        // Axes read at run time: a reshape dropping the named dims.
        Location loc = op.getLoc();
        SmallVector<Value> flags =
            getAxisFlags(rewriter, loc, adaptor.getAxesInput(), rank);
        SmallVector<OpFoldResult> sizes =
            dropFlaggedSizes(rewriter, loc, flags,
                             getSizes(rewriter, loc, input),
                             resultType.getRank());
        rewriter.replaceOp(op, reshapeToDynamic(rewriter, loc, input,
                                                resultType, sizes));
        return success();
      }
    }
    SmallVector<int64_t> axes;
    if (given && !given->empty()) {
      FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(*given, rank);
      if (failed(normalized))
        return emitLoweringError(op, "axis out of range");
      axes = *normalized;
    } else {
      for (int64_t dim = 0; dim < rank; ++dim)
        if (inputType.getDimSize(dim) == 1)
          axes.push_back(dim);
      if (static_cast<int64_t>(axes.size()) != rank - resultType.getRank())
        return emitLoweringError(op,
                                 "squeezing every unit dim needs static dims");
    }
    Location loc = op.getLoc();
    bool allStatic = llvm::all_of(
        axes, [&](int64_t axis) { return inputType.getDimSize(axis) == 1; });
    if (allStatic && resultType.getRank() > 0) {
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices current;
      for (int64_t dim = 0; dim < rank; ++dim) {
        current.push_back(dim);
        if (!llvm::is_contained(axes, dim)) {
          groups.push_back(current);
          current.clear();
        }
      }
      if (!current.empty())
        groups.back().append(current.begin(), current.end());
      rewriter.replaceOp(op,
                         collapseTo(rewriter, loc, input, resultType, groups));
      return success();
    }
    // A rank-reducing slice also squeezes dims only known to be 1 at run
    // time.
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    for (int64_t axis : axes)
      sizes[axis] = rewriter.getIndexAttr(1);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, input, offsets, sizes, strides);
    return success();
  }
};

struct UnsqueezeLowering : KilnPattern<UnsqueezeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(UnsqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getExpanded()})))
      return failure();
    RankedTensorType resultType = convertedType(op.getExpanded());
    std::optional<SmallVector<int64_t>> given;
    if (op.getAxes())
      given = llvm::to_vector(*op.getAxes());
    else if (op.getAxesInput())
      given = getConstantIntegers(op.getAxesInput());
    if (!given) {
      // Axes read at run time: a reshape inserting unit dims where named.
      Location loc = op.getLoc();
      Value input = adaptor.getData();
      SmallVector<Value> flags = getAxisFlags(
          rewriter, loc, adaptor.getAxesInput(), resultType.getRank());
      SmallVector<OpFoldResult> sizes = insertFlaggedUnitSizes(
          rewriter, loc, flags, getSizes(rewriter, loc, input));
      rewriter.replaceOp(
          op, reshapeToDynamic(rewriter, loc, input, resultType, sizes));
      return success();
    }
    FailureOr<SmallVector<int64_t>> axes =
        normalizeAxes(*given, resultType.getRank());
    if (failed(axes))
      return emitLoweringError(op, "axis out of range");
    Value result = insertUnitDims(rewriter, op.getLoc(), adaptor.getData(),
                                  *axes, resultType.getRank());
    rewriter.replaceOp(op,
                       castToType(rewriter, op.getLoc(), result, resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Transpose, DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

/// linalg.transpose of `input` by `perm` (result dim i is input dim
/// perm[i]).
Value transpose(OpBuilder &b, Location loc, Value input,
                ArrayRef<int64_t> perm) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim : perm) {
    shape.push_back(inputType.getDimSize(dim));
    sizes.push_back(inputSizes[dim]);
  }
  auto type = RankedTensorType::get(shape, inputType.getElementType());
  // Moving only dims of size 1 keeps the bytes in order: a reshape, no copy
  // ([1, S, E] -> [S, 1, E], as torch's batch-first attention exports).
  SmallVector<int64_t> moved;
  for (int64_t dim : perm)
    if (inputType.getDimSize(dim) != 1)
      moved.push_back(dim);
  if (llvm::is_sorted(moved))
    return reshapeTo(b, loc, input, type, sizes);
  Value init = createEmpty(b, loc, type, sizes);
  return linalg::TransposeOp::create(b, loc, input, init, perm).getResult()[0];
}

struct TransposeLowering : KilnPattern<TransposeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getTransposed()})))
      return failure();
    int64_t rank = getRankedType(adaptor.getData()).getRank();
    SmallVector<int64_t> perm;
    if (op.getPerm())
      perm = llvm::to_vector(*op.getPerm());
    else
      for (int64_t dim = rank - 1; dim >= 0; --dim)
        perm.push_back(dim);
    Value result = transpose(rewriter, op.getLoc(), adaptor.getData(), perm);
    rewriter.replaceOp(op, castToType(rewriter, op.getLoc(), result,
                                      convertedType(op.getTransposed())));
    return success();
  }
};

/// Expands `input` to `shape` (sizes `sizes`) with `groups`, transposes by
/// `perm` and collapses by `collapse` into `resultType`.
Value expandTransposeCollapse(OpBuilder &b, Location loc, Value input,
                              ArrayRef<int64_t> shape,
                              ArrayRef<OpFoldResult> sizes,
                              ArrayRef<ReassociationIndices> groups,
                              ArrayRef<int64_t> perm,
                              ArrayRef<ReassociationIndices> collapse,
                              RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto expandedType = RankedTensorType::get(shape, inputType.getElementType());
  Value expanded =
      tensor::ExpandShapeOp::create(b, loc, expandedType, input, groups, sizes);
  Value transposed = transpose(b, loc, expanded, perm);
  return collapseTo(b, loc, transposed, resultType, collapse);
}

/// Shape and sizes of `dim` split into (outer, inner) with inner `block`.
void splitDim(OpBuilder &b, Location loc, int64_t staticSize, OpFoldResult size,
              int64_t block, bool blockFirst, SmallVectorImpl<int64_t> &shape,
              SmallVectorImpl<OpFoldResult> &sizes) {
  int64_t outer = ShapedType::isDynamic(staticSize) ? ShapedType::kDynamic
                                                    : staticSize / block;
  OpFoldResult outerSize =
      foldIndex(b, loc, IndexOp::divs, size, b.getIndexAttr(block));
  if (blockFirst) {
    shape.append({block, outer});
    sizes.append({b.getIndexAttr(block), outerSize});
  } else {
    shape.append({outer, block});
    sizes.append({outerSize, b.getIndexAttr(block)});
  }
}

struct DepthToSpaceLowering : KilnPattern<DepthToSpaceOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(DepthToSpaceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Value input = adaptor.getInput();
    auto type = getRankedType(input);
    if (type.getRank() != 4)
      return emitLoweringError(op, "the input must be 4-D");
    Location loc = op.getLoc();
    int64_t block = static_cast<int64_t>(op.getBlocksize());
    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, input);
    // C splits into (b, b, C/b^2) for DCR, (C/b^2, b, b) for CRD.
    SmallVector<int64_t> shape = {type.getDimSize(0)};
    SmallVector<OpFoldResult> sizes = {inSizes[0]};
    int64_t channels = type.getDimSize(1);
    int64_t inner = ShapedType::isDynamic(channels)
                        ? ShapedType::kDynamic
                        : channels / (block * block);
    OpFoldResult innerSize = foldIndex(rewriter, loc, IndexOp::divs, inSizes[1],
                                       rewriter.getIndexAttr(block * block));
    bool dcr = op.getMode() == "DCR";
    if (dcr) {
      shape.append({block, block, inner});
      sizes.append({rewriter.getIndexAttr(block), rewriter.getIndexAttr(block),
                    innerSize});
    } else {
      shape.append({inner, block, block});
      sizes.append({innerSize, rewriter.getIndexAttr(block),
                    rewriter.getIndexAttr(block)});
    }
    shape.append({type.getDimSize(2), type.getDimSize(3)});
    sizes.append({inSizes[2], inSizes[3]});
    SmallVector<int64_t> perm = dcr ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
                                    : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
    rewriter.replaceOp(
        op, expandTransposeCollapse(rewriter, loc, input, shape, sizes,
                                    {{0}, {1, 2, 3}, {4}, {5}}, perm,
                                    {{0}, {1}, {2, 3}, {4, 5}},
                                    convertedType(op.getOutput())));
    return success();
  }
};

struct SpaceToDepthLowering : KilnPattern<SpaceToDepthOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(SpaceToDepthOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    Value input = adaptor.getInput();
    auto type = getRankedType(input);
    if (type.getRank() != 4)
      return emitLoweringError(op, "the input must be 4-D");
    Location loc = op.getLoc();
    int64_t block = static_cast<int64_t>(op.getBlocksize());
    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, input);
    SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1)};
    SmallVector<OpFoldResult> sizes = {inSizes[0], inSizes[1]};
    splitDim(rewriter, loc, type.getDimSize(2), inSizes[2], block,
             /*blockFirst=*/false, shape, sizes);
    splitDim(rewriter, loc, type.getDimSize(3), inSizes[3], block,
             /*blockFirst=*/false, shape, sizes);
    rewriter.replaceOp(op, expandTransposeCollapse(
                               rewriter, loc, input, shape, sizes,
                               {{0}, {1}, {2, 3}, {4, 5}}, {0, 3, 5, 1, 2, 4},
                               {{0}, {1, 2, 3}, {4}, {5}},
                               convertedType(op.getOutput())));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Concat, Split, Slice
//===----------------------------------------------------------------------===//

struct ConcatLowering : KilnPattern<ConcatOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    RankedTensorType resultType = convertedType(op.getConcatResult());
    Location loc = op.getLoc();
    int64_t rank = resultType.getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    ValueRange inputs = adaptor.getInputs();
    // Result sizes: the first input's, with the axis summed.
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, inputs.front());
    OpFoldResult total = rewriter.getIndexAttr(0);
    SmallVector<OpFoldResult> offsets;
    for (Value input : inputs) {
      offsets.push_back(total);
      total = foldIndex(rewriter, loc, IndexOp::add, total,
                        getSizes(rewriter, loc, input)[*axis]);
    }
    sizes[*axis] = total;
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!resultType.isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType.getDimSize(dim));
    Value result = createEmpty(rewriter, loc, resultType, sizes);
    for (auto [input, offset] : llvm::zip(inputs, offsets)) {
      // Empty inputs add nothing (and their slices would not verify).
      if (llvm::is_contained(getRankedType(input).getShape(), 0))
        continue;
      SmallVector<OpFoldResult> inputOffsets(rank, rewriter.getIndexAttr(0));
      inputOffsets[*axis] = offset;
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, inputOffsets,
          getSizes(rewriter, loc, input), strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : KilnPattern<SplitOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op.getInput())) ||
        failed(requireRanked(op, op.getOutputs())))
      return failure();
    Value input = adaptor.getInput();
    Location loc = op.getLoc();
    int64_t rank = getRankedType(input).getRank();
    FailureOr<int64_t> axis =
        normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (failed(axis))
      return emitLoweringError(op, "axis out of range");
    SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
    int64_t count = op.getNumResults();
    SmallVector<OpFoldResult> parts;
    if (op.getSplit()) {
      ArrayRef<int64_t> split = *op.getSplit();
      for (int64_t part : split)
        parts.push_back(rewriter.getIndexAttr(part));
    } else if (op.getSplitInput()) {
      for (int64_t index = 0; index < count; ++index)
        parts.push_back(
            extractIndex(rewriter, loc, adaptor.getSplitInput(), index));
    } else {
      // Equal parts of ceil(dim / count), the last one what remains.
      OpFoldResult part =
          foldIndex(rewriter, loc, IndexOp::ceilDivs, inputSizes[*axis],
                    rewriter.getIndexAttr(count));
      OpFoldResult offset = rewriter.getIndexAttr(0);
      for (int64_t index = 0; index < count; ++index) {
        OpFoldResult left =
            foldIndex(rewriter, loc, IndexOp::sub, inputSizes[*axis], offset);
        parts.push_back(foldIndex(rewriter, loc, IndexOp::mins, part, left));
        offset = foldIndex(rewriter, loc, IndexOp::add, offset, part);
      }
    }
    SmallVector<Value> results;
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (auto [result, part] : llvm::zip(op.getOutputs(), parts)) {
      RankedTensorType type = convertedType(result);
      // Static result dims win over what was computed.
      if (!type.isDynamicDim(*axis))
        part = rewriter.getIndexAttr(type.getDimSize(*axis));
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[*axis] = offset;
      SmallVector<OpFoldResult> sizes = inputSizes;
      sizes[*axis] = part;
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      Value slice =
          extractSliceOrEmpty(rewriter, loc, input, offsets, sizes, strides);
      results.push_back(castToType(rewriter, loc, slice, type));
      offset = foldIndex(rewriter, loc, IndexOp::add, offset, part);
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Reverses `input` along `axes` (whose sizes are static) with a
/// linalg.generic.
Value reverseAxes(OpBuilder &b, Location loc, Value input,
                  ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < rank; ++dim) {
    AffineExpr expr = getAffineDimExpr(dim, context);
    if (llvm::is_contained(axes, dim))
      expr = getAffineConstantExpr(type.getDimSize(dim) - 1, context) - expr;
    exprs.push_back(expr);
  }
  Value init = createEmpty(b, loc, type, getSizes(b, loc, input));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return buildGeneric(
      b, loc, input, AffineMap::get(rank, 0, exprs, context),
      b.getMultiDimIdentityMap(rank), init, iterators,
      [](OpBuilder &, Location, ValueRange args) { return args.front(); });
}

struct SliceLowering : KilnPattern<SliceOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Value input = adaptor.getData();
    auto inputType = getRankedType(input);
    int64_t rank = inputType.getRank();
    Location loc = op.getLoc();
    int64_t count = getRankedType(adaptor.getStarts()).getDimSize(0);
    if (ShapedType::isDynamic(count))
      return emitLoweringError(op, "starts must have a static length");
    std::optional<SmallVector<int64_t>> constantSteps;
    if (op.getSteps())
      constantSteps = getConstantIntegers(op.getSteps());
    std::optional<SmallVector<int64_t>> constantAxes;
    if (op.getAxes())
      constantAxes = getConstantIntegers(op.getAxes());
    if ((op.getAxes() && !constantAxes) || (op.getSteps() && !constantSteps))
      return rewriteAsGather(op, adaptor, rewriter);
    SmallVector<int64_t> axes;
    if (op.getAxes()) {
      for (int64_t axis : *constantAxes) {
        FailureOr<int64_t> normalized = normalizeAxis(axis, rank);
        if (failed(normalized))
          return emitLoweringError(op, "axis out of range");
        axes.push_back(*normalized);
      }
    } else {
      for (int64_t axis = 0; axis < count; ++axis)
        axes.push_back(axis);
    }
    SmallVector<int64_t> steps(count, 1);
    if (op.getSteps())
      steps = *constantSteps;
    std::optional<SmallVector<int64_t>> starts =
        getConstantIntegers(op.getStarts());
    std::optional<SmallVector<int64_t>> ends =
        getConstantIntegers(op.getEnds());

    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<int64_t> reversed;
    for (auto [index, axis] : llvm::enumerate(axes)) {
      int64_t step = steps[index];
      if (step == 0)
        return emitLoweringError(op, "a step is 0");
      int64_t dimSize = inputType.getDimSize(axis);
      if (starts && ends && !ShapedType::isDynamic(dimSize)) {
        int64_t start = (*starts)[index], end = (*ends)[index];
        if (start < 0)
          start += dimSize;
        if (end < 0)
          end += dimSize;
        int64_t length;
        if (step > 0) {
          start = std::clamp<int64_t>(start, 0, dimSize);
          end = std::clamp<int64_t>(end, 0, dimSize);
          length = std::max<int64_t>(
              0, llvm::divideCeil(std::max<int64_t>(end - start, 0), step));
        } else {
          start = std::clamp<int64_t>(start, 0, dimSize - 1);
          end = std::clamp<int64_t>(end, -1, dimSize - 1);
          length = std::max<int64_t>(
              0, llvm::divideCeil(std::max<int64_t>(start - end, 0), -step));
        }
        if (step < 0 && length > 0) {
          // The same elements in ascending order, reversed afterwards.
          start = start + (length - 1) * step;
          reversed.push_back(axis);
        }
        offsets[axis] = rewriter.getIndexAttr(length > 0 ? start : 0);
        sizes[axis] = rewriter.getIndexAttr(length);
        strides[axis] = rewriter.getIndexAttr(std::abs(step));
        continue;
      }
      if (step < 0)
        return rewriteAsGather(op, adaptor, rewriter);
      // Run-time clamping in index arithmetic.
      auto cst = [&](int64_t v) {
        return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
      };
      Value dim = toIndexValue(rewriter, loc, sizes[axis]);
      auto boundValue = [&](std::optional<SmallVector<int64_t>> &constant,
                            Value tensor) -> Value {
        Value v;
        if (constant)
          v = cst(std::clamp<int64_t>((*constant)[index], -(int64_t(1) << 62),
                                      int64_t(1) << 62));
        else
          v = extractIndex(rewriter, loc, tensor, index);
        Value negative = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::slt, v, cst(0));
        Value shifted = arith::AddIOp::create(rewriter, loc, v, dim);
        v = arith::SelectOp::create(rewriter, loc, negative, shifted, v);
        v = arith::MaxSIOp::create(rewriter, loc, v, cst(0));
        return arith::MinSIOp::create(rewriter, loc, v, dim);
      };
      Value start = boundValue(starts, adaptor.getStarts());
      Value end = boundValue(ends, adaptor.getEnds());
      Value span = arith::SubIOp::create(rewriter, loc, end, start);
      span = arith::MaxSIOp::create(rewriter, loc, span, cst(0));
      Value length = arith::CeilDivSIOp::create(rewriter, loc, span, cst(step));
      offsets[axis] = start;
      sizes[axis] = length;
      strides[axis] = rewriter.getIndexAttr(step);
    }
    Value slice =
        extractSliceOrEmpty(rewriter, loc, input, offsets, sizes, strides);
    if (!reversed.empty()) {
      // The reversed dims have static sizes (their slice was computed
      // from constants); the others may be dynamic.
      llvm::sort(reversed);
      slice = reverseAxes(rewriter, loc, slice, reversed);
    }
    rewriter.replaceOp(
        op, castToType(rewriter, loc, slice, convertedType(op.getOutput())));
    return success();
  }

  /// The general case, where axes or steps are read at run time: for each
  /// dim, start, step and length are index values (the last axis naming a
  /// dim wins; unnamed dims keep everything), clamped as ONNX says, and a
  /// generic reads input[start + i * step].
  LogicalResult rewriteAsGather(SliceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const {
    Value input = adaptor.getData();
    int64_t rank = getRankedType(input).getRank();
    int64_t count = getRankedType(adaptor.getStarts()).getDimSize(0);
    Location loc = op.getLoc();
    auto cst = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
    };
    auto cmp = [&](arith::CmpIPredicate predicate, Value x, Value y) {
      return arith::CmpIOp::create(rewriter, loc, predicate, x, y);
    };
    auto select = [&](Value c, Value x, Value y) {
      return arith::SelectOp::create(rewriter, loc, c, x, y).getResult();
    };
    auto clamp = [&](Value v, Value low, Value high) {
      return arith::MinSIOp::create(
          rewriter, loc, arith::MaxSIOp::create(rewriter, loc, v, low), high);
    };
    // Bounds such as INT64_MAX stay far from overflow in what follows.
    Value huge = cst(int64_t(1) << 62);
    Value minusHuge = cst(-(int64_t(1) << 62));
    auto entry = [&](Value tensor, int64_t k) {
      return clamp(extractIndex(rewriter, loc, tensor, k), minusHuge, huge);
    };
    SmallVector<Value> starts, steps;
    SmallVector<OpFoldResult> lengths;
    SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
    if (adaptor.getAxes())
      assertAxesInRange(rewriter, loc, adaptor.getAxes(), rank);
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value n = toIndexValue(rewriter, loc, inputSizes[dim]);
      Value start = cst(0), end = n, step = cst(1);
      for (int64_t k = 0; k < count; ++k) {
        Value named = adaptor.getAxes()
                          ? namesAxis(rewriter, loc, adaptor.getAxes(), k,
                                      dim, rank)
                          : arith::ConstantIntOp::create(rewriter, loc,
                                                         k == dim, 1);
        start = select(named, entry(adaptor.getStarts(), k), start);
        end = select(named, entry(adaptor.getEnds(), k), end);
        if (adaptor.getSteps())
          step = select(named, entry(adaptor.getSteps(), k), step);
      }
      auto wrap = [&](Value v) {
        return select(cmp(arith::CmpIPredicate::slt, v, cst(0)),
                      arith::AddIOp::create(rewriter, loc, v, n), v);
      };
      start = wrap(start);
      end = wrap(end);
      // Forward: [0, n]; backward: start in [0, n - 1], end in [-1, n - 1].
      Value forward = cmp(arith::CmpIPredicate::sgt, step, cst(0));
      Value last = arith::SubIOp::create(rewriter, loc, n, cst(1));
      start = select(forward, clamp(start, cst(0), n),
                     clamp(start, cst(0), last));
      end = select(forward, clamp(end, cst(0), n), clamp(end, cst(-1), last));
      Value span = arith::SubIOp::create(rewriter, loc, end, start);
      Value length = arith::MaxSIOp::create(
          rewriter, loc, arith::CeilDivSIOp::create(rewriter, loc, span, step),
          cst(0));
      starts.push_back(start);
      steps.push_back(step);
      lengths.push_back(length);
    }
    RankedTensorType resultType = convertedType(op.getOutput());
    auto dynamicType = RankedTensorType::get(
        SmallVector<int64_t>(rank, ShapedType::kDynamic),
        resultType.getElementType());
    Value init = createEmpty(rewriter, loc, dynamicType, lengths);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, dynamicType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](OpBuilder &b, Location nested, ValueRange) {
          SmallVector<Value> indices;
          for (int64_t dim = 0; dim < rank; ++dim) {
            Value i = linalg::IndexOp::create(b, nested, dim);
            Value offset = arith::MulIOp::create(b, nested, i, steps[dim]);
            indices.push_back(
                arith::AddIOp::create(b, nested, starts[dim], offset));
          }
          Value element = tensor::ExtractOp::create(b, nested, input, indices);
          linalg::YieldOp::create(b, nested, element);
        });
    rewriter.replaceOp(
        op, castToType(rewriter, loc, generic.getResult(0), resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Expand, Tile, Pad
//===----------------------------------------------------------------------===//

struct ExpandLowering : KilnPattern<ExpandOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    RankedTensorType resultType = convertedType(op.getOutput());
    Value input = adaptor.getInput();
    auto inputType = getRankedType(input);
    Location loc = op.getLoc();
    int64_t rank = resultType.getRank();
    int64_t offset = rank - inputType.getRank();
    std::optional<SmallVector<int64_t>> shape =
        getConstantIntegers(op.getShape());
    int64_t shapeOffset =
        rank - getRankedType(adaptor.getShape()).getDimSize(0);
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (!resultType.isDynamicDim(dim)) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(dim)));
        continue;
      }
      // max(shape entry, input dim): one of them is 1 when both exist.
      OpFoldResult size = rewriter.getIndexAttr(1);
      if (dim - offset >= 0)
        size = getSizes(rewriter, loc, input)[dim - offset];
      if (dim - shapeOffset >= 0) {
        OpFoldResult entry =
            shape ? OpFoldResult(
                        rewriter.getIndexAttr((*shape)[dim - shapeOffset]))
                  : OpFoldResult(extractIndex(rewriter, loc, adaptor.getShape(),
                                              dim - shapeOffset));
        size = foldIndex(rewriter, loc, IndexOp::maxs, size, entry);
      }
      sizes.push_back(size);
    }
    rewriter.replaceOp(op,
                       broadcastTo(rewriter, loc, input, resultType, sizes));
    return success();
  }
};

struct TileLowering : KilnPattern<TileOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInput(), op.getOutput()})))
      return failure();
    std::optional<SmallVector<int64_t>> repeats =
        getConstantIntegers(op.getRepeats());
    Value input = adaptor.getInput();
    auto inputType = getRankedType(input);
    Location loc = op.getLoc();
    int64_t rank = inputType.getRank();
    SmallVector<OpFoldResult> repeatSizes;
    for (int64_t dim = 0; dim < rank; ++dim)
      repeatSizes.push_back(
          repeats ? OpFoldResult(rewriter.getIndexAttr((*repeats)[dim]))
                  : extractIndex(rewriter, loc, adaptor.getRepeats(), dim));
    // Broadcast to [r0, d0, r1, d1, ...], then collapse each pair.
    SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
    SmallVector<int64_t> shape;
    SmallVector<OpFoldResult> sizes;
    SmallVector<AffineExpr> exprs;
    SmallVector<ReassociationIndices> groups;
    MLIRContext *context = rewriter.getContext();
    for (int64_t dim = 0; dim < rank; ++dim) {
      shape.append({repeats ? (*repeats)[dim] : ShapedType::kDynamic,
                    inputType.getDimSize(dim)});
      sizes.append({repeatSizes[dim], inputSizes[dim]});
      exprs.push_back(getAffineDimExpr(2 * dim + 1, context));
      groups.push_back({2 * dim, 2 * dim + 1});
    }
    auto broadcastType =
        RankedTensorType::get(shape, inputType.getElementType());
    Value init = createEmpty(rewriter, loc, broadcastType, sizes);
    SmallVector<utils::IteratorType> iterators(2 * rank,
                                               utils::IteratorType::parallel);
    Value broadcast = buildGeneric(
        rewriter, loc, input, AffineMap::get(2 * rank, 0, exprs, context),
        rewriter.getMultiDimIdentityMap(2 * rank), init, iterators,
        [](OpBuilder &, Location, ValueRange args) { return args.front(); });
    rewriter.replaceOp(op, collapseTo(rewriter, loc, broadcast,
                                      convertedType(op.getOutput()), groups));
    return success();
  }
};

struct PadLowering : KilnPattern<PadOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getData(), op.getPads(), op.getOutput()})))
      return failure();
    Value input = adaptor.getData();
    auto inputType = getRankedType(input);
    int64_t rank = inputType.getRank();
    Location loc = op.getLoc();
    SmallVector<int64_t> axes;
    std::optional<SmallVector<int64_t>> given;
    if (op.getAxes())
      given = llvm::to_vector(*op.getAxes());
    else if (op.getAxesInput())
      given = getConstantIntegers(op.getAxesInput());
    Value axesInput = given ? Value() : adaptor.getAxesInput();
    if (axesInput) {
      // Axes read at run time: every dim may be padded, by the pads of the
      // axis that names it (none: 0).
      int64_t count = getRankedType(axesInput).getDimSize(0);
      if (ShapedType::isDynamic(count))
        return emitLoweringError(op, "computed axes need a static count");
      axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    } else if (given) {
      FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(*given, rank);
      if (failed(normalized) || normalized->size() != given->size())
        return emitLoweringError(op, "axes out of range or repeated");
      // Pads follow the order of the axes as given.
      for (int64_t axis : *given)
        axes.push_back(axis < 0 ? axis + rank : axis);
    } else {
      for (int64_t axis = 0; axis < rank; ++axis)
        axes.push_back(axis);
    }
    int64_t padded = axesInput ? getRankedType(axesInput).getDimSize(0)
                               : static_cast<int64_t>(axes.size());
    if (getRankedType(adaptor.getPads()).getDimSize(0) != 2 * padded)
      return emitLoweringError(op, "pads must hold two entries per axis");
    // Pads as constants, or read at run time.
    std::optional<SmallVector<int64_t>> constant =
        getConstantIntegers(op.getPads());
    auto padAt = [&](int64_t index) -> OpFoldResult {
      if (constant)
        return rewriter.getIndexAttr((*constant)[index]);
      return extractIndex(rewriter, loc, adaptor.getPads(), index);
    };
    SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> high(rank, rewriter.getIndexAttr(0));
    if (axesInput) {
      assertAxesInRange(rewriter, loc, axesInput, rank);
      for (int64_t k = 0; k < padded; ++k)
        for (int64_t dim = 0; dim < rank; ++dim) {
          Value named = namesAxis(rewriter, loc, axesInput, k, dim, rank);
          low[dim] = selectIndex(rewriter, loc, named, padAt(k), low[dim]);
          high[dim] =
              selectIndex(rewriter, loc, named, padAt(k + padded), high[dim]);
        }
      constant.reset(); // the pads are per axis, not per dim
    } else {
      for (auto [index, axis] : llvm::enumerate(axes)) {
        low[axis] = padAt(index);
        high[axis] = padAt(index + axes.size());
      }
    }
    // Negative pads crop first: crop max(-p, 0), then pad max(p, 0).
    OpFoldResult zero = rewriter.getIndexAttr(0);
    bool crop =
        !constant || llvm::any_of(*constant, [](int64_t p) { return p < 0; });
    if (crop) {
      SmallVector<OpFoldResult> offsets, sizes = getSizes(rewriter, loc, input);
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      for (int64_t dim = 0; dim < rank; ++dim) {
        OpFoldResult cropLow =
            foldIndex(rewriter, loc, IndexOp::maxs, zero,
                      foldIndex(rewriter, loc, IndexOp::sub, zero, low[dim]));
        OpFoldResult cropHigh =
            foldIndex(rewriter, loc, IndexOp::maxs, zero,
                      foldIndex(rewriter, loc, IndexOp::sub, zero, high[dim]));
        offsets.push_back(cropLow);
        sizes[dim] = foldIndex(
            rewriter, loc, IndexOp::sub, sizes[dim],
            foldIndex(rewriter, loc, IndexOp::add, cropLow, cropHigh));
        low[dim] = foldIndex(rewriter, loc, IndexOp::maxs, zero, low[dim]);
        high[dim] = foldIndex(rewriter, loc, IndexOp::maxs, zero, high[dim]);
      }
      input =
          extractSliceOrEmpty(rewriter, loc, input, offsets, sizes, strides);
      inputType = getRankedType(input);
    }
    RankedTensorType resultType = convertedType(op.getOutput());
    Type elementType = resultType.getElementType();
    StringRef mode = op.getMode();
    if (mode == "constant") {
      Value value =
          adaptor.getConstantValue()
              ? extractScalar(rewriter, loc, adaptor.getConstantValue())
              : createConstant(rewriter, loc, elementType, 0);
      Value padded =
          tensor::PadOp::create(rewriter, loc, Type(), input, low, high, value);
      rewriter.replaceOp(op, castToType(rewriter, loc, padded, resultType));
      return success();
    }
    if (mode != "reflect" && mode != "edge" && mode != "wrap")
      return emitLoweringError(op, "unknown mode '" + mode + "'");
    // Each result element reads the input at a computed index.
    SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < rank; ++dim)
      sizes.push_back(foldIndex(
          rewriter, loc, IndexOp::add, inputSizes[dim],
          foldIndex(rewriter, loc, IndexOp::add, low[dim], high[dim])));
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!resultType.isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType.getDimSize(dim));
    SmallVector<Value> lowValues;
    for (OpFoldResult l : low)
      lowValues.push_back(toIndexValue(rewriter, loc, l));
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](OpBuilder &b, Location nested, ValueRange) {
          auto cst = [&](int64_t v) {
            return arith::ConstantIndexOp::create(b, nested, v).getResult();
          };
          SmallVector<Value> indices;
          for (int64_t dim = 0; dim < rank; ++dim) {
            Value i = linalg::IndexOp::create(b, nested, dim);
            i = arith::SubIOp::create(b, nested, i, lowValues[dim]);
            Value n = toIndexValue(b, nested, inputSizes[dim]);
            Value last = arith::SubIOp::create(b, nested, n, cst(1));
            if (mode == "edge") {
              i = arith::MaxSIOp::create(b, nested, i, cst(0));
              i = arith::MinSIOp::create(b, nested, i, last);
            } else if (mode == "reflect") {
              // -i before the start, 2 (n - 1) - i past the end.
              Value neg = arith::SubIOp::create(b, nested, cst(0), i);
              i = arith::MaxSIOp::create(b, nested, i, neg);
              Value twice = arith::MulIOp::create(b, nested, last, cst(2));
              Value mirrored = arith::SubIOp::create(b, nested, twice, i);
              i = arith::MinSIOp::create(b, nested, i, mirrored);
            } else {
              Value rem = arith::RemSIOp::create(b, nested, i, n);
              Value shifted = arith::AddIOp::create(b, nested, rem, n);
              i = arith::RemSIOp::create(b, nested, shifted, n);
            }
            indices.push_back(i);
          }
          Value element = tensor::ExtractOp::create(b, nested, input, indices);
          linalg::YieldOp::create(b, nested, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct CenterCropPadLowering : KilnPattern<CenterCropPadOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(CenterCropPadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getInputData(), op.getOutputData()})))
      return failure();
    Value input = adaptor.getInputData();
    auto inputType = getRankedType(input);
    int64_t rank = inputType.getRank();
    Location loc = op.getLoc();
    SmallVector<int64_t> axes;
    if (op.getAxes()) {
      ArrayRef<int64_t> given = *op.getAxes();
      for (int64_t axis : given) {
        FailureOr<int64_t> normalized = normalizeAxis(axis, rank);
        if (failed(normalized))
          return emitLoweringError(op, "axis out of range");
        axes.push_back(*normalized);
      }
    } else {
      axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    }
    if (getRankedType(adaptor.getShape()).getDimSize(0) !=
        static_cast<int64_t>(axes.size()))
      return emitLoweringError(op, "shape must hold one size per axis");
    // Crop the dims that shrink (centered, the extra element at the end),
    // then zero-pad those that grow (the extra element at the end). With a
    // shape read at run time, both steps apply with sizes computed then.
    std::optional<SmallVector<int64_t>> shape =
        getConstantIntegers(op.getShape());
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> high(rank, rewriter.getIndexAttr(0));
    bool crop = !shape, pad = !shape;
    OpFoldResult zero = rewriter.getIndexAttr(0), two = rewriter.getIndexAttr(2);
    for (auto [index, axis] : llvm::enumerate(axes)) {
      OpFoldResult size = sizes[axis];
      OpFoldResult target =
          shape ? OpFoldResult(rewriter.getIndexAttr((*shape)[index]))
                : extractIndex(rewriter, loc, adaptor.getShape(), index);
      auto fold = [&](IndexOp kind, OpFoldResult x, OpFoldResult y) {
        return foldIndex(rewriter, loc, kind, x, y);
      };
      OpFoldResult shrink =
          fold(IndexOp::maxs, zero, fold(IndexOp::sub, size, target));
      OpFoldResult grow =
          fold(IndexOp::maxs, zero, fold(IndexOp::sub, target, size));
      offsets[axis] = fold(IndexOp::divs, shrink, two);
      sizes[axis] = fold(IndexOp::mins, size, target);
      low[axis] = fold(IndexOp::divs, grow, two);
      high[axis] = fold(IndexOp::sub, grow, low[axis]);
      crop |= !isConstantIntValue(shrink, 0);
      pad |= !isConstantIntValue(grow, 0);
    }
    Value result = input;
    if (crop)
      result =
          extractSliceOrEmpty(rewriter, loc, result, offsets, sizes, strides);
    RankedTensorType resultType = convertedType(op.getOutputData());
    if (pad)
      result = tensor::PadOp::create(
          rewriter, loc, Type(), result, low, high,
          createConstant(rewriter, loc, resultType.getElementType(), 0));
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateTensorLoweringPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns
      .add<CenterCropPadLowering, ConcatLowering, ConstantLowering,
           DepthToSpaceLowering, ExpandLowering, FlattenLowering,
           IdentityLowering, PadLowering, ReshapeLowering, ShapeLowering,
           SizeLowering, SliceLowering, SpaceToDepthLowering, SplitLowering,
           SqueezeLowering, TileLowering, TransposeLowering, UnsqueezeLowering>(
          converter, patterns.getContext());
}
