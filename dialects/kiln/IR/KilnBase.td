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
    ones and `i1` for `bool`.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 0;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// The ONNX element types Kiln supports.
def Kiln_ElementType : AnyTypeOf<[F32, F16, BF16, F64, I1, I8, I16, I32, I64,
                                  UI8, UI16, UI32, UI64]>;
def Kiln_FloatType : AnyTypeOf<[F32, F16, BF16, F64]>;
def Kiln_NumericType : AnyTypeOf<[F32, F16, BF16, F64, I8, I16, I32, I64,
                                  UI8, UI16, UI32, UI64]>;

def Kiln_Tensor : TensorOf<[Kiln_ElementType]>;
def Kiln_NumericTensor : TensorOf<[Kiln_NumericType]>;

//===----------------------------------------------------------------------===//
// Op base classes
//===----------------------------------------------------------------------===//

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits>;

// An op whose result types follow from its operands and attributes. The
// declared result types may be less refined than the inferred ones (a dynamic
// dim where inference knows the size), never contradict them.
class Kiln_InferOp<string mnemonic, list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [InferTypeOpAdaptorWithIsCompatible])> {
  code isCompatibleDefinition = [{
    bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                            ::mlir::TypeRange declared) {
      return ::mlir::kiln::areCompatibleResultTypes(inferred, declared);
    }
  }];
  let extraClassDefinition = isCompatibleDefinition;
}

// An elementwise op on two operands with numpy-style broadcasting.
class Kiln_BroadcastBinaryOp<string mnemonic, list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits,
          [Pure, SameOperandsAndResultElementType])> {
  let arguments = (ins Kiln_NumericTensor:$lhs, Kiln_NumericTensor:$rhs);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = isCompatibleDefinition # [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::kiln::inferBroadcastResultType(
          location, adaptor.getLhs().getType(), adaptor.getRhs().getType(),
          inferred);
    }
  }];
}

// An elementwise op on one operand whose result has the operand's type.
class Kiln_UnaryElementwiseOp<string mnemonic, Type operandType,
                              list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits,
          [Pure, SameOperandsAndResultElementType])> {
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = isCompatibleDefinition # [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(adaptor.getInput().getType());
      return ::mlir::success();
    }
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNBASE_TD
