// SPDX-License-Identifier: Apache-2.0
//===- NodeImport.cpp - building kiln ops from one ONNX node --------------===//

#include "compiler/importers/onnx/OpTable.h"

#include "compiler/importers/onnx/TensorImporter.h"
#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace mlir::kiln;

InFlightDiagnostic NodeImport::emitError() const {
  return mlir::emitError(loc);
}

ElementsAttr NodeImport::getConstantInput(unsigned slot) const {
  if (slot >= inputs.size() || !inputs[slot])
    return nullptr;
  auto constant = inputs[slot].getDefiningOp<ConstantOp>();
  return constant ? constant.getValue() : nullptr;
}

FailureOr<SmallVector<int64_t>>
NodeImport::getConstantIntegers(unsigned slot) const {
  if (slot >= inputs.size())
    return failure();
  std::optional<SmallVector<int64_t>> values =
      kiln::getConstantIntegers(inputs[slot]);
  if (!values)
    return failure();
  return std::move(*values);
}

void NodeImport::foldConstantInputIntoAttribute(unsigned slot, StringRef name) {
  if (slot >= inputs.size() || !inputs[slot])
    return;
  FailureOr<SmallVector<int64_t>> values = getConstantIntegers(slot);
  if (failed(values))
    return;
  attributes.set(name, builder.getDenseI64ArrayAttr(*values));
  inputs[slot] = nullptr;
}

void NodeImport::moveAttributeToInput(StringRef name, unsigned slot,
                                      Type elementType) {
  Attribute attr = attributes.erase(name);
  if (!attr)
    return;
  if (inputs.size() <= slot)
    inputs.resize(slot + 1);

  auto makeTensor = [&](int64_t size) -> ShapedType {
    return size < 0 ? RankedTensorType::get({}, elementType)
                    : RankedTensorType::get({size}, elementType);
  };
  ElementsAttr value;
  if (auto ints = dyn_cast<DenseI64ArrayAttr>(attr)) {
    SmallVector<APInt> bits;
    for (int64_t v : ints.asArrayRef())
      bits.push_back(APInt(elementType.getIntOrFloatBitWidth(), v, true));
    value = DenseElementsAttr::get(makeTensor(ints.size()), bits);
  } else if (auto floats = dyn_cast<DenseF32ArrayAttr>(attr)) {
    SmallVector<Attribute> elements;
    for (float v : floats.asArrayRef())
      elements.push_back(builder.getFloatAttr(elementType, v));
    value = DenseElementsAttr::get(makeTensor(floats.size()), elements);
  } else if (auto integer = dyn_cast<IntegerAttr>(attr)) {
    value = DenseElementsAttr::get(
        makeTensor(-1), builder.getIntegerAttr(elementType, integer.getInt()));
  } else if (auto real = dyn_cast<FloatAttr>(attr)) {
    value = DenseElementsAttr::get(
        makeTensor(-1),
        builder.getFloatAttr(elementType, real.getValueAsDouble()));
  }
  if (value)
    inputs[slot] = createConstant(value);
}

Value NodeImport::createConstant(ElementsAttr value) {
  return ConstantOp::create(builder, loc, value);
}

Value NodeImport::createI64Constant(ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getI64Type());
  return createConstant(DenseIntElementsAttr::get(type, values));
}

LogicalResult NodeImport::convertDataTypeAttribute(
    StringRef name, std::optional<int64_t> defaultType, bool zeroMeansAbsent) {
  Attribute attr = attributes.get(name);
  if (!attr && !defaultType)
    return success();
  auto integer = dyn_cast_or_null<IntegerAttr>(attr);
  if (attr && !integer)
    return emitError() << "attribute '" << name
                       << "' must be an ONNX data type (INT)";
  int64_t dataType = integer ? integer.getInt() : *defaultType;
  if (dataType == 0 && zeroMeansAbsent) {
    attributes.erase(name);
    return success();
  }
  Type type = convertOnnxElementType(builder.getContext(), dataType);
  if (!type)
    return emitError() << "attribute '" << name << "' names data type "
                       << getOnnxElementTypeName(dataType)
                       << ", which Kiln does not support";
  attributes.set(name, TypeAttr::get(type));
  return success();
}

int64_t NodeImport::getIntAttr(StringRef name, int64_t defaultValue) const {
  auto attr = dyn_cast_or_null<IntegerAttr>(attributes.get(name));
  return attr ? attr.getInt() : defaultValue;
}

std::optional<SmallVector<int64_t>>
NodeImport::getIntsAttr(StringRef name) const {
  auto attr = dyn_cast_or_null<DenseI64ArrayAttr>(attributes.get(name));
  if (!attr)
    return std::nullopt;
  return SmallVector<int64_t>(attr.asArrayRef());
}

namespace {
/// Properties storage of one op, built from an attribute dictionary.
class PropertiesStorage {
public:
  explicit PropertiesStorage(OperationName name)
      : name(name), storage((name.getOpPropertyByteSize() + 7) / 8) {
    if (!storage.empty())
      name.initOpProperties(get(), /*init=*/nullptr);
  }
  ~PropertiesStorage() {
    if (!storage.empty())
      name.destroyOpProperties(get());
  }
  OpaqueProperties get() {
    return storage.empty() ? OpaqueProperties(nullptr)
                           : OpaqueProperties(storage.data());
  }

private:
  OperationName name;
  SmallVector<uint64_t, 16> storage;
};
} // namespace

FailureOr<Operation *> NodeImport::createOp(StringRef name, ValueRange operands,
                                            ArrayRef<NamedAttribute> attrs,
                                            unsigned numResults) {
  MLIRContext *context = builder.getContext();
  std::optional<RegisteredOperationName> opName =
      RegisteredOperationName::lookup(name, context);
  if (!opName)
    return emitError() << "internal error: op '" << name
                       << "' is not registered";
  auto inferInterface = opName->getInterface<InferTypeOpInterface>();
  if (!inferInterface)
    return emitError() << "internal error: op '" << name
                       << "' does not infer its result types";

  // Every attribute must be one the op declares: an ignored attribute would
  // silently change the meaning of the model.
  ArrayRef<StringAttr> known = opName->getAttributeNames();
  for (const NamedAttribute &attr : attrs)
    if (!llvm::is_contained(known, attr.getName()))
      return emitError() << "attribute '" << attr.getName().getValue()
                         << "' is not supported by " << name;

  // Attributes become the op's properties; a wrong kind (an INTS attribute
  // where the op takes an INT, say) is reported here, before inference.
  DictionaryAttr dictionary = DictionaryAttr::get(context, attrs);
  PropertiesStorage properties(*opName);
  bool hasProperties = opName->getOpPropertyByteSize() > 0;
  if (hasProperties && failed(opName->setOpPropertiesFromAttribute(
                           *opName, properties.get(), dictionary,
                           [&]() { return emitError(); })))
    return failure();

  SmallVector<Type> resultTypes;
  if (failed(inferInterface->inferReturnTypes(context, loc, operands,
                                              dictionary, properties.get(),
                                              /*regions=*/{}, resultTypes)))
    return failure();
  if (numResults != 0 && resultTypes.size() != numResults)
    return emitError() << "internal error: " << name << " infers "
                       << resultTypes.size() << " results, expected "
                       << numResults;

  OperationState state(loc, *opName);
  state.addOperands(operands);
  if (hasProperties)
    state.propertiesAttr = dictionary;
  state.addTypes(resultTypes);
  return builder.create(state);
}

const OpEntry *mlir::kiln::lookupOpEntry(StringRef onnxName) {
  static const llvm::StringMap<const OpEntry *> table = [] {
    llvm::StringMap<const OpEntry *> map;
    for (const OpEntry *entry : getAllOpEntries())
      map[entry->onnxName] = entry;
    return map;
  }();
  return table.lookup(onnxName);
}

SmallVector<const OpEntry *> mlir::kiln::getAllOpEntries() {
  SmallVector<const OpEntry *> entries;
  for (ArrayRef<OpEntry> category :
       {getMathOpEntries(), getTensorOpEntries(), getNNOpEntries(),
        getReductionOpEntries(), getQuantizationOpEntries(),
        getControlFlowOpEntries(), getSignalOpEntries(),
        getSequenceOpEntries()})
    for (const OpEntry &entry : category)
      entries.push_back(&entry);
  llvm::sort(entries, [](const OpEntry *a, const OpEntry *b) {
    return a->onnxName < b->onnxName;
  });
  return entries;
}

LogicalResult mlir::kiln::buildGeneric(NodeImport &node, const OpEntry &entry) {
  SmallVector<Value> operands;
  for (Value input : node.inputs)
    if (input)
      operands.push_back(input);

  SmallVector<NamedAttribute> attrs(node.attributes.getAttrs());
  if (unsigned numSlots = entry.operandSegments) {
    // One segment per ONNX input slot; the last also takes any further
    // inputs (a variadic tail).
    SmallVector<int32_t> segments(numSlots, 0);
    for (auto [slot, input] : llvm::enumerate(node.inputs))
      if (input)
        ++segments[std::min<size_t>(slot, numSlots - 1)];
    attrs.push_back(node.builder.getNamedAttr(
        "operandSegmentSizes", node.builder.getDenseI32ArrayAttr(segments)));
  } else {
    // Without segments, only trailing inputs may be absent.
    auto lastPresent = llvm::find_if(llvm::reverse(node.inputs),
                                     [](Value v) { return bool(v); });
    size_t numGiven = std::distance(lastPresent, node.inputs.rend());
    for (auto [slot, input] : llvm::enumerate(node.inputs))
      if (!input && slot < numGiven)
        return node.emitError()
               << "optional input #" << slot
               << " is absent while a later input is given, "
               << "which " << entry.kilnName << " cannot express";
  }

  FailureOr<Operation *> op =
      node.createOp(entry.kilnName, operands, attrs, entry.numResults);
  if (failed(op))
    return failure();
  node.outputs.assign((*op)->result_begin(), (*op)->result_end());
  return success();
}
