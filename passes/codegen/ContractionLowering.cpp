// SPDX-License-Identifier: Apache-2.0
//===- ContractionLowering.cpp - ONNX MatMul, Gemm, Einsum to linalg -----===//
//
// MatMul picks a named op where the shapes allow: linalg.matmul for 2-D x
// 2-D and for N-D x 2-D (the batch dims of A folded into M with
// tensor.collapse_shape), linalg.batch_matmul for equal batch dims, and a
// linalg.generic contraction otherwise (broadcast batch dims, 1-D
// operands). Gemm is a linalg.matmul whose indexing maps absorb transA and
// transB; C seeds the accumulator when alpha is 1. f16 and bf16 accumulate
// in f32 and round the result once. Einsum is one
// linalg.generic built from its equation, '...' expanded into placeholder
// letters (numpy broadcasting: a dim of 1 reads index 0).
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// A zero-filled destination of `type` with `sizes`.
Value createZeros(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<OpFoldResult> sizes) {
  return createFilled(b, loc, type, sizes,
                      createConstant(b, loc, type.getElementType(), 0));
}

/// The type a contraction accumulates in: f32 for f16 and bf16 (as
/// onnxruntime does; rounding every partial sum to 11 bits loses more than
/// f16's precision), else the result's.
RankedTensorType getAccumulatorType(RankedTensorType type) {
  Type element = type.getElementType();
  if (isa<FloatType>(element) && element.getIntOrFloatBitWidth() < 32)
    return type.clone(Float32Type::get(type.getContext()));
  return type;
}

/// `value` converted elementwise to `type`'s element type (the result of
/// a contraction accumulated in a wider type), or `value` as is.
Value roundToType(OpBuilder &b, Location loc, Value value,
                  RankedTensorType type) {
  Type element = type.getElementType();
  if (getElementTypeOrSelf(value.getType()) == element)
    return value;
  return buildMapped(b, loc, value, {}, element,
                     [&](OpBuilder &nb, Location nloc, ValueRange args) {
                       return convertScalar(nb, nloc, args[0], element, false,
                                            false);
                     });
}

/// The multiply-accumulate body of a contraction: acc + x * y, the factors
/// extended to the accumulator's type first.
Value multiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Type type = args.back().getType();
  Value product = nullptr;
  for (Value arg : args.drop_back()) {
    if (arg.getType() != type)
      arg = convertScalar(b, loc, arg, type, false, false);
    product = product ? createMul(b, loc, product, arg) : arg;
  }
  return createAdd(b, loc, args.back(), product);
}

/// A general matmul with numpy semantics as one linalg.generic: loops over
/// the result's batch dims, then m (when A is not 1-D), n (when B is not
/// 1-D), then k.
Value buildGenericMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         RankedTensorType resultType) {
  MLIRContext *context = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  bool hasM = lhsType.getRank() >= 2, hasN = rhsType.getRank() >= 2;
  int64_t batchRank = std::max(lhsType.getRank() - 2, rhsType.getRank() - 2);
  batchRank = std::max<int64_t>(batchRank, 0);
  int64_t loops = batchRank + hasM + hasN + 1;
  int64_t mDim = batchRank, nDim = batchRank + hasM, kDim = loops - 1;
  SmallVector<int64_t> batchShape(resultType.getShape().take_front(batchRank));

  auto operandMap = [&](RankedTensorType type, bool isLhs) {
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> exprs;
    if (rank >= 2) {
      // Batch dims align at the back of the result's batch dims.
      ArrayRef<int64_t> batch = type.getShape().drop_back(2);
      AffineMap batchMap = getBroadcastMap(batch, batchShape, context);
      for (AffineExpr expr : batchMap.getResults())
        exprs.push_back(expr);
    }
    if (isLhs) {
      if (rank >= 2)
        exprs.push_back(getAffineDimExpr(mDim, context));
      exprs.push_back(getAffineDimExpr(kDim, context));
    } else {
      exprs.push_back(getAffineDimExpr(kDim, context));
      if (rank >= 2)
        exprs.push_back(getAffineDimExpr(nDim, context));
    }
    return AffineMap::get(loops, 0, exprs, context);
  };
  SmallVector<AffineExpr> outExprs;
  for (int64_t dim = 0; dim < batchRank; ++dim)
    outExprs.push_back(getAffineDimExpr(dim, context));
  if (hasM)
    outExprs.push_back(getAffineDimExpr(mDim, context));
  if (hasN)
    outExprs.push_back(getAffineDimExpr(nDim, context));

  // Result sizes: batch dims from the operands, M from A, N from B.
  SmallVector<OpFoldResult> sizes;
  SmallVector<OpFoldResult> lhsSizes = getSizes(b, loc, lhs);
  SmallVector<OpFoldResult> rhsSizes = getSizes(b, loc, rhs);
  for (int64_t dim = 0; dim < batchRank; ++dim) {
    if (!resultType.isDynamicDim(dim)) {
      sizes.push_back(b.getIndexAttr(resultType.getDimSize(dim)));
      continue;
    }
    OpFoldResult size = b.getIndexAttr(1);
    for (auto [type, operandSizes] : {std::make_pair(lhsType, lhsSizes),
                                      std::make_pair(rhsType, rhsSizes)}) {
      int64_t index = dim - (batchRank - (type.getRank() - 2));
      if (type.getRank() >= 2 && index >= 0 && type.getDimSize(index) != 1) {
        size = operandSizes[index];
        break;
      }
    }
    sizes.push_back(size);
  }
  if (hasM)
    sizes.push_back(lhsSizes[lhsType.getRank() - 2]);
  if (hasN)
    sizes.push_back(rhsSizes.back());
  Value init = createZeros(b, loc, resultType, sizes);
  SmallVector<utils::IteratorType> iterators(loops,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  return buildGeneric(b, loc, {lhs, rhs},
                      {operandMap(lhsType, true), operandMap(rhsType, false)},
                      AffineMap::get(loops, 0, outExprs, context), init,
                      iterators, multiplyAccumulate);
}

/// Whether the batch dims of `lhs` and `rhs` (both of rank >= 3, the same
/// rank) are equal: static and the same, or dynamic on either side.
bool haveSameBatch(RankedTensorType lhs, RankedTensorType rhs) {
  if (lhs.getRank() != rhs.getRank())
    return false;
  for (int64_t dim = 0; dim + 2 < lhs.getRank(); ++dim) {
    int64_t l = lhs.getDimSize(dim), r = rhs.getDimSize(dim);
    if (ShapedType::isDynamic(l) || ShapedType::isDynamic(r)) {
      // A dynamic dim against a static 1 may broadcast: not the same.
      if (l == 1 || r == 1)
        return false;
      continue;
    }
    if (l != r)
      return false;
  }
  return true;
}

/// Collapses dims [0, count) of `value` into one.
Value collapseLeading(OpBuilder &b, Location loc, Value value, int64_t count) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices first;
  for (int64_t dim = 0; dim < count; ++dim)
    first.push_back(dim);
  groups.push_back(first);
  for (int64_t dim = count; dim < type.getRank(); ++dim)
    groups.push_back({dim});
  RankedTensorType collapsedType =
      tensor::CollapseShapeOp::inferCollapsedType(type, groups);
  return tensor::CollapseShapeOp::create(b, loc, collapsedType, value, groups);
}

} // namespace

Value mlir::kiln::buildMatMul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              RankedTensorType resultType) {
  RankedTensorType accumulatorType = getAccumulatorType(resultType);
  if (accumulatorType != resultType)
    return roundToType(b, loc, buildMatMul(b, loc, lhs, rhs, accumulatorType),
                       resultType);
  auto lhsType = getRankedType(lhs), rhsType = getRankedType(rhs);
  int64_t lhsRank = lhsType.getRank(), rhsRank = rhsType.getRank();
  Value result;
  if (lhsRank == 2 && rhsRank == 2) {
    Value init =
        createZeros(b, loc, resultType,
                    {getSizes(b, loc, lhs)[0], getSizes(b, loc, rhs)[1]});
    result = linalg::MatmulOp::create(b, loc, TypeRange{resultType},
                                      ValueRange{lhs, rhs}, ValueRange{init})
                 .getResult(0);
  } else if (lhsRank > 2 && rhsRank == 2) {
    // Fold A's batch dims into M: [B..., M, K] -> [B*M, K].
    SmallVector<OpFoldResult> lhsSizes = getSizes(b, loc, lhs);
    Value flat = collapseLeading(b, loc, lhs, lhsRank - 1);
    auto flatType = getRankedType(flat);
    OpFoldResult n = getSizes(b, loc, rhs)[1];
    auto productType =
        RankedTensorType::get({flatType.getDimSize(0), rhsType.getDimSize(1)},
                              resultType.getElementType());
    Value init =
        createZeros(b, loc, productType, {getSizes(b, loc, flat)[0], n});
    Value product =
        linalg::MatmulOp::create(b, loc, TypeRange{productType},
                                 ValueRange{flat, rhs}, ValueRange{init})
            .getResult(0);
    SmallVector<ReassociationIndices> groups(1);
    for (int64_t dim = 0; dim < lhsRank - 1; ++dim)
      groups.front().push_back(dim);
    groups.push_back({lhsRank - 1});
    SmallVector<OpFoldResult> sizes(
        ArrayRef<OpFoldResult>(lhsSizes).drop_back());
    sizes.push_back(n);
    result = expandShape(b, loc, resultType, product, groups, sizes);
  } else if (lhsRank >= 3 && haveSameBatch(lhsType, rhsType)) {
    // Equal batch dims: one batch dim for linalg.batch_matmul.
    SmallVector<OpFoldResult> lhsSizes = getSizes(b, loc, lhs);
    SmallVector<OpFoldResult> rhsSizes = getSizes(b, loc, rhs);
    Value lhs3 = collapseLeading(b, loc, lhs, lhsRank - 2);
    Value rhs3 = collapseLeading(b, loc, rhs, rhsRank - 2);
    auto lhs3Type = getRankedType(lhs3), rhs3Type = getRankedType(rhs3);
    int64_t batch = lhs3Type.getDimSize(0);
    if (ShapedType::isDynamic(batch))
      batch = rhs3Type.getDimSize(0);
    auto productType = RankedTensorType::get(
        {batch, lhs3Type.getDimSize(1), rhs3Type.getDimSize(2)},
        resultType.getElementType());
    OpFoldResult batchSize = getSizes(b, loc, lhs3)[0];
    Value init =
        createZeros(b, loc, productType,
                    {batchSize, lhsSizes[lhsRank - 2], rhsSizes[rhsRank - 1]});
    Value product =
        linalg::BatchMatmulOp::create(b, loc, TypeRange{productType},
                                      ValueRange{lhs3, rhs3}, ValueRange{init})
            .getResult(0);
    if (lhsRank == 3) {
      result = castToType(b, loc, product, resultType);
    } else {
      SmallVector<ReassociationIndices> groups(1);
      for (int64_t dim = 0; dim < lhsRank - 2; ++dim)
        groups.front().push_back(dim);
      groups.push_back({lhsRank - 2});
      groups.push_back({lhsRank - 1});
      SmallVector<OpFoldResult> sizes(
          ArrayRef<OpFoldResult>(lhsSizes).drop_back(1));
      sizes.push_back(rhsSizes.back());
      for (int64_t dim = 0; dim + 2 < lhsRank; ++dim)
        if (lhsType.isDynamicDim(dim) && !rhsType.isDynamicDim(dim))
          sizes[dim] = rhsSizes[dim];
      result = expandShape(b, loc, resultType, product, groups, sizes);
    }
  } else {
    result = buildGenericMatmul(b, loc, lhs, rhs, resultType);
  }
  return result;
}

namespace {

struct MatMulLowering : KilnPattern<MatMulOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getA(), op.getB(), op.getY()})))
      return failure();
    rewriter.replaceOp(op,
                       buildMatMul(rewriter, op.getLoc(), adaptor.getA(),
                                   adaptor.getB(), convertedType(op.getY())));
    return success();
  }
};

struct GemmLowering : KilnPattern<GemmOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value lhs = adaptor.getA(), rhs = adaptor.getB();
    RankedTensorType storageType = convertedType(op.getY());
    RankedTensorType resultType = getAccumulatorType(storageType);
    Type elementType = resultType.getElementType();
    bool transA = op.getTransA() != 0, transB = op.getTransB() != 0;
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    SmallVector<OpFoldResult> lhsSizes = getSizes(rewriter, loc, lhs);
    SmallVector<OpFoldResult> rhsSizes = getSizes(rewriter, loc, rhs);
    SmallVector<OpFoldResult> sizes = {lhsSizes[transA ? 1 : 0],
                                       rhsSizes[transB ? 0 : 1]};
    for (int64_t dim = 0; dim < 2; ++dim)
      if (!resultType.isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType.getDimSize(dim));
    Value bias = adaptor.getC();
    bool useBias = bias && beta != 0;

    // The accumulator: beta * C broadcast when alpha is 1, else zeros.
    Value init;
    if (useBias && alpha == 1.0) {
      Value c = prependUnitDims(rewriter, loc, bias, 2);
      init = broadcastTo(
          rewriter, loc, c, resultType, sizes,
          [&](OpBuilder &b, Location nested, ValueRange args) -> Value {
            Value c = convertScalar(b, nested, args[0], elementType, false,
                                    false);
            if (beta == 1.0)
              return c;
            return createMul(b, nested, c,
                             createConstant(b, nested, elementType, beta));
          });
    } else {
      init = createZeros(rewriter, loc, resultType, sizes);
    }
    AffineExpr m = getAffineDimExpr(0, context),
               n = getAffineDimExpr(1, context),
               k = getAffineDimExpr(2, context);
    SmallVector<AffineMap> maps = {
        AffineMap::get(3, 0,
                       transA ? SmallVector<AffineExpr>{k, m}
                              : SmallVector<AffineExpr>{m, k},
                       context),
        AffineMap::get(3, 0,
                       transB ? SmallVector<AffineExpr>{n, k}
                              : SmallVector<AffineExpr>{k, n},
                       context),
        AffineMap::get(3, 0, {m, n}, context)};
    auto matmul =
        linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                 ValueRange{lhs, rhs}, ValueRange{init});
    matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    Value result = matmul.getResult(0);
    if (alpha != 1.0) {
      SmallVector<Value> inputs = {result};
      if (useBias)
        inputs.push_back(prependUnitDims(rewriter, loc, bias, 2));
      result = buildElementwise(
          rewriter, loc, inputs, resultType,
          [&](OpBuilder &b, Location nested, ValueRange args) {
            Value scaled =
                createMul(b, nested, args[0],
                          createConstant(b, nested, elementType, alpha));
            if (args.size() == 1)
              return scaled;
            Value c = convertScalar(b, nested, args[1], elementType, false,
                                    false);
            if (beta != 1.0)
              c = createMul(b, nested, c,
                            createConstant(b, nested, elementType, beta));
            return createAdd(b, nested, scaled, c);
          });
    }
    rewriter.replaceOp(op, roundToType(rewriter, loc, result, storageType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

/// The placeholder letter of broadcast dim `i` of '...' (counted from the
/// left of the widest ellipsis): characters no equation letter can be.
char ellipsisLetter(int64_t i) { return static_cast<char>('0' + i); }

struct EinsumLowering : KilnPattern<EinsumOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(EinsumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    std::string equation;
    for (char ch : op.getEquation())
      if (ch != ' ')
        equation.push_back(ch);
    StringRef lhsText = equation, outText;
    bool explicitOutput = false;
    if (size_t arrow = StringRef(equation).find("->");
        arrow != StringRef::npos) {
      lhsText = StringRef(equation).take_front(arrow);
      outText = StringRef(equation).drop_front(arrow + 2);
      explicitOutput = true;
    }
    SmallVector<StringRef> rawTerms;
    lhsText.split(rawTerms, ',');
    ValueRange inputs = adaptor.getInputs();
    if (rawTerms.size() != inputs.size())
      return emitLoweringError(op, "the equation does not match the inputs");

    // '...' stands for the dims the letters leave, broadcast across the
    // terms numpy-style (aligned on the right): each becomes placeholder
    // letters, the last `count` of the widest ellipsis.
    int64_t ellipsisRank = 0;
    SmallVector<int64_t> ellipsisCounts;
    for (auto [term, input] : llvm::zip(rawTerms, inputs)) {
      int64_t rank = getRankedType(input).getRank();
      int64_t count = 0;
      if (term.contains("...")) {
        count = rank - static_cast<int64_t>(term.size() - 3);
        if (count < 0)
          return emitLoweringError(op,
                                   "a term does not match its input's rank");
      }
      ellipsisCounts.push_back(count);
      ellipsisRank = std::max(ellipsisRank, count);
    }
    if (ellipsisRank > 10)
      return emitLoweringError(op, "'...' stands for more than 10 dims");
    auto expand = [&](StringRef term, int64_t count) {
      std::string letters;
      size_t dots = term.find("...");
      if (dots == StringRef::npos)
        return term.str();
      letters = term.take_front(dots).str();
      for (int64_t i = ellipsisRank - count; i < ellipsisRank; ++i)
        letters.push_back(ellipsisLetter(i));
      letters += term.drop_front(dots + 3).str();
      return letters;
    };
    SmallVector<std::string> terms;
    for (auto [term, count] : llvm::zip(rawTerms, ellipsisCounts))
      terms.push_back(expand(term, count));

    // Letters in order of first appearance; the output's come first. An
    // implicit output is the broadcast dims, then the letters that appear
    // once, in alphabetical order.
    std::string output;
    if (explicitOutput) {
      output = expand(outText, ellipsisRank);
    } else {
      for (int64_t i = 0; i < ellipsisRank; ++i)
        output.push_back(ellipsisLetter(i));
      std::map<char, int> counts;
      for (StringRef term : rawTerms)
        for (char ch : term)
          if (ch != '.')
            ++counts[ch];
      for (auto [ch, count] : counts)
        if (count == 1)
          output.push_back(ch);
    }
    std::string letters = output;
    for (StringRef term : terms)
      for (char ch : term)
        if (letters.find(ch) == std::string::npos)
          letters.push_back(ch);
    MLIRContext *context = rewriter.getContext();
    int64_t loops = letters.size();

    // Size of each placeholder dim: the static one that is not 1 if any (a
    // dim of 1 broadcasts: its operand reads index 0).
    auto isPlaceholder = [](char ch) { return ch >= '0' && ch <= '9'; };
    std::map<char, int64_t> broadcastSize;
    for (auto [term, input] : llvm::zip(terms, inputs)) {
      auto type = getRankedType(input);
      for (auto [pos, ch] : llvm::enumerate(term)) {
        if (!isPlaceholder(ch))
          continue;
        int64_t size = type.getDimSize(pos);
        auto [it, inserted] = broadcastSize.insert({ch, size});
        if (!inserted && it->second == 1)
          it->second = size;
      }
    }
    auto mapOf = [&](StringRef term, RankedTensorType type) {
      SmallVector<AffineExpr> exprs;
      for (auto [pos, ch] : llvm::enumerate(term)) {
        bool broadcast = type && isPlaceholder(ch) &&
                         type.getDimSize(pos) == 1 &&
                         broadcastSize[ch] != 1;
        exprs.push_back(broadcast
                            ? getAffineConstantExpr(0, context)
                            : getAffineDimExpr(letters.find(ch), context));
      }
      return AffineMap::get(loops, 0, exprs, context);
    };
    SmallVector<AffineMap> maps;
    for (auto [term, input] : llvm::zip(terms, inputs)) {
      auto type = getRankedType(input);
      if (static_cast<int64_t>(term.size()) != type.getRank())
        return emitLoweringError(op, "a term does not match its input's rank");
      maps.push_back(mapOf(term, type));
    }
    // Output sizes from the first input that has each letter (not
    // broadcast).
    Location loc = op.getLoc();
    RankedTensorType storageType = convertedType(op.getOutput());
    RankedTensorType resultType = getAccumulatorType(storageType);
    SmallVector<OpFoldResult> sizes;
    for (char ch : output) {
      OpFoldResult size;
      for (auto [term, input, map] : llvm::zip(terms, inputs, maps)) {
        size_t pos = StringRef(term).find(ch);
        if (pos == StringRef::npos || !isa<AffineDimExpr>(map.getResult(pos)))
          continue;
        size = getSizes(rewriter, loc, input)[pos];
        break;
      }
      if (!size)
        size = rewriter.getIndexAttr(1);
      sizes.push_back(size);
    }
    if (static_cast<int64_t>(sizes.size()) != resultType.getRank())
      return emitLoweringError(op, "the output does not match the result");
    Value init = createZeros(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators;
    for (int64_t dim = 0; dim < loops; ++dim)
      iterators.push_back(dim < static_cast<int64_t>(output.size())
                              ? utils::IteratorType::parallel
                              : utils::IteratorType::reduction);
    Value result = buildGeneric(
        rewriter, loc, inputs, maps, mapOf(output, nullptr), init, iterators,
        multiplyAccumulate);
    rewriter.replaceOp(op, roundToType(rewriter, loc, result, storageType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateContractionLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<EinsumLowering, GemmLowering, MatMulLowering>(
      converter, patterns.getContext());
}
