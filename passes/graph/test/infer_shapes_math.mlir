// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s

// Unary ops keep their operand's type.
// CHECK-LABEL: func.func @unary_chain
// CHECK-SAME: -> (tensor<2x?xf32>, tensor<2x?xi1>)
func.func @unary_chain(%x: tensor<2x?xf32>) -> (tensor<*xf32>, tensor<*xi1>) {
  // CHECK: kiln.exp {{.*}} -> tensor<2x?xf32>
  %0 = kiln.exp %x : (tensor<2x?xf32>) -> tensor<*xf32>
  // CHECK: kiln.gelu {{.*}} -> tensor<2x?xf32>
  %1 = kiln.gelu %0 {approximate = "tanh"} : (tensor<*xf32>) -> tensor<*xf32>
  // CHECK: kiln.leaky_relu {{.*}} -> tensor<2x?xf32>
  %2 = kiln.leaky_relu %1 : (tensor<*xf32>) -> tensor<*xf32>
  // CHECK: kiln.shrink {{.*}} -> tensor<2x?xf32>
  %3 = kiln.shrink %2 : (tensor<*xf32>) -> tensor<*xf32>
  // Float classes keep the shape and give bools.
  // CHECK: kiln.is_nan {{.*}} : (tensor<2x?xf32>) -> tensor<2x?xi1>
  %4 = kiln.is_nan %3 : (tensor<*xf32>) -> tensor<*xi1>
  // CHECK: kiln.not {{.*}} : (tensor<2x?xi1>) -> tensor<2x?xi1>
  %5 = kiln.not %4 : (tensor<*xi1>) -> tensor<*xi1>
  return %3, %5 : tensor<*xf32>, tensor<*xi1>
}

// -----

// Comparisons broadcast and give bools.
// CHECK-LABEL: func.func @comparisons
func.func @comparisons(%a: tensor<4x1xi64>, %b: tensor<3xi64>) -> (tensor<*xi1>, tensor<*xi1>) {
  // CHECK: kiln.less_or_equal {{.*}} : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<4x3xi1>
  %0 = kiln.less_or_equal %a, %b : (tensor<4x1xi64>, tensor<3xi64>) -> tensor<*xi1>
  // CHECK: kiln.and {{.*}} : (tensor<4x3xi1>, tensor<4x3xi1>) -> tensor<4x3xi1>
  %1 = kiln.and %0, %0 : (tensor<*xi1>, tensor<*xi1>) -> tensor<*xi1>
  return %0, %1 : tensor<*xi1>, tensor<*xi1>
}

// -----

// CHECK-LABEL: func.func @pow_mod_bitshift
func.func @pow_mod_bitshift(%x: tensor<?x3xf16>, %e: tensor<2x1xi32>, %u: tensor<5xui16>, %s: tensor<ui16>) -> (tensor<*xf16>, tensor<*xf16>, tensor<*xui16>) {
  // The result has the base's element type and the broadcast shape.
  // CHECK: kiln.pow {{.*}} : (tensor<?x3xf16>, tensor<2x1xi32>) -> tensor<2x3xf16>
  %0 = kiln.pow %x, %e : (tensor<?x3xf16>, tensor<2x1xi32>) -> tensor<*xf16>
  // CHECK: kiln.mod {{.*}} : (tensor<2x3xf16>, tensor<?x3xf16>) -> tensor<2x3xf16>
  %1 = kiln.mod %0, %x {fmod = 1 : i64} : (tensor<*xf16>, tensor<?x3xf16>) -> tensor<*xf16>
  // CHECK: kiln.bit_shift {{.*}} : (tensor<5xui16>, tensor<ui16>) -> tensor<5xui16>
  %2 = kiln.bit_shift %u, %s {direction = "RIGHT"} : (tensor<5xui16>, tensor<ui16>) -> tensor<*xui16>
  return %0, %1, %2 : tensor<*xf16>, tensor<*xf16>, tensor<*xui16>
}

// -----

// CHECK-LABEL: func.func @where_and_variadic
func.func @where_and_variadic(%c: tensor<2x1x1xi1>, %x: tensor<4x1xf32>, %y: tensor<5xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // All three operands of Where broadcast together.
  // CHECK: kiln.where {{.*}} : (tensor<2x1x1xi1>, tensor<4x1xf32>, tensor<5xf32>) -> tensor<2x4x5xf32>
  %0 = kiln.where %c, %x, %y : (tensor<2x1x1xi1>, tensor<4x1xf32>, tensor<5xf32>) -> tensor<*xf32>
  // CHECK: kiln.max {{.*}} : (tensor<4x1xf32>, tensor<5xf32>, tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %1 = kiln.max %x, %y, %0 : (tensor<4x1xf32>, tensor<5xf32>, tensor<*xf32>) -> tensor<*xf32>
  // CHECK: kiln.mean {{.*}} : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  %2 = kiln.mean %x, %y : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// PRelu's result has X's shape, refined by what the slope knows.
// CHECK-LABEL: func.func @prelu
func.func @prelu(%x: tensor<2x?xf32>, %slope: tensor<3xf32>, %c: tensor<1x8x4x4xf32>, %s: tensor<8x1x1xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.prelu {{.*}} : (tensor<2x?xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = kiln.prelu %x, %slope : (tensor<2x?xf32>, tensor<3xf32>) -> tensor<*xf32>
  // CHECK: kiln.prelu {{.*}} : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %1 = kiln.prelu %c, %s : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @clip_softmax_cumsum
func.func @clip_softmax_cumsum(%x: tensor<3x?xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %lo = kiln.constant dense<0.0> : tensor<f32>
  %axis = kiln.constant dense<-1> : tensor<1xi32>
  // CHECK: kiln.clip {{.*}} -> tensor<3x?xf32>
  %0 = kiln.clip %x min %lo : (tensor<3x?xf32>, tensor<f32>) -> tensor<*xf32>
  // CHECK: kiln.log_softmax {{.*}} : (tensor<3x?xf32>) -> tensor<3x?xf32>
  %1 = kiln.log_softmax %0 {axis = 0 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  // A constant axis is checked against the rank (here it is in range).
  // CHECK: kiln.cumsum {{.*}} : (tensor<3x?xf32>, tensor<1xi32>) -> tensor<3x?xf32>
  %2 = kiln.cumsum %1, %axis {reverse = 1 : i64} : (tensor<*xf32>, tensor<1xi32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @gemm
func.func @gemm(%a: tensor<3x?xf32>, %b: tensor<5x3xf32>, %c: tensor<4x1xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // transA and transB swap the dims; C tells M, which A leaves dynamic.
  // CHECK: kiln.gemm {{.*}} : (tensor<3x?xf32>, tensor<5x3xf32>, tensor<4x1xf32>) -> tensor<4x5xf32>
  %0 = kiln.gemm %a, %b, %c {transA = 1 : i64, transB = 1 : i64} : (tensor<3x?xf32>, tensor<5x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  // Without C.
  // CHECK: kiln.gemm {{.*}} : (tensor<3x?xf32>, tensor<5x3xf32>) -> tensor<?x5xf32>
  %1 = kiln.gemm %a, %b {transA = 1 : i64, transB = 1 : i64} : (tensor<3x?xf32>, tensor<5x3xf32>) -> tensor<*xf32>
  // An unranked A still gives a matrix.
  // CHECK: kiln.gemm {{.*}} : (tensor<*xf32>, tensor<5x3xf32>) -> tensor<?x3xf32>
  %2 = kiln.gemm %u, %b : (tensor<*xf32>, tensor<5x3xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @einsum
func.func @einsum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %m: tensor<3x3xf32>, %batch: tensor<5x2x3xf32>, %one: tensor<1x3xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // Explicit output, spaces allowed.
  // CHECK: kiln.einsum {{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<4x2xf32>
  %0 = kiln.einsum %a, %b {equation = "ij, jk -> ki"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  // Implicit output: letters used once, in ASCII order.
  // CHECK: kiln.einsum {{.*}} : (tensor<3x4xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  %1 = kiln.einsum %b, %a {equation = "jk,ij"} : (tensor<3x4xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.einsum {{.*}} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %2 = kiln.einsum %a {equation = "bA"} : (tensor<2x3xf32>) -> tensor<*xf32>
  // A trace sums the diagonal into a scalar.
  // CHECK: kiln.einsum {{.*}} : (tensor<3x3xf32>) -> tensor<f32>
  %3 = kiln.einsum %m {equation = "ii"} : (tensor<3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.einsum {{.*}} : (tensor<3x3xf32>) -> tensor<3xf32>
  %4 = kiln.einsum %m {equation = "ii->i"} : (tensor<3x3xf32>) -> tensor<*xf32>
  // Dims under '...' broadcast and lead an implicit output.
  // CHECK: kiln.einsum {{.*}} : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  %5 = kiln.einsum %batch, %b {equation = "...ij,...jk"} : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.einsum {{.*}} : (tensor<5x2x3xf32>) -> tensor<3x5x2xf32>
  %6 = kiln.einsum %batch {equation = "...j->j..."} : (tensor<5x2x3xf32>) -> tensor<*xf32>
  // A size-1 letter stretches, as in numpy.
  // CHECK: kiln.einsum {{.*}} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = kiln.einsum %one, %a {equation = "ij,ij->ij"} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  // An unranked input under '...' leaves the output's rank unknown.
  // CHECK: kiln.einsum {{.*}} : (tensor<*xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  %8 = kiln.einsum %u, %b {equation = "...j,jk->...k"} : (tensor<*xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @einsum_unranked_without_ellipsis
func.func @einsum_unranked_without_ellipsis(%u: tensor<*xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // The letters give an unranked input its rank; B gives k its size.
  // CHECK: kiln.einsum {{.*}} : (tensor<*xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  %0 = kiln.einsum %u, %b {equation = "ij,jk->ik"} : (tensor<*xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @det
func.func @det(%x: tensor<?x4x3x3xf64>, %m: tensor<?x?xf64>) -> (tensor<*xf64>, tensor<*xf64>) {
  // CHECK: kiln.det {{.*}} : (tensor<?x4x3x3xf64>) -> tensor<?x4xf64>
  %0 = kiln.det %x : (tensor<?x4x3x3xf64>) -> tensor<*xf64>
  // CHECK: kiln.det {{.*}} : (tensor<?x?xf64>) -> tensor<f64>
  %1 = kiln.det %m : (tensor<?x?xf64>) -> tensor<*xf64>
  return %0, %1 : tensor<*xf64>, tensor<*xf64>
}
