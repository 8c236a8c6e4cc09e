// SPDX-License-Identifier: Apache-2.0
//===- QuantizationOps.cpp - importing ONNX quantization operators ----------------===//

#include "compiler/importers/onnx/OpTable.h"

using namespace mlir;
using namespace mlir::kiln;

ArrayRef<OpEntry> mlir::kiln::getQuantizationOpEntries() {
  // No operator of this category is imported yet.
  return {};
}
