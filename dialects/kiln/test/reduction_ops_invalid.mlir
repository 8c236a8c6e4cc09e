// RUN: kiln-opt %s --split-input-file --verify-diagnostics

func.func @reduce_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{reduction axis 2 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axis_repeated(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+2 {{reduction axis -1 is given twice for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_mean %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_constant_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %axes = kiln.constant dense<[-3]> : tensor<1xi64>
  // expected-error @+2 {{reduction axis -3 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_max %x, %axes : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_too_many_axes(%x: tensor<2x3xf32>, %axes: tensor<3xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{reduction has 3 axes, more than the rank of 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_min %x, %axes {keepdims = 0 : i64} : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axes_twice(%x: tensor<2x3xf32>, %axes: tensor<1xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce_sum' op takes its axes either as the 'axes' attribute or as an operand, not both}}
  %0 = kiln.reduce_sum %x, %axes {axes = array<i64: 0>} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axes_operand_not_1d(%x: tensor<2x3xf32>, %axes: tensor<1x1xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce_prod' op axes operand must be 1-D, got 'tensor<1x1xi64>'}}
  %0 = kiln.reduce_prod %x, %axes : (tensor<2x3xf32>, tensor<1x1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axes_operand_not_i64(%x: tensor<2x3xf32>, %axes: tensor<1xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{operand #1 must be tensor of 64-bit signless integer values}}
  %0 = kiln.reduce_l1 %x, %axes : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_keepdims_not_flag(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce_l2' op attribute 'keepdims' must be 0 or 1, got 2}}
  %0 = kiln.reduce_l2 %x {keepdims = 2 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_noop_not_flag(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce_log_sum' op attribute 'noop_with_empty_axes' must be 0 or 1, got -1}}
  %0 = kiln.reduce_log_sum %x {noop_with_empty_axes = -1 : i64} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_result_contradicts_inference(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_log_sum_exp %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_element_type_differs(%x: tensor<2x3xf32>) -> tensor<*xf16> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x1xf32>' are incompatible with return type(s) of operation 'tensor<*xf16>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_sum_square %x : (tensor<2x3xf32>) -> tensor<*xf16>
  return %0 : tensor<*xf16>
}

// -----

func.func @reduce_sum_on_i8(%x: tensor<4xi8>) -> tensor<*xi8> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.reduce_sum %x : (tensor<4xi8>) -> tensor<*xi8>
  return %0 : tensor<*xi8>
}

// -----

func.func @reduce_sum_on_bool(%x: tensor<4xi1>) -> tensor<*xi1> {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %0 = kiln.reduce_sum %x : (tensor<4xi1>) -> tensor<*xi1>
  return %0 : tensor<*xi1>
}

// -----

func.func @arg_max_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<*xi64> {
  // expected-error @+2 {{axis 2 is out of range for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @arg_min_of_scalar(%x: tensor<f32>) -> tensor<*xi64> {
  // expected-error @+2 {{axis 0 is out of range for 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.arg_min %x : (tensor<f32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @arg_max_result_not_i64(%x: tensor<2x3xf32>) -> tensor<2x1xi32> {
  // expected-error @+1 {{result #0 must be tensor of 64-bit signless integer values}}
  %0 = kiln.arg_max %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

func.func @arg_max_select_last_index_not_flag(%x: tensor<2x3xf32>) -> tensor<*xi64> {
  // expected-error @+1 {{'kiln.arg_max' op attribute 'select_last_index' must be 0 or 1, got 3}}
  %0 = kiln.arg_max %x {select_last_index = 3 : i64} : (tensor<2x3xf32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @top_k_exceeds_dim(%x: tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  %k = kiln.constant dense<5> : tensor<1xi64>
  // expected-error @+2 {{top_k K = 5 exceeds the size 4 of axis -1 of 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = kiln.top_k %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %v, %i : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @top_k_negative(%x: tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  %k = kiln.constant dense<-1> : tensor<1xi64>
  // expected-error @+2 {{top_k needs a non-negative K, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = kiln.top_k %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %v, %i : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @top_k_axis_out_of_range(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>) {
  // expected-error @+2 {{top_k axis -3 is out of range for 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = kiln.top_k %x, %k {axis = -3 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %v, %i : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @top_k_k_not_one_element(%x: tensor<3x4xf32>, %k: tensor<2xi64>) -> (tensor<*xf32>, tensor<*xi64>) {
  // expected-error @+1 {{'kiln.top_k' op K must be a 1-D tensor of one element, got 'tensor<2xi64>'}}
  %v, %i = kiln.top_k %x, %k : (tensor<3x4xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %v, %i : tensor<*xf32>, tensor<*xi64>
}

// -----

func.func @top_k_values_type_differs(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> (tensor<*xf16>, tensor<*xi64>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3x?xf32>', 'tensor<3x?xi64>' are incompatible with return type(s) of operation 'tensor<*xf16>', 'tensor<*xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = kiln.top_k %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<*xf16>, tensor<*xi64>)
  return %v, %i : tensor<*xf16>, tensor<*xi64>
}

// -----

func.func @top_k_largest_not_flag(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>) {
  // expected-error @+1 {{'kiln.top_k' op attribute 'largest' must be 0 or 1, got 2}}
  %v, %i = kiln.top_k %x, %k {largest = 2 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return %v, %i : tensor<*xf32>, tensor<*xi64>
}
