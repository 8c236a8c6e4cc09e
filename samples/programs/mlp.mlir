// SPDX-License-Identifier: Apache-2.0
// A two-layer perceptron in the kiln dialect, as an importer would write it:
// the batch size is symbolic and the intermediate shapes are not yet known.
//
//   kiln-opt --kiln-infer-shapes samples/programs/mlp.mlir
//
// refines every intermediate type from the inputs and the weights.
func.func @mlp(%x: tensor<?x4xf32>) -> tensor<*xf32> {
  %w1 = kiln.constant dense<[[0.5, -0.25, 1.0, 0.0, 0.75, -1.0, 0.25, 0.5],
                             [1.0, 0.5, -0.5, 0.25, 0.0, 0.5, -0.75, 1.0],
                             [-0.5, 1.0, 0.25, 0.5, 1.0, 0.0, 0.5, -0.25],
                             [0.25, 0.0, 0.5, -1.0, 0.5, 0.75, 1.0, 0.0]]> : tensor<4x8xf32>
  %b1 = kiln.constant dense<[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]> : tensor<8xf32>
  %w2 = kiln.constant dense<[[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [-0.5, 0.5],
                             [0.25, -0.25], [1.0, 1.0], [0.0, -1.0], [0.5, 0.0]]> : tensor<8x2xf32>
  %h = kiln.matmul %x, %w1 : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<*xf32>
  %hb = kiln.add %h, %b1 : (tensor<*xf32>, tensor<8xf32>) -> tensor<*xf32>
  %a = kiln.relu %hb : (tensor<*xf32>) -> tensor<*xf32>
  %y = kiln.matmul %a, %w2 : (tensor<*xf32>, tensor<8x2xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
