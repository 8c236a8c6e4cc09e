// SPDX-License-Identifier: Apache-2.0
//===- MathOps.cpp - type inference of ONNX math operators ----------------===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::kiln;

bool mlir::kiln::areCompatibleResultTypes(TypeRange inferred,
                                          TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [inferredType, declaredType] : llvm::zip(inferred, declared)) {
    auto lhs = dyn_cast<ShapedType>(inferredType);
    auto rhs = dyn_cast<ShapedType>(declaredType);
    if (!lhs || !rhs || lhs.getElementType() != rhs.getElementType() ||
        failed(verifyCompatibleShape(lhs, rhs)))
      return false;
  }
  return true;
}

LogicalResult mlir::kiln::inferBroadcastResultType(
    std::optional<Location> loc, Type lhs, Type rhs, Type elementType,
    SmallVectorImpl<Type> &inferred) {
  Type result = OpTrait::util::getBroadcastedType(lhs, rhs);
  if (!result)
    return emitOptionalError(loc, "operand shapes do not broadcast: ", lhs,
                             " and ", rhs);
  if (elementType)
    result = cast<ShapedType>(result).clone(elementType);
  inferred.push_back(result);
  return success();
}

LogicalResult mlir::kiln::inferVariadicBroadcastResultType(
    std::optional<Location> loc, TypeRange operands,
    SmallVectorImpl<Type> &inferred) {
  if (operands.empty())
    return emitOptionalError(loc, "needs at least one operand");
  Type result = operands.front();
  for (Type operand : operands.drop_front()) {
    Type broadcast = OpTrait::util::getBroadcastedType(result, operand);
    if (!broadcast)
      return emitOptionalError(loc, "operand shapes do not broadcast: ",
                               result, " and ", operand);
    result = broadcast;
  }
  inferred.push_back(result);
  return success();
}

LogicalResult MatMulOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto lhsType = dyn_cast<TensorType>(adaptor.getA().getType());
  auto rhsType = dyn_cast<TensorType>(adaptor.getB().getType());
  if (!lhsType || !rhsType)
    return emitOptionalError(loc, "matmul operands must be tensors");
  Type elementType = lhsType.getElementType();
  if (!lhsType.hasRank() || !rhsType.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return emitOptionalError(loc, "matmul operands must have rank >= 1, got ",
                             lhsType, " and ", rhsType);

  // Promote 1-D operands to matrices as numpy does: [K] x [K, N] is a row
  // vector times a matrix, [M, K] x [K] a matrix times a column vector.
  SmallVector<int64_t> lhsShape(lhsType.getShape());
  SmallVector<int64_t> rhsShape(rhsType.getShape());
  bool lhsIsVector = lhsShape.size() == 1;
  bool rhsIsVector = rhsShape.size() == 1;
  if (lhsIsVector)
    lhsShape.insert(lhsShape.begin(), 1);
  if (rhsIsVector)
    rhsShape.push_back(1);

  int64_t lhsK = lhsShape.back();
  int64_t rhsK = rhsShape[rhsShape.size() - 2];
  if (!ShapedType::isDynamic(lhsK) && !ShapedType::isDynamic(rhsK) &&
      lhsK != rhsK)
    return emitOptionalError(loc, "matmul contraction dims differ: lhs has ",
                             lhsK, ", rhs has ", rhsK);

  SmallVector<int64_t> resultShape;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef(lhsShape).drop_back(2),
                                          ArrayRef(rhsShape).drop_back(2),
                                          resultShape))
    return emitOptionalError(
        loc, "matmul batch dims do not broadcast: ", lhsType, " and ", rhsType);
  if (!lhsIsVector)
    resultShape.push_back(lhsShape[lhsShape.size() - 2]);
  if (!rhsIsVector)
    resultShape.push_back(rhsShape.back());
  inferred.push_back(RankedTensorType::get(resultShape, elementType));
  return success();
}
