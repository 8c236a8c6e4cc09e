// SPDX-License-Identifier: Apache-2.0
//===- ReductionOps.cpp - ONNX reduction operators ------------------------===//
//
// Type inference, verifiers and folders of the reductions over axes, ArgMax,
// ArgMin and TopK.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Reductions over axes
//===----------------------------------------------------------------------===//

/// The axes a reduction reduces over, when known: its `axes` attribute, or
/// its `axes_input` operand when a constant defines it. Absent axes are an
/// empty list.
static std::optional<SmallVector<int64_t>>
getKnownAxes(Value axesInput, std::optional<ArrayRef<int64_t>> axes) {
  if (axesInput)
    return getConstantIntegers(axesInput);
  if (axes)
    return SmallVector<int64_t>(*axes);
  return SmallVector<int64_t>();
}

/// Resolves `axes` against `rank` into a mask of reduced dims; reports axes
/// out of range and repeated axes.
static FailureOr<SmallVector<bool>> getReducedDims(std::optional<Location> loc,
                                                   ArrayRef<int64_t> axes,
                                                   RankedTensorType type) {
  SmallVector<bool> reduced(type.getRank(), false);
  for (int64_t axis : axes) {
    FailureOr<int64_t> dim = normalizeAxis(axis, type.getRank());
    if (failed(dim))
      return emitOptionalError(loc, "reduction axis ", axis,
                               " is out of range for ", type);
    if (reduced[*dim])
      return emitOptionalError(loc, "reduction axis ", axis,
                               " is given twice for ", type);
    reduced[*dim] = true;
  }
  return reduced;
}

/// Infers the result type of a reduction over axes (see Kiln_ReduceOp).
static LogicalResult inferReductionResultType(
    std::optional<Location> loc, Type data, Value axesInput,
    std::optional<ArrayRef<int64_t>> axesAttr, int64_t keepdims,
    int64_t noopWithEmptyAxes, SmallVectorImpl<Type> &inferred) {
  auto dataType = dyn_cast<TensorType>(data);
  if (!dataType)
    return emitOptionalError(loc, "reduction operand must be a tensor, got ",
                             data);
  Type elementType = dataType.getElementType();
  auto rankedType = dyn_cast<RankedTensorType>(dataType);
  bool keep = keepdims != 0;

  std::optional<SmallVector<int64_t>> axes = getKnownAxes(axesInput, axesAttr);
  if (!axes) {
    // Axes computed at run time: with keepdims the rank is kept and dims of
    // size 1 stay 1; without, the rank follows from the number of axes.
    if (!rankedType) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    if (keep) {
      SmallVector<int64_t> shape;
      for (int64_t dim : rankedType.getShape())
        shape.push_back(dim == 1 ? 1 : ShapedType::kDynamic);
      inferred.push_back(RankedTensorType::get(shape, elementType));
      return success();
    }
    std::optional<ArrayRef<int64_t>> axesShape = getShape(axesInput.getType());
    if (!axesShape || axesShape->size() != 1 ||
        ShapedType::isDynamic(axesShape->front())) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    int64_t numAxes = axesShape->front();
    if (numAxes == 0) {
      inferred.push_back(noopWithEmptyAxes
                             ? Type(dataType)
                             : RankedTensorType::get({}, elementType));
      return success();
    }
    if (numAxes > rankedType.getRank())
      return emitOptionalError(loc, "reduction has ", numAxes,
                               " axes, more than the rank of ", rankedType);
    SmallVector<int64_t> shape(rankedType.getRank() - numAxes,
                               ShapedType::kDynamic);
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }

  if (axes->empty()) {
    if (noopWithEmptyAxes) {
      inferred.push_back(dataType);
      return success();
    }
    // Reduce over all dims.
    if (!keep)
      inferred.push_back(RankedTensorType::get({}, elementType));
    else if (!rankedType)
      inferred.push_back(UnrankedTensorType::get(elementType));
    else
      inferred.push_back(RankedTensorType::get(
          SmallVector<int64_t>(rankedType.getRank(), 1), elementType));
    return success();
  }

  if (!rankedType) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  FailureOr<SmallVector<bool>> reduced = getReducedDims(loc, *axes, rankedType);
  if (failed(reduced))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [dim, isReduced] : llvm::zip(rankedType.getShape(), *reduced)) {
    if (!isReduced)
      shape.push_back(dim);
    else if (keep)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

/// Checks that an integer attribute is a flag (0 or 1).
static LogicalResult verifyReductionFlag(Operation *op, StringRef name,
                                         int64_t value) {
  if (value != 0 && value != 1)
    return op->emitOpError()
           << "attribute '" << name << "' must be 0 or 1, got " << value;
  return success();
}

template <typename OpT> static LogicalResult verifyReduction(OpT op) {
  if (op.getAxesInput() && op.getAxes())
    return op.emitOpError(
        "takes its axes either as the 'axes' attribute or as an operand, "
        "not both");
  if (Value axesInput = op.getAxesInput()) {
    std::optional<ArrayRef<int64_t>> shape = getShape(axesInput.getType());
    if (shape && shape->size() != 1)
      return op.emitOpError("axes operand must be 1-D, got ")
             << axesInput.getType();
  }
  if (failed(verifyReductionFlag(op, "keepdims", op.getKeepdims())) ||
      failed(verifyReductionFlag(op, "noop_with_empty_axes",
                                 op.getNoopWithEmptyAxes())))
    return failure();
  return success();
}

/// Folds a reduction that is the identity on a single element (sum, mean,
/// max, min, product) to its operand when it reduces nothing
/// (noop_with_empty_axes with empty axes) or only dims of size 1 while keeping
/// them.
template <typename OpT> static OpFoldResult foldIdentityReduction(OpT op) {
  Value data = op.getData();
  if (data.getType() != op.getType())
    return {};
  std::optional<SmallVector<int64_t>> axes =
      getKnownAxes(op.getAxesInput(), op.getAxes());
  if (!axes)
    return {};
  if (axes->empty() && op.getNoopWithEmptyAxes() != 0)
    return data;
  auto type = dyn_cast<RankedTensorType>(data.getType());
  if (op.getKeepdims() == 0 || !type)
    return {};
  for (auto [dim, size] : llvm::enumerate(type.getShape())) {
    bool isReduced = axes->empty() || llvm::any_of(*axes, [&](int64_t axis) {
                       FailureOr<int64_t> normalized =
                           normalizeAxis(axis, type.getRank());
                       return succeeded(normalized) &&
                              *normalized == static_cast<int64_t>(dim);
                     });
    if (isReduced && size != 1)
      return {};
  }
  return data;
}

/// Defines type inference and the verifier of reduction op `OpT`.
#define KILN_DEFINE_REDUCTION(OpT)                                             \
  LogicalResult OpT::inferResultTypes(                                         \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferReductionResultType(loc, adaptor.getData().getType(),          \
                                    adaptor.getAxesInput(), adaptor.getAxes(), \
                                    adaptor.getKeepdims(),                     \
                                    adaptor.getNoopWithEmptyAxes(), inferred); \
  }                                                                            \
  LogicalResult OpT::verify() { return verifyReduction(*this); }

/// Also defines the folder of a reduction that is the identity on a single
/// element.
#define KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION(OpT)                             \
  KILN_DEFINE_REDUCTION(OpT)                                                   \
  OpFoldResult OpT::fold(FoldAdaptor) { return foldIdentityReduction(*this); }

KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION(ReduceSumOp)
KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION(ReduceMeanOp)
KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION(ReduceMaxOp)
KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION(ReduceMinOp)
KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION(ReduceProdOp)
KILN_DEFINE_REDUCTION(ReduceL1Op)
KILN_DEFINE_REDUCTION(ReduceL2Op)
KILN_DEFINE_REDUCTION(ReduceLogSumOp)
KILN_DEFINE_REDUCTION(ReduceLogSumExpOp)
KILN_DEFINE_REDUCTION(ReduceSumSquareOp)

#undef KILN_DEFINE_IDENTITY_ON_ONE_REDUCTION
#undef KILN_DEFINE_REDUCTION

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin
//===----------------------------------------------------------------------===//

/// Infers the i64 result of ArgMax or ArgMin: `data` with `axis` reduced.
static LogicalResult
inferArgReductionResultType(MLIRContext *context, std::optional<Location> loc,
                            Type data, int64_t axis, int64_t keepdims,
                            SmallVectorImpl<Type> &inferred) {
  auto dataType = dyn_cast<TensorType>(data);
  if (!dataType)
    return emitOptionalError(loc, "operand must be a tensor, got ", data);
  Type i64 = IntegerType::get(context, 64);
  auto rankedType = dyn_cast<RankedTensorType>(dataType);
  if (!rankedType) {
    inferred.push_back(UnrankedTensorType::get(i64));
    return success();
  }
  FailureOr<int64_t> dim = normalizeAxis(axis, rankedType.getRank());
  if (failed(dim))
    return emitOptionalError(loc, "axis ", axis, " is out of range for ",
                             rankedType);
  SmallVector<int64_t> shape(rankedType.getShape());
  if (keepdims != 0)
    shape[*dim] = 1;
  else
    shape.erase(shape.begin() + *dim);
  inferred.push_back(RankedTensorType::get(shape, i64));
  return success();
}

template <typename OpT> static LogicalResult verifyArgReduction(OpT op) {
  if (failed(verifyReductionFlag(op, "keepdims", op.getKeepdims())) ||
      failed(verifyReductionFlag(op, "select_last_index",
                                 op.getSelectLastIndex())))
    return failure();
  return success();
}

LogicalResult ArgMaxOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferArgReductionResultType(context, loc, adaptor.getData().getType(),
                                     adaptor.getAxis(), adaptor.getKeepdims(),
                                     inferred);
}

LogicalResult ArgMaxOp::verify() { return verifyArgReduction(*this); }

LogicalResult ArgMinOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferArgReductionResultType(context, loc, adaptor.getData().getType(),
                                     adaptor.getAxis(), adaptor.getKeepdims(),
                                     inferred);
}

LogicalResult ArgMinOp::verify() { return verifyArgReduction(*this); }

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

LogicalResult TopKOp::inferResultTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, "top_k operand must be a tensor, got ",
                             adaptor.getX().getType());
  Type i64 = IntegerType::get(context, 64);

  int64_t k = ShapedType::kDynamic;
  if (std::optional<SmallVector<int64_t>> values =
          getConstantIntegers(adaptor.getK())) {
    if (values->size() != 1)
      return emitOptionalError(loc, "top_k needs exactly one value in K, got ",
                               values->size());
    k = values->front();
    if (k < 0)
      return emitOptionalError(loc, "top_k needs a non-negative K, got ", k);
  }

  auto rankedType = dyn_cast<RankedTensorType>(xType);
  if (!rankedType) {
    inferred.push_back(xType);
    inferred.push_back(UnrankedTensorType::get(i64));
    return success();
  }
  int64_t axis = adaptor.getAxis();
  FailureOr<int64_t> dim = normalizeAxis(axis, rankedType.getRank());
  if (failed(dim))
    return emitOptionalError(loc, "top_k axis ", axis, " is out of range for ",
                             rankedType);
  SmallVector<int64_t> shape(rankedType.getShape());
  if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(shape[*dim]) &&
      k > shape[*dim])
    return emitOptionalError(loc, "top_k K = ", k, " exceeds the size ",
                             shape[*dim], " of axis ", axis, " of ",
                             rankedType);
  shape[*dim] = k;
  inferred.push_back(RankedTensorType::get(shape, xType.getElementType()));
  inferred.push_back(RankedTensorType::get(shape, i64));
  return success();
}

LogicalResult TopKOp::verify() {
  if (std::optional<ArrayRef<int64_t>> shape = getShape(getK().getType());
      shape && (shape->size() != 1 || (!ShapedType::isDynamic(shape->front()) &&
                                       shape->front() != 1)))
    return emitOpError("K must be a 1-D tensor of one element, got ")
           << getK().getType();
  if (failed(verifyReductionFlag(*this, "largest", getLargest())) ||
      failed(verifyReductionFlag(*this, "sorted", getSorted())))
    return failure();
  return success();
}
