// RUN: kiln-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))'

// Dims learned from the inputs contradict a later op.
func.func @contraction_mismatch_found_late(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  %0 = kiln.relu %a : (tensor<2x3xf32>) -> tensor<?x?xf32>
  // expected-error @+1 {{matmul contraction dims differ: lhs has 3, rhs has 4}}
  %1 = kiln.matmul %0, %b : (tensor<?x?xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}
