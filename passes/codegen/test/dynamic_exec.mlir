// Lowered code on dynamic dims (every input dim `?`): the function is
// `kilnc --emit=kiln` of a model with symbolic dims; the values printed match
// onnxruntime's for the same inputs (Add with broadcast, MatMul, Softmax,
// LayerNormalization, ReduceSum, Reshape to [-1], Transpose, Concat, Slice
// with a negative end, Gather with negative indices).
// RUN: kiln-opt --kiln-lower-to-linalg %s | %mlir_opt %lower_to_llvm \
// RUN:   | %mlir_runner %runner_args | FileCheck %s

// CHECK: {{\[\[}}-1,   -2.3,   -0.1,   2.1],
// CHECK-NEXT: [1.8,   0.5,   2.7,   4.9]]
// CHECK: {{\[\[}}3.72,   2.58,   1.44],
// CHECK-NEXT: [2.04,   4.26,   6.48]]
// CHECK: {{\[\[}}0.0656378,   0.132178,   0.266174,   0.536009],
// CHECK-NEXT: [0.0656378,   0.132178,   0.266174,   0.536009]]
// CHECK: {{\[\[}}-0.34163,   -0.55279,   0.723605,   4.68326],
// CHECK-NEXT: [-0.34163,   -0.55279,   0.723605,   4.68326]]
// CHECK: [-3.8,  7.4]
// CHECK: [-2,  -1.3,  -0.6,  0.1,  0.8,  1.5,  2.2,  2.9]
// CHECK: {{\[\[}}-2,   0.8],
// CHECK-NEXT: [-1.3,   1.5],
// CHECK-NEXT: [-0.6,   2.2],
// CHECK-NEXT: [0.1,   2.9]]
// CHECK: {{\[\[}}-2,   -1.3,   -0.6,   0.1],
// CHECK-NEXT: [0.8,   1.5,   2.2,   2.9],
// CHECK-NEXT: [-2,   -1.3,   -0.6,   0.1],
// CHECK-NEXT: [0.8,   1.5,   2.2,   2.9]]
// CHECK: {{\[\[}}-1.3,   -0.6],
// CHECK-NEXT: [1.5,   2.2]]
// CHECK: {{\[\[}}0.1,   -2,   -0.6],
// CHECK-NEXT: [2.9,   0.8,   2.2]]


func.func @model(%arg0: tensor<?x?xf32>, %arg1: tensor<?xf32>, %arg2: tensor<?x3xf32>, %arg3: tensor<?xi64>) -> (tensor<?x?xf32>, tensor<?x3xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = kiln.constant dense<1> : tensor<1xi64>
  %1 = kiln.constant dense<-1> : tensor<1xi64>
  %2 = kiln.add %arg0, %arg1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %3 = kiln.matmul %arg0, %arg2 : (tensor<?x?xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %4 = kiln.softmax %arg0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %Y, %Mean, %InvStdDev = kiln.layer_normalization %arg0, %arg1, %arg1 : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?x1xf32>, tensor<?x1xf32>)
  %5 = kiln.reduce_sum %arg0 {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<?x?xf32>) -> tensor<?xf32>
  %6 = kiln.reshape %arg0, %1 : (tensor<?x?xf32>, tensor<1xi64>) -> tensor<?xf32>
  %7 = kiln.transpose %arg0 {perm = array<i64: 1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %8 = kiln.concat %arg0, %arg0 {axis = 0 : i64} : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %9 = kiln.slice %arg0, %0, %1 axes(%0) : (tensor<?x?xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  %10 = kiln.gather %arg0, %arg3 {axis = 1 : i64} : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %2, %3, %4, %Y, %5, %6, %7, %8, %9, %10 : tensor<?x?xf32>, tensor<?x3xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @print1d(%t: tensor<?xf32>) {
  %u = tensor.cast %t : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %a0 = kiln.constant dense<[[-2.0, -1.3, -0.6, 0.1], [0.8, 1.5, 2.2, 2.9]]> : tensor<2x4xf32>
  %b0 = kiln.constant dense<[1.0, -1.0, 0.5, 2.0]> : tensor<4xf32>
  %w0 = kiln.constant dense<[[-1.5, -1.2, -0.9], [-0.6, -0.3, 0.0], [0.3, 0.6, 0.9], [1.2, 1.5, 1.8]]> : tensor<4x3xf32>
  %i0 = kiln.constant dense<[-1, 0, 2]> : tensor<3xi64>
  %a = tensor.cast %a0 : tensor<2x4xf32> to tensor<?x?xf32>
  %b = tensor.cast %b0 : tensor<4xf32> to tensor<?xf32>
  %w = tensor.cast %w0 : tensor<4x3xf32> to tensor<?x3xf32>
  %i = tensor.cast %i0 : tensor<3xi64> to tensor<?xi64>
  %r:10 = call @model(%a, %b, %w, %i) : (tensor<?x?xf32>, tensor<?xf32>, tensor<?x3xf32>, tensor<?xi64>) -> (tensor<?x?xf32>, tensor<?x3xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>)
  call @print(%r#0) : (tensor<?x?xf32>) -> ()
  %mm = tensor.cast %r#1 : tensor<?x3xf32> to tensor<?x?xf32>
  call @print(%mm) : (tensor<?x?xf32>) -> ()
  call @print(%r#2) : (tensor<?x?xf32>) -> ()
  call @print(%r#3) : (tensor<?x?xf32>) -> ()
  call @print1d(%r#4) : (tensor<?xf32>) -> ()
  call @print1d(%r#5) : (tensor<?xf32>) -> ()
  call @print(%r#6) : (tensor<?x?xf32>) -> ()
  call @print(%r#7) : (tensor<?x?xf32>) -> ()
  call @print(%r#8) : (tensor<?x?xf32>) -> ()
  call @print(%r#9) : (tensor<?x?xf32>) -> ()
  return
}
