// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-outline-library-calls))' | FileCheck %s

// Conv + Relu: one call with a ReLU post op; SAME_UPPER becomes explicit pads.
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
func.func @conv_relu(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[Y:.*]] = kexec.convolution(%[[X]], %[[W]], %[[B]])
  // CHECK-SAME: dilations = array<i64: 1, 1>
  // CHECK-SAME: pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>
  // CHECK-SAME: post_ops = [#kexec.post_op<relu>]
  // CHECK-SAME: strides = array<i64: 1, 1>
  %0 = kiln.conv %x, %w, %b {auto_pad = "SAME_UPPER"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %1 = kiln.relu %0 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  // CHECK-NOT: kiln.
  // CHECK: return %[[Y]]
  return %1 : tensor<1x4x8x8xf32>
}

// -----

// A residual add, then ReLU: both become post ops, in order.
// CHECK-LABEL: func.func @conv_add_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<4x4x1x1xf32>)
func.func @conv_add_relu(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: kexec.convolution(%[[X]], %[[W]], %[[X]])
  // CHECK-SAME: post_ops = [#kexec.post_op<add, operand = 0>, #kexec.post_op<relu>]
  %0 = kiln.conv %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = kiln.add %x, %0 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %2 = kiln.relu %1 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %2 : tensor<1x4x8x8xf32>
}

// -----

// A conv result used twice cannot take a post op.
// CHECK-LABEL: func.func @conv_two_uses
func.func @conv_two_uses(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  // CHECK: kexec.convolution
  // CHECK-NOT: post_ops = [
  // CHECK: kiln.relu
  %0 = kiln.conv %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = kiln.relu %0 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// Gemm keeps its transposes and scales; Clip with constant bounds fuses.
// CHECK-LABEL: func.func @gemm_clip
func.func @gemm_clip(%a: tensor<2x8xf32>, %b: tensor<16x8xf32>, %c: tensor<16xf32>) -> tensor<2x16xf32> {
  // CHECK: kexec.matmul
  // CHECK-SAME: alpha = 5.000000e-01 : f32
  // CHECK-SAME: post_ops = [#kexec.post_op<clip, beta = 6.000000e+00>]
  // CHECK-SAME: transpose_b
  %0 = kiln.gemm %a, %b, %c {alpha = 0.5 : f32, transB = 1 : i64} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  %lo = kiln.constant dense<0.0> : tensor<f32>
  %hi = kiln.constant dense<6.0> : tensor<f32>
  %1 = kiln.clip %0 min %lo max %hi : (tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> tensor<2x16xf32>
  return %1 : tensor<2x16xf32>
}

// -----

// Batched MatMul becomes a call; a matrix-vector product and integer
// matmuls stay for code generation.
// CHECK-LABEL: func.func @matmuls
func.func @matmuls(%a: tensor<2x4x8xf32>, %b: tensor<8x3xf32>, %v: tensor<8xf32>, %i: tensor<4x8xi32>, %j: tensor<8x3xi32>) -> (tensor<2x4x3xf32>, tensor<2x4xf32>, tensor<4x3xi32>) {
  // CHECK: kexec.matmul
  // CHECK: kiln.matmul
  // CHECK: kiln.matmul
  %0 = kiln.matmul %a, %b : (tensor<2x4x8xf32>, tensor<8x3xf32>) -> tensor<2x4x3xf32>
  %1 = kiln.matmul %a, %v : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4xf32>
  %2 = kiln.matmul %i, %j : (tensor<4x8xi32>, tensor<8x3xi32>) -> tensor<4x3xi32>
  return %0, %1, %2 : tensor<2x4x3xf32>, tensor<2x4xf32>, tensor<4x3xi32>
}

// -----

// MaxPool with ceil_mode: the extra window becomes end padding.
// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x2x5x5xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>) {
  // CHECK: kexec.pooling
  // CHECK-SAME: kind = "max"
  // CHECK-SAME: pads_begin = array<i64: 0, 0>, pads_end = array<i64: 1, 1>
  %0, %idx = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = 1 : i64} : (tensor<1x2x5x5xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>)
  // CHECK: kexec.pooling
  // CHECK-SAME: kind = "avg_exclude_pad"
  %1 = kiln.average_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>
}

// -----

// MatMul + Add of a per-column vector (a Linear layer) is the product's bias;
// a GELU after it a post op. A bias added after a post op, or a per-row
// one, stays an Add.
// CHECK-LABEL: func.func @linear_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x6xf32>, %[[W:.*]]: tensor<6x5xf32>, %[[B:.*]]: tensor<5xf32>, %[[R:.*]]: tensor<4x1xf32>)
func.func @linear_bias(%x: tensor<2x4x6xf32>, %w: tensor<6x5xf32>, %b: tensor<5xf32>, %r: tensor<4x1xf32>) -> (tensor<2x4x5xf32>, tensor<2x4x5xf32>, tensor<2x4x5xf32>) {
  // CHECK: %[[Y:.*]] = kexec.matmul(%[[X]], %[[W]], %[[B]])
  // CHECK-SAME: post_ops = [#kexec.post_op<gelu_erf>]
  %0 = kiln.matmul %x, %w : (tensor<2x4x6xf32>, tensor<6x5xf32>) -> tensor<2x4x5xf32>
  %1 = kiln.add %b, %0 : (tensor<5xf32>, tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %2 = kiln.gelu %1 : (tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  // CHECK: %[[P:.*]] = kexec.matmul(%[[X]], %[[W]])
  // CHECK-SAME: post_ops = [#kexec.post_op<relu>]
  // CHECK: kiln.add %[[P]], %[[B]]
  %3 = kiln.matmul %x, %w : (tensor<2x4x6xf32>, tensor<6x5xf32>) -> tensor<2x4x5xf32>
  %4 = kiln.relu %3 : (tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %5 = kiln.add %4, %b : (tensor<2x4x5xf32>, tensor<5xf32>) -> tensor<2x4x5xf32>
  // CHECK: %[[Q:.*]] = kexec.matmul(%[[X]], %[[W]]) {operandSegmentSizes
  // CHECK: kiln.add %[[Q]], %[[R]]
  %6 = kiln.matmul %x, %w : (tensor<2x4x6xf32>, tensor<6x5xf32>) -> tensor<2x4x5xf32>
  %7 = kiln.add %6, %r : (tensor<2x4x5xf32>, tensor<4x1xf32>) -> tensor<2x4x5xf32>
  return %2, %5, %7 : tensor<2x4x5xf32>, tensor<2x4x5xf32>, tensor<2x4x5xf32>
}

// -----

// SiLU as y * sigmoid(y) on a convolution's result is a swish post op; when
// y has another use it stays.
// CHECK-LABEL: func.func @conv_silu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<4x4x1x1xf32>)
func.func @conv_silu(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  // CHECK: %[[Y:.*]] = kexec.convolution(%[[X]], %[[W]])
  // CHECK-SAME: post_ops = [#kexec.post_op<swish, alpha = 1.000000e+00>]
  %0 = kiln.conv %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = kiln.sigmoid %0 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %2 = kiln.mul %1, %0 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: %[[Z:.*]] = kexec.convolution(%[[X]], %[[W]]) {
  // CHECK-NOT: swish
  // CHECK: kiln.mul
  %3 = kiln.conv %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %4 = kiln.sigmoid %3 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %5 = kiln.mul %3, %4 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %2, %5, %3 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}
