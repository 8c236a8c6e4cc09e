// RUN: kilnc %s -o %t.kiln
// RUN: %python -c "import numpy as n; n.save('%t.x.npy', n.arange(6, dtype=n.float32).reshape(2, 3)); n.save('%t.good.npy', n.array([3, -1])); n.save('%t.count.npy', n.array([4, 2])); n.save('%t.negative.npy', n.array([-2, -3])); n.save('%t.two.npy', n.array([-1, -1])); n.save('%t.axis.npy', n.array([-1])); n.save('%t.far.npy', n.array([2])); n.save('%t.below.npy', n.array([-3]))"
// RUN: kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.good.npy --print | FileCheck %s --check-prefix=GOOD
// RUN: not kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.count.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.negative.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.two.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: kiln-run %t.kiln --function sum --input x=%t.x.npy --input axes=%t.axis.npy --print | FileCheck %s --check-prefix=SUM
// RUN: not kiln-run %t.kiln --function sum --input x=%t.x.npy --input axes=%t.far.npy 2>&1 | FileCheck %s --check-prefix=AXIS
// RUN: not kiln-run %t.kiln --function sum --input x=%t.x.npy --input axes=%t.below.npy 2>&1 | FileCheck %s --check-prefix=AXIS
// RUN: kiln-run %t.kiln --function slice --input x=%t.x.npy --input axes=%t.axis.npy --print | FileCheck %s --check-prefix=SLICE
// RUN: not kiln-run %t.kiln --function slice --input x=%t.x.npy --input axes=%t.far.npy 2>&1 | FileCheck %s --check-prefix=SLICE-AXIS

// A Reshape whose shape is a graph input: values that describe no shape of
// x's six elements fail the run with one line naming the node, before any
// kernel reads x (the artifact's checks), instead of giving a wrong-sized
// result.
// GOOD: y: f32 [3,2] = 0 1 2 3 4 5
// BAD: kiln-run: error: node 'r': the values of its shape input give no valid shape for the data (a negative dim, or another element count)
// BAD-NOT: y:
// An axis outside [-2, 2) for x's two dims names no dim: the run fails.
// SUM: y: f32 [2] = 3 12
// AXIS: kiln-run: error: node 's': a value of its axes input is outside [-2, 2)
// Slice's axes too: elements 1 and 2 of each row along the last dim.
// SLICE: y: f32 [2,2] = 1 2 4 5
// SLICE-AXIS: kiln-run: error: node 'c': a value of its axes input is outside [-2, 2)
func.func @main(%x: tensor<2x3xf32> {kiln.name = "x"}, %shape: tensor<2xi64> {kiln.name = "shape"}) -> (tensor<?x?xf32> {kiln.name = "y"}) {
  %y = kiln.reshape %x, %shape : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32> loc("r")
  return %y : tensor<?x?xf32>
}

func.func @sum(%x: tensor<2x3xf32> {kiln.name = "x"}, %axes: tensor<1xi64> {kiln.name = "axes"}) -> (tensor<?xf32> {kiln.name = "y"}) {
  %y = kiln.reduce_sum %x, %axes {keepdims = 0 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<?xf32> loc("s")
  return %y : tensor<?xf32>
}

func.func @slice(%x: tensor<2x3xf32> {kiln.name = "x"}, %axes: tensor<1xi64> {kiln.name = "axes"}) -> (tensor<?x?xf32> {kiln.name = "y"}) {
  %starts = kiln.constant dense<1> : tensor<1xi64>
  %ends = kiln.constant dense<3> : tensor<1xi64>
  %y = kiln.slice %x, %starts, %ends axes(%axes) : (tensor<2x3xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32> loc("c")
  return %y : tensor<?x?xf32>
}
