// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// The sequence and optional types and ops print and parse back to the same IR.

// CHECK-LABEL: func.func @types
// CHECK-SAME: !kiln.sequence<tensor<?x4xf32>>
// CHECK-SAME: !kiln.sequence<tensor<*xi64>>
// CHECK-SAME: !kiln.optional<tensor<4xf32>>
// CHECK-SAME: !kiln.optional<!kiln.sequence<tensor<*xui8>>>
func.func @types(%a: !kiln.sequence<tensor<?x4xf32>>, %b: !kiln.sequence<tensor<*xi64>>,
                 %c: !kiln.optional<tensor<4xf32>>,
                 %d: !kiln.optional<!kiln.sequence<tensor<*xui8>>>) {
  return
}

// -----

// CHECK-LABEL: func.func @build
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[P:.*]]: tensor<i64>)
func.func @build(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %p: tensor<i64>)
    -> (!kiln.sequence<tensor<?x3xf32>>, !kiln.sequence<tensor<2x3xf32>>,
        !kiln.sequence<tensor<?x3xf32>>, !kiln.sequence<tensor<?x3xf32>>) {
  // CHECK: %[[S:.*]] = kiln.sequence_construct %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<4x3xf32>) -> !kiln.sequence<tensor<?x3xf32>>
  %s = kiln.sequence_construct %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> !kiln.sequence<tensor<?x3xf32>>
  // CHECK: %[[E:.*]] = kiln.sequence_empty {dtype = f32} : () -> !kiln.sequence<tensor<*xf32>>
  %e = kiln.sequence_empty {dtype = f32} : () -> !kiln.sequence<tensor<*xf32>>
  // CHECK: kiln.sequence_insert %[[E]], %[[A]] : (!kiln.sequence<tensor<*xf32>>, tensor<2x3xf32>) -> !kiln.sequence<tensor<2x3xf32>>
  %i = kiln.sequence_insert %e, %a : (!kiln.sequence<tensor<*xf32>>, tensor<2x3xf32>) -> !kiln.sequence<tensor<2x3xf32>>
  // CHECK: kiln.sequence_insert %[[S]], %[[A]], %[[P]] : (!kiln.sequence<tensor<?x3xf32>>, tensor<2x3xf32>, tensor<i64>) -> !kiln.sequence<tensor<?x3xf32>>
  %j = kiln.sequence_insert %s, %a, %p : (!kiln.sequence<tensor<?x3xf32>>, tensor<2x3xf32>, tensor<i64>) -> !kiln.sequence<tensor<?x3xf32>>
  // CHECK: kiln.sequence_erase %[[S]], %[[P]] : (!kiln.sequence<tensor<?x3xf32>>, tensor<i64>) -> !kiln.sequence<tensor<?x3xf32>>
  %k = kiln.sequence_erase %s, %p : (!kiln.sequence<tensor<?x3xf32>>, tensor<i64>) -> !kiln.sequence<tensor<?x3xf32>>
  return %s, %i, %j, %k : !kiln.sequence<tensor<?x3xf32>>, !kiln.sequence<tensor<2x3xf32>>, !kiln.sequence<tensor<?x3xf32>>, !kiln.sequence<tensor<?x3xf32>>
}

// -----

// CHECK-LABEL: func.func @read
// CHECK-SAME: (%[[S:.*]]: !kiln.sequence<tensor<?x3xf32>>, %[[P:.*]]: tensor<1xi32>)
func.func @read(%s: !kiln.sequence<tensor<?x3xf32>>, %p: tensor<1xi32>)
    -> (tensor<?x3xf32>, tensor<i64>, !kiln.sequence<tensor<?x3xf32>>) {
  // A 1-element position is accepted, as ONNX's own tests use it.
  // CHECK: kiln.sequence_at %[[S]], %[[P]] : (!kiln.sequence<tensor<?x3xf32>>, tensor<1xi32>) -> tensor<?x3xf32>
  %x = kiln.sequence_at %s, %p : (!kiln.sequence<tensor<?x3xf32>>, tensor<1xi32>) -> tensor<?x3xf32>
  // CHECK: kiln.sequence_length %[[S]] : (!kiln.sequence<tensor<?x3xf32>>) -> tensor<i64>
  %n = kiln.sequence_length %s : (!kiln.sequence<tensor<?x3xf32>>) -> tensor<i64>
  // CHECK: kiln.sequence_erase %[[S]] : (!kiln.sequence<tensor<?x3xf32>>) -> !kiln.sequence<tensor<?x3xf32>>
  %t = kiln.sequence_erase %s : (!kiln.sequence<tensor<?x3xf32>>) -> !kiln.sequence<tensor<?x3xf32>>
  return %x, %n, %t : tensor<?x3xf32>, tensor<i64>, !kiln.sequence<tensor<?x3xf32>>
}

// -----

// CHECK-LABEL: func.func @split_concat
// CHECK-SAME: (%[[X:.*]]: tensor<3x6xf32>, %[[SPLIT:.*]]: tensor<2xi64>, %[[S:.*]]: !kiln.sequence<tensor<2x3xf32>>)
func.func @split_concat(%x: tensor<3x6xf32>, %split: tensor<2xi64>, %s: !kiln.sequence<tensor<2x3xf32>>)
    -> (!kiln.sequence<tensor<3xf32>>, !kiln.sequence<tensor<?x6xf32>>, tensor<?x3xf32>, tensor<2x?x3xf32>) {
  // CHECK: kiln.split_to_sequence %[[X]] {axis = 1 : i64, keepdims = 0 : i64} : (tensor<3x6xf32>) -> !kiln.sequence<tensor<3xf32>>
  %0 = kiln.split_to_sequence %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<3x6xf32>) -> !kiln.sequence<tensor<3xf32>>
  // CHECK: kiln.split_to_sequence %[[X]], %[[SPLIT]] : (tensor<3x6xf32>, tensor<2xi64>) -> !kiln.sequence<tensor<?x6xf32>>
  %1 = kiln.split_to_sequence %x, %split : (tensor<3x6xf32>, tensor<2xi64>) -> !kiln.sequence<tensor<?x6xf32>>
  // CHECK: kiln.concat_from_sequence %[[S]] {axis = 0 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<?x3xf32>
  %2 = kiln.concat_from_sequence %s {axis = 0 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<?x3xf32>
  // CHECK: kiln.concat_from_sequence %[[S]] {axis = -2 : i64, new_axis = 1 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<2x?x3xf32>
  %3 = kiln.concat_from_sequence %s {axis = -2 : i64, new_axis = 1 : i64} : (!kiln.sequence<tensor<2x3xf32>>) -> tensor<2x?x3xf32>
  return %0, %1, %2, %3 : !kiln.sequence<tensor<3xf32>>, !kiln.sequence<tensor<?x6xf32>>, tensor<?x3xf32>, tensor<2x?x3xf32>
}

// -----

// CHECK-LABEL: func.func @sequence_map
// CHECK-SAME: (%[[S:.*]]: !kiln.sequence<tensor<?xf32>>, %[[T:.*]]: tensor<?xf32>)
func.func @sequence_map(%s: !kiln.sequence<tensor<?xf32>>, %t: tensor<?xf32>)
    -> (!kiln.sequence<tensor<?xf32>>, !kiln.sequence<tensor<1xi64>>) {
  // CHECK: kiln.sequence_map %[[S]], %[[T]] : (!kiln.sequence<tensor<?xf32>>, tensor<?xf32>) -> (!kiln.sequence<tensor<?xf32>>, !kiln.sequence<tensor<1xi64>>) {
  // CHECK: ^bb0(%[[A:.*]]: tensor<?xf32>, %[[B:.*]]: tensor<?xf32>):
  // CHECK:   %[[C:.*]] = kiln.add %[[A]], %[[B]]
  // CHECK:   %[[D:.*]] = kiln.shape %[[A]]
  // CHECK:   kiln.yield %[[C]], %[[D]] : tensor<?xf32>, tensor<1xi64>
  %0, %1 = kiln.sequence_map %s, %t : (!kiln.sequence<tensor<?xf32>>, tensor<?xf32>)
      -> (!kiln.sequence<tensor<?xf32>>, !kiln.sequence<tensor<1xi64>>) {
  ^bb0(%a: tensor<?xf32>, %b: tensor<?xf32>):
    %c = kiln.add %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
    %d = kiln.shape %a : (tensor<?xf32>) -> tensor<1xi64>
    kiln.yield %c, %d : tensor<?xf32>, tensor<1xi64>
  }
  return %0, %1 : !kiln.sequence<tensor<?xf32>>, !kiln.sequence<tensor<1xi64>>
}

// -----

// CHECK-LABEL: func.func @optionals
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[O:.*]]: !kiln.optional<!kiln.sequence<tensor<*xf32>>>)
func.func @optionals(%x: tensor<4xf32>, %o: !kiln.optional<!kiln.sequence<tensor<*xf32>>>)
    -> (!kiln.optional<tensor<4xf32>>, !kiln.optional<!kiln.sequence<tensor<5xf32>>>,
        tensor<i1>, tensor<i1>, !kiln.sequence<tensor<*xf32>>, tensor<4xf32>) {
  // CHECK: kiln.optional %[[X]] : (tensor<4xf32>) -> !kiln.optional<tensor<4xf32>>
  %0 = kiln.optional %x : (tensor<4xf32>) -> !kiln.optional<tensor<4xf32>>
  // CHECK: kiln.optional {type = !kiln.sequence<tensor<5xf32>>} : () -> !kiln.optional<!kiln.sequence<tensor<5xf32>>>
  %1 = kiln.optional {type = !kiln.sequence<tensor<5xf32>>} : () -> !kiln.optional<!kiln.sequence<tensor<5xf32>>>
  // CHECK: kiln.optional_has_element %[[O]] : (!kiln.optional<!kiln.sequence<tensor<*xf32>>>) -> tensor<i1>
  %2 = kiln.optional_has_element %o : (!kiln.optional<!kiln.sequence<tensor<*xf32>>>) -> tensor<i1>
  // CHECK: kiln.optional_has_element : () -> tensor<i1>
  %3 = kiln.optional_has_element : () -> tensor<i1>
  // CHECK: kiln.optional_get_element %[[O]] : (!kiln.optional<!kiln.sequence<tensor<*xf32>>>) -> !kiln.sequence<tensor<*xf32>>
  %4 = kiln.optional_get_element %o : (!kiln.optional<!kiln.sequence<tensor<*xf32>>>) -> !kiln.sequence<tensor<*xf32>>
  // CHECK: kiln.optional_get_element %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
  %5 = kiln.optional_get_element %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : !kiln.optional<tensor<4xf32>>, !kiln.optional<!kiln.sequence<tensor<5xf32>>>, tensor<i1>, tensor<i1>, !kiln.sequence<tensor<*xf32>>, tensor<4xf32>
}

// -----

// Identity, If and Loop pass any value.
// CHECK-LABEL: func.func @control_flow
// CHECK-SAME: (%[[C:.*]]: tensor<i1>, %[[M:.*]]: tensor<i64>, %[[S:.*]]: !kiln.sequence<tensor<5xf32>>, %[[O:.*]]: !kiln.optional<!kiln.sequence<tensor<5xf32>>>)
func.func @control_flow(%c: tensor<i1>, %m: tensor<i64>, %s: !kiln.sequence<tensor<5xf32>>,
                        %o: !kiln.optional<!kiln.sequence<tensor<5xf32>>>)
    -> (!kiln.sequence<tensor<5xf32>>, !kiln.optional<!kiln.sequence<tensor<5xf32>>>,
        !kiln.optional<!kiln.sequence<tensor<?xf32>>>) {
  // CHECK: kiln.identity %[[S]] : (!kiln.sequence<tensor<5xf32>>) -> !kiln.sequence<tensor<5xf32>>
  %0 = kiln.identity %s : (!kiln.sequence<tensor<5xf32>>) -> !kiln.sequence<tensor<5xf32>>
  // An optional result takes a plain value from a branch.
  // CHECK: kiln.if %[[C]] : tensor<i1> -> !kiln.optional<!kiln.sequence<tensor<5xf32>>> then {
  // CHECK:   kiln.yield %[[O]] : !kiln.optional<!kiln.sequence<tensor<5xf32>>>
  // CHECK: } else {
  // CHECK:   kiln.yield %[[S]] : !kiln.sequence<tensor<5xf32>>
  %1 = kiln.if %c : tensor<i1> -> !kiln.optional<!kiln.sequence<tensor<5xf32>>> then {
    kiln.yield %o : !kiln.optional<!kiln.sequence<tensor<5xf32>>>
  } else {
    kiln.yield %s : !kiln.sequence<tensor<5xf32>>
  }
  // CHECK: kiln.loop max %[[M]] : tensor<i64> initial(%[[O]] : !kiln.optional<!kiln.sequence<tensor<5xf32>>>) -> !kiln.optional<!kiln.sequence<tensor<?xf32>>> {
  // CHECK: ^bb0(%{{.*}}: tensor<i64>, %[[COND:.*]]: tensor<i1>, %{{.*}}: !kiln.optional<!kiln.sequence<tensor<?xf32>>>):
  // CHECK:   kiln.yield %[[COND]], %[[S]] : tensor<i1>, !kiln.sequence<tensor<5xf32>>
  %2 = kiln.loop max %m : tensor<i64> initial(%o : !kiln.optional<!kiln.sequence<tensor<5xf32>>>)
      -> !kiln.optional<!kiln.sequence<tensor<?xf32>>> {
  ^bb0(%i: tensor<i64>, %cond: tensor<i1>, %v: !kiln.optional<!kiln.sequence<tensor<?xf32>>>):
    kiln.yield %cond, %s : tensor<i1>, !kiln.sequence<tensor<5xf32>>
  }
  return %0, %1, %2 : !kiln.sequence<tensor<5xf32>>, !kiln.optional<!kiln.sequence<tensor<5xf32>>>, !kiln.optional<!kiln.sequence<tensor<?xf32>>>
}
