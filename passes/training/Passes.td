// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - training-graph generation -------------------*- tablegen -*-===//

#ifndef KILN_PASSES_TRAINING_PASSES_TD
#define KILN_PASSES_TRAINING_PASSES_TD

include "mlir/Pass/PassBase.td"

def GenerateGradientsPass : Pass<"kiln-generate-gradients", "ModuleOp"> {
  let summary = "Add a function computing a loss and its gradients";
  let description = [{
    Reverse-mode differentiation of a kiln function: for `function` (whose
    result `loss` is a float scalar), adds `<function>_grad` with the same
    arguments, returning the loss and then, for every float argument, the
    gradient of the loss with respect to it (zeros where the loss does not
    depend on the argument).

    The forward ops are copied; then, from the loss back, each op on the way
    to it gets the gradients of its operands from those of its results by
    its rule in the gradient registry (`GradientRules.h`). Gradients of a
    value used many times are summed; a gradient of a broadcast operand is
    summed over the broadcast dims back to the operand's shape; integer
    operands (shapes, indices) get none. An op on the way to the loss that
    has no rule fails the pass, naming it.

    ```mlir
    // Before:
    func.func @main(%x: tensor<4xf32>) -> tensor<f32> {
      %y = kiln.exp %x : (tensor<4xf32>) -> tensor<4xf32>
      %l = kiln.reduce_sum %y {keepdims = 0 : i64} : (tensor<4xf32>) -> tensor<f32>
      return %l : tensor<f32>
    }
    // Added: the loss and exp(x) (d/dx of sum(exp(x))).
    func.func @main_grad(%x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
    ```
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"main\"",
           "The function to differentiate">,
    Option<"loss", "loss", "unsigned", /*default=*/"0",
           "Which of its results is the loss">,
  ];
}

#endif // KILN_PASSES_TRAINING_PASSES_TD
