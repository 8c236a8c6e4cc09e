// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - memory planning -----------------------------*- tablegen -*-===//

#ifndef KILN_PASSES_MEMORY_PASSES_TD
#define KILN_PASSES_MEMORY_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanMemoryPass : Pass<"kiln-plan-memory", "func::FuncOp"> {
  let summary = "Place every value of a kexec program in one static arena";
  let description = [{
    Gives each result of a dispatch, library call or copy a place
    (`kexec.places`): the output buffer it is returned in, or an offset in
    the function's arena (`kexec.arena_size`). Arena buffers whose
    lifetimes do not overlap share bytes (greedy by size, first fit,
    64-byte aligned). Reshapes alias their operand's buffer. Constants
    become weight sections. A returned value that cannot be written in
    place (an input, a weight, a value returned twice) gets a `kexec.copy`.

    ```mlir
    // After:
    func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kexec.arena_size = 64 : i64} {
      %0 = kexec.dispatch @kernels::@a_0(%x) {kexec.places = [#kexec.place<arena>]} ...
      %1 = kexec.dispatch @kernels::@b_1(%0) {kexec.places = [#kexec.place<output>]} ...
      return %1 : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::kexec::KexecDialect"];
}

#endif // KILN_PASSES_MEMORY_PASSES_TD
