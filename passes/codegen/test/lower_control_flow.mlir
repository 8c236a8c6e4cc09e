// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file %s | FileCheck %s

// kiln.if becomes scf.if on the condition's element; the branches are
// lowered first, and what they yield is cast to the result type.
// CHECK-LABEL: func.func @if_select
// CHECK-SAME: (%[[C:.*]]: tensor<i1>, %[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xi8>)
// CHECK: %[[COND:.*]] = tensor.extract %[[C]][] : tensor<i1>
// CHECK: %[[R:.*]] = scf.if %[[COND]] -> (tensor<?xf32>) {
// CHECK: arith.negf
// CHECK: %[[THEN:.*]] = tensor.cast %{{.*}} : tensor<3xf32> to tensor<?xf32>
// CHECK: scf.yield %[[THEN]] : tensor<?xf32>
// CHECK: } else {
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: scf.yield %{{.*}} : tensor<?xf32>
// CHECK: return %[[R]]
func.func @if_select(%c: tensor<i1>, %a: tensor<3xf32>, %b: tensor<3xui8>) -> tensor<?xf32> {
  %r = kiln.if %c : tensor<i1> -> tensor<?xf32> then {
    %n = kiln.neg %a : (tensor<3xf32>) -> tensor<3xf32>
    kiln.yield %n : tensor<3xf32>
  } else {
    %f = kiln.cast %b {to = f32} : (tensor<3xui8>) -> tensor<3xf32>
    kiln.yield %f : tensor<3xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// kiln.loop becomes scf.while over (iteration, condition, carried values);
// the body gets the iteration number and condition back as tensors.
// CHECK-LABEL: func.func @while_loop
// CHECK-SAME: (%[[M:.*]]: tensor<i64>, %[[X:.*]]: tensor<2xf32>)
// CHECK: %[[MAX:.*]] = tensor.extract %[[M]][] : tensor<i64>
// CHECK: %[[RESULTS:.*]]:3 = scf.while (%[[I:.*]] = %{{.*}}, %[[GO:.*]] = %{{.*}}, %[[V:.*]] = %[[X]]) : (i64, i1, tensor<2xf32>) -> (i64, i1, tensor<2xf32>) {
// CHECK: %[[INRANGE:.*]] = arith.cmpi slt, %[[I]], %[[MAX]] : i64
// CHECK: %[[BOTH:.*]] = arith.andi %[[GO]], %[[INRANGE]] : i1
// CHECK: scf.condition(%[[BOTH]]) %[[I]], %[[GO]], %[[V]]
// CHECK: } do {
// CHECK: ^bb0(%[[I2:.*]]: i64, %[[C2:.*]]: i1, %[[V2:.*]]: tensor<2xf32>):
// CHECK: %[[CTENSOR:.*]] = tensor.from_elements %[[C2]] : tensor<i1>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[V2]], %[[V2]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[I2]], %{{.*}} : i64
// CHECK: %[[NEXTC:.*]] = tensor.extract %[[CTENSOR]][] : tensor<i1>
// CHECK: scf.yield %[[NEXT]], %[[NEXTC]], %[[SUM]] : i64, i1, tensor<2xf32>
// CHECK: return %[[RESULTS]]#2
func.func @while_loop(%m: tensor<i64>, %x: tensor<2xf32>) -> tensor<2xf32> {
  %final = kiln.loop max %m : tensor<i64> initial(%x : tensor<2xf32>) -> tensor<2xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
    %next = kiln.add %v, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    kiln.yield %c, %next : tensor<i1>, tensor<2xf32>
  }
  return %final : tensor<2xf32>
}
