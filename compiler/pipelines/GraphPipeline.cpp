// SPDX-License-Identifier: Apache-2.0
//===- GraphPipeline.cpp - the graph-level pass pipeline ------------------===//

#include "compiler/pipelines/Pipelines.h"

#include "passes/graph/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::kiln::buildGraphPipeline(OpPassManager &pm) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  // Shapes first, so that canonicalization sees static shapes; again after,
  // since folding constants and shape computations reveals more.
  func.addPass(createInferShapesPass());
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
  func.addPass(createInferShapesPass());
  func.addPass(createCanonicalizerPass());
}

void mlir::kiln::registerPipelines() {
  PassPipelineRegistration<>(
      "kiln-graph-pipeline",
      "Simplify and shape-infer an imported kiln graph (kilnc --emit=kiln)",
      buildGraphPipeline);
}
