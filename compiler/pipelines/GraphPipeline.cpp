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
  func.addPass(createRemoveNoOpsPass());
  // Canonicalization refines shapes, folds shape computations and small
  // constants together, to a fixed point.
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
  func.addPass(createFoldConstantsPass());
  func.addPass(createCanonicalizerPass());
  // After folding, so the pattern's constants are plain splats.
  func.addPass(createFuseGeluPass());
  // Refines nothing new by now; it reports any op whose operands turned out
  // not to fit it.
  func.addPass(createInferShapesPass());
}

void mlir::kiln::registerPipelines() {
  PassPipelineRegistration<>(
      "kiln-graph-pipeline",
      "Remove no-ops, refine shapes, fold and deduplicate an imported kiln "
      "graph (kilnc --emit=kiln)",
      buildGraphPipeline);
  PassPipelineRegistration<>(
      "kiln-cpu-host-pipeline",
      "Graph pipeline, library calls, lowering to linalg and dispatch "
      "formation for the CPU (kilnc --emit=dispatch)",
      [](OpPassManager &pm) {
        buildGraphPipeline(pm);
        buildLinalgPipeline(pm, /*libraryCalls=*/true);
        buildDispatchPipeline(pm);
      });
}
