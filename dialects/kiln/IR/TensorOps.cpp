// SPDX-License-Identifier: Apache-2.0
//===- TensorOps.cpp - inference and folders of ONNX tensor operators -----===//
//
// Constants, casts, shape queries and shape manipulation. Indexing ops and
// block rearrangements live in TensorIndexingOps.cpp, generators in
// TensorGeneratorOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <numeric>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The length of the 1-D operand `value` (kDynamic when unknown); an error
/// when it is ranked but not 1-D.
static FailureOr<int64_t> get1DLength(std::optional<Location> loc, Value value,
                                      StringRef what) {
  FailureOr<TensorType> type = getOperandType(loc, value, what);
  if (failed(type))
    return failure();
  if (!type->hasRank())
    return ShapedType::kDynamic;
  if (type->getRank() != 1) {
    (void)emitOptionalError(loc, what, " must be 1-D, got ", *type);
    return failure();
  }
  return type->getDimSize(0);
}

/// The entries of a 1-D integer operand: its values when it is a constant,
/// else one kDynamic per entry when its length is static, else std::nullopt.
static std::optional<SmallVector<int64_t>> getEntries(Value value) {
  if (std::optional<SmallVector<int64_t>> values = getConstantIntegers(value))
    return values;
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 1 || type.isDynamicDim(0))
    return std::nullopt;
  return SmallVector<int64_t>(type.getDimSize(0), ShapedType::kDynamic);
}

/// The product of `dims`, kDynamic if one of them is.
static int64_t getProduct(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t dim : dims) {
    if (ShapedType::isDynamic(dim))
      return ShapedType::kDynamic;
    product *= dim;
  }
  return product;
}

/// Resolves every axis of `axes` against `rank`; an error naming `what` when
/// one is out of range or repeated.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(std::optional<Location> loc, ArrayRef<int64_t> axes, int64_t rank,
              StringRef what) {
  SmallVector<int64_t> result;
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, rank);
    if (failed(normalized)) {
      (void)emitOptionalError(loc, what, " axis ", axis,
                              " is out of range for rank ", rank);
      return failure();
    }
    if (!seen.insert(*normalized).second) {
      (void)emitOptionalError(loc, what, " axis ", axis, " is repeated");
      return failure();
    }
    result.push_back(*normalized);
  }
  return result;
}

/// The dense elements of a folded operand, when it is a constant.
static DenseElementsAttr getDense(Attribute attr) {
  return dyn_cast_or_null<DenseElementsAttr>(attr);
}

/// `input` (a constant) in the static shape of `result`, or null.
static Attribute foldReshape(Attribute input, Value result) {
  DenseElementsAttr dense = getDense(input);
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!dense || !type || !type.hasStaticShape() ||
      type.getNumElements() != dense.getNumElements() ||
      type.getElementType() != dense.getElementType())
    return nullptr;
  return dense.reshape(type);
}

/// Whether `value` may replace `result` in a fold: it has the same type,
/// ranked (an unranked type says nothing about the shape).
static bool isFoldableIdentity(Value value, Value result) {
  return value.getType() == result.getType() &&
         isa<RankedTensorType>(value.getType());
}

/// Builds a constant of `type` whose element at each (row-major) index is the
/// element of `input` at `sourceIndex(index)`; null when `sourceIndex`
/// returns a negative index.
static Attribute
foldByIndexMap(DenseElementsAttr input, RankedTensorType type,
               function_ref<int64_t(ArrayRef<int64_t>)> sourceIndex) {
  if (input.isSplat())
    return DenseElementsAttr::get(type, input.getSplatValue<Attribute>());
  auto values = input.getValues<Attribute>();
  SmallVector<Attribute> elements;
  elements.reserve(type.getNumElements());
  SmallVector<int64_t> index(type.getRank(), 0);
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    int64_t source = sourceIndex(index);
    if (source < 0 || source >= input.getNumElements())
      return nullptr;
    elements.push_back(values[source]);
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      if (++index[d] < type.getDimSize(d))
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, elements);
}

/// The row-major strides of `shape`.
static SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

//===----------------------------------------------------------------------===//
// ConstantOp, ConstantOfShapeOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

LogicalResult ConstantOfShapeOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  Type elementType = Float32Type::get(context);
  if (ElementsAttr value = adaptor.getValueAttr())
    elementType = value.getElementType();
  if (failed(get1DLength(loc, adaptor.getInput(), "constant_of_shape input")))
    return failure();
  std::optional<SmallVector<int64_t>> dims = getEntries(adaptor.getInput());
  if (dims && llvm::any_of(*dims, [](int64_t d) {
        return d < 0 && !ShapedType::isDynamic(d);
      }))
    return emitOptionalError(loc,
                             "constant_of_shape dims must not be "
                             "negative, got [",
                             llvm::make_range(dims->begin(), dims->end()), "]");
  inferred.push_back(getTensorType(
      dims ? std::optional<ArrayRef<int64_t>>(*dims) : std::nullopt,
      elementType));
  return success();
}

LogicalResult ConstantOfShapeOp::verify() {
  if (ElementsAttr value = getValueAttr(); value && value.getNumElements() != 1)
    return emitOpError("value must hold one element, got ")
           << value.getNumElements();
  return success();
}

OpFoldResult ConstantOfShapeOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = getFoldableType(getOutput().getType());
  if (!type || !getDense(adaptor.getInput()))
    return {};
  Attribute element;
  if (ElementsAttr value = getValueAttr()) {
    auto dense = dyn_cast<DenseElementsAttr>(value);
    if (!dense)
      return {};
    element = *dense.getValues<Attribute>().begin();
  } else {
    element = FloatAttr::get(Float32Type::get(getContext()), 0.0);
  }
  if (cast<TypedAttr>(element).getType() != type.getElementType())
    return {};
  return DenseElementsAttr::get(type, element);
}

//===----------------------------------------------------------------------===//
// CastOp, CastLikeOp, IdentityOp
//===----------------------------------------------------------------------===//

/// Whether ONNX reads integers of `type` as signed: signless types stand for
/// its signed integers; bool (i1) and `ui*` are unsigned.
static bool isSignedInteger(Type type) {
  auto integer = cast<IntegerType>(type);
  return !integer.isUnsigned() && integer.getWidth() != 1;
}

/// Converts one element to `target` as ONNX Cast does; null when the result
/// is undefined (a float out of the integer's range, NaN).
static Attribute castElement(Attribute element, Type target) {
  if (auto integerType = dyn_cast<IntegerType>(target)) {
    unsigned width = integerType.getWidth();
    if (auto integer = dyn_cast<IntegerAttr>(element)) {
      const APInt &value = integer.getValue();
      if (width == 1)
        return IntegerAttr::get(target, APInt(1, !value.isZero()));
      return IntegerAttr::get(target, isSignedInteger(integer.getType())
                                          ? value.sextOrTrunc(width)
                                          : value.zextOrTrunc(width));
    }
    if (auto real = dyn_cast<FloatAttr>(element)) {
      const APFloat &value = real.getValue();
      if (width == 1)
        return IntegerAttr::get(target, APInt(1, !value.isZero()));
      APSInt result(width, /*isUnsigned=*/!isSignedInteger(target));
      bool isExact = false;
      if (value.convertToInteger(result, APFloat::rmTowardZero, &isExact) &
          APFloat::opInvalidOp)
        return nullptr;
      return IntegerAttr::get(target, result);
    }
    return nullptr;
  }
  auto floatType = dyn_cast<FloatType>(target);
  if (!floatType)
    return nullptr;
  APFloat result(floatType.getFloatSemantics());
  if (auto integer = dyn_cast<IntegerAttr>(element)) {
    result.convertFromAPInt(integer.getValue(),
                            isSignedInteger(integer.getType()),
                            APFloat::rmNearestTiesToEven);
    return FloatAttr::get(target, result);
  }
  if (auto real = dyn_cast<FloatAttr>(element)) {
    result = real.getValue();
    bool losesInfo = false;
    result.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                   &losesInfo);
    return FloatAttr::get(target, result);
  }
  return nullptr;
}

/// Folds a cast of the constant `input` to the type of `result`.
static OpFoldResult foldCast(Value input, Attribute constant, Value result) {
  if (input.getType() == result.getType())
    return input;
  DenseElementsAttr dense = getDense(constant);
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!dense || !type || !type.hasStaticShape() ||
      dense.getType().getShape() != type.getShape())
    return {};
  Type target = type.getElementType();
  if (dense.isSplat()) {
    Attribute element = castElement(dense.getSplatValue<Attribute>(), target);
    return element ? DenseElementsAttr::get(type, element) : nullptr;
  }
  if (type.getNumElements() > getFoldElementLimit())
    return {};
  SmallVector<Attribute> elements;
  for (Attribute element : dense.getValues<Attribute>()) {
    elements.push_back(castElement(element, target));
    if (!elements.back())
      return {};
  }
  return DenseElementsAttr::get(type, elements);
}

LogicalResult CastOp::inferResultTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "cast input");
  if (failed(input))
    return failure();
  inferred.push_back(input->clone(adaptor.getTo()));
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  return foldCast(getInput(), adaptor.getInput(), getOutput());
}

LogicalResult CastLikeOp::inferResultTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "cast_like input");
  FailureOr<TensorType> target =
      getOperandType(loc, adaptor.getTargetType(), "cast_like target_type");
  if (failed(input) || failed(target))
    return failure();
  inferred.push_back(input->clone(target->getElementType()));
  return success();
}

OpFoldResult CastLikeOp::fold(FoldAdaptor adaptor) {
  return foldCast(getInput(), adaptor.getInput(), getOutput());
}

OpFoldResult IdentityOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// ShapeOp, SizeOp
//===----------------------------------------------------------------------===//

/// The dims `[start, end)` that ONNX Shape returns for a tensor of `rank`.
static std::pair<int64_t, int64_t>
getShapeRange(int64_t start, std::optional<int64_t> end, int64_t rank) {
  auto clamp = [rank](int64_t index) {
    return std::clamp<int64_t>(index < 0 ? index + rank : index, 0, rank);
  };
  int64_t first = clamp(start);
  int64_t last = end ? clamp(*end) : rank;
  return {first, std::max(first, last)};
}

LogicalResult ShapeOp::inferResultTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "shape input");
  if (failed(data))
    return failure();
  int64_t length = ShapedType::kDynamic;
  if (data->hasRank()) {
    std::optional<uint64_t> end = adaptor.getEnd();
    auto [first, last] = getShapeRange(
        static_cast<int64_t>(adaptor.getStart()),
        end ? std::optional<int64_t>(static_cast<int64_t>(*end)) : std::nullopt,
        data->getRank());
    length = last - first;
  }
  inferred.push_back(
      RankedTensorType::get({length}, IntegerType::get(context, 64)));
  return success();
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto data = dyn_cast<RankedTensorType>(getData().getType());
  if (!data)
    return {};
  std::optional<uint64_t> end = getEnd();
  auto [first, last] = getShapeRange(
      static_cast<int64_t>(getStart()),
      end ? std::optional<int64_t>(static_cast<int64_t>(*end)) : std::nullopt,
      data.getRank());
  ArrayRef<int64_t> dims = data.getShape().slice(first, last - first);
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                    IntegerType::get(getContext(), 64));
  if (ShapedType::isDynamicShape(dims) || getShape().getType() != type)
    return {};
  return DenseIntElementsAttr::get(type, dims);
}

LogicalResult SizeOp::inferResultTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  if (failed(getOperandType(loc, adaptor.getData(), "size input")))
    return failure();
  inferred.push_back(RankedTensorType::get({}, IntegerType::get(context, 64)));
  return success();
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto data = dyn_cast<RankedTensorType>(getData().getType());
  auto type = dyn_cast<RankedTensorType>(getSize().getType());
  if (!data || !data.hasStaticShape() || !type || type.getRank() != 0)
    return {};
  return DenseIntElementsAttr::get(type, {data.getNumElements()});
}

//===----------------------------------------------------------------------===//
// ReshapeOp, FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferResultTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "reshape data");
  if (failed(data) ||
      failed(get1DLength(loc, adaptor.getShape(), "reshape shape")))
    return failure();
  Type elementType = data->getElementType();
  std::optional<SmallVector<int64_t>> entries = getEntries(adaptor.getShape());
  if (!entries) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  std::optional<SmallVector<int64_t>> values =
      getConstantIntegers(adaptor.getShape());
  if (!values) {
    inferred.push_back(RankedTensorType::get(*entries, elementType));
    return success();
  }

  bool allowZero = adaptor.getAllowzero() != 0;
  std::optional<ArrayRef<int64_t>> inputShape = kiln::getShape(*data);
  SmallVector<int64_t> shape;
  std::optional<size_t> inferredIndex;
  for (auto [index, value] : llvm::enumerate(*values)) {
    if (value == -1) {
      if (inferredIndex)
        return emitOptionalError(loc, "reshape shape has more than one -1");
      inferredIndex = index;
      shape.push_back(ShapedType::kDynamic);
    } else if (value < -1) {
      return emitOptionalError(loc, "reshape shape has a negative dim ", value);
    } else if (value == 0 && !allowZero) {
      if (inputShape && index >= inputShape->size())
        return emitOptionalError(loc, "reshape shape copies dim ", index,
                                 " of a rank-", inputShape->size(), " input");
      shape.push_back(inputShape ? (*inputShape)[index] : ShapedType::kDynamic);
    } else {
      shape.push_back(value);
    }
  }
  if (allowZero && inferredIndex && llvm::is_contained(*values, 0))
    return emitOptionalError(
        loc, "reshape shape has both 0 and -1 while allowzero is set");

  int64_t inputCount =
      inputShape ? getProduct(*inputShape) : ShapedType::kDynamic;
  if (!ShapedType::isDynamic(inputCount)) {
    SmallVector<int64_t> known(shape);
    if (inferredIndex)
      known[*inferredIndex] = 1;
    int64_t knownCount = getProduct(known);
    if (inferredIndex && !ShapedType::isDynamic(knownCount) &&
        knownCount != 0) {
      if (inputCount % knownCount != 0)
        return emitOptionalError(
            loc, "reshape cannot infer the -1 dim: ", *data, " has ",
            inputCount, " elements, not a multiple of ", knownCount);
      shape[*inferredIndex] = inputCount / knownCount;
    } else if (!inferredIndex && !ShapedType::isDynamic(knownCount) &&
               knownCount != inputCount) {
      return emitOptionalError(loc, "reshape of ", *data, " (", inputCount,
                               " elements) to [",
                               llvm::make_range(values->begin(), values->end()),
                               "] (", knownCount, " elements)");
    }
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (type && type.hasStaticShape() && getData().getType() == type)
    return getData();
  return foldReshape(adaptor.getData(), getReshaped());
}

LogicalResult FlattenOp::inferResultTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "flatten input");
  if (failed(input))
    return failure();
  Type elementType = input->getElementType();
  if (!input->hasRank()) {
    inferred.push_back(RankedTensorType::get(
        {ShapedType::kDynamic, ShapedType::kDynamic}, elementType));
    return success();
  }
  int64_t rank = input->getRank();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  if (axis < -rank || axis > rank)
    return emitOptionalError(loc, "flatten axis ", axis,
                             " is out of range for rank ", rank);
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> shape = input->getShape();
  inferred.push_back(RankedTensorType::get(
      {getProduct(shape.take_front(axis)), getProduct(shape.drop_front(axis))},
      elementType));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  if (isFoldableIdentity(getInput(), getOutput()))
    return getInput();
  return foldReshape(adaptor.getInput(), getOutput());
}

//===----------------------------------------------------------------------===//
// SqueezeOp, UnsqueezeOp
//===----------------------------------------------------------------------===//

LogicalResult SqueezeOp::inferResultTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "squeeze data");
  if (failed(data))
    return failure();
  Type elementType = data->getElementType();
  if (!data->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = data->getRank();
  ArrayRef<int64_t> shape = data->getShape();

  if (Value axesInput = adaptor.getAxesInput()) {
    FailureOr<int64_t> count = get1DLength(loc, axesInput, "squeeze axes");
    if (failed(count))
      return failure();
    if (ShapedType::isDynamic(*count) || *count == 0 || *count > rank) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    inferred.push_back(RankedTensorType::get(
        SmallVector<int64_t>(rank - *count, ShapedType::kDynamic),
        elementType));
    return success();
  }

  std::optional<ArrayRef<int64_t>> axes = adaptor.getAxes();
  if (!axes || axes->empty()) {
    // Without axes every dim of size 1 goes: a dynamic dim might be one.
    if (ShapedType::isDynamicShape(shape)) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    SmallVector<int64_t> result;
    llvm::copy_if(shape, std::back_inserter(result),
                  [](int64_t dim) { return dim != 1; });
    inferred.push_back(RankedTensorType::get(result, elementType));
    return success();
  }

  FailureOr<SmallVector<int64_t>> normalized =
      normalizeAxes(loc, *axes, rank, "squeeze");
  if (failed(normalized))
    return failure();
  SmallVector<int64_t> result;
  for (auto [index, dim] : llvm::enumerate(shape)) {
    if (!llvm::is_contained(*normalized, static_cast<int64_t>(index))) {
      result.push_back(dim);
      continue;
    }
    if (dim != 1 && !ShapedType::isDynamic(dim))
      return emitOptionalError(loc, "squeeze axis ", index, " of ", *data,
                               " has size ", dim, ", not 1");
  }
  inferred.push_back(RankedTensorType::get(result, elementType));
  return success();
}

LogicalResult SqueezeOp::verify() {
  if (getAxesInput() && getAxesAttr())
    return emitOpError("takes axes as an attribute or an operand, not both");
  return success();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  if (isFoldableIdentity(getData(), getSqueezed()))
    return getData();
  return foldReshape(adaptor.getData(), getSqueezed());
}

LogicalResult UnsqueezeOp::inferResultTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "unsqueeze data");
  if (failed(data))
    return failure();
  Type elementType = data->getElementType();
  std::optional<ArrayRef<int64_t>> axes = adaptor.getAxes();
  if (!data->hasRank() || !axes) {
    int64_t count = ShapedType::kDynamic;
    if (Value axesInput = adaptor.getAxesInput()) {
      FailureOr<int64_t> length = get1DLength(loc, axesInput, "unsqueeze axes");
      if (failed(length))
        return failure();
      count = *length;
    }
    if (data->hasRank() && !ShapedType::isDynamic(count)) {
      inferred.push_back(RankedTensorType::get(
          SmallVector<int64_t>(data->getRank() + count, ShapedType::kDynamic),
          elementType));
    } else {
      inferred.push_back(UnrankedTensorType::get(elementType));
    }
    return success();
  }

  int64_t rank = data->getRank() + static_cast<int64_t>(axes->size());
  FailureOr<SmallVector<int64_t>> normalized =
      normalizeAxes(loc, *axes, rank, "unsqueeze");
  if (failed(normalized))
    return failure();
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> dims = data->getShape();
  for (int64_t index = 0; index < rank; ++index) {
    if (llvm::is_contained(*normalized, index)) {
      shape.push_back(1);
    } else {
      shape.push_back(dims.front());
      dims = dims.drop_front();
    }
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult UnsqueezeOp::verify() {
  if (static_cast<bool>(getAxesInput()) == static_cast<bool>(getAxesAttr()))
    return emitOpError("takes axes as either an attribute or an operand");
  return success();
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  if (isFoldableIdentity(getData(), getExpanded()))
    return getData();
  return foldReshape(adaptor.getData(), getExpanded());
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

/// Whether `perm` holds each of 0..size-1 once.
static bool isPermutation(ArrayRef<int64_t> perm) {
  SmallVector<bool> seen(perm.size(), false);
  for (int64_t index : perm) {
    if (index < 0 || index >= static_cast<int64_t>(perm.size()) || seen[index])
      return false;
    seen[index] = true;
  }
  return true;
}

LogicalResult TransposeOp::inferResultTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "transpose data");
  if (failed(data))
    return failure();
  Type elementType = data->getElementType();
  std::optional<ArrayRef<int64_t>> perm = adaptor.getPerm();
  // An invalid perm is reported by the verifier.
  if (perm && !isPermutation(*perm)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (!data->hasRank()) {
    inferred.push_back(
        perm ? Type(RankedTensorType::get(
                   SmallVector<int64_t>(perm->size(), ShapedType::kDynamic),
                   elementType))
             : Type(UnrankedTensorType::get(elementType)));
    return success();
  }
  ArrayRef<int64_t> shape = data->getShape();
  if (perm && static_cast<int64_t>(perm->size()) != data->getRank())
    return emitOptionalError(loc, "transpose perm has ", perm->size(),
                             " entries for ", *data);
  SmallVector<int64_t> result;
  for (int64_t i = 0, rank = data->getRank(); i < rank; ++i)
    result.push_back(shape[perm ? (*perm)[i] : rank - 1 - i]);
  inferred.push_back(RankedTensorType::get(result, elementType));
  return success();
}

LogicalResult TransposeOp::verify() {
  if (std::optional<ArrayRef<int64_t>> perm = getPerm();
      perm && !isPermutation(*perm))
    return emitOpError("perm [")
           << llvm::make_range(perm->begin(), perm->end())
           << "] is not a permutation of 0.." << perm->size() - 1;
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getData().getType());
  if (!type || getData().getType() != getType())
    return {};
  if (std::optional<ArrayRef<int64_t>> perm = getPerm()) {
    for (auto [index, value] : llvm::enumerate(*perm))
      if (value != static_cast<int64_t>(index))
        return {};
    return getData();
  }
  // Reversing the dims keeps a tensor of rank <= 1.
  return type.getRank() <= 1 ? getData() : Value();
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "concat needs at least one input");
  SmallVector<TensorType> types;
  for (Value input : inputs) {
    FailureOr<TensorType> type = getOperandType(loc, input, "concat input");
    if (failed(type))
      return failure();
    types.push_back(*type);
  }
  Type elementType = types.front().getElementType();

  std::optional<SmallVector<int64_t>> shape;
  bool axisDimKnown = true;
  int64_t axis = 0;
  for (TensorType type : types) {
    if (!type.hasRank()) {
      axisDimKnown = false;
      continue;
    }
    if (!shape) {
      FailureOr<int64_t> normalized = normalizeAxis(
          static_cast<int64_t>(adaptor.getAxis()), type.getRank());
      if (failed(normalized))
        return emitOptionalError(loc, "concat axis ",
                                 static_cast<int64_t>(adaptor.getAxis()),
                                 " is out of range for ", type);
      axis = *normalized;
      shape = SmallVector<int64_t>(type.getShape());
      continue;
    }
    if (type.getRank() != static_cast<int64_t>(shape->size()))
      return emitOptionalError(loc, "concat inputs differ in rank: ", type,
                               " after rank ", shape->size());
    for (auto [index, dim] : llvm::enumerate(type.getShape())) {
      int64_t &known = (*shape)[index];
      if (static_cast<int64_t>(index) == axis) {
        known = ShapedType::isDynamic(known) || ShapedType::isDynamic(dim)
                    ? ShapedType::kDynamic
                    : known + dim;
      } else if (ShapedType::isDynamic(known)) {
        known = dim;
      } else if (!ShapedType::isDynamic(dim) && dim != known) {
        return emitOptionalError(loc, "concat inputs differ in dim ", index,
                                 " outside the axis: ", type, " has ", dim,
                                 ", expected ", known);
      }
    }
  }
  if (!shape) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (!axisDimKnown)
    (*shape)[axis] = ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 &&
      getInputs().front().getType() == getConcatResult().getType())
    return getInputs().front();
  RankedTensorType type = getFoldableType(getConcatResult().getType());
  if (!type)
    return {};
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += type.getRank();
  if (axis < 0 || axis >= type.getRank())
    return {};
  int64_t outer = getProduct(type.getShape().take_front(axis));
  SmallVector<Attribute> elements;
  SmallVector<std::pair<DenseElementsAttr, int64_t>> chunks;
  for (Attribute input : adaptor.getInputs()) {
    DenseElementsAttr dense = getDense(input);
    if (!dense)
      return {};
    chunks.push_back(
        {dense, dense.getNumElements() / std::max<int64_t>(outer, 1)});
  }
  for (int64_t row = 0; row < outer; ++row)
    for (auto [dense, chunk] : chunks) {
      auto values = dense.getValues<Attribute>();
      for (int64_t i = 0; i < chunk; ++i)
        elements.push_back(values[row * chunk + i]);
    }
  if (static_cast<int64_t>(elements.size()) != type.getNumElements())
    return {};
  return DenseElementsAttr::get(type, elements);
}

//===----------------------------------------------------------------------===//
// SplitOp
//===----------------------------------------------------------------------===//

LogicalResult SplitOp::inferResultTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "split input");
  if (failed(input))
    return failure();
  Type elementType = input->getElementType();

  // The part sizes (kDynamic where unknown), or just their count.
  std::optional<SmallVector<int64_t>> sizes;
  int64_t count = 0;
  if (std::optional<ArrayRef<int64_t>> split = adaptor.getSplit()) {
    sizes = SmallVector<int64_t>(*split);
  } else if (Value splitInput = adaptor.getSplitInput()) {
    if (failed(get1DLength(loc, splitInput, "split sizes")))
      return failure();
    sizes = getEntries(splitInput);
    if (!sizes)
      return emitOptionalError(loc,
                               "split sizes must have a static length "
                               "to give the number of results, got ",
                               splitInput.getType());
  } else if (std::optional<uint64_t> numOutputs = adaptor.getNumOutputs()) {
    count = static_cast<int64_t>(*numOutputs);
    if (count < 1)
      return emitOptionalError(loc, "split num_outputs must be positive, got ",
                               count);
  } else {
    return emitOptionalError(loc, "split needs split sizes or num_outputs");
  }
  if (sizes)
    count = sizes->size();

  if (!input->hasRank()) {
    inferred.append(count, UnrankedTensorType::get(elementType));
    return success();
  }
  auto axisAttr = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> axis = normalizeAxis(axisAttr, input->getRank());
  if (failed(axis))
    return emitOptionalError(loc, "split axis ", axisAttr,
                             " is out of range for ", *input);
  int64_t dim = input->getDimSize(*axis);
  if (!sizes) {
    sizes = SmallVector<int64_t>(count, ShapedType::kDynamic);
    if (!ShapedType::isDynamic(dim)) {
      // Equal parts of ceil(dim / count); the last takes what is left.
      int64_t part = (dim + count - 1) / count;
      int64_t last = dim - part * (count - 1);
      if (last < 0 || (last == 0 && part != 0))
        return emitOptionalError(loc, "split cannot divide dim ", dim, " of ",
                                 *input, " into ", count, " parts");
      sizes->assign(count, part);
      sizes->back() = last;
    }
  } else if (!ShapedType::isDynamic(dim) &&
             !ShapedType::isDynamicShape(*sizes)) {
    int64_t total = std::accumulate(sizes->begin(), sizes->end(), int64_t(0));
    if (total != dim)
      return emitOptionalError(
          loc, "split sizes [", llvm::make_range(sizes->begin(), sizes->end()),
          "] sum to ", total, ", not to dim ", dim, " of ", *input);
  }
  for (int64_t size : *sizes) {
    if (size < 0 && !ShapedType::isDynamic(size))
      return emitOptionalError(loc, "split size ", size, " is negative");
    SmallVector<int64_t> shape(input->getShape());
    shape[*axis] = size;
    inferred.push_back(RankedTensorType::get(shape, elementType));
  }
  return success();
}

LogicalResult SplitOp::verify() {
  int given = static_cast<bool>(getSplitAttr()) +
              static_cast<bool>(getSplitInput()) +
              static_cast<bool>(getNumOutputsAttr());
  if (given != 1)
    return emitOpError("needs exactly one of the split attribute, the split "
                       "operand and num_outputs, got ")
           << given;
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

namespace {
/// The effective start, step and size of a slice along one axis.
struct SliceRange {
  int64_t axis;
  int64_t start;
  int64_t step;
  int64_t size;
};
} // namespace

/// Resolves a slice of a dim of size `dim` as ONNX does: negative indices
/// count from the back, then both are clamped to the dim.
static SliceRange getSliceRange(int64_t axis, int64_t start, int64_t end,
                                int64_t step, int64_t dim) {
  if (dim == 0)
    return {axis, 0, step, 0};
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
  }
  int64_t size = step > 0 ? (end - start + step - 1) / step
                          : (start - end + (-step) - 1) / (-step);
  return {axis, start, step, std::max<int64_t>(size, 0)};
}

/// The slices of `data` along each axis when all of the parameters are
/// constants; std::nullopt otherwise. `axes` is empty where they are not.
static FailureOr<std::optional<SmallVector<SliceRange>>>
getSliceRanges(std::optional<Location> loc, RankedTensorType data,
               Value startsValue, Value endsValue, Value axesValue,
               Value stepsValue) {
  std::optional<SmallVector<int64_t>> starts = getConstantIntegers(startsValue);
  std::optional<SmallVector<int64_t>> ends = getConstantIntegers(endsValue);
  std::optional<SmallVector<int64_t>> axes =
      axesValue ? getConstantIntegers(axesValue) : std::nullopt;
  std::optional<SmallVector<int64_t>> steps =
      stepsValue ? getConstantIntegers(stepsValue) : std::nullopt;
  if (!starts || !ends || (axesValue && !axes) || (stepsValue && !steps))
    return std::optional<SmallVector<SliceRange>>();

  size_t count = starts->size();
  int64_t rank = data.getRank();
  if (ends->size() != count || (axes && axes->size() != count) ||
      (steps && steps->size() != count)) {
    (void)emitOptionalError(loc, "slice starts, ends, axes and steps differ "
                                 "in length");
    return failure();
  }
  if (!axes) {
    if (static_cast<int64_t>(count) > rank) {
      (void)emitOptionalError(loc, "slice has ", count, " starts for ", data);
      return failure();
    }
    axes = llvm::to_vector(llvm::seq<int64_t>(0, count));
  }
  FailureOr<SmallVector<int64_t>> normalized =
      normalizeAxes(loc, *axes, rank, "slice");
  if (failed(normalized))
    return failure();
  SmallVector<SliceRange> ranges;
  for (size_t i = 0; i < count; ++i) {
    int64_t step = steps ? (*steps)[i] : 1;
    if (step == 0) {
      (void)emitOptionalError(loc, "slice step must not be 0");
      return failure();
    }
    int64_t axis = (*normalized)[i];
    int64_t dim = data.getDimSize(axis);
    if (ShapedType::isDynamic(dim))
      ranges.push_back({axis, 0, step, ShapedType::kDynamic});
    else
      ranges.push_back(
          getSliceRange(axis, (*starts)[i], (*ends)[i], step, dim));
  }
  return std::optional<SmallVector<SliceRange>>(ranges);
}

LogicalResult SliceOp::inferResultTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "slice data");
  if (failed(data))
    return failure();
  for (Value parameter : {adaptor.getStarts(), adaptor.getEnds(),
                          adaptor.getAxes(), adaptor.getSteps()})
    if (parameter && failed(get1DLength(loc, parameter, "slice parameter")))
      return failure();
  Type elementType = data->getElementType();
  auto ranked = dyn_cast<RankedTensorType>(*data);
  if (!ranked) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<std::optional<SmallVector<SliceRange>>> ranges =
      getSliceRanges(loc, ranked, adaptor.getStarts(), adaptor.getEnds(),
                     adaptor.getAxes(), adaptor.getSteps());
  if (failed(ranges))
    return failure();
  SmallVector<int64_t> shape(ranked.getShape());
  if (*ranges) {
    for (const SliceRange &range : **ranges)
      shape[range.axis] = range.size;
  } else if (adaptor.getAxes()) {
    // Only the sliced axes change, when they are known.
    if (std::optional<SmallVector<int64_t>> axes =
            getConstantIntegers(adaptor.getAxes())) {
      FailureOr<SmallVector<int64_t>> normalized =
          normalizeAxes(loc, *axes, ranked.getRank(), "slice");
      if (failed(normalized))
        return failure();
      for (int64_t axis : *normalized)
        shape[axis] = ShapedType::kDynamic;
    } else {
      shape.assign(shape.size(), ShapedType::kDynamic);
    }
  } else {
    // Without axes, the first len(starts) axes are sliced.
    auto starts = cast<TensorType>(adaptor.getStarts().getType());
    int64_t count =
        starts.hasRank() ? starts.getDimSize(0) : ShapedType::kDynamic;
    if (ShapedType::isDynamic(count) || count > ranked.getRank())
      count = ranked.getRank();
    for (int64_t axis = 0; axis < count; ++axis)
      shape[axis] = ShapedType::kDynamic;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto data = dyn_cast<RankedTensorType>(getData().getType());
  if (!data || !data.hasStaticShape())
    return {};
  FailureOr<std::optional<SmallVector<SliceRange>>> ranges = getSliceRanges(
      std::nullopt, data, getStarts(), getEnds(), getAxes(), getSteps());
  if (failed(ranges) || !*ranges)
    return {};
  SmallVector<int64_t> starts(data.getRank(), 0), steps(data.getRank(), 1),
      shape(data.getShape());
  for (const SliceRange &range : **ranges) {
    starts[range.axis] = range.start;
    steps[range.axis] = range.step;
    shape[range.axis] = range.size;
  }
  if (getType() == data &&
      llvm::all_of(steps, [](int64_t s) { return s == 1; }))
    return getData();
  RankedTensorType type = getFoldableType(getOutput().getType());
  DenseElementsAttr dense = getDense(adaptor.getData());
  if (!type || !dense || type.getShape() != ArrayRef<int64_t>(shape))
    return {};
  SmallVector<int64_t> strides = getStrides(data.getShape());
  return foldByIndexMap(dense, type, [&](ArrayRef<int64_t> index) {
    int64_t source = 0;
    for (auto [d, i] : llvm::enumerate(index))
      source += (starts[d] + i * steps[d]) * strides[d];
    return source;
  });
}

//===----------------------------------------------------------------------===//
// ExpandOp, TileOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "expand input");
  if (failed(input) ||
      failed(get1DLength(loc, adaptor.getShape(), "expand shape")))
    return failure();
  Type elementType = input->getElementType();
  std::optional<SmallVector<int64_t>> target = getEntries(adaptor.getShape());
  if (!input->hasRank() || !target) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  ArrayRef<int64_t> shape = input->getShape();
  int64_t rank = std::max<int64_t>(shape.size(), target->size());
  SmallVector<int64_t> result(rank);
  for (int64_t i = 0; i < rank; ++i) {
    int64_t inputIndex = i - (rank - static_cast<int64_t>(shape.size()));
    int64_t targetIndex = i - (rank - static_cast<int64_t>(target->size()));
    int64_t have = inputIndex >= 0 ? shape[inputIndex] : 1;
    int64_t want = targetIndex >= 0 ? (*target)[targetIndex] : 1;
    if (want < 0 && !ShapedType::isDynamic(want))
      return emitOptionalError(loc, "expand shape has a negative dim ", want);
    if (ShapedType::isDynamic(want))
      result[i] = !ShapedType::isDynamic(have) && have != 1
                      ? have
                      : ShapedType::kDynamic;
    else if (ShapedType::isDynamic(have))
      result[i] = want != 1 ? want : ShapedType::kDynamic;
    else if (have == want || want == 1)
      result[i] = have;
    else if (have == 1)
      result[i] = want;
    else
      return emitOptionalError(loc, "expand of ", *input, " to [",
                               llvm::make_range(target->begin(), target->end()),
                               "]: dims ", have, " and ", want,
                               " do not broadcast");
  }
  inferred.push_back(RankedTensorType::get(result, elementType));
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape())
    return {};
  if (getInput().getType() == type)
    return getInput();
  DenseElementsAttr dense = getDense(adaptor.getInput());
  if (dense && dense.isSplat() &&
      dense.getElementType() == type.getElementType())
    return DenseElementsAttr::get(type, dense.getSplatValue<Attribute>());
  return {};
}

LogicalResult TileOp::inferResultTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "tile input");
  FailureOr<int64_t> count =
      get1DLength(loc, adaptor.getRepeats(), "tile repeats");
  if (failed(input) || failed(count))
    return failure();
  Type elementType = input->getElementType();
  if (!input->hasRank()) {
    inferred.push_back(
        ShapedType::isDynamic(*count)
            ? Type(UnrankedTensorType::get(elementType))
            : Type(RankedTensorType::get(
                  SmallVector<int64_t>(*count, ShapedType::kDynamic),
                  elementType)));
    return success();
  }
  if (!ShapedType::isDynamic(*count) && *count != input->getRank())
    return emitOptionalError(loc, "tile repeats has ", *count, " entries for ",
                             *input);
  SmallVector<int64_t> shape(input->getShape());
  std::optional<SmallVector<int64_t>> repeats =
      getConstantIntegers(adaptor.getRepeats());
  for (auto [index, dim] : llvm::enumerate(shape)) {
    int64_t repeat = repeats ? (*repeats)[index] : ShapedType::kDynamic;
    if (repeat < 0 && !ShapedType::isDynamic(repeat))
      return emitOptionalError(loc, "tile repeats must not be negative, got ",
                               repeat);
    if (repeat == 0)
      dim = 0;
    else if (ShapedType::isDynamic(repeat) || ShapedType::isDynamic(dim))
      dim = ShapedType::kDynamic;
    else
      dim *= repeat;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

OpFoldResult TileOp::fold(FoldAdaptor) {
  std::optional<SmallVector<int64_t>> repeats =
      getConstantIntegers(getRepeats());
  if (repeats && llvm::all_of(*repeats, [](int64_t r) { return r == 1; }) &&
      isFoldableIdentity(getInput(), getOutput()))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// PadOp, CenterCropPadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferResultTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "pad data");
  FailureOr<int64_t> padsLength =
      get1DLength(loc, adaptor.getPads(), "pad pads");
  if (failed(data) || failed(padsLength))
    return failure();
  Type elementType = data->getElementType();
  if (!data->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = data->getRank();
  SmallVector<int64_t> shape(data->getShape());
  if (adaptor.getAxesInput()) {
    // Any axis may be padded.
    inferred.push_back(RankedTensorType::get(
        SmallVector<int64_t>(rank, ShapedType::kDynamic), elementType));
    return success();
  }
  SmallVector<int64_t> axes;
  if (std::optional<ArrayRef<int64_t>> axesAttr = adaptor.getAxes()) {
    FailureOr<SmallVector<int64_t>> normalized =
        normalizeAxes(loc, *axesAttr, rank, "pad");
    if (failed(normalized))
      return failure();
    axes = std::move(*normalized);
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  int64_t count = axes.size();
  if (!ShapedType::isDynamic(*padsLength) && *padsLength != 2 * count)
    return emitOptionalError(loc, "pad pads has ", *padsLength, " entries for ",
                             count, " padded axes of ", *data);
  std::optional<SmallVector<int64_t>> pads =
      getConstantIntegers(adaptor.getPads());
  for (auto [index, axis] : llvm::enumerate(axes)) {
    int64_t &dim = shape[axis];
    if (!pads || ShapedType::isDynamic(dim)) {
      dim = ShapedType::kDynamic;
      continue;
    }
    dim += (*pads)[index] + (*pads)[index + count];
    if (dim < 0)
      return emitOptionalError(loc, "pad removes more than dim ", axis, " of ",
                               *data, " holds");
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult PadOp::verify() {
  StringRef mode = getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge" &&
      mode != "wrap")
    return emitOpError("mode must be constant, reflect, edge or wrap, got '")
           << mode << "'";
  if (getAxesInput() && getAxesAttr())
    return emitOpError("takes axes as an attribute or an operand, not both");
  if (Value value = getConstantValue()) {
    auto type = cast<TensorType>(value.getType());
    if (type.getElementType() !=
        cast<TensorType>(getData().getType()).getElementType())
      return emitOpError("constant_value ")
             << type << " differs in element type from data "
             << getData().getType();
    if (type.hasStaticShape() && type.getNumElements() != 1)
      return emitOpError("constant_value must hold one element, got ") << type;
  }
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  std::optional<SmallVector<int64_t>> pads = getConstantIntegers(getPads());
  if (pads && llvm::all_of(*pads, [](int64_t p) { return p == 0; }) &&
      isFoldableIdentity(getData(), getOutput()))
    return getData();
  return {};
}

LogicalResult
CenterCropPadOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInputData(), "center_crop_pad input");
  if (failed(input) ||
      failed(get1DLength(loc, adaptor.getShape(), "center_crop_pad shape")))
    return failure();
  Type elementType = input->getElementType();
  std::optional<SmallVector<int64_t>> target = getEntries(adaptor.getShape());
  std::optional<ArrayRef<int64_t>> axesAttr = adaptor.getAxes();
  if (!input->hasRank()) {
    // Without axes, `shape` is the whole result shape.
    inferred.push_back(target && !axesAttr
                           ? Type(RankedTensorType::get(*target, elementType))
                           : Type(UnrankedTensorType::get(elementType)));
    return success();
  }
  int64_t rank = input->getRank();
  SmallVector<int64_t> axes;
  if (axesAttr) {
    FailureOr<SmallVector<int64_t>> normalized =
        normalizeAxes(loc, *axesAttr, rank, "center_crop_pad");
    if (failed(normalized))
      return failure();
    axes = std::move(*normalized);
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  SmallVector<int64_t> shape(input->getShape());
  if (target && target->size() != axes.size())
    return emitOptionalError(loc, "center_crop_pad shape has ", target->size(),
                             " entries for ", axes.size(), " axes of ", *input);
  for (auto [index, axis] : llvm::enumerate(axes)) {
    int64_t dim = target ? (*target)[index] : ShapedType::kDynamic;
    if (dim < 0 && !ShapedType::isDynamic(dim))
      return emitOptionalError(loc,
                               "center_crop_pad shape has a negative "
                               "dim ",
                               dim);
    shape[axis] = dim;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "gather data");
  FailureOr<TensorType> indices =
      getOperandType(loc, adaptor.getIndices(), "gather indices");
  if (failed(data) || failed(indices))
    return failure();
  Type elementType = data->getElementType();
  auto axisAttr = static_cast<int64_t>(adaptor.getAxis());
  if (!data->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(axisAttr, data->getRank());
  if (failed(axis))
    return emitOptionalError(loc, "gather axis ", axisAttr,
                             " is out of range for ", *data);
  if (!indices->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  ArrayRef<int64_t> dims = data->getShape();
  SmallVector<int64_t> shape(dims.take_front(*axis));
  llvm::append_range(shape, indices->getShape());
  llvm::append_range(shape, dims.drop_front(*axis + 1));
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr data = getDense(adaptor.getData());
  auto indices = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getIndices());
  RankedTensorType type = getFoldableType(getOutput().getType());
  if (!data || !indices || !type)
    return {};
  ArrayRef<int64_t> dataShape = data.getType().getShape();
  FailureOr<int64_t> axis =
      normalizeAxis(static_cast<int64_t>(getAxis()), dataShape.size());
  if (failed(axis))
    return {};
  SmallVector<int64_t> indexValues;
  for (const APInt &index : indices.getValues<APInt>())
    indexValues.push_back(index.getSExtValue());
  int64_t indicesRank = indices.getType().getRank();
  SmallVector<int64_t> indexStrides = getStrides(indices.getType().getShape());
  SmallVector<int64_t> dataStrides = getStrides(dataShape);
  int64_t axisDim = dataShape[*axis];
  return foldByIndexMap(data, type, [&](ArrayRef<int64_t> index) -> int64_t {
    // Result index = data[:axis] + indices + data[axis+1:].
    int64_t position = 0;
    for (int64_t i = 0; i < indicesRank; ++i)
      position += index[*axis + i] * indexStrides[i];
    int64_t gathered = indexValues[position];
    if (gathered < 0)
      gathered += axisDim;
    if (gathered < 0 || gathered >= axisDim)
      return -1;
    int64_t source = gathered * dataStrides[*axis];
    for (int64_t d = 0; d < *axis; ++d)
      source += index[d] * dataStrides[d];
    for (int64_t d = *axis + 1, e = dataShape.size(); d < e; ++d)
      source += index[d - 1 + indicesRank] * dataStrides[d];
    return source;
  });
}
