// SPDX-License-Identifier: Apache-2.0
//===- ControlFlowOps.cpp - importing ONNX If, Loop and Scan --------------===//
//
// Control-flow nodes carry subgraphs; their builds import each subgraph into
// a region of the op first and derive the result types from what the
// regions yield. An If whose condition the op folders decide at import
// (a rank or size test in an expanded ONNX function, say) imports only the
// branch taken, inline: the other may not even type-check for these inputs.
//
//===----------------------------------------------------------------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

/// The types a region yields.
static TypeRange getYieldedTypes(Region &region) {
  return region.front().getTerminator()->getOperandTypes();
}

/// A loop-carried value may change its dims from one iteration to the next:
/// the body sees it with every dim dynamic (within sequences and optionals
/// too).
static Type generalizeCarriedType(Type type) {
  if (auto optional = dyn_cast<OptionalType>(type))
    return OptionalType::get(generalizeCarriedType(optional.getValueType()));
  if (auto sequence = dyn_cast<SequenceType>(type))
    return SequenceType::get(
        cast<TensorType>(generalizeCarriedType(sequence.getElementType())));
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return type;
  return RankedTensorType::get(
      SmallVector<int64_t>(ranked.getRank(), ShapedType::kDynamic),
      ranked.getElementType());
}

/// `element` stacked `count` times along `axis` (a scan output).
static Type stackType(Type element, int64_t count, int64_t axis) {
  auto ranked = dyn_cast<RankedTensorType>(element);
  if (!ranked)
    return element;
  SmallVector<int64_t> shape(ranked.getShape());
  FailureOr<int64_t> position = normalizeAxis(axis, ranked.getRank() + 1);
  shape.insert(shape.begin() + (succeeded(position) ? *position : 0), count);
  return RankedTensorType::get(shape, ranked.getElementType());
}

/// The constant `value` folds to through the op folders (without changing
/// the IR), or null. Operands that do not fold are passed as null
/// attributes, so folders that read only types (Shape, Size) still fold;
/// `depth` bounds the walk up the defining ops.
static Attribute foldToConstant(Value value, unsigned depth,
                                DenseMap<Value, Attribute> &memo) {
  if (auto it = memo.find(value); it != memo.end())
    return it->second;
  Attribute result;
  Operation *op = value.getDefiningOp();
  if (auto constant = dyn_cast_or_null<ConstantOp>(op)) {
    result = constant.getValue();
  } else if (op && depth > 0 && op->getNumRegions() == 0 &&
             op->getDialect() &&
             op->getDialect()->getNamespace() == KilnDialect::getDialectNamespace()) {
    SmallVector<Attribute> operands;
    for (Value operand : op->getOperands())
      operands.push_back(foldToConstant(operand, depth - 1, memo));
    SmallVector<OpFoldResult> folded;
    if (succeeded(op->fold(operands, folded)) &&
        folded.size() == op->getNumResults()) {
      OpFoldResult one = folded[cast<OpResult>(value).getResultNumber()];
      if (auto attr = dyn_cast<Attribute>(one))
        result = attr;
      else if (auto forwarded = dyn_cast<Value>(one); forwarded != value)
        result = foldToConstant(forwarded, depth - 1, memo);
    }
  }
  memo[value] = result;
  return result;
}

/// The value of an If condition when the folders decide it at import.
static std::optional<bool> getConstantCondition(Value condition) {
  DenseMap<Value, Attribute> memo;
  auto elements = dyn_cast_or_null<DenseIntElementsAttr>(
      foldToConstant(condition, /*depth=*/16, memo));
  if (!elements || elements.getNumElements() != 1)
    return std::nullopt;
  return !(*elements.begin()).isZero();
}

/// Imports the subgraph `name` in place of its If: its ops go before the
/// insertion point and its yielded values become the node's outputs.
static LogicalResult inlineBranch(NodeImport &node, StringRef name) {
  Region region;
  if (failed(node.importSubgraph(name, region, {})))
    return failure();
  Block &body = region.front();
  Operation *yield = body.getTerminator();
  node.outputs.assign(yield->operand_begin(), yield->operand_end());
  yield->erase();
  OpBuilder &b = node.builder;
  b.getInsertionBlock()->getOperations().splice(b.getInsertionPoint(),
                                                body.getOperations());
  return success();
}

static LogicalResult buildIf(NodeImport &node) {
  if (node.inputs.size() != 1 || !node.inputs[0])
    return node.emitError() << "If takes exactly one input (the condition)";
  if (std::optional<bool> taken = getConstantCondition(node.inputs[0]))
    return inlineBranch(node, *taken ? "then_branch" : "else_branch");
  OperationState state(node.loc, IfOp::getOperationName());
  state.addOperands(node.inputs[0]);
  Region *thenBranch = state.addRegion();
  Region *elseBranch = state.addRegion();
  if (failed(node.importSubgraph("then_branch", *thenBranch, {})) ||
      failed(node.importSubgraph("else_branch", *elseBranch, {})))
    return failure();

  TypeRange thenTypes = getYieldedTypes(*thenBranch);
  TypeRange elseTypes = getYieldedTypes(*elseBranch);
  if (thenTypes.size() != elseTypes.size())
    return node.emitError() << "If branches yield " << thenTypes.size()
                            << " and " << elseTypes.size() << " values";
  for (auto [index, types] : llvm::enumerate(llvm::zip(thenTypes, elseTypes))) {
    Type joined = joinTypes(std::get<0>(types), std::get<1>(types));
    if (!joined)
      return node.emitError()
             << "If branches yield " << std::get<0>(types) << " and "
             << std::get<1>(types) << " as output #" << index;
    state.addTypes(joined);
  }
  Operation *op = node.builder.create(state);
  node.outputs.assign(op->result_begin(), op->result_end());
  return success();
}

static LogicalResult buildLoop(NodeImport &node) {
  Value tripCount = node.inputs.size() > 0 ? node.inputs[0] : nullptr;
  Value condition = node.inputs.size() > 1 ? node.inputs[1] : nullptr;
  SmallVector<Value> carried;
  for (size_t slot = 2; slot < node.inputs.size(); ++slot) {
    if (!node.inputs[slot])
      return node.emitError() << "Loop input #" << slot << " is absent";
    carried.push_back(node.inputs[slot]);
  }

  OpBuilder &b = node.builder;
  SmallVector<Type> argTypes = {RankedTensorType::get({}, b.getI64Type()),
                                RankedTensorType::get({}, b.getI1Type())};
  for (Value value : carried)
    argTypes.push_back(generalizeCarriedType(value.getType()));

  OperationState state(node.loc, LoopOp::getOperationName());
  if (tripCount)
    state.addOperands(tripCount);
  if (condition)
    state.addOperands(condition);
  state.addOperands(carried);
  state.addAttribute(
      "operandSegmentSizes",
      b.getDenseI32ArrayAttr(
          {tripCount ? 1 : 0, condition ? 1 : 0, int32_t(carried.size())}));
  Region *body = state.addRegion();
  if (failed(node.importSubgraph("body", *body, argTypes)))
    return failure();

  TypeRange yielded = getYieldedTypes(*body);
  if (yielded.size() < carried.size() + 1)
    return node.emitError()
           << "Loop body yields " << yielded.size()
           << " values, expected at least " << carried.size() + 1;
  for (auto [index, value] : llvm::enumerate(carried)) {
    Type joined = joinTypes(argTypes[index + 2], yielded[index + 1]);
    if (!joined)
      return node.emitError()
             << "Loop body turns carried value #" << index << " from "
             << value.getType() << " into " << yielded[index + 1];
    state.addTypes(joined);
  }
  // Scan outputs stack one element per iteration; the count is static only
  // for a constant trip count without a condition.
  int64_t iterations = ShapedType::kDynamic;
  if (!condition)
    if (std::optional<SmallVector<int64_t>> count =
            getConstantIntegers(tripCount);
        count && count->size() == 1)
      iterations = count->front();
  for (Type element : yielded.drop_front(carried.size() + 1))
    state.addTypes(stackType(element, iterations, 0));

  Operation *op = b.create(state);
  node.outputs.assign(op->result_begin(), op->result_end());
  return success();
}

static LogicalResult buildScan(NodeImport &node) {
  int64_t numScanInputs = node.getIntAttr("num_scan_inputs", 0);
  size_t numInputs = node.inputs.size();
  if (numScanInputs < 1 || static_cast<size_t>(numScanInputs) > numInputs)
    return node.emitError() << "Scan num_scan_inputs is " << numScanInputs
                            << " with " << numInputs << " inputs";
  if (llvm::any_of(node.inputs, [](Value v) { return !v; }))
    return node.emitError() << "Scan inputs may not be absent";
  size_t numStates = numInputs - numScanInputs;
  std::optional<SmallVector<int64_t>> inputAxes =
      node.getIntsAttr("scan_input_axes");
  std::optional<SmallVector<int64_t>> outputAxes =
      node.getIntsAttr("scan_output_axes");

  // The body sees states as they are and one slice of each scanned input.
  SmallVector<Type> argTypes;
  int64_t length = ShapedType::kDynamic;
  for (size_t i = 0; i < numInputs; ++i) {
    Type type = node.inputs[i].getType();
    if (i < numStates) {
      argTypes.push_back(type);
      continue;
    }
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (!ranked) {
      argTypes.push_back(type);
      continue;
    }
    int64_t axis = inputAxes && inputAxes->size() == size_t(numScanInputs)
                       ? (*inputAxes)[i - numStates]
                       : 0;
    FailureOr<int64_t> position = normalizeAxis(axis, ranked.getRank());
    if (failed(position))
      return node.emitError()
             << "Scan input axis " << axis << " is out of range for " << type;
    SmallVector<int64_t> shape(ranked.getShape());
    if (ShapedType::isDynamic(length))
      length = shape[*position];
    shape.erase(shape.begin() + *position);
    argTypes.push_back(RankedTensorType::get(shape, ranked.getElementType()));
  }

  OperationState state(node.loc, ScanOp::getOperationName());
  state.addOperands(node.inputs);
  state.addAttributes(node.attributes.getAttrs());
  Region *body = state.addRegion();
  if (failed(node.importSubgraph("body", *body, argTypes)))
    return failure();

  TypeRange yielded = getYieldedTypes(*body);
  if (yielded.size() < numStates)
    return node.emitError() << "Scan body yields " << yielded.size()
                            << " values for " << numStates << " states";
  for (size_t i = 0; i < numStates; ++i) {
    Type joined = joinTypes(argTypes[i], yielded[i]);
    if (!joined)
      return node.emitError() << "Scan body turns state #" << i << " from "
                              << argTypes[i] << " into " << yielded[i];
    state.addTypes(joined);
  }
  for (auto [index, element] : llvm::enumerate(yielded.drop_front(numStates))) {
    int64_t axis =
        outputAxes && index < outputAxes->size() ? (*outputAxes)[index] : 0;
    state.addTypes(stackType(element, length, axis));
  }
  Operation *op = node.builder.create(state);
  node.outputs.assign(op->result_begin(), op->result_end());
  return success();
}

ArrayRef<OpEntry> mlir::kiln::getControlFlowOpEntries() {
  static const OpEntry entries[] = {
      {"If", "kiln.if", 1, nullptr, buildIf},
      {"Loop", "kiln.loop", 1, nullptr, buildLoop},
      {"Scan", "kiln.scan", 9, nullptr, buildScan},
  };
  return entries;
}
