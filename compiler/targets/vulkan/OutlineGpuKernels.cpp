// SPDX-License-Identifier: Apache-2.0
//===- OutlineGpuKernels.cpp - kernels into a gpu.module for SPIR-V -------===//

#include "compiler/targets/vulkan/Passes.h"

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVAttributes.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::kiln::vulkan {
#define GEN_PASS_DEF_OUTLINEGPUKERNELSPASS
#include "compiler/targets/vulkan/Passes.h.inc"
} // namespace mlir::kiln::vulkan

using namespace mlir;

namespace {

/// Rewrites `func` so that its buffers and workgroup ids are all its
/// arguments. The dims it reads (dynamic sizes, `kexec.dim` scalars) come
/// from one more buffer, the dims table as i32, appended last. A buffer with
/// dynamic sizes becomes 1-D and is indexed in row-major order (SPIR-V's
/// runtime arrays are 1-D); a buffer of no elements becomes one of one
/// element per dim (SPIR-V has no empty arrays; nothing reads it).
LogicalResult bindDims(func::FuncOp func) {
  MLIRContext *ctx = func.getContext();
  Block &entry = func.getBody().front();
  OpBuilder b(&entry, entry.begin());
  Location loc = func.getLoc();
  Value table;
  auto readDim = [&](int64_t index) -> Value {
    if (!table) {
      auto type = MemRefType::get({ShapedType::kDynamic},
                                  IntegerType::get(ctx, 32));
      if (failed(func.insertArgument(func.getNumArguments(), type, {}, loc)))
        return {};
      table = func.getArguments().back();
    }
    Value at = arith::ConstantIndexOp::create(b, loc, index);
    Value value = memref::LoadOp::create(b, loc, table, at);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };

  llvm::SmallPtrSet<void *, 8> erased; // replaced arguments
  unsigned count = func.getNumArguments();
  for (unsigned i = 0; i < count; ++i) {
    BlockArgument arg = func.getArgument(i);
    if (auto dim = func.getArgAttrOfType<IntegerAttr>(i, kiln::cpu::kDimAttr)) {
      Value value = readDim(dim.getInt());
      if (!value)
        return failure();
      if (!arg.getType().isIndex())
        value = arith::IndexCastOp::create(b, loc, arg.getType(), value);
      arg.replaceAllUsesWith(value);
      erased.insert(arg.getAsOpaquePointer());
      continue;
    }
    auto type = dyn_cast<MemRefType>(arg.getType());
    if (!type)
      continue;
    bool empty = type.hasStaticShape() && type.getNumElements() == 0;
    if (type.hasStaticShape() && !empty)
      continue;

    // The sizes, for indexing.
    SmallVector<Value> sizes;
    auto dims = func.getArgAttrOfType<DenseI64ArrayAttr>(i, kiln::cpu::kDimsAttr);
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) {
        sizes.push_back(
            arith::ConstantIndexOp::create(b, loc, type.getDimSize(d)));
        continue;
      }
      if (!dims || dims.size() != type.getRank() || dims[d] < 0)
        return func.emitOpError()
               << "argument " << i << " has a dynamic size without a dims "
               << "table entry (" << kiln::cpu::kDimsAttr << ")";
      Value size = readDim(dims[d]);
      if (!size)
        return failure();
      sizes.push_back(size);
    }
    Type replacementType =
        empty ? MemRefType::get(SmallVector<int64_t>(type.getRank(), 1),
                                type.getElementType())
              : MemRefType::get({ShapedType::kDynamic}, type.getElementType());
    if (failed(func.insertArgument(i + 1, replacementType, {}, arg.getLoc())))
      return failure();
    ++count;
    BlockArgument replacement = func.getArgument(i + 1);
    erased.insert(arg.getAsOpaquePointer());
    ++i;
    if (empty) {
      arg.replaceAllUsesWith(replacement);
      continue;
    }
    auto linearize = [&](OpBuilder &at, ValueRange indices) -> Value {
      Value linear = indices.empty()
                         ? arith::ConstantIndexOp::create(at, loc, 0)
                         : indices.front();
      for (int64_t d = 1; d < static_cast<int64_t>(indices.size()); ++d) {
        Value scaled = arith::MulIOp::create(at, loc, linear, sizes[d]);
        linear = arith::AddIOp::create(at, loc, scaled, indices[d]);
      }
      return linear;
    };
    for (Operation *user : llvm::make_early_inc_range(arg.getUsers())) {
      OpBuilder at(user);
      if (auto load = dyn_cast<memref::LoadOp>(user)) {
        Value linear = linearize(at, load.getIndices());
        load.replaceAllUsesWith(
            memref::LoadOp::create(at, loc, replacement, linear).getResult());
        load.erase();
      } else if (auto store = dyn_cast<memref::StoreOp>(user)) {
        Value linear = linearize(at, store.getIndices());
        memref::StoreOp::create(at, loc, store.getValue(), replacement,
                                linear);
        store.erase();
      } else if (auto dim = dyn_cast<memref::DimOp>(user)) {
        std::optional<int64_t> index = dim.getConstantIndex();
        if (!index || *index < 0 || *index >= type.getRank())
          return dim.emitOpError("with an unknown dim on a dynamic buffer");
        dim.replaceAllUsesWith(sizes[*index]);
        dim.erase();
      } else {
        return user->emitOpError(
            "on a buffer with dynamic sizes is not supported by the Vulkan "
            "target");
      }
    }
  }
  llvm::BitVector erase(func.getNumArguments());
  for (BlockArgument arg : func.getArguments())
    if (erased.contains(arg.getAsOpaquePointer()))
      erase.set(arg.getArgNumber());
  return func.eraseArguments(erase);
}

struct OutlineGpuKernelsPass
    : public kiln::vulkan::impl::OutlineGpuKernelsPassBase<
          OutlineGpuKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    // Vulkan 1.1: SPIR-V 1.3, where storage buffers need no extension.
    StringRef text = targetEnv.empty()
                         ? "#spirv.target_env<#spirv.vce<v1.3, [Shader], []>, "
                           "api=Vulkan, #spirv.resource_limits<>>"
                         : StringRef(targetEnv);
    Attribute env = parseAttribute(text, ctx);
    if (!isa_and_nonnull<spirv::TargetEnvAttr>(env)) {
      module.emitError() << "invalid SPIR-V target environment '" << targetEnv
                         << "'";
      return signalPassFailure();
    }

    IRRewriter rewriter(ctx);
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    rewriter.getUnitAttr());
    rewriter.setInsertionPointToEnd(module.getBody());
    auto gpuModule = gpu::GPUModuleOp::create(rewriter, module.getLoc(),
                                              "kernels");
    gpuModule->setAttr(spirv::getTargetEnvAttrName(), env);
    auto entryPoint = spirv::getEntryPointABIAttr(
        ctx, {static_cast<int32_t>(workgroupSize), 1, 1});

    for (func::FuncOp func :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (!kiln::cpu::isKernel(func))
        continue;
      if (!func.getBody().hasOneBlock()) {
        func.emitOpError("with several blocks cannot become a GPU kernel");
        return signalPassFailure();
      }
      if (failed(bindDims(func)))
        return signalPassFailure();
      // Bindings are the memref arguments; the workgroup ids come from the
      // GPU.
      SmallVector<Type> bindings;
      SmallVector<int64_t> scratchBytes;
      for (BlockArgument arg : func.getArguments()) {
        if (func.getArgAttr(arg.getArgNumber(), kiln::cpu::kWorkgroupIdAttr))
          continue;
        if (func.getArgAttr(arg.getArgNumber(), kiln::vulkan::kScratchAttr)) {
          auto type = cast<MemRefType>(arg.getType());
          scratchBytes.push_back(
              type.getNumElements() *
              llvm::divideCeil(type.getElementTypeBitWidth(), 8));
        }
        if (!isa<MemRefType>(arg.getType())) {
          func.emitOpError() << "argument " << arg.getArgNumber()
                             << " is not a buffer";
          return signalPassFailure();
        }
        bindings.push_back(arg.getType());
      }

      rewriter.setInsertionPointToEnd(gpuModule.getBody());
      auto kernel = gpu::GPUFuncOp::create(
          rewriter, func.getLoc(), func.getSymName(),
          rewriter.getFunctionType(bindings, {}));
      kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(),
                      rewriter.getUnitAttr());
      kernel->setAttr(spirv::getEntryPointABIAttrName(), entryPoint);
      if (Attribute grid = func->getAttr(kiln::cpu::kWorkgroupCountAttr))
        kernel->setAttr(kiln::cpu::kWorkgroupCountAttr, grid);
      if (!scratchBytes.empty())
        kernel->setAttr(kiln::vulkan::kScratchBytesAttr,
                        rewriter.getDenseI64ArrayAttr(scratchBytes));

      Block &entry = kernel.getBody().front();
      rewriter.setInsertionPointToStart(&entry);
      SmallVector<Value> replacements;
      unsigned binding = 0;
      for (BlockArgument arg : func.getArguments()) {
        auto id = func.getArgAttrOfType<IntegerAttr>(
            arg.getArgNumber(), kiln::cpu::kWorkgroupIdAttr);
        if (!id) {
          replacements.push_back(entry.getArgument(binding++));
          continue;
        }
        auto dimension = static_cast<gpu::Dimension>(id.getInt());
        replacements.push_back(
            gpu::BlockIdOp::create(rewriter, arg.getLoc(), dimension));
      }
      Block &body = func.getBody().front();
      auto ret = cast<func::ReturnOp>(body.getTerminator());
      rewriter.setInsertionPoint(ret);
      gpu::ReturnOp::create(rewriter, ret.getLoc());
      rewriter.eraseOp(ret);
      rewriter.mergeBlocks(&body, &entry, replacements);
      rewriter.eraseOp(func);
    }
  }
};

} // namespace
