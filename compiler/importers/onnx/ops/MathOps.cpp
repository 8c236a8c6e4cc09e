// SPDX-License-Identifier: Apache-2.0
//===- MathOps.cpp - importing ONNX math operators ------------------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/TypeUtilities.h"

#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Normalize hooks
//===----------------------------------------------------------------------===//

/// Opset 1 gave many ops a `consumed_inputs` attribute, a legacy hint for
/// in-place execution without meaning for the result; opset 6 removed it.
static LogicalResult dropConsumedInputs(NodeImport &node) {
  if (node.opset < 6)
    node.attributes.erase("consumed_inputs");
  return success();
}

/// Before opset 7, binary ops did not broadcast unless `broadcast = 1`, and
/// then broadcast B into A with B's dims matching those of A from `axis` on
/// (by default, A's trailing dims). Both forms are numpy broadcasts, except
/// an `axis` that does not align B with A's trailing dims, which is reported.
static LogicalResult normalizeLegacyBroadcast(NodeImport &node) {
  if (node.opset >= 7)
    return success();
  node.attributes.erase("consumed_inputs");
  Attribute broadcast = node.attributes.erase("broadcast");
  Attribute axisAttr = node.attributes.erase("axis");
  auto enabled = dyn_cast_or_null<IntegerAttr>(broadcast);
  auto axis = dyn_cast_or_null<IntegerAttr>(axisAttr);
  if (!enabled || enabled.getInt() == 0 || !axis)
    return success();

  auto getRanked = [&](unsigned slot) -> RankedTensorType {
    if (slot >= node.inputs.size() || !node.inputs[slot])
      return nullptr;
    return dyn_cast<RankedTensorType>(node.inputs[slot].getType());
  };
  RankedTensorType aType = getRanked(0), bType = getRanked(1);
  if (!aType || !bType)
    return node.emitError()
           << "legacy broadcasting (opset " << node.opset << ") with axis "
           << axis.getInt()
           << " needs inputs of known rank; re-export the model with "
              "opset >= 7";
  if (axis.getInt() + bType.getRank() != aType.getRank())
    return node.emitError()
           << "legacy broadcasting (opset " << node.opset << ") of B " << bType
           << " into A " << aType << " from axis " << axis.getInt()
           << " does not align B with A's trailing dims, which kiln cannot "
              "express; re-export the model with opset >= 7";
  return success();
}

/// Before opset 7, Gemm's `broadcast` attribute said whether C broadcasts;
/// C of the result's shape, or unidirectionally broadcast, is what Gemm 7+
/// takes, so the attribute can go.
static LogicalResult dropGemmBroadcast(NodeImport &node) {
  if (node.opset < 7)
    node.attributes.erase("broadcast");
  return success();
}

/// Before opset 7, PRelu's slope was per channel: one value, or one per
/// channel of dim 1 ([C] against X [N, C, D...]). Opset 7 broadcasts the
/// slope unidirectionally (numpy), so a per-channel [C] becomes [C, 1, ...]
/// with a unit dim per spatial dim of X. Opset 1's `consumed_inputs` goes.
static LogicalResult normalizeLegacyPRelu(NodeImport &node) {
  if (node.opset >= 7)
    return success();
  node.attributes.erase("consumed_inputs");
  if (node.inputs.size() < 2 || !node.inputs[0] || !node.inputs[1])
    return node.emitError() << "PRelu needs X and slope";
  auto xType = dyn_cast<RankedTensorType>(node.inputs[0].getType());
  auto slopeType = dyn_cast<RankedTensorType>(node.inputs[1].getType());
  if (!xType || !slopeType)
    return node.emitError()
           << "PRelu before opset 7 applies its slope per channel, so X and "
              "slope need known ranks";
  // One value, or a slope already shaped against dim 1, broadcasts as is.
  if ((slopeType.hasStaticShape() && slopeType.getNumElements() == 1) ||
      slopeType.getRank() != 1 || xType.getRank() <= 2)
    return success();
  int64_t channels = xType.getDimSize(1);
  if (!slopeType.isDynamicDim(0) && !ShapedType::isDynamic(channels) &&
      slopeType.getDimSize(0) != channels)
    return node.emitError()
           << "PRelu (opset " << node.opset << ") slope " << slopeType
           << " is neither one value nor one per channel of X " << xType;
  SmallVector<int64_t> shape(xType.getRank() - 1, 1);
  shape[0] = -1;
  FailureOr<Operation *> reshape = node.createOp(
      "kiln.reshape", {node.inputs[1], node.createI64Constant(shape)}, {});
  if (failed(reshape))
    return failure();
  node.inputs[1] = (*reshape)->getResult(0);
  return success();
}

/// Before opset 11, Clip's bounds were the float attributes `min` and `max`;
/// they become constant operands of the input's element type.
static LogicalResult normalizeClip(NodeImport &node) {
  if (node.opset >= 11)
    return success();
  if (node.inputs.empty() || !node.inputs[0])
    return node.emitError() << "Clip needs an input";
  node.attributes.erase("consumed_inputs");
  Type elementType = getElementTypeOrSelf(node.inputs[0].getType());
  if (!isa<FloatType>(elementType))
    return node.emitError() << "Clip (opset " << node.opset
                            << ") takes float inputs, got " << elementType;
  node.inputs.resize(1);
  node.moveAttributeToInput("min", 1, elementType);
  node.moveAttributeToInput("max", 2, elementType);
  return success();
}

/// Softmax, LogSoftmax and Hardmax before opset 13 coerce the input into a
/// 2-D matrix, dims [0, axis) by dims [axis, rank) with axis defaulting to 1,
/// and normalize each row over all of its flattened dims; since opset 13
/// they normalize along the single dim `axis` (default -1).
///
/// The two agree when at most one of the flattened dims [axis, rank) is not
/// statically 1: normalizing over the flattened dims is then normalizing
/// along that dim (for axis == rank - 1, or the common N x C x 1 x 1 with
/// axis 1). The importer rewrites those nodes into the opset-13 form with
/// that axis. Other nodes would need a reshape around the op, which this
/// category does not build: they are reported as errors asking for a
/// re-export with opset >= 13.
static LogicalResult normalizeFlattenedAxis(NodeImport &node) {
  if (node.opset >= 13)
    return success();
  StringRef opName = node.node.op_type();
  int64_t axis = node.getIntAttr("axis", 1);
  auto type = node.inputs.empty() || !node.inputs[0]
                  ? nullptr
                  : dyn_cast<RankedTensorType>(node.inputs[0].getType());
  if (!type)
    return node.emitError()
           << opName << " before opset 13 normalizes over the dims from axis "
           << axis << " on, so its input needs a known rank";
  FailureOr<int64_t> first = normalizeAxis(axis, type.getRank());
  if (failed(first))
    return node.emitError()
           << opName << " axis " << axis << " is out of range for " << type;

  std::optional<int64_t> kept;
  for (int64_t dim = *first; dim < type.getRank(); ++dim) {
    if (type.getDimSize(dim) == 1)
      continue;
    if (kept)
      return node.emitError()
             << opName << " (opset " << node.opset << ") normalizes " << type
             << " over the flattened dims from axis " << axis
             << " on, which kiln's single-axis form cannot express; re-export "
                "the model with opset >= 13";
    kept = dim;
  }
  node.attributes.set("axis", node.builder.getI64IntegerAttr(
                                  kept.value_or(type.getRank() - 1)));
  return success();
}

//===----------------------------------------------------------------------===//
// Table
//===----------------------------------------------------------------------===//

ArrayRef<OpEntry> mlir::kiln::getMathOpEntries() {
  static const OpEntry entries[] = {
      {"Abs", "kiln.abs", 1, dropConsumedInputs},
      {"Acos", "kiln.acos", 7},
      {"Acosh", "kiln.acosh", 9},
      {"Add", "kiln.add", 1, normalizeLegacyBroadcast},
      {"And", "kiln.and", 1, normalizeLegacyBroadcast},
      {"Asin", "kiln.asin", 7},
      {"Asinh", "kiln.asinh", 9},
      {"Atan", "kiln.atan", 7},
      {"Atanh", "kiln.atanh", 9},
      {"BitShift", "kiln.bit_shift", 11},
      {"BitwiseAnd", "kiln.bitwise_and", 18},
      {"BitwiseNot", "kiln.bitwise_not", 18},
      {"BitwiseOr", "kiln.bitwise_or", 18},
      {"BitwiseXor", "kiln.bitwise_xor", 18},
      {"Ceil", "kiln.ceil", 1, dropConsumedInputs},
      {"Celu", "kiln.celu", 12},
      {"Clip", "kiln.clip", 1, normalizeClip, nullptr, 3},
      {"Cos", "kiln.cos", 7},
      {"Cosh", "kiln.cosh", 9},
      {"CumSum", "kiln.cumsum", 11},
      {"Det", "kiln.det", 11},
      {"Div", "kiln.div", 1, normalizeLegacyBroadcast},
      {"Einsum", "kiln.einsum", 12},
      {"Elu", "kiln.elu", 1, dropConsumedInputs},
      {"Equal", "kiln.equal", 1, normalizeLegacyBroadcast},
      {"Erf", "kiln.erf", 9},
      {"Exp", "kiln.exp", 1, dropConsumedInputs},
      {"Floor", "kiln.floor", 1, dropConsumedInputs},
      {"Gelu", "kiln.gelu", 20},
      {"Gemm", "kiln.gemm", 1, dropGemmBroadcast},
      {"Greater", "kiln.greater", 1, normalizeLegacyBroadcast},
      {"GreaterOrEqual", "kiln.greater_or_equal", 12},
      {"HardSigmoid", "kiln.hard_sigmoid", 1, dropConsumedInputs},
      {"HardSwish", "kiln.hard_swish", 14},
      {"Hardmax", "kiln.hardmax", 1, normalizeFlattenedAxis},
      {"IsInf", "kiln.is_inf", 10},
      {"IsNaN", "kiln.is_nan", 9},
      {"LeakyRelu", "kiln.leaky_relu", 1, dropConsumedInputs},
      {"Less", "kiln.less", 1, normalizeLegacyBroadcast},
      {"LessOrEqual", "kiln.less_or_equal", 12},
      {"Log", "kiln.log", 1, dropConsumedInputs},
      {"LogSoftmax", "kiln.log_softmax", 1, normalizeFlattenedAxis},
      {"MatMul", "kiln.matmul", 1},
      {"Max", "kiln.max", 1, dropConsumedInputs},
      {"Mean", "kiln.mean", 1, dropConsumedInputs},
      {"Min", "kiln.min", 1, dropConsumedInputs},
      {"Mish", "kiln.mish", 18},
      {"Mod", "kiln.mod", 10},
      {"Mul", "kiln.mul", 1, normalizeLegacyBroadcast},
      {"Neg", "kiln.neg", 1, dropConsumedInputs},
      {"Not", "kiln.not", 1},
      {"Or", "kiln.or", 1, normalizeLegacyBroadcast},
      {"Pow", "kiln.pow", 1, normalizeLegacyBroadcast},
      {"PRelu", "kiln.prelu", 1, normalizeLegacyPRelu},
      {"Reciprocal", "kiln.reciprocal", 1, dropConsumedInputs},
      {"Relu", "kiln.relu", 1, dropConsumedInputs},
      {"Round", "kiln.round", 11},
      {"Selu", "kiln.selu", 1, dropConsumedInputs},
      {"Shrink", "kiln.shrink", 9},
      {"Sigmoid", "kiln.sigmoid", 1, dropConsumedInputs},
      {"Sign", "kiln.sign", 9},
      {"Sin", "kiln.sin", 7},
      {"Sinh", "kiln.sinh", 9},
      {"Softmax", "kiln.softmax", 1, normalizeFlattenedAxis},
      {"Softplus", "kiln.softplus", 1},
      {"Softsign", "kiln.softsign", 1},
      {"Sqrt", "kiln.sqrt", 1, dropConsumedInputs},
      {"Sub", "kiln.sub", 1, normalizeLegacyBroadcast},
      {"Sum", "kiln.sum", 1, dropConsumedInputs},
      {"Swish", "kiln.swish", 24},
      {"Tan", "kiln.tan", 7},
      {"Tanh", "kiln.tanh", 1, dropConsumedInputs},
      {"ThresholdedRelu", "kiln.thresholded_relu", 10},
      {"Where", "kiln.where", 9},
      {"Xor", "kiln.xor", 1, normalizeLegacyBroadcast},
  };
  return entries;
}
