// SPDX-License-Identifier: Apache-2.0
//===- ControlFlowOps.cpp - ONNX control-flow operators -------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

/// Checks that `region`'s yield gives `expected` many values, each
/// compatible with the matching type of `types` (when given) or, where that
/// is an optional, with its value type.
static LogicalResult verifyYield(Operation *op, Region &region,
                                 StringRef regionName, size_t expected,
                                 TypeRange types = {}) {
  auto yield = dyn_cast<YieldOp>(region.front().getTerminator());
  if (!yield)
    return op->emitOpError() << regionName << " must end in kiln.yield";
  if (yield.getValues().size() != expected)
    return op->emitOpError()
           << regionName << " yields " << yield.getValues().size()
           << " values, expected " << expected;
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(types, yield.getValues().getTypes()))) {
    auto [expectedType, yieldedType] = pair;
    // An optional takes a plain value of its kind, as in ONNX.
    auto optional = dyn_cast<OptionalType>(expectedType);
    if (!areCompatibleTypes(expectedType, yieldedType) &&
        !(optional && areCompatibleTypes(optional.getValueType(), yieldedType)))
      return op->emitOpError()
             << regionName << " yields " << yieldedType << " as value #"
             << index << ", incompatible with " << expectedType;
  }
  return success();
}

LogicalResult IfOp::verify() {
  TypeRange results = getResultTypes();
  if (failed(verifyYield(*this, getThenBranch(), "then branch", results.size(),
                         results)) ||
      failed(verifyYield(*this, getElseBranch(), "else branch", results.size(),
                         results)))
    return failure();
  return success();
}

LogicalResult LoopOp::verify() {
  Block &body = getBody().front();
  size_t numCarried = getVInitial().size();
  if (body.getNumArguments() != numCarried + 2)
    return emitOpError() << "body takes " << body.getNumArguments()
                         << " arguments, expected " << numCarried + 2
                         << " (iteration number, condition, carried values)";
  size_t numResults = getNumResults();
  if (numResults < numCarried)
    return emitOpError() << "has " << numResults << " results, fewer than its "
                         << numCarried << " loop-carried values";
  SmallVector<Type> yielded = {body.getArgument(1).getType()};
  llvm::append_range(yielded,
                     TypeRange(getResultTypes()).take_front(numCarried));
  return verifyYield(*this, getBody(), "body", numResults + 1, yielded);
}

LogicalResult ScanOp::verify() {
  size_t numOperands = getInitialStateAndScanInputs().size();
  int64_t numScanInputs = getNumScanInputs();
  if (numScanInputs < 1 || static_cast<size_t>(numScanInputs) > numOperands)
    return emitOpError() << "num_scan_inputs is " << numScanInputs
                         << ", expected 1 to " << numOperands;
  size_t numStates = numOperands - numScanInputs;
  auto checkLength = [&](std::optional<ArrayRef<int64_t>> list, StringRef name,
                         size_t expected) -> LogicalResult {
    if (list && list->size() != expected)
      return emitOpError() << name << " has " << list->size()
                           << " entries, expected " << expected;
    return success();
  };
  size_t numResults = getNumResults();
  if (numResults < numStates)
    return emitOpError() << "has " << numResults << " results, fewer than its "
                         << numStates << " states";
  if (failed(
          checkLength(getScanInputAxes(), "scan_input_axes", numScanInputs)) ||
      failed(checkLength(getScanInputDirections(), "scan_input_directions",
                         numScanInputs)) ||
      failed(checkLength(getScanOutputAxes(), "scan_output_axes",
                         numResults - numStates)) ||
      failed(checkLength(getScanOutputDirections(), "scan_output_directions",
                         numResults - numStates)))
    return failure();
  Block &body = getBody().front();
  if (body.getNumArguments() != numOperands)
    return emitOpError() << "body takes " << body.getNumArguments()
                         << " arguments, expected " << numOperands;
  return verifyYield(*this, getBody(), "body", numResults,
                     TypeRange(getResultTypes()).take_front(numStates));
}
