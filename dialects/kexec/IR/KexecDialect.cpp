// SPDX-License-Identifier: Apache-2.0
//===- KexecDialect.cpp - the kexec program dialect -----------------------===//

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kexec;

#include "dialects/kexec/IR/KexecDialect.cpp.inc"
#include "dialects/kexec/IR/KexecEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/kexec/IR/KexecAttrs.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/kexec/IR/KexecOps.cpp.inc"

void KexecDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/kexec/IR/KexecAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/kexec/IR/KexecOps.cpp.inc"
      >();
}
