// RUN: kiln-opt %s --split-input-file --kiln-scalarize-shape-tensors | FileCheck %s

// ONNX's Shape -> Gather -> Mul -> Concat -> Reshape: the new shape is
// rebuilt from the input dims as index arithmetic, the reshape becomes an
// expand_shape, and the shape tensors die.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x64xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK: %[[I1:.*]] = arith.index_cast %[[D1]] : index to i64
// CHECK: %[[TWICE:.*]] = arith.muli %[[I1]], %{{.*}} : i64
// CHECK: %[[N:.*]] = arith.index_cast %[[TWICE]] : i64 to index
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]]
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1, 2]] output_shape [%[[D0]], %[[N]], 32]
// CHECK-NOT: linalg.generic
// CHECK-NOT: tensor.reshape
#id = affine_map<(d0) -> (d0)>
func.func @reshape(%x: tensor<?x?x64xf32>) -> tensor<?x?x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?x64xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?x64xf32>
  %i0 = arith.index_cast %d0 : index to i64
  %i1 = arith.index_cast %d1 : index to i64
  %shape = tensor.from_elements %i0, %i1 : tensor<2xi64>
  %two = arith.constant dense<[1, 2]> : tensor<2xi64>
  %e = tensor.empty() : tensor<2xi64>
  %scaled = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%shape, %two : tensor<2xi64>, tensor<2xi64>) outs(%e : tensor<2xi64>) {
  ^bb0(%a: i64, %b: i64, %o: i64):
    %m = arith.muli %a, %b : i64
    linalg.yield %m : i64
  } -> tensor<2xi64>
  %tail = arith.constant dense<32> : tensor<1xi64>
  %full = tensor.concat dim(0) %scaled, %tail : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
  %r = tensor.reshape %x(%full) : (tensor<?x?x64xf32>, tensor<3xi64>) -> tensor<?x?x32xf32>
  return %r : tensor<?x?x32xf32>
}

// -----

// A reduction over a shape (ONNX Size = ReduceProd(Shape)) runs its steps
// in order, from the fill's 1 (which folds away).
// CHECK-LABEL: func.func @size
// CHECK-DAG: %[[A:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK-DAG: %[[B:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[P:.*]] = arith.muli %[[A]], %[[B]] : i64
// CHECK: return %[[P]]
#in = affine_map<(d0) -> (d0)>
#out = affine_map<(d0) -> ()>
func.func @size(%x: tensor<?x?xf32>) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf32>
  %i0 = arith.index_cast %d0 : index to i64
  %i1 = arith.index_cast %d1 : index to i64
  %shape = tensor.from_elements %i0, %i1 : tensor<2xi64>
  %one = arith.constant 1 : i64
  %e = tensor.empty() : tensor<i64>
  %init = linalg.fill ins(%one : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %p = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction"]}
      ins(%shape : tensor<2xi64>) outs(%init : tensor<i64>) {
  ^bb0(%a: i64, %acc: i64):
    %m = arith.muli %acc, %a : i64
    linalg.yield %m : i64
  } -> tensor<i64>
  %v = tensor.extract %p[] : tensor<i64>
  return %v : i64
}

// -----

// Data read from an input stays a tensor read.
// CHECK-LABEL: func.func @data
// CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<2xi64>
func.func @data(%s: tensor<2xi64>) -> i64 {
  %c1 = arith.constant 1 : index
  %v = tensor.extract %s[%c1] : tensor<2xi64>
  return %v : i64
}
