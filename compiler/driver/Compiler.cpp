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

StringRef mlir::kiln::getTargetName(Target target) {
  return target == Target::Vulkan ? "vulkan" : "cpu";
}

/// Reports a phase of `target`'s compile, naming the target when there are
/// several.
static void announce(const CompileOptions &options, Target target,
                     StringRef phase) {
  if (!options.onPhase)
    return;
  if (options.targets.size() == 1)
    return options.onPhase(phase);
  options.onPhase((getTargetName(target) + ": " + phase).str());
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
  // An object without kernels runs on any CPU of its architecture.
  if (!executable->kernels.empty())
    blob.features = executable->features;
  for (const cpu::CpuKernelInfo &kernel : executable->kernels) {
    blob.kernels.emplace_back().name = kernel.symbol;
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

/// Compiles the kernel module for `target` and records each dispatch's
/// grid. A program without kernels gets an executable without kernels: it
/// still says which device the program is for.
static FailureOr<ExecutableBlob> compileKernels(ModuleOp module, Target target,
                                                const CompileOptions &options) {
  OwningOpRef<ModuleOp> none;
  ModuleOp kernels = getKernelModule(module);
  if (!kernels) {
    none = ModuleOp::create(module.getLoc());
    kernels = *none;
  }
  llvm::StringMap<Grid> grids;
  FailureOr<ExecutableBlob> blob =
      target == Target::Vulkan ? compileVulkanKernels(kernels, options, grids)
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

/// Runs everything up to `stage` (at most Kexec) for `target`, returning the
/// executable once kernels were compiled.
static FailureOr<ExecutableBlob> lower(ModuleOp module, Stage stage,
                                       Target target,
                                       const CompileOptions &options,
                                       CompileStats *stats) {
  ExecutableBlob none;
  if (stage == Stage::Import)
    return none;
  announce(options, target, "graph passes");
  if (failed(runPasses(module, options, buildGraphPipeline)))
    return failure();
  if (stage == Stage::Kiln)
    return none;

  recordSignatures(module);
  announce(options, target, "lowering to linalg");
  // Only the CPU has a library for GEMMs and convolutions.
  bool libraryCalls = target == Target::Cpu;
  if (failed(runPasses(module, options, [&](OpPassManager &pm) {
        buildLinalgPipeline(pm, libraryCalls);
      })))
    return failure();
  if (stage == Stage::Linalg)
    return none;

  announce(options, target, "forming dispatches");
  if (failed(runPasses(module, options, buildDispatchPipeline)))
    return failure();
  if (stage == Stage::Dispatch)
    return none;

  announce(options, target,
           target == Target::Vulkan ? "generating SPIR-V"
                                    : "generating CPU code");
  FailureOr<ExecutableBlob> executable =
      compileKernels(module, target, options);
  if (failed(executable))
    return failure();
  announce(options, target, "planning memory");
  if (failed(runPasses(module, options, [](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createPlanMemoryPass());
      })))
    return failure();
  if (stats) {
    stats->target = getTargetName(target).str();
    collectStats(module, *executable, *stats);
  }
  return executable;
}

LogicalResult mlir::kiln::lowerToStage(ModuleOp module, Stage stage,
                                       const CompileOptions &options,
                                       CompileStats *stats) {
  assert(stage != Stage::Artifact && "use compileToArtifact");
  if (options.targets.size() != 1)
    return module.emitError("a compile stage before the artifact takes one "
                            "target, not ")
           << options.targets.size();
  return success(
      succeeded(lower(module, stage, options.targets[0], options, stats)));
}

LogicalResult
mlir::kiln::compileToArtifact(ModuleOp module, const CompileOptions &options,
                              llvm::raw_ostream &os,
                              std::vector<CompileStats> *stats) {
  if (options.targets.empty())
    return module.emitError("no target to compile for");
  for (auto [index, target] : llvm::enumerate(options.targets))
    if (llvm::is_contained(ArrayRef(options.targets).take_front(index), target))
      return module.emitError("target ")
             << getTargetName(target) << " is named twice";
  // Each target lowers its own copy of the imported module: library calls,
  // tiling and so the whole host program differ between targets.
  SmallVector<OwningOpRef<ModuleOp>> copies;
  SmallVector<TargetProgram> programs;
  std::vector<CompileStats> targetStats(options.targets.size());
  for (auto [index, target] : llvm::enumerate(options.targets)) {
    ModuleOp program = module;
    if (index + 1 < options.targets.size()) {
      copies.push_back(module.clone());
      program = *copies.back();
    }
    FailureOr<ExecutableBlob> executable =
        lower(program, Stage::Kexec, target, options, &targetStats[index]);
    if (failed(executable))
      return failure();
    // The kernels live in the executable now.
    if (ModuleOp kernels = getKernelModule(program))
      kernels.erase();
    programs.push_back({program, std::move(*executable)});
  }
  if (options.onPhase)
    options.onPhase("writing the artifact");
  ArtifactInfo info{options.producer, options.modelName};
  uint64_t start = os.tell();
  if (failed(writeArtifact(programs, info, os)))
    return failure();
  for (CompileStats &entry : targetStats)
    entry.artifactBytes = os.tell() - start;
  if (stats)
    *stats = std::move(targetStats);
  return success();
}
