// SPDX-License-Identifier: Apache-2.0
//===- SignalOps.cpp - ONNX signal-processing operators -------------------===//
//
// Type inference, verifiers and folders of DFT, STFT, the window generators
// and MelWeightMatrix.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Checks that the (optional) scalar operand `value` holds one element where
/// its shape is static.
static LogicalResult checkScalar(std::optional<Location> loc, Value value,
                                 StringRef what) {
  if (!value)
    return success();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && type.hasStaticShape() && type.getNumElements() != 1)
    return emitOptionalError(loc, what, " must be a scalar, got ", type);
  return success();
}

/// The value of a constant scalar integer operand.
static std::optional<int64_t> getConstantScalar(Value value) {
  if (!value)
    return std::nullopt;
  std::optional<SmallVector<int64_t>> values = getConstantIntegers(value);
  if (!values || values->size() != 1)
    return std::nullopt;
  return values->front();
}

/// Checks that a complex-or-real trailing dim is 1 or 2 where it is static.
static LogicalResult checkComplexDim(std::optional<Location> loc,
                                     TensorType type, StringRef what) {
  int64_t last = type.getDimSize(type.getRank() - 1);
  if (!ShapedType::isDynamic(last) && last != 1 && last != 2)
    return emitOptionalError(loc, what,
                             "'s last dim must be 1 (real) or 2 (complex), "
                             "got ",
                             type);
  return success();
}

/// Checks that an attribute holding a flag is 0 or 1.
static LogicalResult verifyFlag(Operation *op, StringRef name, int64_t value) {
  if (value != 0 && value != 1)
    return op->emitOpError() << name << " must be 0 or 1, got " << value;
  return success();
}

//===----------------------------------------------------------------------===//
// DFTOp
//===----------------------------------------------------------------------===//

LogicalResult DFTOp::inferResultTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "dft input");
  if (failed(input) ||
      failed(checkScalar(loc, adaptor.getDftLength(), "dft dft_length")) ||
      failed(checkScalar(loc, adaptor.getAxisInput(), "dft axis")))
    return failure();
  Type elementType = input->getElementType();
  if (!input->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = input->getRank();
  if (rank < 2)
    return emitOptionalError(loc,
                             "dft input must have rank >= 2 (signal dims, "
                             "then 1 or 2 for real or complex values), got ",
                             *input);
  if (failed(checkComplexDim(loc, *input, "dft input")))
    return failure();

  // The axis: the attribute, else the operand where it is a constant, else
  // the default -2.
  std::optional<int64_t> axis;
  if (std::optional<uint64_t> attr = adaptor.getAxis())
    axis = static_cast<int64_t>(*attr);
  else if (Value axisInput = adaptor.getAxisInput())
    axis = getConstantScalar(axisInput);
  else
    axis = -2;
  if (axis) {
    if (*axis < -rank || *axis > rank - 2 || *axis == -1)
      return emitOptionalError(loc, "dft axis ", *axis, " is out of range for ",
                               *input, " (expected [", -rank, ", -2] or [0, ",
                               rank - 2,
                               "]; the last dim holds complex values)");
    if (*axis < 0)
      *axis += rank;
  }

  Value dftLength = adaptor.getDftLength();
  int64_t length = ShapedType::kDynamic;
  if (std::optional<int64_t> value = getConstantScalar(dftLength)) {
    if (*value < 1)
      return emitOptionalError(loc, "dft dft_length must be positive, got ",
                               *value);
    length = *value;
  }
  bool onesided = adaptor.getOnesided() != 0;
  // The size of dim `size` once transformed along it.
  auto transform = [&](int64_t size) {
    if (dftLength)
      size = length;
    if (!onesided || ShapedType::isDynamic(size))
      return size;
    return size / 2 + 1;
  };

  SmallVector<int64_t> shape(input->getShape());
  for (int64_t dim = 0; dim < rank - 1; ++dim) {
    int64_t transformed = transform(shape[dim]);
    if (axis) {
      if (dim == *axis)
        shape[dim] = transformed;
    } else if (transformed != shape[dim]) {
      // Any dim might be the axis: only those the transform keeps are known.
      shape[dim] = ShapedType::kDynamic;
    }
  }
  shape.back() = 2;
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult DFTOp::verify() {
  if (getAxisInput() && getAxisAttr())
    return emitOpError("takes the axis from the attribute or from the operand "
                       "axis_input, not both");
  int64_t inverse = static_cast<int64_t>(getInverse());
  int64_t onesided = static_cast<int64_t>(getOnesided());
  if (failed(verifyFlag(*this, "inverse", inverse)) ||
      failed(verifyFlag(*this, "onesided", onesided)))
    return failure();
  if (inverse && onesided)
    return emitOpError("inverse and onesided cannot both be set");
  return success();
}

//===----------------------------------------------------------------------===//
// STFTOp
//===----------------------------------------------------------------------===//

LogicalResult STFTOp::inferResultTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> signal =
      getOperandType(loc, adaptor.getSignal(), "stft signal");
  if (failed(signal))
    return failure();
  FailureOr<TensorType> frameStep =
      getOperandType(loc, adaptor.getFrameStep(), "stft frame_step");
  if (failed(frameStep) ||
      failed(checkScalar(loc, adaptor.getFrameStep(), "stft frame_step")) ||
      failed(checkScalar(loc, adaptor.getFrameLength(), "stft frame_length")))
    return failure();
  Type elementType = signal->getElementType();

  int64_t batch = ShapedType::kDynamic;
  int64_t signalLength = ShapedType::kDynamic;
  if (signal->hasRank()) {
    if (signal->getRank() != 3)
      return emitOptionalError(loc,
                               "stft signal must be [batch][signal_length][1 "
                               "or 2], got ",
                               *signal);
    if (failed(checkComplexDim(loc, *signal, "stft signal")))
      return failure();
    batch = signal->getDimSize(0);
    signalLength = signal->getDimSize(1);
  }

  if (Value frameLength = adaptor.getFrameLength()) {
    auto type = dyn_cast<TensorType>(frameLength.getType());
    if (type && type.getElementType() != frameStep->getElementType())
      return emitOptionalError(loc,
                               "stft frame_step and frame_length must have "
                               "the same element type, got ",
                               *frameStep, " and ", type);
  }
  std::optional<int64_t> step = getConstantScalar(adaptor.getFrameStep());
  if (step && *step < 1)
    return emitOptionalError(loc, "stft frame_step must be positive, got ",
                             *step);

  // The frame length: the frame_length operand, else the window's length,
  // else the whole signal.
  int64_t length = ShapedType::kDynamic;
  if (Value frameLength = adaptor.getFrameLength()) {
    if (std::optional<int64_t> value = getConstantScalar(frameLength)) {
      if (*value < 1)
        return emitOptionalError(
            loc, "stft frame_length must be positive, got ", *value);
      length = *value;
    }
  }
  if (Value window = adaptor.getWindow()) {
    auto type = dyn_cast<TensorType>(window.getType());
    if (!type)
      return emitOptionalError(loc, "stft window must be a tensor");
    if (type.getElementType() != elementType)
      return emitOptionalError(loc,
                               "stft window must have the signal's element "
                               "type, got ",
                               type, " for ", *signal);
    if (type.hasRank()) {
      if (type.getRank() != 1)
        return emitOptionalError(loc, "stft window must be 1-D, got ", type);
      int64_t windowLength = type.getDimSize(0);
      if (!ShapedType::isDynamic(windowLength) &&
          !ShapedType::isDynamic(length) && windowLength != length)
        return emitOptionalError(loc, "stft window ", type,
                                 " does not have frame_length ", length,
                                 " elements");
      if (ShapedType::isDynamic(length))
        length = windowLength;
    }
  } else if (!adaptor.getFrameLength()) {
    length = signalLength;
  }

  int64_t frames = ShapedType::kDynamic;
  if (!ShapedType::isDynamic(signalLength) && !ShapedType::isDynamic(length)) {
    if (signalLength < length)
      return emitOptionalError(loc, "stft signal ", *signal,
                               " is shorter than a frame of ", length,
                               " samples");
    if (step)
      frames = 1 + (signalLength - length) / *step;
    else if (signalLength == length)
      frames = 1;
  }
  int64_t bins = length;
  if (adaptor.getOnesided() != 0 && !ShapedType::isDynamic(length))
    bins = length / 2 + 1;
  inferred.push_back(
      RankedTensorType::get({batch, frames, bins, 2}, elementType));
  return success();
}

LogicalResult STFTOp::verify() {
  return verifyFlag(*this, "onesided", static_cast<int64_t>(getOnesided()));
}

//===----------------------------------------------------------------------===//
// Window ops
//===----------------------------------------------------------------------===//

/// Infers a window op: `size` elements of `elementType`.
static LogicalResult inferWindow(std::optional<Location> loc, Value size,
                                 Type elementType, StringRef name,
                                 SmallVectorImpl<Type> &inferred) {
  if (failed(getOperandType(loc, size, Twine(name, " size").str())) ||
      failed(checkScalar(loc, size, Twine(name, " size").str())))
    return failure();
  int64_t length = ShapedType::kDynamic;
  if (std::optional<int64_t> value = getConstantScalar(size)) {
    if (*value < 0)
      return emitOptionalError(loc, name, " size must not be negative, got ",
                               *value);
    length = *value;
  }
  inferred.push_back(RankedTensorType::get({length}, elementType));
  return success();
}

/// Folds a window op of constant `size` into the generalized cosine window
/// `a0 - a1 * cos(2 pi n / N) + a2 * cos(4 pi n / N)`, where the result is a
/// float tensor of at most the fold element limit.
static OpFoldResult foldWindow(Type resultType, Attribute size,
                               int64_t periodic, double a0, double a1,
                               double a2) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  auto sizeAttr = dyn_cast_or_null<DenseIntElementsAttr>(size);
  if (!type || !type.hasStaticShape() || !sizeAttr ||
      sizeAttr.getNumElements() != 1)
    return {};
  auto floatType = dyn_cast<FloatType>(type.getElementType());
  int64_t length = type.getNumElements();
  if (!floatType || length > getFoldElementLimit() ||
      (*sizeAttr.getValues<APInt>().begin()).getSExtValue() != length)
    return {};
  int64_t period = periodic ? length : length - 1;
  // A symmetric window of one point divides by zero (ONNX gives NaN).
  if (length > 0 && period == 0)
    return {};
  SmallVector<APFloat> values;
  values.reserve(length);
  for (int64_t n = 0; n < length; ++n) {
    double angle = 2.0 * llvm::numbers::pi * static_cast<double>(n) / period;
    APFloat value(a0 - a1 * std::cos(angle) + a2 * std::cos(2.0 * angle));
    bool losesInfo = false;
    (void)value.convert(floatType.getFloatSemantics(),
                        APFloat::rmNearestTiesToEven, &losesInfo);
    values.push_back(value);
  }
  return DenseElementsAttr::get(type, values);
}

#define KILN_DEFINE_WINDOW_OP(Op, name, a0, a1, a2)                            \
  LogicalResult Op::inferResultTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferWindow(loc, adaptor.getSize(), adaptor.getOutputDatatype(),    \
                       name, inferred);                                        \
  }                                                                            \
  LogicalResult Op::verify() {                                                 \
    return verifyFlag(*this, "periodic", static_cast<int64_t>(getPeriodic())); \
  }                                                                            \
  OpFoldResult Op::fold(FoldAdaptor adaptor) {                                 \
    return foldWindow(getType(), adaptor.getSize(),                            \
                      static_cast<int64_t>(getPeriodic()), a0, a1, a2);        \
  }

KILN_DEFINE_WINDOW_OP(HannWindowOp, "hann_window", 0.5, 0.5, 0.0)
KILN_DEFINE_WINDOW_OP(HammingWindowOp, "hamming_window", 25.0 / 46.0,
                      21.0 / 46.0, 0.0)
KILN_DEFINE_WINDOW_OP(BlackmanWindowOp, "blackman_window", 0.42, 0.5, 0.08)

#undef KILN_DEFINE_WINDOW_OP

//===----------------------------------------------------------------------===//
// MelWeightMatrixOp
//===----------------------------------------------------------------------===//

LogicalResult
MelWeightMatrixOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  struct Operand {
    Value value;
    StringRef name;
  };
  Operand operands[] = {{adaptor.getNumMelBins(), "num_mel_bins"},
                        {adaptor.getDftLength(), "dft_length"},
                        {adaptor.getSampleRate(), "sample_rate"},
                        {adaptor.getLowerEdgeHertz(), "lower_edge_hertz"},
                        {adaptor.getUpperEdgeHertz(), "upper_edge_hertz"}};
  SmallVector<TensorType> types;
  for (const Operand &operand : operands) {
    std::string what = ("mel_weight_matrix " + operand.name).str();
    FailureOr<TensorType> type = getOperandType(loc, operand.value, what);
    if (failed(type) || failed(checkScalar(loc, operand.value, what)))
      return failure();
    types.push_back(*type);
  }
  // ONNX types the three counts alike (T1) and the two frequencies alike
  // (T2).
  for (auto [first, other] :
       {std::pair(0, 1), std::pair(0, 2), std::pair(3, 4)})
    if (types[first].getElementType() != types[other].getElementType())
      return emitOptionalError(loc, "mel_weight_matrix ", operands[first].name,
                               " and ", operands[other].name,
                               " must have the same element type, got ",
                               types[first], " and ", types[other]);

  int64_t rows = ShapedType::kDynamic;
  int64_t columns = ShapedType::kDynamic;
  if (std::optional<int64_t> bins =
          getConstantScalar(adaptor.getNumMelBins())) {
    if (*bins < 1)
      return emitOptionalError(
          loc, "mel_weight_matrix num_mel_bins must be positive, got ", *bins);
    columns = *bins;
  }
  if (std::optional<int64_t> length =
          getConstantScalar(adaptor.getDftLength())) {
    if (*length < 1)
      return emitOptionalError(
          loc, "mel_weight_matrix dft_length must be positive, got ", *length);
    rows = *length / 2 + 1;
  }
  inferred.push_back(
      RankedTensorType::get({rows, columns}, adaptor.getOutputDatatype()));
  return success();
}
