// SPDX-License-Identifier: Apache-2.0
//===- CpuBackend.h - LLVM code generation and linking ---------*- C++ -*-===//
//
// The parts of the CPU target after the MLIR pipeline: a target machine for
// the requested triple/CPU, O3 optimization and object emission, and the
// in-process lld link into a shared object.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TARGETS_CPU_CPUBACKEND_H
#define KILN_COMPILER_TARGETS_CPU_CPUBACKEND_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::kiln::cpu {

/// The resolved target: triple, CPU and features, with its machine.
struct CpuTargetMachine {
  std::string triple, cpu, features;
  /// Whether the target is the machine running the compiler (then its libc
  /// and libm are linked and undefined symbols are errors).
  bool isHost = false;
  /// Widest vector register in bits (512 with AVX-512).
  unsigned vectorBits = 128;
  bool hasAvx512 = false;
  std::unique_ptr<llvm::TargetMachine> machine;
};

/// Resolves empty fields to the host's and creates the machine.
llvm::Expected<CpuTargetMachine>
createCpuTargetMachine(llvm::StringRef triple, llvm::StringRef cpu,
                       llvm::StringRef features, unsigned optLevel);

/// Marks every defined symbol but `exported` internal, sets the target's
/// attributes on functions, optimizes and emits an ELF object.
llvm::Expected<llvm::SmallVector<char, 0>>
emitObject(llvm::Module &module, const CpuTargetMachine &target,
           llvm::ArrayRef<std::string> exported, unsigned optLevel);

/// Links `object` into a shared object exporting only `exported`, with lld
/// in process (temporary files in a private directory, always removed).
llvm::Expected<std::vector<char>>
linkSharedObject(llvm::ArrayRef<char> object, const CpuTargetMachine &target,
                 llvm::ArrayRef<std::string> exported);

} // namespace mlir::kiln::cpu

#endif // KILN_COMPILER_TARGETS_CPU_CPUBACKEND_H
