// SPDX-License-Identifier: Apache-2.0
//===- CpuTarget.h - kernels on tensors to an ELF shared object -*- C++ -*-===//
//
// The CPU target of kilnc: compiles a module of kernels (func.func on
// tensors, one per dispatch) ahead of time, in process, into one ELF shared
// object that exports each kernel with the ABI of runtime/hal/kernel_abi.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TARGETS_CPU_CPUTARGET_H
#define KILN_COMPILER_TARGETS_CPU_CPUTARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mlir::kiln::cpu {

struct CpuTargetOptions {
  /// LLVM target triple; empty for the host's.
  std::string triple;
  /// LLVM CPU name (e.g. "znver5"); empty for the host's when compiling for
  /// the host, "generic" otherwise.
  std::string cpu;
  /// LLVM feature string (e.g. "+avx512f,+fma"); empty for the host's when
  /// compiling for the host.
  std::string features;
  /// LLVM optimization level, 0 to 3.
  unsigned optLevel = 3;
};

struct CpuKernelInfo {
  /// The exported symbol: the kernel function's name.
  std::string symbol;
  /// The fixed grid the kernel is dispatched over (x, y, z).
  std::array<int64_t, 3> workgroupCount = {1, 1, 1};
};

struct CpuExecutable {
  /// The triple and CPU the object was compiled for.
  std::string triple, cpu;
  /// The ELF shared object.
  std::vector<char> object;
  /// The CPU features its code may use that not every CPU of its
  /// architecture has (x86: GCC's __builtin_cpu_supports names).
  std::vector<std::string> features;
  /// One entry per kernel, in the module's order.
  std::vector<CpuKernelInfo> kernels;
};

/// Compiles every public func.func of `kernels` (left unchanged) into one
/// shared object. Kernels take and return ranked tensors; bindings are the
/// arguments in order, then the results; dynamic dims are read from the
/// dims table at the indices given by `kexec.dims` argument/result
/// attributes. On failure, reports one error naming the kernel through the
/// context's diagnostic handler.
FailureOr<CpuExecutable> compileCpuExecutable(ModuleOp kernels,
                                              const CpuTargetOptions &options);

} // namespace mlir::kiln::cpu

#endif // KILN_COMPILER_TARGETS_CPU_CPUTARGET_H
