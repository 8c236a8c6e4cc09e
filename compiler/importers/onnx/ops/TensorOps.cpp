// SPDX-License-Identifier: Apache-2.0
//===- TensorOps.cpp - importing ONNX tensor operators --------------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "dialects/kiln/IR/KilnOps.h"

#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Normalize and build hooks
//===----------------------------------------------------------------------===//

/// Constant holds its value in exactly one of several attributes.
static LogicalResult buildConstant(NodeImport &node) {
  if (node.attributes.getAttrs().size() != 1)
    return node.emitError()
           << "Constant needs exactly one value attribute, got "
           << node.attributes.getAttrs().size();
  NamedAttribute attr = node.attributes.getAttrs().front();
  Builder &b = node.builder;
  ElementsAttr value;
  StringRef name = attr.getName().getValue();
  if (name == "value") {
    value = dyn_cast<ElementsAttr>(attr.getValue());
  } else if (name == "value_float" || name == "value_int") {
    auto type = RankedTensorType::get(
        {}, name == "value_float" ? Type(b.getF32Type()) : b.getI64Type());
    value = DenseElementsAttr::get(type, attr.getValue());
  } else if (auto ints = dyn_cast<DenseI64ArrayAttr>(attr.getValue());
             ints && name == "value_ints") {
    value = DenseIntElementsAttr::get(
        RankedTensorType::get({ints.size()}, b.getI64Type()),
        ints.asArrayRef());
  } else if (auto floats = dyn_cast<DenseF32ArrayAttr>(attr.getValue());
             floats && name == "value_floats") {
    value = DenseFPElementsAttr::get(
        RankedTensorType::get({floats.size()}, b.getF32Type()),
        floats.asArrayRef());
  }
  if (!value)
    return node.emitError()
           << "Constant attribute '" << name << "' is not supported";
  node.outputs = {node.createConstant(value)};
  return success();
}

/// Cast (6+): `to` is an ONNX data type.
static LogicalResult normalizeCast(NodeImport &node) {
  if (!node.attributes.get("to"))
    return node.emitError() << "Cast needs the attribute 'to'";
  return node.convertDataTypeAttribute("to", std::nullopt);
}

/// Reshape 1-4 took the shape as an attribute (and a legacy
/// consumed_inputs hint, which does not change the result).
static LogicalResult normalizeReshape(NodeImport &node) {
  if (node.opset < 5) {
    node.attributes.erase("consumed_inputs");
    if (!node.attributes.get("shape"))
      return node.emitError() << "Reshape needs the attribute 'shape'";
    node.moveAttributeToInput("shape", 1, node.builder.getI64Type());
  }
  return success();
}

/// Concat 1-3 defaulted the axis to 1.
static LogicalResult normalizeConcat(NodeImport &node) {
  if (node.opset < 4 && !node.attributes.get("axis"))
    node.attributes.set("axis", node.builder.getI64IntegerAttr(1));
  return success();
}

/// Split: constant sizes (the input of 13+, the attribute before) become
/// the `split` attribute; without sizes, `num_outputs` (18+) or else the
/// node's output count gives the number of equal parts. Computed sizes stay
/// an operand, reshaped to a static length so that the op knows its result
/// count.
static LogicalResult normalizeSplit(NodeImport &node) {
  node.foldConstantInputIntoAttribute(1, "split");
  Value sizes = node.inputs.size() > 1 ? node.inputs[1] : Value();
  auto numOutputs = static_cast<int64_t>(node.node.output_size());
  auto split =
      dyn_cast_or_null<DenseI64ArrayAttr>(node.attributes.get("split"));
  if (split && split.empty()) {
    node.attributes.erase("split");
    split = nullptr;
  }
  if (split && split.size() != numOutputs)
    return node.emitError() << "Split has " << split.size()
                            << " split sizes for " << numOutputs << " outputs";
  if (node.attributes.get("num_outputs") &&
      node.getIntAttr("num_outputs", 0) != numOutputs)
    return node.emitError()
           << "Split has num_outputs = " << node.getIntAttr("num_outputs", 0)
           << " for " << numOutputs << " outputs";
  if (!sizes && !split && !node.attributes.get("num_outputs"))
    node.attributes.set("num_outputs",
                        node.builder.getI64IntegerAttr(numOutputs));
  if (sizes) {
    auto type = dyn_cast<RankedTensorType>(sizes.getType());
    if (!type || type.getRank() != 1 || type.isDynamicDim(0)) {
      FailureOr<Operation *> reshape = node.createOp(
          "kiln.reshape", {sizes, node.createI64Constant({numOutputs})}, {});
      if (failed(reshape))
        return failure();
      node.inputs[1] = (*reshape)->getResult(0);
    }
  }
  return success();
}

/// Slice 1-9 took starts, ends and axes as attributes.
static LogicalResult normalizeSlice(NodeImport &node) {
  if (node.opset >= 10)
    return success();
  if (!node.attributes.get("starts") || !node.attributes.get("ends"))
    return node.emitError() << "Slice needs the attributes 'starts' and 'ends'";
  Type i64 = node.builder.getI64Type();
  node.moveAttributeToInput("starts", 1, i64);
  node.moveAttributeToInput("ends", 2, i64);
  node.moveAttributeToInput("axes", 3, i64);
  return success();
}

/// Squeeze: the axes input of 13+ becomes the attribute when constant. An
/// empty list means all axes, as no list does.
static LogicalResult normalizeSqueeze(NodeImport &node) {
  node.foldConstantInputIntoAttribute(1, "axes");
  if (auto axes =
          dyn_cast_or_null<DenseI64ArrayAttr>(node.attributes.get("axes"));
      axes && axes.empty())
    node.attributes.erase("axes");
  return success();
}

/// Unsqueeze: the axes input of 13+ becomes the attribute when constant
/// (1-12 had the attribute).
static LogicalResult normalizeUnsqueeze(NodeImport &node) {
  node.foldConstantInputIntoAttribute(1, "axes");
  bool hasInput = node.inputs.size() > 1 && node.inputs[1];
  if (!hasInput && !node.attributes.get("axes"))
    return node.emitError() << "Unsqueeze needs axes";
  return success();
}

/// Pad 1-10 took the pads (1: `paddings`) and the fill value as attributes;
/// 18+ takes an axes input, kept as the attribute when constant.
static LogicalResult normalizePad(NodeImport &node) {
  if (node.opset < 11) {
    if (Attribute paddings = node.attributes.erase("paddings"))
      node.attributes.set("pads", paddings);
    if (!node.attributes.get("pads"))
      return node.emitError() << "Pad needs the attribute 'pads'";
    node.moveAttributeToInput("pads", 1, node.builder.getI64Type());
    if (Attribute value = node.attributes.get("value")) {
      auto data = dyn_cast<TensorType>(node.inputs[0].getType());
      if (!data || !isa<FloatType>(data.getElementType()))
        return node.emitError() << "Pad before opset 11 pads float tensors "
                                   "only";
      node.moveAttributeToInput("value", 2, data.getElementType());
    }
  }
  node.foldConstantInputIntoAttribute(3, "axes");
  return success();
}

/// EyeLike and Bernoulli: the optional `dtype` is an ONNX data type.
static LogicalResult normalizeOptionalDataType(NodeImport &node) {
  return node.convertDataTypeAttribute("dtype", std::nullopt);
}

/// RandomNormal and RandomUniform (and their Like forms, which default to
/// the input's type instead): `dtype` defaults to float.
static LogicalResult normalizeRandom(NodeImport &node) {
  return node.convertDataTypeAttribute("dtype", onnx::TensorProto::FLOAT);
}

/// Multinomial: `dtype` defaults to int32.
static LogicalResult normalizeMultinomial(NodeImport &node) {
  return node.convertDataTypeAttribute("dtype", onnx::TensorProto::INT32);
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

ArrayRef<OpEntry> mlir::kiln::getTensorOpEntries() {
  static const OpEntry entries[] = {
      {"Bernoulli", "kiln.bernoulli", 15, normalizeOptionalDataType},
      {"Cast", "kiln.cast", 6, normalizeCast},
      {"CastLike", "kiln.cast_like", 15},
      {"CenterCropPad", "kiln.center_crop_pad", 18},
      {"Col2Im", "kiln.col2im", 18},
      {"Compress", "kiln.compress", 9},
      {"Concat", "kiln.concat", 1, normalizeConcat},
      {"Constant", "kiln.constant", 1, nullptr, buildConstant},
      {"ConstantOfShape", "kiln.constant_of_shape", 9},
      {"DepthToSpace", "kiln.depth_to_space", 1},
      {"Expand", "kiln.expand", 8},
      {"EyeLike", "kiln.eye_like", 9, normalizeOptionalDataType},
      {"Flatten", "kiln.flatten", 1},
      {"Gather", "kiln.gather", 1},
      {"GatherElements", "kiln.gather_elements", 11},
      {"GatherND", "kiln.gather_nd", 11},
      {"Identity", "kiln.identity", 1},
      {"Multinomial", "kiln.multinomial", 7, normalizeMultinomial},
      {"NonZero", "kiln.non_zero", 9},
      {"OneHot", "kiln.one_hot", 9},
      {"Pad", "kiln.pad", 1, normalizePad, nullptr, /*operandSegments=*/4},
      {"RandomNormal", "kiln.random_normal", 1, normalizeRandom},
      {"RandomNormalLike", "kiln.random_normal_like", 1,
       normalizeOptionalDataType},
      {"RandomUniform", "kiln.random_uniform", 1, normalizeRandom},
      {"RandomUniformLike", "kiln.random_uniform_like", 1,
       normalizeOptionalDataType},
      {"Range", "kiln.range", 11},
      {"Reshape", "kiln.reshape", 1, normalizeReshape},
      {"ReverseSequence", "kiln.reverse_sequence", 10},
      // Scatter (9-10) is ScatterElements under its deprecated name.
      {"Scatter", "kiln.scatter_elements", 9},
      {"ScatterElements", "kiln.scatter_elements", 11},
      {"ScatterND", "kiln.scatter_nd", 11},
      {"Shape", "kiln.shape", 1},
      {"Size", "kiln.size", 1},
      {"Slice", "kiln.slice", 1, normalizeSlice, nullptr,
       /*operandSegments=*/5},
      {"SpaceToDepth", "kiln.space_to_depth", 1},
      // Variadic results: the op infers one per part, as many as the node's
      // outputs (normalizeSplit makes sure).
      {"Split", "kiln.split", 2, normalizeSplit},
      {"Squeeze", "kiln.squeeze", 1, normalizeSqueeze},
      {"TensorScatter", "kiln.tensor_scatter", 24},
      {"Tile", "kiln.tile", 6},
      {"Transpose", "kiln.transpose", 1},
      {"Trilu", "kiln.trilu", 14},
      {"Unique", "kiln.unique", 11, nullptr, nullptr, 0, /*numResults=*/4},
      {"Unsqueeze", "kiln.unsqueeze", 1, normalizeUnsqueeze},
  };
  return entries;
}
