// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - passes of the CPU code generator -------------*- C++ -*-===//
//
// The CPU code generator turns a module of kernels (func.func on tensors,
// bodies in linalg/tensor/arith/math/scf) into LLVM dialect that exports one
// function per kernel with the ABI of runtime/hal/kernel_abi.h. The stages,
// in order (buildCpuCodegenPipeline):
//
//   kiln-cpu-destination-passing  results become output arguments
//   kiln-cpu-tile-and-distribute  root op tiled over the workgroup grid
//   kiln-cpu-tile-and-vectorize   tiles to vector sizes, linalg::vectorize
//   kiln-cpu-bufferize            one-shot bufferization in place
//   kiln-cpu-add-abi-wrappers     bindings/dims/wg ids -> memref arguments
//   kiln-cpu-lower-to-llvm        staged lowering to the LLVM dialect
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TARGETS_CPU_PASSES_H
#define KILN_COMPILER_TARGETS_CPU_PASSES_H

#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringRef.h"

namespace mlir {
class DialectRegistry;
class RewritePatternSet;
class OpPassManager;
namespace func {
class FuncOp;
} // namespace func

namespace kiln::cpu {

//===----------------------------------------------------------------------===//
// Attributes the passes exchange
//===----------------------------------------------------------------------===//

/// On an output argument of a kernel: the index of the result it holds.
inline constexpr llvm::StringLiteral kOutputAttr = "kiln.cpu.output";
/// On the three workgroup-id arguments of a kernel: 0 (x), 1 (y), 2 (z).
inline constexpr llvm::StringLiteral kWorkgroupIdAttr = "kiln.cpu.workgroup_id";
/// On a distributed kernel: `array<i64: x, y, z>`, its grid.
inline constexpr llvm::StringLiteral kWorkgroupCountAttr =
    "kiln.cpu.workgroup_count";
/// On a tensor argument or result: for each dim, the index of its value in
/// the runtime's dims table, or -1 for a static dim.
inline constexpr llvm::StringLiteral kDimsAttr = "kexec.dims";
/// On an index or integer argument: the index of its value in the dims
/// table.
inline constexpr llvm::StringLiteral kDimAttr = "kexec.dim";

//===----------------------------------------------------------------------===//
// Passes
//===----------------------------------------------------------------------===//

#define GEN_PASS_DECL
#include "compiler/targets/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/targets/cpu/Passes.h.inc"

/// Patterns of kiln-cpu-expand-small-floats that rewrite arith.extf from,
/// and arith.truncf to, float types of at most 8 bits into integer ops.
void populateExpandSmallFloatsPatterns(RewritePatternSet &patterns);

/// Adds the dialects and the external interface models (bufferization,
/// tiling, value bounds, subsets, LLVM translation) the CPU pipeline needs.
void registerCpuCodegenDialects(DialectRegistry &registry);

/// Options of the whole MLIR part of the pipeline.
struct CpuPipelineOptions {
  /// Vector register width in bits (512 for AVX-512, 256 for AVX2, 128 for
  /// NEON/SSE).
  unsigned vectorBits = 512;
  /// Whether x86 AVX-512 specific lowerings may be used.
  bool x86Vector = false;
  int64_t maxWorkgroups = 64;
  int64_t minWorkPerWorkgroup = 16384;
};

/// Appends the passes from kernels on tensors to the LLVM dialect.
void buildCpuCodegenPipeline(OpPassManager &pm,
                             const CpuPipelineOptions &options);

/// Registers `kiln-cpu-codegen` (the whole pipeline) with kiln-opt.
void registerCpuCodegenPipeline();

} // namespace kiln::cpu
} // namespace mlir

#endif // KILN_COMPILER_TARGETS_CPU_PASSES_H
