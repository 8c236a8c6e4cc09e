// SPDX-License-Identifier: Apache-2.0
//===- KilnMathOps.td - ONNX math operators --------------------*- tablegen -*-===//
//
// Elementwise arithmetic, comparisons, logic and bit operations,
// activations, normalized exponentials and matrix products.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNMATHOPS_TD
#define KILN_DIALECT_KILN_IR_KILNMATHOPS_TD

include "KilnBase.td"

//===----------------------------------------------------------------------===//
// Type constraints and base classes of this category
//===----------------------------------------------------------------------===//

// ONNX `T` of Gemm, PRelu and CumSum: floats and the 32/64-bit integers.
def KilnMath_FloatOrWideIntTensor
    : TensorOf<[F32, F16, BF16, F64, I32, I64, UI32, UI64]>;
// ONNX `T` of Pow's base: floats and signed 32/64-bit integers.
def KilnMath_PowBaseTensor : TensorOf<[F32, F16, BF16, F64, I32, I64]>;
// Celu is only defined on float32.
def KilnMath_F32Tensor : TensorOf<[F32]>;
def KilnMath_UnsignedIntTensor : TensorOf<[Kiln_UnsignedIntType]>;

// A unary elementwise op whose ONNX operand and result are named `input` and
// `output` (ONNX names them `X` and `Y` for the others).
class KilnMath_UnaryInputOp<string mnemonic, Type operandType,
                            list<Trait> traits = []>
    : Kiln_SameTypeOp<mnemonic, !listconcat(traits,
          [SameOperandsAndResultElementType])> {
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$output);
}

// A float classification with a bool result of the operand's shape.
class KilnMath_FloatClassOp<string mnemonic, list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits, [Pure])> {
  let arguments = (ins Kiln_FloatTensor:$X);
  let results = (outs Kiln_BoolTensor:$Y);
  let extraClassDefinition = inferDefinition # [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(::mlir::kiln::getTensorType(
          ::mlir::kiln::getShape(adaptor.getX().getType()),
          ::mlir::IntegerType::get(context, 1)));
      return ::mlir::success();
    }
  }];
}

// A comparison or logical op on two broadcast operands with a bool result.
// (KilnBase.td's Kiln_BroadcastPredicateOp requires SameTypeOperands, which
// rejects operands of different shapes, i.e. any broadcast; this class only
// requires the same element type.)
class KilnMath_BroadcastPredicateOp<string mnemonic, Type operandType,
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

// Softmax, LogSoftmax and Hardmax: a normalization along `axis` (the opset-13
// form; the importer rewrites the older flatten-to-2-D form).
class KilnMath_AxisNormalizationOp<string mnemonic, list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits,
          [Pure, SameOperandsAndResultElementType])> {
  let arguments = (ins Kiln_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Kiln_FloatTensor:$output);
}

//===----------------------------------------------------------------------===//
// Broadcasting binary arithmetic
//===----------------------------------------------------------------------===//

def Kiln_AddOp : Kiln_BroadcastBinaryOp<"add", Kiln_NumericTensor, [Commutative]> {
  let summary = "elementwise addition with broadcasting (ONNX Add)";
  let description = [{
    Folds when both operands are constants, and `x + 0` (integers) or
    `x + -0.0` (floats; `-0.0 + +0.0` is `+0.0`, so `x + +0.0` is not `x`).

    ```mlir
    %sum = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let hasFolder = 1;
}

def Kiln_SubOp : Kiln_BroadcastBinaryOp<"sub", Kiln_NumericTensor> {
  let summary = "elementwise subtraction with broadcasting (ONNX Sub)";
  let description = [{
    Folds when both operands are constants, and `x - 0` (integers) or
    `x - +0.0` (floats).

    ```mlir
    %diff = kiln.sub %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let hasFolder = 1;
}

def Kiln_MulOp : Kiln_BroadcastBinaryOp<"mul", Kiln_NumericTensor, [Commutative]> {
  let summary = "elementwise multiplication with broadcasting (ONNX Mul)";
  let description = [{
    Folds when both operands are constants, and `x * 1` (exact in IEEE 754
    for every float, -0.0, infinities and NaN included).

    ```mlir
    %prod = kiln.mul %a, %b : (tensor<2x1xi32>, tensor<1x5xi32>) -> tensor<2x5xi32>
    ```
  }];
  let hasFolder = 1;
}

def Kiln_DivOp : Kiln_BroadcastBinaryOp<"div", Kiln_NumericTensor> {
  let summary = "elementwise division with broadcasting (ONNX Div)";
  let description = [{
    Integer division truncates toward zero, as in ONNX. Folds when both
    operands are constants (not an integer division by zero or the signed
    overflow `MIN / -1`), and `x / 1`.

    ```mlir
    %quot = kiln.div %a, %b : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
    ```
  }];
  let hasFolder = 1;
}

def Kiln_PowOp : Kiln_InferOp<"pow", [Pure]> {
  let summary = "elementwise power with broadcasting (ONNX Pow)";
  let description = [{
    Raises `X` to the power `Y`. The exponent's element type may differ from
    the base's; the result has the base's element type.

    ```mlir
    %z = kiln.pow %x, %y : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins KilnMath_PowBaseTensor:$X, Kiln_NumericTensor:$Y);
  let results = (outs KilnMath_PowBaseTensor:$Z);
}

def Kiln_ModOp : Kiln_BroadcastBinaryOp<"mod", Kiln_NumericTensor> {
  let summary = "elementwise remainder with broadcasting (ONNX Mod)";
  let description = [{
    With `fmod = 0` (integers only) the remainder takes the divisor's sign,
    as Python's `%`; with `fmod = 1` it takes the dividend's sign, as C's
    `fmod`. Floats require `fmod = 1`.

    ```mlir
    %r = kiln.mod %a, %b {fmod = 1 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$A, Kiln_NumericTensor:$B,
                       DefaultValuedAttr<I64Attr, "0">:$fmod);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Bit operations
//===----------------------------------------------------------------------===//

def Kiln_BitShiftOp : Kiln_InferOp<"bit_shift",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "elementwise bit shift with broadcasting (ONNX BitShift)";
  let description = [{
    Shifts each element of `X` left or right (`direction` is `"LEFT"` or
    `"RIGHT"`) by the amount in `Y`.

    ```mlir
    %z = kiln.bit_shift %x, %y {direction = "LEFT"} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
    ```
  }];
  let arguments = (ins KilnMath_UnsignedIntTensor:$X,
                       KilnMath_UnsignedIntTensor:$Y, StrAttr:$direction);
  let results = (outs KilnMath_UnsignedIntTensor:$Z);
  let hasVerifier = 1;
}

def Kiln_BitwiseAndOp : Kiln_BroadcastBinaryOp<"bitwise_and", Kiln_IntTensor,
                                               [Commutative]> {
  let summary = "elementwise bitwise and with broadcasting (ONNX BitwiseAnd)";
  let description = [{
    ```mlir
    %c = kiln.bitwise_and %a, %b : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
    ```
  }];
}

def Kiln_BitwiseOrOp : Kiln_BroadcastBinaryOp<"bitwise_or", Kiln_IntTensor,
                                              [Commutative]> {
  let summary = "elementwise bitwise or with broadcasting (ONNX BitwiseOr)";
  let description = [{
    ```mlir
    %c = kiln.bitwise_or %a, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
    ```
  }];
}

def Kiln_BitwiseXorOp : Kiln_BroadcastBinaryOp<"bitwise_xor", Kiln_IntTensor,
                                               [Commutative]> {
  let summary = "elementwise bitwise xor with broadcasting (ONNX BitwiseXor)";
  let description = [{
    ```mlir
    %c = kiln.bitwise_xor %a, %b : (tensor<2x4xi8>, tensor<4xi8>) -> tensor<2x4xi8>
    ```
  }];
}

def Kiln_BitwiseNotOp : Kiln_UnaryElementwiseOp<"bitwise_not", Kiln_IntTensor> {
  let summary = "elementwise bitwise complement (ONNX BitwiseNot)";
  let description = [{
    ```mlir
    %y = kiln.bitwise_not %x : (tensor<4xui8>) -> tensor<4xui8>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Logic and comparisons
//===----------------------------------------------------------------------===//

def Kiln_AndOp : KilnMath_BroadcastPredicateOp<"and", Kiln_BoolTensor, [Commutative]> {
  let summary = "elementwise logical and with broadcasting (ONNX And)";
  let description = [{
    ```mlir
    %c = kiln.and %a, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
    ```
  }];
}

def Kiln_OrOp : KilnMath_BroadcastPredicateOp<"or", Kiln_BoolTensor, [Commutative]> {
  let summary = "elementwise logical or with broadcasting (ONNX Or)";
  let description = [{
    ```mlir
    %c = kiln.or %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
    ```
  }];
}

def Kiln_XorOp : KilnMath_BroadcastPredicateOp<"xor", Kiln_BoolTensor, [Commutative]> {
  let summary = "elementwise logical xor with broadcasting (ONNX Xor)";
  let description = [{
    ```mlir
    %c = kiln.xor %a, %b : (tensor<3xi1>, tensor<i1>) -> tensor<3xi1>
    ```
  }];
}

def Kiln_NotOp : Kiln_UnaryElementwiseOp<"not", Kiln_BoolTensor> {
  let summary = "elementwise logical negation (ONNX Not)";
  let description = [{
    ```mlir
    %y = kiln.not %x : (tensor<3xi1>) -> tensor<3xi1>
    ```
  }];
}

def Kiln_EqualOp : KilnMath_BroadcastPredicateOp<"equal", Kiln_Tensor, [Commutative]> {
  let summary = "elementwise equality with broadcasting (ONNX Equal)";
  let description = [{
    ```mlir
    %c = kiln.equal %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
    ```
  }];
  let hasFolder = 1;
}

def Kiln_LessOp : KilnMath_BroadcastPredicateOp<"less", Kiln_NumericTensor> {
  let summary = "elementwise `A < B` with broadcasting (ONNX Less)";
  let description = [{
    ```mlir
    %c = kiln.less %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
    ```
  }];
}

def Kiln_LessOrEqualOp : KilnMath_BroadcastPredicateOp<"less_or_equal",
                                                   Kiln_NumericTensor> {
  let summary = "elementwise `A <= B` with broadcasting (ONNX LessOrEqual)";
  let description = [{
    ```mlir
    %c = kiln.less_or_equal %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
    ```
  }];
}

def Kiln_GreaterOp : KilnMath_BroadcastPredicateOp<"greater", Kiln_NumericTensor> {
  let summary = "elementwise `A > B` with broadcasting (ONNX Greater)";
  let description = [{
    ```mlir
    %c = kiln.greater %a, %b : (tensor<4xi32>, tensor<1xi32>) -> tensor<4xi1>
    ```
  }];
}

def Kiln_GreaterOrEqualOp : KilnMath_BroadcastPredicateOp<"greater_or_equal",
                                                      Kiln_NumericTensor> {
  let summary = "elementwise `A >= B` with broadcasting (ONNX GreaterOrEqual)";
  let description = [{
    ```mlir
    %c = kiln.greater_or_equal %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xi1>
    ```
  }];
}

def Kiln_WhereOp : Kiln_InferOp<"where", [Pure]> {
  let summary = "elementwise selection with broadcasting (ONNX Where)";
  let description = [{
    Takes `X` where `condition` is true, else `Y`; all three broadcast
    together. Folds when `condition` is a constant splat.

    ```mlir
    %r = kiln.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Kiln_BoolTensor:$condition, Kiln_Tensor:$X,
                       Kiln_Tensor:$Y);
  let results = (outs Kiln_Tensor:$output);
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Variadic elementwise ops
//===----------------------------------------------------------------------===//

def Kiln_MaxOp : Kiln_VariadicElementwiseOp<"max", Kiln_NumericTensor> {
  let summary = "elementwise maximum of its broadcast operands (ONNX Max)";
  let description = [{
    ```mlir
    %m = kiln.max %a, %b, %c : (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
}

def Kiln_MinOp : Kiln_VariadicElementwiseOp<"min", Kiln_NumericTensor> {
  let summary = "elementwise minimum of its broadcast operands (ONNX Min)";
  let description = [{
    ```mlir
    %m = kiln.min %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
    ```
  }];
}

def Kiln_SumOp : Kiln_VariadicElementwiseOp<"sum", Kiln_FloatTensor> {
  let summary = "elementwise sum of its broadcast operands (ONNX Sum)";
  let description = [{
    ```mlir
    %s = kiln.sum %a, %b, %c : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    ```
  }];
}

def Kiln_MeanOp : Kiln_VariadicElementwiseOp<"mean", Kiln_FloatTensor> {
  let summary = "elementwise mean of its broadcast operands (ONNX Mean)";
  let description = [{
    ```mlir
    %m = kiln.mean %a, %b : (tensor<2x1xf16>, tensor<1x4xf16>) -> tensor<2x4xf16>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Unary elementwise math
//===----------------------------------------------------------------------===//

def Kiln_AbsOp : Kiln_UnaryElementwiseOp<"abs", Kiln_NumericTensor> {
  let summary = "elementwise absolute value (ONNX Abs)";
  let description = [{
    ```mlir
    %y = kiln.abs %x : (tensor<4xi32>) -> tensor<4xi32>
    ```
  }];
}

def Kiln_NegOp : Kiln_UnaryElementwiseOp<"neg", Kiln_SignedNumericTensor> {
  let summary = "elementwise negation (ONNX Neg)";
  let description = [{
    ```mlir
    %y = kiln.neg %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_SignOp : KilnMath_UnaryInputOp<"sign", Kiln_NumericTensor> {
  let summary = "elementwise sign, -1, 0 or 1 (ONNX Sign)";
  let description = [{
    ```mlir
    %y = kiln.sign %x : (tensor<4xi8>) -> tensor<4xi8>
    ```
  }];
}

def Kiln_CeilOp : Kiln_UnaryElementwiseOp<"ceil", Kiln_FloatTensor> {
  let summary = "elementwise rounding up (ONNX Ceil)";
  let description = [{
    ```mlir
    %y = kiln.ceil %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_FloorOp : Kiln_UnaryElementwiseOp<"floor", Kiln_FloatTensor> {
  let summary = "elementwise rounding down (ONNX Floor)";
  let description = [{
    ```mlir
    %y = kiln.floor %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_RoundOp : Kiln_UnaryElementwiseOp<"round", Kiln_FloatTensor> {
  let summary = "elementwise rounding to nearest, ties to even (ONNX Round)";
  let description = [{
    ```mlir
    %y = kiln.round %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_ReciprocalOp : Kiln_UnaryElementwiseOp<"reciprocal", Kiln_FloatTensor> {
  let summary = "elementwise reciprocal, 1 / x (ONNX Reciprocal)";
  let description = [{
    ```mlir
    %y = kiln.reciprocal %x : (tensor<4xf64>) -> tensor<4xf64>
    ```
  }];
}

def Kiln_SqrtOp : Kiln_UnaryElementwiseOp<"sqrt", Kiln_FloatTensor> {
  let summary = "elementwise square root (ONNX Sqrt)";
  let description = [{
    ```mlir
    %y = kiln.sqrt %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_ExpOp : KilnMath_UnaryInputOp<"exp", Kiln_FloatTensor> {
  let summary = "elementwise natural exponential (ONNX Exp)";
  let description = [{
    ```mlir
    %y = kiln.exp %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_LogOp : KilnMath_UnaryInputOp<"log", Kiln_FloatTensor> {
  let summary = "elementwise natural logarithm (ONNX Log)";
  let description = [{
    ```mlir
    %y = kiln.log %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_ErfOp : KilnMath_UnaryInputOp<"erf", Kiln_NumericTensor> {
  let summary = "elementwise Gauss error function (ONNX Erf)";
  let description = [{
    ```mlir
    %y = kiln.erf %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_SinOp : KilnMath_UnaryInputOp<"sin", Kiln_FloatTensor> {
  let summary = "elementwise sine (ONNX Sin)";
  let description = [{
    ```mlir
    %y = kiln.sin %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_CosOp : KilnMath_UnaryInputOp<"cos", Kiln_FloatTensor> {
  let summary = "elementwise cosine (ONNX Cos)";
  let description = [{
    ```mlir
    %y = kiln.cos %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_TanOp : KilnMath_UnaryInputOp<"tan", Kiln_FloatTensor> {
  let summary = "elementwise tangent (ONNX Tan)";
  let description = [{
    ```mlir
    %y = kiln.tan %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_AsinOp : KilnMath_UnaryInputOp<"asin", Kiln_FloatTensor> {
  let summary = "elementwise arcsine (ONNX Asin)";
  let description = [{
    ```mlir
    %y = kiln.asin %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_AcosOp : KilnMath_UnaryInputOp<"acos", Kiln_FloatTensor> {
  let summary = "elementwise arccosine (ONNX Acos)";
  let description = [{
    ```mlir
    %y = kiln.acos %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_AtanOp : KilnMath_UnaryInputOp<"atan", Kiln_FloatTensor> {
  let summary = "elementwise arctangent (ONNX Atan)";
  let description = [{
    ```mlir
    %y = kiln.atan %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_SinhOp : KilnMath_UnaryInputOp<"sinh", Kiln_FloatTensor> {
  let summary = "elementwise hyperbolic sine (ONNX Sinh)";
  let description = [{
    ```mlir
    %y = kiln.sinh %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_CoshOp : KilnMath_UnaryInputOp<"cosh", Kiln_FloatTensor> {
  let summary = "elementwise hyperbolic cosine (ONNX Cosh)";
  let description = [{
    ```mlir
    %y = kiln.cosh %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_TanhOp : KilnMath_UnaryInputOp<"tanh", Kiln_FloatTensor> {
  let summary = "elementwise hyperbolic tangent (ONNX Tanh)";
  let description = [{
    ```mlir
    %y = kiln.tanh %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_AsinhOp : KilnMath_UnaryInputOp<"asinh", Kiln_FloatTensor> {
  let summary = "elementwise inverse hyperbolic sine (ONNX Asinh)";
  let description = [{
    ```mlir
    %y = kiln.asinh %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_AcoshOp : KilnMath_UnaryInputOp<"acosh", Kiln_FloatTensor> {
  let summary = "elementwise inverse hyperbolic cosine (ONNX Acosh)";
  let description = [{
    ```mlir
    %y = kiln.acosh %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_AtanhOp : KilnMath_UnaryInputOp<"atanh", Kiln_FloatTensor> {
  let summary = "elementwise inverse hyperbolic tangent (ONNX Atanh)";
  let description = [{
    ```mlir
    %y = kiln.atanh %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_IsNaNOp : KilnMath_FloatClassOp<"is_nan"> {
  let summary = "elementwise test for NaN (ONNX IsNaN)";
  let description = [{
    ```mlir
    %y = kiln.is_nan %x : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
}

def Kiln_IsInfOp : KilnMath_FloatClassOp<"is_inf"> {
  let summary = "elementwise test for infinities (ONNX IsInf)";
  let description = [{
    Tests for negative infinity when `detect_negative` is non-zero and for
    positive infinity when `detect_positive` is non-zero.

    ```mlir
    %y = kiln.is_inf %x {detect_negative = 0 : i64} : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<I64Attr, "1">:$detect_negative,
                       DefaultValuedAttr<I64Attr, "1">:$detect_positive);
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def Kiln_ReluOp : Kiln_UnaryElementwiseOp<"relu", Kiln_SignedNumericTensor> {
  let summary = "rectified linear unit, max(x, 0) (ONNX Relu)";
  let description = [{
    ```mlir
    %y = kiln.relu %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
    ```
  }];
}

def Kiln_LeakyReluOp : Kiln_UnaryElementwiseOp<"leaky_relu", Kiln_FloatTensor> {
  let summary = "leaky rectifier, x < 0 ? alpha * x : x (ONNX LeakyRelu)";
  let description = [{
    ```mlir
    %y = kiln.leaky_relu %x {alpha = 1.000000e-01 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}

def Kiln_PReluOp : Kiln_InferOp<"prelu", [Pure, SameOperandsAndResultElementType]> {
  let summary = "parametric rectifier, x < 0 ? slope * x : x (ONNX PRelu)";
  let description = [{
    `slope` broadcasts to the shape of `X` (unidirectional broadcasting);
    the result has the shape of `X`.

    ```mlir
    %y = kiln.prelu %x, %slope : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins KilnMath_FloatOrWideIntTensor:$X,
                       KilnMath_FloatOrWideIntTensor:$slope);
  let results = (outs KilnMath_FloatOrWideIntTensor:$Y);
}

def Kiln_EluOp : Kiln_UnaryElementwiseOp<"elu", Kiln_FloatTensor> {
  let summary = "exponential linear unit (ONNX Elu)";
  let description = [{
    `x < 0 ? alpha * (exp(x) - 1) : x`.

    ```mlir
    %y = kiln.elu %x {alpha = 5.000000e-01 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}

def Kiln_SeluOp : Kiln_UnaryElementwiseOp<"selu", Kiln_FloatTensor> {
  let summary = "scaled exponential linear unit (ONNX Selu)";
  let description = [{
    `gamma * (x <= 0 ? alpha * (exp(x) - 1) : x)`.

    ```mlir
    %y = kiln.selu %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
      DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
      DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma);
}

def Kiln_CeluOp : Kiln_UnaryElementwiseOp<"celu", KilnMath_F32Tensor> {
  let summary = "continuously differentiable exponential linear unit (ONNX Celu)";
  let description = [{
    `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`.

    ```mlir
    %y = kiln.celu %x {alpha = 2.000000e+00 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins KilnMath_F32Tensor:$X,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}

def Kiln_HardSigmoidOp : Kiln_UnaryElementwiseOp<"hard_sigmoid", Kiln_FloatTensor> {
  let summary = "piecewise linear sigmoid, max(0, min(1, alpha * x + beta)) (ONNX HardSigmoid)";
  let description = [{
    ```mlir
    %y = kiln.hard_sigmoid %x {alpha = 0.166666672 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5">:$beta);
}

def Kiln_HardSwishOp : Kiln_UnaryElementwiseOp<"hard_swish", Kiln_FloatTensor> {
  let summary = "x * max(0, min(1, x / 6 + 1 / 2)) (ONNX HardSwish)";
  let description = [{
    ```mlir
    %y = kiln.hard_swish %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_SigmoidOp : Kiln_UnaryElementwiseOp<"sigmoid", Kiln_FloatTensor> {
  let summary = "logistic function, 1 / (1 + exp(-x)) (ONNX Sigmoid)";
  let description = [{
    ```mlir
    %y = kiln.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_SoftplusOp : Kiln_UnaryElementwiseOp<"softplus", Kiln_FloatTensor> {
  let summary = "log(exp(x) + 1) (ONNX Softplus)";
  let description = [{
    ```mlir
    %y = kiln.softplus %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_SoftsignOp : KilnMath_UnaryInputOp<"softsign", Kiln_FloatTensor> {
  let summary = "x / (1 + |x|) (ONNX Softsign)";
  let description = [{
    ```mlir
    %y = kiln.softsign %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_MishOp : Kiln_UnaryElementwiseOp<"mish", Kiln_FloatTensor> {
  let summary = "x * tanh(softplus(x)) (ONNX Mish)";
  let description = [{
    ```mlir
    %y = kiln.mish %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def Kiln_GeluOp : Kiln_UnaryElementwiseOp<"gelu", Kiln_FloatTensor> {
  let summary = "Gaussian error linear unit (ONNX Gelu)";
  let description = [{
    `x * Phi(x)`, exactly through erf (`approximate = "none"`) or through the
    tanh approximation (`approximate = "tanh"`).

    ```mlir
    %y = kiln.gelu %x {approximate = "tanh"} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$approximate);
  let hasVerifier = 1;
}

def Kiln_ThresholdedReluOp : Kiln_UnaryElementwiseOp<"thresholded_relu",
                                                     Kiln_FloatTensor> {
  let summary = "x > alpha ? x : 0 (ONNX ThresholdedRelu)";
  let description = [{
    ```mlir
    %y = kiln.thresholded_relu %x {alpha = 2.000000e+00 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}

def Kiln_ShrinkOp : KilnMath_UnaryInputOp<"shrink", Kiln_NumericTensor> {
  let summary = "shrinkage (ONNX Shrink)";
  let description = [{
    `x < -lambd ? x + bias : (x > lambd ? x - bias : 0)`.

    ```mlir
    %y = kiln.shrink %x {bias = 1.500000e+00 : f32, lambd = 1.500000e+00 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.0">:$bias,
                       DefaultValuedAttr<F32Attr, "0.5">:$lambd);
}

def Kiln_SwishOp : Kiln_UnaryElementwiseOp<"swish", Kiln_FloatTensor> {
  let summary = "x * sigmoid(alpha * x) (ONNX Swish)";
  let description = [{
    ```mlir
    %y = kiln.swish %x {alpha = 1.702000e+00 : f32} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}

def Kiln_ClipOp : Kiln_InferOp<"clip", [Pure, AttrSizedOperandSegments,
    SameOperandsAndResultElementType]> {
  let summary = "elementwise clamp to [min, max] (ONNX Clip)";
  let description = [{
    `min` and `max` are optional single-element tensors; an absent bound does
    not clip. (Before opset 11 they were attributes; the importer turns them
    into constant operands.)

    ```mlir
    %y = kiln.clip %x min %lo max %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
    %z = kiln.clip %x max %hi : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$input,
                       Optional<Kiln_NumericTensor>:$min,
                       Optional<Kiln_NumericTensor>:$max);
  let results = (outs Kiln_NumericTensor:$output);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalized exponentials
//===----------------------------------------------------------------------===//

def Kiln_SoftmaxOp : KilnMath_AxisNormalizationOp<"softmax"> {
  let summary = "normalized exponential along one axis (ONNX Softmax)";
  let description = [{
    `exp(x) / sum(exp(x))` along `axis` (opset-13 semantics).

    ```mlir
    %y = kiln.softmax %x {axis = 1 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
    ```
  }];
}

def Kiln_LogSoftmaxOp : KilnMath_AxisNormalizationOp<"log_softmax"> {
  let summary = "logarithm of the softmax along one axis (ONNX LogSoftmax)";
  let description = [{
    ```mlir
    %y = kiln.log_softmax %x : (tensor<2x10xf32>) -> tensor<2x10xf32>
    ```
  }];
}

def Kiln_HardmaxOp : KilnMath_AxisNormalizationOp<"hardmax"> {
  let summary = "one-hot of the first maximum along one axis (ONNX Hardmax)";
  let description = [{
    ```mlir
    %y = kiln.hardmax %x {axis = 0 : i64} : (tensor<5x3xf32>) -> tensor<5x3xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Scans
//===----------------------------------------------------------------------===//

def Kiln_CumSumOp : Kiln_InferOp<"cumsum", [Pure]> {
  let summary = "cumulative sum along an axis (ONNX CumSum)";
  let description = [{
    Sums `x` along the axis held by the scalar (or single-element) tensor
    `axis`. `exclusive` leaves the current element out of each sum;
    `reverse` sums from the end.

    ```mlir
    %y = kiln.cumsum %x, %axis {exclusive = 1 : i64} : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins KilnMath_FloatOrWideIntTensor:$x,
                       Kiln_IndexTensor:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$exclusive,
                       DefaultValuedAttr<I64Attr, "0">:$reverse);
  let results = (outs KilnMath_FloatOrWideIntTensor:$y);
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

def Kiln_MatMulOp : Kiln_InferOp<"matmul", [Pure, SameOperandsAndResultElementType]> {
  let summary = "matrix product with numpy semantics (ONNX MatMul)";
  let description = [{
    Multiplies the last two dims of `A` and `B`; leading (batch) dims
    broadcast. A 1-D `A` is treated as a row vector and a 1-D `B` as a column
    vector, and the added dim is removed from the result.

    ```mlir
    %y = kiln.matmul %a, %b : (tensor<8x2x3xf32>, tensor<3x4xf32>) -> tensor<8x2x4xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$A, Kiln_NumericTensor:$B);
  let results = (outs Kiln_NumericTensor:$Y);
}

def Kiln_GemmOp : Kiln_InferOp<"gemm", [Pure, SameOperandsAndResultElementType]> {
  let summary = "general matrix multiply, alpha * A' * B' + beta * C (ONNX Gemm)";
  let description = [{
    `A'` is `A` (M x K), transposed first when `transA` is non-zero; `B'` is
    `B` (K x N), transposed when `transB` is non-zero. The optional `C`
    broadcasts to M x N (unidirectionally).

    ```mlir
    %y = kiln.gemm %a, %b, %c {transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins KilnMath_FloatOrWideIntTensor:$A,
                       KilnMath_FloatOrWideIntTensor:$B,
                       Optional<KilnMath_FloatOrWideIntTensor>:$C,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0">:$beta,
                       DefaultValuedAttr<I64Attr, "0">:$transA,
                       DefaultValuedAttr<I64Attr, "0">:$transB);
  let results = (outs KilnMath_FloatOrWideIntTensor:$Y);
}

def Kiln_EinsumOp : Kiln_InferOp<"einsum", [Pure, SameOperandsAndResultElementType]> {
  let summary = "Einstein summation (ONNX Einsum)";
  let description = [{
    `equation` names the dims of each input with letters (`...` for any
    number of broadcast dims), separated by commas, and optionally the output
    after `->`; without it the output holds the broadcast dims, then the
    letters used exactly once, in alphabetical (ASCII) order. Dims whose
    letters are absent from the output are summed.

    ```mlir
    %y = kiln.einsum %a, %b {equation = "bij,bjk->bik"} : (tensor<8x2x3xf32>, tensor<8x3x4xf32>) -> tensor<8x2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_NumericTensor>:$Inputs, StrAttr:$equation);
  let results = (outs Kiln_NumericTensor:$Output);
}

def Kiln_DetOp : Kiln_InferOp<"det", [Pure, SameOperandsAndResultElementType]> {
  let summary = "determinant of square matrices (ONNX Det)";
  let description = [{
    `X` has shape `[*, M, M]`; the result has shape `[*]`.

    ```mlir
    %y = kiln.det %x : (tensor<5x3x3xf32>) -> tensor<5xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$X);
  let results = (outs Kiln_FloatTensor:$Y);
}

#endif // KILN_DIALECT_KILN_IR_KILNMATHOPS_TD
