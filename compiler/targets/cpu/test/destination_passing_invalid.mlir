// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-cpu-destination-passing

// expected-error @+1 {{kernel 'scalar_argument': argument 1 is not a ranked tensor, an index or an integer}}
func.func @scalar_argument(%a: tensor<4xf32>, %s: f32) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{kernel 'unranked_result': result 0 is not a ranked tensor}}
func.func @unranked_result(%a: tensor<4xf32>) -> tensor<*xf32> {
  %c = tensor.cast %a : tensor<4xf32> to tensor<*xf32>
  return %c : tensor<*xf32>
}
