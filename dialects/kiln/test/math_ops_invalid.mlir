// RUN: kiln-opt %s --split-input-file --verify-diagnostics

func.func @mod_float_without_fmod(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.mod' op fmod must be 1 for float operands, got 'tensor<4xf32>'}}
  %0 = kiln.mod %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @mod_bad_fmod(%a: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.mod' op fmod must be 0 or 1, got 2}}
  %0 = kiln.mod %a, %a {fmod = 2 : i64} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @bit_shift_bad_direction(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'kiln.bit_shift' op direction must be "LEFT" or "RIGHT", got "left"}}
  %0 = kiln.bit_shift %a, %a {direction = "left"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @bit_shift_signed(%a: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.bit_shift %a, %a {direction = "LEFT"} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @bit_shift_without_direction(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{requires attribute 'direction'}}
  %0 = kiln.bit_shift %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @gelu_bad_approximate(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.gelu' op approximate must be "none" or "tanh", got "erf"}}
  %0 = kiln.gelu %a {approximate = "erf"} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @celu_on_f16(%a: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{operand #0 must be tensor of 32-bit float values}}
  %0 = kiln.celu %a : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @sqrt_on_integers(%a: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.sqrt %a : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @is_nan_on_integers(%a: tensor<4xi32>) -> tensor<4xi1> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.is_nan %a : (tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @is_inf_result_not_bool(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result #0 must be tensor of 1-bit signless integer values}}
  %0 = kiln.is_inf %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @less_result_not_bool(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result #0 must be tensor of 1-bit signless integer values}}
  %0 = kiln.less %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @less_on_bool(%a: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.less %a, %a : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @equal_element_types_differ(%a: tensor<4xf32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  // expected-error @+1 {{requires the same element type for all operands}}
  %0 = kiln.equal %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @greater_shapes_do_not_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<*xi1> {
  // expected-error @+2 {{operand shapes do not broadcast: 'tensor<2x3xf32>' and 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.greater %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<*xi1>
  return %0 : tensor<*xi1>
}

// -----

func.func @and_on_integers(%a: tensor<4xi8>) -> tensor<4xi1> {
  // expected-error @+1 {{operand #0 must be tensor of 1-bit signless integer values}}
  %0 = kiln.and %a, %a : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @pow_shapes_do_not_broadcast(%a: tensor<3xf32>, %b: tensor<4xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{operand shapes do not broadcast: 'tensor<3xf32>' and 'tensor<4xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pow %a, %b : (tensor<3xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pow_result_takes_base_type(%a: tensor<3xf32>, %b: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error @+2 {{inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<3xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pow %a, %b : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @where_element_types_differ(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xf16>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.where' op requires X and Y of the same element type, got 'tensor<3xf32>' and 'tensor<3xf16>'}}
  %0 = kiln.where %c, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_shapes_do_not_broadcast(%c: tensor<2xi1>, %x: tensor<3xf32>, %y: tensor<f32>) -> tensor<*xf32> {
  // expected-error @+2 {{operand shapes do not broadcast: 'tensor<2xi1>' and 'tensor<3xf32>' and 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.where %c, %x, %y : (tensor<2xi1>, tensor<3xf32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @where_condition_not_bool(%c: tensor<3xi8>, %x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{operand #0 must be tensor of 1-bit signless integer values}}
  %0 = kiln.where %c, %x, %x : (tensor<3xi8>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @max_without_operands() -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.max' op expected 1 or more operands, but found 0}}
  %0 = "kiln.max"() : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @sum_on_integers(%a: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{operand #0 must be variadic of tensor of}}
  %0 = kiln.sum %a, %a : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// Unidirectional broadcasting: the slope may not stretch X.
func.func @prelu_slope_stretches_input(%x: tensor<1x3xf32>, %slope: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{prelu slope 'tensor<2x3xf32>' does not broadcast to the input 'tensor<1x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.prelu %x, %slope : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @prelu_slope_of_higher_rank(%x: tensor<3xf32>, %slope: tensor<1x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{prelu slope 'tensor<1x3xf32>' does not broadcast to the input 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.prelu %x, %slope : (tensor<3xf32>, tensor<1x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @clip_bound_with_two_elements(%x: tensor<4xf32>, %lo: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.clip' op bounds must hold a single element, got 'tensor<2xf32>'}}
  %0 = kiln.clip %x min %lo : (tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_element_type_differs(%x: tensor<4xf32>, %hi: tensor<f16>) -> tensor<4xf32> {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = kiln.clip %x max %hi : (tensor<4xf32>, tensor<f16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @softmax_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{softmax axis 2 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.softmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @hardmax_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{hardmax axis -3 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.hardmax %x {axis = -3 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @cumsum_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %axis = kiln.constant dense<2> : tensor<i64>
  // expected-error @+2 {{cumsum axis 2 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.cumsum %x, %axis : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @cumsum_axis_not_scalar(%x: tensor<2x3xf32>, %axis: tensor<2xi32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{cumsum axis must be a scalar or hold one element, got 'tensor<2xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.cumsum %x, %axis : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gemm_not_matrices(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{gemm operands A and B must be 2-D, got 'tensor<2x3x4xf32>' and 'tensor<4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gemm_contraction_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{gemm contraction dims differ: A' has 2, B' has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gemm %a, %b {transA = 1 : i64} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gemm_c_does_not_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<2x1x5xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{gemm operand C 'tensor<2x1x5xf32>' does not broadcast to the result 'tensor<2x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<2x1x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gemm_c_stretches_result(%a: tensor<1x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{gemm operand C 'tensor<4x5xf32>' does not broadcast to the result 'tensor<1x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gemm %a, %b, %c : (tensor<1x3xf32>, tensor<3x5xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_malformed(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum equation "ij->j?" is malformed: unexpected character '?'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "ij->j?"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_two_ellipses(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum equation "...i...->i" is malformed: a term has more than one ellipsis}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "...i...->i"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_term_count(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum equation "ij,jk->ik" has 2 input terms for 1 inputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "ij,jk->ik"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_rank_mismatch(%a: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum input #0 'tensor<2x3x4xf32>' does not have the rank its term in "ij->i" gives it}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "ij->i"} : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_letter_sizes_differ(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum letter 'j' has size 4 in input #1 'tensor<4x5xf32>' but size 3 elsewhere}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_output_letter_unknown(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum equation "ij->k" is malformed: output letter 'k' is not in any input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "ij->k"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_output_letter_repeats(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum equation "ij->jj" is malformed: output letter 'j' repeats}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "ij->jj"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_output_drops_ellipsis(%a: tensor<5x2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum equation "...ij->ij" drops the dims under '...' from its output}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a {equation = "...ij->ij"} : (tensor<5x2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_ellipses_do_not_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{einsum dims under '...' of input #1 'tensor<4x3xf32>' do not broadcast with the other inputs'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.einsum %a, %b {equation = "...i,...i->..."} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_without_inputs() -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.einsum' op expected 1 or more operands, but found 0}}
  %0 = kiln.einsum {equation = "->"} : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @det_not_square(%a: tensor<5x2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{det operand must hold square matrices, got 'tensor<5x2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.det %a : (tensor<5x2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @det_vector(%a: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{det operand must have rank >= 2, got 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.det %a : (tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
