// SPDX-License-Identifier: Apache-2.0
//===- SignalOps.cpp - importing ONNX signal-processing operators ---------===//

#include "compiler/importers/onnx/OpTable.h"

using namespace mlir;
using namespace mlir::kiln;

ArrayRef<OpEntry> mlir::kiln::getSignalOpEntries() {
  // No operator of this category is imported yet.
  return {};
}
