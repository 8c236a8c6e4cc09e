// SPDX-License-Identifier: Apache-2.0
//===- QuantizationOps.cpp - importing ONNX quantization operators --------===//

#include "compiler/importers/onnx/OpTable.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::kiln;

/// QuantizeLinear gained `axis` (opset 13), `saturate` (19), `block_size` and
/// `output_dtype` (21) and `precision` (23), all with defaults that keep the
/// older meaning; the data types become TypeAttrs.
static LogicalResult normalizeQuantizeLinear(NodeImport &node) {
  if (failed(node.convertDataTypeAttribute("output_dtype", std::nullopt,
                                           /*zeroMeansAbsent=*/true)) ||
      failed(node.convertDataTypeAttribute("precision", std::nullopt,
                                           /*zeroMeansAbsent=*/true)))
    return failure();
  return success();
}

/// DequantizeLinear gained `axis` (opset 13), `block_size` (21) and
/// `output_dtype` (23), with defaults that keep the older meaning.
static LogicalResult normalizeDequantizeLinear(NodeImport &node) {
  return node.convertDataTypeAttribute("output_dtype", std::nullopt,
                                       /*zeroMeansAbsent=*/true);
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
