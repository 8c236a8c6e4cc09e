// SPDX-License-Identifier: Apache-2.0
//===- MathOps.cpp - importing ONNX math operators ------------------------===//

#include "compiler/importers/onnx/OpTable.h"

using namespace mlir;
using namespace mlir::kiln;

ArrayRef<OpEntry> mlir::kiln::getMathOpEntries() {
  static const OpEntry entries[] = {
      {"Add", "kiln.add", 7},
      {"Div", "kiln.div", 7},
      {"MatMul", "kiln.matmul", 1},
      {"Mul", "kiln.mul", 7},
      {"Relu", "kiln.relu", 6},
      {"Sub", "kiln.sub", 7},
  };
  return entries;
}
