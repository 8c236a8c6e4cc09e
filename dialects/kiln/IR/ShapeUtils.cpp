// SPDX-License-Identifier: Apache-2.0
//===- ShapeUtils.cpp - helpers for kiln ops' type inference --------------===//

#include "dialects/kiln/IR/ShapeUtils.h"

#include "dialects/kiln/IR/KilnTypes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Operation.h"

using namespace mlir;

static thread_local int64_t foldElementLimit = mlir::kiln::kMaxFoldedElements;

int64_t mlir::kiln::getFoldElementLimit() { return foldElementLimit; }

mlir::kiln::FoldElementLimit::FoldElementLimit(int64_t limit)
    : previous(foldElementLimit) {
  foldElementLimit = limit;
}

mlir::kiln::FoldElementLimit::~FoldElementLimit() {
  foldElementLimit = previous;
}

FailureOr<int64_t> mlir::kiln::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return failure();
  return axis < 0 ? axis + rank : axis;
}

std::optional<SmallVector<int64_t>>
mlir::kiln::getConstantIntegers(Value value) {
  DenseIntElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> result;
  result.reserve(attr.getNumElements());
  for (const APInt &element : attr.getValues<APInt>())
    result.push_back(element.getSExtValue());
  return result;
}

TensorType mlir::kiln::getTensorType(std::optional<ArrayRef<int64_t>> shape,
                                     Type elementType) {
  if (!shape)
    return UnrankedTensorType::get(elementType);
  return RankedTensorType::get(*shape, elementType);
}

std::optional<ArrayRef<int64_t>> mlir::kiln::getShape(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return std::nullopt;
  return ranked.getShape();
}

Type mlir::kiln::refineType(Type type, Type inferred) {
  if (type == inferred)
    return type;
  if (auto sequence = dyn_cast<kiln::SequenceType>(type)) {
    auto known = dyn_cast<kiln::SequenceType>(inferred);
    if (!known)
      return nullptr;
    Type element =
        refineType(sequence.getElementType(), known.getElementType());
    return element ? kiln::SequenceType::get(cast<TensorType>(element))
                   : nullptr;
  }
  if (auto optional = dyn_cast<kiln::OptionalType>(type)) {
    auto known = dyn_cast<kiln::OptionalType>(inferred);
    if (!known)
      return nullptr;
    Type value = refineType(optional.getValueType(), known.getValueType());
    return value ? kiln::OptionalType::get(value) : nullptr;
  }
  auto current = dyn_cast<TensorType>(type);
  auto known = dyn_cast<TensorType>(inferred);
  if (!current || !known || current.getElementType() != known.getElementType())
    return nullptr;
  if (!known.hasRank())
    return current;
  if (!current.hasRank())
    return known;
  if (current.getRank() != known.getRank())
    return nullptr;

  SmallVector<int64_t> shape;
  for (auto [have, got] : llvm::zip(current.getShape(), known.getShape())) {
    if (ShapedType::isDynamic(have))
      shape.push_back(got);
    else if (ShapedType::isDynamic(got) || have == got)
      shape.push_back(have);
    else
      return nullptr;
  }
  return RankedTensorType::get(shape, current.getElementType(),
                               cast<RankedTensorType>(current).getEncoding());
}

FailureOr<TensorType> mlir::kiln::getOperandType(std::optional<Location> loc,
                                                 Value value, StringRef what) {
  auto type = dyn_cast_or_null<TensorType>(value ? value.getType() : Type());
  if (!type) {
    (void)emitOptionalError(loc, what, " must be a tensor");
    return failure();
  }
  return type;
}

int64_t mlir::kiln::getDim(Type type, int64_t index) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || index < 0 || index >= ranked.getRank())
    return ShapedType::kDynamic;
  return ranked.getDimSize(index);
}

LogicalResult mlir::kiln::mergeDim(int64_t &known, int64_t dim) {
  if (ShapedType::isDynamic(dim))
    return success();
  if (!ShapedType::isDynamic(known) && known != dim)
    return failure();
  known = dim;
  return success();
}

bool mlir::kiln::areCompatibleTypes(Type a, Type b) {
  return static_cast<bool>(refineType(a, b));
}

Type mlir::kiln::joinTypes(Type a, Type b) {
  if (a == b)
    return a;
  auto lhsOptional = dyn_cast<kiln::OptionalType>(a);
  auto rhsOptional = dyn_cast<kiln::OptionalType>(b);
  if (lhsOptional || rhsOptional) {
    Type value = joinTypes(lhsOptional ? lhsOptional.getValueType() : a,
                           rhsOptional ? rhsOptional.getValueType() : b);
    return value ? kiln::OptionalType::get(value) : nullptr;
  }
  auto lhsSequence = dyn_cast<kiln::SequenceType>(a);
  auto rhsSequence = dyn_cast<kiln::SequenceType>(b);
  if (lhsSequence || rhsSequence) {
    if (!lhsSequence || !rhsSequence)
      return nullptr;
    Type element =
        joinTypes(lhsSequence.getElementType(), rhsSequence.getElementType());
    return element ? kiln::SequenceType::get(cast<TensorType>(element))
                   : nullptr;
  }
  auto lhs = dyn_cast<TensorType>(a);
  auto rhs = dyn_cast<TensorType>(b);
  if (!lhs || !rhs || lhs.getElementType() != rhs.getElementType())
    return nullptr;
  if (!lhs.hasRank() || !rhs.hasRank() || lhs.getRank() != rhs.getRank())
    return UnrankedTensorType::get(lhs.getElementType());
  SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip(lhs.getShape(), rhs.getShape()))
    shape.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(shape, lhs.getElementType());
}

std::optional<int64_t> mlir::kiln::getRank(Type type) {
  auto ranked = dyn_cast_or_null<RankedTensorType>(type);
  return ranked ? std::optional<int64_t>(ranked.getRank()) : std::nullopt;
}

std::optional<int64_t> mlir::kiln::getRank(Value value) {
  return getRank(value ? value.getType() : Type());
}

LogicalResult mlir::kiln::matchShape(std::optional<Location> loc,
                                     StringRef opName, StringRef name,
                                     Value value, ArrayRef<int64_t *> dims) {
  std::optional<int64_t> rank = getRank(value);
  if (!rank)
    return success();
  if (*rank != static_cast<int64_t>(dims.size()))
    return emitOptionalError(loc, opName, " ", name, " must have rank ",
                             dims.size(), ", got ", value.getType());
  for (auto [index, dim] : llvm::enumerate(dims)) {
    int64_t size = getDim(value.getType(), index);
    int64_t expected = *dim;
    if (failed(mergeDim(*dim, size)))
      return emitOptionalError(loc, opName, " ", name, " dim ", index, " is ",
                               size, ", expected ", expected, ": ",
                               value.getType());
  }
  return success();
}

RankedTensorType mlir::kiln::getFoldableType(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape() ||
      ranked.getNumElements() > getFoldElementLimit())
    return nullptr;
  return ranked;
}

LogicalResult mlir::kiln::verifyFlag(Operation *op, StringRef name,
                                     int64_t value) {
  if (value != 0 && value != 1)
    return op->emitOpError() << name << " must be 0 or 1, got " << value;
  return success();
}
