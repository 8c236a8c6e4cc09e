// SPDX-License-Identifier: Apache-2.0
//===- OutlineLibraryCalls.cpp - kiln ops to kexec library calls ----------===//
//
// Convolutions, matrix products and pooling run fastest in a tuned library
// (oneDNN on CPU). This pass replaces the kiln ops the library takes by
// kexec calls, then folds activations and residual adds that follow a call
// into its post ops.
//
//===----------------------------------------------------------------------===//

#include "passes/fusion/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"
#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_OUTLINELIBRARYCALLSPASS
#include "passes/fusion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Whether `value` is a ranked f32 tensor, the type library calls take.
static bool isF32Tensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getElementType().isF32();
}

static bool allF32Tensors(ValueRange values) {
  return llvm::all_of(values, [](Value v) { return !v || isF32Tensor(v); });
}

namespace {

//===----------------------------------------------------------------------===//
// kiln ops -> library calls
//===----------------------------------------------------------------------===//

struct OutlineConv : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    if (!allF32Tensors({op.getX(), op.getW(), op.getB(), op.getY()}))
      return rewriter.notifyMatchFailure(op, "not f32 ranked tensors");
    FailureOr<ExplicitWindow> window = getExplicitWindow(op);
    if (failed(window))
      return rewriter.notifyMatchFailure(op, "window depends on dynamic dims");
    auto call = kexec::ConvolutionOp::create(rewriter, 
        op.getLoc(), op.getY().getType(), op.getX(), op.getW(), op.getB(),
        ValueRange(), window->strides, window->dilations, window->padsBegin,
        window->padsEnd, op.getGroup(), /*transposed=*/false,
        rewriter.getArrayAttr({}));
    rewriter.replaceOp(op, call.getOutput());
    return success();
  }
};

/// Max and average pooling; the max's indices result must be unused.
template <typename PoolOpT>
struct OutlinePool : OpRewritePattern<PoolOpT> {
  using OpRewritePattern<PoolOpT>::OpRewritePattern;

  LogicalResult matchAndRewrite(PoolOpT op,
                                PatternRewriter &rewriter) const override {
    Value result = op->getResult(0);
    if (!allF32Tensors({op.getX(), result}))
      return rewriter.notifyMatchFailure(op, "not f32 ranked tensors");
    StringRef kind = "max";
    if constexpr (std::is_same_v<PoolOpT, MaxPoolOp>) {
      if (!op.getIndices().use_empty() || op.getStorageOrder() != 0)
        return rewriter.notifyMatchFailure(op, "indices are used");
    } else {
      // With ceil_mode, ONNX does not count the extra end window positions
      // as padding; the library would.
      if (op.getCountIncludePad() && op.getCeilMode())
        return rewriter.notifyMatchFailure(op, "ceil_mode counting padding");
      kind = op.getCountIncludePad() ? "avg_include_pad" : "avg_exclude_pad";
    }
    FailureOr<ExplicitWindow> window = getExplicitWindow(op);
    if (failed(window))
      return rewriter.notifyMatchFailure(op, "window depends on dynamic dims");
    auto call = kexec::PoolingOp::create(rewriter, 
        op.getLoc(), result.getType(), op.getX(), kind, window->kernel,
        window->strides, window->dilations, window->padsBegin,
        window->padsEnd);
    rewriter.replaceAllUsesWith(result, call.getOutput());
    rewriter.eraseOp(op);
    return success();
  }
};

struct OutlineMatMul : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    if (!allF32Tensors({op.getA(), op.getB(), op.getY()}))
      return rewriter.notifyMatchFailure(op, "not f32 ranked tensors");
    // 1-D operands are matrix-vector products; code generation takes them.
    if (op.getA().getType().getRank() < 2 ||
        op.getB().getType().getRank() < 2)
      return rewriter.notifyMatchFailure(op, "1-D operand");
    auto call = kexec::MatMulOp::create(rewriter, 
        op.getLoc(), op.getY().getType(), op.getA(), op.getB(), Value(),
        ValueRange(), /*transpose_a=*/false, /*transpose_b=*/false,
        llvm::APFloat(1.0f), llvm::APFloat(1.0f), rewriter.getArrayAttr({}));
    rewriter.replaceOp(op, call.getOutput());
    return success();
  }
};

struct OutlineGemm : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    if (!allF32Tensors({op.getA(), op.getB(), op.getC(), op.getY()}))
      return rewriter.notifyMatchFailure(op, "not f32 ranked tensors");
    auto call = kexec::MatMulOp::create(rewriter, 
        op.getLoc(), op.getY().getType(), op.getA(), op.getB(), op.getC(),
        ValueRange(), op.getTransA() != 0, op.getTransB() != 0, op.getAlpha(),
        op.getBeta(), rewriter.getArrayAttr({}));
    rewriter.replaceOp(op, call.getOutput());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Post-op fusion
//===----------------------------------------------------------------------===//

/// The library call producing `value` if it has post ops and `value` has
/// no other user, so a post op can be appended to it.
static Operation *getFusableCall(Value value) {
  Operation *def = value.getDefiningOp();
  if (!def || !value.hasOneUse() ||
      !isa<kexec::ConvolutionOp, kexec::MatMulOp>(def))
    return nullptr;
  return def;
}

/// Rebuilds `call` at `anchor` with `postOp` appended (and `postOperand`
/// added to its post operands, when given), replacing `anchor`'s result;
/// `between`, an op between the call and the anchor that dies with them,
/// is erased too.
static void appendPostOp(PatternRewriter &rewriter, Operation *call,
                         Operation *anchor, kexec::PostOpKind kind,
                         float alpha = 0, float beta = 0,
                         Value postOperand = {},
                         Operation *between = nullptr) {
  SmallVector<Attribute> postOps(
      call->getAttrOfType<ArrayAttr>("post_ops").getValue());
  auto segments =
      call->getAttrOfType<DenseI32ArrayAttr>("operandSegmentSizes");
  SmallVector<int32_t> sizes(segments.asArrayRef());
  SmallVector<Value> operands(call->getOperands());
  int64_t operandIndex = -1;
  if (postOperand) {
    operandIndex = sizes.back()++;
    operands.push_back(postOperand);
  }
  postOps.push_back(kexec::PostOpAttr::get(
      rewriter.getContext(), kind, llvm::APFloat(alpha), llvm::APFloat(beta),
      operandIndex));

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(anchor);
  Operation *fused = rewriter.clone(*call);
  fused->setOperands(operands);
  fused->setAttr("operandSegmentSizes", rewriter.getDenseI32ArrayAttr(sizes));
  fused->setAttr("post_ops", rewriter.getArrayAttr(postOps));
  fused->setLoc(rewriter.getFusedLoc({call->getLoc(), anchor->getLoc()}));
  fused->getResult(0).setType(cast<RankedTensorType>(anchor->getResult(0).getType()));
  rewriter.replaceOp(anchor, fused->getResults());
  if (between)
    rewriter.eraseOp(between);
  rewriter.eraseOp(call);
}

/// Unary activations that map to one post op.
struct FuseActivation : RewritePattern {
  FuseActivation(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumOperands() == 0 || op->getNumResults() != 1 ||
        op->getResult(0).getType() != op->getOperand(0).getType())
      return failure();
    Operation *call = getFusableCall(op->getOperand(0));
    if (!call)
      return failure();
    using kexec::PostOpKind;
    if (isa<ReluOp>(op))
      return appendPostOp(rewriter, call, op, PostOpKind::relu), success();
    if (auto leaky = dyn_cast<LeakyReluOp>(op))
      return appendPostOp(rewriter, call, op, PostOpKind::relu,
                          leaky.getAlpha().convertToFloat()),
             success();
    if (isa<SigmoidOp>(op))
      return appendPostOp(rewriter, call, op, PostOpKind::sigmoid), success();
    if (isa<TanhOp>(op))
      return appendPostOp(rewriter, call, op, PostOpKind::tanh), success();
    if (auto gelu = dyn_cast<GeluOp>(op))
      return appendPostOp(rewriter, call, op,
                          gelu.getApproximate() == "tanh"
                              ? PostOpKind::gelu_tanh
                              : PostOpKind::gelu_erf),
             success();
    if (auto clip = dyn_cast<ClipOp>(op)) {
      // Clip's bounds must be constant scalars (absent is unbounded).
      float bounds[2] = {-std::numeric_limits<float>::infinity(),
                         std::numeric_limits<float>::infinity()};
      Value limits[2] = {clip.getMin(), clip.getMax()};
      for (int i = 0; i < 2; ++i) {
        if (!limits[i])
          continue;
        DenseFPElementsAttr attr;
        if (!matchPattern(limits[i], m_Constant(&attr)) ||
            attr.getNumElements() != 1)
          return failure();
        bounds[i] = (*attr.value_begin<APFloat>()).convertToFloat();
      }
      return appendPostOp(rewriter, call, op, PostOpKind::clip, bounds[0],
                          bounds[1]),
             success();
    }
    return failure();
  }
};

/// SiLU written as y * sigmoid(y) on a call's result y: a swish post op.
struct FuseSwish : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [callSide, gate] :
         {std::pair{op.getA(), op.getB()}, std::pair{op.getB(), op.getA()}}) {
      auto sigmoid = gate.getDefiningOp<SigmoidOp>();
      Operation *call = callSide.getDefiningOp();
      if (!sigmoid || sigmoid.getX() != callSide || !gate.hasOneUse() ||
          !isa_and_nonnull<kexec::ConvolutionOp, kexec::MatMulOp>(call) ||
          callSide.getType() != op.getType() ||
          !llvm::all_of(callSide.getUsers(), [&](Operation *user) {
            return user == op || user == sigmoid;
          }))
        continue;
      appendPostOp(rewriter, call, op, kexec::PostOpKind::swish, 1.0f, 0.0f,
                   Value(), sigmoid);
      return success();
    }
    return failure();
  }
};

/// A residual Add of a call's result and a tensor of the same type.
struct FuseResidualAdd : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [callSide, otherSide] :
         {std::pair{op.getA(), op.getB()}, std::pair{op.getB(), op.getA()}}) {
      Operation *call = getFusableCall(callSide);
      if (!call || otherSide.getType() != op.getType() ||
          callSide.getType() != op.getType() || otherSide == callSide)
        continue;
      appendPostOp(rewriter, call, op, kexec::PostOpKind::add, 0, 0,
                   otherSide);
      return success();
    }
    return failure();
  }
};

/// An Add of a per-column vector ([N] or [1, ..., 1, N]) to a matrix
/// product's result, before any post op: the product's bias, which oneDNN
/// adds in the same pass (exporters write Linear layers as MatMul + Add).
struct FuseMatMulBias : OpRewritePattern<AddOp> {
  // Before FuseResidualAdd, which would take a [1, N] bias of a [1, N]
  // result as a binary post op.
  FuseMatMulBias(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [callSide, bias] :
         {std::pair{op.getA(), op.getB()}, std::pair{op.getB(), op.getA()}}) {
      auto matmul = callSide.getDefiningOp<kexec::MatMulOp>();
      if (!matmul || !callSide.hasOneUse() || matmul.getBias() ||
          !matmul.getPostOps().empty() ||
          !matmul.getAlpha().isExactlyValue(1.0) ||
          callSide.getType() != op.getType() || !isF32Tensor(bias))
        continue;
      auto biasType = cast<RankedTensorType>(bias.getType());
      ArrayRef<int64_t> result = op.getType().getShape();
      if (biasType.getRank() > int64_t(result.size()) ||
          biasType.getRank() == 0 || ShapedType::isDynamic(result.back()) ||
          biasType.getShape().back() != result.back() ||
          llvm::any_of(biasType.getShape().drop_back(),
                       [](int64_t dim) { return dim != 1; }))
        continue;
      auto fused = kexec::MatMulOp::create(
          rewriter, rewriter.getFusedLoc({matmul.getLoc(), op.getLoc()}),
          op.getType(), matmul.getA(), matmul.getB(), bias, ValueRange(),
          matmul.getTransposeA(), matmul.getTransposeB(), matmul.getAlpha(),
          llvm::APFloat(1.0f), matmul.getPostOps());
      rewriter.replaceOp(op, fused.getOutput());
      rewriter.eraseOp(matmul);
      return success();
    }
    return failure();
  }
};

struct OutlineLibraryCallsPass
    : kiln::impl::OutlineLibraryCallsPassBase<OutlineLibraryCallsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateOutlineLibraryCallsPatterns(patterns);
    // Post ops fold in whatever order the driver visits the ops.
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void mlir::kiln::populateOutlineLibraryCallsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<OutlineConv, OutlineGemm, OutlineMatMul,
               OutlinePool<AveragePoolOp>, OutlinePool<MaxPoolOp>,
               FuseActivation, FuseMatMulBias, FuseResidualAdd, FuseSwish>(
      patterns.getContext());
}
