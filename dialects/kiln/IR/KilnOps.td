// SPDX-License-Identifier: Apache-2.0
//===- KilnOps.td - all kiln ops, one file per ONNX category ---*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

include "KilnBase.td"
include "KilnMathOps.td"
include "KilnTensorOps.td"

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
