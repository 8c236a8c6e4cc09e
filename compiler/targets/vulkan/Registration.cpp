// SPDX-License-Identifier: Apache-2.0
//===- Registration.cpp - dialects of the Vulkan pipeline -----------------===//

#include "compiler/targets/vulkan/Passes.h"

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::kiln::vulkan::registerVulkanCodegenDialects(
    DialectRegistry &registry) {
  // Up to bufferization the pipeline is the CPU's.
  cpu::registerCpuCodegenDialects(registry);
  registry.insert<gpu::GPUDialect, spirv::SPIRVDialect>();
}
