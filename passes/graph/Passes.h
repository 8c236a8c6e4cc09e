// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - graph-level passes over the kiln dialect ------*- C++ -*-===//

#ifndef KILN_PASSES_GRAPH_PASSES_H
#define KILN_PASSES_GRAPH_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace func {
class FuncOp;
} // namespace func

namespace kiln {

#define GEN_PASS_DECL
#include "passes/graph/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/graph/Passes.h.inc"

} // namespace kiln
} // namespace mlir

#endif // KILN_PASSES_GRAPH_PASSES_H
