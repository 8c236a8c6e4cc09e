// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// Every reduction op prints in its custom form and parses back to the same IR.

// Axes known at import are an attribute; keepdims and noop_with_empty_axes
// print only when they differ from the ONNX defaults.
// CHECK-LABEL: func.func @reduce_axes_attribute
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
func.func @reduce_axes_attribute(%x: tensor<2x3x4xf32>) -> (tensor<2x4xf32>, tensor<2x3x1xf32>, tensor<f32>, tensor<2x3x4xf32>) {
  // CHECK: kiln.reduce_sum %[[X]] {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %0 = kiln.reduce_sum %x {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  // CHECK: kiln.reduce_mean %[[X]] {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %1 = kiln.reduce_mean %x {axes = array<i64: -1>, keepdims = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  // CHECK: kiln.reduce_prod %[[X]] {keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<f32>
  %2 = kiln.reduce_prod %x {keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<f32>
  // CHECK: kiln.reduce_l1 %[[X]] {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %3 = kiln.reduce_l1 %x {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<2x3x1xf32>, tensor<f32>, tensor<2x3x4xf32>
}

// -----

// Axes computed at run time are the optional axes operand.
// CHECK-LABEL: func.func @reduce_axes_operand
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi8>, %[[AXES:.*]]: tensor<?xi64>)
func.func @reduce_axes_operand(%x: tensor<2x3xi8>, %axes: tensor<?xi64>) -> (tensor<?x?xi8>, tensor<*xi8>) {
  // CHECK: kiln.reduce_max %[[X]], %[[AXES]] : (tensor<2x3xi8>, tensor<?xi64>) -> tensor<?x?xi8>
  %0 = kiln.reduce_max %x, %axes : (tensor<2x3xi8>, tensor<?xi64>) -> tensor<?x?xi8>
  // CHECK: kiln.reduce_min %[[X]], %[[AXES]] {keepdims = 0 : i64} : (tensor<2x3xi8>, tensor<?xi64>) -> tensor<*xi8>
  %1 = kiln.reduce_min %x, %axes {keepdims = 0 : i64} : (tensor<2x3xi8>, tensor<?xi64>) -> tensor<*xi8>
  return %0, %1 : tensor<?x?xi8>, tensor<*xi8>
}

// -----

// CHECK-LABEL: func.func @reduce_norms_and_logs
func.func @reduce_norms_and_logs(%x: tensor<2x3xf16>) -> (tensor<2x1xf16>, tensor<1x3xf16>, tensor<2xf16>, tensor<1x1xf16>) {
  // CHECK: kiln.reduce_l2 %{{.*}} {axes = array<i64: 1>} : (tensor<2x3xf16>) -> tensor<2x1xf16>
  %0 = kiln.reduce_l2 %x {axes = array<i64: 1>} : (tensor<2x3xf16>) -> tensor<2x1xf16>
  // CHECK: kiln.reduce_log_sum %{{.*}} {axes = array<i64: 0>} : (tensor<2x3xf16>) -> tensor<1x3xf16>
  %1 = kiln.reduce_log_sum %x {axes = array<i64: 0>} : (tensor<2x3xf16>) -> tensor<1x3xf16>
  // CHECK: kiln.reduce_log_sum_exp %{{.*}} {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xf16>) -> tensor<2xf16>
  %2 = kiln.reduce_log_sum_exp %x {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xf16>) -> tensor<2xf16>
  // CHECK: kiln.reduce_sum_square %{{.*}} : (tensor<2x3xf16>) -> tensor<1x1xf16>
  %3 = kiln.reduce_sum_square %x : (tensor<2x3xf16>) -> tensor<1x1xf16>
  return %0, %1, %2, %3 : tensor<2x1xf16>, tensor<1x3xf16>, tensor<2xf16>, tensor<1x1xf16>
}

// -----

// ReduceMax and ReduceMin also take bool and 8-bit integers; the arithmetic
// reductions take 32- and 64-bit integers, signed and unsigned.
// CHECK-LABEL: func.func @reduce_element_types
func.func @reduce_element_types(%b: tensor<4xi1>, %u: tensor<4xui8>, %i: tensor<4xui64>, %h: tensor<4xbf16>) -> (tensor<1xi1>, tensor<1xui8>, tensor<1xui64>, tensor<1xbf16>) {
  // CHECK: kiln.reduce_max %{{.*}} : (tensor<4xi1>) -> tensor<1xi1>
  %0 = kiln.reduce_max %b : (tensor<4xi1>) -> tensor<1xi1>
  // CHECK: kiln.reduce_min %{{.*}} : (tensor<4xui8>) -> tensor<1xui8>
  %1 = kiln.reduce_min %u : (tensor<4xui8>) -> tensor<1xui8>
  // CHECK: kiln.reduce_sum %{{.*}} : (tensor<4xui64>) -> tensor<1xui64>
  %2 = kiln.reduce_sum %i : (tensor<4xui64>) -> tensor<1xui64>
  // CHECK: kiln.reduce_mean %{{.*}} : (tensor<4xbf16>) -> tensor<1xbf16>
  %3 = kiln.reduce_mean %h : (tensor<4xbf16>) -> tensor<1xbf16>
  return %0, %1, %2, %3 : tensor<1xi1>, tensor<1xui8>, tensor<1xui64>, tensor<1xbf16>
}

// -----

// CHECK-LABEL: func.func @arg_max_min
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[U:.*]]: tensor<2x3xui8>)
func.func @arg_max_min(%x: tensor<2x3xf32>, %u: tensor<2x3xui8>) -> (tensor<2x1xi64>, tensor<2xi64>, tensor<1x3xi64>) {
  // CHECK: kiln.arg_max %[[X]] {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  %0 = kiln.arg_max %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  // CHECK: kiln.arg_min %[[U]] {axis = -1 : i64, keepdims = 0 : i64, select_last_index = 1 : i64} : (tensor<2x3xui8>) -> tensor<2xi64>
  %1 = kiln.arg_min %u {axis = -1 : i64, keepdims = 0 : i64, select_last_index = 1 : i64} : (tensor<2x3xui8>) -> tensor<2xi64>
  // CHECK: kiln.arg_max %[[X]] : (tensor<2x3xf32>) -> tensor<1x3xi64>
  %2 = kiln.arg_max %x : (tensor<2x3xf32>) -> tensor<1x3xi64>
  return %0, %1, %2 : tensor<2x1xi64>, tensor<2xi64>, tensor<1x3xi64>
}

// -----

// CHECK-LABEL: func.func @top_k
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[DYNK:.*]]: tensor<1xi64>)
func.func @top_k(%x: tensor<3x4xf32>, %dynk: tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>, tensor<?x4xf32>, tensor<?x4xi64>) {
  // CHECK: %[[K:.*]] = kiln.constant dense<2> : tensor<1xi64>
  %k = kiln.constant dense<2> : tensor<1xi64>
  // CHECK: %[[V:.*]], %[[I:.*]] = kiln.top_k %[[X]], %[[K]] : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  %v, %i = kiln.top_k %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  // CHECK: kiln.top_k %[[X]], %[[DYNK]] {axis = 0 : i64, largest = 0 : i64, sorted = 0 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<?x4xf32>, tensor<?x4xi64>)
  %v2, %i2 = kiln.top_k %x, %dynk {axis = 0 : i64, largest = 0 : i64, sorted = 0 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<?x4xf32>, tensor<?x4xi64>)
  // CHECK: return %[[V]], %[[I]]
  return %v, %i, %v2, %i2 : tensor<3x2xf32>, tensor<3x2xi64>, tensor<?x4xf32>, tensor<?x4xi64>
}
