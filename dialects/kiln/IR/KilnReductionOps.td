// SPDX-License-Identifier: Apache-2.0
//===- KilnReductionOps.td - ONNX reduction operators ----*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD
#define KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD

include "KilnBase.td"

#endif // KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD
