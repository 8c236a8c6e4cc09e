// SPDX-License-Identifier: Apache-2.0
//===- SequenceOps.cpp - ONNX sequence and optional operators -------------===//
//
// Type inference, verifiers and folders of the ops on `!kiln.sequence` and
// `!kiln.optional` values.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The sequence type of operand `value`; an error naming `what` otherwise.
static FailureOr<SequenceType> getSequenceOperand(std::optional<Location> loc,
                                                  Value value, StringRef what) {
  auto type = dyn_cast_or_null<SequenceType>(value ? value.getType() : Type());
  if (!type) {
    (void)emitOptionalError(loc, what, " must be a sequence, got ",
                            value ? value.getType() : Type());
    return failure();
  }
  return type;
}

/// The tensor type of operand `value`; an error naming `what` otherwise.
static FailureOr<TensorType> getTensorOperand(std::optional<Location> loc,
                                              Value value, StringRef what) {
  auto type = dyn_cast_or_null<TensorType>(value ? value.getType() : Type());
  if (!type) {
    (void)emitOptionalError(loc, what, " must be a tensor, got ",
                            value ? value.getType() : Type());
    return failure();
  }
  return type;
}

/// Checks that the optional `position` operand, when given, holds one
/// element: ONNX asks for a scalar, and its own tests pass a 1-element
/// tensor too.
static LogicalResult checkPosition(std::optional<Location> loc, Value position,
                                   StringRef opName) {
  if (!position)
    return success();
  FailureOr<TensorType> type =
      getTensorOperand(loc, position, (opName + " position").str());
  if (failed(type))
    return failure();
  if (type->hasRank() && llvm::any_of(type->getShape(), [](int64_t dim) {
        return dim != 1 && !ShapedType::isDynamic(dim);
      }))
    return emitOptionalError(loc, opName,
                             " position must hold one element, got ", *type);
  return success();
}

/// A constant 0-D tensor of `type` holding `value`, when `type` is a 0-D
/// tensor of integers; else null (no fold).
static Attribute getScalarConstant(Type type, int64_t value) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || ranked.getRank() != 0 ||
      !isa<IntegerType>(ranked.getElementType()))
    return {};
  return DenseElementsAttr::get(
      ranked, APInt(ranked.getElementTypeBitWidth(), value, /*isSigned=*/true));
}

//===----------------------------------------------------------------------===//
// SequenceEmptyOp, SequenceConstructOp, SequenceInsertOp
//===----------------------------------------------------------------------===//

LogicalResult
SequenceEmptyOp::inferResultTypes(MLIRContext *, std::optional<Location>,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  inferred.push_back(
      SequenceType::get(UnrankedTensorType::get(adaptor.getDtype())));
  return success();
}

LogicalResult SequenceConstructOp::inferResultTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc,
                             "sequence_construct needs at least one input");
  Type joined;
  for (Value input : inputs) {
    FailureOr<TensorType> type =
        getTensorOperand(loc, input, "sequence_construct inputs");
    if (failed(type))
      return failure();
    Type next = joined ? joinTypes(joined, *type) : Type(*type);
    if (!next)
      return emitOptionalError(
          loc,
          "sequence_construct inputs have different element types: ", joined,
          " and ", *type);
    joined = next;
  }
  inferred.push_back(SequenceType::get(cast<TensorType>(joined)));
  return success();
}

LogicalResult
SequenceInsertOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  FailureOr<SequenceType> sequence = getSequenceOperand(
      loc, adaptor.getInputSequence(), "sequence_insert input_sequence");
  FailureOr<TensorType> tensor =
      getTensorOperand(loc, adaptor.getTensor(), "sequence_insert tensor");
  if (failed(sequence) || failed(tensor) ||
      failed(checkPosition(loc, adaptor.getPosition(), "sequence_insert")))
    return failure();
  TensorType element = sequence->getElementType();
  if (element.getElementType() != tensor->getElementType())
    return emitOptionalError(loc, "sequence_insert cannot insert ", *tensor,
                             " into a sequence of ", element);
  // The first element inserted into an empty sequence gives its type.
  if (adaptor.getInputSequence().getDefiningOp<SequenceEmptyOp>()) {
    inferred.push_back(SequenceType::get(*tensor));
    return success();
  }
  inferred.push_back(
      SequenceType::get(cast<TensorType>(joinTypes(element, *tensor))));
  return success();
}

//===----------------------------------------------------------------------===//
// SequenceAtOp, SequenceEraseOp, SequenceLengthOp
//===----------------------------------------------------------------------===//

LogicalResult SequenceAtOp::inferResultTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  FailureOr<SequenceType> sequence = getSequenceOperand(
      loc, adaptor.getInputSequence(), "sequence_at input_sequence");
  if (failed(sequence) ||
      failed(checkPosition(loc, adaptor.getPosition(), "sequence_at")))
    return failure();
  inferred.push_back(sequence->getElementType());
  return success();
}

OpFoldResult SequenceAtOp::fold(FoldAdaptor) {
  // The element of a sequence built here, at a constant position.
  auto construct = getInputSequence().getDefiningOp<SequenceConstructOp>();
  if (!construct)
    return {};
  std::optional<SmallVector<int64_t>> position =
      getConstantIntegers(getPosition());
  if (!position || position->size() != 1)
    return {};
  int64_t size = construct.getInputs().size();
  FailureOr<int64_t> index = normalizeAxis(position->front(), size);
  if (failed(index))
    return {};
  Value element = construct.getInputs()[*index];
  return element.getType() == getType() ? element : Value();
}

LogicalResult
SequenceEraseOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  FailureOr<SequenceType> sequence = getSequenceOperand(
      loc, adaptor.getInputSequence(), "sequence_erase input_sequence");
  if (failed(sequence) ||
      failed(checkPosition(loc, adaptor.getPosition(), "sequence_erase")))
    return failure();
  inferred.push_back(*sequence);
  return success();
}

LogicalResult
SequenceLengthOp::inferResultTypes(MLIRContext *context,
                                   std::optional<Location> loc, Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  if (failed(getSequenceOperand(loc, adaptor.getInputSequence(),
                                "sequence_length input_sequence")))
    return failure();
  inferred.push_back(RankedTensorType::get({}, IntegerType::get(context, 64)));
  return success();
}

OpFoldResult SequenceLengthOp::fold(FoldAdaptor) {
  Operation *producer = getInputSequence().getDefiningOp();
  if (auto construct = dyn_cast_or_null<SequenceConstructOp>(producer))
    return getScalarConstant(getType(), construct.getInputs().size());
  if (isa_and_nonnull<SequenceEmptyOp>(producer))
    return getScalarConstant(getType(), 0);
  return {};
}

//===----------------------------------------------------------------------===//
// SplitToSequenceOp, ConcatFromSequenceOp
//===----------------------------------------------------------------------===//

/// The size at the split axis that every chunk of a dim of `size` has when
/// split by `split` (a constant scalar chunk size, or constant chunk sizes),
/// kDynamic when chunks may differ or are unknown.
static FailureOr<int64_t> getChunkSize(std::optional<Location> loc, Value split,
                                       int64_t size) {
  auto type = dyn_cast<RankedTensorType>(split.getType());
  std::optional<SmallVector<int64_t>> values = getConstantIntegers(split);
  if (!type || !values)
    return ShapedType::kDynamic;
  if (llvm::any_of(*values, [](int64_t v) { return v < 0; }) ||
      (type.getRank() == 0 && values->front() == 0))
    return emitOptionalError(loc,
                             "split_to_sequence split sizes must be positive");
  if (type.getRank() == 0) {
    // Chunks of `split`, the last one possibly smaller.
    int64_t chunk = values->front();
    if (ShapedType::isDynamic(size))
      return ShapedType::kDynamic;
    return size % chunk == 0 ? chunk : ShapedType::kDynamic;
  }
  int64_t sum = 0;
  for (int64_t v : *values)
    sum += v;
  if (!ShapedType::isDynamic(size) && sum != size)
    return emitOptionalError(loc, "split_to_sequence split sizes sum to ", sum,
                             ", but the split dim has size ", size);
  if (values->empty() ||
      llvm::any_of(*values, [&](int64_t v) { return v != values->front(); }))
    return ShapedType::kDynamic;
  return values->front();
}

LogicalResult
SplitToSequenceOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getTensorOperand(loc, adaptor.getInput(), "split_to_sequence input");
  if (failed(input))
    return failure();
  Value split = adaptor.getSplit();
  if (split) {
    FailureOr<TensorType> splitType =
        getTensorOperand(loc, split, "split_to_sequence split");
    if (failed(splitType))
      return failure();
    if (splitType->hasRank() && splitType->getRank() > 1)
      return emitOptionalError(
          loc, "split_to_sequence split must be a scalar or 1-D, got ",
          *splitType);
  }
  if (!input->hasRank()) {
    inferred.push_back(SequenceType::get(*input));
    return success();
  }
  int64_t axis = adaptor.getAxis();
  FailureOr<int64_t> position = normalizeAxis(axis, input->getRank());
  if (failed(position))
    return emitOptionalError(loc, "split_to_sequence axis ", axis,
                             " is out of range for ", *input);
  SmallVector<int64_t> shape(input->getShape());
  if (!split) {
    if (adaptor.getKeepdims() == 0)
      shape.erase(shape.begin() + *position);
    else
      shape[*position] = 1;
  } else {
    FailureOr<int64_t> chunk = getChunkSize(loc, split, shape[*position]);
    if (failed(chunk))
      return failure();
    shape[*position] = *chunk;
  }
  inferred.push_back(
      SequenceType::get(RankedTensorType::get(shape, input->getElementType())));
  return success();
}

LogicalResult SplitToSequenceOp::verify() {
  int64_t keepdims = getKeepdims();
  if (keepdims != 0 && keepdims != 1)
    return emitOpError() << "keepdims must be 0 or 1, got " << keepdims;
  return success();
}

LogicalResult ConcatFromSequenceOp::inferResultTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  FailureOr<SequenceType> sequence = getSequenceOperand(
      loc, adaptor.getInputSequence(), "concat_from_sequence input_sequence");
  if (failed(sequence))
    return failure();
  TensorType element = sequence->getElementType();
  if (!element.hasRank()) {
    inferred.push_back(element);
    return success();
  }
  bool newAxis = adaptor.getNewAxis() != 0;
  int64_t rank = element.getRank() + (newAxis ? 1 : 0);
  int64_t axis = adaptor.getAxis();
  FailureOr<int64_t> position = normalizeAxis(axis, rank);
  if (failed(position))
    return emitOptionalError(loc, "concat_from_sequence axis ", axis,
                             " is out of range for ",
                             newAxis ? "stacking " : "concatenating ", element);
  // The size along the axis depends on the sequence's length.
  SmallVector<int64_t> shape(element.getShape());
  if (newAxis)
    shape.insert(shape.begin() + *position, ShapedType::kDynamic);
  else
    shape[*position] = ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(shape, element.getElementType()));
  return success();
}

LogicalResult ConcatFromSequenceOp::verify() {
  int64_t newAxis = getNewAxis();
  if (newAxis != 0 && newAxis != 1)
    return emitOpError() << "new_axis must be 0 or 1, got " << newAxis;
  return success();
}

//===----------------------------------------------------------------------===//
// SequenceMapOp
//===----------------------------------------------------------------------===//

/// What the body of a kiln.sequence_map sees of `input`: one element of a
/// sequence, or a tensor as it is.
static Type getMappedType(Type input) {
  if (auto sequence = dyn_cast<SequenceType>(input))
    return sequence.getElementType();
  return input;
}

LogicalResult SequenceMapOp::inferResultTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  // Results are sequences of what the body yields.
  RegionRange regions = adaptor.getRegions();
  if (regions.empty() || regions.front()->empty())
    return emitOptionalError(
        loc, "sequence_map needs its body to infer its results");
  Block &body = regions.front()->front();
  if (body.empty() || !body.back().hasTrait<OpTrait::IsTerminator>())
    return emitOptionalError(loc, "sequence_map body must end in kiln.yield");
  for (Type type : body.getTerminator()->getOperandTypes()) {
    auto tensor = dyn_cast<TensorType>(type);
    if (!tensor)
      return emitOptionalError(
          loc, "sequence_map body must yield tensors, got ", type);
    inferred.push_back(SequenceType::get(tensor));
  }
  return success();
}

LogicalResult SequenceMapOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getNumOperands())
    return emitOpError() << "body takes " << body.getNumArguments()
                         << " arguments, expected " << getNumOperands()
                         << " (one per input)";
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getOperandTypes(), body.getArgumentTypes()))) {
    auto [input, argument] = pair;
    Type expected = getMappedType(input);
    if (!areCompatibleTypes(expected, argument))
      return emitOpError() << "body argument #" << index << " is " << argument
                           << ", incompatible with " << expected;
  }
  if (!isa<YieldOp>(body.getTerminator()))
    return emitOpError() << "sequence_map body must end in kiln.yield";
  return success();
}

//===----------------------------------------------------------------------===//
// OptionalOp, OptionalHasElementOp, OptionalGetElementOp
//===----------------------------------------------------------------------===//

LogicalResult OptionalOp::inferResultTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  std::optional<Type> declared = adaptor.getType();
  Value input = adaptor.getInput();
  if (!input) {
    if (!declared)
      return emitOptionalError(loc, "optional needs an input or a type");
    inferred.push_back(OptionalType::get(*declared));
    return success();
  }
  Type type = input.getType();
  if (!isa<TensorType, SequenceType>(type))
    return emitOptionalError(
        loc, "optional input must be a tensor or sequence, got ", type);
  if (declared) {
    type = refineType(type, *declared);
    if (!type)
      return emitOptionalError(loc, "optional input of type ", input.getType(),
                               " contradicts type ", *declared);
  }
  inferred.push_back(OptionalType::get(type));
  return success();
}

LogicalResult OptionalHasElementOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  Value input = adaptor.getInput();
  if (input && !isa<TensorType, SequenceType, OptionalType>(input.getType()))
    return emitOptionalError(
        loc,
        "optional_has_element input must be an optional, tensor or "
        "sequence, got ",
        input.getType());
  inferred.push_back(RankedTensorType::get({}, IntegerType::get(context, 1)));
  return success();
}

OpFoldResult OptionalHasElementOp::fold(FoldAdaptor) {
  Value input = getInput();
  std::optional<bool> known;
  if (!input)
    known = false;
  else if (!isa<OptionalType>(input.getType()))
    known = true;
  else if (auto optional = input.getDefiningOp<OptionalOp>())
    known = static_cast<bool>(optional.getInput());
  if (!known)
    return {};
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || type.getRank() != 0)
    return {};
  return DenseElementsAttr::get(type, *known);
}

LogicalResult OptionalGetElementOp::inferResultTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  Type type = adaptor.getInput().getType();
  if (auto optional = dyn_cast<OptionalType>(type)) {
    inferred.push_back(optional.getValueType());
    return success();
  }
  if (!isa<TensorType, SequenceType>(type))
    return emitOptionalError(
        loc,
        "optional_get_element input must be an optional, tensor or "
        "sequence, got ",
        type);
  inferred.push_back(type);
  return success();
}

OpFoldResult OptionalGetElementOp::fold(FoldAdaptor) {
  Value value = getInput();
  if (isa<OptionalType>(value.getType())) {
    auto optional = value.getDefiningOp<OptionalOp>();
    value = optional ? optional.getInput() : Value();
  }
  if (value && value.getType() == getType())
    return value;
  return {};
}
