// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-remove-noops))' | FileCheck %s

// CHECK-LABEL: func.func @identity_and_dropout
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @identity_and_dropout(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK-NOT: kiln.identity
  // CHECK-NOT: kiln.dropout
  %y = kiln.identity %x : (tensor<4xf32>) -> tensor<4xf32>
  %z, %mask = kiln.dropout %y : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>)
  // CHECK: return %[[X]]
  return %z : tensor<4xf32>
}

// -----

// A constant false training_mode is inference too; a used mask keeps the op.
// CHECK-LABEL: func.func @dropout_mask_used
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @dropout_mask_used(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) {
  %r = kiln.constant dense<5.000000e-01> : tensor<f32>
  %t = kiln.constant dense<false> : tensor<i1>
  // CHECK: %{{.*}}, %[[MASK:.*]] = kiln.dropout
  %z, %mask = kiln.dropout %x ratio(%r) training_mode(%t) : (tensor<4xf32>, tensor<f32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  // CHECK: return %[[X]], %[[MASK]]
  return %z, %mask : tensor<4xf32>, tensor<4xi1>
}

// -----

// Dropout in training mode stays.
// CHECK-LABEL: func.func @dropout_training
func.func @dropout_training(%x: tensor<4xf32>, %t: tensor<i1>) -> tensor<4xf32> {
  // CHECK: %[[Z:.*]], %{{.*}} = kiln.dropout
  %z, %mask = kiln.dropout %x training_mode(%t) : (tensor<4xf32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  // CHECK: return %[[Z]]
  return %z : tensor<4xf32>
}
