// RUN: kiln-opt %s --kiln-graph-pipeline | FileCheck %s

// The whole graph pipeline: no-ops go, a torch-style reshape target
// computed from Shape folds to a constant, shapes refine all the way to the
// signature, duplicate ops merge (CSE) and dead ones disappear.
// CHECK-LABEL: func.func @pipeline
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>) -> (tensor<2x12xf32>, tensor<2x12xf32>)
func.func @pipeline(%x: tensor<2x3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %id = kiln.identity %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %s = kiln.shape %id : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %c0 = kiln.constant dense<0> : tensor<i64>
  %batch = kiln.gather %s, %c0 : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %b1 = kiln.unsqueeze %batch {axes = array<i64: 0>} : (tensor<i64>) -> tensor<1xi64>
  %minus = kiln.constant dense<-1> : tensor<1xi64>
  %target = kiln.concat %b1, %minus {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  // CHECK: %[[T:.*]] = kiln.constant dense<[2, -1]> : tensor<2xi64>
  // CHECK: %[[R:.*]] = kiln.reshape %[[X]], %[[T]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  %r = kiln.reshape %id, %target : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: %[[A:.*]] = kiln.relu %[[R]] : (tensor<2x12xf32>) -> tensor<2x12xf32>
  // CHECK-NOT: kiln.relu
  %a = kiln.relu %r : (tensor<*xf32>) -> tensor<*xf32>
  %b = kiln.relu %r : (tensor<*xf32>) -> tensor<*xf32>
  %dead = kiln.exp %r : (tensor<*xf32>) -> tensor<*xf32>
  // CHECK-NOT: kiln.exp
  // CHECK: return %[[A]], %[[A]]
  return %a, %b : tensor<*xf32>, tensor<*xf32>
}
