// SPDX-License-Identifier: Apache-2.0
//===- kiln-opt.cpp - MLIR's opt driver with Kiln's dialects and passes ---===//
//
// The driver of the lit tests: parses a module, runs the passes named on the
// command line and prints the result.
//
//===----------------------------------------------------------------------===//

#include "compiler/pipelines/Pipelines.h"
#include "compiler/targets/cpu/Passes.h"
#include "compiler/targets/vulkan/Passes.h"
#include "dialects/kexec/IR/KexecDialect.h"
#include "dialects/kiln/IR/KilnDialect.h"
#include "passes/codegen/Passes.h"
#include "passes/fusion/Passes.h"
#include "passes/graph/Passes.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  // The upstream dialects the kiln graph lowers through.
  registry.insert<mlir::arith::ArithDialect,
                  mlir::bufferization::BufferizationDialect,
                  mlir::cf::ControlFlowDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect, mlir::tensor::TensorDialect>();
  registry.insert<mlir::kexec::KexecDialect, mlir::kiln::KilnDialect>();
  mlir::kiln::vulkan::registerVulkanCodegenDialects(registry);

  // Upstream's generic passes (canonicalize, cse, inline, ...) and Kiln's.
  mlir::registerTransformsPasses();
  mlir::kiln::registerFusionPasses();
  mlir::kiln::registerGraphPasses();
  mlir::kiln::registerMemoryPasses();
  mlir::kiln::registerTrainingPasses();
  mlir::kiln::registerCodegenPasses();
  mlir::kiln::registerPipelines();
  mlir::kiln::cpu::registerCpuPasses();
  mlir::kiln::cpu::registerCpuCodegenPipeline();
  mlir::kiln::vulkan::registerVulkanPasses();
  mlir::kiln::vulkan::registerVulkanCodegenPipeline();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
