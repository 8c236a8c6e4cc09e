# SPDX-License-Identifier: Apache-2.0
"""Writes the binary ONNX models that the importer's lit tests need and the
textual syntax cannot express: model-local functions, external data, and
sequence and optional values in graph signatures or TYPE_PROTO attributes
(which Debian's ONNX 1.12 text parser does not read).

Usage: make_model.py KIND OUT_DIR   (writes OUT_DIR/model.onnx and data files)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def graph_with_weight(weight):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [len(weight)])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [len(weight)])
    node = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return helper.make_graph([node], "g", [x], [y], [numpy_helper.from_array(weight, "w")])


def external(out, location, data_bytes, length=None):
    weight = np.arange(4, dtype=np.float32)
    model = helper.make_model(graph_with_weight(weight), opset_imports=[helper.make_opsetid("", 17)])
    tensor = model.graph.initializer[0]
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    entries = {"location": location, "offset": "0", "length": str(length or 16)}
    for key, value in entries.items():
        tensor.external_data.add(key=key, value=value)
    if data_bytes is not None:
        with open(os.path.join(out, "weights.bin"), "wb") as f:
            f.write(data_bytes)
    return model


def seq_info(name, elem_type, shape):
    return helper.make_tensor_sequence_value_info(name, elem_type, shape)


def optional_info(name, inner):
    return helper.make_value_info(name, helper.make_optional_type_proto(inner))


def seq_type(elem_type, shape):
    return helper.make_sequence_type_proto(helper.make_tensor_type_proto(elem_type, shape))


def sequence_io():
    # Sequences as graph inputs and outputs: insert, read back, count.
    f, i64 = TensorProto.FLOAT, TensorProto.INT64
    inputs = [seq_info("s", f, ["N", 3]), helper.make_tensor_value_info("t", f, [2, 3]),
              helper.make_tensor_value_info("p", i64, [])]
    outputs = [seq_info("out", f, None), helper.make_tensor_value_info("at", f, None),
               helper.make_tensor_value_info("len", i64, [])]
    nodes = [helper.make_node("SequenceInsert", ["s", "t"], ["out"]),
             helper.make_node("SequenceAt", ["out", "p"], ["at"]),
             helper.make_node("SequenceLength", ["out"], ["len"])]
    graph = helper.make_graph(nodes, "g", inputs, outputs)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def optional_io():
    # An optional sequence input; an empty optional from a TYPE_PROTO attribute.
    f, b = TensorProto.FLOAT, TensorProto.BOOL
    inputs = [optional_info("o", seq_type(f, [4]))]
    outputs = [helper.make_tensor_value_info("h", b, []), seq_info("v", f, [4]),
               optional_info("none", helper.make_tensor_type_proto(f, [2]))]
    nodes = [helper.make_node("OptionalHasElement", ["o"], ["h"]),
             helper.make_node("OptionalGetElement", ["o"], ["v"]),
             helper.make_node("Optional", [], ["none"],
                              type=helper.make_tensor_type_proto(f, [2]))]
    graph = helper.make_graph(nodes, "g", inputs, outputs)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])


def sequence_map():
    # SequenceMap over one sequence and one tensor.
    f = TensorProto.FLOAT
    body = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["c"])], "body",
        [helper.make_tensor_value_info("a", f, ["N"]), helper.make_tensor_value_info("b", f, ["N"])],
        [helper.make_tensor_value_info("c", f, ["N"])])
    inputs = [seq_info("xs", f, ["N"]), helper.make_tensor_value_info("y", f, ["N"])]
    nodes = [helper.make_node("SequenceMap", ["xs", "y"], ["ys"], body=body)]
    graph = helper.make_graph(nodes, "g", inputs, [seq_info("ys", f, ["N"])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def loop_optional():
    # A Loop carrying an optional sequence that its body replaces by a plain
    # sequence; the model declares the result a plain sequence.
    f, i64, b = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL
    body = helper.make_graph(
        [helper.make_node("Identity", ["c"], ["c_out"]),
         helper.make_node("SequenceConstruct", ["x"], ["s_out"])], "body",
        [helper.make_tensor_value_info("i", i64, []), helper.make_tensor_value_info("c", b, []),
         optional_info("s", seq_type(f, [2]))],
        [helper.make_tensor_value_info("c_out", b, []), seq_info("s_out", f, [2])])
    inputs = [helper.make_tensor_value_info("m", i64, []), optional_info("init", seq_type(f, [2])),
              helper.make_tensor_value_info("x", f, [2])]
    nodes = [helper.make_node("Loop", ["m", "", "init"], ["final"], body=body)]
    graph = helper.make_graph(nodes, "g", inputs, [seq_info("final", f, [2])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 16)])


def map_input():
    # Maps are not supported.
    value = helper.make_map_type_proto(TensorProto.INT64, helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    graph = helper.make_graph([helper.make_node("Identity", ["m"], ["y"])], "g",
                              [helper.make_value_info("m", value)], [helper.make_value_info("y", value)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


SEQUENCE_MODELS = {
    "sequence_io": sequence_io,
    "optional_io": optional_io,
    "sequence_map": sequence_map,
    "loop_optional": loop_optional,
    "map_input": map_input,
}


def main(kind, out):
    os.makedirs(out, exist_ok=True)
    opset = [helper.make_opsetid("", 17)]
    if kind == "function":
        # local.AddRelu(a, b) = Relu(Add(a, b)), called twice.
        body = [helper.make_node("Add", ["a", "b"], ["s"]), helper.make_node("Relu", ["s"], ["r"])]
        function = helper.make_function("local", "AddRelu", ["a", "b"], ["r"], body, opset)
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [3])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [3])
        nodes = [helper.make_node("AddRelu", ["x", "x"], ["t"], domain="local", name="first"),
                 helper.make_node("AddRelu", ["t", "x"], ["y"], domain="local", name="second")]
        graph = helper.make_graph(nodes, "g", [x], [y])
        model = helper.make_model(graph, opset_imports=opset + [helper.make_opsetid("local", 1)],
                                  functions=[function])
    elif kind == "large":
        weight = np.linspace(-1, 1, 4096, dtype=np.float32)
        model = helper.make_model(graph_with_weight(weight), opset_imports=opset)
    elif kind == "external":
        model = external(out, "weights.bin", np.arange(4, dtype=np.float32).tobytes())
    elif kind == "external_missing":
        model = external(out, "weights.bin", None)
    elif kind == "external_escape":
        model = external(out, "../weights.bin", None)
    elif kind == "external_short":
        model = external(out, "weights.bin", b"\0" * 8)
    elif kind == "external_huge":
        # A 2.8 GB weight past the 2 GB protobuf limit, as a sparse file:
        # importing maps it without reading it.
        count = 700_000_000
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [count])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [count])
        weight = helper.make_tensor("w", TensorProto.FLOAT, [count], [])
        weight.ClearField("float_data")
        weight.data_location = TensorProto.EXTERNAL
        offset = 4096
        for key, value in {"location": "huge.bin", "offset": str(offset),
                           "length": str(4 * count)}.items():
            weight.external_data.add(key=key, value=value)
        with open(os.path.join(out, "huge.bin"), "wb") as f:
            f.truncate(offset + 4 * count)
        graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "g", [x], [y], [weight])
        model = helper.make_model(graph, opset_imports=opset)
    elif kind in SEQUENCE_MODELS:
        model = SEQUENCE_MODELS[kind]()
    else:
        sys.exit(f"unknown kind {kind}")
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
