// RUN: kilnc %s -o %t.kiln --stats | FileCheck %s --check-prefix=STATS
// RUN: %python -c "import numpy as n; n.save('%t.x.npy', n.arange(24, dtype=n.float32).reshape(2, 3, 4)); n.save('%t.a1.npy', n.array([1, -1])); n.save('%t.a2.npy', n.array([0, 1])); n.save('%t.s.npy', n.array([3])); n.save('%t.st1.npy', n.array([-2])); n.save('%t.st2.npy', n.array([1]))"
// RUN: kiln-run %t.kiln --input x=%t.x.npy --input axes=%t.a1.npy --input starts=%t.s.npy --input steps=%t.st1.npy --print | FileCheck %s --check-prefix=AXES13
// RUN: kiln-run %t.kiln --input x=%t.x.npy --input axes=%t.a2.npy --input starts=%t.s.npy --input steps=%t.st2.npy --print | FileCheck %s --check-prefix=AXES01

// Axes, starts and steps are graph inputs: the host reads their values when
// a run starts (dims table InputValue entries) to size the results, and the
// kernels reduce, reshape or gather along whichever dims they name.
// STATS: dims table: {{[0-9]+}} entries

// Sum over dims 1 and 2 (-1): one value per row of x.
// AXES13: sum: f32 [2] = 66 210
// AXES13: mean: f32 [2,1,1] = 5.5 17.5
// AXES13: unsqueezed: f32 [2,1,3,4,1] =
// Slice dim 2 backwards from 3 by 2: elements 3 and 1 of each row.
// AXES13: sliced: f32 [2,3,2] = 3 1 7 5 11 9 15 13 19 17 23 21
// Sum over dims 0 and 1: one value per column.
// AXES01: sum: f32 [4] = 60 66 72 78
// AXES01: mean: f32 [1,1,4] = 10 11 12 13
// AXES01: unsqueezed: f32 [1,1,2,3,4] =
// Forward from 3 to -100 (clamped to 0): nothing.
// AXES01: sliced: f32 [2,3,0] =
func.func @main(%x: tensor<2x3x4xf32> {kiln.name = "x"}, %axes: tensor<2xi64> {kiln.name = "axes"}, %starts: tensor<1xi64> {kiln.name = "starts"}, %steps: tensor<1xi64> {kiln.name = "steps"}) -> (tensor<?xf32> {kiln.name = "sum"}, tensor<?x?x?xf32> {kiln.name = "mean"}, tensor<?x?x?x?x?xf32> {kiln.name = "unsqueezed"}, tensor<?x?x?xf32> {kiln.name = "sliced"}) {
  %0 = kiln.reduce_sum %x, %axes {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?xf32>
  %1 = kiln.reduce_mean %x, %axes : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?x?xf32>
  %2 = kiln.unsqueeze %x, %axes : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?x?x?x?xf32>
  %ends = kiln.constant dense<-100> : tensor<1xi64>
  %ax = kiln.constant dense<2> : tensor<1xi64>
  %3 = kiln.slice %x, %starts, %ends axes(%ax) steps(%steps) : (tensor<2x3x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?x?xf32>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?x?x?xf32>, tensor<?x?x?x?x?xf32>, tensor<?x?x?xf32>
}
