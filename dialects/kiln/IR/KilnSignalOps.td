// SPDX-License-Identifier: Apache-2.0
//===- KilnSignalOps.td - ONNX signal-processing operators -----*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNSIGNALOPS_TD
#define KILN_DIALECT_KILN_IR_KILNSIGNALOPS_TD

include "KilnBase.td"

#endif // KILN_DIALECT_KILN_IR_KILNSIGNALOPS_TD
