// SPDX-License-Identifier: Apache-2.0
//===- Compiler.cpp - Kiln's C++ compiler API -----------------------------===//

#include "compiler/driver/Compiler.h"

#include "compiler/pipelines/Pipelines.h"
#include "compiler/serializer/ArtifactWriter.h"
#include "dialects/kexec/IR/KexecOps.h"
#include "passes/memory/DimsTable.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::kiln;

using Grid = std::array<int64_t, 3>;

/// Runs `build`'s passes on `module` under the caller's pass manager options.
static LogicalResult runPasses(ModuleOp module, const CompileOptions &options,
                               function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  if (options.configurePassManager && failed(options.configurePassManager(pm)))
    return failure();
  build(pm);
  return pm.run(module);
}

static void announce(const CompileOptions &options, StringRef phase) {
  if (options.onPhase)
    options.onPhase(phase);
}

/// The nested module of kernels, if dispatch formation made one.
static ModuleOp getKernelModule(ModuleOp module) {
  for (auto nested : module.getOps<ModuleOp>())
    if (nested->hasAttr(kexec::kKernelModuleAttrName))
      return nested;
  return {};
}

/// Records each host function's signature as the model declared it: code
/// generation makes unsigned element types signless.
static void recordSignatures(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>())
    if (!func->hasAttr("kexec.original_type"))
      func->setAttr("kexec.original_type",
                    TypeAttr::get(func.getFunctionType()));
}

/// Compiles the kernel module for the CPU.
static FailureOr<ExecutableBlob> compileCpuKernels(ModuleOp kernels,
                                                   const CompileOptions &options,
                                                   llvm::StringMap<Grid> &grids) {
  FailureOr<cpu::CpuExecutable> executable =
      cpu::compileCpuExecutable(kernels, options.cpu);
  if (failed(executable))
    return failure();
  ExecutableBlob blob;
  blob.target = executable->triple;
  blob.cpu = executable->cpu;
  blob.format = "elf-so";
  blob.object = std::move(executable->object);
  blob.features = executable->features;
  for (const cpu::CpuKernelInfo &kernel : executable->kernels) {
    blob.kernels.push_back({kernel.symbol});
    grids[kernel.symbol] = kernel.workgroupCount;
  }
  return blob;
}

/// Compiles the kernel module into SPIR-V modules, one after another in the
/// blob's object.
static FailureOr<ExecutableBlob>
compileVulkanKernels(ModuleOp kernels, const CompileOptions &options,
                     llvm::StringMap<Grid> &grids) {
  FailureOr<vulkan::VulkanExecutable> executable =
      vulkan::compileVulkanExecutable(kernels, options.vulkan);
  if (failed(executable))
    return failure();
  ExecutableBlob blob;
  blob.target = "vulkan";
  blob.format = "spirv";
  blob.features = executable->capabilities;
  for (const vulkan::VulkanKernel &kernel : executable->kernels) {
    uint64_t size = kernel.code.size() * sizeof(uint32_t);
    blob.kernels.push_back({kernel.name, kernel.bindings, blob.object.size(),
                            size, kernel.scratchBytes});
    const char *bytes = reinterpret_cast<const char *>(kernel.code.data());
    blob.object.insert(blob.object.end(), bytes, bytes + size);
    grids[kernel.name] = kernel.workgroupCount;
  }
  return blob;
}

/// Compiles the kernel module for the target and records each dispatch's
/// grid. The blob has no kernels when the program has none.
static FailureOr<ExecutableBlob> compileKernels(ModuleOp module,
                                                const CompileOptions &options) {
  ModuleOp kernels = getKernelModule(module);
  if (!kernels)
    return ExecutableBlob();
  llvm::StringMap<Grid> grids;
  FailureOr<ExecutableBlob> blob =
      options.target == Target::Vulkan
          ? compileVulkanKernels(kernels, options, grids)
          : compileCpuKernels(kernels, options, grids);
  if (failed(blob))
    return failure();
  WalkResult walk = module.walk([&](kexec::DispatchOp dispatch) {
    auto it = grids.find(dispatch.getKernel().getLeafReference());
    if (it == grids.end()) {
      dispatch.emitError("kernel was not compiled");
      return WalkResult::interrupt();
    }
    dispatch.setWorkgroupCount(ArrayRef<int64_t>(it->second));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return blob;
}

/// Fills the counts of `stats` from a planned module.
static void collectStats(ModuleOp module, const ExecutableBlob &executable,
                         CompileStats &stats) {
  for (auto func : module.getOps<func::FuncOp>()) {
    if (auto arena =
            func->getAttrOfType<IntegerAttr>(kexec::kArenaSizeAttrName))
      stats.arenaBytes = arena.getInt() < 0 || stats.arenaBytes < 0
                             ? -1
                             : std::max(stats.arenaBytes, arena.getInt());
    if (auto buffers =
            func->getAttrOfType<ArrayAttr>(kexec::kArenaBuffersAttrName))
      stats.numArenaBuffers += buffers.size();
    if (auto dims = func->getAttrOfType<DenseI64ArrayAttr>(kDimsTableAttrName))
      stats.numDims += dims.size() / 3;
    func.walk([&](Operation *op) {
      if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
        if (auto type = dyn_cast<RankedTensorType>(constant.getType())) {
          ++stats.numWeights;
          stats.weightBytes +=
              type.getNumElements() *
              llvm::divideCeil(type.getElementTypeBitWidth(), 8);
        }
      } else if (isa<kexec::ConvolutionOp, kexec::MatMulOp, kexec::PoolingOp>(
                     op)) {
        ++stats.numLibraryCalls;
      } else if (isa<kexec::CopyOp>(op)) {
        ++stats.numCopies;
      }
    });
  }
  stats.numKernels = executable.kernels.size();
  stats.objectBytes = executable.object.size();
}

/// Runs everything up to `stage` (at most Kexec), returning the executable
/// when kernels were compiled.
static FailureOr<ExecutableBlob> lower(ModuleOp module, Stage stage,
                                       const CompileOptions &options,
                                       CompileStats *stats) {
  ExecutableBlob none;
  if (stage == Stage::Import)
    return none;
  announce(options, "graph passes");
  if (failed(runPasses(module, options, buildGraphPipeline)))
    return failure();
  if (stage == Stage::Kiln)
    return none;

  recordSignatures(module);
  announce(options, "lowering to linalg");
  // Only the CPU has a library for GEMMs and convolutions.
  bool libraryCalls = options.target == Target::Cpu;
  if (failed(runPasses(module, options, [&](OpPassManager &pm) {
        buildLinalgPipeline(pm, libraryCalls);
      })))
    return failure();
  if (stage == Stage::Linalg)
    return none;

  announce(options, "forming dispatches");
  if (failed(runPasses(module, options, buildDispatchPipeline)))
    return failure();
  if (stage == Stage::Dispatch)
    return none;

  announce(options, options.target == Target::Vulkan ? "generating SPIR-V"
                                                     : "generating CPU code");
  FailureOr<ExecutableBlob> executable = compileKernels(module, options);
  if (failed(executable))
    return failure();
  announce(options, "planning memory");
  if (failed(runPasses(module, options, [](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createPlanMemoryPass());
      })))
    return failure();
  if (stats)
    collectStats(module, *executable, *stats);
  return executable;
}

LogicalResult mlir::kiln::lowerToStage(ModuleOp module, Stage stage,
                                       const CompileOptions &options,
                                       CompileStats *stats) {
  assert(stage != Stage::Artifact && "use compileToArtifact");
  return success(succeeded(lower(module, stage, options, stats)));
}

LogicalResult mlir::kiln::compileToArtifact(ModuleOp module,
                                            const CompileOptions &options,
                                            llvm::raw_ostream &os,
                                            CompileStats *stats) {
  FailureOr<ExecutableBlob> executable =
      lower(module, Stage::Kexec, options, stats);
  if (failed(executable))
    return failure();
  announce(options, "writing the artifact");
  SmallVector<ExecutableBlob> blobs;
  if (!executable->kernels.empty())
    blobs.push_back(std::move(*executable));
  // The kernels live in the executable now.
  if (ModuleOp kernels = getKernelModule(module))
    kernels.erase();
  ArtifactInfo info{options.producer, options.modelName};
  uint64_t start = os.tell();
  if (failed(writeArtifact(module, blobs, info, os)))
    return failure();
  if (stats)
    stats->artifactBytes = os.tell() - start;
  return success();
}
