// SPDX-License-Identifier: Apache-2.0
//===- ShapeUtils.h - helpers for kiln ops' type inference ------*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_IR_SHAPEUTILS_H
#define KILN_DIALECT_KILN_IR_SHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"

#include <optional>

namespace mlir::kiln {

/// Folders that compute new constants stop above this many result elements
/// by default, so that canonicalization never materializes large tensors.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// The most result elements a folder may compute on this thread:
/// kMaxFoldedElements unless a FoldElementLimit is in scope.
int64_t getFoldElementLimit();

/// Sets the fold element limit of this thread while in scope
/// (kiln-fold-constants raises it for its own run).
class FoldElementLimit {
public:
  explicit FoldElementLimit(int64_t limit);
  ~FoldElementLimit();
  FoldElementLimit(const FoldElementLimit &) = delete;
  FoldElementLimit &operator=(const FoldElementLimit &) = delete;

private:
  int64_t previous;
};

/// Resolves an ONNX axis in [-rank, rank) to [0, rank); failure when out of
/// range. Reports nothing: callers word the error for their op.
FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// The integers held by `value` when a constant defines it (kiln.constant or
/// any other constant-like op holding dense integers).
std::optional<SmallVector<int64_t>> getConstantIntegers(Value value);

/// A tensor type of `shape` (or unranked, when `shape` is std::nullopt) with
/// `elementType`.
TensorType getTensorType(std::optional<ArrayRef<int64_t>> shape,
                         Type elementType);

/// Refines `type` with what `inferred` knows: for each dim, the static size
/// either one has; sequences and optionals refine their element types.
/// Returns null when the two contradict each other.
Type refineType(Type type, Type inferred);

/// The tensor type of operand `value`; reports "<what> must be a tensor"
/// (when `loc` is given) and fails otherwise.
FailureOr<TensorType> getOperandType(std::optional<Location> loc, Value value,
                                     StringRef what);

/// Dim `index` of `type`: dynamic when `type` is unranked or has no such dim.
int64_t getDim(Type type, int64_t index);

/// Merges what `dim` says about a dim into `known`: fails when both are
/// static and differ.
LogicalResult mergeDim(int64_t &known, int64_t dim);

/// The rank of `type` (or of `value`'s type) if it is a ranked tensor;
/// std::nullopt for unranked tensors, other types and null.
std::optional<int64_t> getRank(Type type);
std::optional<int64_t> getRank(Value value);

/// Checks that `value` (if present and ranked) has as many dims as `dims`
/// and merges its dims into them (one reference per dim); reports
/// "<opName> <name> ..." otherwise.
LogicalResult matchShape(std::optional<Location> loc, StringRef opName,
                         StringRef name, Value value, ArrayRef<int64_t *> dims);

/// The static type of a fold's result when it may hold a constant (static
/// shape, within the fold element limit), else null.
RankedTensorType getFoldableType(Type type);

/// Verifies that the flag attribute `name` of `op` is 0 or 1.
LogicalResult verifyFlag(Operation *op, StringRef name, int64_t value);

/// Whether `a` and `b` agree: the same kind of value and element type, with
/// compatible shapes (refineType does not fail).
bool areCompatibleTypes(Type a, Type b);

/// The most refined type that both `a` and `b` are instances of: dims that
/// differ become dynamic, differing ranks give an unranked tensor; sequences
/// and optionals join their element types, and a value joins an optional of
/// its kind into that optional. Null when the element types or kinds of
/// value differ.
Type joinTypes(Type a, Type b);

/// The shape of `type` if it is a ranked tensor, else std::nullopt.
std::optional<ArrayRef<int64_t>> getShape(Type type);

} // namespace mlir::kiln

#endif // KILN_DIALECT_KILN_IR_SHAPEUTILS_H
