// SPDX-License-Identifier: Apache-2.0
//===- GraphImporter.cpp - ONNX graphs to functions in the kiln dialect ---===//
//
// Walks a ModelProto: checks its opsets and that every operator is
// supported (one error listing all that are not), turns graph inputs into
// function arguments and initializers into constants, imports nodes in
// topological order through the op table, inlines model-local functions and
// imports control-flow subgraphs into regions.
//
//===----------------------------------------------------------------------===//

#include "compiler/importers/onnx/OnnxImporter.h"

#include "compiler/importers/onnx/ModelReader.h"
#include "compiler/importers/onnx/OpTable.h"
#include "compiler/importers/onnx/TensorImporter.h"
#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/defs/parser.h>
#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Whether `domain` names ONNX's default operator set.
bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// The key of a model-local function.
std::string getFunctionKey(StringRef domain, StringRef name) {
  return (domain + "::" + name).str();
}

/// The opset of the default domain among `imports`, or 0 when absent.
int64_t getDefaultOpset(
    const google::protobuf::RepeatedPtrField<::onnx::OperatorSetIdProto>
        &imports) {
  for (const ::onnx::OperatorSetIdProto &import : imports)
    if (isDefaultDomain(import.domain()))
      return import.version();
  return 0;
}

/// The attribute type, also for old models that leave `type` unset.
::onnx::AttributeProto::AttributeType
getAttributeType(const ::onnx::AttributeProto &attr) {
  if (attr.type() != ::onnx::AttributeProto::UNDEFINED)
    return attr.type();
  if (attr.has_f())
    return ::onnx::AttributeProto::FLOAT;
  if (attr.has_i())
    return ::onnx::AttributeProto::INT;
  if (attr.has_s())
    return ::onnx::AttributeProto::STRING;
  if (attr.has_t())
    return ::onnx::AttributeProto::TENSOR;
  if (attr.has_g())
    return ::onnx::AttributeProto::GRAPH;
  if (attr.has_tp())
    return ::onnx::AttributeProto::TYPE_PROTO;
  if (attr.floats_size())
    return ::onnx::AttributeProto::FLOATS;
  if (attr.ints_size())
    return ::onnx::AttributeProto::INTS;
  if (attr.strings_size())
    return ::onnx::AttributeProto::STRINGS;
  if (attr.graphs_size())
    return ::onnx::AttributeProto::GRAPHS;
  return ::onnx::AttributeProto::UNDEFINED;
}

/// The attributes a function call passes, for `ref_attr_name` references
/// in the function's body.
using AttributeContext = llvm::StringMap<::onnx::AttributeProto *>;

/// Operators a model uses that the importer cannot import.
struct UnsupportedOps {
  struct Use {
    std::string op;
    size_t count = 0;
    std::string firstNode;
  };
  /// In the order first seen.
  std::vector<Use> uses;
  llvm::StringMap<size_t> index;

  void add(StringRef op, StringRef node) {
    auto [it, inserted] = index.try_emplace(op, uses.size());
    if (inserted)
      uses.push_back({op.str(), 0, node.str()});
    ++uses[it->second].count;
  }
};

/// Values by ONNX name, innermost scope last: a subgraph sees its own values
/// and those of every enclosing graph.
class Scopes {
public:
  void push() { scopes.emplace_back(); }
  void pop() { scopes.pop_back(); }
  Value lookup(StringRef name) const {
    for (const llvm::StringMap<Value> &scope : llvm::reverse(scopes))
      if (Value value = scope.lookup(name))
        return value;
    return nullptr;
  }
  void define(StringRef name, Value value) { scopes.back()[name] = value; }

private:
  SmallVector<llvm::StringMap<Value>> scopes;
};

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, ::onnx::ModelProto &model, StringRef path,
                const OnnxImportOptions &options)
      : context(context), model(model), path(path.str()), options(options),
        builder(context), tensors(context, llvm::sys::path::parent_path(path)),
        fileLoc(FileLineColLoc::get(context, path, 0, 0)) {}

  FailureOr<OwningOpRef<ModuleOp>> run();

private:
  LogicalResult checkModel();
  void collectUnsupported(const ::onnx::GraphProto &graph, int64_t opset,
                          UnsupportedOps &unsupported,
                          llvm::StringSet<> &visitedFunctions);
  LogicalResult importMain(ModuleOp module);
  LogicalResult importGraphBody(::onnx::GraphProto &graph, int64_t opset,
                                const AttributeContext *attrs);
  FailureOr<SmallVector<::onnx::NodeProto *>>
  sortNodes(::onnx::GraphProto &graph);
  LogicalResult importNode(::onnx::NodeProto &node, int64_t opset,
                           const AttributeContext *attrs);
  LogicalResult inlineFunction(::onnx::NodeProto &call,
                               ::onnx::FunctionProto &function, Location loc,
                               const AttributeContext *attrs);
  LogicalResult importSubgraph(::onnx::GraphProto &graph, Region &region,
                               TypeRange argTypes, int64_t opset,
                               const AttributeContext *attrs, Location loc);
  FailureOr<Attribute> convertAttribute(::onnx::AttributeProto &attr,
                                        Location loc);
  void recordDeclaredTypes(const ::onnx::GraphProto &graph);
  LogicalResult defineOutput(StringRef name, Value value, Location loc);
  Location getNodeLoc(const ::onnx::NodeProto &node) const;

  MLIRContext *context;
  ::onnx::ModelProto &model;
  std::string path;
  const OnnxImportOptions &options;
  OpBuilder builder;
  TensorImporter tensors;
  Location fileLoc;
  int64_t opset = 0;
  Scopes values;
  /// Types the model declares for values (graph value_info and outputs).
  llvm::StringMap<::onnx::TypeProto *> declaredTypes;
  llvm::StringMap<::onnx::FunctionProto *> functions;
  /// Functions being inlined, to reject recursion.
  llvm::StringSet<> inlining;
};

} // namespace

Location GraphImporter::getNodeLoc(const ::onnx::NodeProto &node) const {
  std::string name = node.name();
  if (name.empty())
    name = node.output_size() ? node.output(0) : node.op_type();
  return NameLoc::get(StringAttr::get(context, name), fileLoc);
}

LogicalResult GraphImporter::checkModel() {
  if (!model.has_graph())
    return emitError(fileLoc) << "the model holds no graph";
  // Each operator checks the opset against the oldest form it imports, so
  // an old model whose operators have not changed since imports as well.
  opset = getDefaultOpset(model.opset_import());
  if (opset == 0 && model.ir_version() < 3)
    opset = 1; // IR versions 1 and 2 predate opset_import.
  if (opset > kLatestOnnxOpset)
    return emitError(fileLoc)
           << "the model uses ONNX opset " << opset
           << "; Kiln imports opsets up to " << kLatestOnnxOpset;

  for (::onnx::FunctionProto &function : *model.mutable_functions())
    functions[getFunctionKey(function.domain(), function.name())] = &function;

  UnsupportedOps unsupported;
  llvm::StringSet<> visitedFunctions;
  collectUnsupported(model.graph(), opset, unsupported, visitedFunctions);
  if (unsupported.uses.empty())
    return success();
  InFlightDiagnostic diag = emitError(fileLoc)
                            << "unsupported ONNX operators: ";
  llvm::interleaveComma(unsupported.uses, diag, [&](const auto &use) {
    diag << use.op << " (" << use.count
         << (use.count == 1 ? " node: '" : " nodes, first '") << use.firstNode
         << "')";
  });
  return diag;
}

void GraphImporter::collectUnsupported(const ::onnx::GraphProto &graph,
                                       int64_t graphOpset,
                                       UnsupportedOps &unsupported,
                                       llvm::StringSet<> &visitedFunctions) {
  for (const ::onnx::NodeProto &node : graph.node()) {
    std::string nodeName = node.name().empty() && node.output_size()
                               ? node.output(0)
                               : node.name();
    std::string key = getFunctionKey(node.domain(), node.op_type());
    if (::onnx::FunctionProto *function = functions.lookup(key)) {
      if (!visitedFunctions.insert(key).second)
        continue;
      int64_t functionOpset = getDefaultOpset(function->opset_import());
      ::onnx::GraphProto body;
      *body.mutable_node() = function->node();
      collectUnsupported(body, functionOpset ? functionOpset : graphOpset,
                         unsupported, visitedFunctions);
    } else if (!isDefaultDomain(node.domain())) {
      unsupported.add((node.domain() + "." + node.op_type()), nodeName);
    } else if (const OpEntry *entry = lookupOpEntry(node.op_type())) {
      if (graphOpset < entry->minOpset)
        unsupported.add((node.op_type() + " at opset " +
                         std::to_string(graphOpset) + " (supported from " +
                         std::to_string(entry->minOpset) + ")"),
                        nodeName);
    } else {
      unsupported.add(node.op_type(), nodeName);
    }
    for (const ::onnx::AttributeProto &attr : node.attribute()) {
      if (attr.has_g())
        collectUnsupported(attr.g(), graphOpset, unsupported, visitedFunctions);
      for (const ::onnx::GraphProto &subgraph : attr.graphs())
        collectUnsupported(subgraph, graphOpset, unsupported, visitedFunctions);
    }
  }
}

void GraphImporter::recordDeclaredTypes(const ::onnx::GraphProto &graph) {
  auto record = [&](const ::onnx::ValueInfoProto &info) {
    if (info.has_type())
      declaredTypes.try_emplace(info.name(),
                                const_cast<::onnx::TypeProto *>(&info.type()));
  };
  for (const ::onnx::ValueInfoProto &info : graph.value_info())
    record(info);
  for (const ::onnx::ValueInfoProto &info : graph.output())
    record(info);
}

LogicalResult GraphImporter::defineOutput(StringRef name, Value value,
                                          Location loc) {
  if (::onnx::TypeProto *declared = declaredTypes.lookup(name)) {
    // A declared type the importer cannot represent is no reason to fail:
    // the value's own type stands.
    FailureOr<Type> declaredType =
        convertOnnxType(context, *declared, [&] { return emitError(loc); });
    if (succeeded(declaredType)) {
      // A value computed as an optional (a Loop carrying an optional that
      // its body replaces by a plain value) but declared as a plain value
      // is that optional's element.
      auto optional = dyn_cast<OptionalType>(value.getType());
      if (optional && !isa<OptionalType>(*declaredType) &&
          refineType(optional.getValueType(), *declaredType))
        value = OptionalGetElementOp::create(builder, loc, value);
      Type refined = refineType(value.getType(), *declaredType);
      if (!refined)
        return emitError(loc)
               << "value '" << name << "' is declared as " << *declaredType
               << " but computes " << value.getType();
      value.setType(refined);
    }
  }
  values.define(name, value);
  return success();
}

FailureOr<SmallVector<::onnx::NodeProto *>>
GraphImporter::sortNodes(::onnx::GraphProto &graph) {
  // Kahn's algorithm over producer -> consumer edges, keeping the model's
  // order among ready nodes. Inputs of nested subgraphs count too: a node
  // must follow whatever its subgraphs use from this graph.
  size_t numNodes = graph.node_size();
  llvm::StringMap<size_t> producer;
  for (size_t i = 0; i < numNodes; ++i)
    for (const std::string &output : graph.node(i).output())
      if (!output.empty())
        producer[output] = i;

  std::vector<SmallVector<size_t>> consumers(numNodes);
  std::vector<size_t> pending(numNodes, 0);
  std::function<void(const ::onnx::NodeProto &, size_t)> addEdges =
      [&](const ::onnx::NodeProto &node, size_t consumer) {
        for (const std::string &input : node.input()) {
          auto it = producer.find(input);
          if (input.empty() || it == producer.end() || it->second == consumer)
            continue;
          consumers[it->second].push_back(consumer);
          ++pending[consumer];
        }
        for (const ::onnx::AttributeProto &attr : node.attribute()) {
          if (attr.has_g())
            for (const ::onnx::NodeProto &inner : attr.g().node())
              addEdges(inner, consumer);
          for (const ::onnx::GraphProto &subgraph : attr.graphs())
            for (const ::onnx::NodeProto &inner : subgraph.node())
              addEdges(inner, consumer);
        }
      };
  for (size_t i = 0; i < numNodes; ++i)
    addEdges(graph.node(i), i);

  SmallVector<::onnx::NodeProto *> order;
  std::vector<size_t> ready;
  for (size_t i = numNodes; i-- > 0;)
    if (pending[i] == 0)
      ready.push_back(i);
  while (!ready.empty()) {
    size_t next = ready.back();
    ready.pop_back();
    order.push_back(graph.mutable_node(next));
    // Push in reverse so that the lowest index pops first.
    for (size_t consumer : llvm::reverse(consumers[next]))
      if (--pending[consumer] == 0)
        ready.push_back(consumer);
    llvm::sort(ready, std::greater<size_t>());
  }
  if (order.size() == numNodes)
    return order;
  for (size_t i = 0; i < numNodes; ++i)
    if (pending[i] != 0)
      return emitError(getNodeLoc(graph.node(i)))
             << "the graph has a cycle through this node ("
             << graph.node(i).op_type() << ")";
  llvm_unreachable("unsorted nodes without a cycle");
}

FailureOr<Attribute>
GraphImporter::convertAttribute(::onnx::AttributeProto &attr, Location loc) {
  switch (getAttributeType(attr)) {
  case ::onnx::AttributeProto::FLOAT:
    return Attribute(builder.getF32FloatAttr(attr.f()));
  case ::onnx::AttributeProto::INT:
    return Attribute(builder.getI64IntegerAttr(attr.i()));
  case ::onnx::AttributeProto::STRING:
    return Attribute(builder.getStringAttr(attr.s()));
  case ::onnx::AttributeProto::INTS:
    return Attribute(builder.getDenseI64ArrayAttr(
        SmallVector<int64_t>(attr.ints().begin(), attr.ints().end())));
  case ::onnx::AttributeProto::FLOATS:
    return Attribute(builder.getDenseF32ArrayAttr(
        SmallVector<float>(attr.floats().begin(), attr.floats().end())));
  case ::onnx::AttributeProto::STRINGS: {
    SmallVector<Attribute> strings;
    for (const std::string &s : attr.strings())
      strings.push_back(builder.getStringAttr(s));
    return Attribute(builder.getArrayAttr(strings));
  }
  case ::onnx::AttributeProto::TENSOR: {
    FailureOr<ElementsAttr> value = tensors.import(*attr.mutable_t(), loc);
    if (failed(value))
      return failure();
    return Attribute(*value);
  }
  case ::onnx::AttributeProto::TYPE_PROTO: {
    FailureOr<Type> type = convertOnnxType(context, attr.tp(), [&] {
      return emitError(loc) << "attribute '" << attr.name() << "': ";
    });
    if (failed(type))
      return failure();
    return Attribute(TypeAttr::get(*type));
  }
  default:
    return emitError(loc) << "attribute '" << attr.name() << "' of type "
                          << ::onnx::AttributeProto::AttributeType_Name(
                                 getAttributeType(attr))
                          << " is not supported";
  }
}

LogicalResult GraphImporter::importNode(::onnx::NodeProto &node,
                                        int64_t nodeOpset,
                                        const AttributeContext *attrs) {
  Location loc = getNodeLoc(node);
  std::string key = getFunctionKey(node.domain(), node.op_type());
  if (::onnx::FunctionProto *function = functions.lookup(key))
    return inlineFunction(node, *function, loc, attrs);

  const OpEntry *entry = lookupOpEntry(node.op_type());
  assert(entry && "unsupported ops are rejected before import");
  NodeImport import(node, nodeOpset, builder, loc);

  for (const std::string &name : node.input()) {
    if (name.empty()) {
      import.inputs.push_back(nullptr);
      continue;
    }
    Value value = values.lookup(name);
    if (!value)
      return emitError(loc) << "input '" << name
                            << "' is not produced by any node, initializer "
                               "or graph input";
    import.inputs.push_back(value);
  }

  llvm::StringMap<::onnx::AttributeProto *> graphs;
  for (::onnx::AttributeProto &nodeAttr : *node.mutable_attribute()) {
    ::onnx::AttributeProto *attr = &nodeAttr;
    if (!attr->ref_attr_name().empty()) {
      // Inside a function: the caller's attribute of that name, if any.
      attr = attrs ? attrs->lookup(attr->ref_attr_name()) : nullptr;
      if (!attr)
        continue;
    }
    auto type = getAttributeType(*attr);
    if (type == ::onnx::AttributeProto::GRAPH) {
      graphs[nodeAttr.name()] = attr;
      continue;
    }
    FailureOr<Attribute> value = convertAttribute(*attr, loc);
    if (failed(value))
      return failure();
    import.attributes.set(nodeAttr.name(), *value);
  }
  import.importSubgraph = [&](StringRef name, Region & region,
                              TypeRange argTypes)
                              ->LogicalResult {
                                ::onnx::AttributeProto *attr =
                                    graphs.lookup(name);
  if (!attr)
    return emitError(loc) << node.op_type() << " has no graph attribute '"
                          << name << "'";
  return importSubgraph(*attr->mutable_g(), region, argTypes, nodeOpset, attrs,
                        loc);
};

if (entry->normalize && failed(entry->normalize(import)))
  return failure();
if (failed(entry->build ? entry->build(import) : buildGeneric(import, *entry)))
  return failure();

for (auto [index, name] : llvm::enumerate(node.output())) {
  if (name.empty())
    continue;
  if (index >= import.outputs.size() || !import.outputs[index])
    return emitError(loc) << node.op_type() << " output #" << index << " ('"
                          << name << "') is not supported";
  if (failed(defineOutput(name, import.outputs[index], loc)))
    return failure();
}
return success();
}

LogicalResult GraphImporter::inlineFunction(::onnx::NodeProto &call,
                                            ::onnx::FunctionProto &function,
                                            Location loc,
                                            const AttributeContext *attrs) {
  std::string key = getFunctionKey(function.domain(), function.name());
  if (!inlining.insert(key).second)
    return emitError(loc) << "function '" << function.name()
                          << "' calls itself";

  // The callee sees the call's inputs under its formal names, and the call's
  // attributes for `ref_attr_name`.
  AttributeContext calleeAttrs;
  for (::onnx::AttributeProto &attr : *call.mutable_attribute()) {
    ::onnx::AttributeProto *actual = &attr;
    if (!attr.ref_attr_name().empty())
      actual = attrs ? attrs->lookup(attr.ref_attr_name()) : nullptr;
    if (actual)
      calleeAttrs[attr.name()] = actual;
  }

  values.push();
  for (auto [index, formal] : llvm::enumerate(function.input())) {
    if (index >= static_cast<size_t>(call.input_size()) ||
        call.input(index).empty())
      continue;
    Value actual = values.lookup(call.input(index));
    if (!actual) {
      values.pop();
      return emitError(loc) << "input '" << call.input(index)
                            << "' is not produced by any node, initializer "
                               "or graph input";
    }
    values.define(formal, actual);
  }
  int64_t functionOpset = getDefaultOpset(function.opset_import());
  ::onnx::GraphProto body;
  body.mutable_node()->Swap(function.mutable_node());
  LogicalResult result = importGraphBody(
      body, functionOpset ? functionOpset : opset, &calleeAttrs);
  body.mutable_node()->Swap(function.mutable_node());

  SmallVector<Value> outputs;
  if (succeeded(result)) {
    for (const std::string &formal : function.output()) {
      Value value = values.lookup(formal);
      if (!value) {
        result = emitError(loc)
                 << "function '" << function.name()
                 << "' does not produce its output '" << formal << "'";
        break;
      }
      outputs.push_back(value);
    }
  }
  values.pop();
  inlining.erase(key);
  if (failed(result))
    return failure();

  for (auto [index, name] : llvm::enumerate(call.output()))
    if (!name.empty() && index < outputs.size() &&
        failed(defineOutput(name, outputs[index], loc)))
      return failure();
  return success();
}

LogicalResult GraphImporter::importGraphBody(::onnx::GraphProto &graph,
                                             int64_t graphOpset,
                                             const AttributeContext *attrs) {
  recordDeclaredTypes(graph);
  for (::onnx::TensorProto &initializer : *graph.mutable_initializer()) {
    Location loc =
        NameLoc::get(builder.getStringAttr(initializer.name()), fileLoc);
    FailureOr<ElementsAttr> value = tensors.import(initializer, loc);
    if (failed(value))
      return failure();
    values.define(initializer.name(), ConstantOp::create(builder, loc, *value));
  }
  FailureOr<SmallVector<::onnx::NodeProto *>> nodes = sortNodes(graph);
  if (failed(nodes))
    return failure();
  for (::onnx::NodeProto *node : *nodes)
    if (failed(importNode(*node, graphOpset, attrs)))
      return failure();
  return success();
}

LogicalResult GraphImporter::importSubgraph(::onnx::GraphProto &graph,
                                            Region &region, TypeRange argTypes,
                                            int64_t graphOpset,
                                            const AttributeContext *attrs,
                                            Location loc) {
  if (static_cast<size_t>(graph.input_size()) != argTypes.size())
    return emitError(loc) << "subgraph '" << graph.name() << "' takes "
                          << graph.input_size() << " inputs, expected "
                          << argTypes.size();
  OpBuilder::InsertionGuard guard(builder);
  Block *block = builder.createBlock(&region);
  values.push();
  auto popScope = llvm::make_scope_exit([&] { values.pop(); });

  for (auto [input, type] : llvm::zip(graph.input(), argTypes)) {
    Type argType = type;
    if (input.has_type()) {
      FailureOr<Type> declared = convertOnnxType(
          context, input.type(), [&] { return emitError(loc); });
      if (failed(declared))
        return failure();
      if (Type refined = refineType(argType, *declared))
        argType = refined;
    }
    values.define(input.name(), block->addArgument(argType, loc));
  }
  if (failed(importGraphBody(graph, graphOpset, attrs)))
    return failure();

  SmallVector<Value> outputs;
  for (const ::onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (!value)
      return emitError(loc) << "subgraph output '" << output.name()
                            << "' is not produced by any node";
    outputs.push_back(value);
  }
  YieldOp::create(builder, loc, outputs);
  return success();
}

LogicalResult GraphImporter::importMain(ModuleOp module) {
  ::onnx::GraphProto &graph = *model.mutable_graph();
  llvm::StringSet<> initializers;
  for (const ::onnx::TensorProto &initializer : graph.initializer())
    initializers.insert(initializer.name());

  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType({}, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  values.push();

  // Graph inputs that an initializer also defines are constants with a
  // default value; Kiln treats them as constants.
  SmallVector<Type> argTypes;
  SmallVector<Attribute> argNames;
  llvm::StringSet<> specialized;
  for (const ::onnx::ValueInfoProto &input : graph.input()) {
    if (initializers.contains(input.name()))
      continue;
    Location loc = NameLoc::get(builder.getStringAttr(input.name()), fileLoc);
    auto err = [&]() {
      return emitError(loc) << "graph input '" << input.name() << "': ";
    };
    FailureOr<Type> type = convertOnnxType(context, input.type(), err);
    if (failed(type))
      return failure();
    auto shape = options.inputShapes.find(input.name());
    if (shape != options.inputShapes.end()) {
      specialized.insert(input.name());
      auto tensor = dyn_cast<TensorType>(*type);
      if (!tensor)
        return err() << "--input-shape applies to tensor inputs only, not "
                     << *type;
      Type given =
          RankedTensorType::get(shape->second, tensor.getElementType());
      Type refined = refineType(tensor, given);
      if (!refined)
        return err() << "--input-shape gives " << given
                     << ", which contradicts the model's " << *type;
      type = refined;
    }
    argTypes.push_back(*type);
    argNames.push_back(builder.getStringAttr(input.name()));
    values.define(input.name(), entry->addArgument(*type, loc));
  }
  for (const auto &shape : options.inputShapes)
    if (!specialized.contains(shape.getKey()))
      return emitError(fileLoc) << "--input-shape names '" << shape.getKey()
                                << "', which is not an input of the model";

  if (failed(importGraphBody(graph, opset, /*attrs=*/nullptr)))
    return failure();

  SmallVector<Value> results;
  SmallVector<Attribute> resultNames;
  for (const ::onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (!value)
      return emitError(fileLoc) << "graph output '" << output.name()
                                << "' is not produced by any node";
    results.push_back(value);
    resultNames.push_back(builder.getStringAttr(output.name()));
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setType(
      builder.getFunctionType(argTypes, TypeRange(ValueRange(results))));

  // Keep the ONNX names of inputs and outputs for the runtime's signature.
  for (auto [index, name] : llvm::enumerate(argNames))
    func.setArgAttr(index, "kiln.name", name);
  for (auto [index, name] : llvm::enumerate(resultNames))
    func.setResultAttr(index, "kiln.name", name);
  values.pop();
  return success();
}

FailureOr<OwningOpRef<ModuleOp>> GraphImporter::run() {
  if (failed(checkModel()))
    return failure();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (!model.graph().name().empty())
    (*module)->setAttr("kiln.graph_name",
                       builder.getStringAttr(model.graph().name()));
  if (failed(importMain(*module)) || failed(verify(*module)))
    return failure();
  return module;
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::kiln::importOnnxModel(MLIRContext *context, ::onnx::ModelProto &model,
                            StringRef modelPath,
                            const OnnxImportOptions &options) {
  loadImportedDialects(context);
  return GraphImporter(context, model, modelPath, options).run();
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::kiln::importOnnxFile(MLIRContext *context, StringRef path,
                           const OnnxImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  if (!path.ends_with(".onnxtxt")) {
    FailureOr<std::unique_ptr<::onnx::ModelProto>> model =
        readOnnxModel(context, path);
    if (failed(model))
      return failure();
    return importOnnxModel(context, **model, path, options);
  }

  auto text = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!text)
    return emitError(fileLoc)
           << "cannot open ONNX model: " << text.getError().message();
  ::onnx::ModelProto model;
  ::onnx::OnnxParser parser((*text)->getBufferStart());
  ::onnx::Common::Status status = parser.Parse(model);
  if (!status.IsOK())
    return emitError(fileLoc)
           << "not a valid ONNX text model: " << status.ErrorMessage();
  return importOnnxModel(context, model, path, options);
}

void mlir::kiln::loadImportedDialects(MLIRContext *context) {
  context->loadDialect<KilnDialect, func::FuncDialect>();
}
