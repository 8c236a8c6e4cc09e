// SPDX-License-Identifier: Apache-2.0
//===- KexecOps.cpp - verifiers of the kexec ops --------------------------===//

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::kexec;

StringRef mlir::kexec::getNodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().strref();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (StringRef name = getNodeName(inner); !name.empty())
        return name;
  return {};
}

FailureOr<llvm::APFloat> mlir::kexec::parseF32(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return llvm::APFloat(float(value));
}

SmallVector<int64_t> mlir::kexec::getChannelsLastOrder(int64_t rank) {
  SmallVector<int64_t> order = {0};
  llvm::append_range(order, llvm::seq<int64_t>(2, rank));
  order.push_back(1);
  return order;
}

Type mlir::kexec::getStorageType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !isa_and_nonnull<ChannelsLastAttr>(tensor.getEncoding()))
    return type;
  SmallVector<int64_t> shape;
  for (int64_t dim : getChannelsLastOrder(tensor.getRank()))
    shape.push_back(tensor.getDimSize(dim));
  return RankedTensorType::get(shape, tensor.getElementType());
}

/// Checks that every post op names a valid post operand when it needs one.
static LogicalResult verifyPostOps(Operation *op, ArrayAttr postOps,
                                   size_t numPostOperands) {
  for (auto postOp : postOps.getAsRange<PostOpAttr>()) {
    bool binary = postOp.getKind() == PostOpKind::add ||
                  postOp.getKind() == PostOpKind::mul;
    int64_t operand = postOp.getOperand();
    if (binary && (operand < 0 || operand >= int64_t(numPostOperands)))
      return op->emitOpError("post op ")
             << stringifyPostOpKind(postOp.getKind()) << " names post operand "
             << operand << " of " << numPostOperands;
    if (!binary && operand != -1)
      return op->emitOpError("post op ")
             << stringifyPostOpKind(postOp.getKind())
             << " takes no post operand";
  }
  return success();
}

/// Only activations (a convolution's or pooling's input, result and post
/// operands) may be channels-last.
static LogicalResult verifyRowMajor(Operation *op, ValueRange values,
                                    StringRef what) {
  for (Value value : values)
    if (isChannelsLast(value))
      return op->emitOpError("expects a row-major ") << what;
  return success();
}

/// Checks the window attributes of a convolution or pooling over `rank`
/// dims (batch and channels included).
static LogicalResult verifyWindow(Operation *op, int64_t rank,
                                  ArrayRef<ArrayRef<int64_t>> windowAttrs) {
  int64_t spatial = rank - 2;
  if (spatial < 1 || spatial > 3)
    return op->emitOpError("expects 1 to 3 spatial dims, got ") << spatial;
  for (ArrayRef<int64_t> attr : windowAttrs)
    if (int64_t(attr.size()) != spatial)
      return op->emitOpError("expects ")
             << spatial << " entries in each window attribute, got "
             << attr.size();
  return success();
}

LogicalResult ConvolutionOp::verify() {
  auto input = getInput().getType(), filter = getFilter().getType(),
       output = getOutput().getType();
  int64_t rank = input.getRank();
  if (filter.getRank() != rank || output.getRank() != rank)
    return emitOpError("expects input, filter and output of one rank");
  if (failed(verifyWindow(*this, rank,
                          {getStrides(), getDilations(), getPadsBegin(),
                           getPadsEnd()})))
    return failure();
  if (getGroups() < 1)
    return emitOpError("expects groups >= 1");
  if (failed(verifyRowMajor(*this, getFilter(), "filter")) ||
      (getBias() && failed(verifyRowMajor(*this, getBias(), "bias"))))
    return failure();
  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getRank() != 1)
      return emitOpError("expects a 1-D bias");
  }
  return verifyPostOps(*this, getPostOps(), getPostOperands().size());
}

LogicalResult MatMulOp::verify() {
  auto a = getA().getType(), b = getB().getType();
  if (a.getRank() < 2 || b.getRank() < 2 || getOutput().getType().getRank() < 2)
    return emitOpError("expects operands and result of rank >= 2");
  int64_t k0 = a.getDimSize(a.getRank() - (getTransposeA() ? 2 : 1));
  int64_t k1 = b.getDimSize(b.getRank() - (getTransposeB() ? 1 : 2));
  if (!ShapedType::isDynamic(k0) && !ShapedType::isDynamic(k1) && k0 != k1)
    return emitOpError("contraction dims differ: ") << k0 << " and " << k1;
  if (failed(verifyRowMajor(*this, getOperands(), "operand")) ||
      failed(verifyRowMajor(*this, getOutput(), "result")))
    return failure();
  return verifyPostOps(*this, getPostOps(), getPostOperands().size());
}

LogicalResult PoolingOp::verify() {
  StringRef kind = getKind();
  if (kind != "max" && kind != "avg_include_pad" && kind != "avg_exclude_pad")
    return emitOpError("unknown pooling kind '") << kind << "'";
  if (getOutput().getType().getRank() != getInput().getType().getRank())
    return emitOpError("expects input and output of one rank");
  return verifyWindow(*this, getInput().getType().getRank(),
                      {getKernel(), getStrides(), getDilations(),
                       getPadsBegin(), getPadsEnd()});
}

LogicalResult RegionOp::verify() {
  auto yield = cast<YieldOp>(getBody().front().getTerminator());
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields types that differ from its result types");
  return success();
}

LogicalResult
DispatchOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto kernel = symbolTable.lookupNearestSymbolFrom<FunctionOpInterface>(
      *this, getKernelAttr());
  if (!kernel)
    return emitOpError("kernel ") << getKernelAttr() << " not found";
  auto type = dyn_cast<FunctionType>(kernel.getFunctionType());
  auto storageTypes = [](TypeRange types) {
    return llvm::map_to_vector(types, getStorageType);
  };
  if (!type || storageTypes(getOperandTypes()) != type.getInputs() ||
      storageTypes(getResultTypes()) != type.getResults())
    return emitOpError("types differ from those of kernel ")
           << getKernelAttr();
  return success();
}
