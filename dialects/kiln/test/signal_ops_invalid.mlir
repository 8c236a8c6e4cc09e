// RUN: kiln-opt %s --split-input-file --verify-diagnostics

func.func @dft_rank_1(%x: tensor<16xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{dft input must have rank >= 2 (signal dims, then 1 or 2 for real or complex values), got 'tensor<16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x : (tensor<16xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_last_dim_not_complex(%x: tensor<4x16x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{dft input's last dim must be 1 (real) or 2 (complex), got 'tensor<4x16x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x : (tensor<4x16x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_axis_is_complex_dim(%x: tensor<4x16x1xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{dft axis -1 is out of range for 'tensor<4x16x1xf32>' (expected [-3, -2] or [0, 1]; the last dim holds complex values)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x {axis = -1 : i64} : (tensor<4x16x1xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_constant_axis_out_of_range(%x: tensor<4x16x1xf32>) -> tensor<*xf32> {
  %axis = kiln.constant dense<2> : tensor<i64>
  // expected-error @+2 {{dft axis 2 is out of range for 'tensor<4x16x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x axis_input(%axis) : (tensor<4x16x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_axis_twice(%x: tensor<4x16x1xf32>, %axis: tensor<i64>) -> tensor<*xf32> {
  // expected-error @+1 {{takes the axis from the attribute or from the operand axis_input, not both}}
  %0 = kiln.dft %x axis_input(%axis) {axis = 1 : i64} : (tensor<4x16x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_inverse_onesided(%x: tensor<4x16x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{inverse and onesided cannot both be set}}
  %0 = kiln.dft %x {inverse = 1 : i64, onesided = 1 : i64} : (tensor<4x16x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_onesided_not_a_flag(%x: tensor<4x16x1xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{onesided must be 0 or 1, got 2}}
  %0 = kiln.dft %x {onesided = 2 : i64} : (tensor<4x16x1xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_length_zero(%x: tensor<4x16x1xf32>) -> tensor<*xf32> {
  %n = kiln.constant dense<0> : tensor<i64>
  // expected-error @+2 {{dft dft_length must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x dft_length(%n) : (tensor<4x16x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_length_not_scalar(%x: tensor<4x16x1xf32>, %n: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{dft dft_length must be a scalar, got 'tensor<2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x dft_length(%n) : (tensor<4x16x1xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dft_result_not_onesided(%x: tensor<4x16x1xf32>) -> tensor<4x16x2xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<4x9x2xf32>' are incompatible with return type(s) of operation 'tensor<4x16x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dft %x {axis = 1 : i64, onesided = 1 : i64} : (tensor<4x16x1xf32>) -> tensor<4x16x2xf32>
  return %0 : tensor<4x16x2xf32>
}

// -----

func.func @dft_int_input(%x: tensor<4x16x1xi32>) -> tensor<*xi32> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.dft %x : (tensor<4x16x1xi32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @stft_signal_rank_2(%s: tensor<1x128xf32>, %step: tensor<i64>) -> tensor<*xf32> {
  // expected-error @+2 {{stft signal must be [batch][signal_length][1 or 2], got 'tensor<1x128xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step : (tensor<1x128xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_signal_last_dim(%s: tensor<1x128x4xf32>, %step: tensor<i64>) -> tensor<*xf32> {
  // expected-error @+2 {{stft signal's last dim must be 1 (real) or 2 (complex), got 'tensor<1x128x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step : (tensor<1x128x4xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_window_and_frame_length_differ(%s: tensor<1x128x1xf32>, %step: tensor<i64>, %w: tensor<16xf32>) -> tensor<*xf32> {
  %len = kiln.constant dense<20> : tensor<i64>
  // expected-error @+2 {{stft window 'tensor<16xf32>' does not have frame_length 20 elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step window(%w) frame_length(%len)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_window_element_type(%s: tensor<1x128x1xf32>, %step: tensor<i64>, %w: tensor<16xf16>) -> tensor<*xf32> {
  // expected-error @+2 {{stft window must have the signal's element type, got 'tensor<16xf16>' for 'tensor<1x128x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step window(%w)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf16>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_window_rank_2(%s: tensor<1x128x1xf32>, %step: tensor<i64>, %w: tensor<4x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{stft window must be 1-D, got 'tensor<4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step window(%w)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<4x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_frame_step_zero(%s: tensor<1x128x1xf32>, %w: tensor<16xf32>) -> tensor<*xf32> {
  %step = kiln.constant dense<0> : tensor<i64>
  // expected-error @+2 {{stft frame_step must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step window(%w)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_frame_types_differ(%s: tensor<1x128x1xf32>, %step: tensor<i64>, %len: tensor<i32>) -> tensor<*xf32> {
  // expected-error @+2 {{stft frame_step and frame_length must have the same element type, got 'tensor<i64>' and 'tensor<i32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step frame_length(%len)
      : (tensor<1x128x1xf32>, tensor<i64>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_signal_shorter_than_frame(%s: tensor<1x10x1xf32>, %step: tensor<i64>, %w: tensor<16xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{stft signal 'tensor<1x10x1xf32>' is shorter than a frame of 16 samples}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.stft %s, %step window(%w)
      : (tensor<1x10x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @stft_onesided_not_a_flag(%s: tensor<1x128x1xf32>, %step: tensor<i64>) -> tensor<*xf32> {
  // expected-error @+1 {{onesided must be 0 or 1, got -1}}
  %0 = kiln.stft %s, %step {onesided = -1 : i64}
      : (tensor<1x128x1xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @window_periodic_not_a_flag(%n: tensor<i64>) -> tensor<?xf32> {
  // expected-error @+1 {{periodic must be 0 or 1, got 3}}
  %0 = kiln.hann_window %n {output_datatype = f32, periodic = 3 : i64} : (tensor<i64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @window_negative_size() -> tensor<*xf32> {
  %n = kiln.constant dense<-4> : tensor<i64>
  // expected-error @+2 {{hamming_window size must not be negative, got -4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.hamming_window %n {output_datatype = f32} : (tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @window_size_not_scalar(%n: tensor<3xi32>) -> tensor<*xf32> {
  // expected-error @+2 {{blackman_window size must be a scalar, got 'tensor<3xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.blackman_window %n {output_datatype = f32} : (tensor<3xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @window_bool_output(%n: tensor<i64>) -> tensor<?xi1> {
  // expected-error @+1 {{attribute 'output_datatype' failed to satisfy constraint}}
  %0 = kiln.hann_window %n {output_datatype = i1} : (tensor<i64>) -> tensor<?xi1>
  return %0 : tensor<?xi1>
}

// -----

func.func @window_result_contradicts_size() -> tensor<4xf32> {
  %n = kiln.constant dense<8> : tensor<i64>
  // expected-error @+2 {{inferred type(s) 'tensor<8xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.hann_window %n {output_datatype = f32} : (tensor<i64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @mel_count_types_differ(%bins: tensor<i32>, %len: tensor<i64>, %rate: tensor<i32>, %low: tensor<f32>, %high: tensor<f32>) -> tensor<*xf32> {
  // expected-error @+2 {{mel_weight_matrix num_mel_bins and dft_length must have the same element type, got 'tensor<i32>' and 'tensor<i64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mel_weight_matrix %bins, %len, %rate, %low, %high {output_datatype = f32}
      : (tensor<i32>, tensor<i64>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mel_frequency_types_differ(%bins: tensor<i64>, %len: tensor<i64>, %rate: tensor<i64>, %low: tensor<f32>, %high: tensor<f64>) -> tensor<*xf32> {
  // expected-error @+2 {{mel_weight_matrix lower_edge_hertz and upper_edge_hertz must have the same element type, got 'tensor<f32>' and 'tensor<f64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mel_weight_matrix %bins, %len, %rate, %low, %high {output_datatype = f32}
      : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mel_dft_length_zero(%bins: tensor<i64>, %rate: tensor<i64>, %low: tensor<f32>, %high: tensor<f32>) -> tensor<*xf32> {
  %len = kiln.constant dense<0> : tensor<i64>
  // expected-error @+2 {{mel_weight_matrix dft_length must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mel_weight_matrix %bins, %len, %rate, %low, %high {output_datatype = f32}
      : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mel_operand_not_scalar(%bins: tensor<i64>, %len: tensor<i64>, %rate: tensor<i64>, %low: tensor<2xf32>, %high: tensor<f32>) -> tensor<*xf32> {
  // expected-error @+2 {{mel_weight_matrix lower_edge_hertz must be a scalar, got 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mel_weight_matrix %bins, %len, %rate, %low, %high {output_datatype = f32}
      : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<2xf32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
