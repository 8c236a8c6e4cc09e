// SPDX-License-Identifier: Apache-2.0
//===- Pipeline.cpp - the CPU code generator's MLIR pipeline --------------===//

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace mlir::kiln::cpu {

void buildCpuCodegenPipeline(OpPassManager &pm,
                             const CpuPipelineOptions &options) {
  pm.addPass(createDestinationPassingPass());
  TileAndDistributePassOptions distribute;
  distribute.maxWorkgroups = options.maxWorkgroups;
  distribute.minWorkPerWorkgroup = options.minWorkPerWorkgroup;
  distribute.vectorBits = options.vectorBits;
  pm.addNestedPass<func::FuncOp>(createTileAndDistributePass(distribute));
  TileAndVectorizePassOptions vectorize;
  vectorize.vectorBits = options.vectorBits;
  pm.addNestedPass<func::FuncOp>(createTileAndVectorizePass(vectorize));
  pm.addPass(createBufferizePass());
  pm.addPass(createAddAbiWrappersPass());
  LowerToLLVMPassOptions lower;
  lower.x86Vector = options.x86Vector;
  pm.addPass(createLowerToLLVMPass(lower));
}

namespace {
struct CodegenPipelineOptions
    : public PassPipelineOptions<CodegenPipelineOptions> {
  Option<unsigned> vectorBits{*this, "vector-bits",
                              llvm::cl::desc("Vector register width in bits"),
                              llvm::cl::init(512)};
  Option<bool> x86Vector{*this, "x86-vector",
                         llvm::cl::desc("Use AVX-512 specific lowerings"),
                         llvm::cl::init(false)};
  Option<int64_t> maxWorkgroups{*this, "max-workgroups",
                                llvm::cl::desc("Most workgroups in a grid"),
                                llvm::cl::init(64)};
};
} // namespace

void registerCpuCodegenPipeline() {
  PassPipelineRegistration<CodegenPipelineOptions>(
      "kiln-cpu-codegen",
      "Kernels on tensors to LLVM dialect with the CPU kernel ABI",
      [](OpPassManager &pm, const CodegenPipelineOptions &options) {
        CpuPipelineOptions cpu;
        cpu.vectorBits = options.vectorBits;
        cpu.x86Vector = options.x86Vector;
        cpu.maxWorkgroups = options.maxWorkgroups;
        buildCpuCodegenPipeline(pm, cpu);
      });
}

} // namespace mlir::kiln::cpu
