// SPDX-License-Identifier: Apache-2.0
//===- GenerateGradients.cpp - reverse-mode differentiation of a function -===//
//
// Copies the forward function, then walks its ops from the last to the
// first, giving each op whose results have gradients the gradients of its
// operands by its rule (GradientRules.h) and summing the gradients of values
// used more than once.
//
//===----------------------------------------------------------------------===//

#include "passes/training/GradientRules.h"
#include "passes/training/Passes.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_GENERATEGRADIENTSPASS
#include "passes/training/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::training;

namespace {

bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Builds `forward`'s gradient function in `grad` (a copy of it).
LogicalResult differentiate(func::FuncOp grad, unsigned lossIndex) {
  Block &body = grad.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  Value loss = ret.getOperand(lossIndex);
  auto lossType = dyn_cast<RankedTensorType>(loss.getType());
  if (!isFloatTensor(loss) || lossType.getNumElements() != 1)
    return grad.emitError() << "the loss (result " << lossIndex
                            << ") is not a float scalar: " << loss.getType();

  OpBuilder b(ret);
  DenseMap<Value, Value> grads;
  auto accumulate = [&](Value value, Value gradient) {
    Value &sum = grads[value];
    sum = sum ? AddOp::create(b, gradient.getLoc(), ValueRange{sum, gradient},
                              ArrayRef<NamedAttribute>{})
                    ->getResult(0)
              : gradient;
  };
  accumulate(loss, createSplat(b, loss.getLoc(), lossType, 1.0));

  const GradientRegistry &registry = GradientRegistry::get();
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator())
    forward.push_back(&op);
  for (Operation *op : llvm::reverse(forward)) {
    SmallVector<Value> resultGrads;
    bool reached = false;
    for (Value result : op->getResults()) {
      resultGrads.push_back(grads.lookup(result));
      reached |= bool(resultGrads.back());
    }
    if (!reached)
      continue;
    const GradientRule *rule = registry.lookup(op);
    if (!rule)
      return op->emitOpError("has no gradient rule (the loss depends on it)");
    FailureOr<SmallVector<Value>> operandGrads = (*rule)(b, op, resultGrads);
    if (failed(operandGrads))
      return failure();
    if (operandGrads->size() != op->getNumOperands())
      return op->emitOpError("gradient rule gave ")
             << operandGrads->size() << " gradients for "
             << op->getNumOperands() << " operands";
    for (auto [operand, gradient] : llvm::zip(op->getOperands(), *operandGrads))
      if (gradient && isFloatTensor(operand))
        accumulate(operand, gradient);
  }

  // The loss, then a gradient per float argument (zeros where none flows).
  SmallVector<Value> results = {loss};
  for (BlockArgument argument : grad.getArguments()) {
    if (!isFloatTensor(argument))
      continue;
    Value gradient = grads.lookup(argument);
    if (!gradient) {
      auto type = cast<RankedTensorType>(argument.getType());
      if (!type.hasStaticShape())
        return grad.emitError() << "argument " << argument.getArgNumber()
                                << " has a dynamic shape and no gradient";
      gradient = createSplat(b, grad.getLoc(), type, 0.0);
    }
    results.push_back(gradient);
  }
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  grad.setFunctionType(FunctionType::get(
      grad.getContext(), grad.getArgumentTypes(), ValueRange(results).getTypes()));
  // Result names: the loss keeps its own; gradients are "<argument>_grad".
  SmallVector<DictionaryAttr> resultAttrs = {grad.getResultAttrDict(lossIndex)};
  Builder builder(grad.getContext());
  for (BlockArgument argument : grad.getArguments()) {
    if (!isFloatTensor(argument))
      continue;
    std::string name = "arg" + std::to_string(argument.getArgNumber());
    if (auto named = grad.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                        "kiln.name"))
      name = named.str();
    resultAttrs.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr("kiln.name", builder.getStringAttr(name + "_grad"))));
  }
  grad.setAllResultAttrs(resultAttrs);
  return success();
}

struct GenerateGradientsPass
    : kiln::impl::GenerateGradientsPassBase<GenerateGradientsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto forward = module.lookupSymbol<func::FuncOp>(function);
    if (!forward || forward.isExternal()) {
      module.emitError() << "no function '" << function << "' to differentiate";
      return signalPassFailure();
    }
    if (!forward.getBody().hasOneBlock() ||
        loss >= forward.getNumResults()) {
      forward.emitError() << "cannot differentiate: one block and result "
                          << loss << " are needed";
      return signalPassFailure();
    }
    std::string name = function + "_grad";
    if (module.lookupSymbol(name)) {
      module.emitError() << "a symbol '" << name
                         << "' exists already: the gradient function would "
                            "be renamed";
      return signalPassFailure();
    }
    auto grad = cast<func::FuncOp>(forward->clone());
    grad.setSymName(name);
    SymbolTable(module).insert(grad);
    if (failed(differentiate(grad, loss)))
      return signalPassFailure();
  }
};

} // namespace
