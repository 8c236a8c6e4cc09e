// SPDX-License-Identifier: Apache-2.0
//===- QuantizationOps.cpp - ONNX quantization operators -------------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;
