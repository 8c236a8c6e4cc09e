// SPDX-License-Identifier: Apache-2.0
//===- ScalarizeShapeTensors.cpp - ONNX shape values as index scalars -----===//
//
// ONNX computes shapes as small int64 tensors (Shape -> Gather -> Concat ->
// Reshape). Lowered as they are, those tensors would be computed by kernels
// and read back by the host to size the next buffers: a data dependence the
// runtime cannot plan ahead. Here every element the host reads is rebuilt
// as scalar arithmetic from its producers, one element at a time, so the
// host program only does index arithmetic on input dims that the artifact's
// dims table can express; the small tensors themselves become dead.
//
//===----------------------------------------------------------------------===//

#include "passes/fusion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SCALARIZESHAPETENSORSPASS
#include "passes/fusion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Integer tensors up to this many elements are shape values.
static constexpr int64_t kMaxShapeElements = 16;
/// The most reduction steps rebuilt for one element (ReduceProd of a shape).
static constexpr int64_t kMaxReductionSteps = 64;

static bool isShapeTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() &&
         tensor.getNumElements() <= kMaxShapeElements &&
         isa<IntegerType, IndexType>(tensor.getElementType());
}

static int64_t linearize(ArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  int64_t linear = 0;
  for (auto [i, size] : llvm::zip(index, shape))
    linear = linear * size + i;
  return linear;
}

static SmallVector<int64_t> delinearize(int64_t linear,
                                        ArrayRef<int64_t> shape) {
  SmallVector<int64_t> index(shape.size());
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    index[d] = linear % shape[d];
    linear /= shape[d];
  }
  return index;
}

namespace {

/// Rebuilds single elements of shape tensors as scalars at the rewriter's
/// insertion point.
class ElementBuilder {
public:
  explicit ElementBuilder(PatternRewriter &rewriter) : rewriter(rewriter) {}

  /// The element of `tensor` at `index`, or failure when a producer is not
  /// understood (the tensor then stays a tensor).
  FailureOr<Value> getElement(Value tensor, ArrayRef<int64_t> index);

private:
  FailureOr<Value> getLinalgElement(linalg::LinalgOp op, OpResult result,
                                    ArrayRef<int64_t> index);
  FailureOr<Value> getSliceElement(Operation *op, ArrayRef<int64_t> index);

  PatternRewriter &rewriter;
};

} // namespace

FailureOr<Value> ElementBuilder::getElement(Value tensor,
                                            ArrayRef<int64_t> index) {
  if (!isShapeTensor(tensor.getType()))
    return failure();
  auto type = cast<RankedTensorType>(tensor.getType());
  Operation *def = tensor.getDefiningOp();
  if (!def) {
    // A function argument (a shape input): the host reads its elements
    // when a run starts.
    if (!isa<func::FuncOp>(tensor.getParentBlock()->getParentOp()))
      return failure();
    SmallVector<Value> indices;
    for (int64_t i : index)
      indices.push_back(
          arith::ConstantIndexOp::create(rewriter, tensor.getLoc(), i));
    return tensor::ExtractOp::create(rewriter, tensor.getLoc(), tensor,
                                     indices)
        .getResult();
  }
  Location loc = def->getLoc();
  int64_t linear = linearize(index, type.getShape());

  DenseIntElementsAttr constant;
  if (matchPattern(tensor, m_Constant(&constant))) {
    APInt value = constant.getValues<APInt>()[linear];
    return arith::ConstantOp::create(
               rewriter, loc, type.getElementType(),
               rewriter.getIntegerAttr(type.getElementType(), value))
        .getResult();
  }
  if (auto fromElements = dyn_cast<tensor::FromElementsOp>(def))
    return fromElements.getElements()[linear];
  if (auto splat = dyn_cast<tensor::SplatOp>(def))
    return splat.getInput();
  // Reinterpretations keep the row-major order of the elements.
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp,
          tensor::ReshapeOp>(def)) {
    auto source = cast<RankedTensorType>(def->getOperand(0).getType());
    if (!source.hasStaticShape())
      return failure();
    return getElement(def->getOperand(0),
                      delinearize(linear, source.getShape()));
  }
  if (isa<tensor::ExtractSliceOp, tensor::InsertSliceOp, tensor::ConcatOp>(def))
    return getSliceElement(def, index);
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(def))
    return getLinalgElement(linalgOp, cast<OpResult>(tensor), index);
  return failure();
}

FailureOr<Value> ElementBuilder::getSliceElement(Operation *op,
                                                 ArrayRef<int64_t> index) {
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    if (ShapedType::isDynamicShape(slice.getStaticOffsets()) ||
        ShapedType::isDynamicShape(slice.getStaticStrides()))
      return failure();
    // Rank-reducing slices drop unit dims: walk the source dims.
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    SmallVector<int64_t> sourceIndex;
    unsigned next = 0;
    for (int64_t d = 0, e = slice.getSourceType().getRank(); d < e; ++d) {
      int64_t i = dropped.test(d) ? 0 : index[next++];
      sourceIndex.push_back(slice.getStaticOffsets()[d] +
                            i * slice.getStaticStrides()[d]);
    }
    return getElement(slice.getSource(), sourceIndex);
  }
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
    if (ShapedType::isDynamicShape(insert.getStaticOffsets()) ||
        ShapedType::isDynamicShape(insert.getStaticSizes()) ||
        ShapedType::isDynamicShape(insert.getStaticStrides()) ||
        insert.getSourceType().getRank() != insert.getDestType().getRank())
      return failure();
    SmallVector<int64_t> sourceIndex;
    for (auto [i, offset, size, stride] :
         llvm::zip(index, insert.getStaticOffsets(), insert.getStaticSizes(),
                   insert.getStaticStrides())) {
      int64_t relative = i - offset;
      if (relative < 0 || relative % stride != 0 || relative / stride >= size)
        return getElement(insert.getDest(), index);
      sourceIndex.push_back(relative / stride);
    }
    return getElement(insert.getSource(), sourceIndex);
  }
  auto concat = cast<tensor::ConcatOp>(op);
  SmallVector<int64_t> operandIndex(index);
  int64_t dim = concat.getDim();
  for (Value input : concat.getInputs()) {
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(dim);
    if (operandIndex[dim] < size)
      return getElement(input, operandIndex);
    operandIndex[dim] -= size;
  }
  return failure();
}

FailureOr<Value> ElementBuilder::getLinalgElement(linalg::LinalgOp op,
                                                  OpResult result,
                                                  ArrayRef<int64_t> index) {
  if (!op.hasPureTensorSemantics())
    return failure();
  OpOperand *init = op.getDpsInitOperand(result.getResultNumber());
  AffineMap outputMap = op.getMatchingIndexingMap(init);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (!outputMap.isProjectedPermutation() || ShapedType::isDynamicShape(ranges))
    return failure();

  // The loops the output does not index are reductions, run in order.
  SmallVector<int64_t> point(ranges.size(), 0);
  SmallVector<int64_t> reductionDims, reductionRanges;
  llvm::SmallBitVector isOutputDim(ranges.size());
  for (auto [expr, i] : llvm::zip(outputMap.getResults(), index)) {
    unsigned dim = cast<AffineDimExpr>(expr).getPosition();
    point[dim] = i;
    isOutputDim.set(dim);
  }
  int64_t steps = 1;
  for (auto [dim, range] : llvm::enumerate(ranges))
    if (!isOutputDim.test(dim)) {
      reductionDims.push_back(dim);
      reductionRanges.push_back(range);
      steps *= range;
    }
  if (steps > kMaxReductionSteps)
    return failure();

  Block *body = op.getBlock();
  unsigned resultIndex = result.getResultNumber();
  Value accumulator;
  if (op.payloadUsesValueFromOperand(init)) {
    FailureOr<Value> initial = getElement(init->get(), index);
    if (failed(initial))
      return failure();
    accumulator = *initial;
  }
  for (int64_t step = 0; step < steps; ++step) {
    for (auto [dim, i] :
         llvm::zip(reductionDims, delinearize(step, reductionRanges)))
      point[dim] = i;
    IRMapping mapping;
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value arg = body->getArgument(input->getOperandNumber());
      if (!isa<RankedTensorType>(input->get().getType())) {
        mapping.map(arg, input->get());
        continue;
      }
      if (arg.use_empty())
        continue;
      SmallVector<int64_t> at = op.getMatchingIndexingMap(input).compose(point);
      FailureOr<Value> element = getElement(input->get(), at);
      if (failed(element))
        return failure();
      mapping.map(arg, *element);
    }
    Value outputArg = body->getArgument(init->getOperandNumber());
    if (!outputArg.use_empty()) {
      if (!accumulator)
        return failure();
      mapping.map(outputArg, accumulator);
    }
    // Other outputs' block arguments: only their own results read them.
    for (OpOperand &other : op.getDpsInitsMutable())
      if (&other != init &&
          !body->getArgument(other.getOperandNumber()).use_empty())
        return failure();
    for (Operation &payload : body->without_terminator()) {
      if (auto indexOp = dyn_cast<linalg::IndexOp>(payload)) {
        mapping.map(indexOp.getResult(),
                    arith::ConstantIndexOp::create(rewriter, indexOp.getLoc(),
                                                   point[indexOp.getDim()]));
        continue;
      }
      if (!isPure(&payload) || payload.getNumRegions() != 0)
        return failure();
      rewriter.clone(payload, mapping);
    }
    accumulator =
        mapping.lookupOrDefault(body->getTerminator()->getOperand(resultIndex));
  }
  return accumulator;
}

namespace {

/// `tensor.extract %shape[c...]` -> the element, rebuilt as a scalar.
struct ScalarizeExtract : OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<int64_t> index;
    for (Value i : op.getIndices()) {
      APInt value;
      if (!matchPattern(i, m_ConstantInt(&value)))
        return failure();
      index.push_back(value.getSExtValue());
    }
    if (!op.getTensor().getDefiningOp())
      return failure(); // already an element of a function argument
    ElementBuilder builder(rewriter);
    FailureOr<Value> element = builder.getElement(op.getTensor(), index);
    if (failed(element))
      return failure();
    rewriter.replaceOp(op, *element);
    return success();
  }
};

/// `tensor.reshape %x(%shape)` -> collapse to 1-D, then expand to the
/// shape's elements: reshapes the host can follow without reading a tensor.
struct ReshapeToExpandShape : OpRewritePattern<tensor::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto sourceType = op.getSource().getType();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    if (sourceType.getRank() == 0 || resultType.getRank() == 0)
      return failure();
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> outputShape;
    ElementBuilder builder(rewriter);
    for (int64_t d = 0, e = resultType.getRank(); d < e; ++d) {
      if (!resultType.isDynamicDim(d)) {
        outputShape.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
        continue;
      }
      FailureOr<Value> size = builder.getElement(op.getShape(), {d});
      if (failed(size))
        return failure();
      Value index = *size;
      if (!index.getType().isIndex())
        index = arith::IndexCastOp::create(rewriter, loc,
                                           rewriter.getIndexType(), index);
      outputShape.push_back(index);
    }
    Value flat = op.getSource();
    if (sourceType.getRank() != 1) {
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, sourceType.getRank()));
      flat = tensor::CollapseShapeOp::create(
          rewriter, loc, flat, ArrayRef<ReassociationIndices>{all});
    }
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank()));
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, resultType, flat, ArrayRef<ReassociationIndices>{all}, outputShape);
    return success();
  }
};

/// `tensor.dim` of an expand_shape -> its output shape entry.
struct DimOfExpandShape : OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp op,
                                PatternRewriter &rewriter) const override {
    auto expand = op.getSource().getDefiningOp<tensor::ExpandShapeOp>();
    std::optional<int64_t> dim = op.getConstantIndex();
    if (!expand || !dim)
      return failure();
    OpFoldResult size = expand.getMixedOutputShape()[*dim];
    if (auto value = dyn_cast<Value>(size))
      rewriter.replaceOp(op, value);
    else
      rewriter.replaceOpWithNewOp<arith::ConstantIndexOp>(
          op, cast<IntegerAttr>(cast<Attribute>(size)).getInt());
    return success();
  }
};

struct ScalarizeShapeTensorsPass
    : kiln::impl::ScalarizeShapeTensorsPassBase<ScalarizeShapeTensorsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ScalarizeExtract, ReshapeToExpandShape, DimOfExpandShape>(
        context);
    // Dims read through their producers (an empty's sizes, an expand's
    // output shape), so ops kept alive only for their shape die too.
    memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
    // The rebuilt scalars fold and the tensors they came from die.
    for (RegisteredOperationName op : context->getRegisteredOperations())
      if (isa<arith::ArithDialect, tensor::TensorDialect>(op.getDialect()))
        op.getCanonicalizationPatterns(patterns, context);
    // Not converging within the driver's iteration limit leaves valid IR
    // (rebuilt elements fold further on every sweep): keep what was done.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
