// SPDX-License-Identifier: Apache-2.0
//===- TensorIndexingOps.cpp - inference of ONNX indexing operators -------===//
//
// Gathers and scatters, masks (Trilu, OneHot, NonZero, Compress), Unique,
// ReverseSequence, and the block rearrangements DepthToSpace, SpaceToDepth
// and Col2Im.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Merges two dims that must agree; failure when both are static and differ.
static FailureOr<int64_t> mergeDims(int64_t lhs, int64_t rhs) {
  if (ShapedType::isDynamic(lhs))
    return rhs;
  if (ShapedType::isDynamic(rhs) || lhs == rhs)
    return lhs;
  return failure();
}

/// Whether `reduction` names an ONNX scatter reduction.
static bool isScatterReduction(StringRef reduction) {
  return llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction);
}

//===----------------------------------------------------------------------===//
// GatherElementsOp, GatherNDOp
//===----------------------------------------------------------------------===//

LogicalResult
GatherElementsOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "gather_elements data");
  FailureOr<TensorType> indices =
      getOperandType(loc, adaptor.getIndices(), "gather_elements indices");
  if (failed(data) || failed(indices))
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  if (data->hasRank() && failed(normalizeAxis(axis, data->getRank())))
    return emitOptionalError(loc, "gather_elements axis ", axis,
                             " is out of range for ", *data);
  if (data->hasRank() && indices->hasRank() &&
      data->getRank() != indices->getRank())
    return emitOptionalError(loc, "gather_elements indices ", *indices,
                             " must have the rank of data ", *data);
  inferred.push_back(indices->clone(data->getElementType()));
  return success();
}

LogicalResult GatherNDOp::inferResultTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "gather_nd data");
  FailureOr<TensorType> indices =
      getOperandType(loc, adaptor.getIndices(), "gather_nd indices");
  if (failed(data) || failed(indices))
    return failure();
  Type elementType = data->getElementType();
  auto batchDims = static_cast<int64_t>(adaptor.getBatchDims());
  if (batchDims < 0)
    return emitOptionalError(loc,
                             "gather_nd batch_dims must not be negative, "
                             "got ",
                             batchDims);
  if (!data->hasRank() || !indices->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = data->getRank();
  int64_t indicesRank = indices->getRank();
  if (indicesRank < 1 || batchDims >= std::min(rank, indicesRank))
    return emitOptionalError(loc, "gather_nd batch_dims ", batchDims,
                             " must be below the ranks of data ", *data,
                             " and indices ", *indices);
  for (int64_t d = 0; d < batchDims; ++d)
    if (failed(mergeDims(data->getDimSize(d), indices->getDimSize(d))))
      return emitOptionalError(loc, "gather_nd batch dim ", d,
                               " differs: ", *data, " and ", *indices);
  int64_t depth = indices->getDimSize(indicesRank - 1);
  if (ShapedType::isDynamic(depth)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (depth < 1 || depth > rank - batchDims)
    return emitOptionalError(loc, "gather_nd indices ", *indices, " index ",
                             depth, " dims of data ", *data, " after ",
                             batchDims, " batch dims");
  SmallVector<int64_t> shape(indices->getShape().drop_back());
  llvm::append_range(shape, data->getShape().drop_front(batchDims + depth));
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// ScatterElementsOp, ScatterNDOp, TensorScatterOp
//===----------------------------------------------------------------------===//

LogicalResult
ScatterElementsOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "scatter_elements data");
  FailureOr<TensorType> indices =
      getOperandType(loc, adaptor.getIndices(), "scatter_elements indices");
  FailureOr<TensorType> updates =
      getOperandType(loc, adaptor.getUpdates(), "scatter_elements updates");
  if (failed(data) || failed(indices) || failed(updates))
    return failure();
  if (updates->getElementType() != data->getElementType())
    return emitOptionalError(loc, "scatter_elements updates ", *updates,
                             " differ in element type from data ", *data);
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  if (data->hasRank() && failed(normalizeAxis(axis, data->getRank())))
    return emitOptionalError(loc, "scatter_elements axis ", axis,
                             " is out of range for ", *data);
  for (TensorType type : {*indices, *updates})
    if (data->hasRank() && type.hasRank() && type.getRank() != data->getRank())
      return emitOptionalError(loc,
                               "scatter_elements indices and updates "
                               "must have the rank of data ",
                               *data, ", got ", type);
  if (indices->hasRank() && updates->hasRank() &&
      (indices->getRank() != updates->getRank() ||
       failed(verifyCompatibleShape(indices->getShape(), updates->getShape()))))
    return emitOptionalError(loc, "scatter_elements indices ", *indices,
                             " and updates ", *updates,
                             " must have the same shape");
  inferred.push_back(*data);
  return success();
}

LogicalResult ScatterElementsOp::verify() {
  if (!isScatterReduction(getReduction()))
    return emitOpError("reduction must be none, add, mul, max or min, got '")
           << getReduction() << "'";
  return success();
}

LogicalResult ScatterNDOp::inferResultTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> data =
      getOperandType(loc, adaptor.getData(), "scatter_nd data");
  FailureOr<TensorType> indices =
      getOperandType(loc, adaptor.getIndices(), "scatter_nd indices");
  FailureOr<TensorType> updates =
      getOperandType(loc, adaptor.getUpdates(), "scatter_nd updates");
  if (failed(data) || failed(indices) || failed(updates))
    return failure();
  if (updates->getElementType() != data->getElementType())
    return emitOptionalError(loc, "scatter_nd updates ", *updates,
                             " differ in element type from data ", *data);
  if (data->hasRank() && indices->hasRank() && updates->hasRank()) {
    int64_t indicesRank = indices->getRank();
    int64_t depth = indicesRank ? indices->getDimSize(indicesRank - 1)
                                : ShapedType::kDynamic;
    if (indicesRank < 1 ||
        (!ShapedType::isDynamic(depth) && depth > data->getRank()))
      return emitOptionalError(loc, "scatter_nd indices ", *indices,
                               " do not index data ", *data);
    if (!ShapedType::isDynamic(depth)) {
      SmallVector<int64_t> expected(indices->getShape().drop_back());
      llvm::append_range(expected, data->getShape().drop_front(depth));
      if (updates->getRank() != static_cast<int64_t>(expected.size()) ||
          failed(verifyCompatibleShape(updates->getShape(), expected)))
        return emitOptionalError(
            loc, "scatter_nd updates ", *updates, " must have shape [",
            llvm::make_range(expected.begin(), expected.end()),
            "] (? is dynamic)");
    }
  }
  inferred.push_back(*data);
  return success();
}

LogicalResult ScatterNDOp::verify() {
  if (!isScatterReduction(getReduction()))
    return emitOpError("reduction must be none, add, mul, max or min, got '")
           << getReduction() << "'";
  return success();
}

LogicalResult
TensorScatterOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> cache =
      getOperandType(loc, adaptor.getPastCache(), "tensor_scatter past_cache");
  FailureOr<TensorType> update =
      getOperandType(loc, adaptor.getUpdate(), "tensor_scatter update");
  if (failed(cache) || failed(update))
    return failure();
  if (update->getElementType() != cache->getElementType())
    return emitOptionalError(loc, "tensor_scatter update ", *update,
                             " differs in element type from past_cache ",
                             *cache);
  if (cache->hasRank()) {
    auto axisAttr = static_cast<int64_t>(adaptor.getAxis());
    FailureOr<int64_t> axis = normalizeAxis(axisAttr, cache->getRank());
    if (failed(axis) || *axis == 0)
      return emitOptionalError(loc, "tensor_scatter axis ", axisAttr,
                               " must be a non-batch axis of ", *cache);
    if (update->hasRank()) {
      if (update->getRank() != cache->getRank())
        return emitOptionalError(loc, "tensor_scatter update ", *update,
                                 " must have the rank of past_cache ", *cache);
      for (int64_t d = 0; d < cache->getRank(); ++d) {
        int64_t have = cache->getDimSize(d), got = update->getDimSize(d);
        bool bad = d == *axis ? !ShapedType::isDynamic(have) &&
                                    !ShapedType::isDynamic(got) && got > have
                              : failed(mergeDims(have, got));
        if (bad)
          return emitOptionalError(loc, "tensor_scatter update ", *update,
                                   " does not fit past_cache ", *cache,
                                   " in dim ", d);
      }
    }
    if (Value writeIndices = adaptor.getWriteIndices()) {
      auto indices = dyn_cast<RankedTensorType>(writeIndices.getType());
      if (indices &&
          (indices.getRank() != 1 ||
           failed(mergeDims(indices.getDimSize(0), cache->getDimSize(0)))))
        return emitOptionalError(loc, "tensor_scatter write_indices ", indices,
                                 " must have one entry per batch "
                                 "entry of ",
                                 *cache);
    }
  }
  inferred.push_back(*cache);
  return success();
}

LogicalResult TensorScatterOp::verify() {
  if (getMode() != "linear" && getMode() != "circular")
    return emitOpError("mode must be linear or circular, got '")
           << getMode() << "'";
  return success();
}

//===----------------------------------------------------------------------===//
// TriluOp, OneHotOp, NonZeroOp, CompressOp
//===----------------------------------------------------------------------===//

LogicalResult TriluOp::inferResultTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "trilu input");
  if (failed(input))
    return failure();
  if (input->hasRank() && input->getRank() < 2)
    return emitOptionalError(loc, "trilu input must have rank >= 2, got ",
                             *input);
  if (Value k = adaptor.getK()) {
    auto type = dyn_cast<RankedTensorType>(k.getType());
    if (type && type.hasStaticShape() && type.getNumElements() != 1)
      return emitOptionalError(loc, "trilu k must be a scalar, got ", type);
  }
  inferred.push_back(*input);
  return success();
}

/// The first element of a constant integer or float operand, as an integer
/// (floats truncated as ONNX OneHot does with its depth).
static std::optional<int64_t> getConstantScalar(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() < 1)
    return std::nullopt;
  if (auto integers = dyn_cast<DenseIntElementsAttr>(attr)) {
    APInt first = *integers.getValues<APInt>().begin();
    auto type = cast<IntegerType>(integers.getElementType());
    return type.isUnsigned() ? static_cast<int64_t>(first.getZExtValue())
                             : first.getSExtValue();
  }
  if (auto floats = dyn_cast<DenseFPElementsAttr>(attr)) {
    double first = (*floats.getValues<APFloat>().begin()).convertToDouble();
    if (!std::isfinite(first) || std::abs(first) > 1e18)
      return std::nullopt;
    return static_cast<int64_t>(first);
  }
  return std::nullopt;
}

LogicalResult OneHotOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> indices =
      getOperandType(loc, adaptor.getIndices(), "one_hot indices");
  FailureOr<TensorType> depthType =
      getOperandType(loc, adaptor.getDepth(), "one_hot depth");
  FailureOr<TensorType> values =
      getOperandType(loc, adaptor.getValues(), "one_hot values");
  if (failed(indices) || failed(depthType) || failed(values))
    return failure();
  if (depthType->hasStaticShape() && depthType->getNumElements() != 1)
    return emitOptionalError(loc, "one_hot depth must hold one element, got ",
                             *depthType);
  if (values->hasRank() &&
      (values->getRank() != 1 || failed(mergeDims(values->getDimSize(0), 2))))
    return emitOptionalError(loc, "one_hot values must be [off, on], got ",
                             *values);
  Type elementType = values->getElementType();
  if (!indices->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  int64_t rank = indices->getRank() + 1;
  auto axisAttr = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> axis = normalizeAxis(axisAttr, rank);
  if (failed(axis))
    return emitOptionalError(loc, "one_hot axis ", axisAttr,
                             " is out of range for a rank-", rank, " result");
  int64_t depth = ShapedType::kDynamic;
  if (std::optional<int64_t> constant = getConstantScalar(adaptor.getDepth())) {
    if (*constant < 1)
      return emitOptionalError(loc, "one_hot depth must be positive, got ",
                               *constant);
    depth = *constant;
  }
  SmallVector<int64_t> shape(indices->getShape());
  shape.insert(shape.begin() + *axis, depth);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult NonZeroOp::inferResultTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getX(), "non_zero input");
  if (failed(input))
    return failure();
  int64_t rank = input->hasRank() ? input->getRank() : ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get({rank, ShapedType::kDynamic},
                                           IntegerType::get(context, 64)));
  return success();
}

LogicalResult CompressOp::inferResultTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "compress input");
  FailureOr<TensorType> condition =
      getOperandType(loc, adaptor.getCondition(), "compress condition");
  if (failed(input) || failed(condition))
    return failure();
  Type elementType = input->getElementType();
  if (condition->hasRank() && condition->getRank() != 1)
    return emitOptionalError(loc, "compress condition must be 1-D, got ",
                             *condition);

  // The slices kept are the true entries of a constant condition.
  int64_t kept = ShapedType::kDynamic;
  DenseIntElementsAttr mask;
  if (matchPattern(adaptor.getCondition(), m_Constant(&mask)))
    kept = llvm::count_if(mask.getValues<APInt>(),
                          [](const APInt &v) { return !v.isZero(); });
  int64_t length =
      condition->hasRank() ? condition->getDimSize(0) : ShapedType::kDynamic;

  std::optional<uint64_t> axisAttr = adaptor.getAxis();
  if (!axisAttr) {
    int64_t count = input->hasStaticShape() ? input->getNumElements()
                                            : ShapedType::kDynamic;
    if (!ShapedType::isDynamic(count) && !ShapedType::isDynamic(length) &&
        length > count)
      return emitOptionalError(loc, "compress condition ", *condition,
                               " is longer than the ", count, " elements of ",
                               *input);
    inferred.push_back(RankedTensorType::get({kept}, elementType));
    return success();
  }
  if (!input->hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  auto axisValue = static_cast<int64_t>(*axisAttr);
  FailureOr<int64_t> axis = normalizeAxis(axisValue, input->getRank());
  if (failed(axis))
    return emitOptionalError(loc, "compress axis ", axisValue,
                             " is out of range for ", *input);
  int64_t dim = input->getDimSize(*axis);
  if (!ShapedType::isDynamic(dim) && !ShapedType::isDynamic(length) &&
      length > dim)
    return emitOptionalError(loc, "compress condition ", *condition,
                             " is longer than dim ", *axis, " of ", *input);
  SmallVector<int64_t> shape(input->getShape());
  shape[*axis] = kept;
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// UniqueOp, ReverseSequenceOp
//===----------------------------------------------------------------------===//

LogicalResult UniqueOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getX(), "unique input");
  if (failed(input))
    return failure();
  Type elementType = input->getElementType();
  Type i64 = IntegerType::get(context, 64);
  auto vector = [&](int64_t size) {
    return RankedTensorType::get({size}, i64);
  };
  constexpr int64_t kDynamic = ShapedType::kDynamic;

  std::optional<uint64_t> axisAttr = adaptor.getAxis();
  if (!axisAttr) {
    int64_t count =
        input->hasStaticShape() ? input->getNumElements() : kDynamic;
    inferred.append({RankedTensorType::get({kDynamic}, elementType),
                     vector(kDynamic), vector(count), vector(kDynamic)});
    return success();
  }
  if (!input->hasRank()) {
    inferred.append({UnrankedTensorType::get(elementType), vector(kDynamic),
                     vector(kDynamic), vector(kDynamic)});
    return success();
  }
  auto axisValue = static_cast<int64_t>(*axisAttr);
  FailureOr<int64_t> axis = normalizeAxis(axisValue, input->getRank());
  if (failed(axis))
    return emitOptionalError(loc, "unique axis ", axisValue,
                             " is out of range for ", *input);
  SmallVector<int64_t> shape(input->getShape());
  int64_t dim = shape[*axis];
  shape[*axis] = kDynamic;
  inferred.append({RankedTensorType::get(shape, elementType), vector(kDynamic),
                   vector(dim), vector(kDynamic)});
  return success();
}

LogicalResult
ReverseSequenceOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "reverse_sequence input");
  FailureOr<TensorType> lengths = getOperandType(
      loc, adaptor.getSequenceLens(), "reverse_sequence sequence_lens");
  if (failed(input) || failed(lengths))
    return failure();
  if (input->hasRank() && input->getRank() < 2)
    return emitOptionalError(loc,
                             "reverse_sequence input must have rank "
                             ">= 2, got ",
                             *input);
  if (lengths->hasRank() && lengths->getRank() != 1)
    return emitOptionalError(loc,
                             "reverse_sequence sequence_lens must be "
                             "1-D, got ",
                             *lengths);
  auto batchAxis = static_cast<int64_t>(adaptor.getBatchAxis());
  if (input->hasRank() && lengths->hasRank() &&
      (batchAxis == 0 || batchAxis == 1) &&
      failed(mergeDims(input->getDimSize(batchAxis), lengths->getDimSize(0))))
    return emitOptionalError(loc, "reverse_sequence sequence_lens ", *lengths,
                             " must have one entry per batch entry of ",
                             *input);
  inferred.push_back(*input);
  return success();
}

LogicalResult ReverseSequenceOp::verify() {
  auto batchAxis = static_cast<int64_t>(getBatchAxis());
  auto timeAxis = static_cast<int64_t>(getTimeAxis());
  if ((batchAxis != 0 && batchAxis != 1) || (timeAxis != 0 && timeAxis != 1) ||
      batchAxis == timeAxis)
    return emitOpError("batch_axis and time_axis must be 0 and 1 in some "
                       "order, got ")
           << batchAxis << " and " << timeAxis;
  return success();
}

//===----------------------------------------------------------------------===//
// DepthToSpaceOp, SpaceToDepthOp
//===----------------------------------------------------------------------===//

/// Infers DepthToSpace (`toSpace`) or SpaceToDepth on an NCHW tensor.
static LogicalResult inferBlockRearrangement(std::optional<Location> loc,
                                             Value inputValue,
                                             int64_t blocksize, bool toSpace,
                                             SmallVectorImpl<Type> &inferred) {
  StringRef name = toSpace ? "depth_to_space" : "space_to_depth";
  FailureOr<TensorType> input = getOperandType(loc, inputValue, name);
  if (failed(input))
    return failure();
  Type elementType = input->getElementType();
  SmallVector<int64_t> shape(4, ShapedType::kDynamic);
  if (input->hasRank() && input->getRank() != 4)
    return emitOptionalError(loc, name, " input must be 4-D (NCHW), got ",
                             *input);
  // A non-positive blocksize is reported by the verifier.
  if (!input->hasRank() || blocksize <= 0) {
    inferred.push_back(RankedTensorType::get(shape, elementType));
    return success();
  }
  ArrayRef<int64_t> dims = input->getShape();
  auto scale = [](int64_t dim, int64_t factor) {
    return ShapedType::isDynamic(dim) ? dim : dim * factor;
  };
  auto divide = [&](int64_t dim, int64_t divisor,
                    StringRef what) -> FailureOr<int64_t> {
    if (ShapedType::isDynamic(dim))
      return dim;
    if (dim % divisor != 0) {
      (void)emitOptionalError(loc, name, " ", what, " ", dim,
                              " is not a multiple of ", divisor);
      return failure();
    }
    return dim / divisor;
  };
  shape[0] = dims[0];
  if (toSpace) {
    FailureOr<int64_t> channels =
        divide(dims[1], blocksize * blocksize, "channel count");
    if (failed(channels))
      return failure();
    shape[1] = *channels;
    shape[2] = scale(dims[2], blocksize);
    shape[3] = scale(dims[3], blocksize);
  } else {
    FailureOr<int64_t> height = divide(dims[2], blocksize, "height");
    FailureOr<int64_t> width = divide(dims[3], blocksize, "width");
    if (failed(height) || failed(width))
      return failure();
    shape[1] = scale(dims[1], blocksize * blocksize);
    shape[2] = *height;
    shape[3] = *width;
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult
DepthToSpaceOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  return inferBlockRearrangement(loc, adaptor.getInput(),
                                 static_cast<int64_t>(adaptor.getBlocksize()),
                                 /*toSpace=*/true, inferred);
}

LogicalResult DepthToSpaceOp::verify() {
  if (static_cast<int64_t>(getBlocksize()) <= 0)
    return emitOpError("blocksize must be positive, got ")
           << static_cast<int64_t>(getBlocksize());
  if (getMode() != "DCR" && getMode() != "CRD")
    return emitOpError("mode must be DCR or CRD, got '") << getMode() << "'";
  return success();
}

LogicalResult
SpaceToDepthOp::inferResultTypes(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  return inferBlockRearrangement(loc, adaptor.getInput(),
                                 static_cast<int64_t>(adaptor.getBlocksize()),
                                 /*toSpace=*/false, inferred);
}

LogicalResult SpaceToDepthOp::verify() {
  if (static_cast<int64_t>(getBlocksize()) <= 0)
    return emitOpError("blocksize must be positive, got ")
           << static_cast<int64_t>(getBlocksize());
  return success();
}

//===----------------------------------------------------------------------===//
// Col2ImOp
//===----------------------------------------------------------------------===//

LogicalResult Col2ImOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorType> input =
      getOperandType(loc, adaptor.getInput(), "col2im input");
  FailureOr<TensorType> imageType =
      getOperandType(loc, adaptor.getImageShape(), "col2im image_shape");
  FailureOr<TensorType> blockType =
      getOperandType(loc, adaptor.getBlockShape(), "col2im block_shape");
  if (failed(input) || failed(imageType) || failed(blockType))
    return failure();
  Type elementType = input->getElementType();
  if (input->hasRank() && input->getRank() != 3)
    return emitOptionalError(loc, "col2im input must be 3-D, got ", *input);
  for (TensorType type : {*imageType, *blockType})
    if (type.hasRank() && type.getRank() != 1)
      return emitOptionalError(loc,
                               "col2im image_shape and block_shape must "
                               "be 1-D, got ",
                               type);

  // The number of spatial dims.
  int64_t count = ShapedType::kDynamic;
  for (TensorType type : {*imageType, *blockType}) {
    if (!type.hasRank())
      continue;
    FailureOr<int64_t> merged = mergeDims(count, type.getDimSize(0));
    if (failed(merged))
      return emitOptionalError(loc, "col2im image_shape ", *imageType,
                               " and block_shape ", *blockType,
                               " differ in length");
    count = *merged;
  }
  if (ShapedType::isDynamic(count)) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  auto checkLength = [&](std::optional<ArrayRef<int64_t>> attr, int64_t factor,
                         StringRef name) -> LogicalResult {
    if (attr && static_cast<int64_t>(attr->size()) != factor * count)
      return emitOptionalError(loc, "col2im ", name, " has ", attr->size(),
                               " entries for ", count, " spatial dims");
    return success();
  };
  if (failed(checkLength(adaptor.getStrides(), 1, "strides")) ||
      failed(checkLength(adaptor.getDilations(), 1, "dilations")) ||
      failed(checkLength(adaptor.getPads(), 2, "pads")))
    return failure();

  std::optional<SmallVector<int64_t>> image =
      getConstantIntegers(adaptor.getImageShape());
  std::optional<SmallVector<int64_t>> block =
      getConstantIntegers(adaptor.getBlockShape());
  SmallVector<int64_t> inputShape(3, ShapedType::kDynamic);
  if (input->hasRank())
    inputShape.assign(input->getShape().begin(), input->getShape().end());

  SmallVector<int64_t> shape = {inputShape[0], ShapedType::kDynamic};
  if (block) {
    int64_t blockSize = 1;
    for (int64_t size : *block) {
      if (size < 1)
        return emitOptionalError(loc, "col2im block_shape must be positive");
      blockSize *= size;
    }
    if (!ShapedType::isDynamic(inputShape[1])) {
      if (inputShape[1] % blockSize != 0)
        return emitOptionalError(loc, "col2im input ", *input,
                                 " has a channel dim that is not a multiple "
                                 "of the block size ",
                                 blockSize);
      shape[1] = inputShape[1] / blockSize;
    }
  }
  if (image) {
    if (llvm::any_of(*image, [](int64_t dim) { return dim < 0; }))
      return emitOptionalError(loc, "col2im image_shape must not be negative");
    llvm::append_range(shape, *image);
  } else {
    shape.append(count, ShapedType::kDynamic);
  }

  // With everything known, the blocks must tile the padded image.
  if (image && block && !ShapedType::isDynamic(inputShape[2])) {
    // Invalid strides and dilations are reported by the verifier.
    int64_t blocks = 1;
    for (int64_t i = 0; i < count && blocks > 0; ++i) {
      int64_t stride = adaptor.getStrides() ? (*adaptor.getStrides())[i] : 1;
      int64_t dilation =
          adaptor.getDilations() ? (*adaptor.getDilations())[i] : 1;
      int64_t padBegin = adaptor.getPads() ? (*adaptor.getPads())[i] : 0;
      int64_t padEnd = adaptor.getPads() ? (*adaptor.getPads())[i + count] : 0;
      int64_t span = dilation * ((*block)[i] - 1) + 1;
      int64_t padded = (*image)[i] + padBegin + padEnd;
      if (stride < 1 || dilation < 1 || padded < span)
        blocks = 0;
      else
        blocks *= (padded - span) / stride + 1;
    }
    if (blocks > 0 && blocks != inputShape[2])
      return emitOptionalError(loc, "col2im input ", *input, " holds ",
                               inputShape[2], " blocks, the image takes ",
                               blocks);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult Col2ImOp::verify() {
  auto allPositive = [](std::optional<ArrayRef<int64_t>> values) {
    return !values || llvm::all_of(*values, [](int64_t v) { return v > 0; });
  };
  if (!allPositive(getStrides()) || !allPositive(getDilations()))
    return emitOpError("strides and dilations must be positive");
  if (std::optional<ArrayRef<int64_t>> pads = getPads();
      pads && llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
    return emitOpError("pads must not be negative");
  return success();
}
