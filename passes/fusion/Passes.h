// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - fusion: library calls and dispatch regions ----*- C++ -*-===//

#ifndef KILN_PASSES_FUSION_PASSES_H
#define KILN_PASSES_FUSION_PASSES_H

#include "dialects/kexec/IR/KexecDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;

namespace kiln {

#define GEN_PASS_DECL
#include "passes/fusion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/fusion/Passes.h.inc"

/// Patterns replacing kiln ops by kexec library calls, and folding the
/// activations and residual adds that follow calls into their post ops.
void populateOutlineLibraryCallsPatterns(RewritePatternSet &patterns);

} // namespace kiln
} // namespace mlir

#endif // KILN_PASSES_FUSION_PASSES_H
