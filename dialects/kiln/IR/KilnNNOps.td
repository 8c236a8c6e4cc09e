// SPDX-License-Identifier: Apache-2.0
//===- KilnNNOps.td - ONNX neural-network operators ----*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNNNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNNNOPS_TD

include "KilnBase.td"

#endif // KILN_DIALECT_KILN_IR_KILNNNOPS_TD
