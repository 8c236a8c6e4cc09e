// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - passes of the Vulkan code generator ----------*- C++ -*-===//
//
// The Vulkan code generator turns a module of kernels (func.func on tensors,
// as for the CPU) into one SPIR-V module per kernel. The stages, in order
// (buildVulkanCodegenPipeline):
//
//   kiln-cpu-destination-passing           results become output arguments
//   kiln-cpu-tile-and-distribute           root op tiled over workgroups
//   kiln-cpu-bufferize                     one-shot bufferization in place
//   kiln-vulkan-distribute-to-invocations  loops over a workgroup's invocations
//   kiln-vulkan-outline-gpu-kernels        func.func -> gpu.func in gpu.module
//   kiln-vulkan-lower-to-spirv             gpu.module -> spirv.module
//
// The first three are the CPU target's, shared: up to bufferization a
// workgroup's share of a kernel is the same whatever runs it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TARGETS_VULKAN_PASSES_H
#define KILN_COMPILER_TARGETS_VULKAN_PASSES_H

#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir {
class DialectRegistry;
class OpPassManager;
namespace func {
class FuncOp;
} // namespace func

namespace kiln::vulkan {

/// On a kernel argument `kiln-vulkan-distribute-to-invocations` added: a
/// scratch buffer, `[workgroups, shape...]`, for a temporary too large for
/// workgroup memory.
inline constexpr llvm::StringLiteral kScratchAttr = "kiln.vulkan.scratch";
/// On an outlined kernel: `array<i64: bytes...>`, the sizes of its scratch
/// buffers, bound right after the dispatch's buffers.
inline constexpr llvm::StringLiteral kScratchBytesAttr =
    "kiln.vulkan.scratch_bytes";

#define GEN_PASS_DECL
#include "compiler/targets/vulkan/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/targets/vulkan/Passes.h.inc"

/// Adds the dialects and interface models the Vulkan pipeline needs.
void registerVulkanCodegenDialects(DialectRegistry &registry);

struct VulkanPipelineOptions {
  /// Invocations per workgroup (x; y and z are 1).
  int64_t workgroupSize = 64;
  /// The `#spirv.target_env` the kernels may use, as text.
  std::string targetEnv;
  /// Whether a workgroup may reduce together with subgroup operations
  /// (the target has GroupNonUniformArithmetic).
  bool subgroupReductions = false;
  /// Whether matmuls and convolutions stage operand tiles in workgroup
  /// memory.
  bool stageOperands = true;
};

/// Appends the passes from kernels on tensors to GPU kernels in a
/// gpu.module (all stages but the last).
void buildVulkanGpuPipeline(OpPassManager &pm,
                            const VulkanPipelineOptions &options);

/// Appends the passes from kernels on tensors to a spirv.module.
void buildVulkanCodegenPipeline(OpPassManager &pm,
                                const VulkanPipelineOptions &options);

/// Registers `kiln-vulkan-codegen` (the whole pipeline) with kiln-opt.
void registerVulkanCodegenPipeline();

} // namespace kiln::vulkan
} // namespace mlir

#endif // KILN_COMPILER_TARGETS_VULKAN_PASSES_H
