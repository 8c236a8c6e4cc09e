// SPDX-License-Identifier: Apache-2.0
//===- CpuTarget.cpp - kernels on tensors to an ELF shared object ---------===//
//
// Each kernel goes through the MLIR pipeline on its own (so that a failure
// names its kernel) and is translated to LLVM IR; the IR of all kernels is
// linked into one module, optimized, emitted as an object and linked by lld
// into a shared object.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/CpuTarget.h"

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"

#include "compiler/targets/cpu/CpuBackend.h"
#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"

using namespace mlir;

namespace mlir::kiln::cpu {

namespace {

/// Reads the grid of a lowered kernel (on its internal implementation).
std::array<int64_t, 3> getWorkgroupCount(ModuleOp module, StringRef name) {
  std::array<int64_t, 3> count = {1, 1, 1};
  auto impl = module.lookupSymbol<LLVM::LLVMFuncOp>((name + "__impl").str());
  if (!impl)
    return count;
  if (auto attr = impl->getAttrOfType<DenseI64ArrayAttr>(kWorkgroupCountAttr))
    if (attr.size() == 3)
      llvm::copy(attr.asArrayRef(), count.begin());
  return count;
}

/// Runs the MLIR pipeline on a module holding one kernel and translates it.
/// Diagnostics are collected; the first error is returned in `error`.
std::unique_ptr<llvm::Module> lowerKernel(ModuleOp single, StringRef name,
                                          const CpuPipelineOptions &options,
                                          llvm::LLVMContext &llvmContext,
                                          std::array<int64_t, 3> &grid,
                                          std::string &error) {
  MLIRContext *ctx = single.getContext();
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error && error.empty())
      error = describeKernelError(diag, name);
    return success();
  });
  PassManager pm(ctx, ModuleOp::getOperationName());
  buildCpuCodegenPipeline(pm, options);
  if (failed(pm.run(single))) {
    if (error.empty())
      error = "code generation failed";
    return nullptr;
  }
  grid = getWorkgroupCount(single, name);
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(single, llvmContext, name);
  if (!module && error.empty())
    error = "translation to LLVM IR failed";
  return module;
}

} // namespace

/// The x86 features beyond the x86-64 baseline that `target` enables, as
/// both LLVM and GCC's __builtin_cpu_supports name them, so the runtime can
/// refuse an object its CPU cannot run.
static std::vector<std::string>
getCheckableFeatures(const CpuTargetMachine &target) {
  static const char *const kX86Features[] = {
      "sse3",     "ssse3",    "sse4.1",   "sse4.2",     "popcnt",
      "avx",      "avx2",     "fma",      "f16c",       "bmi",
      "bmi2",     "avx512f",  "avx512bw", "avx512dq",   "avx512vl",
      "avx512cd", "avx512vnni", "avx512bf16", "avx512fp16"};
  std::vector<std::string> features;
  if (!llvm::Triple(target.triple).isX86())
    return features;
  const llvm::MCSubtargetInfo *info = target.machine->getMCSubtargetInfo();
  for (const char *feature : kX86Features)
    if (info->checkFeatures(std::string("+") + feature))
      features.push_back(feature);
  return features;
}

FailureOr<CpuExecutable> compileCpuExecutable(ModuleOp kernels,
                                              const CpuTargetOptions &options) {
  MLIRContext *ctx = kernels.getContext();
  DialectRegistry registry;
  registerCpuCodegenDialects(registry);
  ctx->appendDialectRegistry(registry);

  llvm::Expected<CpuTargetMachine> target = createCpuTargetMachine(
      options.triple, options.cpu, options.features, options.optLevel);
  if (!target) {
    emitError(kernels.getLoc())
        << "CPU target: " << llvm::toString(target.takeError());
    return failure();
  }
  CpuPipelineOptions pipelineOptions;
  pipelineOptions.vectorBits = target->vectorBits;
  pipelineOptions.x86Vector = target->hasAvx512;

  CpuExecutable executable;
  executable.triple = target->triple;
  executable.cpu = target->cpu;
  executable.features = getCheckableFeatures(*target);
  llvm::LLVMContext llvmContext;
  auto combined = std::make_unique<llvm::Module>("kiln_kernels", llvmContext);
  std::vector<std::string> exported;

  for (func::FuncOp func : kernels.getOps<func::FuncOp>()) {
    if (!isKernel(func))
      continue;
    std::string name = func.getSymName().str();
    // A copy of the module holding this kernel alone (with any private
    // helpers it may call).
    OwningOpRef<ModuleOp> single = kernels.clone();
    for (auto other :
         llvm::make_early_inc_range(single->getOps<func::FuncOp>()))
      if (isKernel(other) && other.getSymName() != name)
        other.erase();

    CpuKernelInfo info;
    info.symbol = name;
    std::string error;
    std::unique_ptr<llvm::Module> module =
        lowerKernel(*single, name, pipelineOptions, llvmContext,
                    info.workgroupCount, error);
    if (!module) {
      func.emitError() << "kernel '" << name << "': " << error;
      return failure();
    }
    // Everything but the entry point (deallocation helpers, constants) stays
    // private to its kernel, so kernels never clash on those names.
    for (llvm::GlobalValue &global : module->global_values())
      if (!global.isDeclaration() && global.getName() != name)
        global.setLinkage(llvm::GlobalValue::InternalLinkage);
    if (llvm::Linker::linkModules(*combined, std::move(module))) {
      func.emitError() << "kernel '" << name
                       << "': cannot link its LLVM IR with the other kernels";
      return failure();
    }
    exported.push_back(name);
    executable.kernels.push_back(info);
  }

  llvm::Expected<llvm::SmallVector<char, 0>> object =
      emitObject(*combined, *target, exported, options.optLevel);
  if (!object) {
    emitError(kernels.getLoc())
        << "CPU target: " << llvm::toString(object.takeError());
    return failure();
  }
  llvm::Expected<std::vector<char>> shared =
      linkSharedObject(*object, *target, exported);
  if (!shared) {
    emitError(kernels.getLoc())
        << "CPU target: " << llvm::toString(shared.takeError());
    return failure();
  }
  executable.object = std::move(*shared);
  return executable;
}

} // namespace mlir::kiln::cpu
