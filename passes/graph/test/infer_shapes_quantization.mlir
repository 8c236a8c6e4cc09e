// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s

// Quantization keeps the shape; the element type comes from output_dtype,
// else the zero point, else ui8.
// CHECK-LABEL: func.func @quantize_linear
func.func @quantize_linear(%x: tensor<?x8xf32>, %s: tensor<f32>, %z: tensor<i8>, %s16: tensor<8xbf16>, %z16: tensor<8xui16>) -> (tensor<*xui8>, tensor<*xi8>, tensor<*xui16>, tensor<*xi16>) {
  // CHECK: kiln.quantize_linear {{.*}} -> tensor<?x8xui8>
  %0 = kiln.quantize_linear %x, %s : (tensor<?x8xf32>, tensor<f32>) -> tensor<*xui8>
  // CHECK: kiln.quantize_linear {{.*}} -> tensor<?x8xi8>
  %1 = kiln.quantize_linear %x, %s, %z : (tensor<?x8xf32>, tensor<f32>, tensor<i8>) -> tensor<*xi8>
  // CHECK: kiln.quantize_linear {{.*}} -> tensor<?x8xui16>
  %2 = kiln.quantize_linear %x, %s16, %z16 : (tensor<?x8xf32>, tensor<8xbf16>, tensor<8xui16>) -> tensor<*xui16>
  // CHECK: kiln.quantize_linear {{.*}} -> tensor<?x8xi16>
  %3 = kiln.quantize_linear %x, %s {output_dtype = i16} : (tensor<?x8xf32>, tensor<f32>) -> tensor<*xi16>
  return %0, %1, %2, %3 : tensor<*xui8>, tensor<*xi8>, tensor<*xui16>, tensor<*xi16>
}

// -----

// Dequantization gives the scale's type (or output_dtype) in the input's shape.
// CHECK-LABEL: func.func @dequantize_linear
func.func @dequantize_linear(%x: tensor<4x6xi8>, %s: tensor<4x2xf16>, %z: tensor<4x2xi8>, %t: tensor<f32>) -> (tensor<*xf16>, tensor<*xbf16>) {
  // CHECK: kiln.dequantize_linear {{.*}} {block_size = 3 : i64} : {{.*}} -> tensor<4x6xf16>
  %0 = kiln.dequantize_linear %x, %s, %z {axis = 1 : i64, block_size = 3 : i64} : (tensor<4x6xi8>, tensor<4x2xf16>, tensor<4x2xi8>) -> tensor<*xf16>
  // CHECK: kiln.dequantize_linear {{.*}} -> tensor<4x6xbf16>
  %1 = kiln.dequantize_linear %x, %t {output_dtype = bf16} : (tensor<4x6xi8>, tensor<f32>) -> tensor<*xbf16>
  return %0, %1 : tensor<*xf16>, tensor<*xbf16>
}

// -----

// A scalar and a one-element 1-D tensor both quantize per tensor, also when
// scale and zero point mix them; the axis does not matter then.
// CHECK-LABEL: func.func @per_tensor_forms
func.func @per_tensor_forms(%x: tensor<3xi8>, %s: tensor<1xf32>, %z: tensor<i8>) -> tensor<*xf32> {
  // CHECK: kiln.dequantize_linear {{.*}} -> tensor<3xf32>
  %0 = kiln.dequantize_linear %x, %s, %z {axis = 5 : i64} : (tensor<3xi8>, tensor<1xf32>, tensor<i8>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// A quantize-dequantize pair keeps the shape through both.
// CHECK-LABEL: func.func @quantize_dequantize
// CHECK-SAME: -> tensor<2x?x5xf32>
func.func @quantize_dequantize(%x: tensor<2x?x5xf32>) -> tensor<*xf32> {
  // CHECK: %[[Y:.*]], %[[S:.*]], %[[Z:.*]] = kiln.dynamic_quantize_linear {{.*}} -> (tensor<2x?x5xui8>, tensor<f32>, tensor<ui8>)
  %y, %s, %z = kiln.dynamic_quantize_linear %x : (tensor<2x?x5xf32>) -> (tensor<*xui8>, tensor<*xf32>, tensor<*xui8>)
  // CHECK: kiln.dequantize_linear %[[Y]], %[[S]], %[[Z]] : (tensor<2x?x5xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x?x5xf32>
  %d = kiln.dequantize_linear %y, %s, %z : (tensor<*xui8>, tensor<*xf32>, tensor<*xui8>) -> tensor<*xf32>
  return %d : tensor<*xf32>
}

// -----

// Conv output sizes: floor((D + pads - ((k - 1) * dilation + 1)) / stride) + 1,
// or ceil(D / stride) with SAME_* auto padding.
// CHECK-LABEL: func.func @qlinear_conv
func.func @qlinear_conv(%x: tensor<?x3x32x32xui8>, %xs: tensor<f32>, %xz: tensor<ui8>, %w: tensor<16x3x3x3xi8>, %ws: tensor<16xf32>, %wz: tensor<16xi8>, %ys: tensor<f32>, %yz: tensor<i8>, %b: tensor<16xi32>) -> (tensor<*xi8>, tensor<*xi8>, tensor<*xi8>, tensor<*xi8>) {
  // CHECK: kiln.qlinear_conv {{.*}} -> tensor<?x16x30x30xi8>
  %0 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz : (tensor<?x3x32x32xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>) -> tensor<*xi8>
  // CHECK: kiln.qlinear_conv {{.*}} -> tensor<?x16x16x17xi8>
  %1 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b {pads = array<i64: 1, 2, 1, 2>, strides = array<i64: 2, 2>} : (tensor<?x3x32x32xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>, tensor<16xi32>) -> tensor<*xi8>
  // CHECK: kiln.qlinear_conv {{.*}} -> tensor<?x16x11x11xi8>
  %2 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz {auto_pad = "SAME_LOWER", strides = array<i64: 3, 3>} : (tensor<?x3x32x32xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>) -> tensor<*xi8>
  // CHECK: kiln.qlinear_conv {{.*}} -> tensor<?x16x28x14xi8>
  %3 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz {auto_pad = "VALID", dilations = array<i64: 2, 2>, strides = array<i64: 1, 2>} : (tensor<?x3x32x32xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>) -> tensor<*xi8>
  return %0, %1, %2, %3 : tensor<*xi8>, tensor<*xi8>, tensor<*xi8>, tensor<*xi8>
}

// -----

// Grouped 1-D convolution; an unranked input still gives the rank and the
// output channels from the weight.
// CHECK-LABEL: func.func @conv_integer
func.func @conv_integer(%x: tensor<2x4x10xi8>, %w: tensor<6x2x3xi8>, %u: tensor<*xi8>) -> (tensor<*xi32>, tensor<*xi32>) {
  // CHECK: kiln.conv_integer {{.*}} -> tensor<2x6x8xi32>
  %0 = kiln.conv_integer %x, %w {group = 2 : i64} : (tensor<2x4x10xi8>, tensor<6x2x3xi8>) -> tensor<*xi32>
  // CHECK: kiln.conv_integer {{.*}} -> tensor<?x6x?xi32>
  %1 = kiln.conv_integer %u, %w : (tensor<*xi8>, tensor<6x2x3xi8>) -> tensor<*xi32>
  return %0, %1 : tensor<*xi32>, tensor<*xi32>
}

// -----

// Quantized matrix products follow kiln.matmul's shapes.
// CHECK-LABEL: func.func @quantized_matmuls
func.func @quantized_matmuls(%a: tensor<5x2x4xui8>, %b: tensor<4x3xi8>, %v: tensor<4xi8>, %as: tensor<f32>, %az: tensor<ui8>, %bs: tensor<f32>, %bz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<i8>) -> (tensor<*xi8>, tensor<*xi32>, tensor<*xi32>) {
  // CHECK: kiln.qlinear_matmul {{.*}} -> tensor<5x2x3xi8>
  %0 = kiln.qlinear_matmul %a, %as, %az, %b, %bs, %bz, %ys, %yz : (tensor<5x2x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<i8>) -> tensor<*xi8>
  // CHECK: kiln.matmul_integer {{.*}} -> tensor<5x2x3xi32>
  %1 = kiln.matmul_integer %a, %b a_zero_point(%az) b_zero_point(%bz) : (tensor<5x2x4xui8>, tensor<4x3xi8>, tensor<ui8>, tensor<i8>) -> tensor<*xi32>
  // CHECK: kiln.matmul_integer {{.*}} -> tensor<5x2xi32>
  %2 = kiln.matmul_integer %a, %v : (tensor<5x2x4xui8>, tensor<4xi8>) -> tensor<*xi32>
  return %0, %1, %2 : tensor<*xi8>, tensor<*xi32>, tensor<*xi32>
}
