// SPDX-License-Identifier: Apache-2.0
//===- Compiler.h - Kiln's C++ compiler API ---------------------*- C++ -*-===//
//
// Compiles an imported kiln module through the pipelines, the target code
// generators and the serializer. kilnc is a thin command line over this.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_COMPILER_H
#define KILN_COMPILER_DRIVER_COMPILER_H

#include "compiler/targets/cpu/CpuTarget.h"
#include "compiler/targets/vulkan/VulkanTarget.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class PassManager;

namespace kiln {

/// The stages a compile passes through, in order (`kilnc --emit=`).
enum class Stage {
  Import,   ///< kiln graph as imported
  Kiln,     ///< after the graph passes
  Linalg,   ///< library calls outlined, the rest lowered to linalg, fused
  Dispatch, ///< kernels outlined into dispatches
  Kexec,    ///< kernels compiled, memory planned
  Artifact, ///< the .kiln file
};

/// What a compile produced for one target, for `kilnc --stats`.
struct CompileStats {
  std::string target; ///< "cpu" or "vulkan"
  /// The planned arena, or -1 when it depends on dynamic dims (the runtime
  /// plans `numArenaBuffers` buffers when a run starts).
  int64_t arenaBytes = 0;
  int64_t numArenaBuffers = 0;
  /// Entries of the dims tables (0 for fully static programs).
  int64_t numDims = 0;
  int64_t weightBytes = 0;
  int64_t numWeights = 0;
  int64_t numKernels = 0;
  int64_t numLibraryCalls = 0;
  int64_t numCopies = 0;
  int64_t objectBytes = 0;
  int64_t artifactBytes = 0;
};

/// The device kernels are compiled for (`kilnc --target=`).
enum class Target {
  Cpu,    ///< an ELF shared object; GEMMs and convolutions call oneDNN
  Vulkan, ///< SPIR-V modules; every op is a generated kernel
};

/// The name `kilnc --target=` takes for `target`.
llvm::StringRef getTargetName(Target target);

struct CompileOptions {
  /// What the artifact holds programs for (one per target, each with its
  /// executable); the stages before the artifact take one target.
  llvm::SmallVector<Target, 2> targets = {Target::Cpu};
  cpu::CpuTargetOptions cpu;
  vulkan::VulkanTargetOptions vulkan;
  std::string producer = "kilnc";
  std::string modelName;
  /// Called as each phase starts (for progress output); may be empty.
  llvm::function_ref<void(llvm::StringRef phase)> onPhase;
  /// Applies command-line pass manager options (timing, IR printing).
  llvm::function_ref<LogicalResult(PassManager &)> configurePassManager;
};

/// Runs the pipelines on `module` (as imported) up to and including `stage`
/// (at most Stage::Kexec) for the options' only target.
LogicalResult lowerToStage(ModuleOp module, Stage stage,
                           const CompileOptions &options,
                           CompileStats *stats = nullptr);

/// Compiles `module` (as imported) into a `.kiln` artifact written to `os`,
/// holding a program for each target. `stats` gets an entry per target.
LogicalResult compileToArtifact(ModuleOp module, const CompileOptions &options,
                                llvm::raw_ostream &os,
                                std::vector<CompileStats> *stats = nullptr);

} // namespace kiln
} // namespace mlir

#endif // KILN_COMPILER_DRIVER_COMPILER_H
