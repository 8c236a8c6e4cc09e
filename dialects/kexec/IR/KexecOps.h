// SPDX-License-Identifier: Apache-2.0
//===- KexecOps.h - ops and attributes of the kexec dialect -----*- C++ -*-===//

#ifndef KILN_DIALECT_KEXEC_IR_KEXECOPS_H
#define KILN_DIALECT_KEXEC_IR_KEXECOPS_H

#include "dialects/kexec/IR/KexecDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/kexec/IR/KexecEnums.h.inc"

namespace mlir::kexec {
/// Parses an f32 attribute parameter (a plain number).
FailureOr<llvm::APFloat> parseF32(AsmParser &parser);
} // namespace mlir::kexec

#define GET_ATTRDEF_CLASSES
#include "dialects/kexec/IR/KexecAttrs.h.inc"

#define GET_OP_CLASSES
#include "dialects/kexec/IR/KexecOps.h.inc"

namespace mlir::kexec {

/// Whether `value` is a tensor laid out channels-last
/// (`#kexec.channels_last` encoding).
inline bool isChannelsLast(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa_and_nonnull<ChannelsLastAttr>(type.getEncoding());
}

/// The order in memory of a channels-last tensor's dims, outermost first:
/// 0, 2, ..., rank - 1, then 1 (N, the spatial dims, C).
SmallVector<int64_t> getChannelsLastOrder(int64_t rank);

/// The row-major type whose bytes `type` describes: a channels-last
/// tensor's dims in memory order, without the encoding; any other type
/// itself. Kernels see their operands this way.
Type getStorageType(Type type);

/// The ONNX node name a location carries (the importer's NameLoc, possibly
/// inside a FusedLoc), or "".
StringRef getNodeName(Location loc);

/// The attribute memory planning puts on an op: one place per result.
inline constexpr char kPlacesAttrName[] = "kexec.places";
/// The function attribute holding the planned arena size in bytes.
inline constexpr char kArenaSizeAttrName[] = "kexec.arena_size";
/// The function attribute listing the arena buffers, one
/// `array<i64: size, offset, first command, last command>` each; places in
/// the arena name their buffer by index.
inline constexpr char kArenaBuffersAttrName[] = "kexec.arena_buffers";
/// The function attribute listing the conditions a run must meet, one
/// `[dims table entry, message]` pair each (kiln-resolve-dims makes them
/// from `cf.assert`s on the host).
inline constexpr char kChecksAttrName[] = "kexec.checks";
/// The module attribute marking the nested module that holds kernels.
inline constexpr char kKernelModuleAttrName[] = "kexec.kernels";
/// On a kernel's tensor argument or result: for each dim, the index of its
/// value in the host function's dims table, or -1 for a static dim.
inline constexpr char kDimsAttrName[] = "kexec.dims";
/// On a kernel's index (or integer) argument: the index of its value in the
/// dims table; the kernel ABI loads it from there.
inline constexpr char kDimAttrName[] = "kexec.dim";

} // namespace mlir::kexec

#endif // KILN_DIALECT_KEXEC_IR_KEXECOPS_H
