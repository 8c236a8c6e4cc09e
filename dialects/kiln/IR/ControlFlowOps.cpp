// SPDX-License-Identifier: Apache-2.0
//===- ControlFlowOps.cpp - ONNX control-flow operators -------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;
