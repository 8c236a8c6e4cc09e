// SPDX-License-Identifier: Apache-2.0
//===- KexecOps.td - the kexec program dialect ----------------------------===//
//
// `kexec` is the program the runtime executes: dispatches of generated
// kernels over a workgroup grid, library calls (oneDNN on CPU), on
// value-semantic tensors that memory planning places into buffers. The
// artifact serializer is a straight walk of a function of these ops.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KEXEC_IR_KEXECOPS_TD
#define KILN_DIALECT_KEXEC_IR_KEXECOPS_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Kexec_Dialect : Dialect {
  let name = "kexec";
  let cppNamespace = "::mlir::kexec";
  let summary = "Kiln's program dialect: dispatches and library calls";
  let description = [{
    A host function of kexec ops is what a `.kiln` artifact's program holds:
    each op is one command of the runtime. Ops take and produce tensors;
    `kiln-plan-memory` then gives every value a place (`#kexec.place`):
    an arena offset, a function input or output, or a weight section.
  }];
  let useDefaultAttributePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

def Kexec_PostOpKind : I32EnumAttr<"PostOpKind",
    "an operation fused after a library primitive", [
  I32EnumAttrCase<"relu", 0>,       // max(x, alpha * x)
  I32EnumAttrCase<"clip", 1>,       // clamp(x, alpha, beta)
  I32EnumAttrCase<"sigmoid", 2>,
  I32EnumAttrCase<"tanh", 3>,
  I32EnumAttrCase<"gelu_erf", 4>,
  I32EnumAttrCase<"gelu_tanh", 5>,
  I32EnumAttrCase<"swish", 6>,      // x * sigmoid(alpha * x)
  I32EnumAttrCase<"elu", 7>,
  I32EnumAttrCase<"linear", 8>,     // alpha * x + beta
  I32EnumAttrCase<"add", 9>,        // x + a post operand
  I32EnumAttrCase<"mul", 10>,       // x * a post operand
]> {
  let cppNamespace = "::mlir::kexec";
  let genSpecializedAttr = 0;
}

def Kexec_PostOpKindAttr : EnumAttr<Kexec_Dialect, Kexec_PostOpKind,
                                    "post_op_kind">;

// An f32 attribute parameter printed as a plain number.
class Kexec_F32Parameter<string default>
    : AttrOrTypeParameter<"::llvm::APFloat", "an f32 value"> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let parser = "::mlir::kexec::parseF32($_parser)";
  let printer = "$_printer << $_self.convertToFloat()";
  let defaultValue = "::llvm::APFloat(" # default # "f)";
}

def Kexec_PostOpAttr : AttrDef<Kexec_Dialect, "PostOp"> {
  let mnemonic = "post_op";
  let summary = "An elementwise operation fused after a library primitive";
  let description = [{
    `operand` indexes the call's post operands for `add` and `mul`, and is
    -1 for the others.

    ```mlir
    #kexec.post_op<relu>
    #kexec.post_op<clip, alpha = 0.0, beta = 6.0>
    #kexec.post_op<add, operand = 0>
    ```
  }];
  let parameters = (ins
    "PostOpKind":$kind,
    Kexec_F32Parameter<"0.0">:$alpha,
    Kexec_F32Parameter<"0.0">:$beta,
    DefaultValuedParameter<"int64_t", "-1">:$operand
  );
  let assemblyFormat = "`<` $kind (`,` struct($alpha, $beta, $operand)^)? `>`";
}

def Kexec_MemorySpace : I32EnumAttr<"MemorySpace",
    "where a planned value lives", [
  I32EnumAttrCase<"arena", 0>,
  I32EnumAttrCase<"input", 1>,
  I32EnumAttrCase<"output", 2>,
  I32EnumAttrCase<"weight", 3>,
]> {
  let cppNamespace = "::mlir::kexec";
  let genSpecializedAttr = 0;
}

def Kexec_MemorySpaceAttr : EnumAttr<Kexec_Dialect, Kexec_MemorySpace,
                                     "memory_space">;

def Kexec_PlaceAttr : AttrDef<Kexec_Dialect, "Place"> {
  let mnemonic = "place";
  let summary = "Where memory planning put a value";
  let description = [{
    `index` is the input or output number, the arena buffer or the weight
    section; `offset` is a byte offset (into the arena for arena values).

    ```mlir
    #kexec.place<arena, index = 3, offset = 4096>
    #kexec.place<output, index = 0>
    ```
  }];
  let parameters = (ins
    "MemorySpace":$space,
    DefaultValuedParameter<"int64_t", "0">:$index,
    DefaultValuedParameter<"int64_t", "0">:$offset
  );
  let assemblyFormat = "`<` $space (`,` struct($index, $offset)^)? `>`";
}

def Kexec_ChannelsLastAttr : AttrDef<Kexec_Dialect, "ChannelsLast"> {
  let mnemonic = "channels_last";
  let summary = "Tensor encoding: the buffer holds N<spatial>C";
  let description = [{
    A tensor whose shape stays NC<spatial> but whose bytes are laid out
    channels-last, the layout oneDNN's fast convolutions and pooling read
    and write. Only library calls produce and consume such tensors
    (`kiln-assign-channels-last` decides which).

    ```mlir
    tensor<1x64x56x56xf32, #kexec.channels_last>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Op base classes
//===----------------------------------------------------------------------===//

class Kexec_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kexec_Dialect, mnemonic, traits>;

/// A library primitive on tensors; the runtime calls it on planned buffers.
class Kexec_LibraryCallOp<string mnemonic, list<Trait> traits = []>
    : Kexec_Op<mnemonic, !listconcat(traits, [Pure])> {
  let hasVerifier = 1;
  let assemblyFormat = [{
    `(` operands `)` attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Library calls
//===----------------------------------------------------------------------===//

def Kexec_ConvolutionOp : Kexec_LibraryCallOp<"convolution",
    [AttrSizedOperandSegments]> {
  let summary = "N-d convolution or transposed convolution (library call)";
  let description = [{
    Layout NC<spatial>; filter O(I/groups)<spatial>, or I(O/groups)<spatial>
    when `transposed`. The optional bias has one value per output channel.
    Post ops apply in order to the result.

    ```mlir
    %y = kexec.convolution(%x, %w, %b) {
           strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
           pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
           groups = 1, post_ops = [#kexec.post_op<relu>],
           operandSegmentSizes = array<i32: 1, 1, 1, 0>}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
         -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    F32Tensor:$input,
    F32Tensor:$filter,
    Optional<F32Tensor>:$bias,
    Variadic<F32Tensor>:$post_operands,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$pads_begin,
    DenseI64ArrayAttr:$pads_end,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    UnitAttr:$transposed,
    DefaultValuedAttr<TypedArrayAttrBase<Kexec_PostOpAttr, "post ops">,
                      "{}">:$post_ops
  );
  let results = (outs F32Tensor:$output);
}

def Kexec_MatMulOp : Kexec_LibraryCallOp<"matmul",
    [AttrSizedOperandSegments]> {
  let summary = "Batched matrix product with bias and post ops (library call)";
  let description = [{
    `output = alpha * op(a) x op(b) + beta * bias`, where `op` transposes
    the last two dims when asked, and leading batch dims broadcast as in
    numpy. Both operands have rank >= 2; the bias broadcasts to the result.

    ```mlir
    %y = kexec.matmul(%a, %b, %c) {transpose_b,
           operandSegmentSizes = array<i32: 1, 1, 1, 0>}
         : (tensor<8x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>)
         -> tensor<8x3072xf32>
    ```
  }];
  let arguments = (ins
    F32Tensor:$a,
    F32Tensor:$b,
    Optional<F32Tensor>:$bias,
    Variadic<F32Tensor>:$post_operands,
    UnitAttr:$transpose_a,
    UnitAttr:$transpose_b,
    DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
    DefaultValuedAttr<F32Attr, "1.0f">:$beta,
    DefaultValuedAttr<TypedArrayAttrBase<Kexec_PostOpAttr, "post ops">,
                      "{}">:$post_ops
  );
  let results = (outs F32Tensor:$output);
}

def Kexec_PoolingOp : Kexec_LibraryCallOp<"pooling"> {
  let summary = "N-d max or average pooling (library call)";
  let description = [{
    Layout NC<spatial>. `kind` is `max`, `avg_include_pad` or
    `avg_exclude_pad`.

    ```mlir
    %y = kexec.pooling(%x) {kind = "max", kernel = array<i64: 3, 3>,
           strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>,
           pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>}
         : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins
    F32Tensor:$input,
    StrAttr:$kind,
    DenseI64ArrayAttr:$kernel,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$pads_begin,
    DenseI64ArrayAttr:$pads_end
  );
  let results = (outs F32Tensor:$output);
}

//===----------------------------------------------------------------------===//
// Dispatches
//===----------------------------------------------------------------------===//

def Kexec_RegionOp : Kexec_Op<"region", [
    SingleBlock]> {
  let summary = "Ops that will become one kernel";
  let description = [{
    Dispatch-region formation groups a root op and the producers fused into
    it; the region uses values from above. `kiln-outline-dispatches` turns
    each region into a kernel function and a `kexec.dispatch` of it.

    ```mlir
    %r = kexec.region -> tensor<4xf32> {
      %e = tensor.empty() : tensor<4xf32>
      %0 = linalg.generic ... ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>)
      kexec.yield %0 : tensor<4xf32>
    }
    ```
  }];
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "(`->` type($results)^)? $body attr-dict";
  let hasVerifier = 1;
}

def Kexec_YieldOp : Kexec_Op<"yield", [
    Pure, Terminator, HasParent<"RegionOp">, ReturnLike]> {
  let summary = "The values a kexec.region produces";
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Kexec_DispatchOp : Kexec_Op<"dispatch", [
    Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Runs a kernel over a grid of workgroups";
  let description = [{
    Calls `kernel`, a function of the module's kernel module, on the
    operands; the results are its outputs. Tensor operands are buffers the
    kernel reads; index and integer operands are sizes, which the kernel
    reads from the dims table at run time (`kiln-resolve-dims`). Code
    generation records the grid it chose as `workgroup_count` (x, y, z).

    ```mlir
    %y = kexec.dispatch @kernels::@add_0(%a, %b) {workgroup_count = array<i64: 4, 1, 1>}
         : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    ```
  }];
  let arguments = (ins
    SymbolRefAttr:$kernel,
    Variadic<AnyTypeOf<[AnyRankedTensor, Index, AnySignlessInteger]>>:$operands,
    OptionalAttr<DenseI64ArrayAttr>:$workgroup_count
  );
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $kernel `(` $operands `)` attr-dict `:` functional-type($operands, $results)
  }];
}

def Kexec_CopyOp : Kexec_Op<"copy", [SameOperandsAndResultType]> {
  let summary = "Copies a tensor into a new buffer";
  let description = [{
    Memory planning inserts copies where a returned value cannot be written
    in place into the output buffer: a function input, a weight, or a
    value returned twice.

    ```mlir
    %y = kexec.copy %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$source);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$source attr-dict `:` type($result)";
}

#endif // KILN_DIALECT_KEXEC_IR_KEXECOPS_TD
