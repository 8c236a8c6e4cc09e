// SPDX-License-Identifier: Apache-2.0
//===- LoweringPipeline.cpp - kiln graph to dispatches and library calls --===//

#include "compiler/pipelines/Pipelines.h"

#include "passes/codegen/Passes.h"
#include "passes/fusion/Passes.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::kiln::buildLinalgPipeline(OpPassManager &pm, bool libraryCalls) {
  if (libraryCalls)
    pm.addNestedPass<func::FuncOp>(createOutlineLibraryCallsPass());
  pm.addPass(createLowerToLinalgPass());
  // Elementwise chains become one linalg.generic each, so a chain never
  // round-trips memory between its ops.
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  // Shapes computed as small tensors become index arithmetic on the host.
  pm.addNestedPass<func::FuncOp>(createScalarizeShapeTensorsPass());
  pm.addPass(createCSEPass());
}

void mlir::kiln::buildDispatchPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createFormDispatchRegionsPass());
  pm.addPass(createOutlineDispatchesPass());
  pm.addPass(createSymbolDCEPass());
  // Dynamic dims become dims-table expressions the kernels read.
  pm.addPass(createResolveDimsPass());
  // Every use of a value is final now: choose the activation layouts.
  pm.addPass(createAssignChannelsLastPass());
}
