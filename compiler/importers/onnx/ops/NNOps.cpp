// SPDX-License-Identifier: Apache-2.0
//===- NNOps.cpp - importing ONNX nn operators ----------------===//

#include "compiler/importers/onnx/OpTable.h"

using namespace mlir;
using namespace mlir::kiln;

ArrayRef<OpEntry> mlir::kiln::getNNOpEntries() {
  // No operator of this category is imported yet.
  return {};
}
