// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file --verify-diagnostics %s

// An op without a lowering: one error, however often it appears.
func.func @missing(%x: tensor<1x1x4x4xf32>, %rois: tensor<3x4xf32>, %batch: tensor<3xi64>) -> tensor<3x1x2x2xf32> {
  // expected-error @+1 {{'kiln.roi_align' cannot be lowered to linalg yet}}
  %0 = kiln.roi_align %x, %rois, %batch {output_height = 2 : i64, output_width = 2 : i64} : (tensor<1x1x4x4xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x1x2x2xf32>
  %1 = kiln.roi_align %x, %rois, %batch {output_height = 2 : i64, output_width = 2 : i64} : (tensor<1x1x4x4xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x1x2x2xf32>
  return %0 : tensor<3x1x2x2xf32>
}

// -----

// Det unrolls the elimination over a static matrix size.
func.func @det_dynamic(%x: tensor<2x?x?xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.det' cannot be lowered to linalg: the matrices must be square and static}}
  %0 = kiln.det %x : (tensor<2x?x?xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// DFT's axis and dft_length must be constants.
func.func @dft_computed_length(%x: tensor<2x8x1xf32>, %n: tensor<i64>) -> tensor<2x?x2xf32> {
  // expected-error @+1 {{'kiln.dft' cannot be lowered to linalg: dft_length must be a constant}}
  %0 = kiln.dft %x dft_length(%n) {axis = 1 : i64} : (tensor<2x8x1xf32>, tensor<i64>) -> tensor<2x?x2xf32>
  return %0 : tensor<2x?x2xf32>
}

// -----

// A lowering that does not support what it is given says why: axes read at
// run time need a static count (the result's rank depends on it).
func.func @axes_of_unknown_count(%x: tensor<2x3xf32>, %a: tensor<?xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'kiln.reduce_sum' cannot be lowered to linalg: computed axes need a static count}}
  %0 = kiln.reduce_sum %x, %a : (tensor<2x3xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.relu' cannot be lowered to linalg: operands and results must be ranked tensors (run kiln-infer-shapes first)}}
  %0 = kiln.relu %x : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @training_dropout(%x: tensor<4xf32>, %t: tensor<i1>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.dropout' cannot be lowered to linalg: training mode is not supported (unless its ratio is a constant 0)}}
  %0, %mask = kiln.dropout %x training_mode(%t) : (tensor<4xf32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  return %0 : tensor<4xf32>
}

// -----

func.func @lstm_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %lens: tensor<2xi32>) -> tensor<5x1x2x4xf32> {
  // expected-error @+1 {{'kiln.lstm' cannot be lowered to linalg: sequence_lens is not supported yet}}
  %y, %yh, %yc = kiln.lstm %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<2xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y : tensor<5x1x2x4xf32>
}

// -----

func.func @same_dynamic(%x: tensor<1x1x?x?xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x?x?xf32> {
  // expected-error @+1 {{'kiln.conv' cannot be lowered to linalg: SAME padding needs static spatial dims}}
  %0 = kiln.conv %x, %w {auto_pad = "SAME_UPPER"} : (tensor<1x1x?x?xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x?x?xf32>
  return %0 : tensor<1x1x?x?xf32>
}
