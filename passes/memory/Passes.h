// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - memory planning -------------------------------*- C++ -*-===//

#ifndef KILN_PASSES_MEMORY_PASSES_H
#define KILN_PASSES_MEMORY_PASSES_H

#include "dialects/kexec/IR/KexecDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::kiln {

#define GEN_PASS_DECL
#include "passes/memory/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/memory/Passes.h.inc"

/// The value whose buffer `value` lives in: itself, or for a reshape or
/// cast (which only reinterpret a dense buffer) its operand's root.
Value getStorageRoot(Value value);

/// Whether `op` only reinterprets its operand's buffer.
bool isBufferAlias(Operation *op);

} // namespace mlir::kiln

#endif // KILN_PASSES_MEMORY_PASSES_H
