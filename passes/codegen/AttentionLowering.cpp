// SPDX-License-Identifier: Apache-2.0
//===- AttentionLowering.cpp - ONNX Attention to linalg -------------------===//
//
// Attention in the form of ONNX's reference: 3-D inputs are split into
// heads ([B, S, heads * size] -> [B, heads, S, size]), the past key and
// value are prepended (the present outputs), Q K^T is one linalg.generic
// contraction scaling both operands by sqrt(scale) and reading K's head
// h / (q_heads / kv_heads) (grouped-query attention), the bias (attn_mask,
// causal mask, non-padded lengths) and softcap are one elementwise generic,
// the softmax (in softmax_precision) reduces along the last dim, and the
// product with V is a second contraction. f16 and bf16 compute in f32 and
// round the results once.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// [B, S, heads * size] -> [B, heads, S, size].
Value splitHeads(OpBuilder &b, Location loc, Value value, int64_t heads) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, value);
  int64_t hidden = type.getDimSize(2);
  int64_t size =
      ShapedType::isDynamic(hidden) ? ShapedType::kDynamic : hidden / heads;
  auto expandedType = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(1), heads, size},
      type.getElementType());
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, expandedType, value,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}},
      ArrayRef<OpFoldResult>{
          sizes[0], sizes[1], b.getIndexAttr(heads),
          foldIndex(b, loc, IndexOp::divs, sizes[2], b.getIndexAttr(heads))});
  SmallVector<OpFoldResult> expandedSizes = getSizes(b, loc, expanded);
  SmallVector<int64_t> perm = {0, 2, 1, 3};
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> outSizes;
  for (int64_t p : perm) {
    shape.push_back(expandedType.getDimSize(p));
    outSizes.push_back(expandedSizes[p]);
  }
  Value init = createEmpty(
      b, loc, RankedTensorType::get(shape, type.getElementType()), outSizes);
  return linalg::TransposeOp::create(b, loc, expanded, init, perm)
      .getResult()[0];
}

/// `past` and `current` joined along dim 2 (the sequence).
Value appendSequence(OpBuilder &b, Location loc, Value past, Value current) {
  if (!past)
    return current;
  auto pastType = cast<RankedTensorType>(past.getType());
  auto currentType = cast<RankedTensorType>(current.getType());
  SmallVector<OpFoldResult> pastSizes = getSizes(b, loc, past);
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, current);
  OpFoldResult offset = pastSizes[2];
  sizes[2] = foldIndex(b, loc, IndexOp::add, pastSizes[2], sizes[2]);
  SmallVector<int64_t> shape(currentType.getShape());
  shape[2] = ShapedType::isDynamic(pastType.getDimSize(2)) ||
                     ShapedType::isDynamic(currentType.getDimSize(2))
                 ? ShapedType::kDynamic
                 : pastType.getDimSize(2) + currentType.getDimSize(2);
  Value joined = createEmpty(
      b, loc, RankedTensorType::get(shape, currentType.getElementType()),
      sizes);
  SmallVector<OpFoldResult> zeros(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> ones(4, b.getIndexAttr(1));
  joined = tensor::InsertSliceOp::create(b, loc, past, joined, zeros, pastSizes,
                                         ones);
  SmallVector<OpFoldResult> offsets = zeros;
  offsets[2] = offset;
  return tensor::InsertSliceOp::create(b, loc, current, joined, offsets,
                                       getSizes(b, loc, current), ones);
}

struct AttentionLowering : KilnPattern<AttentionOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value q = adaptor.getQ(), k = adaptor.getK(), v = adaptor.getV();
    bool threeD = getRankedType(q).getRank() == 3;
    if (threeD) {
      int64_t qHeads = static_cast<int64_t>(*op.getQNumHeads());
      int64_t kvHeads = static_cast<int64_t>(*op.getKvNumHeads());
      q = splitHeads(rewriter, loc, q, qHeads);
      if (getRankedType(k).getRank() == 3)
        k = splitHeads(rewriter, loc, k, kvHeads);
      if (getRankedType(v).getRank() == 3)
        v = splitHeads(rewriter, loc, v, kvHeads);
    }
    auto qType = getRankedType(q), kType = getRankedType(k);
    Type type = qType.getElementType();
    int64_t qHeads = qType.getDimSize(1), kvHeads = kType.getDimSize(1);
    int64_t headSize = qType.getDimSize(3);
    if (ShapedType::isDynamic(qHeads) || ShapedType::isDynamic(kvHeads) ||
        qHeads % kvHeads != 0)
      return emitLoweringError(op, "head counts must be static, q heads a "
                                   "multiple of kv heads");
    if (!op.getScale() && ShapedType::isDynamic(headSize))
      return emitLoweringError(op, "the default scale needs a static head "
                                   "size");
    int64_t repeat = qHeads / kvHeads;
    Value pastKey = adaptor.getPastKey(), pastValue = adaptor.getPastValue();
    int64_t past = 0;
    if (pastKey) {
      past = getRankedType(pastKey).getDimSize(2);
      if (op.getIsCausal() && ShapedType::isDynamic(past))
        return emitLoweringError(op,
                                 "a causal mask needs a static past length");
    }
    k = appendSequence(rewriter, loc, pastKey, k);
    v = appendSequence(rewriter, loc, pastValue, v);
    Value presentKey = k, presentValue = v;
    kType = getRankedType(k);
    auto vType = getRankedType(v);

    // Narrower floats compute in f32 and round once at the end, as ONNX's
    // reference does (it computes in f64): rounding the scores, the
    // softmax and the products to f16 each loses more than f16's 1e-3.
    Type storageType = type;
    if (type.getIntOrFloatBitWidth() < 32) {
      type = rewriter.getF32Type();
      auto widen = [&](Value value) {
        return buildMapped(rewriter, loc, value, {}, type,
                           [&](OpBuilder &b, Location l, ValueRange args) {
                             return convertScalar(b, l, args[0], type, false,
                                                  false);
                           });
      };
      q = widen(q);
      k = widen(k);
      v = widen(v);
    }
    auto narrow = [&](Value value) {
      if (type == storageType)
        return value;
      return buildMapped(rewriter, loc, value, {}, storageType,
                         [&](OpBuilder &b, Location l, ValueRange args) {
                           return convertScalar(b, l, args[0], storageType,
                                                false, false);
                         });
    };

    double scale = op.getScale()
                       ? op.getScale()->convertToDouble()
                       : 1.0 / std::sqrt(static_cast<double>(headSize));
    double rootScale = std::sqrt(scale);
    auto d = [&](int64_t i) { return getAffineDimExpr(i, context); };

    // scores[b, h, i, j] = sum_e (Q[b, h, i, e] s) (K[b, h / r, j, e] s).
    SmallVector<OpFoldResult> qSizes = getSizes(rewriter, loc, q);
    SmallVector<OpFoldResult> kSizes = getSizes(rewriter, loc, k);
    auto scoresType = RankedTensorType::get(
        {qType.getDimSize(0), qHeads, qType.getDimSize(2), kType.getDimSize(2)},
        type);
    SmallVector<OpFoldResult> scoreSizes = {qSizes[0], qSizes[1], qSizes[2],
                                            kSizes[2]};
    Value zero = createConstant(rewriter, loc, type, 0);
    SmallVector<utils::IteratorType> contraction(4,
                                                 utils::IteratorType::parallel);
    contraction.push_back(utils::IteratorType::reduction);
    AffineExpr kvHead = repeat == 1 ? d(1) : d(1).floorDiv(repeat);
    Value scores = buildGeneric(
        rewriter, loc, {q, k},
        {AffineMap::get(5, 0, {d(0), d(1), d(2), d(4)}, context),
         AffineMap::get(5, 0, {d(0), kvHead, d(3), d(4)}, context)},
        AffineMap::get(5, 0, {d(0), d(1), d(2), d(3)}, context),
        createFilled(rewriter, loc, scoresType, scoreSizes, zero), contraction,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value s = createConstant(b, l, type, rootScale);
          Value lhs = arith::MulFOp::create(b, l, args[0], s);
          Value rhs = arith::MulFOp::create(b, l, args[1], s);
          return arith::AddFOp::create(b, l, args[2],
                                       arith::MulFOp::create(b, l, lhs, rhs));
        });

    // The bias: attn_mask (padded to the total length), causal, lengths.
    SmallVector<std::pair<Value, AffineMap>> extras;
    Value mask = adaptor.getAttnMask();
    bool boolMask = false;
    if (mask) {
      auto maskType = getRankedType(mask);
      boolMask = maskType.getElementType().isInteger(1);
      int64_t maskRank = maskType.getRank();
      int64_t total = kType.getDimSize(2);
      int64_t maskLength = maskType.getDimSize(maskRank - 1);
      if (ShapedType::isDynamic(total) || ShapedType::isDynamic(maskLength))
        return emitLoweringError(op, "attn_mask needs static sequence lengths");
      if (maskLength < total) {
        SmallVector<OpFoldResult> low(maskRank, rewriter.getIndexAttr(0));
        SmallVector<OpFoldResult> high(maskRank, rewriter.getIndexAttr(0));
        high.back() = rewriter.getIndexAttr(total - maskLength);
        Value padding =
            boolMask
                ? createConstant(rewriter, loc, rewriter.getI1Type(), 0)
                : createLowest(rewriter, loc, maskType.getElementType(), false);
        mask = tensor::PadOp::create(rewriter, loc, Type(), mask, low, high,
                                     padding);
      }
      extras.push_back({mask, getBroadcastMap(getRankedType(mask).getShape(),
                                              scoresType.getShape(), context)});
    }
    Value lengths = adaptor.getNonpadKvSeqlen();
    if (lengths)
      extras.push_back({lengths, AffineMap::get(4, 0, d(0))});
    bool causal = op.getIsCausal() != 0;
    double softcap = op.getSoftcap().convertToDouble();
    int64_t mode = static_cast<int64_t>(op.getQkMatmulOutputMode());
    auto addBias = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
      Value x = args[0];
      Value lowest = createLowest(b, l, type, false);
      unsigned next = 1;
      if (mask) {
        Value m = args[next++];
        if (boolMask)
          x = arith::SelectOp::create(b, l, m, x, lowest);
        else
          x = arith::AddFOp::create(b, l, x,
                                    convertScalar(b, l, m, type, false, false));
      }
      Value j = linalg::IndexOp::create(b, l, 3);
      if (causal) {
        Value i = linalg::IndexOp::create(b, l, 2);
        Value limit = arith::AddIOp::create(
            b, l, i, arith::ConstantIndexOp::create(b, l, past));
        Value future =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::ugt, j, limit);
        x = arith::SelectOp::create(b, l, future, lowest, x);
      }
      if (lengths) {
        Value length =
            convertScalar(b, l, args[next++], b.getIndexType(), false, false);
        Value padded =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge, j, length);
        x = arith::SelectOp::create(b, l, padded, lowest, x);
      }
      return x;
    };
    auto applySoftcap = [&](OpBuilder &b, Location l, Value x) -> Value {
      if (softcap <= 0)
        return x;
      Value cap = createConstant(b, l, type, softcap);
      Value t = math::TanhOp::create(b, l, arith::DivFOp::create(b, l, x, cap));
      return arith::MulFOp::create(b, l, t, cap);
    };
    Value biased = buildMapped(rewriter, loc, scores, extras, type, addBias);
    Value capped =
        softcap > 0
            ? buildMapped(rewriter, loc, biased, {}, type,
                          [&](OpBuilder &b, Location l, ValueRange args) {
                            return applySoftcap(b, l, args[0]);
                          })
            : biased;

    // Softmax over j, in softmax_precision.
    Type softmaxType = op.getSoftmaxPrecision().value_or(type);
    Value logits = capped;
    if (softmaxType != type)
      logits = buildMapped(rewriter, loc, capped, {}, softmaxType,
                           [&](OpBuilder &b, Location l, ValueRange args) {
                             return convertScalar(b, l, args[0], softmaxType,
                                                  false, false);
                           });
    AffineMap rowMap = getDroppingMap(4, {3}, context);
    Value maximum = buildReduction(
        rewriter, loc, logits, {3},
        createLowest(rewriter, loc, softmaxType, false),
        [](OpBuilder &b, Location l, ValueRange args) {
          return arith::MaximumFOp::create(b, l, args[0], args[1]);
        });
    Value exps =
        buildMapped(rewriter, loc, logits, {{maximum, rowMap}}, softmaxType,
                    [](OpBuilder &b, Location l, ValueRange args) {
                      return math::ExpOp::create(
                          b, l, arith::SubFOp::create(b, l, args[0], args[1]));
                    });
    Value sum = buildReduction(
        rewriter, loc, exps, {3}, createConstant(rewriter, loc, softmaxType, 0),
        [](OpBuilder &b, Location l, ValueRange args) {
          return arith::AddFOp::create(b, l, args[0], args[1]);
        });
    Value probabilities =
        buildMapped(rewriter, loc, exps, {{sum, rowMap}}, type,
                    [&](OpBuilder &b, Location l, ValueRange args) {
                      Value p = arith::DivFOp::create(b, l, args[0], args[1]);
                      return convertScalar(b, l, p, type, false, false);
                    });

    // Y[b, h, i, e] = sum_j P[b, h, i, j] V[b, h / r, j, e].
    SmallVector<OpFoldResult> vSizes = getSizes(rewriter, loc, v);
    auto outType = RankedTensorType::get(
        {qType.getDimSize(0), qHeads, qType.getDimSize(2), vType.getDimSize(3)},
        type);
    Value y = buildGeneric(
        rewriter, loc, {probabilities, v},
        {AffineMap::get(5, 0, {d(0), d(1), d(2), d(4)}, context),
         AffineMap::get(5, 0, {d(0), kvHead, d(4), d(3)}, context)},
        AffineMap::get(5, 0, {d(0), d(1), d(2), d(3)}, context),
        createFilled(rewriter, loc, outType,
                     {qSizes[0], qSizes[1], qSizes[2], vSizes[3]}, zero),
        contraction, [](OpBuilder &b, Location l, ValueRange args) {
          return arith::AddFOp::create(
              b, l, args[2], arith::MulFOp::create(b, l, args[0], args[1]));
        });
    if (threeD) {
      // [B, heads, S, size] -> [B, S, heads * size].
      SmallVector<OpFoldResult> ySizes = getSizes(rewriter, loc, y);
      SmallVector<int64_t> perm = {0, 2, 1, 3};
      SmallVector<int64_t> shape;
      SmallVector<OpFoldResult> sizes;
      for (int64_t p : perm) {
        shape.push_back(outType.getDimSize(p));
        sizes.push_back(ySizes[p]);
      }
      Value init =
          createEmpty(rewriter, loc, RankedTensorType::get(shape, type), sizes);
      Value transposed =
          linalg::TransposeOp::create(rewriter, loc, y, init, perm)
              .getResult()[0];
      SmallVector<ReassociationIndices> groups = {{0}, {1}, {2, 3}};
      RankedTensorType collapsedType =
          tensor::CollapseShapeOp::inferCollapsedType(
              cast<RankedTensorType>(transposed.getType()), groups);
      y = tensor::CollapseShapeOp::create(rewriter, loc, collapsedType,
                                          transposed, groups);
    }
    Value qk = mode == 0   ? scores
               : mode == 1 ? biased
               : mode == 2 ? capped
                           : probabilities;
    SmallVector<Value> results = {narrow(y), presentKey, presentValue,
                                  narrow(qk)};
    SmallVector<Value> replacements;
    for (auto [value, result] : llvm::zip(results, op->getResults()))
      replacements.push_back(
          castToType(rewriter, loc, value, convertedType(result)));
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

/// RotaryEmbedding, elementwise over X: element d < rotary_dim of a head
/// pairs with its partner (d +- half, or d +- 1 interleaved) and rotates
/// by the angle of its position, read from the cos and sin caches (at
/// position_ids[b, s], or [b, s] when the caches are per position).
struct RotaryEmbeddingLowering : KilnPattern<RotaryEmbeddingOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(RotaryEmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    Value cosCache = adaptor.getCosCache(), sinCache = adaptor.getSinCache();
    Value positions = adaptor.getPositionIds();
    bool fourD = xType.getRank() == 4;
    int64_t headSize;
    if (fourD) {
      headSize = xType.getDimSize(3);
    } else {
      std::optional<uint64_t> heads = op.getNumHeads();
      if (!heads || ShapedType::isDynamic(xType.getDimSize(2)))
        return emitLoweringError(op, "3-D inputs need num_heads and a static "
                                     "hidden size");
      headSize = xType.getDimSize(2) / static_cast<int64_t>(*heads);
    }
    if (ShapedType::isDynamic(headSize))
      return emitLoweringError(op, "the head size must be static");
    int64_t rotary = static_cast<int64_t>(op.getRotaryEmbeddingDim());
    if (rotary == 0)
      rotary = headSize;
    int64_t half = rotary / 2;
    bool interleaved = op.getInterleaved() != 0;
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    int64_t rank = xType.getRank();
    Value result = buildMapped(
        rewriter, loc, x, {}, type,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          auto cst = [&](int64_t v) {
            return arith::ConstantIndexOp::create(b, l, v).getResult();
          };
          SmallVector<Value> position;
          for (int64_t dim = 0; dim < rank; ++dim)
            position.push_back(linalg::IndexOp::create(b, l, dim));
          // Batch, sequence and the index within the head.
          Value batch = position[0];
          Value seq = fourD ? position[2] : position[1];
          Value last = position[rank - 1];
          Value inHead =
              fourD ? last : arith::RemUIOp::create(b, l, last, cst(headSize));
          Value headStart = arith::SubIOp::create(b, l, last, inHead);
          Value rotated = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult,
                                                inHead, cst(rotary));
          // Pair index i, whether this is the first of its pair, partner.
          Value i, first, partner;
          if (interleaved) {
            i = arith::DivUIOp::create(b, l, inHead, cst(2));
            first = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::eq,
                arith::RemUIOp::create(b, l, inHead, cst(2)), cst(0));
            partner = arith::SelectOp::create(
                b, l, first, arith::AddIOp::create(b, l, inHead, cst(1)),
                arith::SubIOp::create(b, l, inHead, cst(1)));
          } else {
            first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult,
                                          inHead, cst(half));
            i = arith::SelectOp::create(
                b, l, first, inHead,
                arith::SubIOp::create(b, l, inHead, cst(half)));
            partner = arith::SelectOp::create(
                b, l, first, arith::AddIOp::create(b, l, inHead, cst(half)),
                arith::SubIOp::create(b, l, inHead, cst(half)));
          }
          // Outside the rotated part, read in bounds and keep x.
          i = arith::SelectOp::create(b, l, rotated, i, cst(0));
          partner = arith::SelectOp::create(b, l, rotated, partner, inHead);
          SmallVector<Value> partnerPosition(position);
          partnerPosition[rank - 1] =
              arith::AddIOp::create(b, l, headStart, partner);
          Value other = tensor::ExtractOp::create(b, l, x, partnerPosition);
          SmallVector<Value> cacheIndex;
          if (positions) {
            Value p = tensor::ExtractOp::create(b, l, positions,
                                                ValueRange{batch, seq});
            cacheIndex = {
                convertScalar(b, l, p, b.getIndexType(), false, false), i};
          } else {
            cacheIndex = {batch, seq, i};
          }
          Value cos = tensor::ExtractOp::create(b, l, cosCache, cacheIndex);
          Value sin = tensor::ExtractOp::create(b, l, sinCache, cacheIndex);
          // first: x cos - other sin; second: x cos + other sin.
          Value xCos = arith::MulFOp::create(b, l, args[0], cos);
          Value otherSin = arith::MulFOp::create(b, l, other, sin);
          Value value = arith::SelectOp::create(
              b, l, first, arith::SubFOp::create(b, l, xCos, otherSin),
              arith::AddFOp::create(b, l, xCos, otherSin));
          return arith::SelectOp::create(b, l, rotated, value, args[0]);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::kiln::populateAttentionLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<AttentionLowering, RotaryEmbeddingLowering>(
      converter, patterns.getContext());
}
