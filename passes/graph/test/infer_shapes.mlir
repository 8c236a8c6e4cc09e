// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s

// Types flow forward through a chain and into the function's signature.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: -> tensor<?x2xf32>
func.func @chain(%x: tensor<?x4xf32>) -> tensor<*xf32> {
  %w1 = kiln.constant dense<1.0> : tensor<4x8xf32>
  %b1 = kiln.constant dense<0.5> : tensor<8xf32>
  %w2 = kiln.constant dense<2.0> : tensor<8x2xf32>
  // CHECK: kiln.matmul {{.*}} -> tensor<?x8xf32>
  %h = kiln.matmul %x, %w1 : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<*xf32>
  // CHECK: kiln.add {{.*}} : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %hb = kiln.add %h, %b1 : (tensor<*xf32>, tensor<8xf32>) -> tensor<*xf32>
  // CHECK: kiln.relu {{.*}} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %a = kiln.relu %hb : (tensor<*xf32>) -> tensor<*xf32>
  // CHECK: %[[Y:.*]] = kiln.matmul {{.*}} : (tensor<?x8xf32>, tensor<8x2xf32>) -> tensor<?x2xf32>
  %y = kiln.matmul %a, %w2 : (tensor<*xf32>, tensor<8x2xf32>) -> tensor<*xf32>
  // CHECK: return %[[Y]] : tensor<?x2xf32>
  return %y : tensor<*xf32>
}

// -----

// A declared static dim is kept where inference only knows it is dynamic.
// CHECK-LABEL: func.func @keeps_declared_knowledge
func.func @keeps_declared_knowledge(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<5x?xf32> {
  // CHECK: kiln.add {{.*}} -> tensor<5x3xf32>
  %0 = kiln.add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<5x?xf32>
  return %0 : tensor<5x?xf32>
}

// -----

// A user that cannot take a refined type gets a cast back to the old one.
// CHECK-LABEL: func.func @casts_for_foreign_users
func.func @casts_for_foreign_users(%a: tensor<2x3xf32>) -> tensor<?x?xf32> {
  // CHECK: %[[R:.*]] = kiln.relu %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = kiln.relu %a : (tensor<2x3xf32>) -> tensor<?x?xf32>
  // CHECK: %[[CAST:.*]] = tensor.cast %[[R]] : tensor<2x3xf32> to tensor<?x?xf32>
  // CHECK: %[[DIM:.*]] = tensor.dim %[[CAST]]
  %c0 = arith.constant 0 : index
  %d = tensor.dim %0, %c0 : tensor<?x?xf32>
  %e = tensor.empty(%d, %d) : tensor<?x?xf32>
  // CHECK: return %[[R]] : tensor<2x3xf32>
  return %0 : tensor<?x?xf32>
}
