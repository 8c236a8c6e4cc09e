// SPDX-License-Identifier: Apache-2.0
//===- Pipeline.cpp - the Vulkan code generator's MLIR pipeline -----------===//

#include "compiler/targets/vulkan/Passes.h"

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace mlir::kiln::vulkan {

/// Vulkan guarantees 65535 workgroups per grid dimension.
constexpr int64_t kMaxWorkgroups = 65535;

void buildVulkanGpuPipeline(OpPassManager &pm,
                            const VulkanPipelineOptions &options) {
  pm.addNestedPass<func::FuncOp>(createFuseElementwiseProducersPass());
  pm.addPass(cpu::createDestinationPassingPass());
  cpu::TileAndDistributePassOptions distribute;
  distribute.maxWorkgroups = kMaxWorkgroups;
  // A few parallel iterations per invocation (each runs its iterations'
  // reductions itself); tiles of any width (no vectors).
  distribute.minWorkPerWorkgroup = 4 * options.workgroupSize;
  distribute.countReductions = false;
  distribute.vectorBits = 8;
  pm.addNestedPass<func::FuncOp>(cpu::createTileAndDistributePass(distribute));
  pm.addPass(cpu::createBufferizePass());
  if (options.stageOperands)
    pm.addNestedPass<func::FuncOp>(createStageOperandsPass());
  DistributeToInvocationsPassOptions invocations;
  invocations.workgroupSize = options.workgroupSize;
  invocations.subgroupReductions = options.subgroupReductions;
  pm.addNestedPass<func::FuncOp>(
      createDistributeToInvocationsPass(invocations));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  OutlineGpuKernelsPassOptions outline;
  outline.workgroupSize = options.workgroupSize;
  outline.targetEnv = options.targetEnv;
  pm.addPass(createOutlineGpuKernelsPass(outline));
}

void buildVulkanCodegenPipeline(OpPassManager &pm,
                                const VulkanPipelineOptions &options) {
  buildVulkanGpuPipeline(pm, options);
  pm.addPass(createLowerToSpirvPass());
}

namespace {
struct CodegenPipelineOptions
    : public PassPipelineOptions<CodegenPipelineOptions> {
  Option<int64_t> workgroupSize{*this, "workgroup-size",
                                llvm::cl::desc("Invocations per workgroup"),
                                llvm::cl::init(64)};
  Option<std::string> targetEnv{
      *this, "target-env",
      llvm::cl::desc("#spirv.target_env attribute (default: Vulkan 1.1, no "
                     "optional capabilities)"),
      llvm::cl::init("")};
};
} // namespace

void registerVulkanCodegenPipeline() {
  PassPipelineRegistration<CodegenPipelineOptions>(
      "kiln-vulkan-codegen", "Kernels on tensors to a SPIR-V module",
      [](OpPassManager &pm, const CodegenPipelineOptions &options) {
        VulkanPipelineOptions vulkan;
        vulkan.workgroupSize = options.workgroupSize;
        vulkan.targetEnv = options.targetEnv;
        buildVulkanCodegenPipeline(pm, vulkan);
      });
}

} // namespace mlir::kiln::vulkan
