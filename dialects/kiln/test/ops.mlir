// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// Every op prints in its custom form and parses back to the same IR.

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xf32>, tensor<2x2xi64>, tensor<i1>) {
  // CHECK: %[[F:.*]] = kiln.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
  %f = kiln.constant dense<[1.0, 2.5]> : tensor<2xf32>
  // CHECK: %[[I:.*]] = kiln.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi64>
  %i = kiln.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  // CHECK: %[[B:.*]] = kiln.constant dense<true> : tensor<i1>
  %b = kiln.constant dense<true> : tensor<i1>
  // CHECK: return %[[F]], %[[I]], %[[B]]
  return %f, %i, %b : tensor<2xf32>, tensor<2x2xi64>, tensor<i1>
}

// -----

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[ADD:.*]] = kiln.add %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[SUB:.*]] = kiln.sub %[[ADD]], %[[B]]
  %1 = kiln.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[MUL:.*]] = kiln.mul %[[SUB]], %[[A]]
  %2 = kiln.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[DIV:.*]] = kiln.div %[[MUL]], %[[B]]
  %3 = kiln.div %2, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: return %[[DIV]]
  return %3 : tensor<2x3xf32>
}

// -----

// Declared result types may be less refined than inference knows.
// CHECK-LABEL: func.func @less_refined_results
func.func @less_refined_results(%a: tensor<4x8xf16>, %b: tensor<8xf16>) -> (tensor<?x?xf16>, tensor<*xf16>) {
  // CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<4x8xf16>, tensor<8xf16>) -> tensor<?x?xf16>
  %0 = kiln.add %a, %b : (tensor<4x8xf16>, tensor<8xf16>) -> tensor<?x?xf16>
  // CHECK: kiln.relu %{{.*}} : (tensor<?x?xf16>) -> tensor<*xf16>
  %1 = kiln.relu %0 : (tensor<?x?xf16>) -> tensor<*xf16>
  return %0, %1 : tensor<?x?xf16>, tensor<*xf16>
}

// -----

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<8x2x3xbf16>, %b: tensor<3x4xbf16>, %v: tensor<4xbf16>) -> tensor<8x2xbf16> {
  // CHECK: %[[MM:.*]] = kiln.matmul %{{.*}}, %{{.*}} : (tensor<8x2x3xbf16>, tensor<3x4xbf16>) -> tensor<8x2x4xbf16>
  %0 = kiln.matmul %a, %b : (tensor<8x2x3xbf16>, tensor<3x4xbf16>) -> tensor<8x2x4xbf16>
  // CHECK: kiln.matmul %[[MM]], %{{.*}} : (tensor<8x2x4xbf16>, tensor<4xbf16>) -> tensor<8x2xbf16>
  %1 = kiln.matmul %0, %v : (tensor<8x2x4xbf16>, tensor<4xbf16>) -> tensor<8x2xbf16>
  return %1 : tensor<8x2xbf16>
}

// -----

// Unsigned and signless integer element types are distinct ONNX types.
// CHECK-LABEL: func.func @integer_types
func.func @integer_types(%a: tensor<4xui8>, %b: tensor<4xi32>) -> (tensor<4xui8>, tensor<4xi32>) {
  // CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %0 = kiln.add %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  // CHECK: kiln.mul %{{.*}}, %{{.*}} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = kiln.mul %b, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xui8>, tensor<4xi32>
}
