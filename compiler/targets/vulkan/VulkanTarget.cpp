// SPDX-License-Identifier: Apache-2.0
//===- VulkanTarget.cpp - kernels on tensors to SPIR-V modules ------------===//
//
// Each kernel goes through the pipeline on its own, so that a failure names
// its kernel and each kernel's module declares only the capabilities it
// uses.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/vulkan/VulkanTarget.h"

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"
#include "compiler/targets/vulkan/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/SPIRV/Serialization.h"

#include <set>

using namespace mlir;

namespace mlir::kiln::vulkan {

std::string getDefaultTargetEnv() {
  return "#spirv.target_env<#spirv.vce<v1.3, [Shader, Int8, Int16, Int64, "
         "Float16, Float64, StorageBuffer8BitAccess, "
         "StorageBuffer16BitAccess], [SPV_KHR_8bit_storage, "
         "SPV_KHR_16bit_storage, SPV_KHR_storage_buffer_storage_class]>, "
         "api=Vulkan, #spirv.resource_limits<>>";
}

namespace {

/// Compiles the one kernel `single` holds into `kernel`.
LogicalResult compileKernel(ModuleOp single, const VulkanPipelineOptions &options,
                            VulkanKernel &kernel, std::set<std::string> &caps,
                            std::string &error) {
  MLIRContext *ctx = single.getContext();
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error && error.empty())
      error = cpu::describeKernelError(diag, kernel.name);
    return success();
  });
  auto fail = [&](StringRef message) {
    if (error.empty())
      error = message.str();
    return failure();
  };

  PassManager toGpu(ctx, ModuleOp::getOperationName());
  buildVulkanGpuPipeline(toGpu, options);
  if (failed(toGpu.run(single)))
    return fail("code generation failed");
  single.walk([&](gpu::GPUFuncOp func) {
    kernel.bindings = func.getNumArguments();
    if (auto scratch =
            func->getAttrOfType<DenseI64ArrayAttr>(kScratchBytesAttr))
      kernel.scratchBytes.assign(scratch.asArrayRef().begin(),
                                 scratch.asArrayRef().end());
    if (auto grid =
            func->getAttrOfType<DenseI64ArrayAttr>(cpu::kWorkgroupCountAttr))
      if (grid.size() == 3)
        llvm::copy(grid.asArrayRef(), kernel.workgroupCount.begin());
  });

  PassManager toSpirv(ctx, ModuleOp::getOperationName());
  toSpirv.addPass(createLowerToSpirvPass());
  if (failed(toSpirv.run(single)))
    return fail("conversion to SPIR-V failed");
  auto modules = single.getOps<spirv::ModuleOp>();
  if (!llvm::hasSingleElement(modules))
    return fail("conversion to SPIR-V made no module");
  spirv::ModuleOp spirvModule = *modules.begin();
  if (auto vce = spirvModule.getVceTriple())
    for (spirv::Capability cap : vce->getCapabilities())
      // Every Vulkan device has these (Shader implies Matrix).
      if (cap != spirv::Capability::Shader && cap != spirv::Capability::Matrix)
        caps.insert(spirv::stringifyCapability(cap).str());
  SmallVector<uint32_t, 0> binary;
  if (failed(spirv::serialize(spirvModule, binary)))
    return fail("SPIR-V serialization failed");
  kernel.code.assign(binary.begin(), binary.end());
  return success();
}

} // namespace

FailureOr<VulkanExecutable>
compileVulkanExecutable(ModuleOp kernels, const VulkanTargetOptions &options) {
  MLIRContext *ctx = kernels.getContext();
  DialectRegistry registry;
  registerVulkanCodegenDialects(registry);
  ctx->appendDialectRegistry(registry);
  ctx->loadDialect<spirv::SPIRVDialect, gpu::GPUDialect>();

  VulkanPipelineOptions pipeline;
  pipeline.workgroupSize = options.workgroupSize;
  pipeline.targetEnv = getDefaultTargetEnv();

  VulkanExecutable executable;
  std::set<std::string> caps;
  for (func::FuncOp func : kernels.getOps<func::FuncOp>()) {
    if (!cpu::isKernel(func))
      continue;
    VulkanKernel kernel;
    kernel.name = func.getSymName().str();
    OwningOpRef<ModuleOp> single = kernels.clone();
    for (auto other :
         llvm::make_early_inc_range(single->getOps<func::FuncOp>()))
      if (cpu::isKernel(other) && other.getSymName() != kernel.name)
        other.erase();
    std::string error;
    if (failed(compileKernel(*single, pipeline, kernel, caps, error))) {
      func.emitError() << "kernel '" << kernel.name << "': " << error;
      return failure();
    }
    executable.kernels.push_back(std::move(kernel));
  }
  executable.capabilities.assign(caps.begin(), caps.end());
  return executable;
}

} // namespace mlir::kiln::vulkan
