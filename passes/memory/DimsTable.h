// SPDX-License-Identifier: Apache-2.0
//===- DimsTable.h - run-time dims of a host function -----------*- C++ -*-===//
//
// A host function's dims table: index arithmetic over input dims (and the
// values of integer "shape inputs") that the runtime evaluates when a run
// starts (`DimExpr` in runtime/schema/kiln.fbs). `kiln-resolve-dims` builds it, memory planning
// adds buffer sizes, the serializer writes it out. Entries are hash-consed
// and constant-folded, so asking twice for the same expression is free.
//
// Sizes follow the artifact's convention: a value >= 0 is a constant, a
// value < 0 refers to entry -v - 1.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_MEMORY_DIMSTABLE_H
#define KILN_PASSES_MEMORY_DIMSTABLE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/DenseMap.h"

#include <tuple>

namespace mlir::kiln {

/// Function attribute holding the table: [op, a, b] per entry, flattened.
inline constexpr llvm::StringLiteral kDimsTableAttrName = "kexec.dims_table";
/// Op attribute: one array of Sizes per tensor result (with dynamic dims).
inline constexpr llvm::StringLiteral kShapesAttrName = "kexec.shapes";

class DimsTable {
public:
  /// The entry ops, numbered as the artifact's DimOp.
  enum class Op : int64_t {
    Const,    // a
    InputDim, // dim b of input a
    Add,
    Sub,
    Mul,
    FloorDiv,
    CeilDiv,
    Min,
    Max,
    Div, // rounded toward zero
    Rem, // the sign of the dividend
    Eq,  // 1 or 0
    Lt,
    Le,
    InputValue, // element b (row-major) of integer input a
  };
  struct Entry {
    Op op;
    int64_t a, b;
  };

  /// The table stored on `func`, or an empty one.
  static FailureOr<DimsTable> load(func::FuncOp func);
  void store(func::FuncOp func) const;

  ArrayRef<Entry> getEntries() const { return entries; }

  /// Entries (indices into the table).
  int64_t getConstant(int64_t value);
  int64_t getInputDim(unsigned input, unsigned dim);
  int64_t getInputValue(unsigned input, int64_t element);
  int64_t get(Op op, int64_t a, int64_t b);
  /// c ? x : y, for c in {0, 1}.
  int64_t getSelect(int64_t c, int64_t x, int64_t y);
  /// The product of `entries` (1 when empty).
  int64_t getProduct(ArrayRef<int64_t> factors);

  /// The entry's value when it is known at compile time.
  std::optional<int64_t> getConstantValue(int64_t entry) const;

  /// The Size naming `entry`: its value when constant and >= 0.
  int64_t toSize(int64_t entry) const;
  /// The entry a Size names (constants get an entry).
  int64_t fromSize(int64_t size);

private:
  int64_t append(Op op, int64_t a, int64_t b);
  /// Whether the entry is known to be >= 0 (dims and what they build).
  bool isNonNegative(int64_t entry) const;

  SmallVector<Entry> entries;
  DenseMap<std::tuple<int64_t, int64_t, int64_t>, int64_t> index;
};

/// The Sizes of `value`'s dims: static dims, the input dims of a function
/// argument, or the `kexec.shapes` that `kiln-resolve-dims` recorded on the
/// value's producer (copies take their source's).
FailureOr<SmallVector<int64_t>> getShapeSizes(Value value, DimsTable &table);

/// The Size of `value`'s bytes (a byte per bool).
FailureOr<int64_t> getByteSize(Value value, DimsTable &table);

} // namespace mlir::kiln

#endif // KILN_PASSES_MEMORY_DIMSTABLE_H
