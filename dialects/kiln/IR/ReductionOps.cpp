// SPDX-License-Identifier: Apache-2.0
//===- ReductionOps.cpp - ONNX reduction operators -------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;
