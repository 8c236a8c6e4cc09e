// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-assign-channels-last))' | FileCheck %s

// A chain of convolutions and a pooling: every activation between two calls
// is channels-last; the function's input and result stay row-major.
// CHECK-LABEL: func.func @chain
func.func @chain(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: %[[A:.*]] = kexec.convolution(%{{.*}}, %{{.*}}) {{.*}} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32, #kexec.channels_last>
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: %[[P:.*]] = kexec.pooling(%[[A]]) {{.*}} : (tensor<1x8x8x8xf32, #kexec.channels_last>) -> tensor<1x8x4x4xf32, #kexec.channels_last>
  %p = kexec.pooling(%a) {kind = "max", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: kexec.convolution(%[[P]], %{{.*}}) {{.*}} -> tensor<1x8x4x4xf32>
  %b = kexec.convolution(%p, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %b : tensor<1x8x4x4xf32>
}

// -----

// A residual: the block's input is a convolution's input and the addend of
// another's result; both reads take channels-last.
// CHECK-LABEL: func.func @residual
func.func @residual(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32> {
  // CHECK: %[[A:.*]] = kexec.convolution{{.*}} -> tensor<1x8x8x8xf32, #kexec.channels_last>
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: %[[B:.*]] = kexec.convolution(%[[A]], %{{.*}}) {{.*}} -> tensor<1x8x8x8xf32, #kexec.channels_last>
  %b = kexec.convolution(%a, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, post_ops = [#kexec.post_op<relu>], operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: kexec.convolution(%[[B]], %{{.*}}, %[[A]]) {{.*}} : (tensor<1x8x8x8xf32, #kexec.channels_last>, tensor<8x8x1x1xf32>, tensor<1x8x8x8xf32, #kexec.channels_last>) -> tensor<1x8x8x8xf32>
  %c = kexec.convolution(%b, %w, %a) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, post_ops = [#kexec.post_op<add, operand = 0>, #kexec.post_op<relu>], operandSegmentSizes = array<i32: 1, 1, 0, 1>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %c : tensor<1x8x8x8xf32>
}

// -----

// Uses that need row-major bytes keep a value row-major: a matrix product,
// a broadcast `mul` post operand, a function result. Pooling of a row-major
// input stays row-major.
// CHECK-LABEL: func.func @row_major_uses
func.func @row_major_uses(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %m: tensor<4x4xf32>, %s: tensor<1x8x1x1xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  // CHECK-NOT: channels_last
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %b = kexec.matmul(%a, %m) {operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<4x4xf32>) -> tensor<1x8x4x4xf32>
  %c = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %d = kexec.convolution(%s, %w, %c) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, post_ops = [#kexec.post_op<mul, operand = 0>], operandSegmentSizes = array<i32: 1, 1, 0, 1>} : (tensor<1x8x1x1xf32>, tensor<8x8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %p = kexec.pooling(%x) {kind = "max", kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %e = kexec.convolution(%p, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %b, %c, %e, %e : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}
