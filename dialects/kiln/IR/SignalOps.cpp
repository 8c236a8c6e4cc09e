// SPDX-License-Identifier: Apache-2.0
//===- SignalOps.cpp - ONNX signal-processing operators -------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;
