// SPDX-License-Identifier: Apache-2.0
//===- LinearAlgebraLowering.cpp - ONNX Det to linalg ---------------------===//
//
// Det is Gaussian elimination with partial pivoting, unrolled over the
// static matrix size inside one linalg.generic over the batch dims: the
// body reads the matrix with tensor.extract, computes in f64 and keeps
// every step branchless (a pivot swap is selects, and a zero pivot makes
// the determinant 0).
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The largest matrix Det unrolls (n^3 / 3 multiply-adds and n^3 / 2
/// selects in one loop body).
constexpr int64_t kMaxDetSize = 16;

/// The determinant of the n x n matrix `a` (row-major scalars, f64).
Value determinant(OpBuilder &b, Location loc, SmallVector<Value> a,
                  int64_t n) {
  Type f64 = b.getF64Type();
  auto at = [&](int64_t i, int64_t j) -> Value & { return a[i * n + j]; };
  Value zero = createConstant(b, loc, f64, 0);
  Value det = createConstant(b, loc, f64, 1);
  for (int64_t k = 0; k < n; ++k) {
    // Bring the row with the largest |a[p][k]| (p >= k) to row k, one
    // conditional swap at a time; each swap negates the determinant.
    for (int64_t p = k + 1; p < n; ++p) {
      Value larger = arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::OGT,
          math::AbsFOp::create(b, loc, at(p, k)),
          math::AbsFOp::create(b, loc, at(k, k)));
      for (int64_t j = k; j < n; ++j) {
        Value top = at(k, j), other = at(p, j);
        at(k, j) = arith::SelectOp::create(b, loc, larger, other, top);
        at(p, j) = arith::SelectOp::create(b, loc, larger, top, other);
      }
      det = arith::SelectOp::create(
          b, loc, larger, arith::NegFOp::create(b, loc, det), det);
    }
    Value pivot = at(k, k);
    det = arith::MulFOp::create(b, loc, det, pivot);
    if (k + 1 == n)
      break;
    // Eliminate below the pivot; a zero pivot (det is 0 already) uses
    // factor 0 rather than dividing by it.
    Value isZero =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, pivot, zero);
    Value safePivot = arith::SelectOp::create(
        b, loc, isZero, createConstant(b, loc, f64, 1), pivot);
    for (int64_t i = k + 1; i < n; ++i) {
      Value factor = arith::SelectOp::create(
          b, loc, isZero, zero,
          arith::DivFOp::create(b, loc, at(i, k), safePivot));
      for (int64_t j = k + 1; j < n; ++j)
        at(i, j) = arith::SubFOp::create(
            b, loc, at(i, j), arith::MulFOp::create(b, loc, factor, at(k, j)));
    }
  }
  return det;
}

struct DetLowering : KilnPattern<DetOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(DetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = getRankedType(x);
    int64_t rank = xType.getRank();
    if (rank < 2)
      return emitLoweringError(op, "the input must have rank >= 2");
    int64_t n = xType.getDimSize(rank - 1);
    if (ShapedType::isDynamic(n) ||
        xType.getDimSize(rank - 2) != n)
      return emitLoweringError(op, "the matrices must be square and static");
    if (n > kMaxDetSize)
      return emitLoweringError(op, "matrices larger than " +
                                       Twine(kMaxDetSize) + "x" +
                                       Twine(kMaxDetSize) +
                                       " are not supported");
    RankedTensorType finalType = convertedType(op.getY());
    RankedTensorType resultType = finalType;
    Type type = resultType.getElementType();
    if (rank == 2) {
      // One matrix: a batch of one (a 0-D generic reading with
      // tensor.extract does not vectorize).
      x = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({1, n, n}, xType.getElementType()),
          x, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
      resultType = RankedTensorType::get({1}, type);
      rank = 3;
    }
    int64_t batchRank = rank - 2;
    SmallVector<OpFoldResult> sizes(
        ArrayRef<OpFoldResult>(getSizes(rewriter, loc, x)).take_front(batchRank));
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators(batchRank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(batchRank)},
        iterators, [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> index;
          for (int64_t dim = 0; dim < batchRank; ++dim)
            index.push_back(linalg::IndexOp::create(b, l, dim));
          index.append(2, Value());
          SmallVector<Value> a;
          for (int64_t i = 0; i < n; ++i) {
            for (int64_t j = 0; j < n; ++j) {
              index[batchRank] = arith::ConstantIndexOp::create(b, l, i);
              index[batchRank + 1] = arith::ConstantIndexOp::create(b, l, j);
              Value element = tensor::ExtractOp::create(b, l, x, index);
              a.push_back(
                  convertScalar(b, l, element, b.getF64Type(), false, false));
            }
          }
          Value det = determinant(b, l, a, n);
          linalg::YieldOp::create(b, l,
                                  convertScalar(b, l, det, type, false, false));
        });
    Value result = generic.getResult(0);
    if (resultType != finalType)
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, finalType, result, ArrayRef<ReassociationIndices>{});
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLinearAlgebraLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DetLowering>(converter, patterns.getContext());
}
