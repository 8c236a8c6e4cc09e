// RUN: kiln-opt --kiln-lower-to-linalg --allow-unregistered-dialect --split-input-file %s | FileCheck %s

// Unsigned element types become signless, function signatures included, and
// signedness picks the unsigned compare.
// CHECK-LABEL: func.func @signature
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8>, %[[B:.*]]: tensor<4xi8>) -> tensor<4xi1>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4xi8>, tensor<4xi8>)
// CHECK: arith.cmpi ugt
// CHECK-NOT: kiln.
func.func @signature(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xi1> {
  %0 = kiln.greater %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Ops of other dialects (library calls outlined before lowering) stay as
// they are; values of unsigned types reach them through tensor.bitcast.
// CHECK-LABEL: func.func @other_dialects
// CHECK: %[[RELU:.*]] = linalg.generic
// CHECK: %[[CALL:.*]] = "test.call"(%[[RELU]]) {callee = "relu"} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[CALL]] : tensor<4xf32>)
// CHECK: arith.negf
func.func @other_dialects(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.relu %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "test.call"(%0) {callee = "relu"} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = kiln.neg %1 : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// CHECK-LABEL: func.func @other_dialects_unsigned
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8>)
// CHECK: %[[IN:.*]] = tensor.bitcast %[[A]] : tensor<4xi8> to tensor<4xui8>
// CHECK: %[[CALL:.*]] = "test.call"(%[[IN]]) {callee = "f"} : (tensor<4xui8>) -> tensor<4xui8>
// CHECK: %[[OUT:.*]] = tensor.bitcast %[[CALL]] : tensor<4xui8> to tensor<4xi8>
// CHECK: linalg.generic {{.*}} ins(%[[OUT]], %[[OUT]] : tensor<4xi8>, tensor<4xi8>)
func.func @other_dialects_unsigned(%a: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "test.call"(%a) {callee = "f"} : (tensor<4xui8>) -> tensor<4xui8>
  %1 = kiln.add %0, %0 : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %1 : tensor<4xui8>
}

// -----

// Upstream ops that carry unsigned types (shape inference's casts) are
// retyped.
// CHECK-LABEL: func.func @upstream_cast
// CHECK: tensor.cast %{{.*}} : tensor<4xi16> to tensor<?xi16>
func.func @upstream_cast(%a: tensor<4xui16>) -> tensor<?xui16> {
  %0 = tensor.cast %a : tensor<4xui16> to tensor<?xui16>
  return %0 : tensor<?xui16>
}

// -----

// Constants keep their data: resources are retyped, never copied.
// CHECK-LABEL: func.func @constants
// CHECK-DAG: arith.constant dense_resource<weights> : tensor<2xi8>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<[-1, 1]> : tensor<2xi8>
func.func @constants() -> (tensor<2xui8>, tensor<2xf32>, tensor<2xui8>) {
  %0 = kiln.constant dense_resource<weights> : tensor<2xui8>
  %1 = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %2 = kiln.constant dense<[255, 1]> : tensor<2xui8>
  return %0, %1, %2 : tensor<2xui8>, tensor<2xf32>, tensor<2xui8>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000102"
    }
  }
#-}

// -----

// Calls between functions follow the converted signatures.
// CHECK-LABEL: func.func @callee
// CHECK-SAME: (%{{.*}}: tensor<2xi32>) -> tensor<2xi32>
// CHECK-LABEL: func.func @caller
// CHECK: call @callee(%{{.*}}) : (tensor<2xi32>) -> tensor<2xi32>
func.func @callee(%a: tensor<2xui32>) -> tensor<2xui32> {
  return %a : tensor<2xui32>
}
func.func @caller(%a: tensor<2xui32>) -> tensor<2xui32> {
  %0 = call @callee(%a) : (tensor<2xui32>) -> tensor<2xui32>
  return %0 : tensor<2xui32>
}

// -----

// Identity and inference-time Dropout forward their input.
// CHECK-LABEL: func.func @noops
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: linalg.
// CHECK: return %[[X]]
func.func @noops(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.identity %x : (tensor<4xf32>) -> tensor<4xf32>
  %1, %mask = kiln.dropout %0 : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>)
  return %1 : tensor<4xf32>
}
