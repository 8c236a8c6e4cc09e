// SPDX-License-Identifier: Apache-2.0
//===- QuantizationOps.cpp - importing ONNX quantization operators --------===//

#include "compiler/importers/onnx/OpTable.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::kiln;

/// The element type of ONNX data type `dataType` (TensorProto.DataType), or
/// null when Kiln does not support it (strings, complex, float8, 4-bit).
static Type getElementType(MLIRContext *context, int64_t dataType) {
  auto integer = [&](unsigned width, bool isUnsigned = false) -> Type {
    return IntegerType::get(context, width,
                            isUnsigned ? IntegerType::Unsigned
                                       : IntegerType::Signless);
  };
  switch (dataType) {
  case 1:
    return Float32Type::get(context);
  case 2:
    return integer(8, /*isUnsigned=*/true);
  case 3:
    return integer(8);
  case 4:
    return integer(16, /*isUnsigned=*/true);
  case 5:
    return integer(16);
  case 6:
    return integer(32);
  case 7:
    return integer(64);
  case 9:
    return integer(1);
  case 10:
    return Float16Type::get(context);
  case 11:
    return Float64Type::get(context);
  case 12:
    return integer(32, /*isUnsigned=*/true);
  case 13:
    return integer(64, /*isUnsigned=*/true);
  case 16:
    return BFloat16Type::get(context);
  default:
    return nullptr;
  }
}

/// Turns the optional data-type attribute `name` (an ONNX TensorProto
/// DataType, where 0 means "not given") into a TypeAttr, or drops it when 0.
static LogicalResult convertDataTypeAttribute(NodeImport &node,
                                              StringRef name) {
  auto attr = dyn_cast_or_null<IntegerAttr>(node.attributes.get(name));
  if (!attr)
    return success();
  int64_t dataType = attr.getInt();
  if (dataType == 0) {
    node.attributes.erase(name);
    return success();
  }
  Type type = getElementType(node.builder.getContext(), dataType);
  if (!type)
    return node.emitError() << "attribute '" << name << "' names data type "
                            << dataType << ", which Kiln does not support";
  node.attributes.set(name, TypeAttr::get(type));
  return success();
}

/// QuantizeLinear gained `axis` (opset 13), `saturate` (19), `block_size` and
/// `output_dtype` (21) and `precision` (23), all with defaults that keep the
/// older meaning; the data types become TypeAttrs.
static LogicalResult normalizeQuantizeLinear(NodeImport &node) {
  if (failed(convertDataTypeAttribute(node, "output_dtype")) ||
      failed(convertDataTypeAttribute(node, "precision")))
    return failure();
  return success();
}

/// DequantizeLinear gained `axis` (opset 13), `block_size` (21) and
/// `output_dtype` (23), with defaults that keep the older meaning.
static LogicalResult normalizeDequantizeLinear(NodeImport &node) {
  return convertDataTypeAttribute(node, "output_dtype");
}

ArrayRef<OpEntry> mlir::kiln::getQuantizationOpEntries() {
  static const OpEntry entries[] = {
      {"ConvInteger", "kiln.conv_integer", 10, nullptr, nullptr,
       /*operandSegments=*/4},
      {"DequantizeLinear", "kiln.dequantize_linear", 10,
       normalizeDequantizeLinear},
      {"DynamicQuantizeLinear", "kiln.dynamic_quantize_linear", 11},
      {"MatMulInteger", "kiln.matmul_integer", 10, nullptr, nullptr,
       /*operandSegments=*/4},
      {"QLinearConv", "kiln.qlinear_conv", 10},
      {"QLinearMatMul", "kiln.qlinear_matmul", 10},
      {"QuantizeLinear", "kiln.quantize_linear", 10, normalizeQuantizeLinear},
  };
  return entries;
}
