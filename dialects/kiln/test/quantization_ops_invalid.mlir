// RUN: kiln-opt %s --split-input-file --verify-diagnostics

func.func @quantize_output_dtype_differs_from_zero_point(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi8> {
  // expected-error @+2 {{output_dtype 'ui8' differs from the zero point type 'i8'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s, %z {output_dtype = ui8} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @quantize_result_not_zero_point_type(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xui8> {
  // expected-error @+2 {{inferred type(s) 'tensor<4xi8>' are incompatible with return type(s) of operation 'tensor<4xui8>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @quantize_to_unsupported_output_dtype(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xi32> {
  // expected-error @+1 {{attribute 'output_dtype' failed to satisfy constraint}}
  %0 = kiln.quantize_linear %x, %s {output_dtype = i32} : (tensor<4xf32>, tensor<f32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @quantize_to_i64(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i64>) -> tensor<4xi64> {
  // expected-error @+1 {{operand #2 must be tensor of 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 16-bit unsigned integer or 4-bit signless integer}}
  %0 = kiln.quantize_linear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

func.func @quantize_scale_zero_point_shapes_differ(%x: tensor<4x8xf32>, %s: tensor<4xf32>, %z: tensor<ui8>) -> tensor<4x8xui8> {
  // expected-error @+2 {{scale 'tensor<4xf32>' and zero point 'tensor<ui8>' must have the same shape}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<4x8xf32>, tensor<4xf32>, tensor<ui8>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_per_axis_size_mismatch(%x: tensor<4x8xf32>, %s: tensor<4xf32>) -> tensor<4x8xui8> {
  // expected-error @+2 {{per-axis scale 'tensor<4xf32>' must have the size 8 of axis 1 of 'tensor<4x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s : (tensor<4x8xf32>, tensor<4xf32>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_per_axis_out_of_range(%x: tensor<4x8xf32>, %s: tensor<4xf32>) -> tensor<4x8xui8> {
  // expected-error @+2 {{quantization axis 2 is out of range for 'tensor<4x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s {axis = 2 : i64} : (tensor<4x8xf32>, tensor<4xf32>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_2d_scale_without_block_size(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>) -> tensor<4x8xui8> {
  // expected-error @+2 {{scale must be a scalar or a 1-D tensor unless block_size is set, got 'tensor<4x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s : (tensor<4x8xf32>, tensor<4x2xf32>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_blocked_wrong_block_count(%x: tensor<4x8xf32>, %s: tensor<4x3xf32>) -> tensor<4x8xui8> {
  // expected-error @+2 {{blocked quantization of 'tensor<4x8xf32>' with block_size 4 along axis 1 needs a scale of size 2 in dim 1, got 'tensor<4x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s {block_size = 4 : i64} : (tensor<4x8xf32>, tensor<4x3xf32>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_blocked_wrong_rank(%x: tensor<4x8xf32>, %s: tensor<2xf32>) -> tensor<4x8xui8> {
  // expected-error @+2 {{blocked quantization needs a scale of the rank of 'tensor<4x8xf32>', got 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s {block_size = 4 : i64} : (tensor<4x8xf32>, tensor<2xf32>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_negative_block_size(%x: tensor<4x8xf32>, %s: tensor<f32>) -> tensor<4x8xui8> {
  // expected-error @+2 {{block_size must not be negative, got -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.quantize_linear %x, %s {block_size = -2 : i64} : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}

// -----

func.func @quantize_saturate_not_flag(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xui8> {
  // expected-error @+1 {{'kiln.quantize_linear' op attribute 'saturate' must be 0 or 1, got 5}}
  %0 = kiln.quantize_linear %x, %s {saturate = 5 : i64} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @dequantize_zero_point_type_differs(%x: tensor<4xi8>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.dequantize_linear' op zero point 'tensor<ui8>' must have the element type of input 'tensor<4xi8>'}}
  %0 = kiln.dequantize_linear %x, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dequantize_result_not_scale_type(%x: tensor<4xi8>, %s: tensor<f32>) -> tensor<4xf16> {
  // expected-error @+2 {{inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4xf16>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dequantize_linear %x, %s : (tensor<4xi8>, tensor<f32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @dequantize_float_input(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.dequantize_linear %x, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dynamic_quantize_f16(%x: tensor<4xf16>) -> (tensor<4xui8>, tensor<f32>, tensor<ui8>) {
  // expected-error @+1 {{operand #0 must be tensor of 32-bit float values}}
  %y, %s, %z = kiln.dynamic_quantize_linear %x : (tensor<4xf16>) -> (tensor<4xui8>, tensor<f32>, tensor<ui8>)
  return %y, %s, %z : tensor<4xui8>, tensor<f32>, tensor<ui8>
}

// -----

func.func @dynamic_quantize_scale_not_scalar(%x: tensor<4xf32>) -> (tensor<4xui8>, tensor<1xf32>, tensor<ui8>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4xui8>', 'tensor<f32>', 'tensor<ui8>' are incompatible with return type(s) of operation 'tensor<4xui8>', 'tensor<1xf32>', 'tensor<ui8>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %s, %z = kiln.dynamic_quantize_linear %x : (tensor<4xf32>) -> (tensor<4xui8>, tensor<1xf32>, tensor<ui8>)
  return %y, %s, %z : tensor<4xui8>, tensor<1xf32>, tensor<ui8>
}

// -----

func.func @conv_integer_channels_mismatch(%x: tensor<1x3x8x8xui8>, %w: tensor<8x2x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv input 'tensor<1x3x8x8xui8>' has 3 channels, but weight 'tensor<8x2x3x3xui8>' with group 1 expects 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w : (tensor<1x3x8x8xui8>, tensor<8x2x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_group_does_not_divide_outputs(%x: tensor<1x4x8x8xui8>, %w: tensor<5x2x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv weight 'tensor<5x2x3x3xui8>' has 5 output channels, not a multiple of group 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w {group = 2 : i64} : (tensor<1x4x8x8xui8>, tensor<5x2x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_rank_mismatch(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv input 'tensor<1x3x8x8xui8>' and weight 'tensor<8x3x3xui8>' must have the same rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w : (tensor<1x3x8x8xui8>, tensor<8x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_rank_too_small(%x: tensor<3x8xui8>, %w: tensor<8x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv input needs rank >= 3 (batch, channels, spatial dims), got 'tensor<3x8xui8>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w : (tensor<3x8xui8>, tensor<8x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_zero_stride(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv attribute 'strides' values must be at least 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w {strides = array<i64: 1, 0>} : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_pads_count(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv attribute 'pads' needs 4 values, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w {pads = array<i64: 1, 1>} : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_bad_auto_pad(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got 'SAME'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w {auto_pad = "SAME"} : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_window_too_large(%x: tensor<1x3x2x8xui8>, %w: tensor<8x3x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv window of 3 exceeds the padded input size 2 in spatial dim 0 of 'tensor<1x3x2x8xui8>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w : (tensor<1x3x2x8xui8>, tensor<8x3x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_kernel_shape_differs(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>) -> tensor<*xi32> {
  // expected-error @+2 {{conv kernel_shape 5 differs from the weight 'tensor<8x3x3x3xui8>' in dim 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_integer %x, %w {kernel_shape = array<i64: 3, 5>} : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_zero_point_type_differs(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>, %xz: tensor<i8>) -> tensor<*xi32> {
  // expected-error @+1 {{'kiln.conv_integer' op zero point 'tensor<i8>' must have the element type of 'x' 'tensor<1x3x8x8xui8>'}}
  %0 = kiln.conv_integer %x, %w x_zero_point(%xz) : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>, tensor<i8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_weight_zero_point_shape(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>, %wz: tensor<4xui8>) -> tensor<*xi32> {
  // expected-error @+1 {{'kiln.conv_integer' op weight zero point must be a scalar or hold one value per output channel, got 'tensor<4xui8>' for weight 'tensor<8x3x3x3xui8>'}}
  %0 = kiln.conv_integer %x, %w w_zero_point(%wz) : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>, tensor<4xui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_integer_result_not_i32(%x: tensor<1x3x8x8xui8>, %w: tensor<8x3x3x3xui8>) -> tensor<*xi8> {
  // expected-error @+1 {{result #0 must be tensor of 32-bit signless integer values}}
  %0 = kiln.conv_integer %x, %w : (tensor<1x3x8x8xui8>, tensor<8x3x3x3xui8>) -> tensor<*xi8>
  return %0 : tensor<*xi8>
}

// -----

func.func @qlinear_conv_input_scale_per_channel(%x: tensor<1x3x8x8xui8>, %xs: tensor<3xf32>, %xz: tensor<ui8>, %w: tensor<16x3x3x3xi8>, %ws: tensor<f32>, %wz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<*xui8> {
  // expected-error @+1 {{'kiln.qlinear_conv' op needs scalar input and output scales and zero points, got 'tensor<3xf32>'}}
  %0 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz : (tensor<1x3x8x8xui8>, tensor<3xf32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  return %0 : tensor<*xui8>
}

// -----

func.func @qlinear_conv_bias_size(%x: tensor<1x3x8x8xui8>, %xs: tensor<f32>, %xz: tensor<ui8>, %w: tensor<16x3x3x3xi8>, %ws: tensor<f32>, %wz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<ui8>, %b: tensor<8xi32>) -> tensor<*xui8> {
  // expected-error @+1 {{'kiln.qlinear_conv' op bias must be a 1-D tensor of one value per output channel, got 'tensor<8xi32>' for weight 'tensor<16x3x3x3xi8>'}}
  %0 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b : (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>, tensor<8xi32>) -> tensor<*xui8>
  return %0 : tensor<*xui8>
}

// -----

func.func @qlinear_conv_result_not_zero_point_type(%x: tensor<1x3x8x8xui8>, %xs: tensor<f32>, %xz: tensor<ui8>, %w: tensor<16x3x3x3xi8>, %ws: tensor<f32>, %wz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<*xi8> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x16x6x6xui8>' are incompatible with return type(s) of operation 'tensor<*xi8>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz : (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<*xi8>
  return %0 : tensor<*xi8>
}

// -----

func.func @qlinear_matmul_contraction_mismatch(%a: tensor<2x4xui8>, %as: tensor<f32>, %az: tensor<ui8>, %b: tensor<5x3xi8>, %bs: tensor<f32>, %bz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<*xui8> {
  // expected-error @+2 {{matmul contraction dims differ: lhs has 4, rhs has 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.qlinear_matmul %a, %as, %az, %b, %bs, %bz, %ys, %yz : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>, tensor<5x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  return %0 : tensor<*xui8>
}

// -----

func.func @qlinear_matmul_scale_types_differ(%a: tensor<2x4xui8>, %as: tensor<f32>, %az: tensor<ui8>, %b: tensor<4x3xi8>, %bs: tensor<f16>, %bz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<*xui8> {
  // expected-error @+1 {{'kiln.qlinear_matmul' op scales must have one element type, got 'tensor<f32>', 'tensor<f16>' and 'tensor<f32>'}}
  %0 = kiln.qlinear_matmul %a, %as, %az, %b, %bs, %bz, %ys, %yz : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xi8>, tensor<f16>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  return %0 : tensor<*xui8>
}

// -----

func.func @matmul_integer_zero_point_type_differs(%a: tensor<2x4xui8>, %b: tensor<4x3xi8>, %bz: tensor<ui8>) -> tensor<*xi32> {
  // expected-error @+1 {{'kiln.matmul_integer' op zero point 'tensor<ui8>' must have the element type of 'B' 'tensor<4x3xi8>'}}
  %0 = kiln.matmul_integer %a, %b b_zero_point(%bz) : (tensor<2x4xui8>, tensor<4x3xi8>, tensor<ui8>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @matmul_integer_on_i16(%a: tensor<2x4xi16>, %b: tensor<4x3xi16>) -> tensor<*xi32> {
  // expected-error @+1 {{operand #0 must be tensor of 8-bit signless integer or 8-bit unsigned integer values}}
  %0 = kiln.matmul_integer %a, %b : (tensor<2x4xi16>, tensor<4x3xi16>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}
