// RUN: kiln-opt %s --split-input-file --kiln-cpu-destination-passing | FileCheck %s

// The tensor.empty a result is computed into becomes the output argument.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME:    (%[[A:.*]]: tensor<8xf32>, %[[OUT:.*]]: tensor<8xf32> {kiln.cpu.output = 0 : i64}) -> tensor<8xf32>
// CHECK-NOT:     tensor.empty
// CHECK:         %[[R:.*]] = linalg.exp ins(%[[A]] : tensor<8xf32>) outs(%[[OUT]] : tensor<8xf32>)
// CHECK:         return %[[R]]
func.func @elementwise(%a: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %r = linalg.exp ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Through the fill that initializes a reduction; kexec.dims moves to the
// output argument.
// CHECK-LABEL: func.func @reduction
// CHECK-SAME:    %[[OUT:[^:]*]]: tensor<?xf32> {kexec.dims = array<i64: 0>, kiln.cpu.output = 0 : i64})
// CHECK-SAME:    -> tensor<?xf32> {
// CHECK:         %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[OUT]] : tensor<?xf32>)
// CHECK:         linalg.reduce ins(%{{.*}} : tensor<?x16xf32>) outs(%[[FILL]] : tensor<?xf32>)
func.func @reduction(%a: tensor<?x16xf32> {kexec.dims = array<i64: 0, -1>})
    -> (tensor<?xf32> {kexec.dims = array<i64: 0>}) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %d = tensor.dim %a, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%d) : tensor<?xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %r = linalg.reduce ins(%a : tensor<?x16xf32>) outs(%f : tensor<?xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<?xf32>
}

// -----

// A result reshaped after it is computed: computed into the output viewed
// with the producer's shape.
// CHECK-LABEL: func.func @reshaped
// CHECK-SAME:    %[[OUT:[^:]*]]: tensor<2x4xf32> {kiln.cpu.output = 0 : i64})
// CHECK:         %[[VIEW:.*]] = tensor.collapse_shape %[[OUT]] {{\[\[}}0, 1]] : tensor<2x4xf32> into tensor<8xf32>
// CHECK:         %[[R:.*]] = linalg.exp ins(%{{.*}} : tensor<8xf32>) outs(%[[VIEW]] : tensor<8xf32>)
// CHECK:         tensor.expand_shape %[[R]]
func.func @reshaped(%a: tensor<8xf32>) -> tensor<2x4xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %r = linalg.exp ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %s = tensor.expand_shape %r [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// -----

// A reduction's destination made by expanding a tensor.empty (a global
// pooling's [N, C] sum viewed as [N, C, 1, 1]) is the output viewed
// collapsed: no copy at the end.
// CHECK-LABEL: func.func @expanded_empty
// CHECK-SAME:    %[[OUT:[^:]*]]: tensor<1x4x1x1xf32> {kiln.cpu.output = 0 : i64})
// CHECK-NOT:     tensor.empty
// CHECK:         %[[VIEW:.*]] = tensor.collapse_shape %[[OUT]] {{\[\[}}0], [1, 2, 3]]
// CHECK:         %[[DEST:.*]] = tensor.expand_shape %[[VIEW]]
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[DEST]] : tensor<1x4x1x1xf32>)
// CHECK-NOT:     materialize_in_destination
func.func @expanded_empty(%a: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4xf32>
  %x = tensor.expand_shape %e [[0], [1, 2, 3]] output_shape [1, 4, 1, 1] : tensor<1x4xf32> into tensor<1x4x1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%x : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, 0, 0)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%a : tensor<1x4x8x8xf32>) outs(%f : tensor<1x4x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<1x4x1x1xf32>
  return %r : tensor<1x4x1x1xf32>
}

// -----

// A returned input cannot be computed in place: it is copied.
// CHECK-LABEL: func.func @identity
// CHECK-SAME:    (%[[A:.*]]: tensor<4xf32>, %[[OUT:.*]]: tensor<4xf32> {kiln.cpu.output = 0 : i64})
// CHECK:         %[[COPY:.*]] = bufferization.materialize_in_destination %[[A]] in %[[OUT]]
// CHECK:         return %[[COPY]]
func.func @identity(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// Concats become insert_slice chains into the output.
// CHECK-LABEL: func.func @concat
// CHECK-SAME:    %[[OUT:[^:]*]]: tensor<6xf32> {kiln.cpu.output = 0 : i64})
// CHECK:         %[[FIRST:.*]] = tensor.insert_slice %{{.*}} into %[[OUT]][0] [2] [1]
// CHECK:         tensor.insert_slice %{{.*}} into %[[FIRST]][2] [4] [1]
func.func @concat(%a: tensor<2xf32>, %b: tensor<4xf32>) -> tensor<6xf32> {
  %r = tensor.concat dim(0) %a, %b : (tensor<2xf32>, tensor<4xf32>) -> tensor<6xf32>
  return %r : tensor<6xf32>
}

// -----

// Private helpers are not kernels.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME:    (%{{.*}}: tensor<4xf32>) -> tensor<4xf32>
func.func private @helper(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// An accumulation into an input (a convolution's bias broadcast by another
// kernel): the output starts as a copy of it, which tiling can fuse into
// each tile.
// CHECK-LABEL: func.func @accumulate_into_input
// CHECK-SAME:    %[[BIAS:[^:]*]]: tensor<4x8xf32>, %[[OUT:[^:]*]]: tensor<4x8xf32> {kiln.cpu.output = 0 : i64}
// CHECK:         %[[INIT:.*]] = linalg.copy ins(%[[BIAS]] : tensor<4x8xf32>) outs(%[[OUT]] : tensor<4x8xf32>)
// CHECK:         %[[R:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x16xf32>, tensor<16x8xf32>) outs(%[[INIT]] : tensor<4x8xf32>)
// CHECK:         return %[[R]]
func.func @accumulate_into_input(%a: tensor<4x16xf32>, %b: tensor<16x8xf32>, %bias: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x16xf32>, tensor<16x8xf32>) outs(%bias : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// A cast of a tensor.empty (static sizes made dynamic) is replaced like the
// tensor.empty itself.
// CHECK-LABEL: func.func @cast_empty
// CHECK-SAME:    (%[[N:.*]]: index, %[[A:.*]]: tensor<?x?xf32>, %[[OUT:.*]]: tensor<?x?xf32> {kiln.cpu.output = 0 : i64})
// CHECK:         %[[R:.*]] = linalg.exp ins(%[[A]] : tensor<?x?xf32>) outs(%[[OUT]] : tensor<?x?xf32>)
// CHECK:         return %[[R]]
func.func @cast_empty(%n: index, %a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %e = tensor.empty(%n) : tensor<?x64xf32>
  %c = tensor.cast %e : tensor<?x64xf32> to tensor<?x?xf32>
  %r = linalg.exp ins(%a : tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// A value a loop carries is computed into the loop's region argument: the
// state stays in one buffer. Not where a later op of the iteration reads
// the argument (%g below).
// CHECK-LABEL: func.func @loop_carried
// CHECK:         scf.for {{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[G:.*]] = %{{.*}}, %[[L:.*]] = %{{.*}})
// CHECK:           linalg.exp ins(%[[H]] : tensor<8xf32>) outs(%[[H]] : tensor<8xf32>)
// CHECK:           %[[E:.*]] = tensor.empty() : tensor<8xf32>
// CHECK:           linalg.add ins(%[[G]], %[[G]] : tensor<8xf32>, tensor<8xf32>) outs(%[[E]] : tensor<8xf32>)
// CHECK:           linalg.exp ins(%[[G]] : tensor<8xf32>) outs(%[[L]] : tensor<8xf32>)
func.func @loop_carried(%h0: tensor<8xf32>, %n: index) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:3 = scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0, %g = %h0, %l = %h0) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
    %e = tensor.empty() : tensor<8xf32>
    %next = linalg.exp ins(%h : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    %e2 = tensor.empty() : tensor<8xf32>
    %sum = linalg.add ins(%g, %g : tensor<8xf32>, tensor<8xf32>) outs(%e2 : tensor<8xf32>) -> tensor<8xf32>
    %e3 = tensor.empty() : tensor<8xf32>
    %late = linalg.exp ins(%g : tensor<8xf32>) outs(%e3 : tensor<8xf32>) -> tensor<8xf32>
    scf.yield %next, %sum, %late : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  }
  return %r#0, %r#1, %r#2 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}
