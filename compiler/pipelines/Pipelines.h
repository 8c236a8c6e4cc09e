// SPDX-License-Identifier: Apache-2.0
//===- Pipelines.h - Kiln's pass pipelines, one function each ---*- C++ -*-===//

#ifndef KILN_COMPILER_PIPELINES_PIPELINES_H
#define KILN_COMPILER_PIPELINES_PIPELINES_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::kiln {

/// Imported graph -> simplified, shape-inferred kiln graph (`--emit=kiln`).
void buildGraphPipeline(OpPassManager &pm);

/// Graph -> linalg on tensors: library calls outlined first (when the
/// target has a library), the rest lowered and fused (`--emit=linalg`).
void buildLinalgPipeline(OpPassManager &pm, bool libraryCalls);

/// Linalg -> kexec dispatches of outlined kernels (`--emit=dispatch`).
void buildDispatchPipeline(OpPassManager &pm);

/// Registers the pipelines with MLIR's pass registry (for kiln-opt).
void registerPipelines();

} // namespace mlir::kiln

#endif // KILN_COMPILER_PIPELINES_PIPELINES_H
