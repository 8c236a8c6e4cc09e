// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file %s | FileCheck %s

// A reduction over a filled destination without the reduced dims, the
// mean's division, then keepdims' unit dims back with expand_shape.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @reduce_mean_keepdims
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<?x3x4xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK: arith.addf
// CHECK: %[[COUNT:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?xf32>)
// CHECK: arith.divf %{{.*}}, %[[COUNT]]
// CHECK: tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1, 2]] output_shape [%{{.*}}, 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
func.func @reduce_mean_keepdims(%x: tensor<?x3x4xf32>) -> tensor<?x1x1xf32> {
  %0 = kiln.reduce_mean %x {axes = array<i64: -1, 1>} : (tensor<?x3x4xf32>) -> tensor<?x1x1xf32>
  return %0 : tensor<?x1x1xf32>
}

// -----

// ArgMax tracks value and index in one generic with two results; unsigned
// values compare unsigned.
// CHECK-LABEL: func.func @arg_max
// CHECK: %[[RESULTS:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: %[[INDEX:.*]] = linalg.index 1 : index
// CHECK: arith.cmpi ugt
// CHECK: linalg.yield
// CHECK: return %[[RESULTS]]#1 : tensor<2xi64>
func.func @arg_max(%x: tensor<2x5xui8>) -> tensor<2xi64> {
  %0 = kiln.arg_max %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<2x5xui8>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Softmax: max, exp(x - max), sum, quotient; the statistics are read
// through projected maps, never broadcast in memory.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_dynamic
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %[[MAX]] : tensor<?x?xf32>, tensor<?xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<?x?xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<?x?xf32>, tensor<?xf32>)
// CHECK: arith.divf
func.func @softmax_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.softmax %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// LayerNormalization: statistics in f32 (stash type) over the last dim,
// the mean summed as x * (1/n) in one reduction, one generic for the
// normalized result with scale and bias.
// CHECK-LABEL: func.func @layer_norm_f16
// CHECK: %[[SCALE:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<?x5x16xf16>) outs(%{{.*}} : tensor<?x5xf32>)
// CHECK: %[[X:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: %[[SCALED:.*]] = arith.mulf %[[X]], %[[SCALE]] : f32
// CHECK: arith.addf %[[SCALED]], %{{.*}} : f32
// CHECK: %[[SQUARES:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[MEAN]] : tensor<?x5x16xf16>, tensor<?x5xf32>)
// CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SQUARES]] : tensor<?x5xf32>)
// CHECK: math.sqrt
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[MEAN]], %[[INV]], %{{.*}}, %{{.*}} : tensor<?x5x16xf16>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<16xf16>, tensor<16xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @layer_norm_f16(%x: tensor<?x5x16xf16>, %s: tensor<16xf16>, %b: tensor<16xf16>) -> tensor<?x5x16xf16> {
  %y, %mean, %inv = kiln.layer_normalization %x, %s, %b : (tensor<?x5x16xf16>, tensor<16xf16>, tensor<16xf16>) -> (tensor<?x5x16xf16>, tensor<?x5x1xf32>, tensor<?x5x1xf32>)
  return %y : tensor<?x5x16xf16>
}

// -----

// Axes read at run time: a flag per dim (some axis names it, counting
// negative axes from the back) sizes the result (1 where reduced) and the
// window (the dim where reduced), and one generic reads input[o + j].
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 + d2, d1 + d3)>
// CHECK-DAG: #[[$WINDOW:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @run_time_axes
// CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<1xi64>
// CHECK: %[[WINDOW:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$WINDOW]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %[[WINDOW]] : tensor<2x3xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK: arith.addf
func.func @run_time_axes(%x: tensor<2x3xf32>, %axes: tensor<1xi64>) -> tensor<?x?xf32> {
  %0 = kiln.reduce_sum %x, %axes : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
