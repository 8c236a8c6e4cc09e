// RUN: kiln-opt %s --split-input-file --verify-diagnostics

func.func @constant_of_shape_negative_dim() -> tensor<*xf32> {
  %s = kiln.constant dense<[2, -3]> : tensor<2xi64>
  // expected-error @+2 {{constant_of_shape dims must not be negative, got [2, -3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.constant_of_shape %s : (tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @constant_of_shape_value_not_scalar(%s: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{value must hold one element, got 2}}
  %0 = kiln.constant_of_shape %s {value = dense<[1.0, 2.0]> : tensor<2xf32>} : (tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @cast_result_type_differs(%x: tensor<3xf32>) -> tensor<3xi32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3xi64>' are incompatible with return type(s) of operation 'tensor<3xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.cast %x {to = i64} : (tensor<3xf32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @cast_to_unsupported_type(%x: tensor<3xf32>) -> tensor<3xf8E3M4> {
  // expected-error @+1 {{attribute 'to' failed to satisfy constraint}}
  %0 = kiln.cast %x {to = f8E3M4} : (tensor<3xf32>) -> tensor<3xf8E3M4>
  return %0 : tensor<3xf8E3M4>
}

// -----

func.func @reshape_two_inferred_dims(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+2 {{reshape shape has more than one -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[4, 2]> : tensor<2xi64>
  // expected-error @+2 {{reshape of 'tensor<2x3xf32>' (6 elements) to [4, 2] (8 elements)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_inferred_dim_not_divisible(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[4, -1]> : tensor<2xi64>
  // expected-error @+2 {{reshape cannot infer the -1 dim: 'tensor<2x3xf32>' has 6 elements, not a multiple of 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_allowzero_with_inferred_dim(%x: tensor<0x3xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[0, -1]> : tensor<2xi64>
  // expected-error @+2 {{reshape shape has both 0 and -1 while allowzero is set}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reshape %x, %s {allowzero = 1 : i64} : (tensor<0x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_copies_missing_dim(%x: tensor<6xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[3, 0]> : tensor<2xi64>
  // expected-error @+2 {{reshape shape copies dim 1 of a rank-1 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_shape_not_1d(%x: tensor<6xf32>, %s: tensor<1x2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{reshape shape must be 1-D, got 'tensor<1x2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reshape %x, %s : (tensor<6xf32>, tensor<1x2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @flatten_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{flatten axis 3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @squeeze_dim_not_one(%x: tensor<1x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{squeeze axis 1 of 'tensor<1x3xf32>' has size 3, not 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.squeeze %x {axes = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @squeeze_axes_twice(%x: tensor<1x3xf32>, %axes: tensor<1xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{takes axes as an attribute or an operand, not both}}
  %0 = kiln.squeeze %x, %axes {axes = array<i64: 0>} : (tensor<1x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @unsqueeze_repeated_axis(%x: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{unsqueeze axis -3 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.unsqueeze %x {axes = array<i64: 0, -3>} : (tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @unsqueeze_without_axes(%x: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{takes axes as either an attribute or an operand}}
  %0 = kiln.unsqueeze %x : (tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_not_a_permutation(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{perm [0, 0] is not a permutation of 0..1}}
  %0 = kiln.transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_perm_rank(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{transpose perm has 3 entries for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_dim_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{concat inputs differ in dim 0 outside the axis: 'tensor<4x3xf32>' has 4, expected 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{concat inputs differ in rank: 'tensor<3xf32>' after rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{concat axis -3 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat %a, %a {axis = -3 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @split_sizes_do_not_sum(%x: tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // expected-error @+2 {{split sizes [2, 3] sum to 5, not to dim 6 of 'tensor<6xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.split %x {split = array<i64: 2, 3>} : (tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @split_too_many_parts(%x: tensor<5xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{split cannot divide dim 5 of 'tensor<5xf32>' into 4 parts}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:4 = kiln.split %x {num_outputs = 4 : i64} : (tensor<5xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @split_result_count(%x: tensor<6xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2xf32>', 'tensor<2xf32>', 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<*xf32>', 'tensor<*xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.split %x {num_outputs = 3 : i64} : (tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @split_without_sizes(%x: tensor<6xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{needs exactly one of the split attribute, the split operand and num_outputs, got 0}}
  %0:2 = kiln.split %x : (tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @split_sizes_of_unknown_length(%x: tensor<6xf32>, %s: tensor<?xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{split sizes must have a static length to give the number of results, got 'tensor<?xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.split %x, %s : (tensor<6xf32>, tensor<?xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @split_sizes_twice(%x: tensor<6xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{needs exactly one of the split attribute, the split operand and num_outputs, got 2}}
  %0:2 = kiln.split %x {split = array<i64: 3, 3>, num_outputs = 2 : i64} : (tensor<6xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<10xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<0> : tensor<1xi64>
  %e = kiln.constant dense<5> : tensor<1xi64>
  %a = kiln.constant dense<0> : tensor<1xi64>
  %st = kiln.constant dense<0> : tensor<1xi64>
  // expected-error @+2 {{slice step must not be 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.slice %x, %s, %e axes(%a) steps(%st) : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @slice_lengths_differ(%x: tensor<10x4xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<0> : tensor<2xi64>
  %e = kiln.constant dense<5> : tensor<1xi64>
  // expected-error @+2 {{slice starts, ends, axes and steps differ in length}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.slice %x, %s, %e : (tensor<10x4xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @slice_repeated_axis(%x: tensor<10x4xf32>, %s: tensor<2xi64>, %e: tensor<2xi64>) -> tensor<*xf32> {
  %a = kiln.constant dense<[1, -1]> : tensor<2xi64>
  // expected-error @+2 {{slice axis -1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.slice %x, %s, %e axes(%a) : (tensor<10x4xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @expand_does_not_broadcast(%x: tensor<3x2xf32>) -> tensor<*xf32> {
  %s = kiln.constant dense<[4, 3]> : tensor<2xi64>
  // expected-error @+2 {{expand of 'tensor<3x2xf32>' to [4, 3]: dims 3 and 4 do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.expand %x, %s : (tensor<3x2xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @tile_repeats_length(%x: tensor<3x2xf32>, %r: tensor<3xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{tile repeats has 3 entries for 'tensor<3x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.tile %x, %r : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_unknown_mode(%x: tensor<3xf32>, %p: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{mode must be constant, reflect, edge or wrap, got 'mirror'}}
  %0 = kiln.pad %x, %p {mode = "mirror"} : (tensor<3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_pads_length(%x: tensor<3x4xf32>, %p: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{pad pads has 2 entries for 2 padded axes of 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pad %x, %p : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_crops_too_much(%x: tensor<3xf32>) -> tensor<*xf32> {
  %p = kiln.constant dense<[-2, -2]> : tensor<2xi64>
  // expected-error @+2 {{pad removes more than dim 0 of 'tensor<3xf32>' holds}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pad %x, %p : (tensor<3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_value_type(%x: tensor<3xf32>, %p: tensor<2xi64>, %v: tensor<f16>) -> tensor<*xf32> {
  // expected-error @+1 {{constant_value 'tensor<f16>' differs in element type from data 'tensor<3xf32>'}}
  %0 = kiln.pad %x, %p constant_value(%v) : (tensor<3xf32>, tensor<2xi64>, tensor<f16>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @center_crop_pad_shape_length(%x: tensor<3x4x5xf32>, %s: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{center_crop_pad shape has 2 entries for 3 axes of 'tensor<3x4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.center_crop_pad %x, %s : (tensor<3x4x5xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{depth_to_space channel count 6 is not a multiple of 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x6x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @depth_to_space_mode(%x: tensor<1x8x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{mode must be DCR or CRD, got 'RCD'}}
  %0 = kiln.depth_to_space %x {blocksize = 2 : i64, mode = "RCD"} : (tensor<1x8x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @space_to_depth_rank(%x: tensor<8x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{space_to_depth input must be 4-D (NCHW), got 'tensor<8x2x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.space_to_depth %x {blocksize = 2 : i64} : (tensor<8x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @space_to_depth_blocksize(%x: tensor<1x2x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{blocksize must be positive, got 0}}
  %0 = kiln.space_to_depth %x {blocksize = 0 : i64} : (tensor<1x2x4x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @col2im_block_count(%x: tensor<1x5x24xf32>) -> tensor<*xf32> {
  %image = kiln.constant dense<5> : tensor<2xi64>
  %block = kiln.constant dense<1> : tensor<2xi64>
  // expected-error @+2 {{col2im input 'tensor<1x5x24xf32>' holds 24 blocks, the image takes 25}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.col2im %x, %image, %block : (tensor<1x5x24xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gather_axis_out_of_range(%x: tensor<3x4xf32>, %i: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{gather axis 2 is out of range for 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gather %x, %i {axis = 2 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<3x4xf32>, %i: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{operand #1 must be tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = kiln.gather %x, %i : (tensor<3x4xf32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{gather_elements indices 'tensor<2xi64>' must have the rank of data 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gather_elements %x, %i : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gather_nd_index_depth(%x: tensor<3x4xf32>, %i: tensor<2x3xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{gather_nd indices 'tensor<2x3xi64>' index 3 dims of data 'tensor<3x4xf32>' after 0 batch dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gather_nd %x, %i : (tensor<3x4xf32>, tensor<2x3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @scatter_elements_shapes(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>, %u: tensor<3x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{scatter_elements indices 'tensor<3x2xi64>' and updates 'tensor<3x3xf32>' must have the same shape}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.scatter_elements %x, %i, %u : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @scatter_elements_reduction(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>, %u: tensor<3x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{reduction must be none, add, mul, max or min, got 'sum'}}
  %0 = kiln.scatter_elements %x, %i, %u {reduction = "sum"} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @scatter_nd_updates(%x: tensor<4x5xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{scatter_nd updates 'tensor<2x4xf32>' must have shape [2, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.scatter_nd %x, %i, %u : (tensor<4x5xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @tensor_scatter_batch_axis(%c: tensor<2x8x4xf32>, %u: tensor<2x8x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{tensor_scatter axis -3 must be a non-batch axis of 'tensor<2x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.tensor_scatter %c, %u {axis = -3 : i64} : (tensor<2x8x4xf32>, tensor<2x8x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @tensor_scatter_update_too_long(%c: tensor<2x8x4xf32>, %u: tensor<2x9x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{tensor_scatter update 'tensor<2x9x4xf32>' does not fit past_cache 'tensor<2x8x4xf32>' in dim 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.tensor_scatter %c, %u : (tensor<2x8x4xf32>, tensor<2x9x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @tensor_scatter_mode(%c: tensor<2x8x4xf32>, %u: tensor<2x1x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{mode must be linear or circular, got 'ring'}}
  %0 = kiln.tensor_scatter %c, %u {mode = "ring"} : (tensor<2x8x4xf32>, tensor<2x1x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @trilu_vector(%x: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{trilu input must have rank >= 2, got 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.trilu %x : (tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @one_hot_values(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{one_hot values must be [off, on], got 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.one_hot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @one_hot_axis(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{one_hot axis 2 is out of range for a rank-2 result}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.one_hot %i, %d, %v {axis = 2 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @compress_condition_too_long(%x: tensor<3x2xf32>, %c: tensor<4xi1>) -> tensor<*xf32> {
  // expected-error @+2 {{compress condition 'tensor<4xi1>' is longer than dim 0 of 'tensor<3x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<4xi1>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @unique_axis(%x: tensor<3x2xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{unique axis 2 is out of range for 'tensor<3x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i, %inv, %n = kiln.unique %x {axis = 2 : i64} : (tensor<3x2xf32>) -> (tensor<*xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>)
  return %y : tensor<*xf32>
}

// -----

func.func @reverse_sequence_axes(%x: tensor<4x5xf32>, %l: tensor<5xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{batch_axis and time_axis must be 0 and 1 in some order, got 1 and 1}}
  %0 = kiln.reverse_sequence %x, %l {time_axis = 1 : i64} : (tensor<4x5xf32>, tensor<5xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reverse_sequence_lengths(%x: tensor<4x5xf32>, %l: tensor<4xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{reverse_sequence sequence_lens 'tensor<4xi64>' must have one entry per batch entry of 'tensor<4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reverse_sequence %x, %l : (tensor<4x5xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @range_zero_delta() -> tensor<*xi64> {
  %s = kiln.constant dense<0> : tensor<i64>
  %l = kiln.constant dense<5> : tensor<i64>
  %d = kiln.constant dense<0> : tensor<i64>
  // expected-error @+2 {{range delta must not be 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.range %s, %l, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @range_not_scalar(%s: tensor<2xf32>, %l: tensor<f32>, %d: tensor<f32>) -> tensor<*xf32> {
  // expected-error @+2 {{range operands must be scalars, got 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.range %s, %l, %d : (tensor<2xf32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @eye_like_rank(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{eye_like input must be 2-D, got 'tensor<2x3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.eye_like %x : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @random_normal_negative_shape() -> tensor<*xf32> {
  // expected-error @+2 {{random_normal shape must not have negative dims, got [2, -1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.random_normal {dtype = f32, shape = array<i64: 2, -1>} : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @random_uniform_integer_type() -> tensor<2xi32> {
  // expected-error @+1 {{attribute 'dtype' failed to satisfy constraint}}
  %0 = kiln.random_uniform {dtype = i32, shape = array<i64: 2>} : () -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @random_normal_like_needs_float(%x: tensor<3xi32>) -> tensor<*xf32> {
  // expected-error @+2 {{random_normal_like needs a float dtype for 'tensor<3xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.random_normal_like %x : (tensor<3xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @multinomial_rank(%x: tensor<10xf32>) -> tensor<*xi32> {
  // expected-error @+2 {{multinomial input must be [batch, classes], got 'tensor<10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.multinomial %x {dtype = i32} : (tensor<10xf32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @multinomial_sample_size(%x: tensor<2x10xf32>) -> tensor<*xi32> {
  // expected-error @+1 {{sample_size must be positive, got 0}}
  %0 = kiln.multinomial %x {dtype = i32, sample_size = 0 : i64} : (tensor<2x10xf32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}
