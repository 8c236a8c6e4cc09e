// SPDX-License-Identifier: Apache-2.0
//===- LoweringUtils.cpp - helpers of the kiln-to-linalg patterns --------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/ShapeUtils.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Errors and types
//===----------------------------------------------------------------------===//

LogicalResult mlir::kiln::emitLoweringError(Operation *op,
                                            const Twine &reason) {
  op->emitError() << "'" << op->getName()
                  << "' cannot be lowered to linalg: " << reason;
  return failure();
}

bool mlir::kiln::isUnsignedType(Type type) {
  auto integer = dyn_cast<IntegerType>(getElementTypeOrSelf(type));
  return integer && integer.isUnsigned();
}

bool mlir::kiln::isFloatType(Type type) {
  return isa<FloatType>(getElementTypeOrSelf(type));
}

RankedTensorType
mlir::kiln::getConvertedTensorType(const TypeConverter &converter,
                                   Value value) {
  return dyn_cast_or_null<RankedTensorType>(
      converter.convertType(value.getType()));
}

RankedTensorType mlir::kiln::getRankedType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

LogicalResult mlir::kiln::requireRanked(Operation *op, ValueRange values) {
  for (Value value : values)
    if (value && !isa<RankedTensorType>(value.getType()))
      return emitLoweringError(op, "operands and results must be ranked "
                                   "tensors (run kiln-infer-shapes first)");
  return success();
}

//===----------------------------------------------------------------------===//
// Sizes and destinations
//===----------------------------------------------------------------------===//

SmallVector<OpFoldResult> mlir::kiln::getSizes(OpBuilder &b, Location loc,
                                               Value tensor) {
  return tensor::getMixedSizes(b, loc, tensor);
}

Value mlir::kiln::getDimValue(OpBuilder &b, Location loc, Value tensor,
                              int64_t dim) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim));
  return tensor::DimOp::create(b, loc, tensor, dim);
}

Value mlir::kiln::toIndexValue(OpBuilder &b, Location loc, OpFoldResult size) {
  if (auto value = dyn_cast<Value>(size))
    return value;
  return arith::ConstantIndexOp::create(
      b, loc, cast<IntegerAttr>(cast<Attribute>(size)).getInt());
}

Value mlir::kiln::createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                              ArrayRef<OpFoldResult> sizes) {
  SmallVector<Value> dynamic;
  for (auto [dim, size] : llvm::enumerate(sizes))
    if (type.isDynamicDim(dim))
      dynamic.push_back(toIndexValue(b, loc, size));
  return tensor::EmptyOp::create(b, loc, type, dynamic);
}

Value mlir::kiln::createFilled(OpBuilder &b, Location loc,
                               RankedTensorType type,
                               ArrayRef<OpFoldResult> sizes, Value value) {
  Value empty = createEmpty(b, loc, type, sizes);
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

SmallVector<OpFoldResult> mlir::kiln::getSizesLike(OpBuilder &b, Location loc,
                                                   RankedTensorType type,
                                                   Value source) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (!type.isDynamicDim(dim))
      sizes.push_back(b.getIndexAttr(type.getDimSize(dim)));
    else
      sizes.push_back(getDimValue(b, loc, source, dim));
  }
  return sizes;
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

Value mlir::kiln::createConstant(OpBuilder &b, Location loc, Type type,
                                 double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  if (type.isInteger(1))
    return arith::ConstantOp::create(b, loc, b.getBoolAttr(value != 0));
  return createIntConstant(b, loc, type, static_cast<int64_t>(value));
}

Value mlir::kiln::createIntConstant(OpBuilder &b, Location loc, Type type,
                                    int64_t value) {
  if (type.isIndex())
    return arith::ConstantIndexOp::create(b, loc, value);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

Value mlir::kiln::createLowest(OpBuilder &b, Location loc, Type type,
                               bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt lowest = isUnsigned || width == 1 ? APInt::getMinValue(width)
                                          : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, lowest));
}

Value mlir::kiln::createHighest(OpBuilder &b, Location loc, Type type,
                                bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType,
                       APFloat::getInf(floatType.getFloatSemantics())));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt highest = isUnsigned || width == 1 ? APInt::getMaxValue(width)
                                           : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, highest));
}

Value mlir::kiln::createAdd(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::AddFOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

Value mlir::kiln::createSub(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::SubFOp::create(b, loc, x, y);
  return arith::SubIOp::create(b, loc, x, y);
}

Value mlir::kiln::createMul(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::MulFOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

Value mlir::kiln::createDiv(OpBuilder &b, Location loc, Value x, Value y,
                            bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::DivFOp::create(b, loc, x, y);
  if (isUnsigned)
    return arith::DivUIOp::create(b, loc, x, y);
  return arith::DivSIOp::create(b, loc, x, y);
}

Value mlir::kiln::createMax(OpBuilder &b, Location loc, Value x, Value y,
                            bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::MaximumFOp::create(b, loc, x, y);
  if (isUnsigned || x.getType().isInteger(1))
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value mlir::kiln::createMin(OpBuilder &b, Location loc, Value x, Value y,
                            bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::MinimumFOp::create(b, loc, x, y);
  if (isUnsigned || x.getType().isInteger(1))
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}

Value mlir::kiln::createCmp(OpBuilder &b, Location loc, CmpKind kind, Value x,
                            Value y, bool isUnsigned) {
  if (isa<FloatType>(x.getType())) {
    arith::CmpFPredicate predicate = arith::CmpFPredicate::OEQ;
    switch (kind) {
    case CmpKind::eq:
      predicate = arith::CmpFPredicate::OEQ;
      break;
    case CmpKind::ne:
      predicate = arith::CmpFPredicate::UNE;
      break;
    case CmpKind::lt:
      predicate = arith::CmpFPredicate::OLT;
      break;
    case CmpKind::le:
      predicate = arith::CmpFPredicate::OLE;
      break;
    case CmpKind::gt:
      predicate = arith::CmpFPredicate::OGT;
      break;
    case CmpKind::ge:
      predicate = arith::CmpFPredicate::OGE;
      break;
    }
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }
  bool isBool = x.getType().isInteger(1);
  bool unsignedCompare = isUnsigned || isBool;
  arith::CmpIPredicate predicate = arith::CmpIPredicate::eq;
  switch (kind) {
  case CmpKind::eq:
    predicate = arith::CmpIPredicate::eq;
    break;
  case CmpKind::ne:
    predicate = arith::CmpIPredicate::ne;
    break;
  case CmpKind::lt:
    predicate =
        unsignedCompare ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case CmpKind::le:
    predicate =
        unsignedCompare ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case CmpKind::gt:
    predicate =
        unsignedCompare ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case CmpKind::ge:
    predicate =
        unsignedCompare ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return arith::CmpIOp::create(b, loc, predicate, x, y);
}

Value mlir::kiln::convertScalar(OpBuilder &b, Location loc, Value x, Type to,
                                bool fromUnsigned, bool toUnsigned) {
  Type from = x.getType();
  if (from == to)
    return x;
  // Index values convert through i64.
  if (from.isIndex()) {
    Value wide = arith::IndexCastOp::create(b, loc, b.getI64Type(), x);
    return convertScalar(b, loc, wide, to, /*fromUnsigned=*/false, toUnsigned);
  }
  if (to.isIndex()) {
    Value wide = convertScalar(b, loc, x, b.getI64Type(), fromUnsigned, false);
    return arith::IndexCastOp::create(b, loc, to, wide);
  }
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (fromFloat) {
    if (to.isInteger(1))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                   createConstant(b, loc, from, 0.0));
    if (auto toInt = dyn_cast<IntegerType>(to)) {
      // Truncate toward zero; narrow results wrap around as onnxruntime's
      // (C's) conversions through a wider integer do: convert to i32 (i64
      // for 32-bit unsigned results) and truncate.
      unsigned width = toInt.getWidth();
      if (width == 64)
        return toUnsigned ? arith::FPToUIOp::create(b, loc, to, x).getResult()
                          : arith::FPToSIOp::create(b, loc, to, x).getResult();
      if (width == 32 && !toUnsigned)
        return arith::FPToSIOp::create(b, loc, to, x);
      Type wide = width == 32 ? b.getI64Type() : b.getI32Type();
      Value converted = arith::FPToSIOp::create(b, loc, wide, x);
      return arith::TruncIOp::create(b, loc, to, converted);
    }
    if (toFloat) {
      unsigned fromWidth = fromFloat.getWidth(), toWidth = toFloat.getWidth();
      if (fromWidth < toWidth)
        return arith::ExtFOp::create(b, loc, to, x);
      if (fromWidth > toWidth)
        return arith::TruncFOp::create(b, loc, to, x);
      // f16 <-> bf16 (and other same-width pairs) go through f32.
      Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
      return arith::TruncFOp::create(b, loc, to, wide);
    }
    return {};
  }
  auto fromInt = dyn_cast<IntegerType>(from);
  if (!fromInt)
    return {};
  bool fromBool = fromInt.getWidth() == 1;
  if (toFloat) {
    if (fromUnsigned || fromBool)
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::SIToFPOp::create(b, loc, to, x);
  }
  auto toInt = dyn_cast<IntegerType>(to);
  if (!toInt)
    return {};
  if (toInt.getWidth() == 1)
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                 createIntConstant(b, loc, from, 0));
  if (fromInt.getWidth() < toInt.getWidth()) {
    if (fromUnsigned || fromBool)
      return arith::ExtUIOp::create(b, loc, to, x);
    return arith::ExtSIOp::create(b, loc, to, x);
  }
  if (fromInt.getWidth() > toInt.getWidth())
    return arith::TruncIOp::create(b, loc, to, x);
  // Same width, signless on both sides: the same bits.
  return x;
}

Value mlir::kiln::toFloat(OpBuilder &b, Location loc, Value x, Type to,
                          bool isUnsigned) {
  return convertScalar(b, loc, x, to, isUnsigned, /*toUnsigned=*/false);
}

//===----------------------------------------------------------------------===//
// Generics
//===----------------------------------------------------------------------===//

AffineMap mlir::kiln::getBroadcastMap(ArrayRef<int64_t> operandShape,
                                      ArrayRef<int64_t> resultShape,
                                      MLIRContext *context) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - static_cast<int64_t>(operandShape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [index, size] : llvm::enumerate(operandShape)) {
    int64_t dim = offset + index;
    if (size == 1 && resultShape[dim] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(dim, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

SmallVector<OpFoldResult>
mlir::kiln::getBroadcastSizes(OpBuilder &b, Location loc, ValueRange inputs,
                              RankedTensorType resultType) {
  int64_t rank = resultType.getRank();
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (!resultType.isDynamicDim(dim)) {
      sizes.push_back(b.getIndexAttr(resultType.getDimSize(dim)));
      continue;
    }
    OpFoldResult size = b.getIndexAttr(1);
    for (Value input : inputs) {
      auto type = cast<RankedTensorType>(input.getType());
      int64_t index = dim - (rank - type.getRank());
      if (index < 0 || type.getDimSize(index) == 1)
        continue;
      if (type.isDynamicDim(index))
        size = tensor::DimOp::create(b, loc, input, index).getResult();
      else
        size = b.getIndexAttr(type.getDimSize(index));
      break;
    }
    sizes.push_back(size);
  }
  return sizes;
}

Value mlir::kiln::buildGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                               ArrayRef<AffineMap> inputMaps,
                               AffineMap outputMap, Value init,
                               ArrayRef<utils::IteratorType> iterators,
                               BodyFn body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(outputMap);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args);
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value mlir::kiln::buildElementwise(OpBuilder &b, Location loc,
                                   ValueRange inputs,
                                   RankedTensorType resultType, BodyFn body) {
  MLIRContext *context = b.getContext();
  SmallVector<OpFoldResult> sizes =
      getBroadcastSizes(b, loc, inputs, resultType);
  Value init = createEmpty(b, loc, resultType, sizes);
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                        resultType.getShape(), context));
  int64_t rank = resultType.getRank();
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return buildGeneric(
      b, loc, inputs, maps, b.getMultiDimIdentityMap(rank), init, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return body(nested, nestedLoc, args.drop_back());
      });
}

AffineMap mlir::kiln::getDroppingMap(int64_t rank, ArrayRef<int64_t> dropped,
                                     MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < rank; ++dim)
    if (!llvm::is_contained(dropped, dim))
      exprs.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(rank, 0, exprs, context);
}

Value mlir::kiln::buildReduction(OpBuilder &b, Location loc, Value input,
                                 ArrayRef<int64_t> axes, Value initValue,
                                 BodyFn body) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool reduced = llvm::is_contained(axes, dim);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (reduced)
      continue;
    shape.push_back(inputType.getDimSize(dim));
    sizes.push_back(inputSizes[dim]);
  }
  auto resultType = RankedTensorType::get(shape, initValue.getType());
  Value init = createFilled(b, loc, resultType, sizes, initValue);
  MLIRContext *context = b.getContext();
  return buildGeneric(b, loc, input, b.getMultiDimIdentityMap(rank),
                      getDroppingMap(rank, axes, context), init, iterators,
                      body);
}

Value mlir::kiln::buildArgReduction(OpBuilder &b, Location loc, Value input,
                                    int64_t axis, bool isMax, bool selectLast,
                                    bool isUnsigned) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  Type elementType = inputType.getElementType();
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t dim = 0; dim < rank; ++dim) {
    iterators.push_back(dim == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
    if (dim == axis)
      continue;
    shape.push_back(inputType.getDimSize(dim));
    sizes.push_back(inputSizes[dim]);
  }
  auto valueType = RankedTensorType::get(shape, elementType);
  auto indexType = RankedTensorType::get(shape, b.getI64Type());
  Value start = isMax ? createLowest(b, loc, elementType, isUnsigned)
                      : createHighest(b, loc, elementType, isUnsigned);
  Value values = createFilled(b, loc, valueType, sizes, start);
  Value indices = createFilled(b, loc, indexType, sizes,
                               createIntConstant(b, loc, b.getI64Type(), 0));
  MLIRContext *context = b.getContext();
  AffineMap outputMap = getDroppingMap(rank, {axis}, context);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{valueType, indexType}, ValueRange{input},
      ValueRange{values, indices},
      {b.getMultiDimIdentityMap(rank), outputMap, outputMap}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value x = args[0], best = args[1], bestIndex = args[2];
        Value index = arith::IndexCastOp::create(
            nb, nloc, nb.getI64Type(), linalg::IndexOp::create(nb, nloc, axis));
        CmpKind kind = isMax ? (selectLast ? CmpKind::ge : CmpKind::gt)
                             : (selectLast ? CmpKind::le : CmpKind::lt);
        Value better = createCmp(nb, nloc, kind, x, best, isUnsigned);
        // The first element always wins (the start value may equal it).
        Value first = arith::CmpIOp::create(
            nb, nloc, arith::CmpIPredicate::eq, index,
            createIntConstant(nb, nloc, nb.getI64Type(), 0));
        better = arith::OrIOp::create(nb, nloc, better, first);
        Value newBest = arith::SelectOp::create(nb, nloc, better, x, best);
        Value newIndex =
            arith::SelectOp::create(nb, nloc, better, index, bestIndex);
        linalg::YieldOp::create(nb, nloc, ValueRange{newBest, newIndex});
      });
  return generic.getResult(1);
}

Value mlir::kiln::countAsFloat(OpBuilder &b, Location loc, Value value,
                               ArrayRef<int64_t> axes, Type type) {
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, value);
  SmallVector<OpFoldResult> picked;
  for (int64_t axis : axes)
    picked.push_back(sizes[axis]);
  OpFoldResult count = getProduct(b, loc, picked);
  if (std::optional<int64_t> constant = getConstantIntValue(count))
    return createConstant(b, loc, type, static_cast<double>(*constant));
  return toFloat(b, loc, toIndexValue(b, loc, count), type, false);
}

Value mlir::kiln::buildMapped(OpBuilder &b, Location loc, Value value,
                              ArrayRef<std::pair<Value, AffineMap>> others,
                              Type elementType, BodyFn body) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  auto resultType = RankedTensorType::get(type.getShape(), elementType);
  Value init = createEmpty(b, loc, resultType, getSizes(b, loc, value));
  SmallVector<Value> inputs = {value};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  for (auto [other, map] : others) {
    inputs.push_back(other);
    maps.push_back(map);
  }
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return buildGeneric(b, loc, inputs, maps, b.getMultiDimIdentityMap(rank),
                      init, iterators,
                      [&](OpBuilder &nb, Location nloc, ValueRange args) {
                        return body(nb, nloc, args.drop_back());
                      });
}

/// Groups the dims of a tensor of rank `rank` around the dims not in
/// `unitDims`: each group holds one such dim and the unit dims before it;
/// trailing unit dims join the last group.
static SmallVector<ReassociationIndices>
getUnitDimReassociation(ArrayRef<int64_t> unitDims, int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices current;
  for (int64_t dim = 0; dim < rank; ++dim) {
    current.push_back(dim);
    if (!llvm::is_contained(unitDims, dim)) {
      groups.push_back(current);
      current.clear();
    }
  }
  if (!current.empty() && !groups.empty())
    groups.back().append(current.begin(), current.end());
  return groups;
}

Value mlir::kiln::insertUnitDims(OpBuilder &b, Location loc, Value value,
                                 ArrayRef<int64_t> axes, int64_t rank) {
  if (axes.empty())
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  int64_t source = 0;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (llvm::is_contained(axes, dim))
      shape.push_back(1);
    else
      shape.push_back(type.getDimSize(source++));
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (type.getRank() == 0)
    return tensor::ExpandShapeOp::create(
        b, loc, resultType, value, ArrayRef<ReassociationIndices>{},
        SmallVector<OpFoldResult>(rank, b.getIndexAttr(1)));
  SmallVector<ReassociationIndices> groups =
      getUnitDimReassociation(axes, rank);
  SmallVector<OpFoldResult> outputShape;
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, value);
  source = 0;
  for (int64_t dim = 0; dim < rank; ++dim)
    outputShape.push_back(llvm::is_contained(axes, dim) ? b.getIndexAttr(1)
                                                        : sizes[source++]);
  return tensor::ExpandShapeOp::create(b, loc, resultType, value, groups,
                                       outputShape);
}

Value mlir::kiln::prependUnitDims(OpBuilder &b, Location loc, Value value,
                                  int64_t rank) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t missing = rank - type.getRank();
  if (missing <= 0)
    return value;
  return insertUnitDims(b, loc, value,
                        llvm::to_vector(llvm::seq<int64_t>(0, missing)), rank);
}

Value mlir::kiln::broadcastTo(OpBuilder &b, Location loc, Value value,
                              RankedTensorType resultType,
                              ArrayRef<OpFoldResult> sizes, BodyFn body) {
  MLIRContext *context = b.getContext();
  Value init = createEmpty(b, loc, resultType, sizes);
  int64_t rank = resultType.getRank();
  AffineMap map =
      getBroadcastMap(cast<RankedTensorType>(value.getType()).getShape(),
                      resultType.getShape(), context);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return buildGeneric(
      b, loc, value, map, b.getMultiDimIdentityMap(rank), init, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        if (body)
          return body(nested, nestedLoc, args.take_front());
        return args.front();
      });
}

//===----------------------------------------------------------------------===//
// Index arithmetic
//===----------------------------------------------------------------------===//

OpFoldResult mlir::kiln::foldIndex(OpBuilder &b, Location loc, IndexOp op,
                                   OpFoldResult x, OpFoldResult y) {
  std::optional<int64_t> lhs = getConstantIntValue(x);
  std::optional<int64_t> rhs = getConstantIntValue(y);
  if (lhs && rhs) {
    int64_t a = *lhs, c = *rhs;
    switch (op) {
    case IndexOp::add:
      return b.getIndexAttr(a + c);
    case IndexOp::sub:
      return b.getIndexAttr(a - c);
    case IndexOp::mul:
      return b.getIndexAttr(a * c);
    case IndexOp::divs:
      if (c != 0)
        return b.getIndexAttr(a / c);
      break;
    case IndexOp::ceilDivs:
      if (c != 0)
        return b.getIndexAttr(llvm::divideCeilSigned(a, c));
      break;
    case IndexOp::maxs:
      return b.getIndexAttr(std::max(a, c));
    case IndexOp::mins:
      return b.getIndexAttr(std::min(a, c));
    }
  }
  // Identities keep static values static.
  if (rhs && *rhs == 0 && (op == IndexOp::add || op == IndexOp::sub))
    return x;
  if (lhs && *lhs == 0 && op == IndexOp::add)
    return y;
  if (rhs && *rhs == 1 &&
      (op == IndexOp::mul || op == IndexOp::divs || op == IndexOp::ceilDivs))
    return x;
  if (lhs && *lhs == 1 && op == IndexOp::mul)
    return y;
  Value a = toIndexValue(b, loc, x), c = toIndexValue(b, loc, y);
  switch (op) {
  case IndexOp::add:
    return arith::AddIOp::create(b, loc, a, c).getResult();
  case IndexOp::sub:
    return arith::SubIOp::create(b, loc, a, c).getResult();
  case IndexOp::mul:
    return arith::MulIOp::create(b, loc, a, c).getResult();
  case IndexOp::divs:
    return arith::DivSIOp::create(b, loc, a, c).getResult();
  case IndexOp::ceilDivs:
    return arith::CeilDivSIOp::create(b, loc, a, c).getResult();
  case IndexOp::maxs:
    return arith::MaxSIOp::create(b, loc, a, c).getResult();
  case IndexOp::mins:
    return arith::MinSIOp::create(b, loc, a, c).getResult();
  }
  llvm_unreachable("unknown index op");
}

Value mlir::kiln::extractIndex(OpBuilder &b, Location loc, Value tensor,
                               int64_t index) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> indices;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    indices.push_back(arith::ConstantIndexOp::create(
        b, loc, dim + 1 == type.getRank() ? index : 0));
  Value element = tensor::ExtractOp::create(b, loc, tensor, indices);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), element);
}

Value mlir::kiln::extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<Value> indices(type.getRank(), zero);
  return tensor::ExtractOp::create(b, loc, tensor, indices);
}

Value mlir::kiln::extractSliceOrEmpty(OpBuilder &b, Location loc, Value source,
                                      ArrayRef<OpFoldResult> offsets,
                                      ArrayRef<OpFoldResult> sizes,
                                      ArrayRef<OpFoldResult> strides) {
  if (llvm::any_of(sizes, [](OpFoldResult size) {
        return getConstantIntValue(size) == std::optional<int64_t>(0);
      })) {
    auto type = RankedTensorType::get(
        llvm::map_to_vector(sizes,
                            [](OpFoldResult size) {
                              return getConstantIntValue(size).value_or(
                                  ShapedType::kDynamic);
                            }),
        cast<RankedTensorType>(source.getType()).getElementType());
    return createEmpty(b, loc, type, sizes);
  }
  return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                        strides);
}

Value mlir::kiln::castToType(OpBuilder &b, Location loc, Value value,
                             Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

OpFoldResult mlir::kiln::getProduct(OpBuilder &b, Location loc,
                                    ArrayRef<OpFoldResult> sizes) {
  OpFoldResult product = b.getIndexAttr(1);
  for (OpFoldResult size : sizes)
    product = foldIndex(b, loc, IndexOp::mul, product, size);
  return product;
}

Value mlir::kiln::expandShape(OpBuilder &b, Location loc,
                              RankedTensorType resultType, Value source,
                              ArrayRef<ReassociationIndices> groups,
                              ArrayRef<OpFoldResult> sizes) {
  bool manyDynamic = llvm::any_of(groups, [&](const ReassociationIndices &g) {
    return llvm::count_if(g, [&](int64_t dim) {
             return resultType.isDynamicDim(dim);
           }) > 1;
  });
  if (!manyDynamic)
    return tensor::ExpandShapeOp::create(b, loc, resultType, source, groups,
                                         sizes);
  SmallVector<Value> shapeValues;
  for (OpFoldResult size : sizes)
    shapeValues.push_back(toIndexValue(b, loc, size));
  auto shapeType =
      RankedTensorType::get({resultType.getRank()}, b.getIndexType());
  Value shape = tensor::FromElementsOp::create(b, loc, shapeType, shapeValues);
  return tensor::ReshapeOp::create(b, loc, resultType, source, shape);
}

Value mlir::kiln::reshapeTo(OpBuilder &b, Location loc, Value value,
                            RankedTensorType resultType,
                            ArrayRef<OpFoldResult> sizes) {
  auto sourceType = cast<RankedTensorType>(value.getType());
  if (sourceType == resultType)
    return value;
  if (std::optional<SmallVector<ReassociationIndices>> groups =
          getReassociationIndicesForReshape(sourceType, resultType)) {
    if (sourceType.getRank() > resultType.getRank()) {
      RankedTensorType collapsedType =
          tensor::CollapseShapeOp::inferCollapsedType(sourceType, *groups);
      Value collapsed = tensor::CollapseShapeOp::create(b, loc, collapsedType,
                                                        value, *groups);
      return castToType(b, loc, collapsed, resultType);
    }
    if (sourceType.getRank() < resultType.getRank())
      return expandShape(b, loc, resultType, value, *groups, sizes);
  }
  // One element: insert or drop unit dims directly.
  if (sourceType.getRank() == 0)
    return tensor::ExpandShapeOp::create(
        b, loc, resultType, value, ArrayRef<ReassociationIndices>{},
        SmallVector<OpFoldResult>(resultType.getRank(), b.getIndexAttr(1)));
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, value,
                                           ArrayRef<ReassociationIndices>{});
  // Otherwise through 1-D: collapse every dim, expand to the result sizes
  // (views both, where tensor.reshape would need a shape tensor).
  Value flat = value;
  if (sourceType.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t dim = 0; dim < sourceType.getRank(); ++dim)
      all.front().push_back(dim);
    RankedTensorType flatType =
        tensor::CollapseShapeOp::inferCollapsedType(sourceType, all);
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, value, all);
  }
  if (resultType.getRank() == 1)
    return castToType(b, loc, flat, resultType);
  SmallVector<ReassociationIndices> all(1);
  for (int64_t dim = 0; dim < resultType.getRank(); ++dim)
    all.front().push_back(dim);
  // The collapsed dim is dynamic when an expanded one is, else static.
  flat = castToType(b, loc, flat,
                    RankedTensorType::get({resultType.hasStaticShape()
                                               ? resultType.getNumElements()
                                               : ShapedType::kDynamic},
                                          resultType.getElementType()));
  return expandShape(b, loc, resultType, flat, all, sizes);
}

Value mlir::kiln::toRank0(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == 0)
    return value;
  auto scalarType = RankedTensorType::get({}, type.getElementType());
  if (type.hasStaticShape())
    return tensor::CollapseShapeOp::create(b, loc, scalarType, value,
                                           ArrayRef<ReassociationIndices>{});
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<Value> indices(type.getRank(), zero);
  Value element = tensor::ExtractOp::create(b, loc, value, indices);
  return tensor::FromElementsOp::create(b, loc, scalarType, element);
}

//===----------------------------------------------------------------------===//
// Sliding windows
//===----------------------------------------------------------------------===//

FailureOr<WindowParams>
mlir::kiln::getWindowParams(Operation *op, ArrayRef<int64_t> kernel,
                            std::optional<ArrayRef<int64_t>> strides,
                            std::optional<ArrayRef<int64_t>> dilations,
                            std::optional<ArrayRef<int64_t>> pads,
                            StringRef autoPad, ArrayRef<int64_t> inputShape) {
  size_t rank = kernel.size();
  WindowParams params;
  params.kernel.assign(kernel.begin(), kernel.end());
  params.strides.assign(rank, 1);
  params.dilations.assign(rank, 1);
  params.padBegin.assign(rank, 0);
  params.padEnd.assign(rank, 0);
  if (strides && !strides->empty()) {
    if (strides->size() != rank)
      return emitLoweringError(op, "strides do not match the kernel");
    params.strides.assign(strides->begin(), strides->end());
  }
  if (dilations && !dilations->empty()) {
    if (dilations->size() != rank)
      return emitLoweringError(op, "dilations do not match the kernel");
    params.dilations.assign(dilations->begin(), dilations->end());
  }
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t dim = 0; dim < rank; ++dim) {
      int64_t size = inputShape[dim];
      if (ShapedType::isDynamic(size))
        return emitLoweringError(op, "SAME padding needs static spatial dims");
      int64_t stride = params.strides[dim];
      int64_t out = llvm::divideCeil(size, stride);
      int64_t extent = (kernel[dim] - 1) * params.dilations[dim] + 1;
      int64_t total = std::max<int64_t>(0, (out - 1) * stride + extent - size);
      int64_t small = total / 2, large = total - total / 2;
      params.padBegin[dim] = autoPad == "SAME_UPPER" ? small : large;
      params.padEnd[dim] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad == "NOTSET") {
    if (pads && !pads->empty()) {
      if (pads->size() != 2 * rank)
        return emitLoweringError(op, "pads do not match the kernel");
      params.padBegin.assign(pads->begin(), pads->begin() + rank);
      params.padEnd.assign(pads->begin() + rank, pads->end());
    }
  } else if (autoPad != "VALID") {
    return emitLoweringError(op, "unknown auto_pad '" + autoPad + "'");
  }
  return params;
}

Value mlir::kiln::padSpatial(OpBuilder &b, Location loc, Value input,
                             ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                             Value value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  SmallVector<OpFoldResult> lowSizes(2, b.getIndexAttr(0));
  SmallVector<OpFoldResult> highSizes(2, b.getIndexAttr(0));
  for (auto [l, h] : llvm::zip(low, high)) {
    lowSizes.push_back(b.getIndexAttr(l));
    highSizes.push_back(b.getIndexAttr(h));
  }
  return tensor::PadOp::create(b, loc, Type(), input, lowSizes, highSizes,
                               value);
}

//===----------------------------------------------------------------------===//
// Attributes and constant operands
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
mlir::kiln::normalizeAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, rank);
    if (failed(normalized))
      return failure();
    result.push_back(*normalized);
  }
  llvm::sort(result);
  result.erase(llvm::unique(result), result.end());
  return result;
}

std::optional<double> mlir::kiln::getConstantScalar(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      attr.getNumElements() != 1)
    return std::nullopt;
  Type type = attr.getElementType();
  if (isa<FloatType>(type))
    return (*attr.value_begin<APFloat>()).convertToDouble();
  if (auto integer = dyn_cast<IntegerType>(type)) {
    APInt value = *attr.value_begin<APInt>();
    if (integer.isUnsigned() || integer.getWidth() == 1)
      return static_cast<double>(value.getZExtValue());
    return static_cast<double>(value.getSExtValue());
  }
  return std::nullopt;
}
