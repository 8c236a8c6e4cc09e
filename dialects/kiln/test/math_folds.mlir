// RUN: kiln-opt %s --split-input-file --canonicalize | FileCheck %s
// Folders of the math ops: constants and exact identities.

// CHECK-LABEL: func.func @fold_splats
func.func @fold_splats() -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = kiln.constant dense<3.0> : tensor<2x2xf32>
  %b = kiln.constant dense<0.5> : tensor<2x2xf32>
  // CHECK-DAG: %[[ADD:.*]] = kiln.constant dense<3.500000e+00> : tensor<2x2xf32>
  // CHECK-DAG: %[[SUB:.*]] = kiln.constant dense<2.500000e+00> : tensor<2x2xf32>
  // CHECK-DAG: %[[MUL:.*]] = kiln.constant dense<1.500000e+00> : tensor<2x2xf32>
  // CHECK-DAG: %[[DIV:.*]] = kiln.constant dense<6.000000e+00> : tensor<2x2xf32>
  %0 = kiln.add %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %1 = kiln.sub %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %2 = kiln.mul %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %3 = kiln.div %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  // CHECK-NOT: kiln.add
  // CHECK-NOT: kiln.sub
  // CHECK-NOT: kiln.mul
  // CHECK-NOT: kiln.div
  // CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]]
  return %0, %1, %2, %3 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Operands of different shapes broadcast element by element.
// CHECK-LABEL: func.func @fold_broadcast
func.func @fold_broadcast() -> (tensor<2x3xi32>, tensor<2x3xf16>) {
  %col = kiln.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %row = kiln.constant dense<[10, 20, 30]> : tensor<3xi32>
  %h = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf16>
  %s = kiln.constant dense<2.0> : tensor<f16>
  // CHECK-DAG: %[[I:.*]] = kiln.constant dense<{{\[\[}}9, 19, 29], [8, 18, 28]]> : tensor<2x3xi32>
  %0 = kiln.sub %row, %col : (tensor<3xi32>, tensor<2x1xi32>) -> tensor<2x3xi32>
  // CHECK-DAG: %[[H:.*]] = kiln.constant dense<{{\[\[}}5.000000e-01, 1.000000e+00, 1.500000e+00], [2.000000e+00, 2.500000e+00, 3.000000e+00]]> : tensor<2x3xf16>
  %1 = kiln.div %h, %s : (tensor<2x3xf16>, tensor<f16>) -> tensor<2x3xf16>
  // CHECK: return %[[I]], %[[H]]
  return %0, %1 : tensor<2x3xi32>, tensor<2x3xf16>
}

// -----

// Integer arithmetic wraps; division truncates toward zero and follows the
// signedness of the element type.
// CHECK-LABEL: func.func @fold_integers
func.func @fold_integers() -> (tensor<2xi8>, tensor<2xi8>, tensor<2xui8>, tensor<2xui8>) {
  %a = kiln.constant dense<[-128, 7]> : tensor<2xi8>
  %b = kiln.constant dense<[1, -2]> : tensor<2xi8>
  %u = kiln.constant dense<[255, 7]> : tensor<2xui8>
  %v = kiln.constant dense<[2, 2]> : tensor<2xui8>
  // CHECK-DAG: %[[SUB:.*]] = kiln.constant dense<[127, 9]> : tensor<2xi8>
  %0 = kiln.sub %a, %b : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  // CHECK-DAG: %[[DIV:.*]] = kiln.constant dense<[-128, -3]> : tensor<2xi8>
  %1 = kiln.div %a, %b : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  // CHECK-DAG: %[[UDIV:.*]] = kiln.constant dense<[127, 3]> : tensor<2xui8>
  %2 = kiln.div %u, %v : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  // CHECK-DAG: %[[UMUL:.*]] = kiln.constant dense<[254, 14]> : tensor<2xui8>
  %3 = kiln.mul %u, %v : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  // CHECK: return %[[SUB]], %[[DIV]], %[[UDIV]], %[[UMUL]]
  return %0, %1, %2, %3 : tensor<2xi8>, tensor<2xi8>, tensor<2xui8>, tensor<2xui8>
}

// -----

// Undefined integer divisions stay for run time; float ones follow IEEE 754.
// CHECK-LABEL: func.func @no_fold_undefined_division
func.func @no_fold_undefined_division() -> (tensor<2xi32>, tensor<i8>, tensor<f32>) {
  %a = kiln.constant dense<[4, 5]> : tensor<2xi32>
  %z = kiln.constant dense<[1, 0]> : tensor<2xi32>
  %min = kiln.constant dense<-128> : tensor<i8>
  %m1 = kiln.constant dense<-1> : tensor<i8>
  %one = kiln.constant dense<1.0> : tensor<f32>
  %fz = kiln.constant dense<0.0> : tensor<f32>
  // CHECK-DAG: %[[INF:.*]] = kiln.constant dense<0x7F800000> : tensor<f32>
  // CHECK: kiln.div %{{.*}}, %{{.*}} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %0 = kiln.div %a, %z : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  // CHECK: kiln.div %{{.*}}, %{{.*}} : (tensor<i8>, tensor<i8>) -> tensor<i8>
  %1 = kiln.div %min, %m1 : (tensor<i8>, tensor<i8>) -> tensor<i8>
  %2 = kiln.div %one, %fz : (tensor<f32>, tensor<f32>) -> tensor<f32>
  // CHECK: return %{{.*}}, %{{.*}}, %[[INF]]
  return %0, %1, %2 : tensor<2xi32>, tensor<i8>, tensor<f32>
}

// -----

// Results above the fold limit (65536 elements) are not folded. A result
// declared dynamic is refined first, then folded.
// CHECK-LABEL: func.func @no_fold_large_refine_dynamic
// CHECK-SAME: -> (tensor<300x300xf32>, tensor<4xf32>)
// CHECK-DAG: kiln.constant dense<4.000000e+00> : tensor<4xf32>
func.func @no_fold_large_refine_dynamic() -> (tensor<300x300xf32>, tensor<?xf32>) {
  %a = kiln.constant dense<1.0> : tensor<300x300xf32>
  %b = kiln.constant dense<2.0> : tensor<4xf32>
  // CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<300x300xf32>, tensor<300x300xf32>) -> tensor<300x300xf32>
  %0 = kiln.add %a, %a : (tensor<300x300xf32>, tensor<300x300xf32>) -> tensor<300x300xf32>
  %1 = kiln.add %b, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %0, %1 : tensor<300x300xf32>, tensor<?xf32>
}

// -----

// Exact identities fold to the other operand.
// CHECK-LABEL: func.func @identities
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<3xi64>)
func.func @identities(%x: tensor<3xf32>, %i: tensor<3xi64>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi64>, tensor<3xi64>) {
  %negzero = kiln.constant dense<-0.0> : tensor<3xf32>
  %poszero = kiln.constant dense<0.0> : tensor<f32>
  %fone = kiln.constant dense<1.0> : tensor<3xf32>
  %izero = kiln.constant dense<0> : tensor<i64>
  %ione = kiln.constant dense<1> : tensor<3xi64>
  %0 = kiln.add %x, %negzero : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = kiln.sub %0, %poszero : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %2 = kiln.mul %fone, %1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %3 = kiln.div %2, %fone : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %4 = kiln.add %izero, %i : (tensor<i64>, tensor<3xi64>) -> tensor<3xi64>
  %5 = kiln.div %4, %ione : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  // x + +0.0 is not x when x is -0.0, and x - -0.0 is not x either.
  // CHECK: %[[ADD:.*]] = kiln.add %[[X]], %{{.*}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %6 = kiln.add %x, %poszero : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  // CHECK: %[[SUB:.*]] = kiln.sub %[[X]], %{{.*}} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %7 = kiln.sub %x, %negzero : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // x * 0 is not 0 for NaN or negative x.
  // CHECK: %[[MUL:.*]] = kiln.mul %[[X]], %{{.*}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %8 = kiln.mul %x, %poszero : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  // CHECK: %[[IMUL:.*]] = kiln.mul %[[I]], %{{.*}} : (tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  %9 = kiln.mul %i, %izero : (tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  // CHECK: return %[[X]], %[[ADD]], %[[SUB]], %[[MUL]], %[[X]], %[[I]], %[[IMUL]]
  return %3, %6, %7, %8, %1, %5, %9 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi64>, tensor<3xi64>
}

// -----

// An identity that broadcasts its other operand to a larger shape keeps the
// op; one whose result is declared less refined is refined, then folded.
// CHECK-LABEL: func.func @identities_keep_types
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>)
func.func @identities_keep_types(%x: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<?xf32>) {
  %one = kiln.constant dense<1.0> : tensor<2x3xf32>
  %sone = kiln.constant dense<1.0> : tensor<f32>
  // CHECK: %[[M:.*]] = kiln.mul %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = kiln.mul %x, %one : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: return %[[M]], %[[X]]
  %1 = kiln.mul %x, %sone : (tensor<3xf32>, tensor<f32>) -> tensor<?xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @where_constant_condition
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>, %[[S:.*]]: tensor<f32>)
func.func @where_constant_condition(%x: tensor<3xf32>, %y: tensor<3xf32>, %s: tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %t = kiln.constant dense<true> : tensor<3xi1>
  %f = kiln.constant dense<false> : tensor<i1>
  %0 = kiln.where %t, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = kiln.where %f, %x, %y : (tensor<i1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // Choosing the scalar would change the result's shape.
  // CHECK: %[[W:.*]] = kiln.where %{{.*}}, %[[S]], %[[X]]
  %2 = kiln.where %t, %s, %x : (tensor<3xi1>, tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: return %[[X]], %[[Y]], %[[W]]
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// torch's expand(-1) idiom: Equal and Where on constant shapes fold.
// CHECK-LABEL: func.func @shape_select
func.func @shape_select() -> tensor<3xi64> {
  %shape = kiln.constant dense<[1, -1, -1]> : tensor<3xi64>
  %minus = kiln.constant dense<-1> : tensor<3xi64>
  %ones = kiln.constant dense<1> : tensor<3xi64>
  %eq = kiln.equal %shape, %minus : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
  %sel = kiln.where %eq, %ones, %shape : (tensor<3xi1>, tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  // CHECK: %[[C:.*]] = kiln.constant dense<1> : tensor<3xi64>
  // CHECK-NEXT: return %[[C]]
  return %sel : tensor<3xi64>
}
