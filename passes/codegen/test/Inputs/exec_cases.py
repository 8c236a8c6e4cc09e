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

FILES = {
    "contraction_exec.mlir": ("MatMul, Gemm and Einsum, run and checked against onnxruntime.", CONTRACTION),
    "conv_exec.mlir": ("Conv and ConvTranspose, run and checked against onnxruntime.", CONV),
    "pool_exec.mlir": ("Pooling, run and checked against onnxruntime.", POOL),
    "normalization_exec.mlir": ("Softmax and normalizations, run and checked against onnxruntime.", NORM),
    "reduction_exec.mlir": ("Reductions, run and checked against onnxruntime.", REDUCTION),
}
