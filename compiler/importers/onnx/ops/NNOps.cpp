// SPDX-License-Identifier: Apache-2.0
//===- NNOps.cpp - importing ONNX nn operators ----------------------------===//
//
// Normalize hooks bring older opsets into the canonical (newest) form:
//   BatchNormalization < 14  is_test/spatial/consumed_inputs and the output
//                            count -> training_mode
//   Dropout < 12             ratio attribute -> operand; < 7 is_test ->
//                            training_mode operand
//   GroupNormalization < 21  per-group scale/bias -> per-channel
//   Resize 10, Upsample      (X, scales) -> Resize-19 operands, asymmetric
//                            coordinates; empty roi/scales/sizes -> absent
//   GridSample < 20          bilinear/bicubic -> linear/cubic
//   RoiAlign < 16            no half-pixel shift -> output_half_pixel
//   LpPool/GlobalLpPool 1    float p -> int p
//   RNN/GRU/LSTM < 7         output_sequence dropped
//   stash_type, softmax_precision: ONNX data type -> TypeAttr
//
//===----------------------------------------------------------------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "dialects/kiln/IR/KilnOps.h"

#include <onnx/onnx_pb.h>

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Drops `consumed_inputs`, an opset 1 hint for in-place updates.
static LogicalResult dropConsumedInputs(NodeImport &node) {
  node.attributes.erase("consumed_inputs");
  return success();
}

/// The float type of ONNX TensorProto data type `dataType`, or null.
static Type getOnnxFloatType(MLIRContext *context, int64_t dataType) {
  switch (dataType) {
  case ::onnx::TensorProto::FLOAT:
    return Float32Type::get(context);
  case ::onnx::TensorProto::FLOAT16:
    return Float16Type::get(context);
  case ::onnx::TensorProto::DOUBLE:
    return Float64Type::get(context);
  case ::onnx::TensorProto::BFLOAT16:
    return BFloat16Type::get(context);
  default:
    return nullptr;
  }
}

/// Turns the data-type attribute `name` (an ONNX TensorProto enum) into the
/// TypeAttr kiln uses.
static LogicalResult convertFloatTypeAttr(NodeImport &node, StringRef name) {
  auto attr = dyn_cast_or_null<IntegerAttr>(node.attributes.get(name));
  if (!attr)
    return success();
  Type type = getOnnxFloatType(node.builder.getContext(), attr.getInt());
  if (!type)
    return node.emitError()
           << node.node.op_type() << " " << name << " " << attr.getInt()
           << " is not a float data type (1, 10, 11 or 16)";
  node.attributes.set(name, TypeAttr::get(type));
  return success();
}

/// Whether the node's output `slot` is used (present and named).
static bool hasOutput(const NodeImport &node, int slot) {
  return slot < node.node.output_size() && !node.node.output(slot).empty();
}

/// Drops input `slot` when it is a constant without elements: opsets 11 and
/// 12 of Resize spell an absent input so.
static void dropEmptyConstantInput(NodeImport &node, unsigned slot) {
  ElementsAttr value = node.getConstantInput(slot);
  if (value && value.getNumElements() == 0)
    node.inputs[slot] = nullptr;
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

/// Some exporters write ConvTranspose's output_shape with the N and C dims;
/// kiln takes the spatial dims only.
static LogicalResult normalizeConvTranspose(NodeImport &node) {
  std::optional<SmallVector<int64_t>> outputShape =
      node.getIntsAttr("output_shape");
  auto xType = node.inputs.empty() || !node.inputs[0]
                   ? nullptr
                   : dyn_cast<RankedTensorType>(node.inputs[0].getType());
  if (outputShape && xType &&
      static_cast<int64_t>(outputShape->size()) == xType.getRank())
    node.attributes.set("output_shape",
                        node.builder.getDenseI64ArrayAttr(
                            ArrayRef(*outputShape).drop_front(2)));
  return success();
}

/// Opset 1 of LpPool and GlobalLpPool had a float `p`.
static LogicalResult normalizeLpPool(NodeImport &node) {
  auto p = dyn_cast_or_null<FloatAttr>(node.attributes.get("p"));
  if (!p)
    return success();
  double value = p.getValueAsDouble();
  if (value != std::floor(value) || value < 1)
    return node.emitError() << node.node.op_type() << " p = " << value
                            << " is not a positive integer";
  node.attributes.set(
      "p", node.builder.getI64IntegerAttr(static_cast<int64_t>(value)));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalizations and dropout
//===----------------------------------------------------------------------===//

/// Before opset 14, BatchNormalization trained when it had more than one
/// output (and, before opset 7, `is_test` was 0); `spatial` (before 9) chose
/// per-activation statistics. Outputs 3 and 4 (saved_mean, saved_var) have
/// no counterpart.
static LogicalResult normalizeBatchNormalization(NodeImport &node) {
  if (node.opset >= 14)
    return success();
  node.attributes.erase("consumed_inputs");
  if (node.getIntAttr("spatial", 1) != 1)
    return node.emitError() << "BatchNormalization with spatial = 0 "
                               "(per-activation statistics) is not supported; "
                               "flatten the input to N x C*D1*...*Dn instead";
  node.attributes.erase("spatial");
  bool isTest = node.getIntAttr("is_test", 0) != 0;
  node.attributes.erase("is_test");
  if (hasOutput(node, 3) || hasOutput(node, 4))
    return node.emitError() << "BatchNormalization outputs saved_mean and "
                               "saved_var (opset < 14) are not supported";
  bool training = !isTest && (hasOutput(node, 1) || hasOutput(node, 2));
  if (training)
    node.attributes.set("training_mode", node.builder.getI64IntegerAttr(1));
  return success();
}

/// Opset 18 gave GroupNormalization one scale and bias per group; opset 21
/// one per channel. Constant per-group values are repeated C / num_groups
/// times.
static LogicalResult normalizeGroupNormalization(NodeImport &node) {
  if (failed(convertFloatTypeAttr(node, "stash_type")))
    return failure();
  if (node.opset >= 21 || node.inputs.size() < 3)
    return success();
  int64_t groups = node.getIntAttr("num_groups", 0);
  auto xType = node.inputs[0]
                   ? dyn_cast<RankedTensorType>(node.inputs[0].getType())
                   : nullptr;
  int64_t channels = xType && xType.getRank() >= 2 ? xType.getDimSize(1)
                                                   : ShapedType::kDynamic;
  if (!ShapedType::isDynamic(channels) && channels == groups)
    return success();
  if (ShapedType::isDynamic(channels) || groups < 1 || channels % groups != 0)
    return node.emitError()
           << "GroupNormalization-18 needs a static channel count that "
              "num_groups ("
           << groups << ") divides to map its per-group scale and bias";
  for (unsigned slot : {1u, 2u}) {
    auto value =
        dyn_cast_or_null<DenseElementsAttr>(node.getConstantInput(slot));
    if (!value || value.getNumElements() != groups)
      return node.emitError()
             << "GroupNormalization-18 needs constant scale and bias of "
             << groups << " elements (one per group)";
    SmallVector<Attribute> repeated;
    repeated.reserve(channels);
    for (Attribute element : value.getValues<Attribute>())
      repeated.append(channels / groups, element);
    auto type = RankedTensorType::get({channels}, value.getElementType());
    node.inputs[slot] =
        node.createConstant(DenseElementsAttr::get(type, repeated));
  }
  return success();
}

/// LayerNormalization and RMSNormalization name their stash type by enum.
static LogicalResult normalizeStashType(NodeImport &node) {
  return convertFloatTypeAttr(node, "stash_type");
}

/// Before opset 12, Dropout's ratio was an attribute; before opset 7 an
/// `is_test` attribute of 0 (its default) meant training.
static LogicalResult normalizeDropout(NodeImport &node) {
  if (node.opset >= 12)
    return success();
  node.attributes.erase("consumed_inputs");
  node.moveAttributeToInput("ratio", 1, node.builder.getF32Type());
  if (node.opset < 7) {
    bool isTest = node.getIntAttr("is_test", 0) != 0;
    node.attributes.erase("is_test");
    if (!isTest) {
      if (node.inputs.size() < 3)
        node.inputs.resize(3);
      auto type = RankedTensorType::get({}, node.builder.getI1Type());
      node.inputs[2] = node.createConstant(DenseElementsAttr::get(type, true));
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Resampling and detection
//===----------------------------------------------------------------------===//

/// Resize-10 and Upsample compute `x_original = x_resized / scale` and take
/// the floor for nearest: Resize-19's asymmetric coordinates.
static void setLegacyResizeModes(NodeImport &node) {
  node.attributes.set("coordinate_transformation_mode",
                      node.builder.getStringAttr("asymmetric"));
  auto mode = dyn_cast_or_null<StringAttr>(node.attributes.get("mode"));
  if (!mode || mode.getValue() == "nearest")
    node.attributes.set("nearest_mode", node.builder.getStringAttr("floor"));
}

/// Resize-10 is (X, scales); Resize-11 spells absent inputs as empty
/// constants.
static LogicalResult normalizeResize(NodeImport &node) {
  if (node.opset < 11) {
    Value scales = node.inputs.size() > 1 ? node.inputs[1] : nullptr;
    node.inputs.resize(4);
    node.inputs[1] = nullptr;
    node.inputs[2] = scales;
    node.inputs[3] = nullptr;
    setLegacyResizeModes(node);
    return success();
  }
  for (unsigned slot = 1; slot < node.inputs.size() && slot < 4; ++slot)
    dropEmptyConstantInput(node, slot);
  return success();
}

/// Upsample (deprecated) becomes Resize: its scales are an attribute in
/// opsets 7 and 8, the second input from opset 9.
static LogicalResult normalizeUpsample(NodeImport &node) {
  Value scales = node.inputs.size() > 1 ? node.inputs[1] : nullptr;
  node.inputs.resize(4);
  node.inputs[1] = nullptr;
  node.inputs[2] = scales;
  node.inputs[3] = nullptr;
  if (node.opset < 9)
    node.moveAttributeToInput("scales", 2, node.builder.getF32Type());
  if (!node.inputs[2])
    return node.emitError() << "Upsample needs scales";
  setLegacyResizeModes(node);
  return success();
}

/// GridSample-16 named its modes bilinear and bicubic.
static LogicalResult normalizeGridSample(NodeImport &node) {
  if (node.opset >= 20)
    return success();
  auto mode = dyn_cast_or_null<StringAttr>(node.attributes.get("mode"));
  if (!mode)
    return success();
  if (mode.getValue() == "bilinear")
    node.attributes.set("mode", node.builder.getStringAttr("linear"));
  else if (mode.getValue() == "bicubic")
    node.attributes.set("mode", node.builder.getStringAttr("cubic"));
  return success();
}

/// RoiAlign-10 did not shift input coordinates by half a pixel.
static LogicalResult normalizeRoiAlign(NodeImport &node) {
  if (node.opset < 16)
    node.attributes.set("coordinate_transformation_mode",
                        node.builder.getStringAttr("output_half_pixel"));
  return success();
}

//===----------------------------------------------------------------------===//
// Recurrent layers and attention
//===----------------------------------------------------------------------===//

/// Opsets before 7 had `output_sequence` (whether Y is wanted), and GRU-1's
/// direction default was spelled "foward".
static LogicalResult normalizeRecurrent(NodeImport &node) {
  if (node.opset >= 7)
    return success();
  node.attributes.erase("output_sequence");
  auto direction =
      dyn_cast_or_null<StringAttr>(node.attributes.get("direction"));
  if (direction && direction.getValue() == "foward")
    node.attributes.set("direction", node.builder.getStringAttr("forward"));
  return success();
}

/// Attention names its softmax precision by enum.
static LogicalResult normalizeAttention(NodeImport &node) {
  return convertFloatTypeAttr(node, "softmax_precision");
}

//===----------------------------------------------------------------------===//
// Table
//===----------------------------------------------------------------------===//

ArrayRef<OpEntry> mlir::kiln::getNNOpEntries() {
  static const OpEntry entries[] = {
      {"AffineGrid", "kiln.affine_grid", 20},
      {"Attention", "kiln.attention", 23, normalizeAttention, nullptr, 7, 4},
      {"AveragePool", "kiln.average_pool", 1},
      {"BatchNormalization", "kiln.batch_normalization", 1,
       normalizeBatchNormalization, nullptr, 0, 3},
      {"Conv", "kiln.conv", 1},
      {"ConvTranspose", "kiln.conv_transpose", 1, normalizeConvTranspose},
      {"DeformConv", "kiln.deform_conv", 19, nullptr, nullptr, 5},
      {"Dropout", "kiln.dropout", 1, normalizeDropout, nullptr, 3, 2},
      {"GlobalAveragePool", "kiln.global_average_pool", 1},
      {"GlobalLpPool", "kiln.global_lp_pool", 1, normalizeLpPool},
      {"GlobalMaxPool", "kiln.global_max_pool", 1},
      {"GridSample", "kiln.grid_sample", 16, normalizeGridSample},
      {"GroupNormalization", "kiln.group_normalization", 18,
       normalizeGroupNormalization},
      {"GRU", "kiln.gru", 1, normalizeRecurrent, nullptr, 6, 2},
      {"InstanceNormalization", "kiln.instance_normalization", 1,
       dropConsumedInputs},
      {"LayerNormalization", "kiln.layer_normalization", 17, normalizeStashType,
       nullptr, 0, 3},
      {"LpNormalization", "kiln.lp_normalization", 1},
      {"LpPool", "kiln.lp_pool", 1, normalizeLpPool},
      {"LRN", "kiln.lrn", 1},
      {"LSTM", "kiln.lstm", 1, normalizeRecurrent, nullptr, 8, 3},
      {"MaxPool", "kiln.max_pool", 1, nullptr, nullptr, 0, 2},
      {"MaxUnpool", "kiln.max_unpool", 9},
      {"MeanVarianceNormalization", "kiln.mean_variance_normalization", 9},
      {"NegativeLogLikelihoodLoss", "kiln.negative_log_likelihood_loss", 12},
      {"NonMaxSuppression", "kiln.non_max_suppression", 10, nullptr, nullptr,
       5},
      {"RMSNormalization", "kiln.rms_normalization", 23, normalizeStashType},
      {"RNN", "kiln.rnn", 1, normalizeRecurrent, nullptr, 6, 2},
      {"Resize", "kiln.resize", 10, normalizeResize, nullptr, 4},
      {"RoiAlign", "kiln.roi_align", 10, normalizeRoiAlign},
      {"RotaryEmbedding", "kiln.rotary_embedding", 23},
      {"SoftmaxCrossEntropyLoss", "kiln.softmax_cross_entropy_loss", 12,
       nullptr, nullptr, 0, 2},
      {"Upsample", "kiln.resize", 7, normalizeUpsample, nullptr, 4},
  };
  return entries;
}
