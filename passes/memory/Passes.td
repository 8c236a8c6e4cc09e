// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - memory planning -----------------------------*- tablegen -*-===//

#ifndef KILN_PASSES_MEMORY_PASSES_TD
#define KILN_PASSES_MEMORY_PASSES_TD

include "mlir/Pass/PassBase.td"

def ResolveDimsPass : Pass<"kiln-resolve-dims", "ModuleOp"> {
  let summary = "Express every dynamic dim of a host program in its dims table";
  let description = [{
    Writes each host function's dims table (`kexec.dims_table`, one
    `op, a, b` triple per entry, as runtime/schema/kiln.fbs's DimExpr): the
    index arithmetic over input dims that the runtime evaluates when a run
    starts. Every dynamic dim of a host tensor gets its Sizes recorded on
    its producer (`kexec.shapes`); a dispatch result's dims are read from
    its kernel's body. Kernels learn where their dynamic dims and index
    arguments live in the table (`kexec.dims`, `kexec.dim`). A dim that
    depends on tensor data is an error naming the op.

    ```mlir
    // After:
    func.func @main(%x: tensor<?x4xf32>) -> tensor<?x4xf32>
        attributes {kexec.dims_table = array<i64: 1, 0, 0>} {
      %0 = kexec.dispatch @kernels::@relu_0(%x) {kexec.shapes = [array<i64: -1, 4>]} ...
    }
    ```
  }];
}

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
