// SPDX-License-Identifier: Apache-2.0
//===- SignalOps.cpp - importing ONNX signal-processing operators ---------===//
//
// Normalize hooks bring older opsets into the canonical (newest) form:
//   DFT < 20            axis attribute (default 1) -> `axis` attribute;
//   DFT 20+             constant axis input -> `axis` attribute, absent
//                       axis -> -2; a computed axis stays an operand
//   windows, MelWeightMatrix
//                       output_datatype: ONNX data type (default FLOAT)
//                       -> TypeAttr
//
//===----------------------------------------------------------------------===//

#include "compiler/importers/onnx/OpTable.h"
#include "compiler/importers/onnx/TensorImporter.h"

#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Normalize hooks
//===----------------------------------------------------------------------===//

/// DFT 17-19 take `axis` as an attribute (default 1); DFT 20 as an optional
/// scalar input (default -2), which becomes the `axis` attribute when it is
/// a constant.
static LogicalResult normalizeDFT(NodeImport &node) {
  Builder &b = node.builder;
  if (node.opset < 20) {
    node.attributes.set("axis",
                        b.getI64IntegerAttr(node.getIntAttr("axis", 1)));
    return success();
  }
  if (node.attributes.get("axis"))
    return node.emitError() << "DFT " << node.opset
                            << " takes the axis as input #2, not as an "
                               "attribute";
  constexpr unsigned axisSlot = 2;
  if (axisSlot >= node.inputs.size() || !node.inputs[axisSlot]) {
    node.attributes.set("axis", b.getI64IntegerAttr(-2));
    return success();
  }
  FailureOr<SmallVector<int64_t>> axis = node.getConstantIntegers(axisSlot);
  if (failed(axis))
    return success();
  if (axis->size() != 1)
    return node.emitError()
           << "DFT axis must be a scalar, got " << axis->size() << " values";
  node.attributes.set("axis", b.getI64IntegerAttr(axis->front()));
  node.inputs[axisSlot] = nullptr;
  return success();
}

/// The window ops and MelWeightMatrix: `output_datatype` is an ONNX data
/// type, FLOAT by default, of a numeric (not bool) element type.
static LogicalResult normalizeOutputDatatype(NodeImport &node) {
  if (failed(node.convertDataTypeAttribute("output_datatype",
                                           ::onnx::TensorProto::FLOAT)))
    return failure();
  auto type = cast<TypeAttr>(node.attributes.get("output_datatype"));
  if (type.getValue().isInteger(1))
    return node.emitError() << node.node.op_type()
                            << " output_datatype BOOL is not supported (a "
                               "numeric type is needed)";
  return success();
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

ArrayRef<OpEntry> mlir::kiln::getSignalOpEntries() {
  static const OpEntry entries[] = {
      {"BlackmanWindow", "kiln.blackman_window", 17, normalizeOutputDatatype},
      {"DFT", "kiln.dft", 17, normalizeDFT, nullptr, /*operandSegments=*/3},
      {"HammingWindow", "kiln.hamming_window", 17, normalizeOutputDatatype},
      {"HannWindow", "kiln.hann_window", 17, normalizeOutputDatatype},
      {"MelWeightMatrix", "kiln.mel_weight_matrix", 17,
       normalizeOutputDatatype},
      {"STFT", "kiln.stft", 17, nullptr, nullptr, /*operandSegments=*/4},
  };
  return entries;
}
