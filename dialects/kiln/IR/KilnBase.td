// SPDX-License-Identifier: Apache-2.0
//===- KilnBase.td - kiln dialect, types and op base classes --------------===//
//
// The `kiln` dialect is Kiln's graph IR: one op per ONNX operator family, with
// ONNX semantics (numpy broadcasting, negative axes, optional inputs) on
// value-semantic tensors. Result types may be less refined than what inference
// knows; `kiln-infer-shapes` refines them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNBASE_TD
#define KILN_DIALECT_KILN_IR_KILNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::mlir::kiln";
  let summary = "Kiln's graph dialect: ONNX operators on tensors";
  let description = [{
    Ops of this dialect mirror ONNX operators, normalized across opset
    versions at import. Tensors use MLIR's builtin tensor type: signless
    integers stand for ONNX's signed integers, `ui8`..`ui64` for its unsigned
    ones and `i1` for `bool`. ONNX sequences and optionals are the kiln
    types `!kiln.sequence<T>` and `!kiln.optional<T>`.
  }];
  let hasConstantMaterializer = 1;
  // Result-type refinement runs with every canonicalization.
  let hasCanonicalizer = 1;
  // Refinement casts values for users outside the dialect.
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the sequence and optional types (KilnTypes.cpp).
    void registerTypes();
  }];
}

include "KilnTypes.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// Element types by ONNX type class. Signless integers stand for ONNX's signed
// integers, `ui*` for its unsigned ones, `i1` for bool.
def Kiln_FloatType : AnyTypeOf<[F32, F16, BF16, F64]>;
def Kiln_SignedIntType : AnyTypeOf<[I8, I16, I32, I64]>;
def Kiln_UnsignedIntType : AnyTypeOf<[UI8, UI16, UI32, UI64]>;
def Kiln_IntType : AnyTypeOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;
def Kiln_NumericType : AnyTypeOf<[F32, F16, BF16, F64, I8, I16, I32, I64,
                                  UI8, UI16, UI32, UI64]>;
def Kiln_SignedNumericType : AnyTypeOf<[F32, F16, BF16, F64, I8, I16, I32, I64]>;
// The narrow types of ONNX's low-precision formats: float8 (opset 19), int4
// and uint4 (21), float4 (23), the e8m0 scale type (24). Data movement ops,
// Cast and the quantization ops take them; arithmetic does not.
def Kiln_NarrowType : AnyTypeOf<[F8E4M3FN, F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ,
                                 F4E2M1FN, F8E8M0FNU, I<4>, UI<4>]>;
def Kiln_ElementType : AnyTypeOf<[F32, F16, BF16, F64, I1, I8, I16, I32, I64,
                                  UI8, UI16, UI32, UI64, Kiln_NarrowType]>;
def Kiln_QuantizedType : AnyTypeOf<[I8, UI8, I16, UI16, I32, I<4>, UI<4>,
                                    F8E4M3FN, F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ,
                                    F4E2M1FN]>;

def Kiln_Tensor : TensorOf<[Kiln_ElementType]>;
def Kiln_NumericTensor : TensorOf<[Kiln_NumericType]>;
def Kiln_SignedNumericTensor : TensorOf<[Kiln_SignedNumericType]>;
def Kiln_FloatTensor : TensorOf<[Kiln_FloatType]>;
def Kiln_IntTensor : TensorOf<[Kiln_IntType]>;
def Kiln_BoolTensor : TensorOf<[I1]>;
def Kiln_I64Tensor : TensorOf<[I64]>;
def Kiln_IndexTensor : TensorOf<[I32, I64]>;
def Kiln_QuantizedTensor : TensorOf<[Kiln_QuantizedType]>;

// ONNX's non-tensor values: a sequence of tensors, an optional tensor or
// sequence, and any value at all (what Identity, If and Loop pass through).
def Kiln_Sequence : Type<
    CPred<"::llvm::isa<::mlir::kiln::SequenceType>($_self)">,
    "sequence of tensors", "::mlir::kiln::SequenceType">;
def Kiln_Optional : Type<
    CPred<"::llvm::isa<::mlir::kiln::OptionalType>($_self)">,
    "optional tensor or sequence", "::mlir::kiln::OptionalType">;
def Kiln_AnyValue : AnyTypeOf<[Kiln_Tensor, Kiln_Sequence, Kiln_Optional],
                              "tensor, sequence or optional">;

//===----------------------------------------------------------------------===//
// Op base classes
//===----------------------------------------------------------------------===//

// Ops name their operands after the ONNX inputs, in ONNX order, and their
// attributes exactly as ONNX does (INT: I64Attr, FLOAT: F32Attr, INTS:
// DenseI64ArrayAttr, FLOATS: DenseF32ArrayAttr, STRING: StrAttr, TENSOR:
// ElementsAttr), so the importer maps nodes to ops generically. An absent
// optional input is an absent `Optional<>` operand; ops with more than one
// optional input use AttrSizedOperandSegments.
class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits> {
  let assemblyFormat = [{
    operands attr-dict `:` functional-type(operands, results)
  }];
}

// An op whose result types follow from its operands and attributes. The
// declared result types may be less refined than the inferred ones (a dynamic
// dim where inference knows the size), never contradict them.
//
// Each op defines, in its category's .cpp file (or in TableGen through
// `inferDefinition # [{...}]`):
//   LogicalResult Op::inferResultTypes(MLIRContext *, std::optional<Location>,
//                                      Adaptor, SmallVectorImpl<Type> &);
// It runs only on attributes that passed the op's attribute constraints, so
// it may use the typed getters; operand types are not verified yet, so it
// dyn_casts them and fails with emitOptionalError on what does not fit.
// An op that sets its own extraClassDeclaration keeps `inferDeclaration #`.
class Kiln_InferOp<string mnemonic, list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits,
          [DeclareOpInterfaceMethods<InferTypeOpInterface>])> {
  code inferDeclaration = [{
    /// Declared result types need only be compatible with the inferred ones.
    static bool isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                        ::mlir::TypeRange declared);
    /// Infers the result types from verified attributes and the operands.
    static ::llvm::LogicalResult inferResultTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred);
  }];
  code inferDefinition = [{
    bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                            ::mlir::TypeRange declared) {
      return ::mlir::kiln::areCompatibleResultTypes(inferred, declared);
    }
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
        ::mlir::OpaqueProperties properties, ::mlir::RegionRange regions,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      Adaptor adaptor(operands, attributes, properties, regions);
      if (::mlir::failed(adaptor.verify(
              location ? *location : ::mlir::UnknownLoc::get(context))))
        return ::mlir::failure();
      return inferResultTypes(context, location, adaptor, inferred);
    }
  }];
  let extraClassDeclaration = inferDeclaration;
  let extraClassDefinition = inferDefinition;
}

// An op whose single result has the type of its first operand (elementwise
// unary ops, Softmax, normalizations, ...).
class Kiln_SameTypeOp<string mnemonic, list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits, [Pure])> {
  let extraClassDefinition = inferDefinition # [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(adaptor.getOperands().front().getType());
      return ::mlir::success();
    }
  }];
}

// An elementwise op on one operand whose result has the operand's type.
class Kiln_UnaryElementwiseOp<string mnemonic, Type operandType,
                              list<Trait> traits = []>
    : Kiln_SameTypeOp<mnemonic, !listconcat(traits,
          [SameOperandsAndResultElementType])> {
  let arguments = (ins operandType:$X);
  let results = (outs operandType:$Y);
}

// An elementwise op on two operands with numpy-style broadcasting whose
// result has the operands' element type.
class Kiln_BroadcastBinaryOp<string mnemonic, Type operandType,
                             list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits,
          [Pure, SameOperandsAndResultElementType])> {
  let arguments = (ins operandType:$A, operandType:$B);
  let results = (outs operandType:$C);
  let extraClassDefinition = inferDefinition # [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::kiln::inferBroadcastResultType(
          location, adaptor.getA().getType(), adaptor.getB().getType(),
          /*elementType=*/nullptr, inferred);
    }
  }];
}

// A comparison or logical op on two broadcast operands with a bool result.
class Kiln_BroadcastPredicateOp<string mnemonic, Type operandType,
                                list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits,
          [Pure, SameOperandsElementType])> {
  let arguments = (ins operandType:$A, operandType:$B);
  let results = (outs Kiln_BoolTensor:$C);
  let extraClassDefinition = inferDefinition # [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::kiln::inferBroadcastResultType(
          location, adaptor.getA().getType(), adaptor.getB().getType(),
          ::mlir::IntegerType::get(context, 1), inferred);
    }
  }];
}

// An elementwise op on any number of broadcast operands (Max, Min, Sum, Mean).
class Kiln_VariadicElementwiseOp<string mnemonic, Type operandType,
                                 list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits,
          [Pure, SameOperandsAndResultElementType])> {
  let arguments = (ins Variadic<operandType>:$inputs);
  let results = (outs operandType:$result);
  let hasVerifier = 1;
  let extraClassDefinition = inferDefinition # [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::kiln::inferVariadicBroadcastResultType(
          location, adaptor.getInputs().getTypes(), inferred);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      if (getInputs().empty())
        return emitOpError("needs at least one operand");
      return ::mlir::success();
    }
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNBASE_TD
