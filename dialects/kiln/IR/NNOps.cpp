// SPDX-License-Identifier: Apache-2.0
//===- NNOps.cpp - resampling and detection type inference ----------------===//
//
// Resize, GridSample, AffineGrid, RoiAlign and NonMaxSuppression. The other
// nn ops live in NNConvOps.cpp, NNNormOps.cpp and NNSequenceOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallSet.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

/// Checks that the string attribute `name` is one of `allowed`.
static LogicalResult checkOneOf(Operation *op, StringRef name, StringRef value,
                                ArrayRef<StringRef> allowed) {
  if (llvm::is_contained(allowed, value))
    return success();
  InFlightDiagnostic diag = op->emitOpError() << name << " must be one of ";
  llvm::interleaveComma(allowed, diag,
                        [&](StringRef s) { diag << "'" << s << "'"; });
  return diag << ", got '" << value << "'";
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

/// Whether `value`'s type statically has no elements (an "absent" input of
/// opset 11 models).
static bool isKnownEmpty(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getNumElements() == 0;
}

/// The floats held by `value` when a constant defines it.
static std::optional<SmallVector<double>> getConstantFloats(Value value) {
  DenseFPElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> result;
  for (const APFloat &element : attr.getValues<APFloat>())
    result.push_back(element.convertToDouble());
  return result;
}

LogicalResult ResizeOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, "resize input must be a tensor");
  Type elementType = xType.getElementType();
  Value scales = adaptor.getScales();
  Value sizes = adaptor.getSizes();
  if (scales && isKnownEmpty(scales))
    scales = nullptr;
  if (sizes && isKnownEmpty(sizes))
    sizes = nullptr;
  if (bool(scales) == bool(sizes))
    return emitOptionalError(loc, "resize needs exactly one of scales and "
                                  "sizes");
  if (scales && adaptor.getKeepAspectRatioPolicy() != "stretch")
    return emitOptionalError(loc, "resize keep_aspect_ratio_policy ",
                             adaptor.getKeepAspectRatioPolicy(),
                             " needs sizes, not scales");
  Value given = scales ? scales : sizes;
  StringRef givenName = scales ? "scales" : "sizes";
  if (std::optional<int64_t> rank = getRank(given); rank && *rank != 1)
    return emitOptionalError(loc, "resize ", givenName, " must be 1-D, got ",
                             given.getType());
  int64_t numGiven = getDim(given.getType(), 0);

  std::optional<ArrayRef<int64_t>> axesAttr = adaptor.getAxes();
  int64_t rank;
  if (xType.hasRank())
    rank = xType.getRank();
  else if (!axesAttr && !ShapedType::isDynamic(numGiven))
    rank = numGiven;
  else {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }

  // The resized axes, in the order of scales/sizes.
  SmallVector<int64_t> axes;
  if (axesAttr) {
    llvm::SmallSet<int64_t, 4> seen;
    for (int64_t axis : *axesAttr) {
      FailureOr<int64_t> resolved = normalizeAxis(axis, rank);
      if (failed(resolved))
        return emitOptionalError(loc, "resize axis ", axis,
                                 " is out of range for rank ", rank);
      if (!seen.insert(*resolved).second)
        return emitOptionalError(loc, "resize axis ", axis, " is repeated");
      axes.push_back(*resolved);
    }
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  int64_t numAxes = axes.size();
  if (!ShapedType::isDynamic(numGiven) && numGiven != numAxes)
    return emitOptionalError(loc, "resize ", givenName, " has ", numGiven,
                             " values, expected ", numAxes, " (one per axis)");

  SmallVector<int64_t> inputShape =
      xType.hasRank() ? SmallVector<int64_t>(xType.getShape())
                      : SmallVector<int64_t>(rank, ShapedType::kDynamic);
  SmallVector<int64_t> shape = inputShape;
  for (int64_t axis : axes)
    shape[axis] = ShapedType::kDynamic;

  if (sizes) {
    if (std::optional<SmallVector<int64_t>> values =
            getConstantIntegers(sizes)) {
      if (static_cast<int64_t>(values->size()) != numAxes)
        return emitOptionalError(loc, "resize sizes has ", values->size(),
                                 " values, expected ", numAxes);
      if (llvm::any_of(*values, [](int64_t v) { return v < 0; }))
        return emitOptionalError(loc, "resize sizes must not be negative");
      StringRef policy = adaptor.getKeepAspectRatioPolicy();
      if (policy == "stretch") {
        for (auto [axis, size] : llvm::zip(axes, *values))
          shape[axis] = size;
      } else if (llvm::none_of(axes, [&](int64_t axis) {
                   return ShapedType::isDynamic(inputShape[axis]);
                 })) {
        // One scale for all axes keeps the aspect ratio.
        bool notLarger = policy == "not_larger";
        double scale = notLarger ? std::numeric_limits<double>::max()
                                 : std::numeric_limits<double>::lowest();
        for (auto [axis, size] : llvm::zip(axes, *values)) {
          double ratio =
              static_cast<double>(size) / static_cast<double>(inputShape[axis]);
          scale = notLarger ? std::min(scale, ratio) : std::max(scale, ratio);
        }
        for (int64_t axis : axes)
          shape[axis] = static_cast<int64_t>(
              std::round(scale * static_cast<double>(inputShape[axis])));
      }
    }
  } else if (std::optional<SmallVector<double>> values =
                 getConstantFloats(scales)) {
    if (static_cast<int64_t>(values->size()) != numAxes)
      return emitOptionalError(loc, "resize scales has ", values->size(),
                               " values, expected ", numAxes);
    for (auto [axis, scale] : llvm::zip(axes, *values)) {
      if (!(scale > 0))
        return emitOptionalError(loc, "resize scales must be positive, got ",
                                 scale);
      if (!ShapedType::isDynamic(inputShape[axis]))
        shape[axis] = static_cast<int64_t>(
            std::floor(static_cast<double>(inputShape[axis]) * scale));
    }
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult ResizeOp::verify() {
  if (failed(checkOneOf(*this, "mode", getMode(),
                        {"nearest", "linear", "cubic"})) ||
      failed(checkOneOf(*this, "coordinate_transformation_mode",
                        getCoordinateTransformationMode(),
                        {"half_pixel", "half_pixel_symmetric",
                         "pytorch_half_pixel", "align_corners", "asymmetric",
                         "tf_crop_and_resize", "tf_half_pixel_for_nn"})) ||
      failed(checkOneOf(
          *this, "nearest_mode", getNearestMode(),
          {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"})) ||
      failed(checkOneOf(*this, "keep_aspect_ratio_policy",
                        getKeepAspectRatioPolicy(),
                        {"stretch", "not_larger", "not_smaller"})) ||
      failed(verifyFlag(*this, "antialias", getAntialias())) ||
      failed(verifyFlag(*this, "exclude_outside", getExcludeOutside())))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

LogicalResult GridSampleOp::inferResultTypes(MLIRContext *context,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto gridType = dyn_cast<TensorType>(adaptor.getGrid().getType());
  if (!xType || !gridType)
    return emitOptionalError(loc, "grid_sample operands must be tensors");
  Type elementType = xType.getElementType();
  std::optional<int64_t> xRank = getRank(adaptor.getX());
  std::optional<int64_t> gridRank = getRank(adaptor.getGrid());
  if (xRank && gridRank && *xRank != *gridRank)
    return emitOptionalError(loc,
                             "grid_sample input and grid ranks differ: ", xType,
                             " and ", gridType);
  std::optional<int64_t> rank = xRank ? xRank : gridRank;
  if (!rank) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (*rank < 3)
    return emitOptionalError(loc, "grid_sample needs inputs of rank >= 3, got ",
                             *rank);
  // grid is [N, O1, ..., Or, r] with r spatial dims.
  int64_t numSpatial = *rank - 2;
  int64_t last = getDim(gridType, *rank - 1);
  if (!ShapedType::isDynamic(last) && last != numSpatial)
    return emitOptionalError(loc, "grid_sample grid's last dim must be ",
                             numSpatial, " (the number of spatial dims), got ",
                             gridType);
  int64_t batch = getDim(xType, 0);
  if (failed(mergeDim(batch, getDim(gridType, 0))))
    return emitOptionalError(loc, "grid_sample batch sizes differ: ", xType,
                             " and ", gridType);
  SmallVector<int64_t> shape = {batch, getDim(xType, 1)};
  for (int64_t i = 0; i < numSpatial; ++i)
    shape.push_back(getDim(gridType, i + 1));
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult GridSampleOp::verify() {
  if (failed(checkOneOf(*this, "mode", getMode(),
                        {"linear", "nearest", "cubic"})) ||
      failed(checkOneOf(*this, "padding_mode", getPaddingMode(),
                        {"zeros", "border", "reflection"})) ||
      failed(verifyFlag(*this, "align_corners", getAlignCorners())))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// AffineGrid
//===----------------------------------------------------------------------===//

LogicalResult AffineGridOp::inferResultTypes(MLIRContext *context,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto thetaType = dyn_cast<TensorType>(adaptor.getTheta().getType());
  auto sizeType = dyn_cast<TensorType>(adaptor.getSize().getType());
  if (!thetaType || !sizeType)
    return emitOptionalError(loc, "affine_grid operands must be tensors");
  Type elementType = thetaType.getElementType();
  if (std::optional<int64_t> rank = getRank(adaptor.getTheta());
      rank && *rank != 3)
    return emitOptionalError(loc, "affine_grid theta must be 3-D, got ",
                             thetaType);
  if (std::optional<int64_t> rank = getRank(adaptor.getSize());
      rank && *rank != 1)
    return emitOptionalError(loc, "affine_grid size must be 1-D, got ",
                             sizeType);

  // theta is [N, r, r + 1]; size holds (N, C, D1, ..., Dr); r is 2 or 3.
  int64_t numSpatial = ShapedType::kDynamic;
  bool ok = succeeded(mergeDim(numSpatial, getDim(thetaType, 1)));
  int64_t thetaCols = getDim(thetaType, 2);
  ok = ok && succeeded(mergeDim(numSpatial, ShapedType::isDynamic(thetaCols)
                                                ? thetaCols
                                                : thetaCols - 1));
  int64_t sizeLength = getDim(sizeType, 0);
  ok = ok && succeeded(mergeDim(numSpatial, ShapedType::isDynamic(sizeLength)
                                                ? sizeLength
                                                : sizeLength - 2));
  if (!ok || (!ShapedType::isDynamic(numSpatial) && numSpatial != 2 &&
              numSpatial != 3))
    return emitOptionalError(loc,
                             "affine_grid needs theta N x 2 x 3 with 4 sizes "
                             "or N x 3 x 4 with 5 sizes, got ",
                             thetaType, " and ", sizeType);
  std::optional<SmallVector<int64_t>> sizes =
      getConstantIntegers(adaptor.getSize());
  if (sizes) {
    int64_t fromSizes = static_cast<int64_t>(sizes->size()) - 2;
    if (failed(mergeDim(numSpatial, fromSizes)) ||
        (numSpatial != 2 && numSpatial != 3))
      return emitOptionalError(loc,
                               "affine_grid size must hold 4 or 5 "
                               "values matching theta, got ",
                               sizes->size());
    if (llvm::any_of(*sizes, [](int64_t v) { return v < 0; }))
      return emitOptionalError(loc, "affine_grid sizes must not be negative");
  }
  if (ShapedType::isDynamic(numSpatial)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t batch = getDim(thetaType, 0);
  if (sizes && failed(mergeDim(batch, (*sizes)[0])))
    return emitOptionalError(loc, "affine_grid size's batch ", (*sizes)[0],
                             " differs from theta's ", thetaType);
  SmallVector<int64_t> shape = {batch};
  for (int64_t i = 0; i < numSpatial; ++i)
    shape.push_back(sizes ? (*sizes)[i + 2] : ShapedType::kDynamic);
  shape.push_back(numSpatial);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// RoiAlign
//===----------------------------------------------------------------------===//

LogicalResult RoiAlignOp::inferResultTypes(MLIRContext *context,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType || !isa<TensorType>(adaptor.getRois().getType()) ||
      !isa<TensorType>(adaptor.getBatchIndices().getType()))
    return emitOptionalError(loc, "roi_align operands must be tensors");
  // X: [N, C, H, W], rois: [num_rois, 4], batch_indices: [num_rois].
  int64_t batch = ShapedType::kDynamic, channels = ShapedType::kDynamic,
          height = ShapedType::kDynamic, width = ShapedType::kDynamic,
          numRois = ShapedType::kDynamic, four = 4;
  if (failed(matchShape(loc, "roi_align", "X", adaptor.getX(),
                        {&batch, &channels, &height, &width})) ||
      failed(matchShape(loc, "roi_align", "rois", adaptor.getRois(),
                        {&numRois, &four})) ||
      failed(matchShape(loc, "roi_align", "batch_indices",
                        adaptor.getBatchIndices(), {&numRois})))
    return failure();
  int64_t outputHeight = adaptor.getOutputHeight();
  int64_t outputWidth = adaptor.getOutputWidth();
  if (outputHeight < 1 || outputWidth < 1)
    return emitOptionalError(loc,
                             "roi_align output_height and output_width "
                             "must be >= 1, got ",
                             outputHeight, " and ", outputWidth);
  inferred.push_back(RankedTensorType::get(
      {numRois, channels, outputHeight, outputWidth}, xType.getElementType()));
  return success();
}

LogicalResult RoiAlignOp::verify() {
  if (failed(checkOneOf(*this, "mode", getMode(), {"avg", "max"})) ||
      failed(checkOneOf(*this, "coordinate_transformation_mode",
                        getCoordinateTransformationMode(),
                        {"half_pixel", "output_half_pixel"})))
    return failure();
  if (static_cast<int64_t>(getSamplingRatio()) < 0)
    return emitOpError() << "sampling_ratio must be >= 0, got "
                         << static_cast<int64_t>(getSamplingRatio());
  return success();
}

//===----------------------------------------------------------------------===//
// NonMaxSuppression
//===----------------------------------------------------------------------===//

LogicalResult NonMaxSuppressionOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  // boxes: [num_batches, spatial, 4], scores: [num_batches, classes, spatial].
  int64_t batches = ShapedType::kDynamic, spatial = ShapedType::kDynamic,
          classes = ShapedType::kDynamic, four = 4;
  if (failed(matchShape(loc, "non_max_suppression", "boxes", adaptor.getBoxes(),
                        {&batches, &spatial, &four})) ||
      failed(matchShape(loc, "non_max_suppression", "scores",
                        adaptor.getScores(), {&batches, &classes, &spatial})))
    return failure();
  // The thresholds are scalars or 1-element vectors.
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"max_output_boxes_per_class",
                                    adaptor.getMaxOutputBoxesPerClass()},
        {"iou_threshold", adaptor.getIouThreshold()},
        {"score_threshold", adaptor.getScoreThreshold()}}) {
    if (!value)
      continue;
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (type &&
        (type.getRank() > 1 || (type.getRank() == 1 && !type.isDynamicDim(0) &&
                                type.getDimSize(0) != 1)))
      return emitOptionalError(loc, "non_max_suppression ", name,
                               " must hold one value, got ", type);
  }
  inferred.push_back(RankedTensorType::get({ShapedType::kDynamic, 3},
                                           IntegerType::get(context, 64)));
  return success();
}

LogicalResult NonMaxSuppressionOp::verify() {
  return verifyFlag(*this, "center_point_box", getCenterPointBox());
}
