// SPDX-License-Identifier: Apache-2.0
//===- NNOps.cpp - ONNX neural-network operators -------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;
