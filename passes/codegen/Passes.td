// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - code generation passes --------------------*- tablegen -*-===//

#ifndef KILN_PASSES_CODEGEN_PASSES_TD
#define KILN_PASSES_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerToLinalgPass : Pass<"kiln-lower-to-linalg", "ModuleOp"> {
  let summary = "Lower the kiln dialect to linalg, tensor, arith, math and scf";
  let description = [{
    Rewrites every kiln op into upstream ops on tensors: elementwise ops into
    `linalg.generic` (numpy broadcasting through indexing maps), matrix
    products, convolutions and pooling into linalg named ops where one fits
    (else `linalg.generic`), reductions into `linalg.generic` over a
    `linalg.fill`ed destination, data movement into `tensor` ops. Destinations
    are `tensor.empty`; dynamic dims are read with `tensor.dim`.

    ONNX's unsigned integer element types (`ui8` ... `ui64`) become signless
    (`i8` ... `i64`) everywhere, function signatures included, and the ops
    that depend on signedness use their unsigned forms (`arith.divui`,
    `arith.extui`, `arith.cmpi ult`, ...). Ops of other dialects (say
    `kexec.matmul`) are left as they are.

    Control flow (If, Loop, Scan) becomes scf.if, scf.while and scf.for in
    a second conversion, once the ops in their regions are lowered. Dynamic
    dims are read at run time (`tensor.dim`); a dynamic dim is taken not to
    broadcast. Nothing is folded on the way: constant subgraphs are the
    graph passes' business.

    A kiln op without a lowering fails the pass with one error at the op:
    `'kiln.foo' cannot be lowered to linalg yet`; an op whose lowering does
    not support its attributes or shapes says why.

    ```mlir
    // Before:
    %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    // After:
    %e = tensor.empty() : tensor<2x3xf32>
    %0 = linalg.generic {
        indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                         affine_map<(d0, d1) -> (d1)>,
                         affine_map<(d0, d1) -> (d0, d1)>],
        iterator_types = ["parallel", "parallel"]}
        ins(%a, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%e : tensor<2x3xf32>) {
    ^bb0(%x: f32, %y: f32, %out: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    } -> tensor<2x3xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // KILN_PASSES_CODEGEN_PASSES_TD
