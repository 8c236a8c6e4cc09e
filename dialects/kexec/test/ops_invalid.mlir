// RUN: kiln-opt %s --split-input-file --verify-diagnostics

// Only activations may be channels-last.
func.func @channels_last_filter(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32, #kexec.channels_last>) -> tensor<1x8x4x4xf32> {
  // expected-error @below {{expects a row-major filter}}
  %a = kexec.convolution(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32, #kexec.channels_last>) -> tensor<1x8x4x4xf32>
  return %a : tensor<1x8x4x4xf32>
}

// -----

func.func @channels_last_matmul(%a: tensor<1x8x4x4xf32, #kexec.channels_last>, %b: tensor<4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @below {{expects a row-major operand}}
  %y = kexec.matmul(%a, %b) {operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x8x4x4xf32, #kexec.channels_last>, tensor<4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// A kernel sees a channels-last operand in memory order (N, H, W, C); one
// declared with the logical shape would read the bytes wrongly.
func.func @channels_last_kernel_type(%x: tensor<1x8x2x4xf32, #kexec.channels_last>) -> tensor<1x8x2x4xf32> {
  // expected-error @below {{types differ from those of kernel @kernels::@exp}}
  %y = kexec.dispatch @kernels::@exp(%x) : (tensor<1x8x2x4xf32, #kexec.channels_last>) -> tensor<1x8x2x4xf32>
  return %y : tensor<1x8x2x4xf32>
}

module @kernels attributes {kexec.kernels} {
  func.func @exp(%x: tensor<1x8x2x4xf32>) -> tensor<1x8x2x4xf32> {
    return %x : tensor<1x8x2x4xf32>
  }
}

// -----

// Declared in memory order, the same dispatch verifies.
func.func @channels_last_kernel(%x: tensor<1x8x2x4xf32, #kexec.channels_last>) -> tensor<1x2x4x8xf32> {
  %y = kexec.dispatch @kernels::@copy(%x) : (tensor<1x8x2x4xf32, #kexec.channels_last>) -> tensor<1x2x4x8xf32>
  return %y : tensor<1x2x4x8xf32>
}

module @kernels attributes {kexec.kernels} {
  func.func @copy(%x: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
    return %x : tensor<1x2x4x8xf32>
  }
}
