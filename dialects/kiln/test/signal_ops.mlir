// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// The signal-processing ops print and parse back to the same IR.

// CHECK-LABEL: func.func @dft
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x1xf32>, %[[C:.*]]: tensor<2x16x2xf64>, %[[N:.*]]: tensor<i32>, %[[AXIS:.*]]: tensor<i64>)
func.func @dft(%x: tensor<2x16x1xf32>, %c: tensor<2x16x2xf64>, %n: tensor<i32>, %axis: tensor<i64>)
    -> (tensor<2x9x2xf32>, tensor<2x?x2xf64>, tensor<?x?x2xf32>, tensor<2x16x2xf32>) {
  // CHECK: kiln.dft %[[X]] {axis = 1 : i64, onesided = 1 : i64} : (tensor<2x16x1xf32>) -> tensor<2x9x2xf32>
  %0 = kiln.dft %x {axis = 1 : i64, onesided = 1 : i64}
      : (tensor<2x16x1xf32>) -> tensor<2x9x2xf32>
  // CHECK: kiln.dft %[[C]] dft_length(%[[N]]) {axis = -2 : i64, inverse = 1 : i64} : (tensor<2x16x2xf64>, tensor<i32>) -> tensor<2x?x2xf64>
  %1 = kiln.dft %c dft_length(%n) {axis = -2 : i64, inverse = 1 : i64}
      : (tensor<2x16x2xf64>, tensor<i32>) -> tensor<2x?x2xf64>
  // CHECK: kiln.dft %[[X]] dft_length(%[[N]]) axis_input(%[[AXIS]]) : (tensor<2x16x1xf32>, tensor<i32>, tensor<i64>) -> tensor<?x?x2xf32>
  %2 = kiln.dft %x dft_length(%n) axis_input(%axis)
      : (tensor<2x16x1xf32>, tensor<i32>, tensor<i64>) -> tensor<?x?x2xf32>
  // Neither an attribute nor an operand: the axis is -2.
  // CHECK: kiln.dft %[[X]] : (tensor<2x16x1xf32>) -> tensor<2x16x2xf32>
  %3 = kiln.dft %x : (tensor<2x16x1xf32>) -> tensor<2x16x2xf32>
  return %0, %1, %2, %3 : tensor<2x9x2xf32>, tensor<2x?x2xf64>, tensor<?x?x2xf32>, tensor<2x16x2xf32>
}

// -----

// CHECK-LABEL: func.func @stft
// CHECK-SAME: (%[[S:.*]]: tensor<1x128x1xf32>, %[[STEP:.*]]: tensor<i64>, %[[W:.*]]: tensor<16xf32>, %[[LEN:.*]]: tensor<i64>)
func.func @stft(%s: tensor<1x128x1xf32>, %step: tensor<i64>, %w: tensor<16xf32>, %len: tensor<i64>)
    -> (tensor<1x?x9x2xf32>, tensor<1x?x?x2xf32>, tensor<1x?x16x2xf32>) {
  // CHECK: kiln.stft %[[S]], %[[STEP]] window(%[[W]]) : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
  %0 = kiln.stft %s, %step window(%w)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x9x2xf32>
  // CHECK: kiln.stft %[[S]], %[[STEP]] frame_length(%[[LEN]]) : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
  %1 = kiln.stft %s, %step frame_length(%len)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
  // CHECK: kiln.stft %[[S]], %[[STEP]] window(%[[W]]) frame_length(%[[LEN]]) {onesided = 0 : i64} : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<1x?x16x2xf32>
  %2 = kiln.stft %s, %step window(%w) frame_length(%len) {onesided = 0 : i64}
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<1x?x16x2xf32>
  return %0, %1, %2 : tensor<1x?x9x2xf32>, tensor<1x?x?x2xf32>, tensor<1x?x16x2xf32>
}

// -----

// CHECK-LABEL: func.func @windows
// CHECK-SAME: (%[[N:.*]]: tensor<i64>, %[[M:.*]]: tensor<i32>)
func.func @windows(%n: tensor<i64>, %m: tensor<i32>) -> (tensor<?xf32>, tensor<?xf16>, tensor<?xf64>, tensor<?xui8>) {
  // CHECK: kiln.hann_window %[[N]] {output_datatype = f32} : (tensor<i64>) -> tensor<?xf32>
  %0 = kiln.hann_window %n {output_datatype = f32} : (tensor<i64>) -> tensor<?xf32>
  // CHECK: kiln.hamming_window %[[M]] {output_datatype = f16, periodic = 0 : i64} : (tensor<i32>) -> tensor<?xf16>
  %1 = kiln.hamming_window %m {output_datatype = f16, periodic = 0 : i64} : (tensor<i32>) -> tensor<?xf16>
  // CHECK: kiln.blackman_window %[[N]] {output_datatype = f64} : (tensor<i64>) -> tensor<?xf64>
  %2 = kiln.blackman_window %n {output_datatype = f64} : (tensor<i64>) -> tensor<?xf64>
  // CHECK: kiln.hann_window %[[M]] {output_datatype = ui8} : (tensor<i32>) -> tensor<?xui8>
  %3 = kiln.hann_window %m {output_datatype = ui8} : (tensor<i32>) -> tensor<?xui8>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf16>, tensor<?xf64>, tensor<?xui8>
}

// -----

// CHECK-LABEL: func.func @mel_weight_matrix
// CHECK-SAME: (%[[BINS:.*]]: tensor<i64>, %[[LEN:.*]]: tensor<i64>, %[[RATE:.*]]: tensor<i64>, %[[LOW:.*]]: tensor<f32>, %[[HIGH:.*]]: tensor<f32>)
func.func @mel_weight_matrix(%bins: tensor<i64>, %len: tensor<i64>, %rate: tensor<i64>, %low: tensor<f32>, %high: tensor<f32>) -> tensor<?x?xf64> {
  // CHECK: kiln.mel_weight_matrix %[[BINS]], %[[LEN]], %[[RATE]], %[[LOW]], %[[HIGH]] {output_datatype = f64} : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf64>
  %0 = kiln.mel_weight_matrix %bins, %len, %rate, %low, %high {output_datatype = f64}
      : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}
