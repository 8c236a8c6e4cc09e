// SPDX-License-Identifier: Apache-2.0
//===- LowerToLinalg.cpp - kiln to linalg/tensor/arith/math/scf -----------===//
//
// The pass is a thin driver over populateKilnToLinalgPatterns and
// populateKilnControlFlowToSCFPatterns: two partial dialect conversions with
// the kiln dialect illegal, the first keeping If/Loop/Scan so that they
// find their regions lowered in the second. Two things make its errors
// clean: ops without any lowering are reported up front, one error
// per op name ("'kiln.foo' cannot be lowered to linalg yet"), and during the
// conversion the driver's generic "failed to legalize" message is dropped
// where a pattern already said why, or reworded where none did.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/Passes.h"

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnDialect.h"
#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_LOWERTOLINALGPASS
#include "passes/codegen/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::populateKilnToLinalgPatterns(TypeConverter &typeConverter,
                                              RewritePatternSet &patterns) {
  populateStructuralTypeConversionPatterns(typeConverter, patterns);
  populateElementwiseLoweringPatterns(typeConverter, patterns);
  populateActivationLoweringPatterns(typeConverter, patterns);
  populateCastLoweringPatterns(typeConverter, patterns);
  populateContractionLoweringPatterns(typeConverter, patterns);
  populateConvLoweringPatterns(typeConverter, patterns);
  populatePoolLoweringPatterns(typeConverter, patterns);
  populateNormalizationLoweringPatterns(typeConverter, patterns);
  populateReductionLoweringPatterns(typeConverter, patterns);
  populateTensorLoweringPatterns(typeConverter, patterns);
  populateTensorIndexingLoweringPatterns(typeConverter, patterns);
  populateTensorGeneratorLoweringPatterns(typeConverter, patterns);
  populateResizeLoweringPatterns(typeConverter, patterns);
  populateRecurrentLoweringPatterns(typeConverter, patterns);
  populateAttentionLoweringPatterns(typeConverter, patterns);
  populateLossLoweringPatterns(typeConverter, patterns);
  populateSignalLoweringPatterns(typeConverter, patterns);
  populateLinearAlgebraLoweringPatterns(typeConverter, patterns);
  populateGridLoweringPatterns(typeConverter, patterns);
  populateQuantizationLoweringPatterns(typeConverter, patterns);
}

namespace {

/// Runs one partial conversion with clean errors: the driver's generic
/// "failed to legalize operation" is dropped where a pattern already
/// reported at that location, and reworded where none did.
LogicalResult convert(ModuleOp module, const ConversionTarget &target,
                      RewritePatternSet &&patterns) {
  MLIRContext *context = module.getContext();
  llvm::DenseSet<Location> errorLocations;
  SmallVector<std::pair<Location, std::string>> unexplained;
  LogicalResult result = success();
  {
    ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
      if (diag.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      std::string message = diag.str();
      StringRef text(message);
      if (text.consume_front("failed to legalize operation '")) {
        unexplained.emplace_back(diag.getLocation(),
                                 text.split('\'').first.str());
        return success();
      }
      // Later errors at a location already reported add nothing.
      if (!errorLocations.insert(diag.getLocation()).second)
        return success();
      return failure();
    });
    // No folding: constant subgraphs were folded by the graph passes
    // (within their size limits); the lowering emits code for what is left.
    ConversionConfig config;
    config.foldingMode = DialectConversionFoldingMode::Never;
    result =
        applyPartialConversion(module, target, std::move(patterns), config);
  }
  for (auto &[loc, name] : unexplained)
    if (errorLocations.insert(loc).second)
      emitError(loc) << "'" << name << "' cannot be lowered to linalg yet";
  return result;
}

struct LowerToLinalgPass
    : kiln::impl::LowerToLinalgPassBase<LowerToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ModuleOp module = getOperation();

    KilnToLinalgTypeConverter typeConverter;
    RewritePatternSet patterns(context);
    populateKilnToLinalgPatterns(typeConverter, patterns);
    RewritePatternSet controlFlowPatterns(context);
    populateKilnControlFlowToSCFPatterns(typeConverter, controlFlowPatterns);

    // Ops that no pattern matches fail up front, one error per op name.
    llvm::DenseSet<OperationName> lowered;
    for (RewritePatternSet *set : {&patterns, &controlFlowPatterns})
      for (const std::unique_ptr<RewritePattern> &pattern :
           set->getNativePatterns())
        if (std::optional<OperationName> root = pattern->getRootKind())
          lowered.insert(*root);
    // kiln.yield goes with its parent.
    lowered.insert(OperationName(YieldOp::getOperationName(), context));
    llvm::DenseSet<OperationName> reported;
    bool missing = false, hasControlFlow = false;
    module.walk([&](Operation *op) {
      if (!isa_and_nonnull<KilnDialect>(op->getDialect()))
        return;
      hasControlFlow |= isa<IfOp, LoopOp, ScanOp>(op);
      if (lowered.contains(op->getName()))
        return;
      missing = true;
      if (reported.insert(op->getName()).second)
        op->emitError() << "'" << op->getName()
                        << "' cannot be lowered to linalg yet";
    });
    if (missing)
      return signalPassFailure();

    // Everything but control flow, which then finds its regions lowered.
    ConversionTarget target(*context);
    configureKilnToLinalgTarget(target, typeConverter,
                                /*keepControlFlow=*/hasControlFlow);
    if (failed(convert(module, target, std::move(patterns))))
      return signalPassFailure();
    if (!hasControlFlow)
      return;
    ConversionTarget controlFlowTarget(*context);
    configureKilnToLinalgTarget(controlFlowTarget, typeConverter);
    if (failed(
            convert(module, controlFlowTarget, std::move(controlFlowPatterns))))
      signalPassFailure();
  }
};

} // namespace
