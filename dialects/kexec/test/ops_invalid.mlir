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
