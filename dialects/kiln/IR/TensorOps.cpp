// SPDX-License-Identifier: Apache-2.0
//===- TensorOps.cpp - folders of ONNX tensor operators -------------------===//

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }
