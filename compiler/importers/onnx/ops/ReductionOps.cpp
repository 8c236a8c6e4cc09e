// SPDX-License-Identifier: Apache-2.0
//===- ReductionOps.cpp - importing ONNX reduction operators ----------------===//

#include "compiler/importers/onnx/OpTable.h"

using namespace mlir;
using namespace mlir::kiln;

ArrayRef<OpEntry> mlir::kiln::getReductionOpEntries() {
  // No operator of this category is imported yet.
  return {};
}
