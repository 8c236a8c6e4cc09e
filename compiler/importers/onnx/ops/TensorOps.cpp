// SPDX-License-Identifier: Apache-2.0
//===- TensorOps.cpp - importing ONNX tensor operators --------------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "dialects/kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

/// Constant holds its value in exactly one of several attributes.
static LogicalResult buildConstant(NodeImport &node) {
  if (node.attributes.getAttrs().size() != 1)
    return node.emitError() << "Constant needs exactly one value attribute, got "
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
    return node.emitError() << "Constant attribute '" << name
                            << "' is not supported";
  node.outputs = {node.createConstant(value)};
  return success();
}

ArrayRef<OpEntry> mlir::kiln::getTensorOpEntries() {
  static const OpEntry entries[] = {
      {"Constant", "kiln.constant", 1, nullptr, buildConstant},
  };
  return entries;
}
