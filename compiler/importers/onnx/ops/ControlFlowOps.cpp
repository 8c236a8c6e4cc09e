// SPDX-License-Identifier: Apache-2.0
//===- ControlFlowOps.cpp - importing ONNX control flow operators ----------------===//

#include "compiler/importers/onnx/OpTable.h"

using namespace mlir;
using namespace mlir::kiln;

ArrayRef<OpEntry> mlir::kiln::getControlFlowOpEntries() {
  // No operator of this category is imported yet.
  return {};
}
