// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s
// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes,canonicalize))' | FileCheck %s --check-prefix=FOLD

// Sequence element types follow what goes in; SequenceAt gives the element
// type, SequenceLength a scalar.
// CHECK-LABEL: func.func @construct_at
// CHECK-SAME: -> (!kiln.sequence<tensor<?x3xf32>>, tensor<?x3xf32>, tensor<i64>)
// FOLD-LABEL: func.func @construct_at
// FOLD-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[P:.*]]: tensor<i64>)
func.func @construct_at(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %p: tensor<i64>)
    -> (!kiln.sequence<tensor<*xf32>>, tensor<*xf32>, tensor<*xi64>) {
  // CHECK: kiln.sequence_construct {{.*}} -> !kiln.sequence<tensor<?x3xf32>>
  %s = kiln.sequence_construct %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> !kiln.sequence<tensor<*xf32>>
  // CHECK: kiln.sequence_at {{.*}} -> tensor<?x3xf32>
  %x = kiln.sequence_at %s, %p : (!kiln.sequence<tensor<*xf32>>, tensor<i64>) -> tensor<*xf32>
  // CHECK: kiln.sequence_length {{.*}} -> tensor<i64>
  // The length of a constructed sequence folds.
  // FOLD: %[[N:.*]] = kiln.constant dense<2> : tensor<i64>
  %n = kiln.sequence_length %s : (!kiln.sequence<tensor<*xf32>>) -> tensor<*xi64>
  // FOLD: return {{.*}}, %[[N]]
  return %s, %x, %n : !kiln.sequence<tensor<*xf32>>, tensor<*xf32>, tensor<*xi64>
}

// -----

// An element at a constant position of a constructed sequence folds to the
// input when the types agree.
// FOLD-LABEL: func.func @at_constant
// FOLD-SAME: (%[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @at_constant(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<*xf32> {
  %s = kiln.sequence_construct %a, %b : (tensor<3xf32>, tensor<3xf32>) -> !kiln.sequence<tensor<*xf32>>
  %p = kiln.constant dense<-1> : tensor<i64>
  %x = kiln.sequence_at %s, %p : (!kiln.sequence<tensor<*xf32>>, tensor<i64>) -> tensor<*xf32>
  // FOLD: return %[[B]] : tensor<3xf32>
  return %x : tensor<*xf32>
}

// -----

// Inserting into an empty sequence gives the tensor's type; inserting into
// a sequence joins the types.
// CHECK-LABEL: func.func @insert
// CHECK-SAME: -> (!kiln.sequence<tensor<2x3xf32>>, !kiln.sequence<tensor<*xf32>>)
func.func @insert(%a: tensor<2x3xf32>, %b: tensor<3xf32>)
    -> (!kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>) {
  %e = kiln.sequence_empty {dtype = f32} : () -> !kiln.sequence<tensor<*xf32>>
  // CHECK: kiln.sequence_insert {{.*}} -> !kiln.sequence<tensor<2x3xf32>>
  %0 = kiln.sequence_insert %e, %a : (!kiln.sequence<tensor<*xf32>>, tensor<2x3xf32>) -> !kiln.sequence<tensor<*xf32>>
  // CHECK: kiln.sequence_insert {{.*}} -> !kiln.sequence<tensor<*xf32>>
  %1 = kiln.sequence_insert %0, %b : (!kiln.sequence<tensor<*xf32>>, tensor<3xf32>) -> !kiln.sequence<tensor<*xf32>>
  return %0, %1 : !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>
}

// -----

// SplitToSequence: chunks of 1 by default (dropped with keepdims = 0); a
// constant chunk size that divides the dim, or equal constant sizes, give a
// static dim; otherwise it is dynamic.
// CHECK-LABEL: func.func @split
func.func @split(%x: tensor<3x6xf32>, %n: tensor<i64>)
    -> (!kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>,
        !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>) {
  // CHECK: kiln.split_to_sequence {{.*}} -> !kiln.sequence<tensor<1x6xf32>>
  %0 = kiln.split_to_sequence %x : (tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>>
  // CHECK: kiln.split_to_sequence {{.*}} -> !kiln.sequence<tensor<3xf32>>
  %1 = kiln.split_to_sequence %x {axis = -1 : i64, keepdims = 0 : i64} : (tensor<3x6xf32>) -> !kiln.sequence<tensor<*xf32>>
  %c2 = kiln.constant dense<2> : tensor<i64>
  // CHECK: kiln.split_to_sequence {{.*}} -> !kiln.sequence<tensor<3x2xf32>>
  %2 = kiln.split_to_sequence %x, %c2 {axis = 1 : i64} : (tensor<3x6xf32>, tensor<i64>) -> !kiln.sequence<tensor<*xf32>>
  %c4 = kiln.constant dense<4> : tensor<i64>
  // CHECK: kiln.split_to_sequence {{.*}} -> !kiln.sequence<tensor<3x?xf32>>
  %3 = kiln.split_to_sequence %x, %c4 {axis = 1 : i64} : (tensor<3x6xf32>, tensor<i64>) -> !kiln.sequence<tensor<*xf32>>
  %c33 = kiln.constant dense<[3, 3]> : tensor<2xi64>
  // CHECK: kiln.split_to_sequence {{.*}} -> !kiln.sequence<tensor<3x3xf32>>
  %4 = kiln.split_to_sequence %x, %c33 {axis = 1 : i64} : (tensor<3x6xf32>, tensor<2xi64>) -> !kiln.sequence<tensor<*xf32>>
  // A computed chunk size leaves the dim dynamic, whatever keepdims says.
  // CHECK: kiln.split_to_sequence {{.*}} -> !kiln.sequence<tensor<?x6xf32>>
  %5 = kiln.split_to_sequence %x, %n {keepdims = 0 : i64} : (tensor<3x6xf32>, tensor<i64>) -> !kiln.sequence<tensor<*xf32>>
  return %0, %1, %2, %3, %4, %5 : !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>,
      !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>, !kiln.sequence<tensor<*xf32>>
}

// -----

// ConcatFromSequence: the dim along the axis depends on the sequence's
// length; new_axis = 1 stacks along a new dim.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: -> (tensor<?x3xf32>, tensor<2x3x?xf32>)
func.func @concat(%s: !kiln.sequence<tensor<2x3xf32>>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.concat_from_sequence %s {axis = 0 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<*xf32>
  %1 = kiln.concat_from_sequence %s {axis = -1 : i64, new_axis = 1 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// SequenceMap's results are sequences of what its body yields.
// CHECK-LABEL: func.func @sequence_map
// CHECK-SAME: -> !kiln.sequence<tensor<1xi64>>
func.func @sequence_map(%s: !kiln.sequence<tensor<?xf32>>) -> !kiln.sequence<tensor<*xi64>> {
  // CHECK: kiln.sequence_map {{.*}} -> !kiln.sequence<tensor<1xi64>> {
  %0 = kiln.sequence_map %s : (!kiln.sequence<tensor<?xf32>>) -> !kiln.sequence<tensor<*xi64>> {
  ^bb0(%a: tensor<?xf32>):
    // CHECK: kiln.shape {{.*}} -> tensor<1xi64>
    %d = kiln.shape %a : (tensor<?xf32>) -> tensor<*xi64>
    kiln.yield %d : tensor<*xi64>
  }
  return %0 : !kiln.sequence<tensor<*xi64>>
}

// -----

// Optionals: the value type goes in and comes back out; what is known about
// presence folds.
// CHECK-LABEL: func.func @optionals
// CHECK-SAME: -> (!kiln.optional<tensor<4xf32>>, tensor<4xf32>, tensor<i1>, tensor<i1>, tensor<i1>)
// FOLD-LABEL: func.func @optionals
// FOLD-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @optionals(%x: tensor<4xf32>)
    -> (!kiln.optional<tensor<*xf32>>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>) {
  // CHECK: kiln.optional {{.*}} -> !kiln.optional<tensor<4xf32>>
  %o = kiln.optional %x : (tensor<4xf32>) -> !kiln.optional<tensor<*xf32>>
  // CHECK: kiln.optional_get_element {{.*}} -> tensor<4xf32>
  %v = kiln.optional_get_element %o : (!kiln.optional<tensor<*xf32>>) -> tensor<*xf32>
  %h = kiln.optional_has_element %o : (!kiln.optional<tensor<*xf32>>) -> tensor<*xi1>
  %none = kiln.optional {type = tensor<2xf32>} : () -> !kiln.optional<tensor<2xf32>>
  %g = kiln.optional_has_element %none : (!kiln.optional<tensor<2xf32>>) -> tensor<*xi1>
  %a = kiln.optional_has_element : () -> tensor<*xi1>
  // FOLD-DAG: %[[TRUE:.*]] = kiln.constant dense<true> : tensor<i1>
  // FOLD-DAG: %[[FALSE:.*]] = kiln.constant dense<false> : tensor<i1>
  // FOLD-DAG: %[[O:.*]] = kiln.optional %[[X]]
  // FOLD: return %[[O]], %[[X]], %[[TRUE]], %[[FALSE]], %[[FALSE]]
  return %o, %v, %h, %g, %a : !kiln.optional<tensor<*xf32>>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>
}
