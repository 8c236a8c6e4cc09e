// SPDX-License-Identifier: Apache-2.0
//===- KernelUtils.h - shared helpers of the CPU code generator -*- C++ -*-===//

#ifndef KILN_COMPILER_TARGETS_CPU_KERNELUTILS_H
#define KILN_COMPILER_TARGETS_CPU_KERNELUTILS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include <string>

namespace mlir::kiln::cpu {

/// Kernels are the public functions with a body; helpers the pipeline adds
/// are private.
bool isKernel(func::FuncOp func);

/// The output arguments of a kernel in destination-passing form, in result
/// order.
SmallVector<BlockArgument> getOutputArguments(func::FuncOp func);

/// Whether `func` already has its three workgroup-id arguments.
bool hasWorkgroupIdArguments(func::FuncOp func);

/// The single `func.return` of a single-block function, or null.
func::ReturnOp getSingleReturn(func::FuncOp func);

/// Vector lanes of `elementType` in a register of `vectorBits` bits (at
/// least 1; 8-bit and narrower types use as many lanes as 16-bit ones).
int64_t getVectorLanes(Type elementType, unsigned vectorBits);

/// An error diagnostic raised while compiling kernel `kernel`, as one line
/// without a "kernel 'name': " prefix (the caller adds it), naming the op
/// it is about when the message does not.
std::string describeKernelError(Diagnostic &diag, StringRef kernel);

} // namespace mlir::kiln::cpu

#endif // KILN_COMPILER_TARGETS_CPU_KERNELUTILS_H
