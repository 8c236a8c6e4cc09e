// SPDX-License-Identifier: Apache-2.0
//===- MathOps.cpp - inference, verifiers and folders of ONNX math ops ----===//
//
// Elementwise ops, activations, Clip, the normalized exponentials and
// CumSum. Matrix products (MatMul, Gemm, Einsum, Det) are in
// MathContractionOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"
#include "dialects/kiln/IR/MathShapeUtils.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Shared inference helpers (declared in KilnOps.h)
//===----------------------------------------------------------------------===//

bool mlir::kiln::areCompatibleResultTypes(TypeRange inferred,
                                          TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [inferredType, declaredType] : llvm::zip(inferred, declared)) {
    // Sequences and optionals compare element types and shapes within.
    if (!isa<ShapedType>(inferredType) || !isa<ShapedType>(declaredType)) {
      if (!areCompatibleTypes(declaredType, inferredType))
        return false;
      continue;
    }
    auto lhs = dyn_cast<ShapedType>(inferredType);
    auto rhs = dyn_cast<ShapedType>(declaredType);
    if (!lhs || !rhs || lhs.getElementType() != rhs.getElementType() ||
        failed(verifyCompatibleShape(lhs, rhs)))
      return false;
  }
  return true;
}

LogicalResult
mlir::kiln::inferBroadcastResultType(std::optional<Location> loc, Type lhs,
                                     Type rhs, Type elementType,
                                     SmallVectorImpl<Type> &inferred) {
  // Inference runs before operand types are verified.
  if (!isa<TensorType>(lhs) || !isa<TensorType>(rhs))
    return emitOptionalError(loc, "operands must be tensors, got ", lhs,
                             " and ", rhs);
  Type result = OpTrait::util::getBroadcastedType(lhs, rhs);
  if (!result)
    return emitOptionalError(loc, "operand shapes do not broadcast: ", lhs,
                             " and ", rhs);
  if (elementType)
    result = cast<ShapedType>(result).clone(elementType);
  inferred.push_back(result);
  return success();
}

LogicalResult
mlir::kiln::inferVariadicBroadcastResultType(std::optional<Location> loc,
                                             TypeRange operands,
                                             SmallVectorImpl<Type> &inferred) {
  if (operands.empty())
    return emitOptionalError(loc, "needs at least one operand");
  if (!llvm::all_of(operands, llvm::IsaPred<TensorType>))
    return emitOptionalError(loc, "operands must be tensors");
  Type result = operands.front();
  for (Type operand : operands.drop_front()) {
    Type broadcast = OpTrait::util::getBroadcastedType(result, operand);
    if (!broadcast)
      return emitOptionalError(loc, "operand shapes do not broadcast: ", result,
                               " and ", operand);
    result = broadcast;
  }
  inferred.push_back(result);
  return success();
}

//===----------------------------------------------------------------------===//
// Local helpers
//===----------------------------------------------------------------------===//

/// Infers the numpy broadcast of all `operands`, whose element types may
/// differ, as a tensor of `elementType`.
static LogicalResult inferMixedBroadcast(std::optional<Location> loc,
                                         ArrayRef<Type> operands,
                                         Type elementType,
                                         SmallVectorImpl<Type> &inferred) {
  // A scalar broadcasts to anything, so it starts the fold.
  SmallVector<int64_t> shape;
  bool ranked = true;
  for (Type operand : operands) {
    auto type = dyn_cast<TensorType>(operand);
    if (!type)
      return emitOptionalError(loc, "operands must be tensors, got ", operand);
    if (!type.hasRank()) {
      ranked = false;
      continue;
    }
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, type.getShape(), next)) {
      std::string types;
      llvm::raw_string_ostream os(types);
      llvm::interleave(
          operands, os, [&](Type t) { os << "'" << t << "'"; }, " and ");
      return emitOptionalError(loc, "operand shapes do not broadcast: ", types);
    }
    shape = std::move(next);
  }
  inferred.push_back(ranked ? getTensorType(shape, elementType)
                            : getTensorType(std::nullopt, elementType));
  return success();
}

FailureOr<SmallVector<int64_t>>
mlir::kiln::broadcastUnidirectionally(ArrayRef<int64_t> from,
                                      ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return failure();
  SmallVector<int64_t> result(to);
  size_t offset = to.size() - from.size();
  for (auto [index, dim] : llvm::enumerate(from)) {
    int64_t &target = result[offset + index];
    if (ShapedType::isDynamic(dim) || dim == 1)
      continue;
    if (ShapedType::isDynamic(target))
      target = dim;
    else if (target != dim)
      return failure();
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Constant folding
//===----------------------------------------------------------------------===//

/// For each element of a tensor of static `resultShape`, the linear index of
/// the element of an operand of `operandShape` that broadcasts to it.
static SmallVector<int64_t> getBroadcastIndices(ArrayRef<int64_t> operandShape,
                                                ArrayRef<int64_t> resultShape) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - static_cast<int64_t>(operandShape.size());
  // Strides of the operand, seen from the result's dims (0 where it
  // broadcasts).
  SmallVector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (int64_t dim = rank - 1; dim >= offset; --dim) {
    int64_t size = operandShape[dim - offset];
    if (size != 1)
      strides[dim] = stride;
    stride *= size;
  }

  int64_t numElements = ShapedType::getNumElements(resultShape);
  SmallVector<int64_t> indices;
  indices.reserve(numElements);
  SmallVector<int64_t> position(rank, 0);
  int64_t index = 0;
  for (int64_t i = 0; i < numElements; ++i) {
    indices.push_back(index);
    // Advance the odometer over the result's dims.
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      index += strides[dim];
      if (++position[dim] < resultShape[dim])
        break;
      index -= strides[dim] * resultShape[dim];
      position[dim] = 0;
    }
  }
  return indices;
}

template <typename ValueT>
using BinaryFoldFn =
    function_ref<std::optional<ValueT>(const ValueT &, const ValueT &)>;

template <typename ValueT>
static Attribute
foldBroadcastElements(DenseElementsAttr lhs, DenseElementsAttr rhs,
                      RankedTensorType type, BinaryFoldFn<ValueT> calculate) {
  if (lhs.isSplat() && rhs.isSplat()) {
    std::optional<ValueT> value =
        calculate(lhs.getSplatValue<ValueT>(), rhs.getSplatValue<ValueT>());
    if (!value)
      return {};
    return DenseElementsAttr::get(type, ArrayRef<ValueT>(*value));
  }
  SmallVector<int64_t> lhsIndices =
      getBroadcastIndices(lhs.getType().getShape(), type.getShape());
  SmallVector<int64_t> rhsIndices =
      getBroadcastIndices(rhs.getType().getShape(), type.getShape());
  auto lhsValues = lhs.value_begin<ValueT>();
  auto rhsValues = rhs.value_begin<ValueT>();
  SmallVector<ValueT> results;
  results.reserve(lhsIndices.size());
  for (auto [lhsIndex, rhsIndex] : llvm::zip(lhsIndices, rhsIndices)) {
    std::optional<ValueT> value =
        calculate(lhsValues[lhsIndex], rhsValues[rhsIndex]);
    if (!value)
      return {};
    results.push_back(std::move(*value));
  }
  return DenseElementsAttr::get(type, results);
}

/// Folds a broadcasting elementwise op on two constants into a constant of
/// `resultType`, when that type is static, holds at most getFoldElementLimit()
/// elements and is the broadcast of the operands. `intFn` computes integer
/// elements (told whether they are unsigned), `floatFn` float elements;
/// either may decline an element (std::nullopt), which cancels the fold.
static Attribute foldBinaryConstants(
    Attribute lhsAttr, Attribute rhsAttr, Type resultType,
    function_ref<std::optional<APInt>(const APInt &, const APInt &, bool)>
        intFn,
    BinaryFoldFn<APFloat> floatFn) {
  auto lhs = dyn_cast_or_null<DenseElementsAttr>(lhsAttr);
  auto rhs = dyn_cast_or_null<DenseElementsAttr>(rhsAttr);
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!lhs || !rhs || !type || !type.hasStaticShape() ||
      type.getNumElements() > getFoldElementLimit())
    return {};
  Type elementType = type.getElementType();
  if (lhs.getElementType() != elementType ||
      rhs.getElementType() != elementType)
    return {};
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs.getType().getShape(),
                                          rhs.getType().getShape(), shape) ||
      ArrayRef<int64_t>(shape) != type.getShape())
    return {};

  if (isa<FloatType>(elementType))
    return foldBroadcastElements<APFloat>(lhs, rhs, type, floatFn);
  if (!elementType.isIntOrIndex())
    return {};
  bool isUnsigned = elementType.isUnsignedInteger();
  return foldBroadcastElements<APInt>(
      lhs, rhs, type,
      [&](const APInt &a, const APInt &b) { return intFn(a, b, isUnsigned); });
}

/// Whether `attr` is a splat constant whose value satisfies `intPred` (for
/// integer elements) or `floatPred` (for floats).
static bool isSplatConstant(Attribute attr,
                            function_ref<bool(const APInt &)> intPred,
                            function_ref<bool(const APFloat &)> floatPred) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!elements || !elements.isSplat())
    return false;
  Type elementType = elements.getElementType();
  if (isa<FloatType>(elementType))
    return floatPred(elements.getSplatValue<APFloat>());
  if (elementType.isInteger())
    return intPred(elements.getSplatValue<APInt>());
  return false;
}

/// `value` when it already has the op's result type `resultType`, so that an
/// identity (`x + 0`, `x * 1`) may replace the op by it; else null. A
/// broadcast that enlarges `value`, or a result declared less refined,
/// keeps the op.
static OpFoldResult foldToOperand(Value value, Type resultType) {
  if (value.getType() != resultType)
    return {};
  return value;
}

static constexpr APFloat::roundingMode kRounding = APFloat::rmNearestTiesToEven;

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (Attribute folded = foldBinaryConstants(
          adaptor.getA(), adaptor.getB(), getType(),
          [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
            return a + b;
          },
          [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
            APFloat result = a;
            result.add(b, kRounding);
            return result;
          }))
    return folded;

  // x + 0 == x for integers; for floats only x + -0.0 == x holds for every x
  // (-0.0 + +0.0 is +0.0).
  auto isAdditiveIdentity = [](Attribute attr) {
    return isSplatConstant(
        attr, [](const APInt &v) { return v.isZero(); },
        [](const APFloat &v) { return v.isNegZero(); });
  };
  if (isAdditiveIdentity(adaptor.getB()))
    return foldToOperand(getA(), getType());
  if (isAdditiveIdentity(adaptor.getA()))
    return foldToOperand(getB(), getType());
  return {};
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (Attribute folded = foldBinaryConstants(
          adaptor.getA(), adaptor.getB(), getType(),
          [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
            return a - b;
          },
          [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
            APFloat result = a;
            result.subtract(b, kRounding);
            return result;
          }))
    return folded;

  // x - 0 == x; for floats x - +0.0 == x holds for every x, -0.0 included.
  if (isSplatConstant(
          adaptor.getB(), [](const APInt &v) { return v.isZero(); },
          [](const APFloat &v) { return v.isPosZero(); }))
    return foldToOperand(getA(), getType());
  return {};
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (Attribute folded = foldBinaryConstants(
          adaptor.getA(), adaptor.getB(), getType(),
          [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
            return a * b;
          },
          [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
            APFloat result = a;
            result.multiply(b, kRounding);
            return result;
          }))
    return folded;

  // x * 1 == x. For floats this is exact under IEEE 754 for every x: the
  // product is representable, the sign of -0.0 and of infinities is kept
  // and NaN stays NaN (LLVM's InstSimplify folds `fmul x, 1.0` likewise).
  // x * 0 is not folded: NaN * 0 is NaN and -1 * 0 is -0.0.
  auto isMultiplicativeIdentity = [](Attribute attr) {
    return isSplatConstant(
        attr, [](const APInt &v) { return v.isOne(); },
        [](const APFloat &v) { return v.isExactlyValue(1.0); });
  };
  if (isMultiplicativeIdentity(adaptor.getB()))
    return foldToOperand(getA(), getType());
  if (isMultiplicativeIdentity(adaptor.getA()))
    return foldToOperand(getB(), getType());
  return {};
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (Attribute folded = foldBinaryConstants(
          adaptor.getA(), adaptor.getB(), getType(),
          [](const APInt &a, const APInt &b,
             bool isUnsigned) -> std::optional<APInt> {
            // Division by zero and MIN / -1 are undefined: leave them to run
            // time.
            if (b.isZero())
              return std::nullopt;
            if (isUnsigned)
              return a.udiv(b);
            if (a.isMinSignedValue() && b.isAllOnes())
              return std::nullopt;
            return a.sdiv(b);
          },
          [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
            APFloat result = a;
            result.divide(b, kRounding);
            return result;
          }))
    return folded;

  // x / 1 == x, exact for floats as x * 1 is.
  if (isSplatConstant(
          adaptor.getB(), [](const APInt &v) { return v.isOne(); },
          [](const APFloat &v) { return v.isExactlyValue(1.0); }))
    return foldToOperand(getA(), getType());
  return {};
}

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  // Integer equality folds shape computations (torch's expand(-1) idiom).
  auto lhs = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getA());
  auto rhs = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getB());
  RankedTensorType type = getFoldableType(getType());
  if (!lhs || !rhs || !type || lhs.getElementType() != rhs.getElementType())
    return {};
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs.getType().getShape(),
                                          rhs.getType().getShape(), shape) ||
      ArrayRef<int64_t>(shape) != type.getShape())
    return {};
  return foldBroadcastElements<APInt>(
      lhs, rhs, type,
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return APInt(1, a == b);
      });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  auto condition = dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
  if (!condition)
    return {};
  if (condition.isSplat())
    return foldToOperand(condition.getSplatValue<bool>() ? getX() : getY(),
                         getType());

  // All three constant: select element by element, with broadcasting.
  auto x = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX());
  auto y = dyn_cast_or_null<DenseElementsAttr>(adaptor.getY());
  RankedTensorType type = getFoldableType(getType());
  if (!x || !y || !type)
    return {};
  SmallVector<int64_t> shape, xyShape;
  if (!OpTrait::util::getBroadcastedShape(x.getType().getShape(),
                                          y.getType().getShape(), xyShape) ||
      !OpTrait::util::getBroadcastedShape(condition.getType().getShape(),
                                          xyShape, shape) ||
      ArrayRef<int64_t>(shape) != type.getShape())
    return {};
  SmallVector<int64_t> conditionIndices =
      getBroadcastIndices(condition.getType().getShape(), shape);
  SmallVector<int64_t> xIndices =
      getBroadcastIndices(x.getType().getShape(), shape);
  SmallVector<int64_t> yIndices =
      getBroadcastIndices(y.getType().getShape(), shape);
  auto conditions = condition.getValues<bool>();
  auto xValues = x.getValues<Attribute>();
  auto yValues = y.getValues<Attribute>();
  SmallVector<Attribute> results;
  results.reserve(conditionIndices.size());
  for (auto [c, i, j] : llvm::zip(conditionIndices, xIndices, yIndices))
    results.push_back(conditions[c] ? xValues[i] : yValues[j]);
  return DenseElementsAttr::get(type, results);
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

LogicalResult PowOp::inferResultTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  Type base = adaptor.getX().getType();
  return inferMixedBroadcast(loc, {base, adaptor.getY().getType()},
                             getElementTypeOrSelf(base), inferred);
}

LogicalResult ModOp::verify() {
  int64_t fmod = getFmod();
  if (fmod != 0 && fmod != 1)
    return emitOpError("fmod must be 0 or 1, got ") << fmod;
  if (fmod == 0 && isa<FloatType>(getElementTypeOrSelf(getA().getType())))
    return emitOpError("fmod must be 1 for float operands, got ")
           << getA().getType();
  return success();
}

LogicalResult BitShiftOp::inferResultTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  return inferBroadcastResultType(loc, adaptor.getX().getType(),
                                  adaptor.getY().getType(),
                                  /*elementType=*/nullptr, inferred);
}

LogicalResult BitShiftOp::verify() {
  StringRef direction = getDirection();
  if (direction != "LEFT" && direction != "RIGHT")
    return emitOpError("direction must be \"LEFT\" or \"RIGHT\", got \"")
           << direction << "\"";
  return success();
}

LogicalResult WhereOp::inferResultTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  Type x = adaptor.getX().getType();
  return inferMixedBroadcast(
      loc, {adaptor.getCondition().getType(), x, adaptor.getY().getType()},
      getElementTypeOrSelf(x), inferred);
}

LogicalResult WhereOp::verify() {
  Type x = getX().getType(), y = getY().getType();
  if (getElementTypeOrSelf(x) != getElementTypeOrSelf(y))
    return emitOpError("requires X and Y of the same element type, got ")
           << x << " and " << y;
  return success();
}

//===----------------------------------------------------------------------===//
// Activations and Clip
//===----------------------------------------------------------------------===//

LogicalResult PReluOp::inferResultTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto slopeType = dyn_cast<TensorType>(adaptor.getSlope().getType());
  if (!xType || !slopeType)
    return emitOptionalError(loc, "prelu operands must be tensors");
  if (!xType.hasRank() || !slopeType.hasRank()) {
    inferred.push_back(xType);
    return success();
  }
  FailureOr<SmallVector<int64_t>> shape =
      broadcastUnidirectionally(slopeType.getShape(), xType.getShape());
  if (failed(shape))
    return emitOptionalError(loc, "prelu slope ", slopeType,
                             " does not broadcast to the input ", xType);
  inferred.push_back(getTensorType(*shape, xType.getElementType()));
  return success();
}

LogicalResult GeluOp::verify() {
  StringRef approximate = getApproximate();
  if (approximate != "none" && approximate != "tanh")
    return emitOpError("approximate must be \"none\" or \"tanh\", got \"")
           << approximate << "\"";
  return success();
}

LogicalResult ClipOp::inferResultTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult ClipOp::verify() {
  for (Value bound : {getMin(), getMax()}) {
    if (!bound)
      continue;
    auto type = cast<ShapedType>(bound.getType());
    if (type.hasStaticShape() && type.getNumElements() != 1)
      return emitOpError("bounds must hold a single element, got ") << type;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Normalized exponentials
//===----------------------------------------------------------------------===//

/// The result of Softmax, LogSoftmax and Hardmax: the input's type, once
/// `axis` is known to lie in [-rank, rank).
static LogicalResult inferAxisNormalization(std::optional<Location> loc,
                                            StringRef opName, Type input,
                                            int64_t axis,
                                            SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<TensorType>(input);
  if (!type)
    return emitOptionalError(loc, opName, " input must be a tensor, got ",
                             input);
  if (type.hasRank() && failed(normalizeAxis(axis, type.getRank())))
    return emitOptionalError(loc, opName, " axis ", axis,
                             " is out of range for ", type);
  inferred.push_back(type);
  return success();
}

LogicalResult SoftmaxOp::inferResultTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferAxisNormalization(loc, "softmax", adaptor.getInput().getType(),
                                adaptor.getAxis(), inferred);
}

LogicalResult LogSoftmaxOp::inferResultTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferAxisNormalization(loc, "log_softmax",
                                adaptor.getInput().getType(), adaptor.getAxis(),
                                inferred);
}

LogicalResult HardmaxOp::inferResultTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferAxisNormalization(loc, "hardmax", adaptor.getInput().getType(),
                                adaptor.getAxis(), inferred);
}

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

LogicalResult CumSumOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  auto axisType = dyn_cast<TensorType>(adaptor.getAxis().getType());
  if (!xType || !axisType)
    return emitOptionalError(loc, "cumsum operands must be tensors");
  if (axisType.hasRank() &&
      (axisType.getRank() > 1 ||
       (axisType.getRank() == 1 && axisType.getDimSize(0) != 1 &&
        !axisType.isDynamicDim(0))))
    return emitOptionalError(
        loc, "cumsum axis must be a scalar or hold one element, got ",
        axisType);
  if (xType.hasRank()) {
    if (xType.getRank() == 0)
      return emitOptionalError(loc, "cumsum input must have rank >= 1, got ",
                               xType);
    std::optional<SmallVector<int64_t>> axis =
        getConstantIntegers(adaptor.getAxis());
    if (axis && axis->size() == 1 &&
        failed(normalizeAxis(axis->front(), xType.getRank())))
      return emitOptionalError(loc, "cumsum axis ", axis->front(),
                               " is out of range for ", xType);
  }
  inferred.push_back(xType);
  return success();
}
