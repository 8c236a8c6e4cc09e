// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// Every quantization op prints in its custom form and parses back to the same IR.

// CHECK-LABEL: func.func @quantize_linear
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[S:.*]]: tensor<f32>, %[[AS:.*]]: tensor<4xf32>, %[[AZ:.*]]: tensor<4xi8>, %[[BS:.*]]: tensor<4x2xf16>, %[[BZ:.*]]: tensor<4x2xui16>)
func.func @quantize_linear(%x: tensor<4x8xf32>, %s: tensor<f32>, %as: tensor<4xf32>, %az: tensor<4xi8>, %bs: tensor<4x2xf16>, %bz: tensor<4x2xui16>) -> (tensor<4x8xui8>, tensor<4x8xi8>, tensor<4x8xui16>, tensor<4x8xi16>) {
  // Without a zero point the result is ui8.
  // CHECK: kiln.quantize_linear %[[X]], %[[S]] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xui8>
  %0 = kiln.quantize_linear %x, %s : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xui8>
  // CHECK: kiln.quantize_linear %[[X]], %[[AS]], %[[AZ]] {axis = 0 : i64} : (tensor<4x8xf32>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xi8>
  %1 = kiln.quantize_linear %x, %as, %az {axis = 0 : i64} : (tensor<4x8xf32>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xi8>
  // CHECK: kiln.quantize_linear %[[X]], %[[BS]], %[[BZ]] {block_size = 4 : i64, precision = f32} : (tensor<4x8xf32>, tensor<4x2xf16>, tensor<4x2xui16>) -> tensor<4x8xui16>
  %2 = kiln.quantize_linear %x, %bs, %bz {block_size = 4 : i64, precision = f32} : (tensor<4x8xf32>, tensor<4x2xf16>, tensor<4x2xui16>) -> tensor<4x8xui16>
  // CHECK: kiln.quantize_linear %[[X]], %[[S]] {output_dtype = i16, saturate = 0 : i64} : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xi16>
  %3 = kiln.quantize_linear %x, %s {output_dtype = i16, saturate = 0 : i64} : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xi16>
  return %0, %1, %2, %3 : tensor<4x8xui8>, tensor<4x8xi8>, tensor<4x8xui16>, tensor<4x8xi16>
}

// -----

// CHECK-LABEL: func.func @dequantize_linear
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xui8>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<ui8>, %[[I:.*]]: tensor<3xi32>, %[[HS:.*]]: tensor<3xf16>)
func.func @dequantize_linear(%x: tensor<4x8xui8>, %s: tensor<f32>, %z: tensor<ui8>, %i: tensor<3xi32>, %hs: tensor<3xf16>) -> (tensor<4x8xf32>, tensor<3xf16>, tensor<4x8xbf16>) {
  // CHECK: kiln.dequantize_linear %[[X]], %[[S]], %[[Z]] : (tensor<4x8xui8>, tensor<f32>, tensor<ui8>) -> tensor<4x8xf32>
  %0 = kiln.dequantize_linear %x, %s, %z : (tensor<4x8xui8>, tensor<f32>, tensor<ui8>) -> tensor<4x8xf32>
  // CHECK: kiln.dequantize_linear %[[I]], %[[HS]] {axis = 0 : i64} : (tensor<3xi32>, tensor<3xf16>) -> tensor<3xf16>
  %1 = kiln.dequantize_linear %i, %hs {axis = 0 : i64} : (tensor<3xi32>, tensor<3xf16>) -> tensor<3xf16>
  // CHECK: kiln.dequantize_linear %[[X]], %[[S]] {output_dtype = bf16} : (tensor<4x8xui8>, tensor<f32>) -> tensor<4x8xbf16>
  %2 = kiln.dequantize_linear %x, %s {output_dtype = bf16} : (tensor<4x8xui8>, tensor<f32>) -> tensor<4x8xbf16>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<3xf16>, tensor<4x8xbf16>
}

// -----

// CHECK-LABEL: func.func @dynamic_quantize_linear
func.func @dynamic_quantize_linear(%x: tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) {
  // CHECK: %[[Y:.*]], %[[SCALE:.*]], %[[ZP:.*]] = kiln.dynamic_quantize_linear %{{.*}} : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  %y, %s, %z = kiln.dynamic_quantize_linear %x : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  // CHECK: return %[[Y]], %[[SCALE]], %[[ZP]]
  return %y, %s, %z : tensor<2x3xui8>, tensor<f32>, tensor<ui8>
}

// -----

// CHECK-LABEL: func.func @qlinear_conv
func.func @qlinear_conv(%x: tensor<1x3x8x8xui8>, %xs: tensor<f32>, %xz: tensor<ui8>, %w: tensor<16x3x3x3xi8>, %ws: tensor<16xf32>, %wz: tensor<16xi8>, %ys: tensor<f32>, %yz: tensor<i8>, %b: tensor<16xi32>) -> (tensor<1x16x8x8xi8>, tensor<1x16x3x4xi8>) {
  // CHECK: kiln.qlinear_conv %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>) -> tensor<1x16x8x8xi8>
  %0 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>) -> tensor<1x16x8x8xi8>
  // With the bias and every conv attribute (group = 1, the default, is elided).
  // CHECK: kiln.qlinear_conv %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {auto_pad = "VALID", dilations = array<i64: 1, 2>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 1>} : ({{.*}}, tensor<16xi32>) -> tensor<1x16x3x4xi8>
  %1 = kiln.qlinear_conv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b {auto_pad = "VALID", dilations = array<i64: 1, 2>, group = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 1>} : (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>, tensor<16x3x3x3xi8>, tensor<16xf32>, tensor<16xi8>, tensor<f32>, tensor<i8>, tensor<16xi32>) -> tensor<1x16x3x4xi8>
  return %0, %1 : tensor<1x16x8x8xi8>, tensor<1x16x3x4xi8>
}

// -----

// The optional zero points are told apart by their keywords.
// CHECK-LABEL: func.func @conv_integer
func.func @conv_integer(%x: tensor<1x4x8x8xui8>, %w: tensor<8x2x3x3xui8>, %xz: tensor<ui8>, %wz: tensor<8xui8>) -> (tensor<1x8x6x6xi32>, tensor<1x8x8x8xi32>) {
  // CHECK: kiln.conv_integer %{{.*}}, %{{.*}} x_zero_point(%{{.*}}) {group = 2 : i64} : (tensor<1x4x8x8xui8>, tensor<8x2x3x3xui8>, tensor<ui8>) -> tensor<1x8x6x6xi32>
  %0 = kiln.conv_integer %x, %w x_zero_point(%xz) {group = 2 : i64} : (tensor<1x4x8x8xui8>, tensor<8x2x3x3xui8>, tensor<ui8>) -> tensor<1x8x6x6xi32>
  // CHECK: kiln.conv_integer %{{.*}}, %{{.*}} w_zero_point(%{{.*}}) {auto_pad = "SAME_UPPER", group = 2 : i64} : (tensor<1x4x8x8xui8>, tensor<8x2x3x3xui8>, tensor<8xui8>) -> tensor<1x8x8x8xi32>
  %1 = kiln.conv_integer %x, %w w_zero_point(%wz) {auto_pad = "SAME_UPPER", group = 2 : i64} : (tensor<1x4x8x8xui8>, tensor<8x2x3x3xui8>, tensor<8xui8>) -> tensor<1x8x8x8xi32>
  return %0, %1 : tensor<1x8x6x6xi32>, tensor<1x8x8x8xi32>
}

// -----

// CHECK-LABEL: func.func @qlinear_matmul
func.func @qlinear_matmul(%a: tensor<2x4xui8>, %as: tensor<f32>, %az: tensor<ui8>, %b: tensor<4x3xi8>, %bs: tensor<f32>, %bz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<2x3xui8> {
  // CHECK: kiln.qlinear_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  %0 = kiln.qlinear_matmul %a, %as, %az, %b, %bs, %bz, %ys, %yz : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// -----

// CHECK-LABEL: func.func @matmul_integer
func.func @matmul_integer(%a: tensor<2x4xui8>, %b: tensor<4x3xi8>, %az: tensor<ui8>, %bz: tensor<3xi8>) -> (tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>) {
  // CHECK: kiln.matmul_integer %{{.*}}, %{{.*}} : (tensor<2x4xui8>, tensor<4x3xi8>) -> tensor<2x3xi32>
  %0 = kiln.matmul_integer %a, %b : (tensor<2x4xui8>, tensor<4x3xi8>) -> tensor<2x3xi32>
  // CHECK: kiln.matmul_integer %{{.*}}, %{{.*}} b_zero_point(%{{.*}}) : (tensor<2x4xui8>, tensor<4x3xi8>, tensor<3xi8>) -> tensor<2x3xi32>
  %1 = kiln.matmul_integer %a, %b b_zero_point(%bz) : (tensor<2x4xui8>, tensor<4x3xi8>, tensor<3xi8>) -> tensor<2x3xi32>
  // CHECK: kiln.matmul_integer %{{.*}}, %{{.*}} a_zero_point(%{{.*}}) b_zero_point(%{{.*}}) : (tensor<2x4xui8>, tensor<4x3xi8>, tensor<ui8>, tensor<3xi8>) -> tensor<2x3xi32>
  %2 = kiln.matmul_integer %a, %b a_zero_point(%az) b_zero_point(%bz) : (tensor<2x4xui8>, tensor<4x3xi8>, tensor<ui8>, tensor<3xi8>) -> tensor<2x3xi32>
  return %0, %1, %2 : tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>
}
