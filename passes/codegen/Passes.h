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

/// Adds the patterns that lower kiln ops other than control flow to linalg,
/// tensor, arith and math (and function signatures to converted types), for
/// every op that has a lowering. Patterns report unsupported cases (with the
/// op's name and why) as errors at the op.
void populateKilnToLinalgPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);

/// Adds the patterns that lower kiln.if, kiln.loop and kiln.scan to scf.
/// They expect the ops in their regions to be lowered already: run them in
/// a second conversion after populateKilnToLinalgPatterns' (with the
/// control-flow ops and kiln.yield legal in the first).
void populateKilnControlFlowToSCFPatterns(TypeConverter &typeConverter,
                                          RewritePatternSet &patterns);

/// Marks the kiln dialect illegal, upstream ops legal when their types are
/// legal for `typeConverter`, and every other op legal. With
/// `keepControlFlow`, kiln.if, kiln.loop, kiln.scan and kiln.yield stay
/// legal (the first of the two conversions).
void configureKilnToLinalgTarget(ConversionTarget &target,
                                 const TypeConverter &typeConverter,
                                 bool keepControlFlow = false);

#define GEN_PASS_DECL
#include "passes/codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/codegen/Passes.h.inc"

} // namespace kiln
} // namespace mlir

#endif // KILN_PASSES_CODEGEN_PASSES_H
