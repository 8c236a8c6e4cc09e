// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file %s | FileCheck %s

// A constant shape that groups dims: tensor.collapse_shape.
// CHECK-LABEL: func.func @reshape_collapse
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2]] : tensor<?x3x4xf32> into tensor<?x12xf32>
func.func @reshape_collapse(%x: tensor<?x3x4xf32>) -> tensor<?x12xf32> {
  %s = kiln.constant dense<[-1, 12]> : tensor<2xi64>
  %0 = kiln.reshape %x, %s : (tensor<?x3x4xf32>, tensor<2xi64>) -> tensor<?x12xf32>
  return %0 : tensor<?x12xf32>
}

// -----

// A shape computed at run time: its entries are read (0 copies the input
// dim, -1 is inferred); the input collapses to 1-D and tensor.reshape
// (not an expand_shape with several dynamic dims in a group, which LLVM
// 22's expand-strided-metadata cannot handle) gives the result.
// CHECK-LABEL: func.func @reshape_computed
// CHECK-SAME: (%[[X:.*]]: tensor<?x12xf32>, %[[SHAPE:.*]]: tensor<3xi64>)
// CHECK: tensor.extract %[[SHAPE]]
// CHECK: arith.cmpi eq
// CHECK: arith.select
// Values that give no shape of x's elements must fail the run:
// CHECK: cf.assert %{{.*}}, "the values of its shape input give no valid shape for the data (a negative dim, or another element count)"
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x12xf32> into tensor<?xf32>
// CHECK: %[[SIZES:.*]] = tensor.from_elements %{{.*}}, %{{.*}}, %{{.*}} : tensor<3xindex>
// CHECK: tensor.reshape %[[FLAT]](%[[SIZES]]) : (tensor<?xf32>, tensor<3xindex>) -> tensor<?x?x?xf32>
func.func @reshape_computed(%x: tensor<?x12xf32>, %s: tensor<3xi64>) -> tensor<?x?x?xf32> {
  %0 = kiln.reshape %x, %s : (tensor<?x12xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: %[[D:.*]] = tensor.dim
// CHECK: %[[INIT:.*]] = tensor.empty(%[[D]]) : tensor<4x?x3xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<?x3x4xf32>) outs(%[[INIT]] : tensor<4x?x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<?x3x4xf32>) -> tensor<4x?x3xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<?x3x4xf32>) -> tensor<4x?x3xf32>
  return %0 : tensor<4x?x3xf32>
}

// -----

// Moving only a dim of size 1 keeps the bytes in order: a reshape, no copy.
// CHECK-LABEL: func.func @transpose_unit_dim
// CHECK-NOT: linalg.transpose
// CHECK: tensor.collapse_shape
// CHECK: tensor.expand_shape
// CHECK-NOT: linalg.transpose
func.func @transpose_unit_dim(%x: tensor<1x8x4xf32>) -> tensor<8x1x4xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<1x8x4xf32>) -> tensor<8x1x4xf32>
  return %0 : tensor<8x1x4xf32>
}

// -----

// Concat inserts each input at its running offset.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x?xf32>, %[[B:.*]]: tensor<2x3xf32>)
// CHECK: %[[TOTAL:.*]] = arith.addi %[[N:.*]], %{{.*}} : index
// CHECK: %[[INIT:.*]] = tensor.empty(%[[TOTAL]]) : tensor<2x?xf32>
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0]
// CHECK: tensor.insert_slice %[[B]] into %[[FIRST]][0, %[[N]]] [2, 3] [1, 1]
func.func @concat(%a: tensor<2x?xf32>, %b: tensor<2x3xf32>) -> tensor<2x?xf32> {
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x?xf32>, tensor<2x3xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Slice: the dynamic dim clamps at run time; a negative step takes the same
// elements with a positive stride and reverses them.
// CHECK-DAG: #[[$REVERSE:.*]] = affine_map<(d0, d1) -> (d0, -d1 + 3)>
// CHECK-LABEL: func.func @slice
// CHECK: arith.minsi
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %{{.*}}[%{{.*}}, 3] [%{{.*}}, 4] [1, 2] : tensor<?x10xf32> to tensor<?x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$REVERSE]], #{{.*}}], {{.*}} ins(%[[SLICE]] : tensor<?x4xf32>)
func.func @slice(%x: tensor<?x10xf32>) -> tensor<?x4xf32> {
  %s = kiln.constant dense<[1, -1]> : tensor<2xi64>
  %e = kiln.constant dense<[100, -9]> : tensor<2xi64>
  %a = kiln.constant dense<[0, 1]> : tensor<2xi64>
  %st = kiln.constant dense<[1, -2]> : tensor<2xi64>
  %0 = kiln.slice %x, %s, %e axes(%a) steps(%st) : (tensor<?x10xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Gather: a generic over the result reading the data with tensor.extract
// at the normalized index.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>, %[[I:.*]]: tensor<3xi64>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]]
// CHECK: linalg.generic {{.*}} ins(%[[I]] : tensor<3xi64>)
// CHECK: ^bb0(%[[INDEX:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[COLUMN:.*]] = linalg.index 1 : index
// CHECK: %[[CAST:.*]] = arith.index_cast %[[INDEX]] : i64 to index
// CHECK: %[[NEGATIVE:.*]] = arith.cmpi slt, %[[CAST]]
// CHECK: %[[SHIFTED:.*]] = arith.addi %[[CAST]], %[[N]]
// CHECK: %[[ROW:.*]] = arith.select %[[NEGATIVE]], %[[SHIFTED]], %[[CAST]]
// CHECK: tensor.extract %[[X]][%[[ROW]], %[[COLUMN]]] : tensor<?x8xf32>
func.func @gather(%x: tensor<?x8xf32>, %i: tensor<3xi64>) -> tensor<3x8xf32> {
  %0 = kiln.gather %x, %i {axis = 0 : i64} : (tensor<?x8xf32>, tensor<3xi64>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}
