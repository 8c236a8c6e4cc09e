// SPDX-License-Identifier: Apache-2.0
//===- LoweringUtils.h - helpers of the kiln-to-linalg patterns -*- C++ -*-===//
//
// What the lowering patterns of every category share: error reporting,
// element-type questions, destination tensors with dynamic sizes,
// scalar arithmetic that respects signedness, numpy-broadcasting
// elementwise generics and reductions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PASSES_CODEGEN_LOWERINGUTILS_H
#define KILN_PASSES_CODEGEN_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::kiln {

//===----------------------------------------------------------------------===//
// Pattern sets by ONNX category (one file each)
//===----------------------------------------------------------------------===//

void populateStructuralTypeConversionPatterns(TypeConverter &typeConverter,
                                              RewritePatternSet &patterns);
void populateElementwiseLoweringPatterns(TypeConverter &typeConverter,
                                         RewritePatternSet &patterns);
void populateActivationLoweringPatterns(TypeConverter &typeConverter,
                                        RewritePatternSet &patterns);
void populateCastLoweringPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateContractionLoweringPatterns(TypeConverter &typeConverter,
                                         RewritePatternSet &patterns);
void populateConvLoweringPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populatePoolLoweringPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateNormalizationLoweringPatterns(TypeConverter &typeConverter,
                                           RewritePatternSet &patterns);
void populateReductionLoweringPatterns(TypeConverter &typeConverter,
                                       RewritePatternSet &patterns);
void populateTensorLoweringPatterns(TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateTensorIndexingLoweringPatterns(TypeConverter &typeConverter,
                                            RewritePatternSet &patterns);
void populateTensorGeneratorLoweringPatterns(TypeConverter &typeConverter,
                                             RewritePatternSet &patterns);
void populateResizeLoweringPatterns(TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateRecurrentLoweringPatterns(TypeConverter &typeConverter,
                                       RewritePatternSet &patterns);
void populateAttentionLoweringPatterns(TypeConverter &typeConverter,
                                       RewritePatternSet &patterns);
void populateLossLoweringPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateSignalLoweringPatterns(TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateLinearAlgebraLoweringPatterns(TypeConverter &typeConverter,
                                           RewritePatternSet &patterns);
void populateGridLoweringPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateQuantizationLoweringPatterns(TypeConverter &typeConverter,
                                          RewritePatternSet &patterns);

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

/// Reports "'<op name>' cannot be lowered to linalg: <reason>" at `op` and
/// fails. Patterns call it for the cases they do not support, so the user
/// sees why instead of the conversion driver's generic message.
LogicalResult emitLoweringError(Operation *op, const Twine &reason);

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// Whether `type` (or its element type) is an unsigned integer type.
bool isUnsignedType(Type type);

/// Whether `type` (or its element type) is a float type.
bool isFloatType(Type type);

/// The converted type of kiln value `value` when it is a ranked tensor; null
/// otherwise (unranked tensors, sequences, ...).
RankedTensorType getConvertedTensorType(const TypeConverter &converter,
                                        Value value);

/// The ranked type of `value` (an adaptor operand), or null.
RankedTensorType getRankedType(Value value);

/// Fails with a lowering error unless every one of `values` (kiln operands
/// and results) is a ranked tensor.
LogicalResult requireRanked(Operation *op, ValueRange values);

//===----------------------------------------------------------------------===//
// Sizes and destinations
//===----------------------------------------------------------------------===//

/// The sizes of `tensor`: constants for static dims, tensor.dim otherwise.
SmallVector<OpFoldResult> getSizes(OpBuilder &b, Location loc, Value tensor);

/// Size `dim` of `tensor` as an index value.
Value getDimValue(OpBuilder &b, Location loc, Value tensor, int64_t dim);

/// tensor.empty of `type`, taking dynamic dims from `sizes` (one per dim).
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<OpFoldResult> sizes);

/// tensor.empty of `type` filled (linalg.fill) with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   ArrayRef<OpFoldResult> sizes, Value value);

/// The sizes of a tensor of `type` whose dynamic dims are taken from
/// `source` at the same position (`source` has the same rank).
SmallVector<OpFoldResult> getSizesLike(OpBuilder &b, Location loc,
                                       RankedTensorType type, Value source);

/// An index value for `size`.
Value toIndexValue(OpBuilder &b, Location loc, OpFoldResult size);

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

/// A constant of scalar `type`: floats take `value`, integers its
/// truncation, i1 `value != 0`.
Value createConstant(OpBuilder &b, Location loc, Type type, double value);

/// An integer constant of scalar `type` (any width, or index).
Value createIntConstant(OpBuilder &b, Location loc, Type type, int64_t value);

/// The lowest and highest values of scalar `type` (infinities for floats),
/// for max and min reductions.
Value createLowest(OpBuilder &b, Location loc, Type type, bool isUnsigned);
Value createHighest(OpBuilder &b, Location loc, Type type, bool isUnsigned);

Value createAdd(OpBuilder &b, Location loc, Value x, Value y);
Value createSub(OpBuilder &b, Location loc, Value x, Value y);
Value createMul(OpBuilder &b, Location loc, Value x, Value y);
/// Division; integers truncate toward zero (ONNX Div).
Value createDiv(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned);
/// Maximum and minimum; float NaNs propagate.
Value createMax(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned);
Value createMin(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned);

/// Comparisons in ONNX's sense: ordered for floats (false on NaN) except
/// `ne`, signed or unsigned for integers.
enum class CmpKind { eq, ne, lt, le, gt, ge };
Value createCmp(OpBuilder &b, Location loc, CmpKind kind, Value x, Value y,
                bool isUnsigned);

/// Converts scalar `x` to `to` as ONNX Cast does: floats to integers
/// truncate toward zero, anything to bool compares with 0, bool to numbers
/// gives 0 or 1, integers widen by sign (by `fromUnsigned`), narrow by
/// truncation. Returns null for unsupported pairs.
Value convertScalar(OpBuilder &b, Location loc, Value x, Type to,
                    bool fromUnsigned, bool toUnsigned);

/// Converts scalar `x` (float or integer) to float type `to`.
Value toFloat(OpBuilder &b, Location loc, Value x, Type to, bool isUnsigned);

//===----------------------------------------------------------------------===//
// Generics
//===----------------------------------------------------------------------===//

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// The indexing map of an operand of `operandShape` broadcast (numpy rules)
/// to a result of `resultShape`: dims align at the back, a static 1 that
/// meets anything else reads index 0. A dynamic operand dim is taken to
/// equal the result dim (no broadcast at run time).
AffineMap getBroadcastMap(ArrayRef<int64_t> operandShape,
                          ArrayRef<int64_t> resultShape, MLIRContext *context);

/// The sizes of the numpy broadcast of `inputs` (ranked tensors) as a
/// tensor of `resultType`: static dims from the type, dynamic ones from the
/// first input whose aligned dim is not a static 1.
SmallVector<OpFoldResult> getBroadcastSizes(OpBuilder &b, Location loc,
                                            ValueRange inputs,
                                            RankedTensorType resultType);

/// An all-parallel linalg.generic computing `body` elementwise over the
/// numpy broadcast of `inputs` into a new tensor of `resultType`. The body
/// gets one scalar per input.
Value buildElementwise(OpBuilder &b, Location loc, ValueRange inputs,
                       RankedTensorType resultType, BodyFn body);

/// A linalg.generic with explicit indexing maps for `inputs`, an identity
/// map for its single result of `resultType` (sizes `sizes`) and
/// `iterators`; `body` gets the input scalars then the output scalar. With
/// reductions, `init` is the filled destination to accumulate into.
Value buildGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                   ArrayRef<AffineMap> inputMaps, AffineMap outputMap,
                   Value init, ArrayRef<utils::IteratorType> iterators,
                   BodyFn body);

/// Reduces `input` over the sorted, distinct `axes` into a tensor without
/// them, starting from the scalar `initValue` and combining with `body`,
/// which gets (element, accumulator).
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> axes, Value initValue, BodyFn body);

/// The index (i64) of the largest (`isMax`) or smallest element of `input`
/// along `axis`, in a tensor without that dim. Ties pick the first index,
/// or the last with `selectLast`.
Value buildArgReduction(OpBuilder &b, Location loc, Value input, int64_t axis,
                        bool isMax, bool selectLast, bool isUnsigned);

/// The number of elements of `value` over `axes` as a scalar of float
/// `type` (a constant when those dims are static).
Value countAsFloat(OpBuilder &b, Location loc, Value value,
                   ArrayRef<int64_t> axes, Type type);

/// A new tensor with `value`'s shape computed by `body` from `value` and
/// `others` (each read through its map) over `value`'s loop nest.
Value buildMapped(OpBuilder &b, Location loc, Value value,
                  ArrayRef<std::pair<Value, AffineMap>> others,
                  Type elementType, BodyFn body);

/// Inserts dims of size 1 at `axes` (sorted, distinct, positions in the
/// result of rank `rank`) into `value` with tensor.expand_shape.
Value insertUnitDims(OpBuilder &b, Location loc, Value value,
                     ArrayRef<int64_t> axes, int64_t rank);

/// The affine map of a loop nest of `rank` dims that reads an operand
/// without the sorted dims `dropped`.
AffineMap getDroppingMap(int64_t rank, ArrayRef<int64_t> dropped,
                         MLIRContext *context);

/// Makes every dim of `value` static-1-aware broadcastable to `shape`:
/// inserts leading unit dims so its rank matches `rank`.
Value prependUnitDims(OpBuilder &b, Location loc, Value value, int64_t rank);

/// Broadcasts `value` (numpy rules) to a new tensor of `resultType` with
/// `sizes`, applying `body` (which gets the element) on the way if given.
Value broadcastTo(OpBuilder &b, Location loc, Value value,
                  RankedTensorType resultType, ArrayRef<OpFoldResult> sizes,
                  BodyFn body = nullptr);

//===----------------------------------------------------------------------===//
// Sliding windows (convolution and pooling)
//===----------------------------------------------------------------------===//

/// The window parameters of a convolution or pooling op over `rank` spatial
/// dims, with pads resolved (auto_pad included).
struct WindowParams {
  SmallVector<int64_t> kernel, strides, dilations, padBegin, padEnd;
};

/// Resolves the window parameters of a conv/pool op: `kernel` (one per
/// spatial dim), optional `strides`, `dilations`, `pads` and `autoPad`
/// against the spatial `inputShape`. SAME pads need static input dims.
FailureOr<WindowParams>
getWindowParams(Operation *op, ArrayRef<int64_t> kernel,
                std::optional<ArrayRef<int64_t>> strides,
                std::optional<ArrayRef<int64_t>> dilations,
                std::optional<ArrayRef<int64_t>> pads, StringRef autoPad,
                ArrayRef<int64_t> inputShape);

/// Pads the spatial dims (from 2 on) of `input` by `low`/`high` with the
/// scalar `value` (tensor.pad); returns `input` when there is nothing to pad.
Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high, Value value);

//===----------------------------------------------------------------------===//
// Shared op builders (used by the quantized forms)
//===----------------------------------------------------------------------===//

/// A matrix product with ONNX MatMul semantics (1-D operands, broadcast
/// batch dims) into a new tensor of `resultType`: a linalg named op where
/// one fits, else a linalg.generic contraction (ContractionLowering.cpp).
Value buildMatMul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                  RankedTensorType resultType);

/// Softmax (or log-softmax) of `x` along `axis`: maximum, exponentials of
/// the differences, their sum, quotient (NormalizationLowering.cpp).
Value buildSoftmax(OpBuilder &b, Location loc, Value x, int64_t axis, bool log);

/// The attributes of an ONNX convolution.
struct ConvAttributes {
  StringRef autoPad;
  std::optional<ArrayRef<int64_t>> dilations, pads, strides;
  int64_t group;
};

/// An ONNX convolution of `input` by `filter` plus the optional `bias` into
/// a new tensor of `resultType`; padding reads `padValue` (ConvLowering.cpp).
FailureOr<Value> buildConv(Operation *op, OpBuilder &b, Value input,
                           Value filter, Value bias,
                           const ConvAttributes &attrs,
                           RankedTensorType resultType, Value padValue);

//===----------------------------------------------------------------------===//
// Attributes and constant operands
//===----------------------------------------------------------------------===//

/// Normalizes `axes` against `rank`, sorted and deduplicated; fails on an
/// axis out of range.
FailureOr<SmallVector<int64_t>> normalizeAxes(ArrayRef<int64_t> axes,
                                              int64_t rank);

/// The float value held by a constant single-element tensor `value`, if it
/// is one.
std::optional<double> getConstantScalar(Value value);

//===----------------------------------------------------------------------===//
// Index arithmetic that folds constants
//===----------------------------------------------------------------------===//

enum class IndexOp { add, sub, mul, divs, ceilDivs, maxs, mins };

/// `x <op> y` on index values, folded to an attribute when both are
/// constants.
OpFoldResult foldIndex(OpBuilder &b, Location loc, IndexOp op, OpFoldResult x,
                       OpFoldResult y);

/// Element `index` of the 1-D (or single-element) integer tensor `tensor`
/// as an index value (tensor.extract + arith.index_cast).
Value extractIndex(OpBuilder &b, Location loc, Value tensor, int64_t index);

/// The single element of `tensor` (any rank) as a scalar.
Value extractScalar(OpBuilder &b, Location loc, Value tensor);

/// tensor.extract_slice of `source`, or a tensor.empty when a size is a
/// constant 0 (a slice at offset 0 of an empty dim does not verify).
Value extractSliceOrEmpty(OpBuilder &b, Location loc, Value source,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<OpFoldResult> sizes,
                          ArrayRef<OpFoldResult> strides);

/// `value` as a tensor of `type` (a tensor.cast when the types differ).
Value castToType(OpBuilder &b, Location loc, Value value, Type type);

/// The product of `sizes` as an index value.
OpFoldResult getProduct(OpBuilder &b, Location loc,
                        ArrayRef<OpFoldResult> sizes);

/// tensor.expand_shape of `source` into `resultType` by `groups` with
/// `sizes`; a tensor.reshape where a group expands into more than one
/// dynamic dim (such expand_shapes crash LLVM 22's
/// expand-strided-metadata).
Value expandShape(OpBuilder &b, Location loc, RankedTensorType resultType,
                  Value source, ArrayRef<ReassociationIndices> groups,
                  ArrayRef<OpFoldResult> sizes);

/// Reshapes `value` to `resultType` with `sizes` (one per result dim):
/// tensor.collapse_shape or expand_shape when the dims group, else a
/// collapse to 1-D then an expand (tensor.reshape from 1-D when several
/// result dims are dynamic).
Value reshapeTo(OpBuilder &b, Location loc, Value value,
                RankedTensorType resultType, ArrayRef<OpFoldResult> sizes);

//===----------------------------------------------------------------------===//
// Shape inputs: axes and sizes known only at run time (ShapeInputs.cpp)
//===----------------------------------------------------------------------===//
//
// An op whose axes, pads or sizes are tensors (graph inputs, say) computes
// them as index values on the host; kiln-resolve-dims turns those into dims
// table entries that read the values when a run starts.

/// Asserts `condition` (an i1 computed from sizes and shape-input values)
/// before the run: the host checks it and fails the run with `message`,
/// prefixed by "node 'NAME': " (see kiln-resolve-dims). Nothing is checked
/// where the builder is not in the host function (inside a loop body, the
/// values are not known before the run).
void assertBeforeRun(OpBuilder &b, Location loc, Value condition,
                     const Twine &message);

/// Whether each of `rank` dims is named by an element of the integer tensor
/// `axes` (1-D of static length, or a single axis of rank 0; negative axes
/// count from the back), as i1 values. Asserts that every axis is in
/// [-rank, rank).
SmallVector<Value> getAxisFlags(OpBuilder &b, Location loc, Value axes,
                                int64_t rank);

/// Asserts before the run that every element of `axes` (as getAxisFlags
/// reads it) lies in [-rank, rank).
void assertAxesInRange(OpBuilder &b, Location loc, Value axes, int64_t rank);

/// Element `index` of `axes` names `dim` of `rank` dims (i1).
Value namesAxis(OpBuilder &b, Location loc, Value axes, int64_t index,
                int64_t dim, int64_t rank);

/// `sizes` without the flagged dims: result p is the p-th unflagged size;
/// `count` results.
SmallVector<OpFoldResult> dropFlaggedSizes(OpBuilder &b, Location loc,
                                           ArrayRef<Value> flags,
                                           ArrayRef<OpFoldResult> sizes,
                                           int64_t count);

/// One size per flag: 1 at flagged dims, `sizes` in order at the others.
SmallVector<OpFoldResult> insertFlaggedUnitSizes(OpBuilder &b, Location loc,
                                                 ArrayRef<Value> flags,
                                                 ArrayRef<OpFoldResult> sizes);

/// Index value `c ? x : y` (folded when `c` is a constant).
Value selectIndex(OpBuilder &b, Location loc, Value c, OpFoldResult x,
                  OpFoldResult y);

//===----------------------------------------------------------------------===//
// Elementwise patterns
//===----------------------------------------------------------------------===//

/// A tensor holding the single element of `value` (a tensor of one element,
/// any rank) as a rank-0 tensor, so that it broadcasts to any rank.
Value toRank0(OpBuilder &b, Location loc, Value value);

/// Computes the scalar result of elementwise op `op` from its scalar
/// operands (converted types); `resultElement` is the converted result
/// element type.
template <typename OpTy>
using ScalarFn = Value (*)(OpTy op, OpBuilder &b, Location loc, ValueRange args,
                           Type resultElement);

/// Lowers an elementwise kiln op with one result to a linalg.generic over
/// the numpy broadcast of all its (present) operands.
template <typename OpTy> struct ElementwisePattern : OpConversionPattern<OpTy> {
  ElementwisePattern(TypeConverter &converter, MLIRContext *context,
                     ScalarFn<OpTy> fn)
      : OpConversionPattern<OpTy>(converter, context), fn(fn) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Operation *operation = op.getOperation();
    if (failed(requireRanked(operation, operation->getOperands())) ||
        failed(requireRanked(operation, operation->getResults())))
      return failure();
    RankedTensorType resultType = getConvertedTensorType(
        *this->getTypeConverter(), operation->getResult(0));
    Location loc = op.getLoc();
    SmallVector<Value> inputs;
    for (Value operand : adaptor.getOperands()) {
      // Operands of higher rank than the result hold a single element
      // (Clip's bounds).
      if (cast<RankedTensorType>(operand.getType()).getRank() >
          resultType.getRank())
        operand = toRank0(rewriter, loc, operand);
      inputs.push_back(operand);
    }
    Value result = buildElementwise(
        rewriter, loc, inputs, resultType,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return fn(op, b, nestedLoc, args, resultType.getElementType());
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  ScalarFn<OpTy> fn;
};

/// Base of the lowering patterns: an OpConversionPattern with the helper
/// that converts a kiln result type.
template <typename OpTy> struct KilnPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  /// The converted ranked type of kiln value `value`, or null.
  RankedTensorType convertedType(Value value) const {
    return getConvertedTensorType(*this->getTypeConverter(), value);
  }
};

/// Adds an ElementwisePattern for `OpTy` computing `fn`.
template <typename OpTy>
void addElementwise(TypeConverter &converter, RewritePatternSet &patterns,
                    ScalarFn<OpTy> fn) {
  patterns.add<ElementwisePattern<OpTy>>(converter, patterns.getContext(), fn);
}

} // namespace mlir::kiln

#endif // KILN_PASSES_CODEGEN_LOWERINGUTILS_H
