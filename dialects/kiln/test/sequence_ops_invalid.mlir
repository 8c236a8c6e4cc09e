// RUN: kiln-opt %s --split-input-file --verify-diagnostics

// expected-error @+2 {{invalid kind of type specified}}
// expected-error @+1 {{failed to parse Kiln_SequenceType parameter 'elementType'}}
func.func @sequence_of_sequence(%s: !kiln.sequence<!kiln.sequence<tensor<2xf32>>>)

// -----

// expected-error @+1 {{optional values must be tensors or sequences, got 'i32'}}
func.func @optional_of_scalar(%o: !kiln.optional<i32>)

// -----

func.func @construct_no_input() -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %0 = kiln.sequence_construct : () -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @construct_mixed(%a: tensor<2xf32>, %b: tensor<2xi64>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+1 {{requires the same element type for all operands}}
  %0 = kiln.sequence_construct %a, %b : (tensor<2xf32>, tensor<2xi64>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @construct_wrong_result(%a: tensor<2xf32>) -> !kiln.sequence<tensor<3xf32>> {
  // expected-error @+2 {{inferred type(s) '!kiln.sequence<tensor<2xf32>>' are incompatible with return type(s) of operation '!kiln.sequence<tensor<3xf32>>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.sequence_construct %a : (tensor<2xf32>) -> !kiln.sequence<tensor<3xf32>>
  return %0 : !kiln.sequence<tensor<3xf32>>
}

// -----

func.func @insert_other_type(%s: !kiln.sequence<tensor<*xf32>>, %x: tensor<3xi64>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+2 {{sequence_insert cannot insert 'tensor<3xi64>' into a sequence of 'tensor<*xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.sequence_insert %s, %x : (!kiln.sequence<tensor<*xf32>>, tensor<3xi64>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @at_position_list(%s: !kiln.sequence<tensor<*xf32>>, %p: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+2 {{sequence_at position must hold one element, got 'tensor<2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.sequence_at %s, %p : (!kiln.sequence<tensor<*xf32>>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @at_not_sequence(%x: tensor<3xf32>, %p: tensor<i64>) -> tensor<*xf32> {
  // expected-error @+1 {{operand #0 must be sequence of tensors, but got 'tensor<3xf32>'}}
  %0 = kiln.sequence_at %x, %p : (tensor<3xf32>, tensor<i64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @split_axis(%x: tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+2 {{split_to_sequence axis 2 is out of range for 'tensor<3x6xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.split_to_sequence %x {axis = 2 : i64} : (tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @split_sizes_sum(%x: tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>> {
  %split = kiln.constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+2 {{split_to_sequence split sizes sum to 5, but the split dim has size 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.split_to_sequence %x, %split {axis = 1 : i64} : (tensor<3x6xf32>, tensor<2xi64>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @split_zero_chunk(%x: tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>> {
  %split = kiln.constant dense<0> : tensor<i64>
  // expected-error @+2 {{split_to_sequence split sizes must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.split_to_sequence %x, %split : (tensor<3x6xf32>, tensor<i64>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @split_matrix(%x: tensor<3x6xf32>, %split: tensor<2x2xi64>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+2 {{split_to_sequence split must be a scalar or 1-D, got 'tensor<2x2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.split_to_sequence %x, %split : (tensor<3x6xf32>, tensor<2x2xi64>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @split_keepdims(%x: tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+1 {{keepdims must be 0 or 1, got 2}}
  %0 = kiln.split_to_sequence %x {keepdims = 2 : i64} : (tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>>
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @concat_axis(%s: !kiln.sequence<tensor<2x3xf32>>) -> tensor<*xf32> {
  // expected-error @+2 {{concat_from_sequence axis 2 is out of range for concatenating 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat_from_sequence %s {axis = 2 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_new_axis(%s: !kiln.sequence<tensor<2x3xf32>>) -> tensor<*xf32> {
  // expected-error @+1 {{new_axis must be 0 or 1, got 3}}
  %0 = kiln.concat_from_sequence %s {axis = 0 : i64, new_axis = 3 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @map_arguments(%s: !kiln.sequence<tensor<?xf32>>, %t: tensor<?xf32>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+1 {{body takes 1 arguments, expected 2 (one per input)}}
  %0 = kiln.sequence_map %s, %t : (!kiln.sequence<tensor<?xf32>>, tensor<?xf32>) -> !kiln.sequence<tensor<*xf32>> {
  ^bb0(%a: tensor<?xf32>):
    kiln.yield %a : tensor<?xf32>
  }
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @map_argument_type(%s: !kiln.sequence<tensor<?xf32>>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+1 {{body argument #0 is 'tensor<?xi64>', incompatible with 'tensor<?xf32>'}}
  %0 = kiln.sequence_map %s : (!kiln.sequence<tensor<?xf32>>) -> !kiln.sequence<tensor<*xf32>> {
  ^bb0(%a: tensor<?xi64>):
    %b = kiln.cast %a {to = f32} : (tensor<?xi64>) -> tensor<?xf32>
    kiln.yield %b : tensor<?xf32>
  }
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @map_yields_sequence(%s: !kiln.sequence<tensor<?xf32>>) -> !kiln.sequence<tensor<*xf32>> {
  // expected-error @+2 {{sequence_map body must yield tensors, got '!kiln.sequence<tensor<?xf32>>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.sequence_map %s : (!kiln.sequence<tensor<?xf32>>) -> !kiln.sequence<tensor<*xf32>> {
  ^bb0(%a: tensor<?xf32>):
    kiln.yield %s : !kiln.sequence<tensor<?xf32>>
  }
  return %0 : !kiln.sequence<tensor<*xf32>>
}

// -----

func.func @optional_without_type() -> !kiln.optional<tensor<*xf32>> {
  // expected-error @+2 {{optional needs an input or a type}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.optional : () -> !kiln.optional<tensor<*xf32>>
  return %0 : !kiln.optional<tensor<*xf32>>
}

// -----

func.func @optional_type_mismatch(%x: tensor<4xf32>) -> !kiln.optional<tensor<*xf32>> {
  // expected-error @+2 {{optional input of type 'tensor<4xf32>' contradicts type 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.optional %x {type = tensor<5xf32>} : (tensor<4xf32>) -> !kiln.optional<tensor<*xf32>>
  return %0 : !kiln.optional<tensor<*xf32>>
}

// -----

func.func @optional_of_optional(%o: !kiln.optional<tensor<4xf32>>) -> !kiln.optional<tensor<4xf32>> {
  // expected-error @+1 {{operand #0 must be tensor or sequence, but got '!kiln.optional<tensor<4xf32>>'}}
  %0 = kiln.optional %o : (!kiln.optional<tensor<4xf32>>) -> !kiln.optional<tensor<4xf32>>
  return %0 : !kiln.optional<tensor<4xf32>>
}

// -----

func.func @get_element_wrong_result(%o: !kiln.optional<tensor<4xf32>>) -> tensor<5xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.optional_get_element %o : (!kiln.optional<tensor<4xf32>>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @if_optional_of_other_kind(%c: tensor<i1>, %x: tensor<5xf32>, %o: !kiln.optional<!kiln.sequence<tensor<5xf32>>>) {
  // expected-error @+1 {{else branch yields 'tensor<5xf32>' as value #0, incompatible with '!kiln.optional<!kiln.sequence<tensor<5xf32>>>'}}
  %0 = kiln.if %c : tensor<i1> -> !kiln.optional<!kiln.sequence<tensor<5xf32>>> then {
    kiln.yield %o : !kiln.optional<!kiln.sequence<tensor<5xf32>>>
  } else {
    kiln.yield %x : tensor<5xf32>
  }
  return
}
