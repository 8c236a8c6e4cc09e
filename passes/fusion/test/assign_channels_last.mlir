// RUN: kiln-opt %s --split-input-file --kiln-assign-channels-last --mlir-print-local-scope | FileCheck %s

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

// -----

// A squeeze-and-excitation block: the pooling kernel reads the convolution's
// result through a view with unit dims, the scaling kernel reads it and
// writes the next convolution's input. All of it stays channels-last; the
// kernels index those tensors in memory order (N, H, W, C) and loop over
// the channels innermost. The pooled scale has no spatial dims to reorder.
// CHECK-LABEL: func.func @squeeze_excite
func.func @squeeze_excite(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: %[[A:.*]] = kexec.convolution{{.*}} -> tensor<1x8x4x4xf32, #kexec.channels_last>
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[V:.*]] = tensor.expand_shape %[[A]] {{.*}} into tensor<1x8x1x1x4x4xf32, #kexec.channels_last>
  %v = tensor.expand_shape %a [[0], [1, 2, 3], [4], [5]] output_shape [1, 8, 1, 1, 4, 4] : tensor<1x8x4x4xf32> into tensor<1x8x1x1x4x4xf32>
  // CHECK: %[[S:.*]] = kexec.dispatch @kernels::@pool(%[[V]]) : (tensor<1x8x1x1x4x4xf32, #kexec.channels_last>) -> tensor<1x8x1x1xf32>
  %s = kexec.dispatch @kernels::@pool(%v) : (tensor<1x8x1x1x4x4xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: %[[M:.*]] = kexec.dispatch @kernels::@scale(%[[S]], %[[A]]) : (tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32, #kexec.channels_last>) -> tensor<1x8x4x4xf32, #kexec.channels_last>
  %m = kexec.dispatch @kernels::@scale(%s, %a) : (tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: kexec.convolution(%[[M]], %{{.*}}) {{.*}} : (tensor<1x8x4x4xf32, #kexec.channels_last>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %b = kexec.convolution(%m, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %b : tensor<1x8x4x4xf32>
}

module @kernels attributes {kexec.kernels} {
  // CHECK-LABEL: func.func @pool
  // CHECK-SAME:    (%[[IN:.*]]: tensor<1x1x1x4x4x8xf32>) -> tensor<1x8x1x1xf32>
  // CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d5, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[IN]] : tensor<1x1x1x4x4x8xf32>)
  func.func @pool(%arg0: tensor<1x8x1x1x4x4xf32>) -> tensor<1x8x1x1xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x8x1x1xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<1x8x1x1x4x4xf32>) outs(%f : tensor<1x8x1x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %0 = arith.addf %in, %acc : f32
      linalg.yield %0 : f32
    } -> tensor<1x8x1x1xf32>
    return %r : tensor<1x8x1x1xf32>
  }
  // CHECK-LABEL: func.func @scale
  // CHECK-SAME:    (%[[SC:.*]]: tensor<1x8x1x1xf32>, %[[X:.*]]: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK:         %[[E:.*]] = tensor.empty() : tensor<1x4x4x8xf32>
  // CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3, 0, 0)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SC]], %[[X]] : {{.*}}) outs(%[[E]] : tensor<1x4x4x8xf32>)
  func.func @scale(%arg0: tensor<1x8x1x1xf32>, %arg1: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
    %e = tensor.empty() : tensor<1x8x4x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %arg1 : tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) outs(%e : tensor<1x8x4x4xf32>) {
    ^bb0(%s: f32, %in: f32, %out: f32):
      %0 = arith.mulf %s, %in : f32
      linalg.yield %0 : f32
    } -> tensor<1x8x4x4xf32>
    return %r : tensor<1x8x4x4xf32>
  }
}

// -----

// Kernels that cannot take the layout keep the values they touch row-major,
// and so the convolutions writing them: an argument sliced rather than read
// by a linalg.generic, and a kernel called from two dispatches (rewriting it
// would change both).
// CHECK-LABEL: func.func @row_major_kernels
// CHECK-NOT: channels_last
func.func @row_major_kernels(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> (tensor<1x8x2x2xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %s = kexec.dispatch @kernels::@corner(%a) : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  %b = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %e1 = kexec.dispatch @kernels::@exp(%b) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %e2 = kexec.dispatch @kernels::@exp(%x) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %s, %e1, %e2 : tensor<1x8x2x2xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

module @kernels attributes {kexec.kernels} {
  // CHECK: func.func @corner(%{{.*}}: tensor<1x8x4x4xf32>)
  func.func @corner(%arg0: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
    %s = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 8, 2, 2] [1, 1, 1, 1] : tensor<1x8x4x4xf32> to tensor<1x8x2x2xf32>
    %e = tensor.empty() : tensor<1x8x2x2xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x8x2x2xf32>) outs(%e : tensor<1x8x2x2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = math.exp %in : f32
      linalg.yield %0 : f32
    } -> tensor<1x8x2x2xf32>
    return %r : tensor<1x8x2x2xf32>
  }
  // CHECK: func.func @exp(%{{.*}}: tensor<1x8x4x4xf32>)
  func.func @exp(%arg0: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
    %e = tensor.empty() : tensor<1x8x4x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x8x4x4xf32>) outs(%e : tensor<1x8x4x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = math.exp %in : f32
      linalg.yield %0 : f32
    } -> tensor<1x8x4x4xf32>
    return %r : tensor<1x8x4x4xf32>
  }
}

// -----

// Kernels passing a tensor to each other, with no library call around, keep
// it row-major: the layout would spare no reorder.
// CHECK-LABEL: func.func @kernel_chain
// CHECK-NOT: channels_last
func.func @kernel_chain(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %a = kexec.dispatch @kernels::@exp(%x) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %b = kexec.dispatch @kernels::@exp2(%a) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %b : tensor<1x8x4x4xf32>
}

module @kernels attributes {kexec.kernels} {
  func.func @exp(%arg0: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
    %e = tensor.empty() : tensor<1x8x4x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x8x4x4xf32>) outs(%e : tensor<1x8x4x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = math.exp %in : f32
      linalg.yield %0 : f32
    } -> tensor<1x8x4x4xf32>
    return %r : tensor<1x8x4x4xf32>
  }
  func.func @exp2(%arg0: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
    %e = tensor.empty() : tensor<1x8x4x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x8x4x4xf32>) outs(%e : tensor<1x8x4x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = math.exp2 %in : f32
      linalg.yield %0 : f32
    } -> tensor<1x8x4x4xf32>
    return %r : tensor<1x8x4x4xf32>
  }
}

// -----

// A reduction over the channels of a convolution's result: the input leads
// (it indexes every loop; the result does not), so the channel loop becomes
// the innermost and the kernel reads the bytes in order.
// CHECK-LABEL: func.func @channel_sum
func.func @channel_sum(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x1x4x4xf32> {
  // CHECK: kexec.convolution{{.*}} -> tensor<1x8x4x4xf32, #kexec.channels_last>
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %s = kexec.dispatch @kernels::@sum(%a) : (tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %s : tensor<1x1x4x4xf32>
}

module @kernels attributes {kexec.kernels} {
  // CHECK-LABEL: func.func @sum
  // CHECK-SAME:    (%[[IN:.*]]: tensor<1x4x4x8xf32>) -> tensor<1x1x4x4xf32>
  // CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[IN]] : tensor<1x4x4x8xf32>)
  func.func @sum(%arg0: tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x1x4x4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>], iterator_types = ["parallel", "reduction", "parallel", "parallel"]} ins(%arg0 : tensor<1x8x4x4xf32>) outs(%f : tensor<1x1x4x4xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %0 = arith.addf %in, %acc : f32
      linalg.yield %0 : f32
    } -> tensor<1x1x4x4xf32>
    return %r : tensor<1x1x4x4xf32>
  }
}
