// SPDX-License-Identifier: Apache-2.0
//===- Bufferize.cpp - one-shot bufferization into output arguments -------===//

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_BUFFERIZEPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;
using namespace mlir::kiln::cpu;

namespace {

/// Temporaries up to this size live on the stack of the workgroup call, up
/// to twice this size in all (so a kernel call needs at most 128 KiB of
/// stack for them).
constexpr int64_t kMaxStackAllocBytes = 64 * 1024;

/// Moves static temporaries allocated at the top level of a kernel to its
/// stack frame (kernels never return buffers they allocate). Temporaries
/// inside loops stay on the heap: an alloca there would grow the frame
/// every iteration.
void promoteToStack(func::FuncOp func) {
  Block &entry = func.getBody().front();
  int64_t total = 0;
  for (auto alloc :
       llvm::make_early_inc_range(entry.getOps<memref::AllocOp>())) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
      continue;
    int64_t bytes =
        type.getNumElements() *
        llvm::divideCeil(type.getElementType().getIntOrFloatBitWidth(), 8);
    if (bytes > kMaxStackAllocBytes || total + bytes > 2 * kMaxStackAllocBytes)
      continue;
    total += bytes;
    OpBuilder builder(alloc);
    auto alloca = memref::AllocaOp::create(builder, alloc.getLoc(), type,
                                           alloc.getAlignmentAttr());
    alloc.replaceAllUsesWith(alloca.getResult());
    alloc.erase();
  }
}

/// Removes the results of a bufferized kernel, each of which must be one of
/// its arguments (through casts).
LogicalResult dropResults(func::FuncOp func) {
  func::ReturnOp ret = getSingleReturn(func);
  if (!ret)
    return func.emitError() << "kernel '" << func.getSymName()
                            << "': expected a single block after bufferization";
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    while (auto cast = value.getDefiningOp<memref::CastOp>())
      value = cast.getSource();
    auto arg = dyn_cast<BlockArgument>(value);
    if (!arg || arg.getOwner()->getParentOp() != func)
      return func.emitError() << "kernel '" << func.getSymName() << "': result "
                              << i << " was not computed in its output buffer";
  }
  ret->setOperands({});
  llvm::BitVector all(func.getNumResults(), true);
  return func.eraseResults(all);
}

/// Frees heap temporaries, then cleans up.
void buildDeallocationPipeline(OpPassManager &pm, bool heapAllocs) {
  if (heapAllocs)
    bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createCanonicalizerPass());
}

struct BufferizePass : kiln::cpu::impl::BufferizePassBase<BufferizePass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // What the nested pipelines create (scf.if from deallocations, ...):
    // dynamic pipelines load no dialects themselves.
    OpPassManager pm(ModuleOp::getOperationName());
    buildDeallocationPipeline(pm, /*heapAllocs=*/true);
    pm.addPass(createCSEPass());
    pm.getDependentDialects(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();

    // Inputs are shared with the rest of the program (weights, other
    // dispatches): never write them in place.
    auto writable = StringAttr::get(
        ctx, bufferization::BufferizationDialect::kWritableAttrName);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!isKernel(func))
        continue;
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(func.getArgumentTypes()[i]) &&
            !func.getArgAttr(i, kOutputAttr))
          func.setArgAttr(i, writable, BoolAttr::get(ctx, false));
    }

    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    options.allowReturnAllocsFromLoops = true;
    bufferization::BufferizationState state;
    if (failed(
            bufferization::runOneShotModuleBufferize(module, options, state)))
      return signalPassFailure();
    bufferization::removeBufferizationAttributesInModule(module);

    OpPassManager cleanup(ModuleOp::getOperationName());
    cleanup.addPass(createCanonicalizerPass());
    cleanup.addPass(createCSEPass());
    if (failed(runPipeline(cleanup, module)))
      return signalPassFailure();

    // Results written in place are their output argument (once loops
    // forwarding buffers are folded away): drop them.
    bool failedKernel = false;
    for (auto func : module.getOps<func::FuncOp>())
      if (isKernel(func) && failed(dropResults(func)))
        failedKernel = true;
    if (failedKernel)
      return signalPassFailure();
    for (auto func : module.getOps<func::FuncOp>())
      if (isKernel(func))
        promoteToStack(func);

    // Heap temporaries (dynamic sizes, inside loops) need frees.
    bool heapAllocs = false;
    module.walk([&](memref::AllocOp) { heapAllocs = true; });
    OpPassManager pm(ModuleOp::getOperationName());
    buildDeallocationPipeline(pm, heapAllocs);
    if (failed(runPipeline(pm, module)))
      return signalPassFailure();
  }
};

} // namespace
