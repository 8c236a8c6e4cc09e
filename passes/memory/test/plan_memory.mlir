// RUN: kiln-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(func.func(kiln-plan-memory))' | FileCheck %s

module {
  module @kernels attributes {kexec.kernels} {
    func.func @k(%a: tensor<16xf32>) -> tensor<16xf32> {
      return %a : tensor<16xf32>
    }
  }

  // %0 is dead once %1 exists, so %2 reuses its bytes; the last result is
  // written straight into the output buffer, through the reshape.
  // CHECK-LABEL: func.func @chain
  // CHECK-SAME: kexec.arena_buffers = [array<i64: 64, 0, 0, 1>, array<i64: 64, 64, 1, 2>, array<i64: 64, 0, 2, 3>]
  // CHECK-SAME: kexec.arena_size = 128
  func.func @chain(%x: tensor<16xf32>) -> tensor<4x4xf32> {
    // CHECK: kexec.dispatch @kernels::@k{{.*}}kexec.places = [#kexec.place<arena>]
    // CHECK: kexec.dispatch @kernels::@k{{.*}}kexec.places = [#kexec.place<arena, index = 1, offset = 64>]
    // CHECK: kexec.dispatch @kernels::@k{{.*}}kexec.places = [#kexec.place<arena, index = 2>]
    // CHECK: kexec.dispatch @kernels::@k{{.*}}kexec.places = [#kexec.place<output>]
    %0 = kexec.dispatch @kernels::@k(%x) : (tensor<16xf32>) -> tensor<16xf32>
    %1 = kexec.dispatch @kernels::@k(%0) : (tensor<16xf32>) -> tensor<16xf32>
    %2 = kexec.dispatch @kernels::@k(%1) : (tensor<16xf32>) -> tensor<16xf32>
    %3 = kexec.dispatch @kernels::@k(%2) : (tensor<16xf32>) -> tensor<16xf32>
    %r = tensor.expand_shape %3 [[0, 1]] output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
    return %r : tensor<4x4xf32>
  }
}

// -----

module {
  module @kernels attributes {kexec.kernels} {
    func.func @k(%a: tensor<16xf32>) -> tensor<16xf32> {
      return %a : tensor<16xf32>
    }
  }

  // An input, a weight and a value returned twice are copied to outputs.
  // CHECK-LABEL: func.func @copies
  // CHECK-SAME: (%[[X:.*]]: tensor<16xf32>)
  func.func @copies(%x: tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) {
    // CHECK: %[[W:.*]] = arith.constant {{.*}}kexec.places = [#kexec.place<weight>]
    %w = arith.constant dense<1.0> : tensor<16xf32>
    // CHECK: %[[A:.*]] = kexec.dispatch {{.*}}kexec.places = [#kexec.place<output, index = 2>]
    %a = kexec.dispatch @kernels::@k(%x) : (tensor<16xf32>) -> tensor<16xf32>
    // CHECK: %[[C0:.*]] = kexec.copy %[[X]] {kexec.places = [#kexec.place<output>]}
    // CHECK: %[[C1:.*]] = kexec.copy %[[W]] {kexec.places = [#kexec.place<output, index = 1>]}
    // CHECK: %[[C3:.*]] = kexec.copy %[[A]] {kexec.places = [#kexec.place<output, index = 3>]}
    // CHECK: return %[[C0]], %[[C1]], %[[A]], %[[C3]]
    return %x, %w, %a, %a : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>
  }
}

// -----

func.func @not_a_command(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.relu' cannot run on the host}}
  %0 = "kiln.relu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Dynamic sizes (Sizes referring to the dims table: -2 is entry 1, the
// bytes of a [n, 16] f32 buffer) leave placement to the runtime.
module {
  module @kernels attributes {kexec.kernels} {
    func.func @k(%a: tensor<?x16xf32>) -> tensor<?x16xf32> {
      return %a : tensor<?x16xf32>
    }
  }
  // CHECK-LABEL: func.func @dynamic
  // CHECK-SAME: kexec.arena_buffers = [array<i64: -3, -1, 0, 1>]
  // CHECK-SAME: kexec.arena_size = -1
  // CHECK-SAME: kexec.dims_table = array<i64: 1, 0, 0, 0, 64, 0, 4, 0, 1>
  func.func @dynamic(%x: tensor<?x16xf32>) -> tensor<?x16xf32> attributes {kexec.dims_table = array<i64: 1, 0, 0>} {
    // CHECK: kexec.dispatch {{.*}}kexec.places = [#kexec.place<arena, offset = -1>]
    %0 = kexec.dispatch @kernels::@k(%x) {kexec.shapes = [array<i64: -1, 16>]} : (tensor<?x16xf32>) -> tensor<?x16xf32>
    %1 = kexec.dispatch @kernels::@k(%0) {kexec.shapes = [array<i64: -1, 16>]} : (tensor<?x16xf32>) -> tensor<?x16xf32>
    return %1 : tensor<?x16xf32>
  }
}

// -----

// A function returning a sequence (ONNX Identity on a sequence input).
func.func @sequence(%s: !kiln.sequence<tensor<4xf32>>) -> !kiln.sequence<tensor<4xf32>> {
  // expected-error @+1 {{output 0 has type '!kiln.sequence<tensor<4xf32>>', which the runtime cannot return (tensors only)}}
  return %s : !kiln.sequence<tensor<4xf32>>
}

// -----

// A residual addend whose last reader is the call that adds it holds that
// call's result: %c accumulates into %a's buffer (one buffer, no copy). An
// addend that is also the call's input (%d), or whose call writes an output
// (%e), keeps its own.
// CHECK-LABEL: func.func @in_place_residual
// CHECK-SAME: kexec.arena_buffers = [array<i64: 1024, 0, 0, 3>, array<i64: 1024, 1024, 1, 4>, array<i64: 1024, 2048, 3, 4>]
func.func @in_place_residual(%x: tensor<1x16x4x4xf32>, %w: tensor<16x16x1x1xf32>) -> tensor<1x16x4x4xf32> {
  // CHECK: kexec.convolution{{.*}}kexec.places = [#kexec.place<arena>]
  // CHECK: kexec.convolution{{.*}}kexec.places = [#kexec.place<arena, index = 1, offset = 1024>]
  // CHECK: kexec.convolution{{.*}}kexec.places = [#kexec.place<arena>]
  // CHECK: kexec.convolution{{.*}}kexec.places = [#kexec.place<arena, index = 2, offset = 2048>]
  // CHECK: kexec.convolution{{.*}}kexec.places = [#kexec.place<output>]
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x4x4xf32>
  %b = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x4x4xf32>
  %c = kexec.convolution(%x, %w, %a) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, post_ops = [#kexec.post_op<add, operand = 0>, #kexec.post_op<relu>], operandSegmentSizes = array<i32: 1, 1, 0, 1>} : (tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %d = kexec.convolution(%c, %w, %c) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, post_ops = [#kexec.post_op<add, operand = 0>], operandSegmentSizes = array<i32: 1, 1, 0, 1>} : (tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %e = kexec.convolution(%d, %w, %b) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, post_ops = [#kexec.post_op<add, operand = 0>], operandSegmentSizes = array<i32: 1, 1, 0, 1>} : (tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %e : tensor<1x16x4x4xf32>
}
