// SPDX-License-Identifier: Apache-2.0
//===- VulkanTarget.h - kernels on tensors to SPIR-V modules ---*- C++ -*-===//
//
// The Vulkan target of kilnc: compiles a module of kernels (func.func on
// tensors, one per dispatch) into one SPIR-V module per kernel, each with
// one compute entry point named after the kernel whose storage buffers are
// descriptor set 0, bindings 0..n-1: the kernel's inputs, then its outputs,
// then, for a kernel of dynamic shapes, the dims table as int32.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TARGETS_VULKAN_VULKANTARGET_H
#define KILN_COMPILER_TARGETS_VULKAN_VULKANTARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mlir::kiln::vulkan {

/// The optional SPIR-V capabilities the compiler can use beyond Vulkan 1.1's
/// Shader (the default of VulkanTargetOptions::capabilities): 8-, 16- and
/// 64-bit integer and 16- and 64-bit float arithmetic, 8- and 16-bit
/// storage, and subgroup arithmetic (for reductions the workgroup shares).
/// Each kernel declares only those it uses.
std::vector<std::string> getOptionalCapabilities();

struct VulkanTargetOptions {
  /// Invocations per workgroup.
  int64_t workgroupSize = 64;
  /// Whether matmuls and convolutions stage their operand tiles in
  /// workgroup memory (kiln-vulkan-stage-operands): right for GPUs; CPU
  /// drivers such as lavapipe pay more for the barriers than they gain.
  bool stageOperands = true;
  /// The optional SPIR-V capabilities kernels may use (getOptionalCapabilities
  /// lists them); a kernel needing another fails to compile, naming it.
  std::vector<std::string> capabilities = getOptionalCapabilities();
};

struct VulkanKernel {
  /// The entry point: the kernel function's name.
  std::string name;
  /// The fixed grid the kernel is dispatched over (x, y, z).
  std::array<int64_t, 3> workgroupCount = {1, 1, 1};
  /// Storage buffers it binds: the dispatch's, then its scratch buffers,
  /// then the dims table (int32) when it reads dynamic sizes.
  uint32_t bindings = 0;
  /// Bytes of each scratch buffer (temporaries too large for workgroup
  /// memory); their contents need not survive the dispatch.
  std::vector<int64_t> scratchBytes;
  /// Its SPIR-V module.
  std::vector<uint32_t> code;
};

struct VulkanExecutable {
  /// One entry per kernel, in the module's order.
  std::vector<VulkanKernel> kernels;
  /// The SPIR-V capabilities beyond Shader that some kernel uses (Int64,
  /// Float16, StorageBuffer8BitAccess, ...): a device must have them all.
  std::vector<std::string> capabilities;
};

/// The optional SPIR-V capabilities the compiler can use beyond Vulkan 1.1's
/// Shader (the default of VulkanTargetOptions::capabilities): 8-, 16- and
/// 64-bit integer and 16- and 64-bit float arithmetic, 8- and 16-bit
/// storage, and subgroup arithmetic (for reductions the workgroup shares).
/// Each kernel declares only those it uses.

/// The SPIR-V environment of kernels: Vulkan 1.1 (SPIR-V 1.3) with
/// `capabilities` (names getOptionalCapabilities lists) and the extensions
/// they need, or failure naming an unknown capability in `error`.
FailureOr<std::string> getTargetEnv(ArrayRef<std::string> capabilities,
                                    std::string &error);

/// Compiles every public func.func of `kernels` (left unchanged). On
/// failure, reports one error naming the kernel through the context's
/// diagnostic handler.
FailureOr<VulkanExecutable>
compileVulkanExecutable(ModuleOp kernels, const VulkanTargetOptions &options);

} // namespace mlir::kiln::vulkan

#endif // KILN_COMPILER_TARGETS_VULKAN_VULKANTARGET_H
