// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - code generation passes ------------------------*- C++ -*-===//

#ifndef KILN_PASSES_CODEGEN_PASSES_H
#define KILN_PASSES_CODEGEN_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
class ModuleOp;

namespace kiln {

/// The type converter of the kiln-to-linalg lowering: unsigned integer
/// element types (`ui8` ... `ui64`, `ui4`) become signless, in scalars and
/// tensors; every other type stays as it is. Tensors of unsigned integers
/// are materialized to and from the converted type with `tensor.bitcast`.
class KilnToLinalgTypeConverter : public TypeConverter {
public:
  KilnToLinalgTypeConverter();
};

/// Adds the patterns that lower kiln ops to linalg, tensor, arith, math and
/// scf, for every op that has a lowering. Patterns report unsupported cases
/// (with the op's name and why) as errors at the op.
void populateKilnToLinalgPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);

/// Marks the kiln dialect illegal, upstream ops legal when their types are
/// legal for `typeConverter`, and every other op legal.
void configureKilnToLinalgTarget(ConversionTarget &target,
                                 const TypeConverter &typeConverter);

#define GEN_PASS_DECL
#include "passes/codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/codegen/Passes.h.inc"

} // namespace kiln
} // namespace mlir

#endif // KILN_PASSES_CODEGEN_PASSES_H
