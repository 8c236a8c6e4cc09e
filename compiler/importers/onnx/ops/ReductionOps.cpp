// SPDX-License-Identifier: Apache-2.0
//===- ReductionOps.cpp - importing ONNX reduction operators --------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::kiln;

/// Reductions took their axes as an INTS attribute `axes` before opset 18
/// (ReduceSum: 13), which is already Kiln's form; since, they take an
/// optional input, which becomes the `axes` attribute when it is a constant
/// and stays the `axes_input` operand otherwise.
static LogicalResult normalizeReduction(NodeImport &node) {
  node.foldConstantInputIntoAttribute(/*slot=*/1, "axes");
  return success();
}

/// TopK took `k` as an INT attribute before opset 10; it is the 1-D input `K`
/// since.
static LogicalResult normalizeTopK(NodeImport &node) {
  if (node.opset >= 10)
    return success();
  auto k = dyn_cast_or_null<IntegerAttr>(node.attributes.erase("k"));
  if (!k)
    return node.emitError()
           << "TopK before opset 10 needs the INT attribute 'k'";
  node.inputs.resize(2);
  node.inputs[1] = node.createI64Constant({k.getInt()});
  return success();
}

ArrayRef<OpEntry> mlir::kiln::getReductionOpEntries() {
  static const OpEntry entries[] = {
      {"ArgMax", "kiln.arg_max", 1},
      {"ArgMin", "kiln.arg_min", 1},
      {"ReduceL1", "kiln.reduce_l1", 1, normalizeReduction},
      {"ReduceL2", "kiln.reduce_l2", 1, normalizeReduction},
      {"ReduceLogSum", "kiln.reduce_log_sum", 1, normalizeReduction},
      {"ReduceLogSumExp", "kiln.reduce_log_sum_exp", 1, normalizeReduction},
      {"ReduceMax", "kiln.reduce_max", 1, normalizeReduction},
      {"ReduceMean", "kiln.reduce_mean", 1, normalizeReduction},
      {"ReduceMin", "kiln.reduce_min", 1, normalizeReduction},
      {"ReduceProd", "kiln.reduce_prod", 1, normalizeReduction},
      {"ReduceSum", "kiln.reduce_sum", 1, normalizeReduction},
      {"ReduceSumSquare", "kiln.reduce_sum_square", 1, normalizeReduction},
      {"TopK", "kiln.top_k", 1, normalizeTopK},
  };
  return entries;
}
