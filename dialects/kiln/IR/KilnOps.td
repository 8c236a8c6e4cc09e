// SPDX-License-Identifier: Apache-2.0
//===- KilnOps.td - all kiln ops, one file per ONNX category ---*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

include "KilnBase.td"
include "KilnControlFlowOps.td"
include "KilnMathOps.td"
include "KilnNNOps.td"
include "KilnQuantizationOps.td"
include "KilnReductionOps.td"
include "KilnSequenceOps.td"
include "KilnSignalOps.td"
include "KilnTensorOps.td"

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
