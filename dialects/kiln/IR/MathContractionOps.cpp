// SPDX-License-Identifier: Apache-2.0
//===- MathContractionOps.cpp - inference of ONNX matrix products ---------===//
//
// MatMul, Gemm, Einsum and Det.
//
//===----------------------------------------------------------------------===//

#include "dialects/kiln/IR/KilnOps.h"
#include "dialects/kiln/IR/MathShapeUtils.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferResultTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto lhsType = dyn_cast<TensorType>(adaptor.getA().getType());
  auto rhsType = dyn_cast<TensorType>(adaptor.getB().getType());
  if (!lhsType || !rhsType)
    return emitOptionalError(loc, "matmul operands must be tensors");
  Type elementType = lhsType.getElementType();
  if (!lhsType.hasRank() || !rhsType.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return emitOptionalError(loc, "matmul operands must have rank >= 1, got ",
                             lhsType, " and ", rhsType);

  // Promote 1-D operands to matrices as numpy does: [K] x [K, N] is a row
  // vector times a matrix, [M, K] x [K] a matrix times a column vector.
  SmallVector<int64_t> lhsShape(lhsType.getShape());
  SmallVector<int64_t> rhsShape(rhsType.getShape());
  bool lhsIsVector = lhsShape.size() == 1;
  bool rhsIsVector = rhsShape.size() == 1;
  if (lhsIsVector)
    lhsShape.insert(lhsShape.begin(), 1);
  if (rhsIsVector)
    rhsShape.push_back(1);

  int64_t lhsK = lhsShape.back();
  int64_t rhsK = rhsShape[rhsShape.size() - 2];
  if (!ShapedType::isDynamic(lhsK) && !ShapedType::isDynamic(rhsK) &&
      lhsK != rhsK)
    return emitOptionalError(loc, "matmul contraction dims differ: lhs has ",
                             lhsK, ", rhs has ", rhsK);

  SmallVector<int64_t> resultShape;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef(lhsShape).drop_back(2),
                                          ArrayRef(rhsShape).drop_back(2),
                                          resultShape))
    return emitOptionalError(
        loc, "matmul batch dims do not broadcast: ", lhsType, " and ", rhsType);
  if (!lhsIsVector)
    resultShape.push_back(lhsShape[lhsShape.size() - 2]);
  if (!rhsIsVector)
    resultShape.push_back(rhsShape.back());
  inferred.push_back(RankedTensorType::get(resultShape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Gemm
//===----------------------------------------------------------------------===//

/// The two dims of a Gemm matrix operand (dynamic when unranked), or failure
/// when it is not 2-D.
static FailureOr<std::pair<int64_t, int64_t>> getMatrixDims(TensorType type,
                                                            bool transposed) {
  if (!type.hasRank())
    return std::make_pair(ShapedType::kDynamic, ShapedType::kDynamic);
  if (type.getRank() != 2)
    return failure();
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  return transposed ? std::make_pair(cols, rows) : std::make_pair(rows, cols);
}

LogicalResult GemmOp::inferResultTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto aType = dyn_cast<TensorType>(adaptor.getA().getType());
  auto bType = dyn_cast<TensorType>(adaptor.getB().getType());
  if (!aType || !bType)
    return emitOptionalError(loc, "gemm operands must be tensors");
  auto aDims = getMatrixDims(aType, adaptor.getTransA() != 0);
  auto bDims = getMatrixDims(bType, adaptor.getTransB() != 0);
  if (failed(aDims) || failed(bDims))
    return emitOptionalError(loc, "gemm operands A and B must be 2-D, got ",
                             aType, " and ", bType);
  auto [m, aK] = *aDims;
  auto [bK, n] = *bDims;
  if (!ShapedType::isDynamic(aK) && !ShapedType::isDynamic(bK) && aK != bK)
    return emitOptionalError(loc, "gemm contraction dims differ: A' has ", aK,
                             ", B' has ", bK, " (A is ", aType, ", B is ",
                             bType, ")");

  SmallVector<int64_t> shape = {m, n};
  if (Value c = adaptor.getC()) {
    auto cType = dyn_cast<TensorType>(c.getType());
    if (!cType)
      return emitOptionalError(loc, "gemm operand C must be a tensor");
    if (cType.hasRank()) {
      // C broadcasts to [M, N] and may tell a dim that A and B do not.
      FailureOr<SmallVector<int64_t>> refined =
          broadcastUnidirectionally(cType.getShape(), shape);
      if (failed(refined))
        return emitOptionalError(
            loc, "gemm operand C ", cType, " does not broadcast to the result ",
            RankedTensorType::get(shape, aType.getElementType()));
      shape = std::move(*refined);
    }
  }
  inferred.push_back(RankedTensorType::get(shape, aType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

namespace {
/// One term of an einsum equation: its letters in order and where its
/// ellipsis stands among them.
struct EinsumTerm {
  SmallVector<char> labels;
  /// The number of letters before the ellipsis, if the term has one.
  std::optional<size_t> ellipsis;
};

/// A parsed einsum equation.
struct EinsumEquation {
  SmallVector<EinsumTerm> inputs;
  /// The explicit output (after `->`), if any.
  std::optional<EinsumTerm> output;
};
} // namespace

/// Parses one comma-free term. Spaces are ignored.
static FailureOr<EinsumTerm> parseEinsumTerm(StringRef text,
                                             std::string &error) {
  EinsumTerm term;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ')
      continue;
    if (llvm::isAlpha(c)) {
      term.labels.push_back(c);
      continue;
    }
    if (c == '.' && text.substr(i).starts_with("...")) {
      if (term.ellipsis) {
        error = "a term has more than one ellipsis";
        return failure();
      }
      term.ellipsis = term.labels.size();
      i += 2;
      continue;
    }
    error = (Twine("unexpected character '") + Twine(c) + "'").str();
    return failure();
  }
  return term;
}

static FailureOr<EinsumEquation> parseEinsumEquation(StringRef equation,
                                                     std::string &error) {
  EinsumEquation result;
  auto [lhs, rhs] = equation.split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  for (StringRef text : terms) {
    FailureOr<EinsumTerm> term = parseEinsumTerm(text, error);
    if (failed(term))
      return failure();
    result.inputs.push_back(std::move(*term));
  }
  if (lhs.size() == equation.size())
    return result;

  FailureOr<EinsumTerm> output = parseEinsumTerm(rhs, error);
  if (failed(output))
    return failure();
  for (auto [index, label] : llvm::enumerate(output->labels)) {
    if (llvm::is_contained(ArrayRef(output->labels).take_front(index), label)) {
      error = (Twine("output letter '") + Twine(label) + "' repeats").str();
      return failure();
    }
    if (llvm::none_of(result.inputs, [&](const EinsumTerm &term) {
          return llvm::is_contained(term.labels, label);
        })) {
      error =
          (Twine("output letter '") + Twine(label) + "' is not in any input")
              .str();
      return failure();
    }
  }
  result.output = std::move(*output);
  return result;
}

LogicalResult EinsumOp::inferResultTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "einsum needs at least one input");
  StringRef equation = adaptor.getEquation();
  std::string error;
  FailureOr<EinsumEquation> parsed = parseEinsumEquation(equation, error);
  if (failed(parsed))
    return emitOptionalError(loc, "einsum equation \"", equation,
                             "\" is malformed: ", error);
  if (parsed->inputs.size() != inputs.size())
    return emitOptionalError(loc, "einsum equation \"", equation, "\" has ",
                             parsed->inputs.size(), " input terms for ",
                             inputs.size(), " inputs");

  // The size of each letter: letters broadcast as numpy's einsum does (a
  // size-1 dim stretches), anything else must agree.
  llvm::SmallDenseMap<char, int64_t> labelSizes;
  llvm::SmallDenseMap<char, int64_t> labelCounts;
  SmallVector<int64_t> ellipsisShape;
  bool ellipsisKnown = true;
  Type elementType;
  for (auto [index, input, term] : llvm::enumerate(inputs, parsed->inputs)) {
    auto type = dyn_cast<TensorType>(input.getType());
    if (!type)
      return emitOptionalError(loc, "einsum inputs must be tensors");
    if (!elementType)
      elementType = type.getElementType();
    for (char label : term.labels)
      ++labelCounts[label];

    int64_t numLabels = term.labels.size();
    if (!type.hasRank()) {
      if (term.ellipsis)
        ellipsisKnown = false;
      for (char label : term.labels)
        labelSizes.try_emplace(label, ShapedType::kDynamic);
      continue;
    }
    ArrayRef<int64_t> shape = type.getShape();
    int64_t rank = shape.size();
    if (term.ellipsis ? rank < numLabels : rank != numLabels)
      return emitOptionalError(loc, "einsum input #", index, " ", type,
                               " does not have the rank its term in \"",
                               equation, "\" gives it");

    // Split the shape into the letters' dims and the ellipsis' dims.
    int64_t ellipsisRank = rank - numLabels;
    size_t before = term.ellipsis.value_or(numLabels);
    SmallVector<int64_t> labelDims(shape.take_front(before));
    llvm::append_range(labelDims, shape.drop_front(before + ellipsisRank));
    if (term.ellipsis) {
      SmallVector<int64_t> next;
      if (!OpTrait::util::getBroadcastedShape(
              ellipsisShape, shape.slice(before, ellipsisRank), next))
        return emitOptionalError(loc, "einsum dims under '...' of input #",
                                 index, " ", type,
                                 " do not broadcast with the other inputs'");
      ellipsisShape = std::move(next);
    }
    for (auto [label, dim] : llvm::zip(term.labels, labelDims)) {
      auto [it, inserted] = labelSizes.try_emplace(label, dim);
      if (inserted)
        continue;
      SmallVector<int64_t> merged;
      if (!OpTrait::util::getBroadcastedShape({it->second}, {dim}, merged))
        return emitOptionalError(loc, "einsum letter '", StringRef(&label, 1),
                                 "' has size ", dim, " in input #", index, " ",
                                 type, " but size ", it->second, " elsewhere");
      it->second = merged.front();
    }
  }

  // The output's letters: explicit, or the letters used once, sorted.
  EinsumTerm output;
  if (parsed->output) {
    output = *parsed->output;
    if (!output.ellipsis && ellipsisKnown && !ellipsisShape.empty())
      return emitOptionalError(
          loc, "einsum equation \"", equation,
          "\" drops the dims under '...' from its output; write '...' in "
          "the output");
  } else {
    for (const EinsumTerm &term : parsed->inputs)
      for (char label : term.labels)
        if (labelCounts[label] == 1)
          output.labels.push_back(label);
    llvm::sort(output.labels);
    if (llvm::any_of(parsed->inputs,
                     [](const EinsumTerm &term) { return term.ellipsis; }))
      output.ellipsis = 0;
  }

  if (output.ellipsis && !ellipsisKnown) {
    inferred.push_back(UnrankedTensorType::get(elementType));
    return success();
  }
  SmallVector<int64_t> shape;
  for (auto [index, label] : llvm::enumerate(output.labels)) {
    if (output.ellipsis == index)
      llvm::append_range(shape, ellipsisShape);
    shape.push_back(labelSizes.lookup(label));
  }
  if (output.ellipsis == output.labels.size())
    llvm::append_range(shape, ellipsisShape);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Det
//===----------------------------------------------------------------------===//

LogicalResult DetOp::inferResultTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!type)
    return emitOptionalError(loc, "det operand must be a tensor");
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.size() < 2)
    return emitOptionalError(loc, "det operand must have rank >= 2, got ",
                             type);
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  if (!ShapedType::isDynamic(rows) && !ShapedType::isDynamic(cols) &&
      rows != cols)
    return emitOptionalError(loc, "det operand must hold square matrices, got ",
                             type);
  inferred.push_back(
      RankedTensorType::get(shape.drop_back(2), type.getElementType()));
  return success();
}
