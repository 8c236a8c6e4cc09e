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

#include "llvm/ADT/StringExtras.h"

#include <set>

using namespace mlir;

namespace mlir::kiln::vulkan {

std::vector<std::string> getOptionalCapabilities() {
  return {"Int8",
          "Int16",
          "Int64",
          "Float16",
          "Float64",
          "StorageBuffer8BitAccess",
          "StorageBuffer16BitAccess",
          "GroupNonUniform",
          "GroupNonUniformArithmetic"};
}

FailureOr<std::string> getTargetEnv(ArrayRef<std::string> capabilities,
                                    std::string &error) {
  std::vector<std::string> known = getOptionalCapabilities();
  std::string caps = "Shader";
  std::string extensions = "SPV_KHR_storage_buffer_storage_class";
  for (const std::string &capability : capabilities) {
    if (!llvm::is_contained(known, capability)) {
      error = "unknown SPIR-V capability '" + capability +
              "' (the compiler can use: " + llvm::join(known, ", ") + ")";
      return failure();
    }
    caps += ", " + capability;
    if (capability == "StorageBuffer8BitAccess")
      extensions += ", SPV_KHR_8bit_storage";
    if (capability == "StorageBuffer16BitAccess")
      extensions += ", SPV_KHR_16bit_storage";
  }
  return "#spirv.target_env<#spirv.vce<v1.3, [" + caps + "], [" + extensions +
         "]>, api=Vulkan, #spirv.resource_limits<>>";
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

/// A copy of `kernels` holding the kernel `name` alone (with any private
/// helpers it may call).
static OwningOpRef<ModuleOp> cloneKernel(ModuleOp kernels, StringRef name) {
  OwningOpRef<ModuleOp> single = kernels.clone();
  for (auto other : llvm::make_early_inc_range(single->getOps<func::FuncOp>()))
    if (cpu::isKernel(other) && other.getSymName() != name)
      other.erase();
  return single;
}

/// The capabilities kernel `name` needs beyond `allowed`, found by compiling
/// it with all the compiler can use; empty when that fails too.
static std::vector<std::string>
findMissingCapabilities(ModuleOp kernels, StringRef name,
                        VulkanPipelineOptions pipeline,
                        ArrayRef<std::string> allowed) {
  std::string ignored;
  pipeline.targetEnv = *getTargetEnv(getOptionalCapabilities(), ignored);
  OwningOpRef<ModuleOp> single = cloneKernel(kernels, name);
  VulkanKernel probe;
  probe.name = name.str();
  std::set<std::string> needed;
  std::vector<std::string> missing;
  if (succeeded(compileKernel(*single, pipeline, probe, needed, ignored)))
    for (const std::string &capability : needed)
      if (!llvm::is_contained(allowed, capability))
        missing.push_back(capability);
  return missing;
}

FailureOr<VulkanExecutable>
compileVulkanExecutable(ModuleOp kernels, const VulkanTargetOptions &options) {
  MLIRContext *ctx = kernels.getContext();
  DialectRegistry registry;
  registerVulkanCodegenDialects(registry);
  ctx->appendDialectRegistry(registry);
  ctx->loadDialect<spirv::SPIRVDialect, gpu::GPUDialect>();

  VulkanPipelineOptions pipeline;
  pipeline.workgroupSize = options.workgroupSize;
  pipeline.stageOperands = options.stageOperands;
  std::string envError;
  FailureOr<std::string> env = getTargetEnv(options.capabilities, envError);
  if (failed(env))
    return kernels.emitError() << "Vulkan target: " << envError;
  pipeline.targetEnv = *env;
  pipeline.subgroupReductions =
      llvm::is_contained(options.capabilities, "GroupNonUniformArithmetic") &&
      llvm::is_contained(options.capabilities, "GroupNonUniform");

  VulkanExecutable executable;
  std::set<std::string> caps;
  for (func::FuncOp func : kernels.getOps<func::FuncOp>()) {
    if (!cpu::isKernel(func))
      continue;
    VulkanKernel kernel;
    kernel.name = func.getSymName().str();
    OwningOpRef<ModuleOp> single = cloneKernel(kernels, kernel.name);
    std::string error;
    if (failed(compileKernel(*single, pipeline, kernel, caps, error))) {
      // Under fewer capabilities than the compiler can use, say which
      // ones the kernel needs.
      std::vector<std::string> missing = findMissingCapabilities(
          kernels, kernel.name, pipeline, options.capabilities);
      if (!missing.empty())
        error = "needs the SPIR-V capabilit" +
                std::string(missing.size() == 1 ? "y " : "ies ") +
                llvm::join(missing, ", ") +
                ", which the target lacks (--vulkan-capabilities)";
      func.emitError() << "kernel '" << kernel.name << "': " << error;
      return failure();
    }
    executable.kernels.push_back(std::move(kernel));
  }
  executable.capabilities.assign(caps.begin(), caps.end());
  return executable;
}

} // namespace mlir::kiln::vulkan
