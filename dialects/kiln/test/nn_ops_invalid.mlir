// RUN: kiln-opt %s --split-input-file --verify-diagnostics

func.func @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv input has 4 channels, expected filter channels (3) * group (1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_group(%x: tensor<1x8x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv filter count 6 is not a multiple of group 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w {group = 4 : i64} : (tensor<1x8x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_kernel_shape_size(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv kernel_shape has 3 values, expected 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w {kernel_shape = array<i64: 3, 3, 3>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_kernel_shape_differs(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv kernel_shape[1] = 2 differs from the filter's dim 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w {kernel_shape = array<i64: 3, 2>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_zero_stride(%x: tensor<*xf32>, %w: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv strides values must be >= 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w {strides = array<i64: 1, 0>} : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_pads_with_same(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv pads cannot be combined with auto_pad SAME_UPPER}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w {auto_pad = "SAME_UPPER", pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_bad_auto_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got 'SAME'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w {auto_pad = "SAME"} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv bias has 4 elements, expected 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_rank(%x: tensor<3x8xf32>, %w: tensor<8x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv needs inputs of rank >= 3 (N x C x D1 ...), got rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w : (tensor<3x8xf32>, tensor<8x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_element_types(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf16>) -> tensor<*xf32> {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = kiln.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf16>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_integer(%x: tensor<1x3x8x8xi32>, %w: tensor<8x3x3x3xi32>) -> tensor<*xi32> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.conv %x, %w : (tensor<1x3x8x8xi32>, tensor<8x3x3x3xi32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @conv_result_contradicts(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x8x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x8x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @conv_transpose_output_shape(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv_transpose output_shape has 4 values, expected 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_transpose %x, %w {output_shape = array<i64: 1, 4, 9, 9>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_transpose_channels(%x: tensor<1x6x4x4xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{conv_transpose input has 6 channels, the filter 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv_transpose %x, %w : (tensor<1x6x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @deform_conv_offset(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x2x2xf32>, %off: tensor<1x4x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{deform_conv offset has 4 channels, expected 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.deform_conv %x, %w, %off : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_pool_window_too_large(%x: tensor<1x1x2x2xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  // expected-error @+2 {{max_pool window of 3 elements (dilated kernel) exceeds the padded input size 2 of spatial dim 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.max_pool %x {kernel_shape = array<i64: 3, 1>} : (tensor<1x1x2x2xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @max_pool_storage_order(%x: tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  // expected-error @+1 {{'kiln.max_pool' op storage_order must be 0 or 1, got 2}}
  %0:2 = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>, storage_order = 2 : i64} : (tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @max_pool_without_kernel(%x: tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  // expected-error @+1 {{requires attribute 'kernel_shape'}}
  %0:2 = kiln.max_pool %x : (tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @max_pool_indices_type(%x: tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi32>) {
  // expected-error @+1 {{result #1 must be tensor of 64-bit signless integer values}}
  %0:2 = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi32>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xi32>
}

// -----

func.func @average_pool_rank(%x: tensor<4x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{average_pool needs inputs of rank >= 3 (N x C x D1 ...), got rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.average_pool %x {kernel_shape = array<i64: 2, 2>} : (tensor<4x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @lp_pool_p(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.lp_pool' op p must be >= 1, got 0}}
  %0 = kiln.lp_pool %x {kernel_shape = array<i64: 2, 2>, p = 0 : i64} : (tensor<1x1x4x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @global_pool_rank(%x: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{global_average_pool needs an input of rank >= 2 (N x C x ...), got 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.global_average_pool %x : (tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_unpool_output_shape(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<*xf32> {
  %shape = kiln.constant dense<[4, 4]> : tensor<2xi64>
  // expected-error @+2 {{max_unpool output_shape must hold 4 values, got 'tensor<2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.max_unpool %x, %i, %shape {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_normalization_channels(%x: tensor<2x8x4xf32>, %s: tensor<8xf32>, %m: tensor<6xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{batch_normalization input_mean has 6 elements, expected 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = kiln.batch_normalization %x, %s, %s, %m, %m : (tensor<2x8x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<6xf32>, tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @batch_normalization_stats_types(%x: tensor<2x8xf32>, %s: tensor<8xf32>, %m: tensor<8xf16>) -> tensor<*xf32> {
  // expected-error @+1 {{failed to verify that all of {input_mean, input_var, running_mean, running_var} have the same element type}}
  %0:3 = kiln.batch_normalization %x, %s, %s, %m, %m : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf16>, tensor<8xf16>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @layer_normalization_axis(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{layer_normalization axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = kiln.layer_normalization %x, %s {axis = 2 : i64} : (tensor<2x8xf32>, tensor<8xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @layer_normalization_stash_type(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{attribute 'stash_type' failed to satisfy constraint: type attribute of}}
  %0:3 = kiln.layer_normalization %x, %s {stash_type = i32} : (tensor<2x8xf32>, tensor<8xf32>) -> (tensor<*xf32>, tensor<*xi32>, tensor<*xi32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @group_normalization_groups(%x: tensor<2x6x4xf32>, %s: tensor<6xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{group_normalization channels 6 are not a multiple of num_groups 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.group_normalization %x, %s, %s {num_groups = 4 : i64} : (tensor<2x6x4xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// The opset 18 form (one scale per group) is not the canonical one.
func.func @group_normalization_per_group_scale(%x: tensor<2x6x4xf32>, %s: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{group_normalization scale has 3 elements, expected 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.group_normalization %x, %s, %s {num_groups = 3 : i64} : (tensor<2x6x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @lp_normalization_p(%x: tensor<2x8xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.lp_normalization' op p must be 1 or 2, got 3}}
  %0 = kiln.lp_normalization %x {p = 3 : i64} : (tensor<2x8xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mean_variance_normalization_axes(%x: tensor<2x8xf32>) -> tensor<*xf32> {
  // The default axes [0, 2, 3] need rank 4.
  // expected-error @+2 {{mean_variance_normalization axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mean_variance_normalization %x : (tensor<2x8xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @lrn_size(%x: tensor<1x4x8xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.lrn' op size must be >= 1, got 0}}
  %0 = kiln.lrn %x {size = 0 : i64} : (tensor<1x4x8xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dropout_ratio(%x: tensor<4xf32>, %r: tensor<1xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{dropout ratio must be a scalar, got 'tensor<1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.dropout %x ratio(%r) : (tensor<4xf32>, tensor<1xf32>) -> (tensor<*xf32>, tensor<*xi1>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @resize_scales_and_sizes(%x: tensor<1x3x8x8xf32>, %s: tensor<4xf32>, %z: tensor<4xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{resize needs exactly one of scales and sizes}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.resize %x scales(%s) sizes(%z) : (tensor<1x3x8x8xf32>, tensor<4xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_neither(%x: tensor<1x3x8x8xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{resize needs exactly one of scales and sizes}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.resize %x : (tensor<1x3x8x8xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_scales_count(%x: tensor<1x3x8x8xf32>, %s: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{resize scales has 3 values, expected 4 (one per axis)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.resize %x scales(%s) : (tensor<1x3x8x8xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_repeated_axis(%x: tensor<1x3x8x8xf32>, %s: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{resize axis -1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.resize %x scales(%s) {axes = array<i64: 3, -1>} : (tensor<1x3x8x8xf32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_scales_keep_aspect(%x: tensor<1x3x8x8xf32>, %s: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{resize keep_aspect_ratio_policy not_larger needs sizes, not scales}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.resize %x scales(%s) {keep_aspect_ratio_policy = "not_larger"} : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_negative_scale(%x: tensor<1x3x8x8xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[1.0, 1.0, -2.0, 2.0]> : tensor<4xf32>
  // expected-error @+2 {{resize scales must be positive, got -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.resize %x scales(%s) : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @resize_mode(%x: tensor<1x3x8x8xf32>, %s: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.resize' op mode must be one of 'nearest', 'linear', 'cubic', got 'bilinear'}}
  %0 = kiln.resize %x scales(%s) {mode = "bilinear"} : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @grid_sample_ranks(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x4x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{grid_sample input and grid ranks differ}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x4x4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @grid_sample_last_dim(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{grid_sample grid's last dim must be 2 (the number of spatial dims)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @grid_sample_mode(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x2xf32>) -> tensor<*xf32> {
  // Opset 16's "bilinear" is renamed at import.
  // expected-error @+1 {{'kiln.grid_sample' op mode must be one of 'linear', 'nearest', 'cubic', got 'bilinear'}}
  %0 = kiln.grid_sample %x, %g {mode = "bilinear"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @affine_grid_theta(%t: tensor<2x2x4xf32>, %s: tensor<4xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{affine_grid needs theta N x 2 x 3 with 4 sizes or N x 3 x 4 with 5 sizes}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.affine_grid %t, %s : (tensor<2x2x4xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @roi_align_rois(%x: tensor<1x8x16x16xf32>, %r: tensor<5x3xf32>, %i: tensor<5xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{roi_align rois dim 1 is 3, expected 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.roi_align %x, %r, %i : (tensor<1x8x16x16xf32>, tensor<5x3xf32>, tensor<5xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @roi_align_mode(%x: tensor<1x8x16x16xf32>, %r: tensor<5x4xf32>, %i: tensor<5xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.roi_align' op mode must be one of 'avg', 'max', got 'sum'}}
  %0 = kiln.roi_align %x, %r, %i {mode = "sum"} : (tensor<1x8x16x16xf32>, tensor<5x4xf32>, tensor<5xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @non_max_suppression_spatial(%b: tensor<1x6x4xf32>, %s: tensor<1x2x5xf32>) -> tensor<*xi64> {
  // expected-error @+2 {{non_max_suppression scores dim 2 is 5, expected 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.non_max_suppression %b, %s : (tensor<1x6x4xf32>, tensor<1x2x5xf32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @lstm_gate_rows(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x16x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{lstm W dim 1 is 12, expected 16}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = kiln.lstm %x, %w, %r : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x16x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @gru_directions(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{gru W dim 0 is 1, expected 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.gru %x, %w, %r {direction = "bidirectional"} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @rnn_direction(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{rnn direction must be forward, reverse or bidirectional, got 'backward'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.rnn %x, %w, %r {direction = "backward"} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @rnn_activations(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.rnn' op unknown activation 'Gelu'}}
  %0:2 = kiln.rnn %x, %w, %r {activations = ["Gelu"]} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @lstm_activation_count(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.lstm' op activations must hold 3 names per direction, got 2}}
  %0:3 = kiln.lstm %x, %w, %r {activations = ["Sigmoid", "Tanh"]} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @attention_3d_heads(%q: tensor<2x16x64xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{attention with 3-D inputs needs q_num_heads and kv_num_heads}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:4 = kiln.attention %q, %q, %q : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @attention_head_size(%q: tensor<2x8x16x64xf32>, %k: tensor<2x8x16x32xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{attention Q and K head sizes differ}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:4 = kiln.attention %q, %k, %k : (tensor<2x8x16x64xf32>, tensor<2x8x16x32xf32>, tensor<2x8x16x32xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @attention_past_key_alone(%q: tensor<2x8x16x64xf32>, %pk: tensor<2x8x4x64xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.attention' op past_key and past_value must be given together}}
  %0:4 = kiln.attention %q, %q, %q past_key(%pk) : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x4x64xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @rotary_embedding_3d(%x: tensor<1x8x64xf32>, %c: tensor<1x8x8xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{rotary_embedding with a 3-D input needs num_heads}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.rotary_embedding %x, %c, %c : (tensor<1x8x64xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @rotary_embedding_f64(%x: tensor<1x2x8x64xf64>, %c: tensor<1x8x32xf64>) -> tensor<*xf64> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.rotary_embedding %x, %c, %c : (tensor<1x2x8x64xf64>, tensor<1x8x32xf64>, tensor<1x8x32xf64>) -> tensor<*xf64>
  return %0 : tensor<*xf64>
}

// -----

func.func @nll_target_rank(%x: tensor<3x5xf32>, %t: tensor<3x5xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{negative_log_likelihood_loss target must have rank 1, got 'tensor<3x5xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.negative_log_likelihood_loss %x, %t : (tensor<3x5xf32>, tensor<3x5xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @nll_reduction(%x: tensor<3x5xf32>, %t: tensor<3xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.negative_log_likelihood_loss' op reduction must be none, sum or mean, got 'max'}}
  %0 = kiln.negative_log_likelihood_loss %x, %t {reduction = "max"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @softmax_cross_entropy_weights(%x: tensor<3x5xf32>, %t: tensor<3xi64>, %w: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{softmax_cross_entropy_loss weight has 4 elements, expected 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.softmax_cross_entropy_loss %x, %t, %w : (tensor<3x5xf32>, tensor<3xi64>, tensor<4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}
