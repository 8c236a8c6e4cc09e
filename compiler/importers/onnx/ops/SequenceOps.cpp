// SPDX-License-Identifier: Apache-2.0
//===- SequenceOps.cpp - importing ONNX sequence and optional operators ---===//
//
// Sequence ops map one to one onto kiln ops; their forms have not changed
// since they appeared (opset 11, SequenceMap 17, the optional ops 15) beyond
// the types they accept. Normalize hooks:
//   SequenceEmpty       dtype: ONNX data type (default FLOAT) -> TypeAttr
// SequenceMap imports its `body` graph into a region by hand.
//
//===----------------------------------------------------------------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

/// SequenceEmpty's `dtype` becomes a TypeAttr, FLOAT when absent.
static LogicalResult normalizeSequenceEmpty(NodeImport &node) {
  return node.convertDataTypeAttribute("dtype", /*FLOAT*/ 1);
}

/// SequenceMap runs its body on the elements of its sequence inputs (and on
/// its tensor inputs as they are); the results are sequences of what the
/// body yields.
static LogicalResult buildSequenceMap(NodeImport &node) {
  if (node.inputs.empty())
    return node.emitError() << "SequenceMap needs an input sequence";
  SmallVector<Type> argTypes;
  for (auto [slot, input] : llvm::enumerate(node.inputs)) {
    if (!input)
      return node.emitError() << "SequenceMap input #" << slot << " is absent";
    Type type = input.getType();
    if (auto sequence = dyn_cast<SequenceType>(type))
      argTypes.push_back(sequence.getElementType());
    else if (slot != 0 && isa<TensorType>(type))
      argTypes.push_back(type);
    else
      return node.emitError()
             << "SequenceMap input #" << slot << " is " << type
             << ", expected a sequence" << (slot == 0 ? "" : " or a tensor");
  }

  OperationState state(node.loc, SequenceMapOp::getOperationName());
  state.addOperands(node.inputs);
  Region *body = state.addRegion();
  if (failed(node.importSubgraph("body", *body, argTypes)))
    return failure();
  for (auto [index, type] :
       llvm::enumerate(body->front().getTerminator()->getOperandTypes())) {
    auto tensor = dyn_cast<TensorType>(type);
    if (!tensor)
      return node.emitError()
             << "SequenceMap body yields " << type << " as output #" << index
             << ", expected a tensor";
    state.addTypes(SequenceType::get(tensor));
  }
  Operation *op = node.builder.create(state);
  node.outputs.assign(op->result_begin(), op->result_end());
  return success();
}

ArrayRef<OpEntry> mlir::kiln::getSequenceOpEntries() {
  static const OpEntry entries[] = {
      {"ConcatFromSequence", "kiln.concat_from_sequence", 11},
      {"Optional", "kiln.optional", 15},
      {"OptionalGetElement", "kiln.optional_get_element", 15},
      {"OptionalHasElement", "kiln.optional_has_element", 15},
      {"SequenceAt", "kiln.sequence_at", 11},
      {"SequenceConstruct", "kiln.sequence_construct", 11},
      {"SequenceEmpty", "kiln.sequence_empty", 11, normalizeSequenceEmpty},
      {"SequenceErase", "kiln.sequence_erase", 11},
      {"SequenceInsert", "kiln.sequence_insert", 11},
      {"SequenceLength", "kiln.sequence_length", 11},
      {"SequenceMap", "kiln.sequence_map", 17, nullptr, buildSequenceMap},
      {"SplitToSequence", "kiln.split_to_sequence", 11},
  };
  return entries;
}
