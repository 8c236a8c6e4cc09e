// SPDX-License-Identifier: Apache-2.0
//===- OpTable.h - how each ONNX operator becomes kiln ops ------*- C++ -*-===//
//
// The importer is table-driven: every supported ONNX operator has one
// `OpEntry` in the table of its category (ops/*.cpp). Most entries only name
// the kiln op; the generic build then maps ONNX inputs to operands by
// position and ONNX attributes to attributes by name. An entry adds a
// `normalize` hook where opset versions differ (rewriting the node into
// Kiln's canonical form first) or a `build` hook where one node becomes
// several ops.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_IMPORTERS_ONNX_OPTABLE_H
#define KILN_COMPILER_IMPORTERS_ONNX_OPTABLE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/LLVM.h"

#include <functional>

namespace onnx {
class NodeProto;
} // namespace onnx

namespace mlir::kiln {

/// The newest ONNX opset the importer knows (that of the pinned onnx package).
constexpr int64_t kLatestOnnxOpset = 24;

/// A node while it is imported: its operands by ONNX input slot, its
/// attributes converted generically, and what it produced.
class NodeImport {
public:
  NodeImport(const ::onnx::NodeProto &node, int64_t opset, OpBuilder &builder,
             Location loc)
      : node(node), opset(opset), builder(builder), loc(loc) {}

  const ::onnx::NodeProto &node;
  /// The model's opset for the node's domain.
  int64_t opset;
  OpBuilder &builder;
  /// The node's location: its name (or first output) inside the model file.
  Location loc;

  /// Operands by ONNX input slot; a null Value for an absent optional input.
  SmallVector<Value> inputs;
  /// The node's attributes, converted by ONNX attribute type:
  ///   INT -> i64 IntegerAttr     FLOAT -> f32 FloatAttr
  ///   INTS -> DenseI64ArrayAttr  FLOATS -> DenseF32ArrayAttr
  ///   STRING -> StringAttr       STRINGS -> ArrayAttr of StringAttr
  ///   TENSOR -> ElementsAttr     GRAPH(S) -> imported by control-flow builds
  NamedAttrList attributes;
  /// Results by ONNX output slot, filled by the build. Null for outputs the
  /// op does not produce.
  SmallVector<Value> outputs;

  /// Emits an error located at the node (its name and op type).
  InFlightDiagnostic emitError() const;

  /// The value of input `slot` when a constant defines it, else null.
  ElementsAttr getConstantInput(unsigned slot) const;
  /// The integers of constant input `slot`; failure when it is not constant.
  FailureOr<SmallVector<int64_t>> getConstantIntegers(unsigned slot) const;

  /// Kiln's canonical form keeps `axes`-like lists as attributes when they
  /// are known: if input `slot` is a constant, stores it as the
  /// DenseI64ArrayAttr `name` and drops the input (an absent slot stays
  /// absent). A computed input stays an operand.
  void foldConstantInputIntoAttribute(unsigned slot, StringRef name);

  /// Turns attribute `name` (INTS, INT, FLOAT or FLOATS) into a constant
  /// operand at input `slot`, of tensor type `elementType` (1-D for lists,
  /// 0-D for scalars). Missing attributes leave the slot absent.
  void moveAttributeToInput(StringRef name, unsigned slot, Type elementType);

  /// Creates a kiln.constant holding `value`.
  Value createConstant(ElementsAttr value);
  /// Creates a 1-D i64 kiln.constant.
  Value createI64Constant(ArrayRef<int64_t> values);

  /// Turns the INT attribute `name` holding an ONNX TensorProto.DataType into
  /// a TypeAttr. An absent attribute becomes `defaultType` if given; with
  /// `zeroMeansAbsent`, a 0 ("not set") is dropped.
  LogicalResult convertDataTypeAttribute(StringRef name,
                                         std::optional<int64_t> defaultType,
                                         bool zeroMeansAbsent = false);

  /// Returns an integer attribute, or `defaultValue` when absent.
  int64_t getIntAttr(StringRef name, int64_t defaultValue) const;
  /// Returns the integer list attribute `name`, or std::nullopt.
  std::optional<SmallVector<int64_t>> getIntsAttr(StringRef name) const;

  /// Creates op `name` from `operands` and `attrs` with results whose types
  /// are inferred by the op (InferTypeOpInterface), and returns it; errors
  /// are reported at the node. `numResults` 0 means one result per ONNX output.
  FailureOr<Operation *> createOp(StringRef name, ValueRange operands,
                                  ArrayRef<NamedAttribute> attrs,
                                  unsigned numResults = 0);

  /// Imports the graph attribute `name` into `region` (control flow): one
  /// block whose arguments have `argTypes`, ending in kiln.yield of the
  /// graph's outputs. Set by the graph importer.
  std::function<LogicalResult(StringRef name, Region &region,
                              TypeRange argTypes)>
      importSubgraph;
};

/// Rewrites a node into Kiln's canonical form before the generic build.
using NormalizeFn = LogicalResult (*)(NodeImport &);
/// Builds a node by hand, filling `outputs`.
using BuildFn = LogicalResult (*)(NodeImport &);

/// How one ONNX operator is imported.
struct OpEntry {
  /// The ONNX op type, in the default domain.
  StringLiteral onnxName;
  /// The kiln op it becomes ("kiln.add"); empty when `build` makes several.
  StringLiteral kilnName;
  /// The first ONNX opset whose form of this op is supported.
  int64_t minOpset;
  /// Runs before the generic build (opset differences, attribute forms).
  NormalizeFn normalize = nullptr;
  /// Replaces the generic build.
  BuildFn build = nullptr;
  /// When non-zero, the op uses AttrSizedOperandSegments over this many
  /// ONNX input slots (one segment per slot, absent slots empty).
  unsigned operandSegments = 0;
  /// When non-zero, the op always has this many results even though the
  /// node may leave trailing optional outputs out.
  unsigned numResults = 0;
};

/// The tables of each category, defined in ops/<Category>Ops.cpp.
ArrayRef<OpEntry> getMathOpEntries();
ArrayRef<OpEntry> getTensorOpEntries();
ArrayRef<OpEntry> getNNOpEntries();
ArrayRef<OpEntry> getReductionOpEntries();
ArrayRef<OpEntry> getQuantizationOpEntries();
ArrayRef<OpEntry> getControlFlowOpEntries();
ArrayRef<OpEntry> getSignalOpEntries();
ArrayRef<OpEntry> getSequenceOpEntries();

/// Every entry, looked up by ONNX op type; null when unsupported.
const OpEntry *lookupOpEntry(StringRef onnxName);
/// Every entry, sorted by ONNX op type (for docs/ops.md).
SmallVector<const OpEntry *> getAllOpEntries();

/// Imports the node with the generic build: operands by position (with
/// segment sizes when the entry says so), attributes by name, results
/// inferred by the op. Entries' build hooks may call it after adjusting the
/// node.
LogicalResult buildGeneric(NodeImport &node, const OpEntry &entry);

} // namespace mlir::kiln

#endif // KILN_COMPILER_IMPORTERS_ONNX_OPTABLE_H
