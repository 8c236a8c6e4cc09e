// SPDX-License-Identifier: Apache-2.0
//===- RecurrentLowering.cpp - ONNX RNN, GRU and LSTM to linalg/scf ------===//
//
// A recurrent layer becomes, per direction: one linalg.matmul for the input
// projection of every time step (X W^T, seeded with W's bias), then an
// scf.for over the time steps carrying the hidden (and cell) state and the
// output sequence as tensors. Each step is a linalg.matmul for the
// recurrent projection (H R^T, seeded with R's bias) and one
// linalg.generic for the gates, which reads the projections through
// indexing maps that select each gate's columns. Results of both
// directions are stacked with tensor.insert_slice; layout 1 transposes in
// and out. sequence_lens is not supported yet.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// One activation of a recurrent layer with its parameters.
struct Activation {
  std::string name;
  double alpha = 0, beta = 0;
};

/// Applies activation `act` to scalar `x`.
Value activate(OpBuilder &b, Location loc, const Activation &act, Value x) {
  Type type = x.getType();
  auto c = [&](double v) { return createConstant(b, loc, type, v); };
  StringRef name = act.name;
  auto mul = [&](Value l, Value r) {
    return arith::MulFOp::create(b, loc, l, r);
  };
  auto add = [&](Value l, Value r) {
    return arith::AddFOp::create(b, loc, l, r);
  };
  if (name.equals_insensitive("sigmoid")) {
    Value negated = arith::NegFOp::create(b, loc, x);
    return arith::DivFOp::create(
        b, loc, c(1), add(c(1), math::ExpOp::create(b, loc, negated)));
  }
  if (name.equals_insensitive("tanh"))
    return math::TanhOp::create(b, loc, x);
  if (name.equals_insensitive("relu"))
    return arith::MaximumFOp::create(b, loc, x, c(0));
  if (name.equals_insensitive("affine"))
    return add(mul(c(act.alpha), x), c(act.beta));
  if (name.equals_insensitive("leakyrelu")) {
    Value negative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, c(0));
    return arith::SelectOp::create(b, loc, negative, mul(c(act.alpha), x), x);
  }
  if (name.equals_insensitive("thresholdedrelu")) {
    Value above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                        c(act.alpha));
    return arith::SelectOp::create(b, loc, above, x, c(0));
  }
  if (name.equals_insensitive("scaledtanh"))
    return mul(c(act.alpha), math::TanhOp::create(b, loc, mul(c(act.beta), x)));
  if (name.equals_insensitive("hardsigmoid")) {
    Value v = add(mul(c(act.alpha), x), c(act.beta));
    return arith::MaximumFOp::create(
        b, loc, c(0), arith::MinimumFOp::create(b, loc, c(1), v));
  }
  if (name.equals_insensitive("elu")) {
    Value negative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, c(0));
    Value expm1 =
        arith::SubFOp::create(b, loc, math::ExpOp::create(b, loc, x), c(1));
    return arith::SelectOp::create(b, loc, negative, mul(c(act.alpha), expm1),
                                   x);
  }
  if (name.equals_insensitive("softsign"))
    return arith::DivFOp::create(b, loc, x,
                                 add(c(1), math::AbsFOp::create(b, loc, x)));
  // Softplus
  return math::LogOp::create(b, loc, add(math::ExpOp::create(b, loc, x), c(1)));
}

/// The activations of each direction: the op's list (with alpha/beta taken
/// in order by the functions that have them) or the defaults.
SmallVector<SmallVector<Activation>>
getActivations(std::optional<ArrayAttr> names,
               std::optional<ArrayRef<float>> alphas,
               std::optional<ArrayRef<float>> betas,
               ArrayRef<StringRef> defaults, int64_t directions) {
  SmallVector<Activation> all;
  if (names) {
    size_t nextAlpha = 0, nextBeta = 0;
    for (Attribute attr : *names) {
      Activation act;
      act.name = cast<StringAttr>(attr).getValue().str();
      StringRef name = act.name;
      double alpha = 0, beta = 0;
      bool hasAlpha = true, hasBeta = false;
      if (name.equals_insensitive("leakyrelu"))
        alpha = 0.01;
      else if (name.equals_insensitive("thresholdedrelu") ||
               name.equals_insensitive("elu"))
        alpha = 1.0;
      else if (name.equals_insensitive("scaledtanh") ||
               name.equals_insensitive("affine")) {
        alpha = 1.0;
        beta = name.equals_insensitive("affine") ? 0.0 : 1.0;
        hasBeta = true;
      } else if (name.equals_insensitive("hardsigmoid")) {
        alpha = 0.2;
        beta = 0.5;
        hasBeta = true;
      } else {
        hasAlpha = false;
      }
      if (hasAlpha && alphas && nextAlpha < alphas->size())
        alpha = (*alphas)[nextAlpha++];
      if (hasBeta && betas && nextBeta < betas->size())
        beta = (*betas)[nextBeta++];
      act.alpha = alpha;
      act.beta = beta;
      all.push_back(act);
    }
  } else {
    for (int64_t d = 0; d < directions; ++d)
      for (StringRef name : defaults)
        all.push_back({name.str(), 0, 0});
  }
  SmallVector<SmallVector<Activation>> perDirection(directions);
  size_t count = defaults.size();
  for (int64_t d = 0; d < directions; ++d)
    for (size_t i = 0; i < count; ++i)
      perDirection[d].push_back(all[all.size() == count ? i : d * count + i]);
  return perDirection;
}

/// What differs between RNN, GRU and LSTM.
enum class CellKind { rnn, gru, lstm };

struct RecurrentInputs {
  CellKind kind;
  int64_t gates;
  Value x, w, r, b, initialH, initialC, p;
  StringRef direction;
  int64_t layout;
  std::optional<double> clip;
  bool linearBeforeReset = false, inputForget = false;
  SmallVector<SmallVector<Activation>> activations;
};

/// A[M, K] x B[N, K]^T accumulated into `init` [M, N].
Value matmulTransposedB(OpBuilder &b, Location loc, Value lhs, Value rhs,
                        Value init) {
  MLIRContext *context = b.getContext();
  AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context),
             k = getAffineDimExpr(2, context);
  auto matmul =
      linalg::MatmulOp::create(b, loc, TypeRange{init.getType()},
                               ValueRange{lhs, rhs}, ValueRange{init});
  matmul.setIndexingMapsAttr(
      b.getAffineMapArrayAttr({AffineMap::get(3, 0, {m, k}, context),
                               AffineMap::get(3, 0, {n, k}, context),
                               AffineMap::get(3, 0, {m, n}, context)}));
  return matmul.getResult(0);
}

/// Slice [index] of dim 0 of `value`, without that dim.
Value takeRow(OpBuilder &b, Location loc, Value value, OpFoldResult index) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  offsets[0] = index;
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, value);
  sizes[0] = b.getIndexAttr(1);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  auto resultType = RankedTensorType::get(type.getShape().drop_front(),
                                          type.getElementType());
  return tensor::ExtractSliceOp::create(b, loc, resultType, value, offsets,
                                        sizes, strides);
}

/// Columns [start, start + size) of the 1-D `value`.
Value takeRange(OpBuilder &b, Location loc, Value value, int64_t start,
                int64_t size) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get({size}, type.getElementType());
  return tensor::ExtractSliceOp::create(
      b, loc, resultType, value, ArrayRef<OpFoldResult>{b.getIndexAttr(start)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(size)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
}

/// Writes `slice` (rank r - 1) into `dest` at `index` of dim `dim`.
Value insertAt(OpBuilder &b, Location loc, Value slice, Value dest,
               OpFoldResult index, int64_t dim) {
  auto type = cast<RankedTensorType>(dest.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  offsets[dim] = index;
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, dest);
  sizes[dim] = b.getIndexAttr(1);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, slice, dest, offsets, sizes,
                                       strides);
}

Value transposeTo(OpBuilder &b, Location loc, Value value,
                  ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> inSizes = getSizes(b, loc, value);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  for (int64_t p : perm) {
    shape.push_back(type.getDimSize(p));
    sizes.push_back(inSizes[p]);
  }
  Value init = createEmpty(
      b, loc, RankedTensorType::get(shape, type.getElementType()), sizes);
  return linalg::TransposeOp::create(b, loc, value, init, perm).getResult()[0];
}

/// The recurrent layer of `in`; returns Y, Y_h (and Y_c) in layout 0.
FailureOr<SmallVector<Value>> lowerRecurrent(Operation *op, OpBuilder &b,
                                             RecurrentInputs &in) {
  Location loc = op->getLoc();
  MLIRContext *context = b.getContext();
  Value x = in.x;
  if (in.layout == 1) {
    x = transposeTo(b, loc, x, {1, 0, 2});
    if (in.initialH)
      in.initialH = transposeTo(b, loc, in.initialH, {1, 0, 2});
    if (in.initialC)
      in.initialC = transposeTo(b, loc, in.initialC, {1, 0, 2});
  }
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(in.w.getType());
  auto rType = cast<RankedTensorType>(in.r.getType());
  Type type = xType.getElementType();
  int64_t hidden = rType.getDimSize(2);
  int64_t inputSize = wType.getDimSize(2);
  int64_t directions = wType.getDimSize(0);
  if (ShapedType::isDynamic(hidden) || ShapedType::isDynamic(inputSize) ||
      ShapedType::isDynamic(directions))
    return emitLoweringError(op, "W and R need static shapes");
  int64_t gateWidth = in.gates * hidden;
  SmallVector<OpFoldResult> xSizes = getSizes(b, loc, x);
  OpFoldResult seq = xSizes[0], batch = xSizes[1];
  int64_t seqStatic = xType.getDimSize(0), batchStatic = xType.getDimSize(1);
  auto stateType = RankedTensorType::get({batchStatic, hidden}, type);
  SmallVector<OpFoldResult> stateSizes = {batch, b.getIndexAttr(hidden)};
  Value zero = createConstant(b, loc, type, 0);
  auto gateType = RankedTensorType::get({batchStatic, gateWidth}, type);
  SmallVector<OpFoldResult> gateSizes = {batch, b.getIndexAttr(gateWidth)};

  // All steps' input projections at once: [seq * batch, I] x W^T.
  SmallVector<ReassociationIndices> flatGroups = {{0, 1}, {2}};
  RankedTensorType flatType =
      tensor::CollapseShapeOp::inferCollapsedType(xType, flatGroups);
  Value flatX =
      tensor::CollapseShapeOp::create(b, loc, flatType, x, flatGroups);
  OpFoldResult rows = getSizes(b, loc, flatX)[0];
  auto projType =
      RankedTensorType::get({flatType.getDimSize(0), gateWidth}, type);

  SmallVector<Value> ys, lastH, lastC;
  for (int64_t d = 0; d < directions; ++d) {
    bool reverse = in.direction == "reverse" || (d == 1);
    ArrayRef<Activation> acts = in.activations[d];
    Value w = takeRow(b, loc, in.w, b.getIndexAttr(d));
    Value r = takeRow(b, loc, in.r, b.getIndexAttr(d));
    Value wBias, rBias;
    if (in.b) {
      Value bias = takeRow(b, loc, in.b, b.getIndexAttr(d));
      wBias = takeRange(b, loc, bias, 0, gateWidth);
      rBias = takeRange(b, loc, bias, gateWidth, gateWidth);
    }
    Value projInit =
        wBias ? broadcastTo(b, loc, wBias, projType,
                            {rows, b.getIndexAttr(gateWidth)})
              : createFilled(b, loc, projType,
                             {rows, b.getIndexAttr(gateWidth)}, zero);
    Value proj = matmulTransposedB(b, loc, flatX, w, projInit);
    auto proj3Type =
        RankedTensorType::get({seqStatic, batchStatic, gateWidth}, type);
    proj = expandShape(
        b, loc, proj3Type, proj, flatGroups,
        ArrayRef<OpFoldResult>{seq, batch, b.getIndexAttr(gateWidth)});
    // The states as [batch, hidden] (initial states may be less refined).
    Value h0 = in.initialH
                   ? castToType(b, loc,
                                takeRow(b, loc, in.initialH, b.getIndexAttr(d)),
                                stateType)
                   : createFilled(b, loc, stateType, stateSizes, zero);
    Value c0;
    if (in.kind == CellKind::lstm)
      c0 = in.initialC
               ? castToType(b, loc,
                            takeRow(b, loc, in.initialC, b.getIndexAttr(d)),
                            stateType)
               : createFilled(b, loc, stateType, stateSizes, zero);
    Value peephole;
    if (in.p)
      peephole = takeRow(b, loc, in.p, b.getIndexAttr(d));
    auto seqType =
        RankedTensorType::get({seqStatic, batchStatic, hidden}, type);
    Value y0 =
        createEmpty(b, loc, seqType, {seq, batch, b.getIndexAttr(hidden)});

    SmallVector<Value> inits = {h0, y0};
    if (c0)
      inits.push_back(c0);
    Value lower = arith::ConstantIndexOp::create(b, loc, 0);
    Value upper = toIndexValue(b, loc, seq);
    Value step = arith::ConstantIndexOp::create(b, loc, 1);
    auto loop = scf::ForOp::create(
        b, loc, lower, upper, step, inits,
        [&](OpBuilder &lb, Location l, Value t, ValueRange carried) {
          Value h = carried[0], y = carried[1];
          Value c = c0 ? carried[2] : Value();
          Value time = t;
          if (reverse) {
            Value last = arith::SubIOp::create(
                lb, l, upper, arith::ConstantIndexOp::create(lb, l, 1));
            time = arith::SubIOp::create(lb, l, last, t);
          }
          Value xwFlat = takeRow(lb, l, proj, time);
          Value hrInit = rBias ? broadcastTo(lb, l, rBias, gateType, gateSizes)
                               : createFilled(lb, l, gateType, gateSizes, zero);
          Value hrFlat = matmulTransposedB(lb, l, h, r, hrInit);
          // Projections split into [batch, gates, hidden]; gate k is read
          // at (b, k, j).
          auto splitGates = [&](Value value) -> Value {
            auto splitType =
                RankedTensorType::get({batchStatic, in.gates, hidden}, type);
            return tensor::ExpandShapeOp::create(
                lb, l, splitType, value,
                ArrayRef<ReassociationIndices>{{0}, {1, 2}},
                ArrayRef<OpFoldResult>{batch, lb.getIndexAttr(in.gates),
                                       lb.getIndexAttr(hidden)});
          };
          auto gateMap = [&](int64_t k) {
            return AffineMap::get(2, 0,
                                  {getAffineDimExpr(0, context),
                                   getAffineConstantExpr(k, context),
                                   getAffineDimExpr(1, context)},
                                  context);
          };
          Value xw = splitGates(xwFlat), hr = splitGates(hrFlat);
          AffineMap identity = lb.getMultiDimIdentityMap(2);
          SmallVector<utils::IteratorType> parallel(
              2, utils::IteratorType::parallel);
          auto clipValue = [&](OpBuilder &gb, Location gl, Value v) -> Value {
            if (!in.clip)
              return v;
            Value bound = createConstant(gb, gl, type, *in.clip);
            Value negBound = createConstant(gb, gl, type, -*in.clip);
            return arith::MinimumFOp::create(
                gb, gl, arith::MaximumFOp::create(gb, gl, v, negBound), bound);
          };
          auto addf = [](OpBuilder &gb, Location gl, Value a, Value c2) {
            return arith::AddFOp::create(gb, gl, a, c2).getResult();
          };
          auto mulf = [](OpBuilder &gb, Location gl, Value a, Value c2) {
            return arith::MulFOp::create(gb, gl, a, c2).getResult();
          };
          // The new states overwrite the carried ones in place (the gate
          // generics are elementwise in them), so the loop's tensors
          // bufferize to the same buffers in every iteration.
          Value newH, newC;
          if (in.kind == CellKind::rnn) {
            newH = buildGeneric(
                lb, l, {xw, hr}, {gateMap(0), gateMap(0)}, identity, h,
                parallel, [&](OpBuilder &gb, Location gl, ValueRange args) {
                  return activate(
                      gb, gl, acts[0],
                      clipValue(gb, gl, addf(gb, gl, args[0], args[1])));
                });
          } else if (in.kind == CellKind::lstm) {
            // Gates i, o, f, c; peepholes i, o, f.
            SmallVector<Value> inputs = {xw, xw, xw, xw, hr, hr, hr, hr, c};
            SmallVector<AffineMap> maps = {gateMap(0), gateMap(1), gateMap(2),
                                           gateMap(3), gateMap(0), gateMap(1),
                                           gateMap(2), gateMap(3), identity};
            if (peephole) {
              // [3 * hidden] -> [3, hidden], read at (k, j).
              Value split = tensor::ExpandShapeOp::create(
                  lb, l, RankedTensorType::get({3, hidden}, type), peephole,
                  ArrayRef<ReassociationIndices>{{0, 1}},
                  ArrayRef<OpFoldResult>{lb.getIndexAttr(3),
                                         lb.getIndexAttr(hidden)});
              for (int64_t k = 0; k < 3; ++k) {
                inputs.push_back(split);
                maps.push_back(
                    AffineMap::get(2, 0,
                                   {getAffineConstantExpr(k, context),
                                    getAffineDimExpr(1, context)},
                                   context));
              }
            }
            maps.append({identity, identity});
            Value hInit = h;
            Value cInit = c;
            auto generic = linalg::GenericOp::create(
                lb, l, TypeRange{stateType, stateType}, inputs,
                ValueRange{hInit, cInit}, maps, parallel,
                [&](OpBuilder &gb, Location gl, ValueRange args) {
                  Value cPrev = args[8];
                  auto pre = [&](int64_t k) {
                    return addf(gb, gl, args[k], args[4 + k]);
                  };
                  Value gi = pre(0), go = pre(1), gf = pre(2), gc = pre(3);
                  if (peephole) {
                    gi = addf(gb, gl, gi, mulf(gb, gl, args[9], cPrev));
                    gf = addf(gb, gl, gf, mulf(gb, gl, args[11], cPrev));
                  }
                  Value it = activate(gb, gl, acts[0], clipValue(gb, gl, gi));
                  Value ft =
                      in.inputForget
                          ? arith::SubFOp::create(
                                gb, gl, createConstant(gb, gl, type, 1), it)
                                .getResult()
                          : activate(gb, gl, acts[0], clipValue(gb, gl, gf));
                  Value ct = activate(gb, gl, acts[1], clipValue(gb, gl, gc));
                  Value cNew = addf(gb, gl, mulf(gb, gl, ft, cPrev),
                                    mulf(gb, gl, it, ct));
                  if (peephole)
                    go = addf(gb, gl, go, mulf(gb, gl, args[10], cNew));
                  Value ot = activate(gb, gl, acts[0], clipValue(gb, gl, go));
                  Value hNew =
                      mulf(gb, gl, ot, activate(gb, gl, acts[2], cNew));
                  linalg::YieldOp::create(gb, gl, ValueRange{hNew, cNew});
                });
            newH = generic.getResult(0);
            newC = generic.getResult(1);
          } else {
            // GRU: gates z, r, h.
            Value hGate;
            if (!in.linearBeforeReset) {
              // (r * H) Rh^T + Rbh.
              Value rh = buildGeneric(
                  lb, l, {xw, hr, h}, {gateMap(1), gateMap(1), identity},
                  identity, createEmpty(lb, l, stateType, stateSizes), parallel,
                  [&](OpBuilder &gb, Location gl, ValueRange args) {
                    Value rt = activate(
                        gb, gl, acts[0],
                        clipValue(gb, gl, addf(gb, gl, args[0], args[1])));
                    return mulf(gb, gl, rt, args[2]);
                  });
              Value rRows = tensor::ExtractSliceOp::create(
                  lb, l, RankedTensorType::get({hidden, hidden}, type), r,
                  ArrayRef<OpFoldResult>{lb.getIndexAttr(2 * hidden),
                                         lb.getIndexAttr(0)},
                  ArrayRef<OpFoldResult>{lb.getIndexAttr(hidden),
                                         lb.getIndexAttr(hidden)},
                  ArrayRef<OpFoldResult>{lb.getIndexAttr(1),
                                         lb.getIndexAttr(1)});
              Value hInit =
                  rBias
                      ? broadcastTo(lb, l,
                                    takeRange(lb, l, rBias, 2 * hidden, hidden),
                                    stateType, stateSizes)
                      : createFilled(lb, l, stateType, stateSizes, zero);
              hGate = matmulTransposedB(lb, l, rh, rRows, hInit);
            }
            SmallVector<Value> inputs = {xw, xw, xw, hr, hr, h};
            SmallVector<AffineMap> maps = {gateMap(0), gateMap(1), gateMap(2),
                                           gateMap(0), gateMap(1), identity};
            // args[6]: the h gate's recurrent part, (r * H) Rh^T + Rbh, or
            // with linear_before_reset H Rh^T + Rbh (scaled by r below).
            if (hGate) {
              inputs.push_back(hGate);
              maps.push_back(identity);
            } else {
              inputs.push_back(hr);
              maps.push_back(gateMap(2));
            }
            newH = buildGeneric(
                lb, l, inputs, maps, identity, h, parallel,
                [&](OpBuilder &gb, Location gl, ValueRange args) {
                  Value hPrev = args[5];
                  Value zt = activate(
                      gb, gl, acts[0],
                      clipValue(gb, gl, addf(gb, gl, args[0], args[3])));
                  Value pre;
                  if (hGate) {
                    pre = addf(gb, gl, args[2], args[6]);
                  } else {
                    Value rt = activate(
                        gb, gl, acts[0],
                        clipValue(gb, gl, addf(gb, gl, args[1], args[4])));
                    pre = addf(gb, gl, args[2], mulf(gb, gl, rt, args[6]));
                  }
                  Value ht = activate(gb, gl, acts[1], clipValue(gb, gl, pre));
                  Value oneMinus = arith::SubFOp::create(
                      gb, gl, createConstant(gb, gl, type, 1), zt);
                  return addf(gb, gl, mulf(gb, gl, oneMinus, ht),
                              mulf(gb, gl, zt, hPrev));
                });
          }
          Value newY = insertAt(lb, l, newH, y, time, 0);
          SmallVector<Value> next = {newH, newY};
          if (newC)
            next.push_back(newC);
          scf::YieldOp::create(lb, l, next);
        });
    lastH.push_back(loop.getResult(0));
    ys.push_back(loop.getResult(1));
    if (c0)
      lastC.push_back(loop.getResult(2));
  }
  // Stack the directions: Y [seq, dirs, batch, H], states [dirs, batch, H].
  auto yType =
      RankedTensorType::get({seqStatic, directions, batchStatic, hidden}, type);
  Value y = createEmpty(
      b, loc, yType,
      {seq, b.getIndexAttr(directions), batch, b.getIndexAttr(hidden)});
  auto statesType =
      RankedTensorType::get({directions, batchStatic, hidden}, type);
  SmallVector<OpFoldResult> statesSizes = {b.getIndexAttr(directions), batch,
                                           b.getIndexAttr(hidden)};
  Value hs = createEmpty(b, loc, statesType, statesSizes);
  Value cs =
      lastC.empty() ? Value() : createEmpty(b, loc, statesType, statesSizes);
  for (int64_t d = 0; d < directions; ++d) {
    y = insertAt(b, loc, ys[d], y, b.getIndexAttr(d), 1);
    hs = insertAt(b, loc, lastH[d], hs, b.getIndexAttr(d), 0);
    if (cs)
      cs = insertAt(b, loc, lastC[d], cs, b.getIndexAttr(d), 0);
  }
  if (in.layout == 1) {
    y = transposeTo(b, loc, y, {2, 0, 1, 3});
    hs = transposeTo(b, loc, hs, {1, 0, 2});
    if (cs)
      cs = transposeTo(b, loc, cs, {1, 0, 2});
  }
  SmallVector<Value> results = {y, hs};
  if (cs)
    results.push_back(cs);
  return results;
}

template <typename OpTy> struct RecurrentLowering : KilnPattern<OpTy> {
  using KilnPattern<OpTy>::KilnPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, op->getOperands())) ||
        failed(requireRanked(op, op->getResults())))
      return failure();
    if (op.getSequenceLens())
      return emitLoweringError(op, "sequence_lens is not supported yet");
    RecurrentInputs in;
    in.x = adaptor.getX();
    in.w = adaptor.getW();
    in.r = adaptor.getR();
    in.b = adaptor.getB();
    in.initialH = adaptor.getInitialH();
    in.direction = op.getDirection();
    in.layout = static_cast<int64_t>(op.getLayout());
    if (std::optional<APFloat> clip = op.getClip())
      in.clip = clip->convertToDouble();
    int64_t directions = in.direction == "bidirectional" ? 2 : 1;
    SmallVector<StringRef> defaults;
    if constexpr (std::is_same_v<OpTy, RNNOp>) {
      in.kind = CellKind::rnn;
      in.gates = 1;
      defaults = {"Tanh"};
    } else if constexpr (std::is_same_v<OpTy, GRUOp>) {
      in.kind = CellKind::gru;
      in.gates = 3;
      in.linearBeforeReset = op.getLinearBeforeReset() != 0;
      defaults = {"Sigmoid", "Tanh"};
    } else {
      in.kind = CellKind::lstm;
      in.gates = 4;
      in.initialC = adaptor.getInitialC();
      in.p = adaptor.getP();
      in.inputForget = op.getInputForget() != 0;
      defaults = {"Sigmoid", "Tanh", "Tanh"};
    }
    in.activations =
        getActivations(op.getActivations(), op.getActivationAlpha(),
                       op.getActivationBeta(), defaults, directions);
    FailureOr<SmallVector<Value>> results = lowerRecurrent(op, rewriter, in);
    if (failed(results))
      return failure();
    SmallVector<Value> replacements;
    for (auto [value, result] : llvm::zip(*results, op->getResults()))
      replacements.push_back(castToType(rewriter, op.getLoc(), value,
                                        this->convertedType(result)));
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

} // namespace

void mlir::kiln::populateRecurrentLoweringPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<RecurrentLowering<GRUOp>, RecurrentLowering<LSTMOp>,
               RecurrentLowering<RNNOp>>(converter, patterns.getContext());
}
