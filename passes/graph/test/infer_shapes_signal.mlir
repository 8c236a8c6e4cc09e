// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s
// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes,canonicalize,kiln-infer-shapes))' | FileCheck %s --check-prefix=FOLD

// DFT: the result is complex (last dim 2); the axis dim becomes dft_length,
// halved plus one when onesided.
// CHECK-LABEL: func.func @dft
// CHECK-SAME: -> (tensor<4x16x2xf32>, tensor<4x9x2xf32>, tensor<4x8x2xf32>, tensor<10x16x2xf32>, tensor<4x?x2xf32>, tensor<?x9x2xf32>)
func.func @dft(%x: tensor<4x16x1xf32>, %c: tensor<8x16x2xf32>, %d: tensor<?x16x1xf32>, %n: tensor<i64>)
    -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // The default axis -2 is the last signal dim.
  // CHECK: kiln.dft {{.*}} -> tensor<4x16x2xf32>
  %0 = kiln.dft %x : (tensor<4x16x1xf32>) -> tensor<*xf32>
  // CHECK: kiln.dft {{.*}} -> tensor<4x9x2xf32>
  %1 = kiln.dft %x {axis = 1 : i64, onesided = 1 : i64}
      : (tensor<4x16x1xf32>) -> tensor<*xf32>
  // A constant axis operand and dft_length: dim 1 is truncated to 8.
  %axis = kiln.constant dense<-2> : tensor<i64>
  %n8 = kiln.constant dense<8> : tensor<i32>
  // CHECK: kiln.dft {{.*}} -> tensor<4x8x2xf32>
  %2 = kiln.dft %x dft_length(%n8) axis_input(%axis)
      : (tensor<4x16x1xf32>, tensor<i32>, tensor<i64>) -> tensor<*xf32>
  // Zero-padding along axis 0 of a complex input, onesided: 18 / 2 + 1.
  %n18 = kiln.constant dense<18> : tensor<i64>
  %axis0 = kiln.constant dense<0> : tensor<i64>
  // CHECK: kiln.dft {{.*}} -> tensor<10x16x2xf32>
  %3 = kiln.dft %c dft_length(%n18) axis_input(%axis0) {onesided = 1 : i64}
      : (tensor<8x16x2xf32>, tensor<i64>, tensor<i64>) -> tensor<*xf32>
  // A computed dft_length leaves the axis dim dynamic.
  // CHECK: kiln.dft {{.*}} -> tensor<4x?x2xf32>
  %4 = kiln.dft %x dft_length(%n) {axis = 1 : i64}
      : (tensor<4x16x1xf32>, tensor<i64>) -> tensor<*xf32>
  // A dynamic batch dim stays dynamic.
  // CHECK: kiln.dft {{.*}} -> tensor<?x9x2xf32>
  %5 = kiln.dft %d {axis = -2 : i64, onesided = 1 : i64}
      : (tensor<?x16x1xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// DFT with a computed axis: only the dims the transform leaves alone are
// known.
// CHECK-LABEL: func.func @dft_computed_axis
// CHECK-SAME: -> (tensor<4x16x2xf32>, tensor<?x?x2xf32>, tensor<?x16x2xf32>, tensor<*xf32>)
func.func @dft_computed_axis(%x: tensor<4x16x1xf32>, %axis: tensor<i64>, %u: tensor<*xf32>)
    -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.dft {{.*}} -> tensor<4x16x2xf32>
  %0 = kiln.dft %x axis_input(%axis)
      : (tensor<4x16x1xf32>, tensor<i64>) -> tensor<*xf32>
  // CHECK: kiln.dft {{.*}} -> tensor<?x?x2xf32>
  %1 = kiln.dft %x axis_input(%axis) {onesided = 1 : i64}
      : (tensor<4x16x1xf32>, tensor<i64>) -> tensor<*xf32>
  // A dft_length equal to dim 1 keeps it whichever the axis.
  %n16 = kiln.constant dense<16> : tensor<i64>
  // CHECK: kiln.dft {{.*}} -> tensor<?x16x2xf32>
  %2 = kiln.dft %x dft_length(%n16) axis_input(%axis)
      : (tensor<4x16x1xf32>, tensor<i64>, tensor<i64>) -> tensor<*xf32>
  // An unranked input gives an unranked result.
  // CHECK: kiln.dft {{.*}} -> tensor<*xf32>
  %3 = kiln.dft %u : (tensor<*xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// STFT (the ONNX node test's shapes): 1 + (128 - 16) / 8 = 15 frames of
// 16 / 2 + 1 = 9 onesided bins.
// CHECK-LABEL: func.func @stft
// CHECK-SAME: -> (tensor<1x15x9x2xf32>, tensor<1x15x16x2xf32>, tensor<2x?x9x2xf32>, tensor<?x1x33x2xf64>, tensor<?x?x?x2xf32>)
func.func @stft(%s: tensor<1x128x1xf32>, %b: tensor<2x128x2xf32>, %d: tensor<?x64x1xf64>, %u: tensor<*xf32>,
                %w: tensor<16xf32>, %step: tensor<i64>)
    -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf64>, tensor<*xf32>) {
  %c8 = kiln.constant dense<8> : tensor<i64>
  %c16 = kiln.constant dense<16> : tensor<i64>
  // CHECK: kiln.stft {{.*}} -> tensor<1x15x9x2xf32>
  %0 = kiln.stft %s, %c8 frame_length(%c16)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<i64>) -> tensor<*xf32>
  // The frame length comes from the window.
  // CHECK: kiln.stft {{.*}} -> tensor<1x15x16x2xf32>
  %1 = kiln.stft %s, %c8 window(%w) {onesided = 0 : i64}
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  // A computed frame_step leaves the frame count dynamic.
  // CHECK: kiln.stft {{.*}} -> tensor<2x?x9x2xf32>
  %2 = kiln.stft %b, %step window(%w)
      : (tensor<2x128x2xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  // Neither window nor frame_length: one frame over the whole signal.
  // CHECK: kiln.stft {{.*}} -> tensor<?x1x33x2xf64>
  %3 = kiln.stft %d, %step
      : (tensor<?x64x1xf64>, tensor<i64>) -> tensor<*xf64>
  // A computed frame_length: only the batch and complex dims are known.
  // CHECK: kiln.stft {{.*}} -> tensor<?x?x?x2xf32>
  %4 = kiln.stft %u, %c8 frame_length(%step)
      : (tensor<*xf32>, tensor<i64>, tensor<i64>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf64>, tensor<*xf32>
}

// -----

// Windows have `size` elements of `output_datatype`; a constant size gives
// a static length.
// CHECK-LABEL: func.func @windows
// CHECK-SAME: -> (tensor<10xf32>, tensor<7xf16>, tensor<0xf64>, tensor<?xi32>)
func.func @windows(%n: tensor<i64>) -> (tensor<*xf32>, tensor<*xf16>, tensor<*xf64>, tensor<*xi32>) {
  %c10 = kiln.constant dense<10> : tensor<i64>
  %c7 = kiln.constant dense<7> : tensor<i32>
  %c0 = kiln.constant dense<0> : tensor<i64>
  // CHECK: kiln.hann_window {{.*}} -> tensor<10xf32>
  %0 = kiln.hann_window %c10 {output_datatype = f32} : (tensor<i64>) -> tensor<*xf32>
  // CHECK: kiln.hamming_window {{.*}} -> tensor<7xf16>
  %1 = kiln.hamming_window %c7 {output_datatype = f16, periodic = 0 : i64} : (tensor<i32>) -> tensor<*xf16>
  // CHECK: kiln.blackman_window {{.*}} -> tensor<0xf64>
  %2 = kiln.blackman_window %c0 {output_datatype = f64} : (tensor<i64>) -> tensor<*xf64>
  // CHECK: kiln.hann_window {{.*}} -> tensor<?xi32>
  %3 = kiln.hann_window %n {output_datatype = i32} : (tensor<i64>) -> tensor<*xi32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf16>, tensor<*xf64>, tensor<*xi32>
}

// -----

// A window of constant size folds to its values (the Hann one is ONNX's
// test_hannwindow_symmetric),
// which then gives STFT its frame length.
// FOLD-LABEL: func.func @window_folds
// FOLD-SAME: -> (tensor<10xf32>, tensor<4xf32>, tensor<4xf64>, tensor<1x15x9x2xf32>)
func.func @window_folds(%s: tensor<1x128x1xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf64>, tensor<*xf32>) {
  %c10 = kiln.constant dense<10> : tensor<i64>
  %c4 = kiln.constant dense<4> : tensor<i32>
  %c16 = kiln.constant dense<16> : tensor<i64>
  %c8 = kiln.constant dense<8> : tensor<i64>
  // FOLD-DAG: kiln.constant dense<[0.000000e+00, 0.116977781, 0.413175911, 7.500000e-01, 0.969846308, 0.969846308, 7.500000e-01, 0.413175911, 0.116977781, 0.000000e+00]> : tensor<10xf32>
  %0 = kiln.hann_window %c10 {output_datatype = f32, periodic = 0 : i64} : (tensor<i64>) -> tensor<*xf32>
  // 25/46 - 21/46 cos(2 pi n / 4)
  // FOLD-DAG: kiln.constant dense<[0.0869565233, 0.543478251, 1.000000e+00, 0.543478251]> : tensor<4xf32>
  %1 = kiln.hamming_window %c4 {output_datatype = f32} : (tensor<i32>) -> tensor<*xf32>
  // FOLD-DAG: kiln.constant dense<[-1.3877787807814457E-17, 0.33999999999999991, 0.99999999999999988, 0.34000000000000008]> : tensor<4xf64>
  %2 = kiln.blackman_window %c4 {output_datatype = f64} : (tensor<i32>) -> tensor<*xf64>
  %w = kiln.hann_window %c16 {output_datatype = f32} : (tensor<i64>) -> tensor<*xf32>
  // FOLD: kiln.stft {{.*}} : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x15x9x2xf32>
  %3 = kiln.stft %s, %c8 window(%w)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<*xf32>) -> tensor<*xf32>
  // FOLD-NOT: _window
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf64>, tensor<*xf32>
}

// -----

// A window that would divide by zero (one symmetric point) or has an
// integer type does not fold.
// FOLD-LABEL: func.func @window_does_not_fold
// FOLD: kiln.hann_window {{.*}} -> tensor<1xf32>
// FOLD: kiln.hann_window {{.*}} -> tensor<4xi32>
func.func @window_does_not_fold() -> (tensor<*xf32>, tensor<*xi32>) {
  %c1 = kiln.constant dense<1> : tensor<i64>
  %c4 = kiln.constant dense<4> : tensor<i64>
  %0 = kiln.hann_window %c1 {output_datatype = f32, periodic = 0 : i64} : (tensor<i64>) -> tensor<*xf32>
  %1 = kiln.hann_window %c4 {output_datatype = i32} : (tensor<i64>) -> tensor<*xi32>
  return %0, %1 : tensor<*xf32>, tensor<*xi32>
}

// -----

// MelWeightMatrix is [dft_length / 2 + 1, num_mel_bins] (the ONNX node
// test's shape here).
// CHECK-LABEL: func.func @mel_weight_matrix
// CHECK-SAME: -> (tensor<9x8xf32>, tensor<?x8xf64>)
func.func @mel_weight_matrix(%len: tensor<i32>, %low: tensor<f32>, %high: tensor<f32>) -> (tensor<*xf32>, tensor<*xf64>) {
  %bins = kiln.constant dense<8> : tensor<i32>
  %n16 = kiln.constant dense<16> : tensor<i32>
  %rate = kiln.constant dense<8192> : tensor<i32>
  // CHECK: kiln.mel_weight_matrix {{.*}} -> tensor<9x8xf32>
  %0 = kiln.mel_weight_matrix %bins, %n16, %rate, %low, %high {output_datatype = f32}
      : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  // CHECK: kiln.mel_weight_matrix {{.*}} -> tensor<?x8xf64>
  %1 = kiln.mel_weight_matrix %bins, %len, %rate, %low, %high {output_datatype = f64}
      : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf64>
  return %0, %1 : tensor<*xf32>, tensor<*xf64>
}
