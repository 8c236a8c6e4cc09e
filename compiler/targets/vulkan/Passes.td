// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - passes of the Vulkan code generator ---------*- tablegen -*-===//

#ifndef KILN_COMPILER_TARGETS_VULKAN_PASSES_TD
#define KILN_COMPILER_TARGETS_VULKAN_PASSES_TD

include "mlir/Pass/PassBase.td"

def DistributeToInvocationsPass
    : Pass<"kiln-vulkan-distribute-to-invocations", "func::FuncOp"> {
  let summary = "Spread a workgroup's loop nests over its invocations";
  let description = [{
    For a bufferized kernel whose workgroup share has been tiled out (see
    `kiln-cpu-tile-and-distribute`), turns the body into code that all
    invocations of one workgroup run together:

    - Every linalg op (and `memref.copy`) becomes loops, its parallel
      dimensions outermost, as one `scf.parallel` over them with sequential
      `scf.for` loops for the reductions inside.
    - A reduction's accumulator that a loop reads and writes at indices it
      does not change is carried through the loop in a register (loaded
      before it, stored after it) rather than read and written per step.
    - With `subgroup-reductions`, a top-level `scf.parallel` of fewer
      iterations than half the workgroup, each one reduction loop (a single
      row's LayerNorm, a sum to a scalar), runs its iterations one after
      another, each reduced by the whole workgroup: every invocation
      combines a strided share, `gpu.subgroup_reduce` combines a subgroup's,
      and invocation 0 combines the subgroups' through workgroup memory.
    - Each top-level `scf.parallel` becomes a loop over its linearized
      iteration space that starts at the invocation's id
      (`gpu.thread_id x`) and steps by the workgroup size; nested
      `scf.parallel` loops become `scf.for`.
    - Other top-level ops that write memory run on invocation 0 alone.
    - A `gpu.barrier` separates consecutive steps that touch memory, so a
      step sees everything the steps before it wrote.
    - Temporaries (`memref.alloc`, `memref.alloca`) must be seen by every
      invocation of the workgroup: the smallest move to workgroup memory
      (memory space 3) while they fit in the 16 KiB Vulkan guarantees; each
      other becomes a scratch buffer, one more kernel argument
      (`kiln.vulkan.scratch`) of shape `[workgroups, shape...]` that each
      workgroup indexes with its linear id.

    ```mlir
    // Before (a 60-element elementwise op):
    linalg.generic {...} ins(%a : memref<60xf32>) outs(%b : memref<60xf32>) {...}
    // After (workgroup size 64):
    %tid = gpu.thread_id x
    scf.for %i = %tid to %c60 step %c64 {
      %x = memref.load %a[%i] : memref<60xf32>
      ...
      memref.store %y, %b[%i] : memref<60xf32>
    }
    ```
  }];
  let options = [
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"64",
           "Invocations per workgroup">,
    Option<"subgroupReductions", "subgroup-reductions", "bool",
           /*default=*/"false",
           "Reduce few long rows with the whole workgroup: subgroup "
           "operations, then workgroup memory across subgroups">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def FuseElementwiseProducersPass
    : Pass<"kiln-vulkan-fuse-elementwise-producers", "func::FuncOp"> {
  let summary = "Compute elementwise producers inside their consumers";
  let description = [{
    A kernel's elementwise producer (an all-parallel `linalg.generic` with
    one use) is computed inside its consumer's loops when the consumer reads
    it at indices that involve every one of its loops: each produced
    element is then used by about one consumer iteration (a pooling window
    by a window of outputs), so computing it in place costs nothing and
    saves the temporary that would hold it. On a GPU that temporary lives
    in workgroup memory or a scratch buffer, and a workgroup's share of a
    dynamic size is unbounded. Named consumers (pooling) are generalized
    first. A producer that a consumer reads across a loop it does not index
    with (a matmul's operand, reused for every column) stays apart, unless
    it has dynamic sizes: computing it again for each use is then the only
    way to run it.

    First, each `tensor.pad` (static low padding, a constant value) whose
    source is a kernel argument or an elementwise generic used only there
    becomes an all-parallel generic over the padded shape: it reads the
    source with `tensor.extract` at clamped indices, selects the padding
    value outside it, and computes such a producer right where it reads it.
    The padded tensor is then elementwise like any other producer, and the
    kernel has a linalg root to tile.

    ```mlir
    // Before: a ReLU's result pooled.
    %r = linalg.generic {... ["parallel", "parallel"]} ins(%x) outs(%e) { max(x, 0) }
    %p = linalg.pooling_nchw_max ins(%r, %window) outs(%init)
    // After: one generic over the pooling's loops, the ReLU in its body.
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def StageOperandsPass
    : Pass<"kiln-vulkan-stage-operands", "func::FuncOp"> {
  let summary = "Stage a workgroup's matmul and convolution operands in "
                "workgroup memory";
  let description = [{
    For a bufferized kernel whose workgroup share has been tiled out, steps
    each contraction (matmul, batch matmul and their transposed forms) and
    each convolution with static shapes along its outermost reduction loop,
    `reduction-tile` indices at a time or fewer while the staged tiles
    would not fit in `max-bytes`, and copies each step's tiles of both
    inputs into temporaries, which `kiln-vulkan-distribute-to-invocations`
    places in workgroup memory. A workgroup's invocations then read each
    input element from global memory once per step and reuse it from
    workgroup memory for every output of the tile that needs it: a matmul's
    row for every column, a convolution's filter for every pixel and its
    input window for every overlapping one. A contraction whose reduction
    is no longer than a step is left alone.

    ```mlir
    // Before (a 16x16 output tile of a K = 512 matmul):
    linalg.matmul ins(%a, %b : memref<16x512xf32, ...>, memref<512x16xf32, ...>)
                  outs(%c : memref<16x16xf32, ...>)
    // After:
    %sa = memref.alloc() : memref<16x16xf32>
    %sb = memref.alloc() : memref<16x16xf32>
    scf.for %k = %c0 to %c512 step %c16 {
      memref.copy %a[0, %k] [16, 16], %sa ...
      memref.copy %b[%k, 0] [16, 16], %sb ...
      linalg.matmul ins(%sa, %sb ...) outs(%c ...)
    }
    ```
  }];
  let options = [
    Option<"reductionTile", "reduction-tile", "int64_t", /*default=*/"16",
           "Most reduction indices per step">,
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"8192",
           "Most workgroup memory the staged tiles of one op take">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def OutlineGpuKernelsPass : Pass<"kiln-vulkan-outline-gpu-kernels", "ModuleOp"> {
  let summary = "Move distributed kernels into a gpu.module for SPIR-V";
  let description = [{
    Moves every public kernel `func.func` of the module (bufferized, its
    invocations distributed) into `gpu.module @kernels` as a `gpu.func`
    kernel: the workgroup-id arguments (`kiln.cpu.workgroup_id`) become
    `gpu.block_id`, the remaining memref arguments are the bindings in
    order, and the kernel gets `spirv.entry_point_abi` with the workgroup
    size. The grid (`kiln.cpu.workgroup_count`) stays on the kernel, and
    the byte sizes of its scratch buffers (bound right after the dispatch's
    buffers) go to `kiln.vulkan.scratch_bytes`. The
    `gpu.module` gets the SPIR-V target environment `target-env`.

    The dims a kernel reads (its buffers' dynamic sizes, `kexec.dims`, and
    `kexec.dim` scalar arguments) come from one more binding, appended
    last: the runtime's dims table as `memref<?xi32>`. A buffer with
    dynamic sizes becomes `memref<?xT>` indexed in row-major order, since
    SPIR-V's runtime arrays are 1-D; its loads, stores and `memref.dim`s
    are rewritten. A buffer of no elements gets one element per dim, since
    SPIR-V has no empty arrays (nothing reads it).
  }];
  let options = [
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"64",
           "Invocations per workgroup">,
    Option<"targetEnv", "target-env", "std::string", /*default=*/"\"\"",
           "#spirv.target_env attribute (default: Vulkan 1.1, no optional "
           "capabilities)">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::spirv::SPIRVDialect"];
}

def LowerToSpirvPass : Pass<"kiln-vulkan-lower-to-spirv", "ModuleOp"> {
  let summary = "Lower the gpu.module of kernels to a spirv.module";
  let description = [{
    Math functions SPIR-V's GLSL.std.450 set lacks become expansions
    (`math::populateExpansionPatterns`) or polynomial approximations (erf,
    erfc) and f64 transcendental math computes in f32 (GLSL.std.450 has it
    for 16- and 32-bit floats only); f64 absf and boolean min/max, which
    upstream does not convert, become selects and and/or; bf16 and
    float8/6/4 arithmetic computes in f32 with bit-exact conversions, and
    buffers of those types and of sub-byte integers hold their bits as
    integers; 2- to 7-bit integers (int4) compute in i8, sign- or
    zero-extended where an op reads more than their bits, since SPIR-V's
    own emulation of them loses the sign; memref memory spaces become
    storage classes (0: StorageBuffer, 3: Workgroup); then the kernels
    convert with `convert-math-to-spirv` and `convert-gpu-to-spirv` (32-bit
    indices, 64-bit when an index constant needs them) into one
    `spirv.module` with one entry point per kernel, whose
    bindings are descriptor set 0, bindings 0..n-1 in argument order. ABI
    attributes are lowered and the module's version, capabilities and
    extensions are the least its code needs (`spirv-update-vce`). The
    `gpu.module` is removed.
  }];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect"];
}

#endif // KILN_COMPILER_TARGETS_VULKAN_PASSES_TD
