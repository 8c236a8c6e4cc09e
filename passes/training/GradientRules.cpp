// SPDX-License-Identifier: Apache-2.0
//===- GradientRules.cpp - how each kiln op passes gradients back ---------===//
//
// Each rule writes its op's derivative in kiln ops, so the gradients go
// through the same graph passes, fusion and code generation as the forward
// program. Rules that need a result of the forward op (exp, tanh) use it
// rather than computing it again.
//
//===----------------------------------------------------------------------===//

#include "passes/training/GradientRules.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::training;

namespace {

RankedTensorType getRankedType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

/// A 1-D i64 constant (a shape operand).
Value createShape(OpBuilder &b, Location loc, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI64Type());
  return ConstantOp::create(b, loc, DenseIntElementsAttr::get(type, values));
}

/// A scalar (rank-0) constant of `like`'s element type.
Value createScalar(OpBuilder &b, Location loc, Value like, double value) {
  auto type = RankedTensorType::get({}, getElementTypeOrSelf(like));
  return createSplat(b, loc, type, value);
}

/// A scalar (rank-0) one of `like`'s element type, integer or float.
Value createOne(OpBuilder &b, Location loc, Value like) {
  Type element = getElementTypeOrSelf(like);
  auto type = RankedTensorType::get({}, element);
  if (isa<FloatType>(element))
    return createSplat(b, loc, type, 1.0);
  return ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getIntegerAttr(element, 1)));
}

/// Creates a kiln op of `name` that infers its result types.
template <typename Op>
Value create(OpBuilder &b, Location loc, ValueRange operands,
             ArrayRef<NamedAttribute> attributes = {}) {
  return Op::create(b, loc, operands, attributes)->getResult(0);
}

/// `value` reshaped to the static `shape`.
Value reshape(OpBuilder &b, Location loc, Value value,
              ArrayRef<int64_t> shape) {
  return create<ReshapeOp>(
      b, loc, {value, createShape(b, loc, shape)},
      {b.getNamedAttr("allowzero", b.getI64IntegerAttr(0))});
}

/// `value` transposed by `perm`.
Value transpose(OpBuilder &b, Location loc, Value value,
                ArrayRef<int64_t> perm) {
  return create<TransposeOp>(
      b, loc, value, {b.getNamedAttr("perm", b.getDenseI64ArrayAttr(perm))});
}

/// `alpha * op(x) op(y)` as a kiln.gemm (2-D operands).
Value gemm(OpBuilder &b, Location loc, Value x, Value y, bool transX,
           bool transY, float alpha) {
  return create<GemmOp>(
      b, loc, {x, y},
      {b.getNamedAttr("alpha", b.getF32FloatAttr(alpha)),
       b.getNamedAttr("beta", b.getF32FloatAttr(0.0f)),
       b.getNamedAttr("transA", b.getI64IntegerAttr(transX)),
       b.getNamedAttr("transB", b.getI64IntegerAttr(transY))});
}

/// `value` converted to `like`'s element type.
Value castLike(OpBuilder &b, Location loc, Value value, Value like) {
  Type element = getElementTypeOrSelf(like);
  if (getElementTypeOrSelf(value) == element)
    return value;
  return create<CastOp>(b, loc, value,
                        {b.getNamedAttr("to", TypeAttr::get(element)),
                         b.getNamedAttr("saturate", b.getI64IntegerAttr(1)),
                         b.getNamedAttr("round_mode", b.getStringAttr("up"))});
}

/// A reduction `Op` (ReduceSum, ReduceMean) of `value` over `axes`.
template <typename Op>
Value reduce(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> axes,
             bool keepdims) {
  return create<Op>(
      b, loc, value,
      {b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
       b.getNamedAttr("keepdims", b.getI64IntegerAttr(keepdims)),
       b.getNamedAttr("noop_with_empty_axes", b.getI64IntegerAttr(0))});
}

/// The sum of `value` over `axis`, keeping the dim.
Value sumAlong(OpBuilder &b, Location loc, Value value, int64_t axis) {
  return reduce<ReduceSumOp>(b, loc, value, {axis}, /*keepdims=*/true);
}

/// Appends the gradient of `op`'s optional operand `index` (a broadcast
/// bias or addend) when `op` has it: `grad` summed back to its shape.
LogicalResult appendSummed(OpBuilder &b, Operation *op, unsigned index,
                           Value grad, SmallVectorImpl<Value> &grads) {
  if (op->getNumOperands() <= index)
    return success();
  FailureOr<Value> summed = sumToShape(b, op->getLoc(), grad,
                                       getRankedType(op->getOperand(index)));
  if (failed(summed))
    return failure();
  grads.push_back(*summed);
  return success();
}

/// `op`'s `axis` attribute (Softmax's), -1 when absent.
int64_t getAxis(Operation *op) {
  auto axis = op->getAttrOfType<IntegerAttr>("axis");
  return axis ? axis.getInt() : -1;
}

/// A rule for an op that only rearranges elements into a static shape
/// (reshape, squeeze, flatten): the gradient reshaped back; other operands
/// (shapes, axes) get none.
FailureOr<SmallVector<Value>> reshapeBack(OpBuilder &b, Operation *op,
                                          ArrayRef<Value> g) {
  RankedTensorType input = getRankedType(op->getOperand(0));
  if (!input.hasStaticShape())
    return op->emitOpError("has no gradient rule for dynamic shapes yet");
  SmallVector<Value> grads(op->getNumOperands());
  grads[0] = reshape(b, op->getLoc(), g[0], input.getShape());
  return grads;
}

/// `value` with its last two dims swapped.
Value transposeLastTwo(OpBuilder &b, Location loc, Value value) {
  int64_t rank = getRankedType(value).getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return transpose(b, loc, value, perm);
}

/// Gradients of a broadcasting binary op, each summed back to its operand.
FailureOr<SmallVector<Value>> toOperands(OpBuilder &b, Operation *op,
                                         Value gradA, Value gradB) {
  SmallVector<Value> grads;
  Value operandGrads[] = {gradA, gradB};
  for (auto [operand, grad] : llvm::zip(op->getOperands(), operandGrads)) {
    FailureOr<Value> summed =
        sumToShape(b, op->getLoc(), grad, getRankedType(operand));
    if (failed(summed))
      return failure();
    grads.push_back(*summed);
  }
  return grads;
}

/// A rule for an elementwise op with one operand: operand gradient =
/// result gradient * derivative(operand x, result y).
GradientRule unary(
    std::function<Value(OpBuilder &, Location, Value x, Value y)> derivative) {
  return [derivative](OpBuilder &b, Operation *op,
                      ArrayRef<Value> resultGrads) -> FailureOr<SmallVector<Value>> {
    Location loc = op->getLoc();
    Value slope = derivative(b, loc, op->getOperand(0), op->getResult(0));
    return SmallVector<Value>{create<MulOp>(b, loc, {resultGrads[0], slope})};
  };
}

/// The shape of a reduction's result with `keepdims`: `input`'s with the
/// reduced axes set to 1.
FailureOr<SmallVector<int64_t>> getKeptShape(Operation *op,
                                             RankedTensorType input) {
  auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes");
  if (op->getNumOperands() > 1 || !input.hasStaticShape())
    return op->emitOpError("has no gradient rule for axes given as an operand "
                           "or dynamic shapes yet");
  SmallVector<int64_t> shape(input.getShape());
  if (!axes || axes.empty()) {
    auto noop = op->getAttrOfType<IntegerAttr>("noop_with_empty_axes");
    if (noop && noop.getInt() != 0)
      return shape;
    return SmallVector<int64_t>(shape.size(), 1);
  }
  for (int64_t axis : axes.asArrayRef())
    shape[axis < 0 ? axis + input.getRank() : axis] = 1;
  return shape;
}

/// A reduction's result `value` broadcast back over the reduced dims of its
/// input.
FailureOr<Value> broadcastBack(OpBuilder &b, Operation *op, Value value) {
  Location loc = op->getLoc();
  RankedTensorType input = getRankedType(op->getOperand(0));
  FailureOr<SmallVector<int64_t>> kept = getKeptShape(op, input);
  if (failed(kept))
    return failure();
  return create<ExpandOp>(b, loc,
                          {reshape(b, loc, value, *kept),
                           createShape(b, loc, input.getShape())});
}

/// The gradient of a sum over axes: the result's gradient broadcast back
/// over the reduced dims, times `scale`.
FailureOr<SmallVector<Value>> spreadBack(OpBuilder &b, Operation *op,
                                         Value grad, double scale) {
  Location loc = op->getLoc();
  FailureOr<Value> broadcast = broadcastBack(b, op, grad);
  if (failed(broadcast))
    return failure();
  Value spread = *broadcast;
  if (scale != 1.0)
    spread = create<MulOp>(b, loc, {spread, createScalar(b, loc, grad, scale)});
  return SmallVector<Value>{spread};
}

/// What SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss (operands:
/// scores or log-probabilities [N, C, d...], labels [N, d...], optional
/// class weights [C]) share in their gradient: the labels one-hot over C,
/// and each sample's coefficient shaped [N, 1, d...]: its class weight (0
/// for `ignore_index`) times the loss's gradient `grad`, divided by the
/// total weight for the mean. The weights get no gradient.
FailureOr<std::pair<Value, Value>> classGradient(OpBuilder &b, Operation *op,
                                                 Value grad) {
  Location loc = op->getLoc();
  Value scores = op->getOperand(0), labels = op->getOperand(1);
  RankedTensorType scoresType = getRankedType(scores);
  RankedTensorType labelsType = getRankedType(labels);
  if (!scoresType.hasStaticShape() || !labelsType.hasStaticShape())
    return op->emitOpError("has no gradient rule for dynamic shapes yet");
  auto reductionAttr = op->getAttrOfType<StringAttr>("reduction");
  StringRef reduction = reductionAttr ? reductionAttr.getValue() : "mean";
  if (reduction != "mean" && reduction != "sum" && reduction != "none")
    return op->emitOpError("has no gradient rule for reduction '")
           << reduction << "'";
  Type element = scoresType.getElementType();
  Value values = ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({2}, element),
                             ArrayRef<Attribute>{b.getFloatAttr(element, 0.0),
                                                 b.getFloatAttr(element, 1.0)}));
  Value depth = ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                             b.getI64IntegerAttr(scoresType.getDimSize(1))));
  Value oneHot =
      create<OneHotOp>(b, loc, {labels, depth, values},
                       {b.getNamedAttr("axis", b.getI64IntegerAttr(1))});
  auto samplesType = RankedTensorType::get(labelsType.getShape(), element);
  Value weight = createSplat(b, loc, samplesType, 1.0);
  if (op->getNumOperands() > 2)
    weight = create<GatherOp>(b, loc, {op->getOperand(2), labels},
                              {b.getNamedAttr("axis", b.getI64IntegerAttr(0))});
  if (auto ignore = op->getAttrOfType<IntegerAttr>("ignore_index")) {
    Type labelElement = labelsType.getElementType();
    Value ignored = ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({}, labelElement),
                               b.getIntegerAttr(labelElement, ignore.getInt())));
    weight = create<WhereOp>(b, loc,
                             {create<EqualOp>(b, loc, {labels, ignored}),
                              createScalar(b, loc, scores, 0.0), weight});
  }
  Value coefficient = create<MulOp>(b, loc, {grad, weight});
  if (reduction == "mean") {
    SmallVector<int64_t> all =
        llvm::to_vector(llvm::seq<int64_t>(0, labelsType.getRank()));
    Value total = reduce<ReduceSumOp>(b, loc, weight, all, /*keepdims=*/false);
    coefficient = create<DivOp>(b, loc, {coefficient, total});
  }
  SmallVector<int64_t> perSample(labelsType.getShape());
  perSample.insert(perSample.begin() + 1, 1);
  return std::make_pair(oneHot, reshape(b, loc, coefficient, perSample));
}

} // namespace

Value mlir::kiln::training::createSplat(OpBuilder &b, Location loc,
                                        RankedTensorType type, double value) {
  auto element = cast<FloatType>(type.getElementType());
  APFloat splat(value);
  bool lost;
  splat.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
  return ConstantOp::create(b, loc, DenseElementsAttr::get(type, splat));
}

FailureOr<Value> mlir::kiln::training::sumToShape(OpBuilder &b, Location loc,
                                                  Value grad,
                                                  RankedTensorType type) {
  if (!grad || grad.getType() == type)
    return grad;
  RankedTensorType gradType = getRankedType(grad);
  if (!gradType || !gradType.hasStaticShape() || !type.hasStaticShape())
    return emitError(loc, "gradient of a broadcast operand with dynamic "
                          "shape is not supported yet");
  int64_t lead = gradType.getRank() - type.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < gradType.getRank(); ++d)
    if (d < lead || (type.getDimSize(d - lead) == 1 &&
                     gradType.getDimSize(d) != 1))
      axes.push_back(d);
  Value summed = grad;
  if (!axes.empty())
    summed = reduce<ReduceSumOp>(b, loc, grad, axes, /*keepdims=*/true);
  return reshape(b, loc, summed, type.getShape());
}

const GradientRule *GradientRegistry::lookup(Operation *op) const {
  auto it = rules.find(op->getName().getStringRef());
  return it == rules.end() ? nullptr : &it->second;
}

void GradientRegistry::add(StringRef name, GradientRule rule) {
  rules[name] = std::move(rule);
}

namespace mlir::kiln::training {

struct RegistryBuilder {
  static GradientRegistry build() {
    GradientRegistry registry;

    // Arithmetic with broadcasting.
    registry.add(AddOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                   ArrayRef<Value> g) {
      return toOperands(b, op, g[0], g[0]);
    });
    registry.add(SubOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                   ArrayRef<Value> g) {
      return toOperands(b, op, g[0], create<NegOp>(b, op->getLoc(), g[0]));
    });
    registry.add(MulOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                   ArrayRef<Value> g) {
      Location loc = op->getLoc();
      return toOperands(b, op, create<MulOp>(b, loc, {g[0], op->getOperand(1)}),
                        create<MulOp>(b, loc, {g[0], op->getOperand(0)}));
    });
    registry.add(DivOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                   ArrayRef<Value> g) {
      // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b.
      Location loc = op->getLoc();
      Value gradA = create<DivOp>(b, loc, {g[0], op->getOperand(1)});
      Value gradB = create<NegOp>(
          b, loc,
          create<DivOp>(b, loc,
                        {create<MulOp>(b, loc, {g[0], op->getResult(0)}),
                         op->getOperand(1)}));
      return toOperands(b, op, gradA, gradB);
    });

    // Elementwise functions, from the operand x or the result y.
    registry.add(NegOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                   ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      return SmallVector<Value>{create<NegOp>(b, op->getLoc(), g[0])};
    });
    registry.add(IdentityOp::getOperationName(), [](OpBuilder &, Operation *,
                                        ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      return SmallVector<Value>{g[0]};
    });
    registry.add(ExpOp::getOperationName(), unary([](OpBuilder &, Location, Value,
                                         Value y) { return y; }));
    registry.add(LogOp::getOperationName(), unary([](OpBuilder &b, Location loc, Value x,
                                         Value) {
      return create<DivOp>(b, loc, {createScalar(b, loc, x, 1.0), x});
    }));
    registry.add(SqrtOp::getOperationName(), unary([](OpBuilder &b, Location loc, Value,
                                          Value y) {
      return create<DivOp>(b, loc, {createScalar(b, loc, y, 0.5), y});
    }));
    // relu(x) >= 0, so sign(relu(x)) is 1 where x > 0 and 0 elsewhere.
    registry.add(ReluOp::getOperationName(), unary([](OpBuilder &b, Location loc, Value,
                                          Value y) {
      return create<SignOp>(b, loc, y);
    }));
    registry.add(SigmoidOp::getOperationName(), unary([](OpBuilder &b, Location loc, Value,
                                             Value y) {
      Value oneMinus = create<SubOp>(b, loc, {createScalar(b, loc, y, 1.0), y});
      return create<MulOp>(b, loc, {y, oneMinus});
    }));
    registry.add(TanhOp::getOperationName(), unary([](OpBuilder &b, Location loc, Value,
                                          Value y) {
      return create<SubOp>(b, loc, {createScalar(b, loc, y, 1.0),
                                    create<MulOp>(b, loc, {y, y})});
    }));

    // Matrix products: dA = dY Bᵀ, dB = Aᵀ dY, batch dims summed back.
    registry.add(MatMulOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                      ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Value a = op->getOperand(0), bv = op->getOperand(1);
      if (getRankedType(a).getRank() < 2 || getRankedType(bv).getRank() < 2)
        return op->emitOpError("has no gradient rule for 1-D operands yet");
      Location loc = op->getLoc();
      return toOperands(
          b, op, create<MatMulOp>(b, loc, {g[0], transposeLastTwo(b, loc, bv)}),
          create<MatMulOp>(b, loc, {transposeLastTwo(b, loc, a), g[0]}));
    });

    // Reductions and shapes.
    registry.add(ReduceSumOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                         ArrayRef<Value> g) {
      return spreadBack(b, op, g[0], 1.0);
    });
    registry.add(ReduceMeanOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                          ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      RankedTensorType input = getRankedType(op->getOperand(0));
      RankedTensorType result = getRankedType(op->getResult(0));
      if (!input.hasStaticShape() || !result.hasStaticShape())
        return op->emitOpError("has no gradient rule for dynamic shapes yet");
      double count = double(input.getNumElements()) /
                     double(std::max<int64_t>(result.getNumElements(), 1));
      return spreadBack(b, op, g[0], 1.0 / count);
    });
    for (StringRef reshaping :
         {ReshapeOp::getOperationName(), SqueezeOp::getOperationName(),
          UnsqueezeOp::getOperationName(), FlattenOp::getOperationName()})
      registry.add(reshaping, reshapeBack);
    registry.add(TransposeOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                         ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      int64_t rank = getRankedType(op->getOperand(0)).getRank();
      SmallVector<int64_t> perm;
      if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>("perm"))
        perm.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
      else
        perm = llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
      SmallVector<int64_t> inverse(rank);
      for (auto [i, p] : llvm::enumerate(perm))
        inverse[p] = i;
      return SmallVector<Value>{transpose(b, op->getLoc(), g[0], inverse)};
    });
    registry.add(ExpandOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                  ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      FailureOr<Value> summed = sumToShape(b, op->getLoc(), g[0],
                                           getRankedType(op->getOperand(0)));
      if (failed(summed))
        return failure();
      return SmallVector<Value>{*summed, Value()};
    });
    registry.add(CastOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Value input = op->getOperand(0);
      if (!isa<FloatType>(getElementTypeOrSelf(input)))
        return SmallVector<Value>{Value()};
      return SmallVector<Value>{castLike(b, op->getLoc(), g[0], input)};
    });
    registry.add(WhereOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                 ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      Value condition = op->getOperand(0);
      Value zero = createScalar(b, loc, g[0], 0.0);
      SmallVector<Value> grads = {Value()};
      Value chosen[] = {create<WhereOp>(b, loc, {condition, g[0], zero}),
                        create<WhereOp>(b, loc, {condition, zero, g[0]})};
      for (auto [operand, grad] :
           llvm::zip(op->getOperands().drop_front(), chosen)) {
        FailureOr<Value> summed = sumToShape(b, loc, grad, getRankedType(operand));
        if (failed(summed))
          return failure();
        grads.push_back(*summed);
      }
      return grads;
    });

    // More elementwise functions.
    registry.add(ErfOp::getOperationName(), unary([](OpBuilder &b, Location loc,
                                                     Value x, Value) {
      // 2/sqrt(pi) * exp(-x²).
      Value square = create<MulOp>(b, loc, {x, x});
      Value bell = create<ExpOp>(b, loc, create<NegOp>(b, loc, square));
      return create<MulOp>(b, loc,
                           {bell, createScalar(b, loc, x, 2.0 / std::sqrt(M_PI))});
    }));
    registry.add(GeluOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      auto approximate = op->getAttrOfType<StringAttr>("approximate");
      if (approximate && approximate.getValue() != "none")
        return op->emitOpError("has no gradient rule for the tanh "
                               "approximation yet");
      // d/dx x·Φ(x) = Φ(x) + x·φ(x), Φ(x) = (1 + erf(x/√2))/2,
      // φ(x) = exp(-x²/2)/√(2π).
      Location loc = op->getLoc();
      Value x = op->getOperand(0);
      auto scalar = [&](double v) { return createScalar(b, loc, x, v); };
      Value erf = create<ErfOp>(
          b, loc, create<MulOp>(b, loc, {x, scalar(1.0 / std::sqrt(2.0))}));
      Value cdf = create<MulOp>(
          b, loc, {create<AddOp>(b, loc, {erf, scalar(1.0)}), scalar(0.5)});
      Value square = create<MulOp>(b, loc, {x, x});
      Value pdf = create<MulOp>(
          b, loc,
          {create<ExpOp>(b, loc, create<MulOp>(b, loc, {square, scalar(-0.5)})),
           scalar(1.0 / std::sqrt(2.0 * M_PI))});
      Value slope = create<AddOp>(b, loc, {cdf, create<MulOp>(b, loc, {x, pdf})});
      return SmallVector<Value>{create<MulOp>(b, loc, {g[0], slope})};
    });
    registry.add(LeakyReluOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                     ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      Value x = op->getOperand(0);
      auto alpha = op->getAttrOfType<FloatAttr>("alpha");
      double slope = alpha ? alpha.getValueAsDouble() : 0.01;
      Value positive = create<GreaterOp>(b, loc, {x, createScalar(b, loc, x, 0.0)});
      Value scaled = create<MulOp>(b, loc, {g[0], createScalar(b, loc, x, slope)});
      return SmallVector<Value>{create<WhereOp>(b, loc, {positive, g[0], scaled})};
    });
    registry.add(PowOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                               ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      // d(x^y)/dx = y·x^(y-1); d(x^y)/dy = x^y·log(x).
      Location loc = op->getLoc();
      Value x = op->getOperand(0), y = op->getOperand(1);
      Value lowered = create<SubOp>(b, loc, {y, createOne(b, loc, y)});
      Value slope = create<MulOp>(
          b, loc, {castLike(b, loc, y, x), create<PowOp>(b, loc, {x, lowered})});
      Value gradX = create<MulOp>(b, loc, {g[0], slope});
      Value gradY;
      if (isa<FloatType>(getElementTypeOrSelf(y)))
        gradY = create<MulOp>(
            b, loc, {g[0], create<MulOp>(b, loc, {op->getResult(0),
                                                  create<LogOp>(b, loc, x)})});
      return toOperands(b, op, gradX, gradY);
    });

    // Normalized exponentials along an axis.
    registry.add(SoftmaxOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                   ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      // dx = y · (dy - Σ dy·y).
      Location loc = op->getLoc();
      Value y = op->getResult(0);
      Value dot = sumAlong(b, loc, create<MulOp>(b, loc, {g[0], y}), getAxis(op));
      return SmallVector<Value>{
          create<MulOp>(b, loc, {y, create<SubOp>(b, loc, {g[0], dot})})};
    });
    registry.add(LogSoftmaxOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                      ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      // dx = dy - softmax(x) · Σ dy.
      Location loc = op->getLoc();
      Value softmax = create<ExpOp>(b, loc, op->getResult(0));
      Value total = sumAlong(b, loc, g[0], getAxis(op));
      return SmallVector<Value>{create<SubOp>(
          b, loc, {g[0], create<MulOp>(b, loc, {softmax, total})})};
    });

    // Gemm: Y = α·A'·B' + β·C, A' = A or Aᵀ (transA), B' likewise.
    registry.add(GemmOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      auto attr = [&](StringRef name, double fallback) {
        Attribute value = op->getAttr(name);
        if (auto f = dyn_cast_or_null<FloatAttr>(value))
          return f.getValueAsDouble();
        if (auto i = dyn_cast_or_null<IntegerAttr>(value))
          return double(i.getInt());
        return fallback;
      };
      float alpha = attr("alpha", 1.0), beta = attr("beta", 1.0);
      bool transA = attr("transA", 0) != 0, transB = attr("transB", 0) != 0;
      Value a = op->getOperand(0), bv = op->getOperand(1);
      // dA' = α·dY·B'ᵀ and dB' = α·A'ᵀ·dY, transposed back where A or B
      // were.
      Value gradA = transA ? gemm(b, loc, bv, g[0], transB, true, alpha)
                           : gemm(b, loc, g[0], bv, false, !transB, alpha);
      Value gradB = transB ? gemm(b, loc, g[0], a, true, transA, alpha)
                           : gemm(b, loc, a, g[0], !transA, false, alpha);
      SmallVector<Value> grads = {gradA, gradB};
      if (op->getNumOperands() > 2 &&
          failed(appendSummed(
              b, op, 2,
              create<MulOp>(b, loc, {g[0], createScalar(b, loc, g[0], beta)}),
              grads)))
        return failure();
      return grads;
    });
    // The maximum's gradient goes to the elements equal to it, shared
    // evenly among ties (as torch's amax).
    registry.add(ReduceMaxOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                     ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      Value x = op->getOperand(0);
      FailureOr<Value> max = broadcastBack(b, op, op->getResult(0));
      FailureOr<Value> spread = broadcastBack(b, op, g[0]);
      if (failed(max) || failed(spread))
        return failure();
      Value hit = create<WhereOp>(b, loc, {create<EqualOp>(b, loc, {x, *max}),
                                           createScalar(b, loc, x, 1.0),
                                           createScalar(b, loc, x, 0.0)});
      auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes");
      SmallVector<int64_t> all = llvm::to_vector(
          llvm::seq<int64_t>(0, getRankedType(x).getRank()));
      Value ties = reduce<ReduceSumOp>(
          b, loc, hit,
          axes && !axes.empty() ? axes.asArrayRef() : ArrayRef<int64_t>(all),
          /*keepdims=*/true);
      Value share = create<DivOp>(b, loc, {hit, ties});
      return SmallVector<Value>{create<MulOp>(b, loc, {*spread, share})};
    });

    // Concat: each input gets its slice of the gradient along the axis.
    registry.add(ConcatOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                  ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      int64_t rank = getRankedType(op->getResult(0)).getRank();
      int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
      if (axis < 0)
        axis += rank;
      SmallVector<Value> grads;
      int64_t offset = 0;
      for (Value input : op->getOperands()) {
        int64_t size = getRankedType(input).getDimSize(axis);
        if (ShapedType::isDynamic(size))
          return op->emitOpError("has no gradient rule for dynamic sizes "
                                 "along its axis yet");
        Value operands[] = {g[0], createShape(b, loc, {offset}),
                            createShape(b, loc, {offset + size}),
                            createShape(b, loc, {axis})};
        grads.push_back(create<SliceOp>(
            b, loc, operands,
            {b.getNamedAttr("operandSegmentSizes",
                            b.getDenseI32ArrayAttr({1, 1, 1, 1, 0}))}));
        offset += size;
      }
      return grads;
    });

    // Gather (an embedding lookup): each gathered slice's gradient added
    // back at its index, by ScatterND with reduction add into zeros. Other
    // axes than 0 are moved to the front and back with transposes.
    registry.add(GatherOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                  ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      Value data = op->getOperand(0), indices = op->getOperand(1);
      RankedTensorType dataType = getRankedType(data);
      RankedTensorType indicesType = getRankedType(indices);
      if (!dataType.hasStaticShape() || !indicesType.hasStaticShape())
        return op->emitOpError("has no gradient rule for dynamic shapes yet");
      int64_t rank = dataType.getRank(), count = indicesType.getRank();
      auto axisAttr = op->getAttrOfType<IntegerAttr>("axis");
      int64_t axis = axisAttr ? axisAttr.getInt() : 0;
      if (axis < 0)
        axis += rank;
      int64_t size = dataType.getDimSize(axis);
      // Indices as i64 in [0, size), with a trailing dim of 1.
      auto i64 = RankedTensorType::get(indicesType.getShape(), b.getI64Type());
      Value index = indices;
      if (indicesType.getElementType() != b.getI64Type())
        index = create<CastOp>(b, loc, index,
                               {b.getNamedAttr("to", TypeAttr::get(b.getI64Type())),
                                b.getNamedAttr("saturate", b.getI64IntegerAttr(1)),
                                b.getNamedAttr("round_mode", b.getStringAttr("up"))});
      auto scalarI64 = [&](int64_t v) -> Value {
        return ConstantOp::create(
            b, loc, DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                           b.getI64IntegerAttr(v)));
      };
      Value negative = create<LessOp>(b, loc, {index, scalarI64(0)});
      index = create<WhereOp>(
          b, loc, {negative, create<AddOp>(b, loc, {index, scalarI64(size)}), index});
      SmallVector<int64_t> indexShape(i64.getShape());
      indexShape.push_back(1);
      index = reshape(b, loc, index, indexShape);
      // The gradient with the gathered dims first: [indices..., data dims
      // before axis..., after...].
      SmallVector<int64_t> toFront;
      for (int64_t d = 0; d < count; ++d)
        toFront.push_back(axis + d);
      for (int64_t d = 0; d < axis; ++d)
        toFront.push_back(d);
      for (int64_t d = axis + count; d < count + rank - 1; ++d)
        toFront.push_back(d);
      Value updates = axis == 0 ? g[0] : transpose(b, loc, g[0], toFront);
      // Zeros of data's shape with `axis` first.
      SmallVector<int64_t> dataFront = {axis};
      for (int64_t d = 0; d < rank; ++d)
        if (d != axis)
          dataFront.push_back(d);
      SmallVector<int64_t> frontShape;
      for (int64_t d : dataFront)
        frontShape.push_back(dataType.getDimSize(d));
      Value zeros = createSplat(
          b, loc, RankedTensorType::get(frontShape, dataType.getElementType()), 0.0);
      Value scattered = create<ScatterNDOp>(
          b, loc, {zeros, index, updates},
          {b.getNamedAttr("reduction", b.getStringAttr("add"))});
      if (axis != 0) {
        SmallVector<int64_t> back(rank);
        for (auto [i, d] : llvm::enumerate(dataFront))
          back[d] = i;
        scattered = transpose(b, loc, scattered, back);
      }
      return SmallVector<Value>{scattered, Value()};
    });

    // Split: the results' gradients (zeros where none flows) concatenated.
    registry.add(SplitOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                 ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      SmallVector<Value> pieces;
      for (auto [result, grad] : llvm::zip(op->getResults(), g)) {
        RankedTensorType type = getRankedType(result);
        if (!grad && !type.hasStaticShape())
          return op->emitOpError("has no gradient rule for dynamic shapes yet");
        pieces.push_back(grad ? grad : createSplat(b, loc, type, 0.0));
      }
      auto axis = op->getAttrOfType<IntegerAttr>("axis");
      SmallVector<Value> grads(op->getNumOperands());
      grads[0] = create<ConcatOp>(
          b, loc, pieces,
          {b.getNamedAttr("axis", b.getI64IntegerAttr(axis ? axis.getInt() : 0))});
      return grads;
    });

    // Slice (constant starts, ends and axes, unit steps): the gradient
    // padded with zeros back to the input's shape.
    registry.add(SliceOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                 ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      RankedTensorType input = getRankedType(op->getOperand(0));
      RankedTensorType result = getRankedType(op->getResult(0));
      auto constants = [&](unsigned index) -> std::optional<SmallVector<int64_t>> {
        DenseIntElementsAttr values;
        if (index >= op->getNumOperands() ||
            !matchPattern(op->getOperand(index), m_Constant(&values)))
          return std::nullopt;
        return llvm::map_to_vector(values.getValues<APInt>(), [](const APInt &v) {
          return v.getSExtValue();
        });
      };
      std::optional<SmallVector<int64_t>> starts = constants(1);
      std::optional<SmallVector<int64_t>> axes = constants(3);
      std::optional<SmallVector<int64_t>> steps = constants(4);
      bool unitSteps = op->getNumOperands() < 5 ||
                       (steps && llvm::all_of(*steps, [](int64_t s) { return s == 1; }));
      if (!starts || !unitSteps || !input.hasStaticShape() ||
          !result.hasStaticShape() || (op->getNumOperands() > 3 && !axes))
        return op->emitOpError("has no gradient rule for computed bounds, "
                               "steps other than 1 or dynamic shapes yet");
      int64_t rank = input.getRank();
      if (!axes)
        axes = llvm::to_vector(llvm::seq<int64_t>(0, starts->size()));
      SmallVector<int64_t> pads(2 * rank, 0);
      for (auto [axis, start] : llvm::zip(*axes, *starts)) {
        int64_t d = axis < 0 ? axis + rank : axis;
        int64_t size = input.getDimSize(d);
        int64_t begin = std::clamp<int64_t>(start < 0 ? start + size : start, 0, size);
        pads[d] = begin;
        pads[rank + d] = size - begin - result.getDimSize(d);
      }
      Location loc = op->getLoc();
      SmallVector<Value> grads(op->getNumOperands());
      grads[0] = create<PadOp>(
          b, loc, {g[0], createShape(b, loc, pads)},
          {b.getNamedAttr("mode", b.getStringAttr("constant")),
           b.getNamedAttr("operandSegmentSizes",
                          b.getDenseI32ArrayAttr({1, 1, 0, 0}))});
      return grads;
    });

    // Convolution (explicit pads, one group so far): dX is the transposed
    // convolution of dY by W; dW is the convolution of X (batch and
    // channels swapped) by dY (likewise), strides and dilations exchanged,
    // cropped to the kernel; dB sums dY over all but the channels.
    registry.add(ConvOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      Value x = op->getOperand(0), w = op->getOperand(1);
      RankedTensorType xType = getRankedType(x), wType = getRankedType(w);
      RankedTensorType yType = getRankedType(op->getResult(0));
      auto autoPad = op->getAttrOfType<StringAttr>("auto_pad");
      auto group = op->getAttrOfType<IntegerAttr>("group");
      if (!xType.hasStaticShape() || !wType.hasStaticShape() ||
          !yType.hasStaticShape() || (autoPad && autoPad.getValue() != "NOTSET") ||
          (group && group.getInt() != 1))
        return op->emitOpError("has no gradient rule for dynamic shapes, "
                               "auto_pad or groups yet");
      int64_t spatial = xType.getRank() - 2;
      auto vector = [&](StringRef name, int64_t size, int64_t fallback) {
        SmallVector<int64_t> values(size, fallback);
        if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>(name))
          values.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
        return values;
      };
      SmallVector<int64_t> strides = vector("strides", spatial, 1);
      SmallVector<int64_t> dilations = vector("dilations", spatial, 1);
      SmallVector<int64_t> pads = vector("pads", 2 * spatial, 0);
      auto convAttrs = [&](ArrayRef<int64_t> s, ArrayRef<int64_t> d,
                           ArrayRef<int64_t> p) {
        return SmallVector<NamedAttribute>{
            b.getNamedAttr("auto_pad", b.getStringAttr("NOTSET")),
            b.getNamedAttr("group", b.getI64IntegerAttr(1)),
            b.getNamedAttr("strides", b.getDenseI64ArrayAttr(s)),
            b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(d)),
            b.getNamedAttr("pads", b.getDenseI64ArrayAttr(p))};
      };
      // dX: output_padding makes the transposed convolution X's size.
      SmallVector<int64_t> outputPadding;
      for (int64_t i = 0; i < spatial; ++i) {
        int64_t kernel = wType.getDimSize(2 + i);
        int64_t covered = strides[i] * (yType.getDimSize(2 + i) - 1) +
                          dilations[i] * (kernel - 1) + 1 - pads[i] -
                          pads[spatial + i];
        outputPadding.push_back(xType.getDimSize(2 + i) - covered);
      }
      SmallVector<NamedAttribute> transposed = convAttrs(strides, dilations, pads);
      transposed.push_back(b.getNamedAttr(
          "output_padding", b.getDenseI64ArrayAttr(outputPadding)));
      Value gradX = create<ConvTransposeOp>(b, loc, {g[0], w}, transposed);
      // dW: [C, N, H, W] * [F, N, OH, OW] -> [C, F, KH', KW'].
      SmallVector<int64_t> swap = llvm::to_vector(llvm::seq<int64_t>(0, spatial + 2));
      std::swap(swap[0], swap[1]);
      Value correlation = create<ConvOp>(
          b, loc, {transpose(b, loc, x, swap), transpose(b, loc, g[0], swap)},
          convAttrs(dilations, strides, pads));
      Value gradW = transpose(b, loc, correlation, swap);
      RankedTensorType full = getRankedType(gradW);
      if (full.getShape() != wType.getShape()) {
        SmallVector<int64_t> zeros(wType.getRank(), 0);
        SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, wType.getRank()));
        Value operands[] = {gradW, createShape(b, loc, zeros),
                            createShape(b, loc, wType.getShape()),
                            createShape(b, loc, axes)};
        gradW = create<SliceOp>(
            b, loc, operands,
            {b.getNamedAttr("operandSegmentSizes",
                            b.getDenseI32ArrayAttr({1, 1, 1, 1, 0}))});
      }
      SmallVector<Value> grads = {gradX, gradW};
      if (op->getNumOperands() > 2) {
        SmallVector<int64_t> axes = {0};
        for (int64_t i = 0; i < spatial; ++i)
          axes.push_back(2 + i);
        grads.push_back(
            reduce<ReduceSumOp>(b, loc, g[0], axes, /*keepdims=*/false));
      }
      return grads;
    });

    // MaxPool: each output's gradient added at the input element it took
    // (the forward's Indices, flat over the whole input).
    registry.add(MaxPoolOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                   ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      RankedTensorType xType = getRankedType(op->getOperand(0));
      RankedTensorType yType = getRankedType(op->getResult(0));
      auto order = op->getAttrOfType<IntegerAttr>("storage_order");
      if (!xType.hasStaticShape() || !yType.hasStaticShape() ||
          (order && order.getInt() != 0))
        return op->emitOpError("has no gradient rule for dynamic shapes or "
                               "column-major indices yet");
      if (!g[0])
        return SmallVector<Value>{Value()};
      int64_t count = yType.getNumElements();
      Value zeros = createSplat(
          b, loc, RankedTensorType::get({xType.getNumElements()}, xType.getElementType()), 0.0);
      Value scattered = create<ScatterElementsOp>(
          b, loc,
          {zeros, reshape(b, loc, op->getResult(1), {count}),
           reshape(b, loc, g[0], {count})},
          {b.getNamedAttr("axis", b.getI64IntegerAttr(0)),
           b.getNamedAttr("reduction", b.getStringAttr("add"))});
      return SmallVector<Value>{reshape(b, loc, scattered, xType.getShape())};
    });
    registry.add(GlobalAveragePoolOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                             ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      RankedTensorType xType = getRankedType(op->getOperand(0));
      if (!xType.hasStaticShape())
        return op->emitOpError("has no gradient rule for dynamic shapes yet");
      int64_t window = 1;
      for (int64_t d = 2; d < xType.getRank(); ++d)
        window *= xType.getDimSize(d);
      Value spread = create<ExpandOp>(
          b, loc, {g[0], createShape(b, loc, xType.getShape())});
      return SmallVector<Value>{create<MulOp>(
          b, loc, {spread, createScalar(b, loc, g[0], 1.0 / double(window))})};
    });
    // Dropout: the kept elements' gradient, scaled as they were (1/(1 -
    // ratio) in training mode); the forward's mask says which were kept.
    registry.add(DropoutOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                   ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      Location loc = op->getLoc();
      auto constant = [&](unsigned index) -> std::optional<Attribute> {
        if (index >= op->getNumOperands())
          return std::nullopt;
        DenseElementsAttr value;
        if (!matchPattern(op->getOperand(index), m_Constant(&value)) ||
            !value.isSplat())
          return Attribute();
        return value.getSplatValue<Attribute>();
      };
      // Operands: data, [ratio], [training_mode] (segment sizes say which).
      auto segments = op->getAttrOfType<DenseI32ArrayAttr>("operandSegmentSizes");
      bool hasRatio = segments && segments[1] > 0;
      bool hasMode = segments && segments[2] > 0;
      SmallVector<Value> grads(op->getNumOperands());
      if (!hasMode) {
        grads[0] = g[0];
        return grads;
      }
      std::optional<Attribute> mode = constant(hasRatio ? 2 : 1);
      auto training = dyn_cast_or_null<BoolAttr>(mode ? *mode : Attribute());
      auto trainingInt = dyn_cast_or_null<IntegerAttr>(mode ? *mode : Attribute());
      if (!training && !trainingInt)
        return op->emitOpError("has no gradient rule for a computed "
                               "training_mode yet");
      bool isTraining = training ? training.getValue() : trainingInt.getInt() != 0;
      if (!isTraining) {
        grads[0] = g[0];
        return grads;
      }
      double ratio = 0.5;
      if (hasRatio) {
        std::optional<Attribute> r = constant(1);
        auto value = dyn_cast_or_null<FloatAttr>(r ? *r : Attribute());
        if (!value)
          return op->emitOpError("has no gradient rule for a computed ratio yet");
        ratio = value.getValueAsDouble();
      }
      Value kept = create<MulOp>(
          b, loc, {g[0], createScalar(b, loc, g[0], 1.0 / (1.0 - ratio))});
      grads[0] = create<WhereOp>(
          b, loc, {op->getResult(1), kept, createScalar(b, loc, g[0], 0.0)});
      return grads;
    });

    // LayerNormalization over dims [axis, rank): with x̂ = (x - mean)·rstd
    // (the forward's Mean and InvStdDev) and d = dY·scale,
    // dx = rstd·(d - mean(d) - x̂·mean(d·x̂)), dScale = Σ dY·x̂, dB = Σ dY.
    registry.add(LayerNormalizationOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                              ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      if (g[1] || g[2])
        return op->emitOpError("has no gradient rule through its Mean or "
                               "InvStdDev results yet");
      Location loc = op->getLoc();
      Value x = op->getOperand(0), scale = op->getOperand(1);
      int64_t rank = getRankedType(x).getRank();
      int64_t axis = getAxis(op);
      if (axis < 0)
        axis += rank;
      SmallVector<int64_t> normalized =
          llvm::to_vector(llvm::seq<int64_t>(axis, rank));
      auto meanOver = [&](Value value) {
        return reduce<ReduceMeanOp>(b, loc, value, normalized,
                                    /*keepdims=*/true);
      };
      Value mean = castLike(b, loc, op->getResult(1), x);
      Value rstd = castLike(b, loc, op->getResult(2), x);
      Value xhat =
          create<MulOp>(b, loc, {create<SubOp>(b, loc, {x, mean}), rstd});
      Value d = create<MulOp>(b, loc, {g[0], scale});
      Value centered = create<SubOp>(b, loc, {d, meanOver(d)});
      Value correction = create<MulOp>(
          b, loc, {xhat, meanOver(create<MulOp>(b, loc, {d, xhat}))});
      Value gradX = create<MulOp>(
          b, loc, {rstd, create<SubOp>(b, loc, {centered, correction})});
      FailureOr<Value> gradScale = sumToShape(
          b, loc, create<MulOp>(b, loc, {g[0], xhat}), getRankedType(scale));
      if (failed(gradScale))
        return failure();
      SmallVector<Value> grads = {gradX, *gradScale};
      if (failed(appendSummed(b, op, 2, g[0], grads)))
        return failure();
      return grads;
    });
    // SoftmaxCrossEntropyLoss: d loss / d scores = (softmax - onehot(label))
    // · each sample's coefficient (classGradient).
    registry.add(SoftmaxCrossEntropyLossOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                                   ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      if (g[1])
        return op->emitOpError("has no gradient rule through its log_prob "
                               "result yet");
      FailureOr<std::pair<Value, Value>> parts = classGradient(b, op, g[0]);
      if (failed(parts))
        return failure();
      Location loc = op->getLoc();
      Value softmax = create<ExpOp>(b, loc, op->getResult(1));
      SmallVector<Value> grads(op->getNumOperands());
      grads[0] = create<MulOp>(
          b, loc, {create<SubOp>(b, loc, {softmax, parts->first}), parts->second});
      return grads;
    });
    // NegativeLogLikelihoodLoss: d loss / d input = -onehot(label) · each
    // sample's coefficient.
    registry.add(NegativeLogLikelihoodLossOp::getOperationName(), [](OpBuilder &b, Operation *op,
                                                                     ArrayRef<Value> g) -> FailureOr<SmallVector<Value>> {
      FailureOr<std::pair<Value, Value>> parts = classGradient(b, op, g[0]);
      if (failed(parts))
        return failure();
      Location loc = op->getLoc();
      SmallVector<Value> grads(op->getNumOperands());
      grads[0] = create<NegOp>(
          b, loc, create<MulOp>(b, loc, {parts->first, parts->second}));
      return grads;
    });
    return registry;
  }
};

} // namespace mlir::kiln::training

const GradientRegistry &GradientRegistry::get() {
  static const GradientRegistry registry = RegistryBuilder::build();
  return registry;
}
