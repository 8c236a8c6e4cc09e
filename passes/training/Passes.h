// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - training-graph generation over the kiln dialect -*- C++ -*-===//

#ifndef KILN_PASSES_TRAINING_PASSES_H
#define KILN_PASSES_TRAINING_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace kiln {

#define GEN_PASS_DECL
#include "passes/training/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/training/Passes.h.inc"

} // namespace kiln
} // namespace mlir

#endif // KILN_PASSES_TRAINING_PASSES_H
