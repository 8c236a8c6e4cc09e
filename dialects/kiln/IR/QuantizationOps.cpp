// SPDX-License-Identifier: Apache-2.0
//===- QuantizationOps.cpp - ONNX quantization operators ------------------===//
//
// Type inference and verifiers of linear (de)quantization and of the
// quantized and integer forms of Conv and MatMul.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::kiln;

/// The element type of `type` if it is a tensor, else null.
static Type getQuantElementType(Type type) {
  auto tensor = dyn_cast_or_null<TensorType>(type);
  return tensor ? tensor.getElementType() : Type();
}

/// Whether `type` is a scalar or a one-element 1-D tensor (when ranked; a
/// dynamic dim passes).
static bool isQuantScalarLike(Type type) {
  std::optional<ArrayRef<int64_t>> shape = getShape(type);
  if (!shape)
    return true;
  if (shape->empty())
    return true;
  return shape->size() == 1 &&
         (ShapedType::isDynamic(shape->front()) || shape->front() == 1);
}

/// Whether `type` is a scalar-like tensor or a 1-D tensor of `size` elements
/// (a dynamic `size` or dim passes).
static bool isQuantScalarOrVectorOf(Type type, int64_t size) {
  if (isQuantScalarLike(type))
    return true;
  std::optional<ArrayRef<int64_t>> shape = getShape(type);
  return shape->size() == 1 &&
         (ShapedType::isDynamic(size) || shape->front() == size);
}

//===----------------------------------------------------------------------===//
// Linear quantization
//===----------------------------------------------------------------------===//

/// Checks the shapes of the scale and zero point of a linear (de)quantization
/// of `x` (see kiln.quantize_linear): per tensor, per axis or blockwise.
static LogicalResult verifyQuantizationParameters(std::optional<Location> loc,
                                                  Type x, Type scale,
                                                  Value zeroPoint, int64_t axis,
                                                  int64_t blockSize) {
  std::optional<ArrayRef<int64_t>> scaleShape = getShape(scale);
  if (zeroPoint) {
    std::optional<ArrayRef<int64_t>> zeroPointShape =
        getShape(zeroPoint.getType());
    // A scalar and a one-element 1-D tensor both mean per tensor.
    bool bothPerTensor =
        isQuantScalarLike(scale) && isQuantScalarLike(zeroPoint.getType());
    if (scaleShape && zeroPointShape && !bothPerTensor &&
        failed(verifyCompatibleShape(*scaleShape, *zeroPointShape)))
      return emitOptionalError(loc, "scale ", scale, " and zero point ",
                               zeroPoint.getType(),
                               " must have the same shape");
  }
  if (blockSize < 0)
    return emitOptionalError(loc, "block_size must not be negative, got ",
                             blockSize);
  std::optional<ArrayRef<int64_t>> xShape = getShape(x);
  if (!scaleShape)
    return success();

  if (blockSize > 0) {
    // Blocked: the scale has the rank of x; its dim `axis` counts blocks.
    if (!xShape)
      return success();
    if (scaleShape->size() != xShape->size())
      return emitOptionalError(
          loc, "blocked quantization needs a scale of the rank of ", x,
          ", got ", scale);
    FailureOr<int64_t> dim = normalizeAxis(axis, xShape->size());
    if (failed(dim))
      return emitOptionalError(loc, "quantization axis ", axis,
                               " is out of range for ", x);
    for (auto [index, sizes] :
         llvm::enumerate(llvm::zip(*xShape, *scaleShape))) {
      auto [xSize, scaleSize] = sizes;
      if (ShapedType::isDynamic(xSize) || ShapedType::isDynamic(scaleSize))
        continue;
      int64_t expected = static_cast<int64_t>(index) == *dim
                             ? llvm::divideCeil(xSize, blockSize)
                             : xSize;
      if (scaleSize != expected)
        return emitOptionalError(loc, "blocked quantization of ", x,
                                 " with block_size ", blockSize, " along axis ",
                                 axis, " needs a scale of size ", expected,
                                 " in dim ", index, ", got ", scale);
    }
    return success();
  }

  // Per tensor or per axis.
  if (isQuantScalarLike(scale))
    return success();
  if (scaleShape->size() != 1)
    return emitOptionalError(loc,
                             "scale must be a scalar or a 1-D tensor unless "
                             "block_size is set, got ",
                             scale);
  if (!xShape)
    return success();
  FailureOr<int64_t> dim = normalizeAxis(axis, xShape->size());
  if (failed(dim))
    return emitOptionalError(loc, "quantization axis ", axis,
                             " is out of range for ", x);
  int64_t xSize = (*xShape)[*dim];
  if (!ShapedType::isDynamic(xSize) && scaleShape->front() != xSize)
    return emitOptionalError(loc, "per-axis scale ", scale,
                             " must have the size ", xSize, " of axis ", axis,
                             " of ", x);
  return success();
}

LogicalResult
QuantizeLinearOp::inferResultTypes(MLIRContext *context,
                                   std::optional<Location> loc, Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, "quantize_linear input must be a tensor");
  Value zeroPoint = adaptor.getYZeroPoint();
  Type zeroPointElementType =
      zeroPoint ? getQuantElementType(zeroPoint.getType()) : Type();

  // output_dtype, else the zero point's type, else ui8.
  Type elementType = zeroPointElementType;
  if (std::optional<Type> outputType = adaptor.getOutputDtype()) {
    if (zeroPointElementType && zeroPointElementType != *outputType)
      return emitOptionalError(loc, "output_dtype ", *outputType,
                               " differs from the zero point type ",
                               zeroPointElementType);
    elementType = *outputType;
  }
  if (!elementType)
    elementType = IntegerType::get(context, 8, IntegerType::Unsigned);

  if (failed(verifyQuantizationParameters(
          loc, xType, adaptor.getYScale().getType(), zeroPoint,
          adaptor.getAxis(), adaptor.getBlockSize())))
    return failure();
  inferred.push_back(xType.clone(elementType));
  return success();
}

LogicalResult QuantizeLinearOp::verify() {
  if (getSaturate() != 0 && getSaturate() != 1)
    return emitOpError("attribute 'saturate' must be 0 or 1, got ")
           << getSaturate();
  return success();
}

LogicalResult DequantizeLinearOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  Type scaleElementType = getQuantElementType(adaptor.getXScale().getType());
  if (!xType || !scaleElementType)
    return emitOptionalError(
        loc, "dequantize_linear input and scale must be tensors");
  if (failed(verifyQuantizationParameters(
          loc, xType, adaptor.getXScale().getType(), adaptor.getXZeroPoint(),
          adaptor.getAxis(), adaptor.getBlockSize())))
    return failure();
  Type elementType = adaptor.getOutputDtype().value_or(scaleElementType);
  inferred.push_back(xType.clone(elementType));
  return success();
}

LogicalResult DequantizeLinearOp::verify() {
  if (Value zeroPoint = getXZeroPoint();
      zeroPoint &&
      getElementTypeOrSelf(zeroPoint) != getElementTypeOrSelf(getX()))
    return emitOpError("zero point ")
           << zeroPoint.getType() << " must have the element type of input "
           << getX().getType();
  return success();
}

LogicalResult DynamicQuantizeLinearOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc,
                             "dynamic_quantize_linear input must be a tensor");
  Type ui8 = IntegerType::get(context, 8, IntegerType::Unsigned);
  inferred.push_back(xType.clone(ui8));
  inferred.push_back(RankedTensorType::get({}, Float32Type::get(context)));
  inferred.push_back(RankedTensorType::get({}, ui8));
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution shapes
//===----------------------------------------------------------------------===//

namespace {
/// The attributes of ONNX Conv that decide its output shape.
struct QuantConvAttributes {
  StringRef autoPad;
  std::optional<ArrayRef<int64_t>> dilations;
  int64_t group;
  std::optional<ArrayRef<int64_t>> kernelShape;
  std::optional<ArrayRef<int64_t>> pads;
  std::optional<ArrayRef<int64_t>> strides;
};
} // namespace

/// Checks that the list attribute `name` has `size` values of at least
/// `minValue`.
static LogicalResult
verifyQuantConvList(std::optional<Location> loc, StringRef name,
                    std::optional<ArrayRef<int64_t>> values, size_t size,
                    int64_t minValue) {
  if (!values)
    return success();
  if (values->size() != size)
    return emitOptionalError(loc, "conv attribute '", name, "' needs ", size,
                             " values, got ", values->size());
  for (int64_t value : *values)
    if (value < minValue)
      return emitOptionalError(loc, "conv attribute '", name,
                               "' values must be at least ", minValue, ", got ",
                               value);
  return success();
}

/// Infers the output shape of an ONNX Conv of `x` ([N, C, D1, ...]) by `w`
/// ([M, C / group, k1, ...]): [N, M, O1, ...]. Leaves `shape` unset when the
/// rank is unknown; reports inconsistent operands and attributes.
static LogicalResult
inferQuantConvShape(std::optional<Location> loc, Type x, Type w,
                    const QuantConvAttributes &attrs,
                    std::optional<SmallVector<int64_t>> &shape) {
  std::optional<ArrayRef<int64_t>> xShape = getShape(x);
  std::optional<ArrayRef<int64_t>> wShape = getShape(w);
  if (!xShape && !wShape)
    return success();
  size_t rank = xShape ? xShape->size() : wShape->size();
  if (rank < 3)
    return emitOptionalError(
        loc, "conv input needs rank >= 3 (batch, channels, spatial dims), got ",
        xShape ? x : w);
  if (xShape && wShape && xShape->size() != wShape->size())
    return emitOptionalError(loc, "conv input ", x, " and weight ", w,
                             " must have the same rank");
  size_t numSpatial = rank - 2;
  auto xDim = [&](size_t i) {
    return xShape ? (*xShape)[i] : ShapedType::kDynamic;
  };
  auto wDim = [&](size_t i) {
    return wShape ? (*wShape)[i] : ShapedType::kDynamic;
  };

  if (attrs.group < 1)
    return emitOptionalError(loc, "conv group must be positive, got ",
                             attrs.group);
  if (failed(verifyQuantConvList(loc, "kernel_shape", attrs.kernelShape,
                                 numSpatial, 1)) ||
      failed(
          verifyQuantConvList(loc, "strides", attrs.strides, numSpatial, 1)) ||
      failed(verifyQuantConvList(loc, "dilations", attrs.dilations, numSpatial,
                                 1)) ||
      failed(verifyQuantConvList(loc, "pads", attrs.pads, 2 * numSpatial, 0)))
    return failure();
  bool same = attrs.autoPad == "SAME_UPPER" || attrs.autoPad == "SAME_LOWER";
  bool valid = attrs.autoPad == "VALID";
  if (!same && !valid && attrs.autoPad != "NOTSET")
    return emitOptionalError(loc,
                             "conv auto_pad must be NOTSET, SAME_UPPER, "
                             "SAME_LOWER or VALID, got '",
                             attrs.autoPad, "'");

  int64_t channels = xDim(1);
  int64_t groupChannels = wDim(1);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(groupChannels) &&
      channels != groupChannels * attrs.group)
    return emitOptionalError(
        loc, "conv input ", x, " has ", channels, " channels, but weight ", w,
        " with group ", attrs.group, " expects ", groupChannels * attrs.group);
  int64_t outChannels = wDim(0);
  if (!ShapedType::isDynamic(outChannels) && outChannels % attrs.group != 0)
    return emitOptionalError(loc, "conv weight ", w, " has ", outChannels,
                             " output channels, not a multiple of group ",
                             attrs.group);

  shape.emplace();
  shape->push_back(xDim(0));
  shape->push_back(outChannels);
  for (size_t i = 0; i < numSpatial; ++i) {
    int64_t kernel = wDim(2 + i);
    if (attrs.kernelShape) {
      int64_t given = (*attrs.kernelShape)[i];
      if (!ShapedType::isDynamic(kernel) && kernel != given)
        return emitOptionalError(loc, "conv kernel_shape ", given,
                                 " differs from the weight ", w, " in dim ",
                                 2 + i);
      kernel = given;
    }
    int64_t size = xDim(2 + i);
    int64_t stride = attrs.strides ? (*attrs.strides)[i] : 1;
    int64_t dilation = attrs.dilations ? (*attrs.dilations)[i] : 1;
    if (ShapedType::isDynamic(size)) {
      shape->push_back(ShapedType::kDynamic);
      continue;
    }
    if (same) {
      shape->push_back(llvm::divideCeil(size, stride));
      continue;
    }
    if (ShapedType::isDynamic(kernel)) {
      shape->push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t padded = size;
    if (!valid && attrs.pads)
      padded += (*attrs.pads)[i] + (*attrs.pads)[numSpatial + i];
    int64_t window = (kernel - 1) * dilation + 1;
    if (padded < window)
      return emitOptionalError(loc, "conv window of ", window,
                               " exceeds the padded input size ", padded,
                               " in spatial dim ", i, " of ", x);
    shape->push_back((padded - window) / stride + 1);
  }
  return success();
}

/// Infers the result type of a convolution op with element type
/// `elementType`.
template <typename AdaptorT>
static LogicalResult
inferQuantConvResultType(std::optional<Location> loc, AdaptorT adaptor,
                         Type elementType, SmallVectorImpl<Type> &inferred) {
  QuantConvAttributes attrs{adaptor.getAutoPad(),
                            adaptor.getDilations(),
                            static_cast<int64_t>(adaptor.getGroup()),
                            adaptor.getKernelShape(),
                            adaptor.getPads(),
                            adaptor.getStrides()};
  std::optional<SmallVector<int64_t>> shape;
  if (failed(inferQuantConvShape(loc, adaptor.getX().getType(),
                                 adaptor.getW().getType(), attrs, shape)))
    return failure();
  inferred.push_back(getTensorType(
      shape ? std::optional<ArrayRef<int64_t>>(*shape) : std::nullopt,
      elementType));
  return success();
}

/// The number of output channels of a convolution by `w`, or kDynamic.
static int64_t getQuantConvOutputChannels(Value w) {
  std::optional<ArrayRef<int64_t>> shape = getShape(w.getType());
  return shape && !shape->empty() ? shape->front() : ShapedType::kDynamic;
}

/// Checks that `zeroPoint` (if present) has the element type of `input`.
static LogicalResult verifyZeroPointType(Operation *op, Value zeroPoint,
                                         Value input, StringRef inputName) {
  if (zeroPoint &&
      getElementTypeOrSelf(zeroPoint) != getElementTypeOrSelf(input))
    return op->emitOpError("zero point ")
           << zeroPoint.getType() << " must have the element type of '"
           << inputName << "' " << input.getType();
  return success();
}

//===----------------------------------------------------------------------===//
// QLinearConv, ConvInteger
//===----------------------------------------------------------------------===//

LogicalResult QLinearConvOp::inferResultTypes(MLIRContext *context,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  Type elementType = getQuantElementType(adaptor.getYZeroPoint().getType());
  if (!elementType)
    return emitOptionalError(loc, "qlinear_conv y_zero_point must be a tensor");
  return inferQuantConvResultType(loc, adaptor, elementType, inferred);
}

LogicalResult QLinearConvOp::verify() {
  if (failed(verifyZeroPointType(*this, getXZeroPoint(), getX(), "x")) ||
      failed(verifyZeroPointType(*this, getWZeroPoint(), getW(), "w")))
    return failure();
  for (Value scalar :
       {getXScale(), getXZeroPoint(), getYScale(), getYZeroPoint()})
    if (!isQuantScalarLike(scalar.getType()))
      return emitOpError("needs scalar input and output scales and zero "
                         "points, got ")
             << scalar.getType();
  int64_t outChannels = getQuantConvOutputChannels(getW());
  for (Value perChannel : {getWScale(), getWZeroPoint()})
    if (!isQuantScalarOrVectorOf(perChannel.getType(), outChannels))
      return emitOpError("weight scale and zero point must be scalars or "
                         "hold one value per output channel, got ")
             << perChannel.getType() << " for weight " << getW().getType();
  if (Value bias = getB()) {
    std::optional<ArrayRef<int64_t>> shape = getShape(bias.getType());
    if (shape &&
        (shape->size() != 1 || (!ShapedType::isDynamic(shape->front()) &&
                                !ShapedType::isDynamic(outChannels) &&
                                shape->front() != outChannels)))
      return emitOpError("bias must be a 1-D tensor of one value per output "
                         "channel, got ")
             << bias.getType() << " for weight " << getW().getType();
  }
  return success();
}

LogicalResult ConvIntegerOp::inferResultTypes(MLIRContext *context,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  return inferQuantConvResultType(loc, adaptor, IntegerType::get(context, 32),
                                  inferred);
}

LogicalResult ConvIntegerOp::verify() {
  if (failed(verifyZeroPointType(*this, getXZeroPoint(), getX(), "x")) ||
      failed(verifyZeroPointType(*this, getWZeroPoint(), getW(), "w")))
    return failure();
  if (Value zeroPoint = getXZeroPoint();
      zeroPoint && !isQuantScalarLike(zeroPoint.getType()))
    return emitOpError("input zero point must be a scalar, got ")
           << zeroPoint.getType();
  if (Value zeroPoint = getWZeroPoint();
      zeroPoint && !isQuantScalarOrVectorOf(zeroPoint.getType(),
                                            getQuantConvOutputChannels(getW())))
    return emitOpError("weight zero point must be a scalar or hold one value "
                       "per output channel, got ")
           << zeroPoint.getType() << " for weight " << getW().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// QLinearMatMul, MatMulInteger
//===----------------------------------------------------------------------===//

/// Infers the shape of the numpy-style matrix product of `a` and `b` (as
/// kiln.matmul) with element type `elementType`.
static LogicalResult
inferQuantMatMulResultType(MLIRContext *context, std::optional<Location> loc,
                           Value a, Value b, Type elementType,
                           SmallVectorImpl<Type> &inferred) {
  SmallVector<Type> product;
  if (failed(MatMulOp::inferResultTypes(
          context, loc, MatMulOp::Adaptor(ValueRange{a, b}), product)))
    return failure();
  inferred.push_back(cast<TensorType>(product.front()).clone(elementType));
  return success();
}

LogicalResult
QLinearMatMulOp::inferResultTypes(MLIRContext *context,
                                  std::optional<Location> loc, Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  Type elementType = getQuantElementType(adaptor.getYZeroPoint().getType());
  if (!elementType)
    return emitOptionalError(loc,
                             "qlinear_matmul y_zero_point must be a tensor");
  return inferQuantMatMulResultType(context, loc, adaptor.getA(),
                                    adaptor.getB(), elementType, inferred);
}

LogicalResult QLinearMatMulOp::verify() {
  if (failed(verifyZeroPointType(*this, getAZeroPoint(), getA(), "a")) ||
      failed(verifyZeroPointType(*this, getBZeroPoint(), getB(), "b")))
    return failure();
  Type scaleType = getElementTypeOrSelf(getAScale());
  if (getElementTypeOrSelf(getBScale()) != scaleType ||
      getElementTypeOrSelf(getYScale()) != scaleType)
    return emitOpError("scales must have one element type, got ")
           << getAScale().getType() << ", " << getBScale().getType() << " and "
           << getYScale().getType();
  return success();
}

LogicalResult
MatMulIntegerOp::inferResultTypes(MLIRContext *context,
                                  std::optional<Location> loc, Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  return inferQuantMatMulResultType(context, loc, adaptor.getA(),
                                    adaptor.getB(),
                                    IntegerType::get(context, 32), inferred);
}

LogicalResult MatMulIntegerOp::verify() {
  if (failed(verifyZeroPointType(*this, getAZeroPoint(), getA(), "A")) ||
      failed(verifyZeroPointType(*this, getBZeroPoint(), getB(), "B")))
    return failure();
  return success();
}
