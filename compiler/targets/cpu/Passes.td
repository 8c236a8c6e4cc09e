// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - passes of the CPU code generator -----------*- tablegen -*-===//

#ifndef KILN_COMPILER_TARGETS_CPU_PASSES_TD
#define KILN_COMPILER_TARGETS_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DestinationPassingPass : Pass<"kiln-cpu-destination-passing", "ModuleOp"> {
  let summary = "Give every kernel one output argument per result";
  let description = [{
    Rewrites each public kernel `func.func` of the module so that it also
    takes one tensor argument per result (marked `kiln.cpu.output = i`) and
    computes each result in place into that argument: the `tensor.empty`
    at the end of the result's destination chain (through fills, other
    destination-style ops and reshapes) is replaced by the output argument.
    A result that cannot be tied so (a returned input, say) is copied into
    its output with `bufferization.materialize_in_destination`. Concats and
    pads are decomposed first so that they become destination chains too.
    Result attributes (`kexec.dims`) move to the output arguments.

    ```mlir
    // Before:
    func.func @k(%a: tensor<8xf32>) -> tensor<8xf32> {
      %e = tensor.empty() : tensor<8xf32>
      %r = linalg.exp ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
      return %r : tensor<8xf32>
    }
    // After:
    func.func @k(%a: tensor<8xf32>, %out: tensor<8xf32> {kiln.cpu.output = 0 : i64})
        -> tensor<8xf32> {
      %r = linalg.exp ins(%a : tensor<8xf32>) outs(%out : tensor<8xf32>) -> tensor<8xf32>
      return %r : tensor<8xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TileAndDistributePass : Pass<"kiln-cpu-tile-and-distribute", "func::FuncOp"> {
  let summary = "Tile a kernel's root op over a fixed grid of workgroups";
  let description = [{
    For a kernel in destination-passing form (see
    `kiln-cpu-destination-passing`), picks the root op (the linalg op that
    writes the outputs), chooses a grid of at most three dimensions over its
    parallel loops from the static sizes (dynamic sizes count as large),
    tiles it with `scf.forall` fusing its producers, and replaces the loop
    by one iteration whose ids are the workgroup ids: three `index`
    arguments appended to the kernel (`kiln.cpu.workgroup_id = 0, 1, 2` for
    x, y, z). The grid is recorded as `kiln.cpu.workgroup_count`. Every
    workgroup computes its share from the actual sizes (ceil-div), so the
    grid stays the same whatever the dynamic sizes are at run time. A kernel
    whose outputs are not written by one tileable root gets a 1x1x1 grid.

    ```mlir
    // After, for an elementwise kernel over tensor<1024x1024xf32>:
    func.func @k(%a: tensor<1024x1024xf32>, %out: tensor<1024x1024xf32> {kiln.cpu.output = 0 : i64},
                 %x: index {kiln.cpu.workgroup_id = 0 : i64}, %y: index {...}, %z: index {...})
        -> tensor<1024x1024xf32> attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>} {
      %off = affine.apply affine_map<(d0) -> (d0 * 64)>(%x)
      %in = tensor.extract_slice %a[%off, 0] [64, 1024] [1, 1] ...
      ...
      %r = tensor.insert_slice %tile into %out[%off, 0] [64, 1024] [1, 1] ...
      return %r : tensor<1024x1024xf32>
    }
    ```
  }];
  let options = [
    Option<"maxWorkgroups", "max-workgroups", "int64_t", /*default=*/"64",
           "Most workgroups in a grid">,
    Option<"minWorkPerWorkgroup", "min-work-per-workgroup", "int64_t",
           /*default=*/"16384",
           "Fewest loop iterations of the root op a workgroup should get">,
    Option<"countReductions", "count-reductions", "bool", /*default=*/"true",
           "Whether reduction iterations count toward a workgroup's work; "
           "false for GPUs, which want parallel iterations for their "
           "invocations (and square output tiles for contractions)">,
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"512",
           "Vector register width: keeps tiles of the innermost dimension "
           "whole vectors">,
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TileAndVectorizePass : Pass<"kiln-cpu-tile-and-vectorize", "func::FuncOp"> {
  let summary = "Tile a workgroup's ops to vector sizes and vectorize them";
  let description = [{
    Tiles every linalg op of a distributed kernel, consumers first, to the
    sizes of vector registers with `scf.for` loops, fusing elementwise
    producers into the loops of their consumer: all-parallel ops get tiles
    of one vector along the innermost dimension (16x16 tiles for
    transposes), reductions over the innermost dimension accumulate a vector
    of partial results and reduce it once at the end, reductions over outer
    dimensions accumulate whole vectors, and contractions get an 8x32
    register tile stepping one reduction index at a time. Loops with a
    partial last tile are peeled so that the main loop has static tiles.
    Then every linalg op with static (or bounded) sizes is vectorized with
    `linalg::vectorize` (masked where the sizes are only bounded), and
    loop-invariant subsets (accumulators) are hoisted out of the loops while
    the IR is still on tensors. Ops that do not vectorize stay linalg and
    become scalar loops later.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"512",
           "Vector register width in bits">,
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def BufferizePass : Pass<"kiln-cpu-bufferize", "ModuleOp"> {
  let summary = "Bufferize kernels in place into their output arguments";
  let description = [{
    One-shot bufferization of the whole module with identity layouts at
    function boundaries. Output arguments are written in place, so every
    result of a kernel is equivalent to its output argument and is dropped:
    kernels return nothing. A kernel whose result could not be written in
    place is reported. Self-copies left by bufferizing tiled loops are
    removed, small static allocations move to the stack, and `cse` plus
    `canonicalize` clean up.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

def AddAbiWrappersPass : Pass<"kiln-cpu-add-abi-wrappers", "ModuleOp"> {
  let summary = "Export each kernel through the runtime's CPU kernel ABI";
  let description = [{
    For each bufferized kernel `@k`, renames it `@k__impl` (internal
    linkage) and adds `@k(%bindings: !llvm.ptr, %dims: !llvm.ptr,
    %wg_x: i64, %wg_y: i64, %wg_z: i64)` as in `runtime/hal/kernel_abi.h`:
    it loads one pointer per binding (inputs, then outputs), builds dense
    row-major memref descriptors whose dynamic sizes come from the dims
    table (`kexec.dims`), and calls the kernel with the workgroup ids.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::arith::ArithDialect"];
}

def ExpandSmallFloatsPass : Pass<"kiln-cpu-expand-small-floats"> {
  let summary = "Float8/float6/float4 arithmetic in f32, conversions as bit ops";
  let description = [{
    LLVM has no float types narrower than 16 bits (they lower to integers
    of their width), so arithmetic and conversions on them need rewriting
    before the LLVM conversion. Arith ops on these types (f8E4M3FN,
    f8E4M3FNUZ, f8E5M2, f8E5M2FNUZ, f8E4M3B11FNUZ, f8E4M3, f8E3M4,
    f8E8M0FNU, f6E2M3FN, f6E3M2FN, f4E2M1FN) compute in f32 with
    `arith.extf` / `arith.truncf` around them; then those conversions become
    integer operations on the bits: widening is exact, narrowing from f32 or
    f64 rounds once to nearest even with the format's subnormals and its
    encodings of overflow, Inf and NaN (see ExpandSmallFloats.cpp; the
    results match ml_dtypes, ONNX's reference). f16 and bf16 sources widen
    to f32 first (exactly).

    ```mlir
    // Before:
    %y = arith.truncf %x : f32 to f8E4M3FN
    // After (abridged):
    %bits = arith.bitcast %x : f32 to i32
    ...   // round to nearest even, rebias, select NaN / overflow / zero
    %b = arith.trunci %code : i32 to i8
    %y = arith.bitcast %b : i8 to f8E4M3FN
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def LowerToLLVMPass : Pass<"kiln-cpu-lower-to-llvm", "ModuleOp"> {
  let summary = "Lower vector, scf, memref, arith and math to the LLVM dialect";
  let description = [{
    Lowers bufferized kernels to the LLVM dialect in stages (applying all
    vector lowering pattern sets at once would not terminate in reasonable
    memory): vector contractions, transposes, multi-reductions and masks to
    simpler vector ops; transfers to loads and stores; math functions to
    polynomial approximations (f16/bf16 through f32) so that the object
    needs nothing beyond libc/libm; the rest of math to libm calls;
    float8/float4 arithmetic and conversions to integer ops
    (`kiln-cpu-expand-small-floats`); then everything to LLVM with fast-math reassociation allowed in horizontal
    reductions.
  }];
  let options = [
    Option<"x86Vector", "x86-vector", "bool", /*default=*/"false",
           "Use x86 AVX-512 specific lowerings (16x16 shuffle transposes)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // KILN_COMPILER_TARGETS_CPU_PASSES_TD
