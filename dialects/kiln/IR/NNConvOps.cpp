// SPDX-License-Identifier: Apache-2.0
//===- NNConvOps.cpp - convolution and pooling type inference -------------===//
//
// Output shapes of the sliding-window ops follow ONNX's
// convPoolShapeInference: `auto_pad` SAME_* pads are derived from the input
// size, `ceil_mode` rounds up but drops a window that would start inside the
// end padding, and a missing `kernel_shape` comes from the filter's spatial
// dims.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Sliding windows
//===----------------------------------------------------------------------===//

namespace {
/// The window attributes of a convolution or pooling op as declared.
struct WindowAttrs {
  std::optional<ArrayRef<int64_t>> kernelShape;
  std::optional<ArrayRef<int64_t>> strides;
  std::optional<ArrayRef<int64_t>> dilations;
  std::optional<ArrayRef<int64_t>> pads;
  StringRef autoPad = "NOTSET";
  bool ceilMode = false;
};

/// The window of each spatial dim after ONNX defaults. `kernel` entries are
/// dynamic where the filter's spatial dim is.
struct Window {
  SmallVector<int64_t> kernel;
  SmallVector<int64_t> strides;
  SmallVector<int64_t> dilations;
  /// [x1_begin, ..., xn_begin, x1_end, ..., xn_end]; zeros unless explicit.
  SmallVector<int64_t> pads;
  bool explicitPads = false;
  StringRef autoPad;
  bool ceilMode = false;
};
} // namespace

/// Whether `a` and `b` are static and differ.
static bool staticDimsDiffer(int64_t a, int64_t b) {
  return !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b;
}

/// Checks the list attribute `name`: `size` entries (when `size` >= 0), each
/// at least `minValue`. Fills `out` with it, or with `size` copies of
/// `defaultValue` when it is absent.
static LogicalResult getWindowList(std::optional<Location> loc,
                                   StringRef opName, StringRef name,
                                   std::optional<ArrayRef<int64_t>> attr,
                                   int64_t size, int64_t minValue,
                                   int64_t defaultValue,
                                   SmallVectorImpl<int64_t> &out) {
  if (!attr) {
    out.assign(std::max<int64_t>(size, 0), defaultValue);
    return success();
  }
  if (size >= 0 && static_cast<int64_t>(attr->size()) != size)
    return emitOptionalError(loc, opName, " ", name, " has ", attr->size(),
                             " values, expected ", size);
  for (int64_t value : *attr)
    if (value < minValue)
      return emitOptionalError(loc, opName, " ", name,
                               " values must be >= ", minValue, ", got ",
                               value);
  out.assign(attr->begin(), attr->end());
  return success();
}

/// Checks `auto_pad` and that explicit `pads` do not contradict it.
static LogicalResult checkAutoPad(std::optional<Location> loc, StringRef opName,
                                  StringRef autoPad,
                                  std::optional<ArrayRef<int64_t>> pads) {
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return emitOptionalError(
        loc, opName,
        " auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '",
        autoPad, "'");
  if (!pads || autoPad == "NOTSET")
    return success();
  if (autoPad == "VALID" && llvm::all_of(*pads, [](int64_t p) { return !p; }))
    return success();
  return emitOptionalError(loc, opName,
                           " pads cannot be combined with auto_pad ", autoPad);
}

/// Resolves the window of `numSpatial` dims (-1 when unknown: only values
/// are checked). `filterKernel` holds the filter's spatial dims for ops whose
/// `kernel_shape` may be omitted, and is empty for pooling.
static LogicalResult
resolveWindow(std::optional<Location> loc, StringRef opName,
              const WindowAttrs &attrs, int64_t numSpatial,
              std::optional<ArrayRef<int64_t>> filterKernel, Window &window) {
  if (failed(checkAutoPad(loc, opName, attrs.autoPad, attrs.pads)))
    return failure();
  window.autoPad = attrs.autoPad;
  window.ceilMode = attrs.ceilMode;
  window.explicitPads = attrs.pads.has_value();
  if (failed(getWindowList(loc, opName, "kernel_shape", attrs.kernelShape,
                           numSpatial, 1, ShapedType::kDynamic,
                           window.kernel)) ||
      failed(getWindowList(loc, opName, "strides", attrs.strides, numSpatial, 1,
                           1, window.strides)) ||
      failed(getWindowList(loc, opName, "dilations", attrs.dilations,
                           numSpatial, 1, 1, window.dilations)) ||
      failed(getWindowList(loc, opName, "pads", attrs.pads,
                           numSpatial < 0 ? -1 : 2 * numSpatial, 0, 0,
                           window.pads)))
    return failure();
  if (numSpatial < 0 || !filterKernel)
    return success();
  if (static_cast<int64_t>(filterKernel->size()) != numSpatial)
    return emitOptionalError(loc, opName, " filter has ", filterKernel->size(),
                             " spatial dims, input has ", numSpatial);
  for (auto [index, dim] : llvm::enumerate(*filterKernel)) {
    int64_t &kernel = window.kernel[index];
    if (staticDimsDiffer(kernel, dim))
      return emitOptionalError(loc, opName, " kernel_shape[", index,
                               "] = ", kernel,
                               " differs from the filter's dim ", dim);
    if (ShapedType::isDynamic(kernel))
      kernel = dim;
  }
  return success();
}

/// The begin and end pads auto_pad SAME_UPPER or SAME_LOWER gives an input of
/// size `input`: the output has ceil(input / stride) elements.
static std::pair<int64_t, int64_t> getSamePads(StringRef autoPad,
                                               int64_t input, int64_t stride,
                                               int64_t effectiveKernel) {
  int64_t residual = input % stride;
  int64_t total = std::max<int64_t>(
      residual == 0 ? effectiveKernel - stride : effectiveKernel - residual, 0);
  int64_t small = total / 2;
  int64_t begin = autoPad == "SAME_UPPER" ? small : total - small;
  return {begin, total - begin};
}

/// The output size of spatial dim `i` of `window` over an input of size
/// `input`; dynamic where the input or kernel size is.
static FailureOr<int64_t> getWindowOutputSize(std::optional<Location> loc,
                                              StringRef opName,
                                              const Window &window, size_t i,
                                              int64_t input) {
  int64_t kernel = window.kernel[i];
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernel))
    return ShapedType::kDynamic;
  int64_t stride = window.strides[i];
  int64_t effectiveKernel = (kernel - 1) * window.dilations[i] + 1;
  size_t numSpatial = window.kernel.size();
  int64_t padBegin = window.pads[i];
  int64_t padEnd = window.pads[i + numSpatial];
  if (!window.explicitPads && window.autoPad.starts_with("SAME"))
    std::tie(padBegin, padEnd) =
        getSamePads(window.autoPad, input, stride, effectiveKernel);
  int64_t paddedInput = input + padBegin + padEnd;
  int64_t numerator = paddedInput - effectiveKernel;
  if (numerator < 0)
    return emitOptionalError(loc, opName, " window of ", effectiveKernel,
                             " elements (dilated kernel) exceeds the padded "
                             "input size ",
                             paddedInput, " of spatial dim ", i);
  if (window.ceilMode)
    numerator += stride - 1;
  int64_t output = numerator / stride + 1;
  // PyTorch drops a last window that would start inside the end padding.
  if (window.ceilMode && (output - 1) * stride >= input + padBegin)
    --output;
  return output;
}

/// The explicit begin and end pads of spatial dim `i` of `window` over a
/// static input of size `input`, with auto_pad and ceil_mode resolved.
static std::pair<int64_t, int64_t>
getExplicitPads(const Window &window, size_t i, int64_t input) {
  size_t numSpatial = window.kernel.size();
  int64_t stride = window.strides[i];
  int64_t effectiveKernel = (window.kernel[i] - 1) * window.dilations[i] + 1;
  int64_t padBegin = window.pads[i];
  int64_t padEnd = window.pads[i + numSpatial];
  if (!window.explicitPads && window.autoPad.starts_with("SAME"))
    std::tie(padBegin, padEnd) =
        getSamePads(window.autoPad, input, stride, effectiveKernel);
  if (window.ceilMode) {
    FailureOr<int64_t> output =
        getWindowOutputSize(std::nullopt, "", window, i, input);
    if (succeeded(output))
      padEnd = std::max(padEnd, (*output - 1) * stride + effectiveKernel -
                                    input - padBegin);
  }
  return {padBegin, padEnd};
}

/// Appends the output sizes of all spatial dims of `inputType` (from dim 2).
static LogicalResult appendWindowOutputSizes(std::optional<Location> loc,
                                             StringRef opName,
                                             const Window &window,
                                             Type inputType,
                                             SmallVectorImpl<int64_t> &shape) {
  for (size_t i = 0, e = window.kernel.size(); i < e; ++i) {
    FailureOr<int64_t> size =
        getWindowOutputSize(loc, opName, window, i, getDim(inputType, i + 2));
    if (failed(size))
      return failure();
    shape.push_back(*size);
  }
  return success();
}

/// The rank of a window op's result: that of the first ranked type in
/// `types`, else the kernel's rank + 2 if known.
static std::optional<int64_t>
getWindowRank(TypeRange types, std::optional<ArrayRef<int64_t>> kernelShape) {
  for (Type type : types)
    if (std::optional<int64_t> rank = getRank(type))
      return rank;
  if (kernelShape)
    return kernelShape->size() + 2;
  return std::nullopt;
}

/// Checks that each ranked type in `types` has `rank`, which is at least 3.
static LogicalResult
checkWindowRanks(std::optional<Location> loc, StringRef opName, int64_t rank,
                 ArrayRef<std::pair<StringRef, Type>> types) {
  if (rank < 3)
    return emitOptionalError(loc, opName,
                             " needs inputs of rank >= 3 (N x C x D1 ...), "
                             "got rank ",
                             rank);
  for (auto [name, type] : types)
    if (std::optional<int64_t> typeRank = getRank(type);
        typeRank && *typeRank != rank)
      return emitOptionalError(loc, opName, " ", name, " has rank ", *typeRank,
                               ", expected ", rank, ": ", type);
  return success();
}

/// Checks that the optional bias `bias` is a vector of `size` elements.
static LogicalResult checkBias(std::optional<Location> loc, StringRef opName,
                               Value bias, int64_t size) {
  if (!bias)
    return success();
  std::optional<int64_t> rank = getRank(bias.getType());
  if (rank && *rank != 1)
    return emitOptionalError(loc, opName, " bias must be 1-D, got ",
                             bias.getType());
  if (staticDimsDiffer(getDim(bias.getType(), 0), size))
    return emitOptionalError(loc, opName, " bias has ",
                             getDim(bias.getType(), 0), " elements, expected ",
                             size);
  return success();
}

/// The spatial dims of a filter type, if ranked.
static std::optional<SmallVector<int64_t>> getFilterKernel(Type filterType) {
  auto ranked = dyn_cast<RankedTensorType>(filterType);
  if (!ranked || ranked.getRank() < 2)
    return std::nullopt;
  return SmallVector<int64_t>(ranked.getShape().drop_front(2));
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

LogicalResult ConvOp::inferResultTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto wType = dyn_cast<TensorType>(adaptor.getW().getType());
  if (!xType || !wType)
    return emitOptionalError(loc, "conv operands must be tensors");
  Type elementType = xType.getElementType();
  int64_t group = adaptor.getGroup();
  if (group < 1)
    return emitOptionalError(loc, "conv group must be >= 1, got ", group);

  WindowAttrs attrs{adaptor.getKernelShape(), adaptor.getStrides(),
                    adaptor.getDilations(),   adaptor.getPads(),
                    adaptor.getAutoPad(),     false};
  std::optional<int64_t> rank =
      getWindowRank({xType, wType}, adaptor.getKernelShape());
  Window window;
  if (!rank) {
    if (failed(resolveWindow(loc, "conv", attrs, -1, std::nullopt, window)))
      return failure();
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (failed(
          checkWindowRanks(loc, "conv", *rank, {{"X", xType}, {"W", wType}})))
    return failure();
  std::optional<SmallVector<int64_t>> filterKernel = getFilterKernel(wType);
  if (failed(resolveWindow(loc, "conv", attrs, *rank - 2,
                           filterKernel
                               ? std::optional<ArrayRef<int64_t>>(*filterKernel)
                               : std::nullopt,
                           window)))
    return failure();

  int64_t channels = getDim(xType, 1);
  int64_t filterChannels = getDim(wType, 1);
  int64_t numFilters = getDim(wType, 0);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) &&
      channels != filterChannels * group)
    return emitOptionalError(loc, "conv input has ", channels,
                             " channels, expected filter channels (",
                             filterChannels, ") * group (", group, ")");
  if (!ShapedType::isDynamic(numFilters) && numFilters % group != 0)
    return emitOptionalError(loc, "conv filter count ", numFilters,
                             " is not a multiple of group ", group);
  if (failed(checkBias(loc, "conv", adaptor.getB(), numFilters)))
    return failure();

  SmallVector<int64_t> shape = {getDim(xType, 0), numFilters};
  if (failed(appendWindowOutputSizes(loc, "conv", window, xType, shape)))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// ConvTranspose
//===----------------------------------------------------------------------===//

LogicalResult
ConvTransposeOp::inferResultTypes(MLIRContext *context,
                                  std::optional<Location> loc, Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto wType = dyn_cast<TensorType>(adaptor.getW().getType());
  if (!xType || !wType)
    return emitOptionalError(loc, "conv_transpose operands must be tensors");
  Type elementType = xType.getElementType();
  int64_t group = adaptor.getGroup();
  if (group < 1)
    return emitOptionalError(loc, "conv_transpose group must be >= 1, got ",
                             group);

  WindowAttrs attrs{adaptor.getKernelShape(), adaptor.getStrides(),
                    adaptor.getDilations(),   adaptor.getPads(),
                    adaptor.getAutoPad(),     false};
  std::optional<int64_t> rank =
      getWindowRank({xType, wType}, adaptor.getKernelShape());
  int64_t numSpatial = rank ? *rank - 2 : -1;
  SmallVector<int64_t> outputPadding, outputShape;
  if (failed(getWindowList(loc, "conv_transpose", "output_padding",
                           adaptor.getOutputPadding(), numSpatial, 0, 0,
                           outputPadding)) ||
      failed(getWindowList(loc, "conv_transpose", "output_shape",
                           adaptor.getOutputShape(), numSpatial, 0,
                           ShapedType::kDynamic, outputShape)))
    return failure();
  Window window;
  if (!rank) {
    if (failed(resolveWindow(loc, "conv_transpose", attrs, -1, std::nullopt,
                             window)))
      return failure();
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (failed(checkWindowRanks(loc, "conv_transpose", *rank,
                              {{"X", xType}, {"W", wType}})))
    return failure();
  std::optional<SmallVector<int64_t>> filterKernel = getFilterKernel(wType);
  if (failed(resolveWindow(loc, "conv_transpose", attrs, numSpatial,
                           filterKernel
                               ? std::optional<ArrayRef<int64_t>>(*filterKernel)
                               : std::nullopt,
                           window)))
    return failure();

  int64_t channels = getDim(xType, 1);
  if (staticDimsDiffer(channels, getDim(wType, 0)))
    return emitOptionalError(loc, "conv_transpose input has ", channels,
                             " channels, the filter ", getDim(wType, 0));
  if (!ShapedType::isDynamic(channels) && channels % group != 0)
    return emitOptionalError(loc, "conv_transpose input channels ", channels,
                             " are not a multiple of group ", group);
  int64_t filterOutputs = getDim(wType, 1);
  int64_t numOutputs = ShapedType::isDynamic(filterOutputs)
                           ? ShapedType::kDynamic
                           : filterOutputs * group;
  if (failed(checkBias(loc, "conv_transpose", adaptor.getB(), numOutputs)))
    return failure();

  SmallVector<int64_t> shape = {getDim(xType, 0), numOutputs};
  for (int64_t i = 0; i < numSpatial; ++i) {
    if (adaptor.getOutputShape()) {
      shape.push_back(outputShape[i]);
      continue;
    }
    int64_t input = getDim(xType, i + 2);
    int64_t kernel = window.kernel[i];
    if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernel)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t stride = window.strides[i];
    int64_t effectiveKernel = (kernel - 1) * window.dilations[i] + 1;
    int64_t totalPad = window.pads[i] + window.pads[i + numSpatial];
    if (!window.explicitPads && window.autoPad.starts_with("SAME"))
      totalPad = std::max<int64_t>(effectiveKernel - stride, 0);
    int64_t size =
        stride * (input - 1) + outputPadding[i] + effectiveKernel - totalPad;
    if (size < 0)
      return emitOptionalError(loc, "conv_transpose output dim ", i + 2,
                               " would have negative size ", size);
    shape.push_back(size);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// DeformConv
//===----------------------------------------------------------------------===//

LogicalResult DeformConvOp::inferResultTypes(MLIRContext *context,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto wType = dyn_cast<TensorType>(adaptor.getW().getType());
  auto offsetType = dyn_cast<TensorType>(adaptor.getOffset().getType());
  if (!xType || !wType || !offsetType)
    return emitOptionalError(loc, "deform_conv operands must be tensors");
  Type elementType = xType.getElementType();
  int64_t group = adaptor.getGroup();
  int64_t offsetGroup = adaptor.getOffsetGroup();
  if (group < 1 || offsetGroup < 1)
    return emitOptionalError(
        loc, "deform_conv group and offset_group must be >= 1, got ", group,
        " and ", offsetGroup);

  WindowAttrs attrs{adaptor.getKernelShape(),
                    adaptor.getStrides(),
                    adaptor.getDilations(),
                    adaptor.getPads(),
                    "NOTSET",
                    false};
  std::optional<int64_t> rank =
      getWindowRank({xType, wType, offsetType}, adaptor.getKernelShape());
  Window window;
  if (!rank) {
    if (failed(
            resolveWindow(loc, "deform_conv", attrs, -1, std::nullopt, window)))
      return failure();
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  SmallVector<std::pair<StringRef, Type>> ranked = {
      {"X", xType}, {"W", wType}, {"offset", offsetType}};
  if (Value mask = adaptor.getMask())
    ranked.push_back({"mask", mask.getType()});
  if (failed(checkWindowRanks(loc, "deform_conv", *rank, ranked)))
    return failure();
  int64_t numSpatial = *rank - 2;
  std::optional<SmallVector<int64_t>> filterKernel = getFilterKernel(wType);
  if (failed(resolveWindow(loc, "deform_conv", attrs, numSpatial,
                           filterKernel
                               ? std::optional<ArrayRef<int64_t>>(*filterKernel)
                               : std::nullopt,
                           window)))
    return failure();

  int64_t channels = getDim(xType, 1);
  int64_t filterChannels = getDim(wType, 1);
  int64_t numFilters = getDim(wType, 0);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) &&
      channels != filterChannels * group)
    return emitOptionalError(loc, "deform_conv input has ", channels,
                             " channels, expected filter channels (",
                             filterChannels, ") * group (", group, ")");
  if (failed(checkBias(loc, "deform_conv", adaptor.getB(), numFilters)))
    return failure();

  // offset has offset_group * numSpatial * prod(kernel) channels, mask
  // offset_group * prod(kernel).
  int64_t kernelSize = 1;
  for (int64_t k : window.kernel)
    kernelSize = ShapedType::isDynamic(k) || ShapedType::isDynamic(kernelSize)
                     ? ShapedType::kDynamic
                     : kernelSize * k;
  if (!ShapedType::isDynamic(kernelSize)) {
    int64_t offsetChannels = offsetGroup * numSpatial * kernelSize;
    if (staticDimsDiffer(getDim(offsetType, 1), offsetChannels))
      return emitOptionalError(loc, "deform_conv offset has ",
                               getDim(offsetType, 1), " channels, expected ",
                               offsetChannels);
    if (Value mask = adaptor.getMask();
        mask &&
        staticDimsDiffer(getDim(mask.getType(), 1), offsetGroup * kernelSize))
      return emitOptionalError(
          loc, "deform_conv mask has ", getDim(mask.getType(), 1),
          " channels, expected ", offsetGroup * kernelSize);
  }

  int64_t batch = getDim(xType, 0);
  if (ShapedType::isDynamic(batch))
    batch = getDim(offsetType, 0);
  SmallVector<int64_t> shape = {batch, numFilters};
  if (failed(appendWindowOutputSizes(loc, "deform_conv", window, xType, shape)))
    return failure();
  // The offsets are given per output position.
  for (int64_t i = 0; i < numSpatial; ++i) {
    int64_t offsetDim = getDim(offsetType, i + 2);
    if (staticDimsDiffer(shape[i + 2], offsetDim))
      return emitOptionalError(loc, "deform_conv output dim ", i + 2, " is ",
                               shape[i + 2], " but offset has ", offsetDim);
    if (ShapedType::isDynamic(shape[i + 2]))
      shape[i + 2] = offsetDim;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// The shape of a pooling op's result, or std::nullopt when unranked.
static LogicalResult
inferPoolShape(std::optional<Location> loc, StringRef opName, Type inputType,
               const WindowAttrs &attrs,
               std::optional<SmallVector<int64_t>> &shape) {
  std::optional<int64_t> rank = getWindowRank({inputType}, attrs.kernelShape);
  Window window;
  if (!rank)
    return resolveWindow(loc, opName, attrs, -1, std::nullopt, window);
  if (failed(checkWindowRanks(loc, opName, *rank, {{"X", inputType}})) ||
      failed(
          resolveWindow(loc, opName, attrs, *rank - 2, std::nullopt, window)))
    return failure();
  shape = SmallVector<int64_t>{getDim(inputType, 0), getDim(inputType, 1)};
  return appendWindowOutputSizes(loc, opName, window, inputType, *shape);
}

/// A tensor type of `shape` or, when it is unknown, an unranked one.
static TensorType getPoolType(const std::optional<SmallVector<int64_t>> &shape,
                              Type elementType) {
  if (!shape)
    return UnrankedTensorType::get(elementType);
  return RankedTensorType::get(*shape, elementType);
}

/// The pooled shape of a pooling op's X from its window attributes (shared
/// by MaxPool, AveragePool and LpPool, whose adaptors name them alike).
template <typename AdaptorT>
static LogicalResult
inferPooledShape(std::optional<Location> loc, StringRef opName,
                 AdaptorT adaptor, TensorType &xType,
                 std::optional<SmallVector<int64_t>> &shape) {
  xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, opName, " operand must be a tensor");
  WindowAttrs attrs{adaptor.getKernelShape(), adaptor.getStrides(),
                    adaptor.getDilations(),   adaptor.getPads(),
                    adaptor.getAutoPad(),     adaptor.getCeilMode() != 0};
  return inferPoolShape(loc, opName, xType, attrs, shape);
}

LogicalResult MaxPoolOp::inferResultTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  TensorType xType;
  std::optional<SmallVector<int64_t>> shape;
  if (failed(inferPooledShape(loc, "max_pool", adaptor, xType, shape)))
    return failure();
  auto i64 = IntegerType::get(context, 64);
  inferred.push_back(getPoolType(shape, xType.getElementType()));
  inferred.push_back(getPoolType(shape, i64));
  return success();
}

LogicalResult MaxPoolOp::verify() {
  if (failed(verifyFlag(*this, "ceil_mode", getCeilMode())) ||
      failed(verifyFlag(*this, "storage_order", getStorageOrder())))
    return failure();
  return success();
}

LogicalResult AveragePoolOp::inferResultTypes(MLIRContext *context,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  TensorType xType;
  std::optional<SmallVector<int64_t>> shape;
  if (failed(inferPooledShape(loc, "average_pool", adaptor, xType, shape)))
    return failure();
  inferred.push_back(getPoolType(shape, xType.getElementType()));
  return success();
}

LogicalResult AveragePoolOp::verify() {
  if (failed(verifyFlag(*this, "ceil_mode", getCeilMode())) ||
      failed(verifyFlag(*this, "count_include_pad", getCountIncludePad())))
    return failure();
  return success();
}

LogicalResult LpPoolOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  TensorType xType;
  std::optional<SmallVector<int64_t>> shape;
  if (failed(inferPooledShape(loc, "lp_pool", adaptor, xType, shape)))
    return failure();
  inferred.push_back(getPoolType(shape, xType.getElementType()));
  return success();
}

LogicalResult LpPoolOp::verify() {
  if (failed(verifyFlag(*this, "ceil_mode", getCeilMode())))
    return failure();
  if (static_cast<int64_t>(getP()) < 1)
    return emitOpError() << "p must be >= 1, got "
                         << static_cast<int64_t>(getP());
  return success();
}

//===----------------------------------------------------------------------===//
// Global pooling
//===----------------------------------------------------------------------===//

/// N x C x D1 x ... x Dn -> N x C x 1 x ... x 1.
static LogicalResult inferGlobalPoolType(std::optional<Location> loc,
                                         StringRef opName, Type inputType,
                                         SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(inputType);
  if (!xType)
    return emitOptionalError(loc, opName, " operand must be a tensor");
  if (!xType.hasRank()) {
    inferred.push_back(xType);
    return success();
  }
  if (xType.getRank() < 2)
    return emitOptionalError(
        loc, opName, " needs an input of rank >= 2 (N x C x ...), got ", xType);
  SmallVector<int64_t> shape(xType.getShape());
  std::fill(shape.begin() + 2, shape.end(), 1);
  inferred.push_back(RankedTensorType::get(shape, xType.getElementType()));
  return success();
}

/// A global pool over spatial dims that are all 1 is the identity.
static OpFoldResult foldGlobalPool(Value input, Value result) {
  auto type = dyn_cast<RankedTensorType>(input.getType());
  if (!type || type != result.getType() ||
      !llvm::all_of(type.getShape().drop_front(2),
                    [](int64_t dim) { return dim == 1; }))
    return {};
  return input;
}

LogicalResult GlobalAveragePoolOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferGlobalPoolType(loc, "global_average_pool",
                             adaptor.getX().getType(), inferred);
}

OpFoldResult GlobalAveragePoolOp::fold(FoldAdaptor) {
  return foldGlobalPool(getX(), getY());
}

LogicalResult
GlobalMaxPoolOp::inferResultTypes(MLIRContext *context,
                                  std::optional<Location> loc, Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  return inferGlobalPoolType(loc, "global_max_pool", adaptor.getX().getType(),
                             inferred);
}

OpFoldResult GlobalMaxPoolOp::fold(FoldAdaptor) {
  return foldGlobalPool(getX(), getY());
}

LogicalResult
GlobalLpPoolOp::inferResultTypes(MLIRContext *context,
                                 std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  return inferGlobalPoolType(loc, "global_lp_pool", adaptor.getX().getType(),
                             inferred);
}

LogicalResult GlobalLpPoolOp::verify() {
  if (static_cast<int64_t>(getP()) < 1)
    return emitOpError() << "p must be >= 1, got "
                         << static_cast<int64_t>(getP());
  return success();
}

//===----------------------------------------------------------------------===//
// MaxUnpool
//===----------------------------------------------------------------------===//

LogicalResult MaxUnpoolOp::inferResultTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto iType = dyn_cast<TensorType>(adaptor.getI().getType());
  if (!xType || !iType)
    return emitOptionalError(loc, "max_unpool operands must be tensors");
  Type elementType = xType.getElementType();
  ArrayRef<int64_t> kernel = adaptor.getKernelShape();
  std::optional<int64_t> rank = getWindowRank({xType, iType}, kernel);
  int64_t numSpatial = *rank - 2;
  if (failed(checkWindowRanks(loc, "max_unpool", *rank,
                              {{"X", xType}, {"I", iType}})))
    return failure();
  SmallVector<int64_t> kernelShape, strides, pads;
  if (failed(getWindowList(loc, "max_unpool", "kernel_shape", kernel,
                           numSpatial, 1, 1, kernelShape)) ||
      failed(getWindowList(loc, "max_unpool", "strides", adaptor.getStrides(),
                           numSpatial, 1, 1, strides)) ||
      failed(getWindowList(loc, "max_unpool", "pads", adaptor.getPads(),
                           2 * numSpatial, 0, 0, pads)))
    return failure();
  for (int64_t i = 0; i < *rank; ++i)
    if (staticDimsDiffer(getDim(xType, i), getDim(iType, i)))
      return emitOptionalError(loc, "max_unpool indices shape ", iType,
                               " differs from the input shape ", xType);

  if (Value outputShape = adaptor.getOutputShape()) {
    std::optional<int64_t> shapeRank = getRank(outputShape.getType());
    int64_t shapeSize = getDim(outputShape.getType(), 0);
    if ((shapeRank && *shapeRank != 1) || staticDimsDiffer(shapeSize, *rank))
      return emitOptionalError(loc, "max_unpool output_shape must hold ", *rank,
                               " values, got ", outputShape.getType());
    std::optional<SmallVector<int64_t>> values =
        getConstantIntegers(outputShape);
    if (values && static_cast<int64_t>(values->size()) != *rank)
      return emitOptionalError(loc, "max_unpool output_shape holds ",
                               values->size(), " values, expected ", *rank);
    if (values && llvm::any_of(*values, [](int64_t v) { return v < 0; }))
      return emitOptionalError(loc,
                               "max_unpool output_shape has a negative size");
    SmallVector<int64_t> shape =
        values ? *values : SmallVector<int64_t>(*rank, ShapedType::kDynamic);
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }

  SmallVector<int64_t> shape = {getDim(xType, 0), getDim(xType, 1)};
  for (int64_t i = 0; i < numSpatial; ++i) {
    int64_t input = getDim(xType, i + 2);
    if (ShapedType::isDynamic(input)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t size = strides[i] * (input - 1) + kernelShape[i] - pads[i] -
                   pads[i + numSpatial];
    if (size < 0)
      return emitOptionalError(loc, "max_unpool output dim ", i + 2,
                               " would have negative size ", size);
    shape.push_back(size);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Explicit windows
//===----------------------------------------------------------------------===//

FailureOr<ExplicitWindow> mlir::kiln::getExplicitWindow(Operation *op) {
  WindowAttrs attrs;
  Type inputType;
  std::optional<SmallVector<int64_t>> filterKernel;
  if (auto conv = dyn_cast<ConvOp>(op)) {
    attrs = {conv.getKernelShape(), conv.getStrides(), conv.getDilations(),
             conv.getPads(),        conv.getAutoPad(), false};
    inputType = conv.getX().getType();
    filterKernel = getFilterKernel(conv.getW().getType());
    if (!filterKernel ||
        llvm::any_of(*filterKernel, ShapedType::isDynamic))
      return failure();
  } else if (auto pool = dyn_cast<MaxPoolOp>(op)) {
    attrs = {pool.getKernelShape(), pool.getStrides(), pool.getDilations(),
             pool.getPads(), pool.getAutoPad(), pool.getCeilMode() != 0};
    inputType = pool.getX().getType();
  } else if (auto pool = dyn_cast<AveragePoolOp>(op)) {
    attrs = {pool.getKernelShape(), pool.getStrides(), pool.getDilations(),
             pool.getPads(), pool.getAutoPad(), pool.getCeilMode() != 0};
    inputType = pool.getX().getType();
  } else if (auto pool = dyn_cast<LpPoolOp>(op)) {
    attrs = {pool.getKernelShape(), pool.getStrides(), pool.getDilations(),
             pool.getPads(), pool.getAutoPad(), pool.getCeilMode() != 0};
    inputType = pool.getX().getType();
  } else {
    return failure();
  }
  auto ranked = dyn_cast<RankedTensorType>(inputType);
  if (!ranked || ranked.getRank() < 3)
    return failure();
  int64_t numSpatial = ranked.getRank() - 2;
  Window window;
  if (failed(resolveWindow(std::nullopt, "", attrs, numSpatial,
                           filterKernel ? std::optional<ArrayRef<int64_t>>(
                                              *filterKernel)
                                        : std::nullopt,
                           window)))
    return failure();
  ExplicitWindow result;
  result.kernel = window.kernel;
  result.strides = window.strides;
  result.dilations = window.dilations;
  for (int64_t i = 0; i < numSpatial; ++i) {
    int64_t input = ranked.getDimSize(i + 2);
    if (ShapedType::isDynamic(input)) {
      // Without auto_pad or ceil_mode, the pads do not depend on the input.
      if (window.ceilMode ||
          (!window.explicitPads && window.autoPad.starts_with("SAME")))
        return failure();
      result.padsBegin.push_back(window.pads[i]);
      result.padsEnd.push_back(window.pads[i + numSpatial]);
      continue;
    }
    auto [begin, end] = getExplicitPads(window, i, input);
    result.padsBegin.push_back(begin);
    result.padsEnd.push_back(end);
  }
  return result;
}
