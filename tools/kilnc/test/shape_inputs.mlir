// RUN: kilnc %s -o %t.kiln --stats | FileCheck %s --check-prefix=STATS
// RUN: %python -c "import numpy as n; n.save('%t.x.npy', n.arange(24, dtype=n.float32).reshape(2, 3, 4)); n.save('%t.a1.npy', n.array([1, -1])); n.save('%t.a2.npy', n.array([0, 1]))"
// RUN: kiln-run %t.kiln --input x=%t.x.npy --input axes=%t.a1.npy --print | FileCheck %s --check-prefix=AXES13
// RUN: kiln-run %t.kiln --input x=%t.x.npy --input axes=%t.a2.npy --print | FileCheck %s --check-prefix=AXES01

// The reduction's axes are a graph input: the host reads their values when
// a run starts (dims table InputValue entries) to size the result, and the
// kernel reduces whichever dims they name.
// STATS: dims table: {{[0-9]+}} entries

// Sum over dims 1 and 2 (-1): one value per row of x.
// AXES13: sum: f32 [2] = 66 210
// AXES13: mean: f32 [2,1,1] = 5.5 17.5
// Sum over dims 0 and 1: one value per column.
// AXES01: sum: f32 [4] = 60 66 72 78
// AXES01: mean: f32 [1,1,4] = 10 11 12 13
func.func @main(%x: tensor<2x3x4xf32> {kiln.name = "x"}, %axes: tensor<2xi64> {kiln.name = "axes"}) -> (tensor<?xf32> {kiln.name = "sum"}, tensor<?x?x?xf32> {kiln.name = "mean"}) {
  %0 = kiln.reduce_sum %x, %axes {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?xf32>
  %1 = kiln.reduce_mean %x, %axes : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?x?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?x?x?xf32>
}
