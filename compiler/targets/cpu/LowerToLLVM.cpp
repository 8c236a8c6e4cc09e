// SPDX-License-Identifier: Apache-2.0
//===- LowerToLLVM.cpp - staged lowering of kernels to the LLVM dialect ---===//
//
// Vector lowering pattern sets are applied in stages: put together in one
// greedy rewrite they fight each other and exhaust memory.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_LOWERTOLLVMPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;
using namespace mlir::kiln::cpu;

namespace {

/// memref.copy between strided views would become a call to MLIR's runtime
/// library (memrefCopy), which kernels do not link: copy with loops
/// instead. Copies between dense buffers stay (they become memcpy).
struct CopyToLoops : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    auto source = dyn_cast<MemRefType>(op.getSource().getType());
    auto target = dyn_cast<MemRefType>(op.getTarget().getType());
    if (!source || !target ||
        (source.getLayout().isIdentity() && target.getLayout().isIdentity()))
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct LowerToLLVMPass : kiln::cpu::impl::LowerToLLVMPassBase<LowerToLLVMPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<affine::AffineDialect, arith::ArithDialect,
                    cf::ControlFlowDialect, func::FuncDialect,
                    linalg::LinalgDialect, LLVM::LLVMDialect, math::MathDialect,
                    memref::MemRefDialect, scf::SCFDialect, ub::UBDialect,
                    vector::VectorDialect>();
    // Dynamic pipelines load no dialects themselves.
    OpPassManager pm(ModuleOp::getOperationName());
    buildLoopsPipeline(pm);
    buildTransferPipeline(pm);
    buildFinalPipeline(pm);
    pm.getDependentDialects(registry);
  }

  /// Everything left to the LLVM dialect.
  void buildFinalPipeline(OpPassManager &pm) const {
    pm.addPass(createCanonicalizerPass());
    // float8/float4 arithmetic in f32 and their conversions as integer ops.
    pm.addPass(createExpandSmallFloatsPass());
    // bf16 arithmetic in f32, and bf16 conversions as integer ops: LLVM
    // would call compiler-rt's __truncsfbf2, which kernels do not link.
    arith::ArithEmulateUnsupportedFloatsOptions emulate;
    emulate.sourceTypeStrs = {"bf16"};
    emulate.targetTypeStr = "f32";
    pm.addPass(arith::createArithEmulateUnsupportedFloats(emulate));
    arith::ArithExpandOpsPassOptions expand;
    expand.includeBf16 = true;
    pm.addPass(arith::createArithExpandOpsPass(expand));
    pm.addPass(memref::createExpandStridedMetadataPass());
    pm.addPass(createLowerAffinePass());
    pm.addPass(createSCFToControlFlowPass());
    ConvertVectorToLLVMPassOptions vectorOptions;
    vectorOptions.reassociateFPReductions = true;
    vectorOptions.vectorTransposeLowering =
        x86Vector ? vector::VectorTransposeLowering::Shuffle16x16
                  : vector::VectorTransposeLowering::EltWise;
    vectorOptions.vectorContractLowering =
        vector::VectorContractLowering::OuterProduct;
    pm.addPass(createConvertVectorToLLVMPass(vectorOptions));
    pm.addPass(createFinalizeMemRefToLLVMConversionPass());
    pm.addPass(createConvertMathToLLVMPass());
    pm.addPass(createArithToLLVMConversionPass());
    pm.addPass(createConvertFuncToLLVMPass());
    pm.addPass(createConvertControlFlowToLLVMPass());
    pm.addPass(createUBToLLVMConversionPass());
    pm.addPass(createReconcileUnrealizedCastsPass());
    pm.addPass(createCanonicalizerPass());
  }

  void buildLoopsPipeline(OpPassManager &pm) const {
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
    pm.addPass(createCanonicalizerPass());
  }

  void buildTransferPipeline(OpPassManager &pm) const {
    VectorTransferToSCFOptions transferOptions;
    transferOptions.enableFullUnroll().setTargetRank(1);
    pm.addPass(createConvertVectorToSCFPass(transferOptions));
  }

  LogicalResult applyStage(ModuleOp module,
                           function_ref<void(RewritePatternSet &)> populate) {
    RewritePatternSet patterns(&getContext());
    populate(patterns);
    return applyPatternsGreedily(module, std::move(patterns));
  }

  LogicalResult lowerVectorOps(ModuleOp module) {
    MLIRContext *ctx = &getContext();
    // Contractions to outer products (FMAs), transposes, n-D reductions and
    // masks to simpler vector ops.
    if (failed(applyStage(module, [&](RewritePatternSet &patterns) {
          vector::populateVectorContractLoweringPatterns(
              patterns, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorTransposeLoweringPatterns(
              patterns, x86Vector
                            ? vector::VectorTransposeLowering::Shuffle16x16
                            : vector::VectorTransposeLowering::EltWise);
          vector::populateVectorMultiReductionLoweringPatterns(
              patterns, vector::VectorMultiReductionLowering::InnerReduction);
          vector::populateVectorMaskOpLoweringPatterns(patterns);
          vector::populateVectorMaskLoweringPatternsForSideEffectingOps(
              patterns);
          vector::populateVectorShapeCastLoweringPatterns(patterns);
          vector::populateVectorBroadcastLoweringPatterns(patterns);
          vector::TransposeOp::getCanonicalizationPatterns(patterns, ctx);
        })))
      return failure();
    // Transfers: permutation maps to transposes/broadcasts, then 1-D.
    if (failed(applyStage(module, [&](RewritePatternSet &patterns) {
          vector::populateVectorTransferPermutationMapLoweringPatterns(
              patterns);
          vector::populateVectorTransferLoweringPatterns(patterns,
                                                         /*maxTransferRank=*/1);
        })))
      return failure();
    if (failed(applyStage(module, [&](RewritePatternSet &patterns) {
          vector::populateVectorOuterProductLoweringPatterns(patterns);
          vector::populateVectorTransposeLoweringPatterns(
              patterns, x86Vector
                            ? vector::VectorTransposeLowering::Shuffle16x16
                            : vector::VectorTransposeLowering::EltWise);
          vector::populateVectorShapeCastLoweringPatterns(patterns);
          vector::populateVectorBroadcastLoweringPatterns(patterns);
        })))
      return failure();
    return success();
  }

  /// Math functions to polynomial approximations (f16/bf16 through f32) and
  /// expansions; what is left (mostly f64 special functions) to libm calls.
  LogicalResult lowerMath(ModuleOp module) {
    if (failed(applyStage(module, [&](RewritePatternSet &patterns) {
          math::populateExpansionPatterns(patterns);
        })))
      return failure();
    if (failed(applyStage(module, [&](RewritePatternSet &patterns) {
          populateMathPolynomialApproximationPatterns(patterns);
        })))
      return failure();

    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // No LLVM intrinsic for these: libm.
    target.addIllegalOp<
        math::AcosOp, math::AcoshOp, math::AsinOp, math::AsinhOp, math::AtanOp,
        math::AtanhOp, math::Atan2Op, math::CbrtOp, math::CoshOp, math::ErfOp,
        math::ErfcOp, math::SinhOp, math::TanOp, math::TanhOp>();
    RewritePatternSet patterns(&getContext());
    populateMathToLibmConversionPatterns(patterns);
    return applyPartialConversion(module, target, std::move(patterns));
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();

    // What did not vectorize becomes scalar loops.
    if (failed(applyStage(module, [&](RewritePatternSet &patterns) {
          patterns.add<CopyToLoops>(&getContext());
        })))
      return signalPassFailure();
    OpPassManager loops(ModuleOp::getOperationName());
    buildLoopsPipeline(loops);
    if (failed(runPipeline(loops, module)))
      return signalPassFailure();

    if (failed(lowerVectorOps(module)))
      return signalPassFailure();
    OpPassManager toScf(ModuleOp::getOperationName());
    buildTransferPipeline(toScf);
    if (failed(runPipeline(toScf, module)) || failed(lowerVectorOps(module)) ||
        failed(lowerMath(module)))
      return signalPassFailure();

    OpPassManager pm(ModuleOp::getOperationName());
    buildFinalPipeline(pm);
    if (failed(runPipeline(pm, module)))
      return signalPassFailure();
  }
};

} // namespace
