// SPDX-License-Identifier: Apache-2.0
//===- ResizeLowering.cpp - ONNX Resize to linalg -------------------------===//
//
// Resize becomes one linalg.generic over the result. For each resized dim
// the body maps the output index to an input coordinate (the
// coordinate_transformation_mode, in f32 as onnxruntime computes it), then
// reads the input with tensor.extract: the nearest element (nearest_mode,
// clamped to the input), the 2 neighbours of linear mode or the 4 of cubic
// mode (indices clamped, or weights renormalized inside the input with
// exclude_outside), combined over all resized dims. Dims that keep their
// size are read directly. tf_crop_and_resize maps into the roi's box and
// gives extrapolation_value where a coordinate falls outside the input. Scales and sizes may be read at run time (the
// result's dims must then be static, as shape inference or the model gives
// them): the kernel derives the transform from their values.
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The float values of a constant tensor.
std::optional<SmallVector<double>> getConstantFloats(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<double> result;
  for (const APFloat &element : attr.getValues<APFloat>())
    result.push_back(element.convertToDouble());
  return result;
}

/// One resized dim: its input and output sizes, and f32 scalars derived
/// from its scale (constants, or computed from scales or sizes read when a
/// run starts).
struct ResizedDim {
  int64_t dim, in, out;
  Value scale;
  Value lengthResized;   // in * scale, ONNX's "length_resized"
  Value symmetricOffset; // in / 2 * (1 - out / length_resized)
  Value alignFactor;     // (in - 1) / (length_resized - 1)
  Value longerThanOne;   // length_resized > 1 (i1)
  Value roiStart, roiEnd; // tf_crop_and_resize: the crop box, normalized
};

/// The derived scalars of a resized dim from its f32 `scale`: folded in
/// double when the scale is a constant, f32 arithmetic otherwise.
ResizedDim deriveResizedDim(OpBuilder &b, Location loc, int64_t dim,
                            int64_t in, int64_t out,
                            std::optional<double> constant, Value scale) {
  Type f32 = b.getF32Type();
  auto c = [&](double v) { return createConstant(b, loc, f32, v); };
  if (constant) {
    double length = in * *constant;
    return {dim,
            in,
            out,
            c(*constant),
            c(length),
            c(in / 2.0 * (1 - out / length)),
            c(length == 1 ? 0.0 : static_cast<double>(in - 1) / (length - 1)),
            createConstant(b, loc, b.getI1Type(), length > 1)};
  }
  Value length = arith::MulFOp::create(b, loc, c(in), scale);
  Value adjustment = arith::DivFOp::create(b, loc, c(out), length);
  Value offset = arith::MulFOp::create(
      b, loc, c(in / 2.0), arith::SubFOp::create(b, loc, c(1), adjustment));
  Value align = arith::DivFOp::create(
      b, loc, c(in - 1), arith::SubFOp::create(b, loc, length, c(1)));
  Value isOne =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, length, c(1));
  align = arith::SelectOp::create(b, loc, isOne, c(0), align);
  Value longer =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, length, c(1));
  return {dim, in, out, scale, length, offset, align, longer};
}

struct ResizeLowering : KilnPattern<ResizeOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireRanked(op, {op.getX(), op.getY()})))
      return failure();
    if (op.getAntialias() != 0)
      return emitLoweringError(op, "antialias is not supported");
    StringRef mode = op.getMode();
    StringRef transform = op.getCoordinateTransformationMode();
    if (mode != "nearest" && mode != "linear" && mode != "cubic")
      return emitLoweringError(op, "unknown mode '" + mode + "'");
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    auto inputType = getRankedType(input);
    int64_t rank = inputType.getRank();
    RankedTensorType resultType = convertedType(op.getY());
    Type type = resultType.getElementType();
    if (mode != "nearest" && !isa<FloatType>(type))
      return emitLoweringError(op, "linear and cubic modes need floats");

    SmallVector<int64_t> axes;
    if (op.getAxes()) {
      FailureOr<SmallVector<int64_t>> normalized =
          normalizeAxes(*op.getAxes(), rank);
      if (failed(normalized))
        return emitLoweringError(op, "axis out of range");
      ArrayRef<int64_t> given = *op.getAxes();
      for (int64_t axis : given)
        axes.push_back(axis < 0 ? axis + rank : axis);
    } else {
      axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    }
    // Per dim: a constant scale, or (when scales or sizes are read at run
    // time) an f32 value computed from them.
    SmallVector<std::optional<double>> scales(rank, 1.0);
    SmallVector<Value> runTimeScales(rank);
    Type f32 = rewriter.getF32Type();
    if (op.getScales()) {
      std::optional<SmallVector<double>> values =
          getConstantFloats(op.getScales());
      int64_t count = getRankedType(adaptor.getScales()).getDimSize(0);
      if (getRankedType(adaptor.getScales()).getRank() != 1 ||
          count != static_cast<int64_t>(axes.size()))
        return emitLoweringError(op, "scales must hold one entry per axis");
      for (auto [k, axis] : llvm::enumerate(axes)) {
        if (values) {
          scales[axis] = (*values)[k];
          continue;
        }
        scales[axis].reset();
        Value index = arith::ConstantIndexOp::create(rewriter, loc, k);
        Value element =
            tensor::ExtractOp::create(rewriter, loc, adaptor.getScales(), index);
        runTimeScales[axis] =
            convertScalar(rewriter, loc, element, f32, false, false);
      }
    } else if (op.getSizes()) {
      std::optional<SmallVector<int64_t>> sizes =
          getConstantIntegers(op.getSizes());
      if (getRankedType(adaptor.getSizes()).getDimSize(0) !=
          static_cast<int64_t>(axes.size()))
        return emitLoweringError(op, "sizes must hold one entry per axis");
      StringRef policy = op.getKeepAspectRatioPolicy();
      std::optional<double> common;
      Value runTimeCommon;
      for (auto [k, axis] : llvm::enumerate(axes)) {
        int64_t in = inputType.getDimSize(axis);
        if (ShapedType::isDynamic(in))
          return emitLoweringError(op, "resized dims must be static");
        if (sizes) {
          double scale = static_cast<double>((*sizes)[k]) / in;
          scales[axis] = scale;
          if (policy == "not_larger")
            common = common ? std::min(*common, scale) : scale;
          else if (policy == "not_smaller")
            common = common ? std::max(*common, scale) : scale;
          continue;
        }
        // size / in in f32, as onnxruntime computes it.
        scales[axis].reset();
        Value size = extractIndex(rewriter, loc, adaptor.getSizes(), k);
        Value scale = arith::DivFOp::create(
            rewriter, loc, convertScalar(rewriter, loc, size, f32, false, false),
            createConstant(rewriter, loc, f32, in));
        runTimeScales[axis] = scale;
        if (policy == "not_larger" || policy == "not_smaller") {
          bool larger = policy == "not_smaller";
          runTimeCommon =
              !runTimeCommon ? scale
              : larger
                  ? arith::MaximumFOp::create(rewriter, loc, runTimeCommon,
                                              scale)
                        .getResult()
                  : arith::MinimumFOp::create(rewriter, loc, runTimeCommon,
                                              scale)
                        .getResult();
        }
      }
      for (int64_t axis : axes) {
        if (common)
          scales[axis] = *common;
        if (runTimeCommon)
          runTimeScales[axis] = runTimeCommon;
      }
    } else {
      return emitLoweringError(op, "needs scales or sizes");
    }

    // tf_crop_and_resize crops each axis to [start, end] of the roi
    // (starts, then ends, in axes order) even where the size stays.
    bool cropAndResize = transform == "tf_crop_and_resize";
    if (cropAndResize &&
        (!adaptor.getRoi() || getRankedType(adaptor.getRoi()).getRank() != 1 ||
         getRankedType(adaptor.getRoi()).getDimSize(0) !=
             static_cast<int64_t>(2 * axes.size())))
      return emitLoweringError(op, "tf_crop_and_resize needs an roi with a "
                                   "start and an end per axis");
    auto roiAt = [&](int64_t index) {
      Value at = arith::ConstantIndexOp::create(rewriter, loc, index);
      Value element =
          tensor::ExtractOp::create(rewriter, loc, adaptor.getRoi(), at);
      return convertScalar(rewriter, loc, element, f32, false, false);
    };

    SmallVector<ResizedDim> resized;
    SmallVector<OpFoldResult> sizes;
    SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t in = inputType.getDimSize(dim), out = resultType.getDimSize(dim);
      auto axis = llvm::find(axes, dim);
      bool cropped = cropAndResize && axis != axes.end() && !(in == 1 && out == 1);
      if (!cropped && scales[dim] == 1.0 &&
          (in == out || ShapedType::isDynamic(out))) {
        sizes.push_back(inputSizes[dim]);
        continue;
      }
      // Scales read at run time still need the result's static size, as
      // shape inference or the model gives it.
      if (ShapedType::isDynamic(in) || ShapedType::isDynamic(out))
        return emitLoweringError(op, "resized dims must be static");
      resized.push_back(deriveResizedDim(rewriter, loc, dim, in, out,
                                         scales[dim], runTimeScales[dim]));
      if (cropped) {
        int64_t k = axis - axes.begin();
        resized.back().roiStart = roiAt(k);
        resized.back().roiEnd = roiAt(k + axes.size());
      }
      sizes.push_back(rewriter.getIndexAttr(out));
    }
    Value init = createEmpty(rewriter, loc, resultType, sizes);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    StringRef nearestMode = op.getNearestMode();
    double cubicA = op.getCubicCoeffA().convertToDouble();
    bool excludeOutside = op.getExcludeOutside() != 0;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init,
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](OpBuilder &b, Location nloc, ValueRange) {
          Type f32 = b.getF32Type();
          auto c = [&](double v) { return createConstant(b, nloc, f32, v); };
          auto ci = [&](int64_t v) {
            return arith::ConstantIndexOp::create(b, nloc, v).getResult();
          };
          SmallVector<Value> position;
          for (int64_t dim = 0; dim < rank; ++dim)
            position.push_back(linalg::IndexOp::create(b, nloc, dim));
          // Per resized dim: the candidate input indices and their weights.
          SmallVector<SmallVector<std::pair<Value, Value>>> taps;
          Value outside; // tf_crop_and_resize: a coordinate outside the input
          for (const ResizedDim &r : resized) {
            Value x = toFloat(b, nloc, position[r.dim], f32, false);
            Value scale = r.scale;
            Value original;
            auto halfPixel = [&]() {
              return arith::SubFOp::create(
                  b, nloc,
                  arith::DivFOp::create(
                      b, nloc, arith::AddFOp::create(b, nloc, x, c(0.5)),
                      scale),
                  c(0.5));
            };
            if (transform == "half_pixel") {
              original = halfPixel();
            } else if (transform == "half_pixel_symmetric") {
              original =
                  arith::AddFOp::create(b, nloc, halfPixel(), r.symmetricOffset);
            } else if (transform == "pytorch_half_pixel") {
              original = arith::SelectOp::create(b, nloc, r.longerThanOne,
                                                 halfPixel(), c(0));
            } else if (transform == "align_corners") {
              original = arith::MulFOp::create(b, nloc, x, r.alignFactor);
            } else if (transform == "asymmetric") {
              original = arith::DivFOp::create(b, nloc, x, scale);
            } else if (transform == "tf_half_pixel_for_nn") {
              original = arith::DivFOp::create(
                  b, nloc, arith::AddFOp::create(b, nloc, x, c(0.5)), scale);
            } else if (r.roiStart) {
              // start (in - 1) + x (end - start) (in - 1) / (out - 1), or
              // the box's center when the result has one element.
              Value last = c(static_cast<double>(r.in - 1));
              Value from = arith::MulFOp::create(b, nloc, r.roiStart, last);
              Value span = arith::MulFOp::create(
                  b, nloc,
                  arith::SubFOp::create(b, nloc, r.roiEnd, r.roiStart), last);
              if (r.out > 1)
                original = arith::AddFOp::create(
                    b, nloc, from,
                    arith::MulFOp::create(
                        b, nloc, x,
                        arith::DivFOp::create(
                            b, nloc, span,
                            c(static_cast<double>(r.out - 1)))));
              else
                original = arith::AddFOp::create(
                    b, nloc, from, arith::MulFOp::create(b, nloc, span, c(0.5)));
              Value out = arith::OrIOp::create(
                  b, nloc,
                  arith::CmpFOp::create(b, nloc, arith::CmpFPredicate::OLT,
                                        original, c(0)),
                  arith::CmpFOp::create(b, nloc, arith::CmpFPredicate::OGT,
                                        original, last));
              outside =
                  outside ? arith::OrIOp::create(b, nloc, outside, out) : out;
            } else {
              original = halfPixel();
            }
            auto clampIndex = [&](Value f) {
              Value clamped = arith::MaximumFOp::create(b, nloc, f, c(0));
              clamped = arith::MinimumFOp::create(
                  b, nloc, clamped, c(static_cast<double>(r.in - 1)));
              return convertScalar(b, nloc, clamped, b.getIndexType(), false,
                                   false);
            };
            SmallVector<std::pair<Value, Value>> dimTaps;
            if (mode == "nearest") {
              Value rounded;
              if (nearestMode == "round_prefer_ceil")
                rounded = math::FloorOp::create(
                    b, nloc, arith::AddFOp::create(b, nloc, original, c(0.5)));
              else if (nearestMode == "floor")
                rounded = math::FloorOp::create(b, nloc, original);
              else if (nearestMode == "ceil")
                rounded = math::CeilOp::create(b, nloc, original);
              else
                rounded = math::CeilOp::create(
                    b, nloc, arith::SubFOp::create(b, nloc, original, c(0.5)));
              dimTaps.push_back({clampIndex(rounded), Value()});
            } else if (mode == "linear") {
              Value clamped =
                  arith::MaximumFOp::create(b, nloc, original, c(0));
              clamped = arith::MinimumFOp::create(
                  b, nloc, clamped, c(static_cast<double>(r.in - 1)));
              Value low = math::FloorOp::create(b, nloc, clamped);
              Value weight = arith::SubFOp::create(b, nloc, clamped, low);
              Value lowIndex = clampIndex(low);
              Value highIndex = arith::MinSIOp::create(
                  b, nloc, arith::AddIOp::create(b, nloc, lowIndex, ci(1)),
                  ci(r.in - 1));
              dimTaps.push_back(
                  {lowIndex, arith::SubFOp::create(b, nloc, c(1), weight)});
              dimTaps.push_back({highIndex, weight});
            } else {
              // Cubic convolution with coefficient a over x0-1 .. x0+2.
              Value low = math::FloorOp::create(b, nloc, original);
              Value s = arith::SubFOp::create(b, nloc, original, low);
              Value a = c(cubicA);
              auto far = [&](Value t) {
                // ((a t - 5a) t + 8a) t - 4a for t in [1, 2)
                Value v = arith::SubFOp::create(
                    b, nloc, arith::MulFOp::create(b, nloc, a, t),
                    arith::MulFOp::create(b, nloc, a, c(5)));
                v = arith::AddFOp::create(
                    b, nloc, arith::MulFOp::create(b, nloc, v, t),
                    arith::MulFOp::create(b, nloc, a, c(8)));
                return arith::SubFOp::create(
                    b, nloc, arith::MulFOp::create(b, nloc, v, t),
                    arith::MulFOp::create(b, nloc, a, c(4)));
              };
              auto near = [&](Value t) {
                // ((a + 2) t - (a + 3)) t t + 1 for t in [0, 1)
                Value v = arith::SubFOp::create(
                    b, nloc,
                    arith::MulFOp::create(
                        b, nloc, arith::AddFOp::create(b, nloc, a, c(2)), t),
                    arith::AddFOp::create(b, nloc, a, c(3)));
                v = arith::MulFOp::create(
                    b, nloc, arith::MulFOp::create(b, nloc, v, t), t);
                return arith::AddFOp::create(b, nloc, v, c(1));
              };
              Value oneMinus = arith::SubFOp::create(b, nloc, c(1), s);
              SmallVector<Value> weights = {
                  far(arith::AddFOp::create(b, nloc, s, c(1))), near(s),
                  near(oneMinus),
                  far(arith::AddFOp::create(b, nloc, oneMinus, c(1)))};
              Value base =
                  convertScalar(b, nloc, low, b.getI64Type(), false, false);
              Value total = c(0);
              SmallVector<Value> inside;
              for (int64_t t = 0; t < 4; ++t) {
                Value index = arith::AddIOp::create(
                    b, nloc, base,
                    createIntConstant(b, nloc, b.getI64Type(), t - 1));
                Value zero = createIntConstant(b, nloc, b.getI64Type(), 0);
                Value last =
                    createIntConstant(b, nloc, b.getI64Type(), r.in - 1);
                Value in = arith::AndIOp::create(
                    b, nloc,
                    arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::sge,
                                          index, zero),
                    arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::sle,
                                          index, last));
                if (excludeOutside)
                  weights[t] =
                      arith::SelectOp::create(b, nloc, in, weights[t], c(0));
                total = arith::AddFOp::create(b, nloc, total, weights[t]);
                Value clamped = arith::MaxSIOp::create(b, nloc, index, zero);
                clamped = arith::MinSIOp::create(b, nloc, clamped, last);
                dimTaps.push_back({arith::IndexCastOp::create(
                                       b, nloc, b.getIndexType(), clamped),
                                   weights[t]});
              }
              if (excludeOutside)
                for (auto &tap : dimTaps)
                  tap.second =
                      arith::DivFOp::create(b, nloc, tap.second, total);
            }
            taps.push_back(dimTaps);
          }
          // Sum over every combination of taps.
          Value result;
          SmallVector<int64_t> choice(resized.size(), 0);
          while (true) {
            SmallVector<Value> at(position);
            Value weight;
            for (auto [i, r] : llvm::enumerate(resized)) {
              auto [index, w] = taps[i][choice[i]];
              at[r.dim] = index;
              if (w)
                weight =
                    weight
                        ? arith::MulFOp::create(b, nloc, weight, w).getResult()
                        : w;
            }
            Value element = tensor::ExtractOp::create(b, nloc, input, at);
            if (!weight) {
              result = element;
            } else {
              Value term = arith::MulFOp::create(
                  b, nloc, toFloat(b, nloc, element, f32, false), weight);
              result =
                  result
                      ? arith::AddFOp::create(b, nloc, result, term).getResult()
                      : term;
            }
            int64_t i = 0;
            for (; i < static_cast<int64_t>(choice.size()); ++i) {
              if (++choice[i] < static_cast<int64_t>(taps[i].size()))
                break;
              choice[i] = 0;
            }
            if (i == static_cast<int64_t>(choice.size()))
              break;
          }
          if (mode != "nearest")
            result = convertScalar(b, nloc, result, type, false, false);
          if (outside)
            result = arith::SelectOp::create(
                b, nloc, outside,
                createConstant(
                    b, nloc, type,
                    op.getExtrapolationValue().convertToDouble()),
                result);
          linalg::YieldOp::create(b, nloc, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::kiln::populateResizeLoweringPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(converter, patterns.getContext());
}
