// SPDX-License-Identifier: Apache-2.0
//===- TensorGeneratorOps.cpp - inference of ONNX generator operators -----===//
//
// Range, EyeLike and the random ops.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// RangeOp
//===----------------------------------------------------------------------===//

/// The value of a constant scalar integer operand.
static std::optional<int64_t> getConstantInteger(Value value) {
  std::optional<SmallVector<int64_t>> values = getConstantIntegers(value);
  if (!values || values->size() != 1)
    return std::nullopt;
  return values->front();
}

/// The value of a constant scalar float operand.
static std::optional<double> getConstantFloat(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() != 1)
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

/// The length of ONNX Range over integers: max(ceil((limit - start) /
/// delta), 0); std::nullopt when delta is 0 or the length overflows.
static std::optional<int64_t>
getIntegerRangeLength(int64_t start, int64_t limit, int64_t delta) {
  if (delta == 0)
    return std::nullopt;
  __int128 distance = static_cast<__int128>(limit) - start;
  __int128 length = distance / delta;
  if (distance % delta != 0 && (distance > 0) == (delta > 0))
    ++length;
  if (length > std::numeric_limits<int32_t>::max())
    return std::nullopt;
  return static_cast<int64_t>(std::max<__int128>(length, 0));
}

LogicalResult RangeOp::inferResultTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> start =
      getOperandType(loc, adaptor.getStart(), "range start");
  if (failed(start))
    return failure();
  for (Value operand :
       {adaptor.getStart(), adaptor.getLimit(), adaptor.getDelta()}) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (type && type.hasStaticShape() && type.getNumElements() != 1)
      return emitOptionalError(loc, "range operands must be scalars, got ",
                               type);
  }
  Type elementType = start->getElementType();
  int64_t length = ShapedType::kDynamic;
  if (isa<IntegerType>(elementType)) {
    std::optional<int64_t> first = getConstantInteger(adaptor.getStart());
    std::optional<int64_t> limit = getConstantInteger(adaptor.getLimit());
    std::optional<int64_t> delta = getConstantInteger(adaptor.getDelta());
    if (delta && *delta == 0)
      return emitOptionalError(loc, "range delta must not be 0");
    if (first && limit && delta)
      if (std::optional<int64_t> count =
              getIntegerRangeLength(*first, *limit, *delta))
        length = *count;
  } else {
    std::optional<double> first = getConstantFloat(adaptor.getStart());
    std::optional<double> limit = getConstantFloat(adaptor.getLimit());
    std::optional<double> delta = getConstantFloat(adaptor.getDelta());
    if (delta && *delta == 0.0)
      return emitOptionalError(loc, "range delta must not be 0");
    if (first && limit && delta) {
      // As onnxruntime: the difference in the element type, the division in
      // double.
      double distance = *limit - *first;
      if (elementType.isF32())
        distance = static_cast<float>(static_cast<float>(*limit) -
                                      static_cast<float>(*first));
      double count = std::ceil(distance / *delta);
      if (std::isfinite(count) && count < std::numeric_limits<int32_t>::max())
        length = static_cast<int64_t>(std::max(count, 0.0));
    }
  }
  inferred.push_back(RankedTensorType::get({length}, elementType));
  return success();
}

OpFoldResult RangeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > getFoldElementLimit())
    return {};
  auto elementType = dyn_cast<IntegerType>(type.getElementType());
  std::optional<int64_t> start = getConstantInteger(getStart());
  std::optional<int64_t> delta = getConstantInteger(getDelta());
  if (!elementType || !start || !delta)
    return {};
  SmallVector<APInt> values;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
    values.push_back(APInt(elementType.getWidth(), *start + i * *delta,
                           /*isSigned=*/true));
  return DenseElementsAttr::get(type, values);
}

//===----------------------------------------------------------------------===//
// EyeLikeOp
//===----------------------------------------------------------------------===//

LogicalResult EyeLikeOp::inferResultTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "eye_like input");
  if (failed(input))
    return failure();
  if (input->hasRank() && input->getRank() != 2)
    return emitOptionalError(loc, "eye_like input must be 2-D, got ", *input);
  Type elementType = input->getElementType();
  if (std::optional<Type> dtype = adaptor.getDtype())
    elementType = *dtype;
  inferred.push_back(
      input->hasRank()
          ? input->clone(elementType)
          : RankedTensorType::get({ShapedType::kDynamic, ShapedType::kDynamic},
                                  elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Random ops
//===----------------------------------------------------------------------===//

/// Infers RandomNormal and RandomUniform: a tensor of `shape` and `dtype`.
static LogicalResult inferRandom(std::optional<Location> loc,
                                 ArrayRef<int64_t> shape, Type dtype,
                                 StringRef name,
                                 SmallVectorImpl<Type> &inferred) {
  if (llvm::any_of(shape, [](int64_t dim) { return dim < 0; }))
    return emitOptionalError(loc, name,
                             " shape must not have negative dims, "
                             "got [",
                             llvm::make_range(shape.begin(), shape.end()), "]");
  inferred.push_back(RankedTensorType::get(shape, dtype));
  return success();
}

/// Infers the random ops shaped like `input`, of `dtype` or else the input's
/// element type, which must then be a float type.
static LogicalResult inferRandomLike(std::optional<Location> loc, Value input,
                                     std::optional<Type> dtype, StringRef name,
                                     SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> type = getOperandType(loc, input, name);
  if (failed(type))
    return failure();
  Type elementType = dtype ? *dtype : type->getElementType();
  if (!isa<FloatType>(elementType))
    return emitOptionalError(loc, name, " needs a float dtype for ", *type);
  inferred.push_back(type->clone(elementType));
  return success();
}

LogicalResult
RandomNormalOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  return inferRandom(loc, adaptor.getShape(), adaptor.getDtype(),
                     "random_normal", inferred);
}

LogicalResult
RandomUniformOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  return inferRandom(loc, adaptor.getShape(), adaptor.getDtype(),
                     "random_uniform", inferred);
}

LogicalResult
RandomNormalLikeOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                     Adaptor adaptor,
                                     SmallVectorImpl<Type> &inferred) {
  return inferRandomLike(loc, adaptor.getInput(), adaptor.getDtype(),
                         "random_normal_like", inferred);
}

LogicalResult RandomUniformLikeOp::inferResultTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferRandomLike(loc, adaptor.getInput(), adaptor.getDtype(),
                         "random_uniform_like", inferred);
}

LogicalResult BernoulliOp::inferResultTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "bernoulli input");
  if (failed(input))
    return failure();
  std::optional<Type> dtype = adaptor.getDtype();
  inferred.push_back(input->clone(dtype ? *dtype : input->getElementType()));
  return success();
}

LogicalResult MultinomialOp::inferResultTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "multinomial input");
  if (failed(input))
    return failure();
  if (input->hasRank() && input->getRank() != 2)
    return emitOptionalError(loc,
                             "multinomial input must be [batch, classes], "
                             "got ",
                             *input);
  int64_t batch =
      input->hasRank() ? input->getDimSize(0) : ShapedType::kDynamic;
  auto samples = static_cast<int64_t>(adaptor.getSampleSize());
  // A non-positive sample_size is reported by the verifier.
  if (samples < 1)
    samples = ShapedType::kDynamic;
  inferred.push_back(
      RankedTensorType::get({batch, samples}, adaptor.getDtype()));
  return success();
}

LogicalResult MultinomialOp::verify() {
  if (static_cast<int64_t>(getSampleSize()) < 1)
    return emitOpError("sample_size must be positive, got ")
           << static_cast<int64_t>(getSampleSize());
  return success();
}
