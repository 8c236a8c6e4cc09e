// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-fold-shape-computations))' | FileCheck %s

// Static dims picked out of a partly dynamic shape become constants.
// CHECK-LABEL: func.func @gather_static_dim
func.func @gather_static_dim(%x: tensor<?x196x768xf32>) -> (tensor<i64>, tensor<i64>, tensor<2xi64>) {
  %s = kiln.shape %x : (tensor<?x196x768xf32>) -> tensor<3xi64>
  %c2 = kiln.constant dense<2> : tensor<i64>
  %c0 = kiln.constant dense<0> : tensor<i64>
  %both = kiln.constant dense<[-1, 1]> : tensor<2xi64>
  // CHECK-DAG: %[[D768:.*]] = kiln.constant dense<768> : tensor<i64>
  // CHECK-DAG: %[[PAIR:.*]] = kiln.constant dense<[768, 196]> : tensor<2xi64>
  // CHECK-DAG: %[[BATCH:.*]] = kiln.gather
  %d = kiln.gather %s, %c2 : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %b = kiln.gather %s, %c0 : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %p = kiln.gather %s, %both : (tensor<3xi64>, tensor<2xi64>) -> tensor<2xi64>
  // CHECK: return %[[D768]], %[[BATCH]], %[[PAIR]]
  return %d, %b, %p : tensor<i64>, tensor<i64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @slice_static_dims
func.func @slice_static_dims(%x: tensor<?x3x224x224xf32>) -> (tensor<3xi64>, tensor<2xi64>) {
  %s = kiln.shape %x : (tensor<?x3x224x224xf32>) -> tensor<4xi64>
  %one = kiln.constant dense<1> : tensor<1xi64>
  %big = kiln.constant dense<9223372036854775807> : tensor<1xi64>
  %zero = kiln.constant dense<0> : tensor<1xi64>
  %two = kiln.constant dense<2> : tensor<1xi64>
  // CHECK-DAG: %[[TAIL:.*]] = kiln.constant dense<[3, 224, 224]> : tensor<3xi64>
  %tail = kiln.slice %s, %one, %big : (tensor<4xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xi64>
  // The batch dim is dynamic: that slice stays.
  // CHECK-DAG: %[[HEAD:.*]] = kiln.slice
  %head = kiln.slice %s, %zero, %two : (tensor<4xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  // CHECK: return %[[TAIL]], %[[HEAD]]
  return %tail, %head : tensor<3xi64>, tensor<2xi64>
}
