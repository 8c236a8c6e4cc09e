// RUN: kiln-opt %s --split-input-file --kiln-generate-gradients --verify-diagnostics | FileCheck %s

// A linear layer, ReLU and a mean of squares: main_grad returns the loss,
// then the gradient of every float argument, named after it. The bias's
// gradient is summed over the broadcast batch dim; the matmul's operands
// get dY·Wᵀ and Xᵀ·dY; ReLU passes the gradient where its output is
// positive (sign of the output); the square's two uses are summed.
// CHECK-LABEL: func.func @main_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<4x3xf32> {kiln.name = "x"}, %[[W:.*]]: tensor<3x2xf32> {kiln.name = "w"}, %[[B:.*]]: tensor<2xf32> {kiln.name = "b"})
// CHECK-SAME:    -> (tensor<f32> {kiln.name = "loss"}, tensor<4x3xf32> {kiln.name = "x_grad"}, tensor<3x2xf32> {kiln.name = "w_grad"}, tensor<2xf32> {kiln.name = "b_grad"})
// CHECK:         %[[H:.*]] = kiln.matmul %[[X]], %[[W]]
// CHECK:         %[[R:.*]] = kiln.relu
// CHECK:         %[[LOSS:.*]] = kiln.reduce_mean
// CHECK:         %[[SEED:.*]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         kiln.expand
// CHECK:         %[[MEAN:.*]] = kiln.mul %{{.*}}, %{{.*}} : (tensor<4x2xf32>, tensor<f32>)
// CHECK:         %[[S1:.*]] = kiln.mul %[[MEAN]], %[[R]]
// CHECK:         %[[S2:.*]] = kiln.mul %[[MEAN]], %[[R]]
// CHECK:         %[[SQ:.*]] = kiln.add %[[S2]], %[[S1]]
// CHECK:         %[[POS:.*]] = kiln.sign %[[R]]
// CHECK:         %[[DZ:.*]] = kiln.mul %[[SQ]], %[[POS]]
// CHECK:         %[[DB:.*]] = kiln.reduce_sum %[[DZ]] {axes = array<i64: 0>} : (tensor<4x2xf32>) -> tensor<1x2xf32>
// CHECK:         %[[DBR:.*]] = kiln.reshape %[[DB]]
// CHECK:         %[[XT:.*]] = kiln.transpose %[[X]] {perm = array<i64: 1, 0>}
// CHECK:         %[[DW:.*]] = kiln.matmul %[[XT]], %[[DZ]]
// CHECK:         %[[WT:.*]] = kiln.transpose %[[W]] {perm = array<i64: 1, 0>}
// CHECK:         %[[DX:.*]] = kiln.matmul %[[DZ]], %[[WT]]
// CHECK:         return %[[LOSS]], %[[DX]], %[[DW]], %[[DBR]]
func.func @main(%x: tensor<4x3xf32> {kiln.name = "x"}, %w: tensor<3x2xf32> {kiln.name = "w"}, %b: tensor<2xf32> {kiln.name = "b"}) -> (tensor<f32> {kiln.name = "loss"}) {
  %h = kiln.matmul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %z = kiln.add %h, %b : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %r = kiln.relu %z : (tensor<4x2xf32>) -> tensor<4x2xf32>
  %s = kiln.mul %r, %r : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %l = kiln.reduce_mean %s {keepdims = 0 : i64} : (tensor<4x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// An argument the loss does not depend on gets zeros; an integer argument
// gets no gradient.
// CHECK-LABEL: func.func @main_grad
// CHECK-SAME:    -> (tensor<f32> {kiln.name = "loss"}, tensor<3xf32> {kiln.name = "x_grad"}, tensor<2xf32> {kiln.name = "unused_grad"})
// CHECK:         %[[ZEROS:.*]] = kiln.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK:         return %{{.*}}, %{{.*}}, %[[ZEROS]]
func.func @main(%x: tensor<3xf32> {kiln.name = "x"}, %unused: tensor<2xf32> {kiln.name = "unused"}, %n: tensor<i64> {kiln.name = "n"}) -> (tensor<f32> {kiln.name = "loss"}) {
  %l = kiln.reduce_sum %x {keepdims = 0 : i64} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// An op on the way to the loss without a rule names itself.
func.func @main(%x: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.cos' op has no gradient rule (the loss depends on it)}}
  %c = kiln.cos %x : (tensor<3xf32>) -> tensor<3xf32>
  %l = kiln.reduce_sum %c {keepdims = 0 : i64} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{the loss (result 0) is not a float scalar: 'tensor<3xf32>'}}
func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}

// -----

// A cast passes its gradient back cast to the operand's type; an integer
// operand (a cast from i32) gets none.
// CHECK-LABEL: func.func @main_grad
// CHECK:         %[[SEED:.*]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[D:.*]] = kiln.expand
// CHECK:         %[[BACK:.*]] = kiln.cast %[[D]] {to = f64} : (tensor<3xf32>) -> tensor<3xf64>
// CHECK:         return %{{.*}}, %[[BACK]] : tensor<f32>, tensor<3xf64>
func.func @main(%x: tensor<3xf64>, %n: tensor<3xi32>) -> tensor<f32> {
  %f = kiln.cast %x {to = f32} : (tensor<3xf64>) -> tensor<3xf32>
  %i = kiln.cast %n {to = f32} : (tensor<3xi32>) -> tensor<3xf32>
  %s = kiln.add %f, %i : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %l = kiln.reduce_sum %s {keepdims = 0 : i64} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Dropout in training mode passes the gradient where the forward kept the
// element (its mask), scaled by 1 / (1 - ratio) like the kept values.
// CHECK-LABEL: func.func @main_grad
// CHECK:         %[[OUT:.*]], %[[MASK:.*]] = kiln.dropout
// CHECK:         %[[SCALE:.*]] = kiln.constant dense<4.000000e+00> : tensor<f32>
// CHECK:         %[[KEPT:.*]] = kiln.mul %{{.*}}, %[[SCALE]]
// CHECK:         %[[ZERO:.*]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[GRAD:.*]] = kiln.where %[[MASK]], %[[KEPT]], %[[ZERO]]
// CHECK:         return %{{.*}}, %[[GRAD]]
func.func @main(%x: tensor<8xf32>) -> tensor<f32> {
  %ratio = kiln.constant dense<0.75> : tensor<f32>
  %training = kiln.constant dense<true> : tensor<i1>
  %y, %mask = kiln.dropout %x ratio(%ratio) training_mode(%training) : (tensor<8xf32>, tensor<f32>, tensor<i1>) -> (tensor<8xf32>, tensor<8xi1>)
  %l = kiln.reduce_sum %y {keepdims = 0 : i64} : (tensor<8xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @below {{a symbol 'main_grad' exists already: the gradient function would be renamed}}
module {
  func.func @main(%x: tensor<3xf32>) -> tensor<f32> {
    %l = kiln.reduce_sum %x {keepdims = 0 : i64} : (tensor<3xf32>) -> tensor<f32>
    return %l : tensor<f32>
  }
  func.func @main_grad(%x: tensor<3xf32>) -> tensor<3xf32> {
    return %x : tensor<3xf32>
  }
}
