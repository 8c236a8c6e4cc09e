# SPDX-License-Identifier: Apache-2.0
"""Writes the binary ONNX models that the importer's lit tests need and the
textual syntax cannot express: model-local functions and external data.

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
    else:
        sys.exit(f"unknown kind {kind}")
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
