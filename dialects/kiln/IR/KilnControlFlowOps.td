// SPDX-License-Identifier: Apache-2.0
//===- KilnControlFlowOps.td - ONNX control-flow operators ----*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNCONTROLFLOWOPS_TD
#define KILN_DIALECT_KILN_IR_KILNCONTROLFLOWOPS_TD

include "KilnBase.td"

#endif // KILN_DIALECT_KILN_IR_KILNCONTROLFLOWOPS_TD
