// SPDX-License-Identifier: Apache-2.0
//===- ArtifactWriter.h - write a planned kexec module as .kiln -*- C++ -*-===//

#ifndef KILN_COMPILER_SERIALIZER_ARTIFACTWRITER_H
#define KILN_COMPILER_SERIALIZER_ARTIFACTWRITER_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::kiln {

/// One target's compiled kernels, in the order dispatches name them.
struct ExecutableBlob {
  std::string target; ///< LLVM triple (x86_64-unknown-linux-gnu) or "vulkan"
  std::string cpu;    ///< e.g. znver5; empty for GPUs
  std::string format; ///< elf-so or spirv
  std::vector<char> object;
  /// One entry per kernel.
  struct Kernel {
    std::string name;
    /// SPIR-V: the storage buffers it binds and its module's bytes in
    /// `object`.
    uint32_t bindings = 0;
    uint64_t codeOffset = 0;
    uint64_t codeSize = 0;
    /// SPIR-V: bytes of each scratch buffer bound after the dispatch's.
    std::vector<int64_t> scratchBytes;
  };
  std::vector<Kernel> kernels;
  /// What the device must have: CPU features, SPIR-V capabilities.
  std::vector<std::string> features;
};

/// One target's program: planned host functions (kiln-plan-memory has run)
/// and the executable their dispatches run.
struct TargetProgram {
  ModuleOp module;
  ExecutableBlob executable;
};

/// What identifies the model in the artifact.
struct ArtifactInfo {
  std::string producer;
  std::string modelName;
};

/// Bumped whenever a reader of the previous version could misread a new
/// artifact; readers reject newer versions.
constexpr uint32_t kArtifactFormatVersion = 4;

/// Writes the `.kiln` artifact of `programs`: each one's host functions
/// (bound to its executable), their weights (identical bytes stored once),
/// and the executables. Reports errors at the offending op.
LogicalResult writeArtifact(ArrayRef<TargetProgram> programs,
                            const ArtifactInfo &info, llvm::raw_ostream &os);

} // namespace mlir::kiln

#endif // KILN_COMPILER_SERIALIZER_ARTIFACTWRITER_H
