// SPDX-License-Identifier: Apache-2.0
//===- KilnTensorOps.td - ONNX tensor and generator operators --*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNTENSOROPS_TD
#define KILN_DIALECT_KILN_IR_KILNTENSOROPS_TD

include "KilnBase.td"

def Kiln_ConstantOp : Kiln_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor (ONNX Constant and initializers)";
  let description = [{
    Produces the tensor held by its `value` attribute. Weights imported from
    ONNX initializers are constants too.

    ```mlir
    %c = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNTENSOROPS_TD
