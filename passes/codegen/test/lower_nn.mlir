// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file %s | FileCheck %s

// CHECK-LABEL: func.func @matmul_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x8xf32>)
// CHECK: %[[M:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[M]]) : tensor<?x8xf32>
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[EMPTY]] : tensor<?x8xf32>)
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<?x?xf32>, tensor<?x8xf32>) outs(%[[ZERO]] : tensor<?x8xf32>)
func.func @matmul_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = kiln.matmul %a, %b : (tensor<?x?xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Equal batch dims fold into one for linalg.batch_matmul.
// CHECK-LABEL: func.func @matmul_batch
// CHECK: %[[LHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<?x4x16x8xf32> into tensor<?x16x8xf32>
// CHECK: %[[RHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<?x4x8x16xf32> into tensor<?x8x16xf32>
// CHECK: %[[PRODUCT:.*]] = linalg.batch_matmul ins(%[[LHS]], %[[RHS]] : tensor<?x16x8xf32>, tensor<?x8x16xf32>)
// CHECK: tensor.expand_shape %[[PRODUCT]] {{\[\[}}0, 1], [2], [3]] output_shape [%{{.*}}, 4, 16, 16]
func.func @matmul_batch(%a: tensor<?x4x16x8xf32>, %b: tensor<?x4x8x16xf32>) -> tensor<?x4x16x16xf32> {
  %0 = kiln.matmul %a, %b : (tensor<?x4x16x8xf32>, tensor<?x4x8x16xf32>) -> tensor<?x4x16x16xf32>
  return %0 : tensor<?x4x16x16xf32>
}

// -----

// A weight matrix shared by all batch entries: the batch folds into M.
// CHECK-LABEL: func.func @matmul_weights
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x128x64xf32> into tensor<256x64xf32>
// CHECK: %[[PRODUCT:.*]] = linalg.matmul ins(%[[FLAT]], %{{.*}} : tensor<256x64xf32>, tensor<64x32xf32>)
// CHECK: tensor.expand_shape %[[PRODUCT]] {{\[\[}}0, 1], [2]] output_shape [2, 128, 32]
func.func @matmul_weights(%a: tensor<2x128x64xf32>, %w: tensor<64x32xf32>) -> tensor<2x128x32xf32> {
  %0 = kiln.matmul %a, %w : (tensor<2x128x64xf32>, tensor<64x32xf32>) -> tensor<2x128x32xf32>
  return %0 : tensor<2x128x32xf32>
}

// -----

// Gemm: transB lives in the matmul's indexing maps; C seeds the
// accumulator.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm
// CHECK: %[[BIAS:.*]] = linalg.generic
// CHECK: linalg.matmul indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] ins(%{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<5x3xf32>) outs(%[[BIAS]] : tensor<4x5xf32>)
func.func @gemm(%a: tensor<4x3xf32>, %b: tensor<5x3xf32>, %c: tensor<5xf32>) -> tensor<4x5xf32> {
  %0 = kiln.gemm %a, %b, %c {transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Conv: tensor.pad, the bias broadcast into the accumulator, a named op.
// CHECK-LABEL: func.func @conv_bias
// CHECK: %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[BIAS:.*]] = linalg.generic
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PADDED]], %{{.*}} : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[BIAS]] : tensor<1x4x8x8xf32>)
func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %0 = kiln.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// One filter per channel: a depthwise named op on [C, kh, kw] filters.
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<8x1x3x3xf32> into tensor<8x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %[[FILTER]]
func.func @depthwise(%x: tensor<1x8x9x9xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = kiln.conv %x, %w {group = 8 : i64, strides = array<i64: 2, 2>} : (tensor<1x8x9x9xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Other groupings: a generic over [N, G, C/G, ...] and [G, M/G, C/G, ...].
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + d6, d4 + d7)>
// CHECK-DAG: #[[$FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
// CHECK-LABEL: func.func @grouped
// CHECK: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5]
// CHECK: %[[W:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$FILTER]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[X]], %[[W]]
// CHECK: tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
func.func @grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = kiln.conv %x, %w {group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

// ConvTranspose: the input spread by the strides, the filters regrouped to
// [G, Mg, Cg, k...] and flipped by a gather (tensor.extract at k - 1 - j),
// then a stride-1 grouped convolution whose maps have no reversed index
// (tiling could not slice one).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + d6, d4 + d7)>
// CHECK-DAG: #[[$FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x3x3xf32>, %[[W:.*]]: tensor<4x3x2x2xf32>)
// CHECK: %[[SPREAD:.*]] = tensor.insert_slice %[[X]] into %{{.*}}[0, 0, 1, 1] [1, 4, 3, 3] [1, 1, 2, 2] : tensor<1x4x3x3xf32> into tensor<1x4x7x7xf32>
// CHECK: %[[FLIPPED:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3x2x2x2xf32>)
// CHECK-DAG: %[[G:.*]] = linalg.index 0
// CHECK-DAG: %[[CG:.*]] = linalg.index 2
// CHECK-DAG: %[[KH:.*]] = linalg.index 3
// CHECK-DAG: %[[KW:.*]] = linalg.index 4
// CHECK-DAG: %[[GC:.*]] = arith.muli %[[G]], %{{.*}} : index
// CHECK-DAG: %[[C:.*]] = arith.addi %[[GC]], %[[CG]] : index
// CHECK-DAG: %[[H:.*]] = arith.subi %{{.*}}, %[[KH]] : index
// CHECK-DAG: %[[WI:.*]] = arith.subi %{{.*}}, %[[KW]] : index
// CHECK: tensor.extract %[[W]][%[[C]], %{{.*}}, %[[H]], %[[WI]]] : tensor<4x3x2x2xf32>
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %[[SPREAD]]
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$FILTER]], #{{.*}}], {{.*}} ins(%[[GROUPED]], %[[FLIPPED]] : tensor<1x2x2x7x7xf32>, tensor<2x3x2x2x2xf32>) outs(%{{.*}} : tensor<1x2x3x6x6xf32>)
func.func @conv_transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32> {
  %0 = kiln.conv_transpose %x, %w {group = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// MaxPool: padding with -inf, a named pooling op with its window tensor.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK-NEXT: ^bb0
// CHECK-NEXT: tensor.yield %[[LOWEST]]
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32)
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PADDED]], %[[WINDOW]] : tensor<1x3x10x10xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x3x4x4xf32>)
func.func @max_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %y, %i = kiln.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>)
  return %y : tensor<1x3x4x4xf32>
}

// -----

// AveragePool excluding padding divides by a constant of per-window counts.
// CHECK-LABEL: func.func @average_pool
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK: %[[COUNTS:.*]] = arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[COUNTS]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: arith.divf
func.func @average_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %y = kiln.average_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Einsum with '...': the ellipsis dims become loops of their own, ahead of
// the letters; a repeated letter reads the diagonal.
// CHECK-DAG: #[[$DIAG:.*]] = affine_map<(d0, d1) -> (d0, d1, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @einsum_batch_diagonal
// CHECK: linalg.generic {indexing_maps = [#[[$DIAG]], #[[$OUT]]], iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<3x5x5xf32>) outs(%{{.*}} : tensor<3x5xf32>)
func.func @einsum_batch_diagonal(%x: tensor<3x5x5xf32>) -> tensor<3x5xf32> {
  %0 = kiln.einsum %x {equation = "...ii ->...i"} : (tensor<3x5x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Ellipses broadcast numpy-style, aligned on the right: B's [1] reads
// index 0 of the widest ellipsis' second dim; the implicit output puts the
// ellipsis dims first.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d4, d3)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @einsum_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<2x4x3x5xf32>, tensor<1x5x6xf32>) outs(%{{.*}} : tensor<2x4x3x6xf32>)
func.func @einsum_broadcast(%a: tensor<2x4x3x5xf32>, %b: tensor<1x5x6xf32>) -> tensor<2x4x3x6xf32> {
  %0 = kiln.einsum %a, %b {equation = "...ij,...jk"} : (tensor<2x4x3x5xf32>, tensor<1x5x6xf32>) -> tensor<2x4x3x6xf32>
  return %0 : tensor<2x4x3x6xf32>
}

// -----

// f16 contractions accumulate in f32 and round once.
// CHECK-LABEL: func.func @matmul_f16
// CHECK: %[[ACC:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf16>, tensor<3x4xf16>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[ACC]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<2x4xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @matmul_f16(%a: tensor<2x3xf16>, %b: tensor<3x4xf16>) -> tensor<2x4xf16> {
  %0 = kiln.matmul %a, %b : (tensor<2x3xf16>, tensor<3x4xf16>) -> tensor<2x4xf16>
  return %0 : tensor<2x4xf16>
}

// -----

// f16 Softmax computes in f32: the input extended, the quotient rounded.
// CHECK-LABEL: func.func @softmax_f16
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: math.exp %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: %[[Q:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: arith.truncf %[[Q]] : f32 to f16
func.func @softmax_f16(%x: tensor<2x5xf16>) -> tensor<2x5xf16> {
  %0 = kiln.softmax %x {axis = 1 : i64} : (tensor<2x5xf16>) -> tensor<2x5xf16>
  return %0 : tensor<2x5xf16>
}

// -----

// f16 Attention computes in f32 (Q, K, V extended once) and rounds Y once.
// CHECK-LABEL: func.func @attention_f16
// CHECK-COUNT-3: arith.extf %{{.*}} : f16 to f32
// CHECK: math.exp %{{.*}} : f32
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x3x5xf32>, tensor<1x2x5x4xf32>) outs(%{{.*}} : tensor<1x2x3x4xf32>)
// CHECK: %[[ROUNDED:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<1x2x3x4xf32>) outs(%{{.*}} : tensor<1x2x3x4xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[ROUNDED]] : tensor<1x2x3x4xf16>
func.func @attention_f16(%q: tensor<1x2x3x4xf16>, %k: tensor<1x2x5x4xf16>, %v: tensor<1x2x5x4xf16>) -> tensor<1x2x3x4xf16> {
  %0:4 = kiln.attention %q, %k, %v : (tensor<1x2x3x4xf16>, tensor<1x2x5x4xf16>, tensor<1x2x5x4xf16>) -> (tensor<1x2x3x4xf16>, tensor<1x2x5x4xf16>, tensor<1x2x5x4xf16>, tensor<1x2x3x5xf16>)
  return %0#0 : tensor<1x2x3x4xf16>
}

// -----

// Global average pooling sums x * (1 / count) in one reduction: no second
// kernel to divide.
// CHECK-LABEL: func.func @global_average_pool
// CHECK-DAG:     %[[COUNT:.*]] = arith.constant 1.600000e+01 : f32
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[SCALE:.*]] = arith.divf %[[ONE]], %[[COUNT]] : f32
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK:           %[[X:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:           arith.addf %[[X]], %{{.*}} : f32
// CHECK-NOT:     linalg.generic
// CHECK:         tensor.expand_shape %[[SUM]]
func.func @global_average_pool(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> {
  %y = kiln.global_average_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return %y : tensor<1x8x1x1xf32>
}
