// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s
// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes,canonicalize))' | FileCheck %s --check-prefix=FOLD

// Axes as an attribute: reduced dims become 1 or go away.
// CHECK-LABEL: func.func @reduce_axes_attribute
func.func @reduce_axes_attribute(%x: tensor<2x?x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.reduce_sum {{.*}} -> tensor<2x1x1xf32>
  %0 = kiln.reduce_sum %x {axes = array<i64: 1, -1>} : (tensor<2x?x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.reduce_mean {{.*}} -> tensor<?x4xf32>
  %1 = kiln.reduce_mean %x {axes = array<i64: 0>, keepdims = 0 : i64} : (tensor<2x?x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.reduce_l2 {{.*}} -> tensor<2xf32>
  %2 = kiln.reduce_l2 %x {axes = array<i64: -2, 2>, keepdims = 0 : i64} : (tensor<2x?x4xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Empty or absent axes reduce over all dims, unless noop_with_empty_axes.
// CHECK-LABEL: func.func @reduce_all
func.func @reduce_all(%x: tensor<2x3xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.reduce_max {{.*}} -> tensor<1x1xf32>
  %0 = kiln.reduce_max %x : (tensor<2x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.reduce_min {{.*}} -> tensor<f32>
  %1 = kiln.reduce_min %x {axes = array<i64>, keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.reduce_log_sum {{.*}} -> tensor<2x3xf32>
  %2 = kiln.reduce_log_sum %x {noop_with_empty_axes = 1 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  // Without keepdims, reducing everything gives a scalar whatever the rank.
  // CHECK: kiln.reduce_prod {{.*}} : (tensor<*xf32>) -> tensor<f32>
  %3 = kiln.reduce_prod %u {keepdims = 0 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  // CHECK: kiln.reduce_sum_square {{.*}} : (tensor<*xf32>) -> tensor<*xf32>
  %4 = kiln.reduce_sum_square %u : (tensor<*xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// A constant axes operand is as good as the attribute.
// CHECK-LABEL: func.func @reduce_constant_axes_operand
func.func @reduce_constant_axes_operand(%x: tensor<2x3x4xi32>) -> (tensor<*xi32>, tensor<*xi32>, tensor<*xi32>) {
  %axes = kiln.constant dense<[0, 2]> : tensor<2xi64>
  %none = kiln.constant dense<> : tensor<0xi64>
  // CHECK: kiln.reduce_sum {{.*}} -> tensor<1x3x1xi32>
  %0 = kiln.reduce_sum %x, %axes : (tensor<2x3x4xi32>, tensor<2xi64>) -> tensor<*xi32>
  // CHECK: kiln.reduce_l1 {{.*}} -> tensor<3xi32>
  %1 = kiln.reduce_l1 %x, %axes {keepdims = 0 : i64} : (tensor<2x3x4xi32>, tensor<2xi64>) -> tensor<*xi32>
  // CHECK: kiln.reduce_max {{.*}} -> tensor<2x3x4xi32>
  %2 = kiln.reduce_max %x, %none {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xi32>, tensor<0xi64>) -> tensor<*xi32>
  return %0, %1, %2 : tensor<*xi32>, tensor<*xi32>, tensor<*xi32>
}

// -----

// Axes computed at run time: keepdims keeps the rank (and dims of size 1);
// otherwise the number of axes, when static, gives the rank.
// CHECK-LABEL: func.func @reduce_dynamic_axes
func.func @reduce_dynamic_axes(%x: tensor<2x1x4xf32>, %axes: tensor<2xi64>, %any: tensor<?xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.reduce_sum {{.*}} -> tensor<?x1x?xf32>
  %0 = kiln.reduce_sum %x, %any : (tensor<2x1x4xf32>, tensor<?xi64>) -> tensor<*xf32>
  // CHECK: kiln.reduce_mean {{.*}} -> tensor<?xf32>
  %1 = kiln.reduce_mean %x, %axes {keepdims = 0 : i64} : (tensor<2x1x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: kiln.reduce_log_sum_exp {{.*}} -> tensor<*xf32>
  %2 = kiln.reduce_log_sum_exp %x, %any {keepdims = 0 : i64} : (tensor<2x1x4xf32>, tensor<?xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @arg_reductions
func.func @arg_reductions(%x: tensor<?x5x7xf16>) -> (tensor<*xi64>, tensor<*xi64>) {
  // CHECK: kiln.arg_max {{.*}} -> tensor<?x5x1xi64>
  %0 = kiln.arg_max %x {axis = -1 : i64} : (tensor<?x5x7xf16>) -> tensor<*xi64>
  // CHECK: kiln.arg_min {{.*}} -> tensor<?x7xi64>
  %1 = kiln.arg_min %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<?x5x7xf16>) -> tensor<*xi64>
  return %0, %1 : tensor<*xi64>, tensor<*xi64>
}

// -----

// A constant K gives a static size along the axis.
// CHECK-LABEL: func.func @top_k
func.func @top_k(%x: tensor<?x10xf32>, %dynk: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xi64>) {
  %k = kiln.constant dense<3> : tensor<1xi64>
  // CHECK: kiln.top_k {{.*}} -> (tensor<?x3xf32>, tensor<?x3xi64>)
  %v, %i = kiln.top_k %x, %k : (tensor<?x10xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  // CHECK: kiln.top_k {{.*}} -> (tensor<?x10xf32>, tensor<?x10xi64>)
  %v2, %i2 = kiln.top_k %x, %dynk {axis = 0 : i64} : (tensor<?x10xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %v, %i, %v2, %i2 : tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xi64>
}

// -----

// Sum, mean, max, min and product over nothing or over dims of size 1 (kept)
// are identities and fold away; other reductions stay.
// FOLD-LABEL: func.func @fold_identity_reductions
// FOLD-SAME: (%[[X:.*]]: tensor<2x1x3xf32>, %[[S:.*]]: tensor<1x1xf32>)
func.func @fold_identity_reductions(%x: tensor<2x1x3xf32>, %s: tensor<1x1xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %axis1 = kiln.constant dense<1> : tensor<1xi64>
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x1x3xf32>) -> tensor<*xf32>
  %1 = kiln.reduce_mean %x, %axis1 : (tensor<2x1x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  %2 = kiln.reduce_max %x {noop_with_empty_axes = 1 : i64} : (tensor<2x1x3xf32>) -> tensor<*xf32>
  %3 = kiln.reduce_prod %s : (tensor<1x1xf32>) -> tensor<*xf32>
  // FOLD: %[[KEPT:.*]] = kiln.reduce_min %[[X]] {axes = array<i64: 1>, keepdims = 0 : i64}
  %4 = kiln.reduce_min %x {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x1x3xf32>) -> tensor<*xf32>
  // FOLD: %[[SUM:.*]] = kiln.reduce_sum %[[X]] {axes = array<i64: 0>}
  %5 = kiln.reduce_sum %x {axes = array<i64: 0>} : (tensor<2x1x3xf32>) -> tensor<*xf32>
  // FOLD: %[[L1:.*]] = kiln.reduce_l1 %[[X]] {axes = array<i64: 1>}
  %6 = kiln.reduce_l1 %x {axes = array<i64: 1>} : (tensor<2x1x3xf32>) -> tensor<*xf32>
  // FOLD: return %[[X]], %[[X]], %[[X]], %[[S]], %[[KEPT]], %[[SUM]], %[[L1]]
  return %0, %1, %2, %3, %4, %5, %6 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}
