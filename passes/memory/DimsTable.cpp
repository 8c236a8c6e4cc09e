// SPDX-License-Identifier: Apache-2.0
//===- DimsTable.cpp - run-time dims of a host function -------------------===//

#include "passes/memory/DimsTable.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/IR/Builders.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::kiln;

using DimOp = DimsTable::Op;

FailureOr<DimsTable> DimsTable::load(func::FuncOp func) {
  DimsTable table;
  auto attr = func->getAttrOfType<DenseI64ArrayAttr>(kDimsTableAttrName);
  if (!attr)
    return table;
  ArrayRef<int64_t> flat = attr.asArrayRef();
  if (flat.size() % 3 != 0)
    return func.emitError("malformed '") << kDimsTableAttrName << "'";
  for (size_t i = 0; i < flat.size(); i += 3) {
    if (flat[i] < 0 || flat[i] > int64_t(DimOp::InputValue))
      return func.emitError("'") << kDimsTableAttrName << "' entry " << i / 3
                                 << " has unknown op " << flat[i];
    table.append(DimOp(flat[i]), flat[i + 1], flat[i + 2]);
  }
  return table;
}

void DimsTable::store(func::FuncOp func) const {
  SmallVector<int64_t> flat;
  for (const Entry &entry : entries)
    llvm::append_values(flat, int64_t(entry.op), entry.a, entry.b);
  func->setAttr(kDimsTableAttrName,
                DenseI64ArrayAttr::get(func.getContext(), flat));
}

int64_t DimsTable::append(DimOp op, int64_t a, int64_t b) {
  auto key = std::make_tuple(int64_t(op), a, b);
  auto [it, inserted] = index.try_emplace(key, entries.size());
  if (inserted)
    entries.push_back({op, a, b});
  return it->second;
}

int64_t DimsTable::getConstant(int64_t value) {
  return append(DimOp::Const, value, 0);
}

int64_t DimsTable::getInputDim(unsigned input, unsigned dim) {
  return append(DimOp::InputDim, input, dim);
}

int64_t DimsTable::getInputValue(unsigned input, int64_t element) {
  return append(DimOp::InputValue, input, element);
}

std::optional<int64_t> DimsTable::getConstantValue(int64_t entry) const {
  if (entries[entry].op == DimOp::Const)
    return entries[entry].a;
  return std::nullopt;
}

bool DimsTable::isNonNegative(int64_t entry) const {
  const Entry &e = entries[entry];
  switch (e.op) {
  case DimOp::Const:
    return e.a >= 0;
  case DimOp::InputDim:
  case DimOp::Eq:
  case DimOp::Lt:
  case DimOp::Le:
    return true;
  case DimOp::Add:
  case DimOp::Mul:
  case DimOp::FloorDiv:
  case DimOp::CeilDiv:
  case DimOp::Div:
  case DimOp::Min:
    return isNonNegative(e.a) && isNonNegative(e.b);
  case DimOp::Max:
    return isNonNegative(e.a) || isNonNegative(e.b);
  case DimOp::Rem:
    return isNonNegative(e.a);
  case DimOp::Sub:
  case DimOp::InputValue:
    return false;
  }
  return false;
}

/// `op` on constants, when it is defined.
static std::optional<int64_t> foldDimOp(DimOp op, int64_t x, int64_t y) {
  int64_t result;
  switch (op) {
  case DimOp::Add:
    return __builtin_add_overflow(x, y, &result) ? std::nullopt
                                                 : std::optional(result);
  case DimOp::Sub:
    return __builtin_sub_overflow(x, y, &result) ? std::nullopt
                                                 : std::optional(result);
  case DimOp::Mul:
    return __builtin_mul_overflow(x, y, &result) ? std::nullopt
                                                 : std::optional(result);
  case DimOp::FloorDiv:
  case DimOp::CeilDiv:
  case DimOp::Div:
  case DimOp::Rem:
    if (y == 0 || (x == INT64_MIN && y == -1))
      return std::nullopt;
    if (op == DimOp::Div)
      return x / y;
    if (op == DimOp::Rem)
      return x % y;
    return op == DimOp::FloorDiv ? llvm::divideFloorSigned(x, y)
                                 : llvm::divideCeilSigned(x, y);
  case DimOp::Min:
    return std::min(x, y);
  case DimOp::Max:
    return std::max(x, y);
  case DimOp::Eq:
    return x == y;
  case DimOp::Lt:
    return x < y;
  case DimOp::Le:
    return x <= y;
  default:
    return std::nullopt;
  }
}

int64_t DimsTable::get(DimOp op, int64_t a, int64_t b) {
  std::optional<int64_t> x = getConstantValue(a), y = getConstantValue(b);
  if (x && y)
    if (std::optional<int64_t> value = foldDimOp(op, *x, *y))
      return getConstant(*value);
  // Identities, and comparisons that dims (>= 0) settle.
  switch (op) {
  case DimOp::Add:
    if (x == 0)
      return b;
    if (y == 0)
      return a;
    break;
  case DimOp::Sub:
    if (y == 0)
      return a;
    if (a == b)
      return getConstant(0);
    break;
  case DimOp::Mul:
    if (x == 1)
      return b;
    if (y == 1)
      return a;
    if (x == 0 || y == 0)
      return getConstant(0);
    break;
  case DimOp::FloorDiv:
  case DimOp::CeilDiv:
  case DimOp::Div:
    if (y == 1)
      return a;
    break;
  case DimOp::Min:
  case DimOp::Max:
    if (a == b)
      return a;
    break;
  case DimOp::Eq:
    if (a == b)
      return getConstant(1);
    if ((y && *y < 0 && isNonNegative(a)) || (x && *x < 0 && isNonNegative(b)))
      return getConstant(0);
    break;
  case DimOp::Lt:
    if (a == b || (y && *y <= 0 && isNonNegative(a)))
      return getConstant(0);
    if (x && *x < 0 && isNonNegative(b))
      return getConstant(1);
    break;
  case DimOp::Le:
    if (a == b || (x && *x <= 0 && isNonNegative(b)))
      return getConstant(1);
    if (y && *y < 0 && isNonNegative(a))
      return getConstant(0);
    break;
  default:
    break;
  }
  return append(op, a, b);
}

int64_t DimsTable::getSelect(int64_t c, int64_t x, int64_t y) {
  if (std::optional<int64_t> condition = getConstantValue(c))
    return *condition ? x : y;
  if (x == y)
    return x;
  return get(DimOp::Add, y, get(DimOp::Mul, c, get(DimOp::Sub, x, y)));
}

int64_t DimsTable::getProduct(ArrayRef<int64_t> factors) {
  if (factors.empty())
    return getConstant(1);
  int64_t product = factors.front();
  for (int64_t factor : factors.drop_front())
    product = get(DimOp::Mul, product, factor);
  return product;
}

int64_t DimsTable::toSize(int64_t entry) const {
  std::optional<int64_t> value = getConstantValue(entry);
  if (value && *value >= 0)
    return *value;
  return -entry - 1;
}

int64_t DimsTable::fromSize(int64_t size) {
  return size >= 0 ? getConstant(size) : -size - 1;
}

FailureOr<SmallVector<int64_t>> mlir::kiln::getShapeSizes(Value value,
                                                          DimsTable &table) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.hasStaticShape())
    return llvm::to_vector(type.getShape());
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    SmallVector<int64_t> sizes;
    for (auto [dim, size] : llvm::enumerate(type.getShape()))
      sizes.push_back(
          ShapedType::isDynamic(size)
              ? table.toSize(table.getInputDim(argument.getArgNumber(), dim))
              : size);
    return sizes;
  }
  Operation *def = value.getDefiningOp();
  if (auto copy = dyn_cast<kexec::CopyOp>(def))
    return getShapeSizes(copy.getSource(), table);
  auto shapes = def->getAttrOfType<ArrayAttr>(kShapesAttrName);
  unsigned result = cast<OpResult>(value).getResultNumber();
  if (!shapes || shapes.size() <= result)
    return def->emitError("has no resolved dims (run kiln-resolve-dims)");
  auto sizes = dyn_cast<DenseI64ArrayAttr>(shapes[result]);
  if (!sizes || sizes.size() != type.getRank())
    return def->emitError("malformed '") << kShapesAttrName << "'";
  return llvm::to_vector(sizes.asArrayRef());
}

FailureOr<int64_t> mlir::kiln::getByteSize(Value value, DimsTable &table) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t elementBytes = llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  if (type.hasStaticShape())
    return type.getNumElements() * elementBytes;
  FailureOr<SmallVector<int64_t>> sizes = getShapeSizes(value, table);
  if (failed(sizes))
    return failure();
  // The static factors first, as one constant.
  int64_t constant = elementBytes;
  SmallVector<int64_t> factors;
  for (int64_t size : *sizes) {
    if (size >= 0)
      constant *= size;
    else
      factors.push_back(table.fromSize(size));
  }
  factors.push_back(table.getConstant(constant));
  return table.toSize(table.getProduct(factors));
}
