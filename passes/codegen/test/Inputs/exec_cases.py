# SPDX-License-Identifier: Apache-2.0
"""The cases of the execution tests, one list per test file."""

import numpy as np

from gen_exec_tests import Case, arange

f32 = np.float32

CONTRACTION = [
    Case("matmul_batch_2d", "MatMul", [arange((2, 3, 4)), arange((4, 5), offset=1)],
         comment="N-D x 2-D folds the batch into M"),
    Case("matmul_broadcast", "MatMul", [arange((2, 1, 3, 4)), arange((3, 4, 2), offset=0.5)],
         comment="batch dims broadcast both ways"),
    Case("matmul_vector", "MatMul", [arange((4,)), arange((2, 4, 3))],
         comment="1-D A"),
    Case("matmul_int", "MatMul", [np.array([[1, -2], [3, 4]], np.int32),
                                  np.array([[5, 6], [-7, 8]], np.int32)]),
    Case("gemm_trans", "Gemm", [arange((3, 4)), arange((5, 3)), arange((5,))],
         {"transA": 1, "transB": 1, "alpha": 0.5, "beta": 2.0},
         comment="transA, transB, alpha, beta, C broadcast"),
    Case("gemm_bias", "Gemm", [arange((2, 3)), arange((4, 3)), arange((1, 4))],
         {"transB": 1}),
    Case("einsum", "Einsum", [arange((2, 3, 4)), arange((2, 4, 5))],
         {"equation": "bij,bjk->bik"}),
    Case("einsum_ellipsis", "Einsum", [arange((2, 4, 3, 5)), arange((2, 1, 5, 6))],
         {"equation": "...ij,...jk"},
         comment="'...' broadcast numpy-style, implicit output"),
    Case("einsum_batch_diagonal", "Einsum", [arange((3, 4, 4))],
         {"equation": "...ii->...i"}),
]

CONV = [
    Case("conv_pads_strides", "Conv", [arange((1, 2, 5, 5)), arange((3, 2, 3, 3)), arange((3,))],
         {"pads": [1, 0, 2, 1], "strides": [2, 1]}),
    Case("conv_groups_dilation", "Conv", [arange((1, 4, 6, 6)), arange((6, 2, 2, 2))],
         {"group": 2, "dilations": [2, 2]}),
    Case("conv_depthwise_same", "Conv", [arange((1, 3, 5, 5)), arange((3, 1, 3, 3)), arange((3,))],
         {"group": 3, "auto_pad": "SAME_UPPER", "strides": [2, 2]}),
    Case("conv_1d", "Conv", [arange((2, 2, 7)), arange((4, 2, 3))], {"pads": [1, 1]}),
    Case("conv_3d", "Conv", [arange((1, 1, 3, 4, 4)), arange((2, 1, 2, 2, 2))]),
    Case("conv_transpose", "ConvTranspose", [arange((1, 2, 3, 3)), arange((2, 3, 3, 3)), arange((3,))],
         {"strides": [2, 2], "pads": [1, 1, 0, 0], "output_padding": [1, 1]}),
    Case("conv_transpose_groups", "ConvTranspose", [arange((1, 4, 2, 3)), arange((4, 1, 2, 2))],
         {"group": 2, "dilations": [2, 1]}),
    Case("conv_transpose_same", "ConvTranspose", [arange((1, 1, 3, 3)), arange((1, 2, 3, 3))],
         {"auto_pad": "SAME_UPPER", "strides": [2, 2]}),
]

POOL = [
    Case("maxpool_pads", "MaxPool", [arange((1, 2, 5, 5))],
         {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "strides": [2, 2]}),
    Case("maxpool_ceil_dilation", "MaxPool", [arange((1, 1, 6, 7))],
         {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1, "dilations": [1, 2]}),
    Case("maxpool_1d", "MaxPool", [arange((1, 2, 7))], {"kernel_shape": [3], "strides": [2]}),
    Case("maxpool_indices", "MaxPool", [arange((2, 2, 4, 5))],
         {"kernel_shape": [2, 3], "pads": [1, 0, 0, 1], "strides": [2, 2]}, outputs=2,
         comment="with the flattened indices of the maxima"),
    Case("maxpool_indices_column_major", "MaxPool", [arange((1, 2, 4, 4))],
         {"kernel_shape": [2, 2], "strides": [2, 2], "storage_order": 1}, outputs=2),
    Case("avgpool_exclude_pad", "AveragePool", [arange((1, 1, 5, 5))],
         {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "strides": [2, 2]}),
    Case("avgpool_include_pad", "AveragePool", [arange((1, 1, 5, 5))],
         {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "count_include_pad": 1}),
    Case("avgpool_ceil", "AveragePool", [arange((1, 1, 6, 6))],
         {"kernel_shape": [3, 3], "strides": [2, 2], "ceil_mode": 1}),
    Case("avgpool_ceil_include_pad", "AveragePool", [arange((1, 1, 6, 6))],
         {"kernel_shape": [3, 3], "strides": [2, 2], "ceil_mode": 1, "pads": [1, 1, 1, 1],
          "count_include_pad": 1}),
    Case("avgpool_3d", "AveragePool", [arange((1, 1, 3, 4, 4))], {"kernel_shape": [2, 2, 2]}),
    Case("global_avgpool", "GlobalAveragePool", [arange((1, 3, 4, 5))]),
    Case("global_maxpool", "GlobalMaxPool", [arange((2, 2, 3))]),
    Case("lppool", "LpPool", [arange((1, 1, 4, 4))], {"kernel_shape": [2, 2], "p": 2}),
]

NORM = [
    Case("softmax_axis0", "Softmax", [arange((3, 4))], {"axis": 0}),
    Case("softmax_last", "Softmax", [arange((2, 2, 5), scale=10.0)],
         comment="large values: the maximum is subtracted"),
    Case("log_softmax", "LogSoftmax", [arange((2, 5))], {"axis": -1}),
    Case("hardmax", "Hardmax", [np.array([[1, 3, 3], [2, 0, 1]], f32)], {"axis": 1},
         comment="ties pick the first"),
    Case("batchnorm", "BatchNormalization",
         [arange((2, 3, 2, 2)), arange((3,)), arange((3,), offset=1),
          arange((3,), scale=0.5), np.abs(arange((3,))) + 0.5], {"epsilon": 1e-3}),
    Case("instancenorm", "InstanceNormalization",
         [arange((2, 3, 4)), arange((3,)), arange((3,), offset=2)]),
    Case("layernorm", "LayerNormalization", [arange((2, 3, 4)), arange((4,)), arange((4,), offset=1)],
         {"axis": -1}, outputs=3, comment="Y, Mean, InvStdDev"),
    Case("layernorm_axis1", "LayerNormalization", [arange((2, 3, 4)), arange((3, 4))],
         {"axis": 1, "epsilon": 0.1}),
    Case("groupnorm", "GroupNormalization", [arange((2, 4, 3)), arange((4,)), arange((4,), offset=1)],
         {"num_groups": 2}),
    Case("lrn", "LRN", [arange((1, 5, 2, 2))], {"size": 3, "alpha": 0.01, "beta": 0.6, "bias": 2.0}),
    Case("lpnorm", "LpNormalization", [arange((3, 4))], {"axis": 1, "p": 2}),
    Case("mvn", "MeanVarianceNormalization", [arange((2, 3, 2, 2))]),
]

REDUCTION = [
    Case("reduce_sum", "ReduceSum", [arange((2, 3, 4)), np.array([0, -1], np.int64)],
         {"keepdims": 0}),
    Case("reduce_mean_keep", "ReduceMean", [arange((2, 3, 4)), np.array([1], np.int64)]),
    Case("reduce_max_all", "ReduceMax", [arange((2, 3, 4))], {"keepdims": 0}, opset=18),
    Case("reduce_min_int", "ReduceMin", [np.array([[3, -7, 2], [5, 9, -1]], np.int32),
                                         np.array([1], np.int64)]),
    Case("reduce_prod", "ReduceProd", [arange((2, 3)), np.array([0], np.int64)]),
    Case("reduce_l1", "ReduceL1", [arange((2, 3)), np.array([1], np.int64)]),
    Case("reduce_l2", "ReduceL2", [arange((2, 3)), np.array([1], np.int64)]),
    Case("reduce_log_sum", "ReduceLogSum", [np.abs(arange((2, 3))) + 0.1, np.array([1], np.int64)]),
    Case("reduce_log_sum_exp", "ReduceLogSumExp", [arange((2, 3), scale=30.0), np.array([1], np.int64)]),
    Case("reduce_sum_square", "ReduceSumSquare", [arange((2, 3)), np.array([0], np.int64)]),
    Case("reduce_noop", "ReduceSum", [arange((2, 3)), np.array([], np.int64)],
         {"noop_with_empty_axes": 1}),
    Case("argmax", "ArgMax", [np.array([[1, 5, 5, 2], [7, 7, 0, 7]], f32)], {"axis": 1}),
    Case("argmax_last", "ArgMax", [np.array([[1, 5, 5, 2], [7, 7, 0, 7]], f32)],
         {"axis": 1, "select_last_index": 1, "keepdims": 0}),
    Case("argmin_axis0", "ArgMin", [np.array([[4, 1, 3], [2, 1, 5]], np.int32)], {"axis": 0}),
]

i64 = np.int64


def ints(values):
    return np.array(values, i64)


TENSOR = [
    Case("reshape", "Reshape", [arange((2, 3, 4)), ints([4, 0, -1])]),
    Case("flatten", "Flatten", [arange((2, 3, 2))], {"axis": 2}),
    Case("squeeze", "Squeeze", [arange((1, 3, 1)), ints([-1])]),
    Case("unsqueeze", "Unsqueeze", [arange((3,)), ints([0, 2])]),
    Case("transpose", "Transpose", [arange((2, 3, 4))], {"perm": [2, 0, 1]}),
    Case("concat", "Concat", [arange((2, 1)), arange((2, 3), offset=10)], {"axis": -1}),
    Case("split", "Split", [arange((5, 2)), ints([2, 3])], {"axis": 0}, outputs=2),
    Case("split_uneven", "Split", [arange((7,))], {"num_outputs": 3}, outputs=3, opset=18),
    Case("slice_negative", "Slice", [arange((5, 6)), ints([-1, 1]), ints([-6, 100]),
                                     ints([0, 1]), ints([-2, 2])],
         comment="negative starts, ends and steps; ends clamped"),
    Case("slice_reverse", "Slice", [arange((4,)), ints([-1]), ints([-100]), ints([0]), ints([-1])]),
    Case("expand", "Expand", [arange((3, 1)), ints([2, 1, 4])]),
    Case("tile", "Tile", [arange((2, 2)), ints([2, 3])]),
    Case("pad_constant", "Pad", [arange((2, 3)), ints([1, -1, 0, 2]), np.array(9.5, f32)],
         comment="a negative pad crops"),
    Case("pad_reflect", "Pad", [arange((3, 4)), ints([1, 2, 1, 2])], {"mode": "reflect"}),
    Case("pad_edge", "Pad", [arange((2, 3)), ints([0, 2, 1, 1])], {"mode": "edge"}),
    Case("pad_wrap", "Pad", [arange((2, 3)), ints([1, 2, 1, 1])], {"mode": "wrap"}),
    Case("depth_to_space_dcr", "DepthToSpace", [arange((1, 8, 2, 3))], {"blocksize": 2}),
    Case("depth_to_space_crd", "DepthToSpace", [arange((1, 8, 2, 3))],
         {"blocksize": 2, "mode": "CRD"}),
    Case("space_to_depth", "SpaceToDepth", [arange((1, 2, 4, 6))], {"blocksize": 2}),
    Case("shape", "Shape", [arange((2, 3, 4))], {"start": 1}),
    Case("size", "Size", [arange((2, 3, 4))]),
]

INDEXING = [
    Case("gather", "Gather", [arange((5, 4, 3)), ints([[-1, 0], [2, -5]])], {"axis": 0},
         comment="negative indices"),
    Case("gather_axis1", "Gather", [arange((3, 4)), np.array(-2, i64)], {"axis": 1},
         comment="scalar index"),
    Case("gather_elements", "GatherElements", [arange((3, 4)), ints([[0, -1], [2, 1], [3, -4]])],
         {"axis": 1}),
    Case("gather_nd", "GatherND", [arange((2, 3, 4)), ints([[1, -1], [0, 2]])]),
    Case("gather_nd_batch", "GatherND", [arange((2, 3, 4)), ints([[[1], [2]], [[0], [1]]])],
         {"batch_dims": 1}),
    Case("scatter_elements", "ScatterElements",
         [arange((3, 3)), ints([[1, 0], [2, 2], [0, -1]]), arange((3, 2), offset=10)],
         {"axis": 1, "reduction": "add"}),
    Case("scatter_nd", "ScatterND", [arange((4, 3)), ints([[2], [0]]), arange((2, 3), offset=20)]),
    Case("scatter_nd_mul", "ScatterND", [arange((2, 3)), ints([[1, 2], [1, 2]]), np.array([2.0, 3.0], f32)],
         {"reduction": "mul"}, opset=18, comment="repeated index accumulates"),
    Case("one_hot", "OneHot", [ints([[1, -1], [0, 5]]), np.array(4, i64), np.array([0.5, 2.0], f32)],
         {"axis": 1}),
    Case("trilu_upper", "Trilu", [arange((2, 3, 4)), np.array(1, i64)]),
    Case("trilu_lower", "Trilu", [arange((3, 3))], {"upper": 0}),
    Case("cumsum", "CumSum", [arange((2, 4)), np.array(1, i64)]),
    Case("cumsum_exclusive_reverse", "CumSum", [np.array([1, 2, 3, 4], np.int32), np.array(0, i64)],
         {"exclusive": 1, "reverse": 1}),
    Case("top_k", "TopK", [np.array([[3, 1, 3, 7, 0], [5, 5, 2, 9, 9]], f32), ints([3])],
         {"axis": 1}, outputs=2, comment="ties keep the lower index first"),
    Case("top_k_smallest", "TopK", [np.array([[3, 1, 3, 7, 0], [5, 5, 2, 9, 9]], f32), ints([2])],
         {"axis": 1, "largest": 0}, outputs=2),
    Case("range", "Range", [np.array(1.0, f32), np.array(3.2, f32), np.array(0.5, f32)]),
    Case("constant_of_shape", "ConstantOfShape", [ints([2, 3])],
         {"value": __import__("onnx").helper.make_tensor("v", 7, [1], [7])}),
    Case("eye_like", "EyeLike", [arange((3, 4))], {"k": -1}),
    Case("where", "Where", [np.array([[True], [False]]), arange((3,)), np.array(5.0, f32)]),
]

RESIZE = [
    Case("resize_nearest", "Resize", [arange((1, 1, 2, 3)), None, np.array([1, 1, 2, 1.5], f32)]),
    Case("resize_nearest_floor_asym", "Resize", [arange((1, 1, 3, 3)), None, None, ints([1, 1, 5, 2])],
         {"coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"}),
    Case("resize_linear", "Resize", [arange((1, 1, 2, 3)), None, np.array([1, 1, 2, 2], f32)],
         {"mode": "linear"}),
    Case("resize_linear_align", "Resize", [arange((1, 1, 3, 3)), None, None, ints([1, 1, 4, 5])],
         {"mode": "linear", "coordinate_transformation_mode": "align_corners"}),
    Case("resize_cubic", "Resize", [arange((1, 1, 4, 4)), None, np.array([1, 1, 1.5, 1.5], f32)],
         {"mode": "cubic"}),
    Case("resize_cubic_exclude", "Resize", [arange((1, 1, 4, 4)), None, np.array([1, 1, 0.6, 0.8], f32)],
         {"mode": "cubic", "exclude_outside": 1, "cubic_coeff_a": -0.5}),
    Case("resize_axes", "Resize", [arange((2, 3)), None, np.array([2.0], f32)],
         {"axes": [1], "mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"}),
]

def _layout1_reference():
    """lstm_layout1's reference: the layout-0 LSTM of the transposed input."""
    x = arange((2, 3, 3)).transpose(1, 0, 2).copy()
    case = Case("lstm_layout0", "LSTM", [x, arange((1, 8, 3), scale=0.2),
                                         arange((1, 8, 2), scale=0.2)],
                {"hidden_size": 2, "direction": "reverse"}, outputs=2)
    y, y_h = case.reference()
    return [y.transpose(2, 0, 1, 3), y_h.transpose(1, 0, 2)]


RECURRENT = [
    Case("lstm", "LSTM", [arange((4, 2, 3)), arange((1, 20, 3), scale=0.2),
                          arange((1, 20, 5), scale=0.2), arange((1, 40), scale=0.1)],
         {"hidden_size": 5}, outputs=3),
    Case("lstm_bidirectional_peephole", "LSTM",
         [arange((3, 2, 3)), arange((2, 16, 3), scale=0.2), arange((2, 16, 4), scale=0.2),
          arange((2, 32), scale=0.1), None, arange((2, 2, 4), scale=0.1),
          arange((2, 2, 4), scale=0.3), arange((2, 12), scale=0.2)],
         {"hidden_size": 4, "direction": "bidirectional", "clip": 0.8}, outputs=3),
    Case("lstm_layout1", "LSTM", [arange((2, 3, 3)), arange((1, 8, 3), scale=0.2),
                                  arange((1, 8, 2), scale=0.2)],
         {"hidden_size": 2, "layout": 1, "direction": "reverse"}, outputs=2,
         reference=lambda: _layout1_reference(),
         comment="onnxruntime lacks layout 1: reference from layout 0, transposed"),
    Case("gru", "GRU", [arange((3, 2, 3)), arange((1, 12, 3), scale=0.2),
                        arange((1, 12, 4), scale=0.2), arange((1, 24), scale=0.1)],
         {"hidden_size": 4}, outputs=2),
    Case("gru_linear_before_reset", "GRU",
         [arange((3, 2, 3)), arange((2, 12, 3), scale=0.2), arange((2, 12, 4), scale=0.2),
          arange((2, 24), scale=0.1), None, arange((2, 2, 4), scale=0.1)],
         {"hidden_size": 4, "linear_before_reset": 1, "direction": "bidirectional"}, outputs=2),
    Case("rnn", "RNN", [arange((3, 2, 3)), arange((1, 4, 3), scale=0.2),
                        arange((1, 4, 4), scale=0.2), arange((1, 8), scale=0.1)],
         {"hidden_size": 4, "activations": ["Relu"]}, outputs=2),
]

u8, i8 = np.uint8, np.int8

QUANT = [
    Case("quantize_per_tensor", "QuantizeLinear",
         [arange((2, 5), scale=40.0), np.array(0.5, f32), np.array(128, u8)],
         comment="rounds half to even and saturates"),
    Case("quantize_per_axis", "QuantizeLinear",
         [arange((2, 3)), np.array([0.1, 0.2, 0.05], f32), np.array([0, -3, 5], i8)],
         {"axis": 1}),
    Case("quantize_blocked", "QuantizeLinear",
         [arange((2, 4)), np.array([[0.1, 0.2], [0.3, 0.4]], f32), np.array([[1, 2], [3, 4]], i8)],
         {"axis": 1, "block_size": 2}),
    Case("dequantize", "DequantizeLinear",
         [np.array([[0, 128, 255], [7, 200, 3]], u8), np.array([0.5, 0.25, 2.0], f32),
          np.array([128, 0, 3], u8)], {"axis": 1}),
    Case("dequantize_int32", "DequantizeLinear",
         [np.array([-100000, 7, 123456], np.int32), np.array(0.001, f32)]),
    Case("dynamic_quantize", "DynamicQuantizeLinear", [arange((2, 3), offset=1.0)], outputs=3),
    Case("matmul_integer", "MatMulInteger",
         [np.array([[11, 7, 3], [10, 6, 2], [9, 5, 1]], u8),
          np.array([[1, 4], [2, 5], [3, 6]], u8), np.array(12, u8), np.array(0, u8)]),
    Case("matmul_integer_per_column", "MatMulInteger",
         [np.array([[-1, 2], [3, -4]], i8), np.array([[5, -6, 7], [8, 9, -10]], i8),
          None, np.array([1, -2, 3], i8)]),
    Case("qlinear_matmul", "QLinearMatMul",
         [np.array([[208, 236, 0, 238], [3, 214, 255, 29]], u8), np.array(0.0066, f32),
          np.array(113, u8), np.array([[152, 51, 244], [60, 26, 255], [0, 127, 246], [127, 254, 247]], u8),
          np.array(0.00705, f32), np.array(114, u8), np.array(0.0107, f32), np.array(118, u8)]),
    Case("conv_integer", "ConvInteger",
         [np.arange(18, dtype=u8).reshape(1, 2, 3, 3), np.array([1, 2, 3, 4, 5, 6, 7, 8], u8).reshape(2, 2, 1, 2)
          .transpose(0, 1, 3, 2).reshape(2, 2, 2, 1).copy(),
          np.array(1, u8)], {"pads": [1, 0, 0, 0]}),
    Case("qlinear_conv", "QLinearConv",
         [np.arange(32, dtype=u8).reshape(1, 2, 4, 4) * 7 % 255, np.array(0.02, f32), np.array(10, u8),
          (np.arange(36) % 11 - 5).astype(i8).reshape(4, 1, 3, 3), np.array([0.01, 0.02, 0.03, 0.04], f32),
          np.array([0, 0, 0, 0], i8), np.array(0.05, f32), np.array(100, u8),
          np.array([5, -5, 10, 0], np.int32)],
         {"group": 2, "pads": [1, 1, 1, 1]}),
]

from onnx import TensorProto as TP
from onnx import helper as oh


def _graph(name, nodes, inputs, outputs):
    return oh.make_graph(nodes, name, inputs, outputs)


def _vi(name, elem, shape):
    return oh.make_tensor_value_info(name, elem, shape)


# If: both branches compute from outer values (captured), Loop: a counted
# loop with a carried sum and a scan output, Loop with a condition, Scan:
# a running sum in both directions.
_if_then = _graph("then", [oh.make_node("Constant", [], ["t"], value=oh.make_tensor(
    "tv", TP.FLOAT, [3], [1.0, 2.0, 3.0]))], [], [_vi("t", TP.FLOAT, [3])])
_if_else = _graph("else", [oh.make_node("Constant", [], ["e"], value=oh.make_tensor(
    "ev", TP.FLOAT, [3], [-1.0, -2.0, -3.0]))], [], [_vi("e", TP.FLOAT, [3])])

_loop_body = _graph("body", [
    oh.make_node("Cast", ["i"], ["fi"], to=TP.FLOAT),
    oh.make_node("Add", ["acc", "fi"], ["next"]),
    oh.make_node("Mul", ["next", "fi"], ["scan"]),
    oh.make_node("Identity", ["c"], ["c_out"]),
], [_vi("i", TP.INT64, []), _vi("c", TP.BOOL, []), _vi("acc", TP.FLOAT, [2])],
   [_vi("c_out", TP.BOOL, []), _vi("next", TP.FLOAT, [2]), _vi("scan", TP.FLOAT, [2])])

_while_body = _graph("body", [
    oh.make_node("Mul", ["acc", "two"], ["next"]),
    oh.make_node("ReduceSum", ["next"], ["total"], keepdims=0),
    oh.make_node("Less", ["total", "limit"], ["c_out"]),
], [_vi("i", TP.INT64, []), _vi("c", TP.BOOL, []), _vi("acc", TP.FLOAT, [2])],
   [_vi("c_out", TP.BOOL, []), _vi("next", TP.FLOAT, [2])])
_while_body.initializer.extend([
    oh.make_tensor("two", TP.FLOAT, [], [2.0]), oh.make_tensor("limit", TP.FLOAT, [], [100.0])])

_scan_body = _graph("body", [
    oh.make_node("Add", ["sum", "x"], ["next"]),
    oh.make_node("Identity", ["next"], ["out"]),
], [_vi("sum", TP.FLOAT, [2]), _vi("x", TP.FLOAT, [2])],
   [_vi("next", TP.FLOAT, [2]), _vi("out", TP.FLOAT, [2])])

CONTROL = [
    Case("if_true", "If", [np.array(True)], {"then_branch": _if_then, "else_branch": _if_else}),
    Case("if_false", "If", [np.array([False])], {"then_branch": _if_then, "else_branch": _if_else}),
    Case("loop_counted", "Loop", [np.array(4, i64), None, np.array([1.0, 2.0], f32)],
         {"body": _loop_body}, outputs=2, comment="carried value and scan output"),
    Case("loop_while", "Loop", [np.array(50, i64), np.array(True), np.array([1.0, 2.0], f32)],
         {"body": _while_body}, comment="stops when the sum reaches 100"),
    Case("scan", "Scan", [np.array([0.0, 0.0], f32), arange((4, 2))],
         {"body": _scan_body, "num_scan_inputs": 1}, outputs=2),
    Case("scan_reverse", "Scan", [np.array([0.0, 0.0], f32), arange((2, 3))],
         {"body": _scan_body, "num_scan_inputs": 1, "scan_input_axes": [1],
          "scan_input_directions": [1], "scan_output_directions": [1]}, outputs=2),
]

ATTENTION = [
    Case("attention_4d", "Attention", [arange((1, 2, 3, 4)), arange((1, 2, 5, 4), offset=0.5),
                                       arange((1, 2, 5, 3))], opset=23),
    Case("attention_3d_gqa_causal", "Attention",
         [arange((1, 3, 8)), arange((1, 3, 4), scale=0.5), arange((1, 3, 6))],
         {"q_num_heads": 4, "kv_num_heads": 2, "is_causal": 1}, opset=23,
         comment="grouped-query heads, causal mask"),
    Case("attention_past_mask_softcap", "Attention",
         [arange((1, 2, 2, 4)), arange((1, 2, 2, 4), scale=0.7), arange((1, 2, 2, 4)),
          np.array([[True, False, True, True], [True, True, True, False]]),
          arange((1, 2, 2, 4), offset=1.0), arange((1, 2, 2, 4), scale=0.3)],
         {"softcap": 2.0, "scale": 0.3, "qk_matmul_output_mode": 1}, outputs=4, opset=23,
         comment="past key/value, boolean mask, softcap, all four outputs"),
]

ATTENTION.append(
    Case("rotary_embedding", "RotaryEmbedding",
         [arange((1, 2, 3, 4)), arange((5, 2), scale=0.2), arange((5, 2), scale=0.3),
          ints([[4, 0, 2]])], opset=23))
ATTENTION.append(
    Case("rotary_embedding_interleaved_3d", "RotaryEmbedding",
         [arange((1, 3, 8)), arange((5, 1), scale=0.2), arange((5, 1), scale=0.3),
          ints([[1, 2, 3]])],
         {"interleaved": 1, "num_heads": 2, "rotary_embedding_dim": 2}, opset=23,
         comment="partial rotation of interleaved pairs"))

LOSS = [
    Case("nll_mean_weight_ignore", "NegativeLogLikelihoodLoss",
         [arange((3, 4, 2)), ints([[0, 3], [1, 1], [2, -1]]), np.array([0.5, 1.0, 2.0, 0.25], f32)],
         {"reduction": "mean", "ignore_index": -1}),
    Case("nll_none", "NegativeLogLikelihoodLoss", [arange((3, 4)), ints([0, 3, 2])],
         {"reduction": "none"}),
    Case("softmax_cross_entropy", "SoftmaxCrossEntropyLoss",
         [arange((2, 3, 2)), ints([[0, 2], [1, 0]])], {"reduction": "sum"}, outputs=2),
]

MISC = [
    Case("hann_window", "HannWindow", [np.array(6, np.int32)]),
    Case("blackman_window", "BlackmanWindow", [np.array(5, i64)], {"periodic": 0}),
    Case("reverse_sequence", "ReverseSequence", [arange((4, 3)), ints([4, 2, 1])],
         {"batch_axis": 1, "time_axis": 0}),
    Case("center_crop_pad", "CenterCropPad", [arange((5, 2, 3)), ints([3, 4])], {"axes": [0, 1]}),
    Case("grid_sample_bilinear", "GridSample",
         [arange((1, 2, 3, 4)), arange((1, 2, 3, 2), scale=0.35)], {"mode": "linear"}),
    Case("grid_sample_cubic_reflection", "GridSample",
         [arange((1, 1, 3, 3)), arange((1, 2, 2, 2), scale=0.5)],
         {"mode": "cubic", "padding_mode": "reflection", "align_corners": 1}),
    Case("affine_grid", "AffineGrid", [arange((1, 2, 3), scale=0.25), ints([1, 1, 2, 3])]),
    Case("col2im", "Col2Im", [arange((1, 4, 8)), ints([3, 4]), ints([2, 2])],
         {"pads": [0, 1, 0, 0]}),
    Case("non_zero", "NonZero", [np.array([[0, 2, 0], [3, 0, -1]], np.int32)],
         comment="result size known only at run time"),
    Case("compress_axis", "Compress", [arange((3, 2)), np.array([True, False, True])],
         {"axis": 0}),
    Case("compress_flat", "Compress", [arange((2, 2)), np.array([False, True, True])]),
    Case("pow_int", "Pow", [np.array([2, -3, 5, 1, -1, 0, 7, -2, 3], np.int32),
                            np.array([10, 3, 0, -2, -3, 2, 1, -1, 19], np.int32)],
         comment="integer exponents by squaring; negative ones truncate 1 / x ** -y"),
    Case("dft_onesided_padded", "DFT", [arange((2, 5, 1)), np.array(8, np.int64)],
         {"onesided": 1}, opset=20,
         comment="real input zero-padded to 8, default axis -2, 5 bins"),
    Case("dft_inverse_truncated", "DFT", [arange((2, 6, 3, 2)), np.array(4, np.int64)],
         {"inverse": 1, "axis": 1}, opset=19,
         comment="complex input truncated to 4, inverse along axis 1"),
    Case("det_batch", "Det", [np.stack([
        arange((4, 4)),
        np.array([[0, 2, 1, 0], [3, 0, 1, 1], [1, 1, 0, 2], [0, 1, 2, 2]], f32),
        np.ones((4, 4), f32)])],
         comment="pivoting (a zero leading element) and a singular matrix"),
    Case("det_2d", "Det", [arange((3, 3))]),
    Case("max_unpool", "MaxUnpool", [np.array([[[[5, 6], [7, 8]]]], f32),
                                     ints([[[[5, 7], [13, 15]]]])],
         {"kernel_shape": [2, 2], "strides": [2, 2]}),
]

FILES = {
    "contraction_exec.mlir": ("MatMul, Gemm and Einsum, run and checked against onnxruntime.", CONTRACTION),
    "conv_exec.mlir": ("Conv and ConvTranspose, run and checked against onnxruntime.", CONV),
    "pool_exec.mlir": ("Pooling, run and checked against onnxruntime.", POOL),
    "normalization_exec.mlir": ("Softmax and normalizations, run and checked against onnxruntime.", NORM),
    "reduction_exec.mlir": ("Reductions, run and checked against onnxruntime.", REDUCTION),
    "tensor_exec.mlir": ("Data movement, run and checked against onnxruntime.", TENSOR),
    "indexing_exec.mlir": ("Gathers, scatters and generators, run and checked against onnxruntime.", INDEXING),
    "resize_exec.mlir": ("Resize, run and checked against onnxruntime.", RESIZE),
    "recurrent_exec.mlir": ("RNN, GRU and LSTM, run and checked against onnxruntime.", RECURRENT),
    "quantization_exec.mlir": ("Quantization, run and checked against onnxruntime.", QUANT),
    "control_flow_exec.mlir": ("If, Loop and Scan, run and checked against onnxruntime.", CONTROL),
    "attention_exec.mlir": ("Attention, run and checked against onnxruntime.", ATTENTION),
    "loss_exec.mlir": ("Losses, run and checked against onnxruntime.", LOSS),
    "misc_exec.mlir": ("Windows, ReverseSequence, CenterCropPad, GridSample, AffineGrid, Col2Im, MaxUnpool, integer Pow, DFT, Det, run and checked against onnxruntime.", MISC),
}
