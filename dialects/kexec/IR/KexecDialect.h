// SPDX-License-Identifier: Apache-2.0
//===- KexecDialect.h - the kexec program dialect ---------------*- C++ -*-===//

#ifndef KILN_DIALECT_KEXEC_IR_KEXECDIALECT_H
#define KILN_DIALECT_KEXEC_IR_KEXECDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/kexec/IR/KexecDialect.h.inc"

#endif // KILN_DIALECT_KEXEC_IR_KEXECDIALECT_H
