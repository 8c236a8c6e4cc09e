// RUN: kilnc %s -o %t.kiln
// RUN: %python -c "import numpy as n; n.save('%t.x.npy', n.arange(6, dtype=n.float32).reshape(2, 3)); n.save('%t.good.npy', n.array([3, -1])); n.save('%t.count.npy', n.array([4, 2])); n.save('%t.negative.npy', n.array([-2, -3])); n.save('%t.two.npy', n.array([-1, -1]))"
// RUN: kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.good.npy --print | FileCheck %s --check-prefix=GOOD
// RUN: not kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.count.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.negative.npy 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not kiln-run %t.kiln --input x=%t.x.npy --input shape=%t.two.npy 2>&1 | FileCheck %s --check-prefix=BAD

// A Reshape whose shape is a graph input: values that describe no shape of
// x's six elements fail the run with one line naming the node, before any
// kernel reads x (the artifact's checks), instead of giving a wrong-sized
// result.
// GOOD: y: f32 [3,2] = 0 1 2 3 4 5
// BAD: kiln-run: error: Reshape 'r': the values of its shape input give no valid shape for the data (a negative dim, or another element count)
// BAD-NOT: y:
func.func @main(%x: tensor<2x3xf32> {kiln.name = "x"}, %shape: tensor<2xi64> {kiln.name = "shape"}) -> (tensor<?x?xf32> {kiln.name = "y"}) {
  %y = kiln.reshape %x, %shape : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32> loc("r")
  return %y : tensor<?x?xf32>
}
