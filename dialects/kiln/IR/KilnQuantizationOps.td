// SPDX-License-Identifier: Apache-2.0
//===- KilnQuantizationOps.td - ONNX quantization operators ----*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNQUANTIZATIONOPS_TD
#define KILN_DIALECT_KILN_IR_KILNQUANTIZATIONOPS_TD

include "KilnBase.td"

#endif // KILN_DIALECT_KILN_IR_KILNQUANTIZATIONOPS_TD
