// SPDX-License-Identifier: Apache-2.0
//===- Passes.td - fusion: library calls and dispatch regions --*- tablegen -*-===//

#ifndef KILN_PASSES_FUSION_PASSES_TD
#define KILN_PASSES_FUSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def OutlineLibraryCallsPass : Pass<"kiln-outline-library-calls",
                                   "func::FuncOp"> {
  let summary = "Turn convolutions, matrix products and pooling into library calls";
  let description = [{
    Replaces the kiln ops a primitive library runs best (Conv, MatMul,
    Gemm, MaxPool, AveragePool on f32) by `kexec` library calls, and folds
    the activation or residual Add that follows a call into its post ops,
    so the result is written once. Ops whose form the library does not take
    (other element types, 1-D matmul operands, ...) stay for code
    generation.

    ```mlir
    // Before:
    %0 = kiln.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : ...
    %1 = kiln.relu %0 : ...
    // After:
    %1 = kexec.convolution(%x, %w, %b) {..., post_ops = [#kexec.post_op<relu>]} : ...
    ```
  }];
  let dependentDialects = ["::mlir::kexec::KexecDialect"];
}

def AssignChannelsLastPass : Pass<"kiln-assign-channels-last", "ModuleOp"> {
  let summary = "Keep activations around convolutions channels-last";
  let description = [{
    oneDNN's fast convolutions and pooling read and write N<spatial>C; a
    tensor in the artifact's NC<spatial> layout costs a reorder on each side
    of every call. This pass gives activations the `#kexec.channels_last`
    encoding wherever the producer can write that layout and every consumer
    can read it, so chains of convolutions, and the kernels between them
    (a squeeze-and-excitation's pooling and scaling, say), run without
    reorders.

    - Library calls: a convolution writes either layout; its input and a
      residual `add` operand of its result's shape read either. Pooling
      keeps its input's layout.
    - Kernels (a kernel called by one dispatch, static shapes, rank 3 or
      more): an argument read only as a `linalg.generic` input, or a result
      a `linalg.generic` computes into a `tensor.empty`. The kernel is
      rewritten to see such tensors in memory order (N, spatial, C): its
      indexing maps are permuted, and its loops reordered so the innermost
      walks the channels.
    - `tensor.expand_shape` that only adds unit dims after the channels
      keeps the layout.
    - Anything else (a function result, a matrix product, a copy) reads
      row-major, and so does everything producing a value it reads.
    - Only values linked to a convolution or pooling (directly, or through
      kernels and reshapes) are worth the layout: kernels passing tensors
      to each other keep them row-major.

    ```mlir
    // Before:
    %0 = kexec.convolution(%x, %w0) {...} : (...) -> tensor<1x16x8x8xf32>
    %1 = kexec.convolution(%0, %w1) {...} : (tensor<1x16x8x8xf32>, ...) -> ...
    // After:
    %0 = kexec.convolution(%x, %w0) {...}
           : (...) -> tensor<1x16x8x8xf32, #kexec.channels_last>
    %1 = kexec.convolution(%0, %w1) {...}
           : (tensor<1x16x8x8xf32, #kexec.channels_last>, ...) -> ...
    ```
  }];
  let dependentDialects = ["::mlir::kexec::KexecDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ScalarizeShapeTensorsPass : Pass<"kiln-scalarize-shape-tensors",
                                     "func::FuncOp"> {
  let summary = "Compute the elements of small integer tensors as index scalars";
  let description = [{
    ONNX computes shapes as small int64 tensors. Each element the program
    reads with a constant index (`tensor.extract`) is rebuilt from the
    tensor's producers (constants, from_elements, slices, concat, reshapes,
    linalg ops, reductions included) as scalar arithmetic, and
    `tensor.reshape` becomes a collapse to 1-D plus an `expand_shape` with
    those scalars as its output shape. The host then computes shapes from
    input dims alone, which the artifact's dims table can express, and the
    small tensors die. `tensor.dim` reads through the ops that define a
    shape (empty sizes, an expand's output shape), so ops kept alive only
    for their shape die as well.

    ```mlir
    // Before:
    %s = tensor.from_elements %d0, %c64 : tensor<2xindex>
    %r = tensor.reshape %x(%s) : (tensor<?xf32>, tensor<2xindex>) -> tensor<?x64xf32>
    // After:
    %r = tensor.expand_shape %x [[0, 1]] output_shape [%d0, 64] : tensor<?xf32> into tensor<?x64xf32>
    ```
  }];
}

def FormDispatchRegionsPass : Pass<"kiln-form-dispatch-regions",
                                   "func::FuncOp"> {
  let summary = "Group linalg ops and their fusable producers into kernels";
  let description = [{
    Every op that computes (a linalg op, or a tensor op that moves data:
    pad, slices, concat) becomes the root of a `kexec.region`. Producers
    that are cheap to recompute (tensor.empty, fills, small constants) are
    cloned into each region that uses them; elementwise producers and
    slices used only by the root move into its region, so their result
    never goes to memory. Ops that only reinterpret a buffer
    (collapse/expand_shape, reshape) stay outside. A slice of a last-dim
    range that is flattened and reshaped into whole blocks (a QKV split
    into heads) is first rewritten as a slice of a reshaped view, so it can
    join the kernel that reads it.

    ```mlir
    // Before:
    %e = tensor.empty() : tensor<4xf32>
    %0 = linalg.generic ... outs(%e : tensor<4xf32>)
    // After:
    %0 = kexec.region -> tensor<4xf32> {
      %e = tensor.empty() : tensor<4xf32>
      %1 = linalg.generic ... outs(%e : tensor<4xf32>)
      kexec.yield %1 : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::kexec::KexecDialect"];
}

def OutlineDispatchesPass : Pass<"kiln-outline-dispatches", "ModuleOp"> {
  let summary = "Turn dispatch regions into kernel functions and dispatches";
  let description = [{
    Moves the body of each `kexec.region` into a function of the kernel
    module (`module @kernels attributes {kexec.kernels}`), taking the
    values the region used from above as arguments (small constants are
    cloned in instead), and replaces the region by a `kexec.dispatch` of
    that function. Kernel names carry the ONNX node name of the root op.

    ```mlir
    // After:
    module @kernels attributes {kexec.kernels} {
      func.func @relu_0(%x: tensor<4xf32>) -> tensor<4xf32> { ... }
    }
    func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
      %0 = kexec.dispatch @kernels::@relu_0(%x) : (tensor<4xf32>) -> tensor<4xf32>
      return %0 : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::kexec::KexecDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // KILN_PASSES_FUSION_PASSES_TD
