// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// Every math op prints in its custom form and parses back to the same IR.

// CHECK-LABEL: func.func @unary_x
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi32>)
func.func @unary_x(%x: tensor<2x3xf32>, %i: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>) {
  // CHECK: %[[ABS:.*]] = kiln.abs %[[I]] : (tensor<4xi32>) -> tensor<4xi32>
  %abs = kiln.abs %i : (tensor<4xi32>) -> tensor<4xi32>
  // CHECK: %[[NEG:.*]] = kiln.neg %[[ABS]] : (tensor<4xi32>) -> tensor<4xi32>
  %neg = kiln.neg %abs : (tensor<4xi32>) -> tensor<4xi32>
  // CHECK: %[[CEIL:.*]] = kiln.ceil %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = kiln.ceil %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[FLOOR:.*]] = kiln.floor %[[CEIL]]
  %1 = kiln.floor %0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[ROUND:.*]] = kiln.round %[[FLOOR]]
  %2 = kiln.round %1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[RECIP:.*]] = kiln.reciprocal %[[ROUND]]
  %3 = kiln.reciprocal %2 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[SQRT:.*]] = kiln.sqrt %[[RECIP]]
  %4 = kiln.sqrt %3 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[SIG:.*]] = kiln.sigmoid %[[SQRT]]
  %5 = kiln.sigmoid %4 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[SP:.*]] = kiln.softplus %[[SIG]]
  %6 = kiln.softplus %5 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[HS:.*]] = kiln.hard_swish %[[SP]]
  %7 = kiln.hard_swish %6 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[MISH:.*]] = kiln.mish %[[HS]]
  %8 = kiln.mish %7 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: return %[[MISH]], %[[NEG]]
  return %8, %neg : tensor<2x3xf32>, tensor<4xi32>
}

// -----

// Exp, Log, Erf, Sign, Softsign and the trigonometric ops name their operand
// `input` in ONNX; they print the same way.
// CHECK-LABEL: func.func @unary_input
// CHECK-SAME: (%[[X:.*]]: tensor<5xf16>, %[[I:.*]]: tensor<5xi8>)
func.func @unary_input(%x: tensor<5xf16>, %i: tensor<5xi8>) -> (tensor<5xf16>, tensor<5xi8>) {
  // CHECK: %[[SIGN:.*]] = kiln.sign %[[I]] : (tensor<5xi8>) -> tensor<5xi8>
  %sign = kiln.sign %i : (tensor<5xi8>) -> tensor<5xi8>
  // CHECK: %[[EXP:.*]] = kiln.exp %[[X]] : (tensor<5xf16>) -> tensor<5xf16>
  %0 = kiln.exp %x : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[LOG:.*]] = kiln.log %[[EXP]]
  %1 = kiln.log %0 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ERF:.*]] = kiln.erf %[[LOG]]
  %2 = kiln.erf %1 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[SS:.*]] = kiln.softsign %[[ERF]]
  %3 = kiln.softsign %2 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[SIN:.*]] = kiln.sin %[[SS]]
  %4 = kiln.sin %3 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[COS:.*]] = kiln.cos %[[SIN]]
  %5 = kiln.cos %4 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[TAN:.*]] = kiln.tan %[[COS]]
  %6 = kiln.tan %5 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ASIN:.*]] = kiln.asin %[[TAN]]
  %7 = kiln.asin %6 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ACOS:.*]] = kiln.acos %[[ASIN]]
  %8 = kiln.acos %7 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ATAN:.*]] = kiln.atan %[[ACOS]]
  %9 = kiln.atan %8 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[SINH:.*]] = kiln.sinh %[[ATAN]]
  %10 = kiln.sinh %9 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[COSH:.*]] = kiln.cosh %[[SINH]]
  %11 = kiln.cosh %10 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[TANH:.*]] = kiln.tanh %[[COSH]]
  %12 = kiln.tanh %11 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ASINH:.*]] = kiln.asinh %[[TANH]]
  %13 = kiln.asinh %12 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ACOSH:.*]] = kiln.acosh %[[ASINH]]
  %14 = kiln.acosh %13 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: %[[ATANH:.*]] = kiln.atanh %[[ACOSH]]
  %15 = kiln.atanh %14 : (tensor<5xf16>) -> tensor<5xf16>
  // CHECK: return %[[ATANH]], %[[SIGN]]
  return %15, %sign : tensor<5xf16>, tensor<5xi8>
}

// -----

// CHECK-LABEL: func.func @float_classes
func.func @float_classes(%x: tensor<2x?xbf16>) -> (tensor<2x?xi1>, tensor<2x?xi1>, tensor<2x?xi1>) {
  // CHECK: kiln.is_nan %{{.*}} : (tensor<2x?xbf16>) -> tensor<2x?xi1>
  %0 = kiln.is_nan %x : (tensor<2x?xbf16>) -> tensor<2x?xi1>
  // Default attributes are not printed.
  // CHECK: kiln.is_inf %{{.*}} : (tensor<2x?xbf16>) -> tensor<2x?xi1>
  %1 = kiln.is_inf %x {detect_negative = 1 : i64, detect_positive = 1 : i64} : (tensor<2x?xbf16>) -> tensor<2x?xi1>
  // CHECK: kiln.is_inf %{{.*}} {detect_negative = 0 : i64} : (tensor<2x?xbf16>) -> tensor<2x?xi1>
  %2 = kiln.is_inf %x {detect_negative = 0 : i64} : (tensor<2x?xbf16>) -> tensor<2x?xi1>
  return %0, %1, %2 : tensor<2x?xi1>, tensor<2x?xi1>, tensor<2x?xi1>
}

// -----

// CHECK-LABEL: func.func @logic
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xi1>, %[[B:.*]]: tensor<3xi1>)
func.func @logic(%a: tensor<2x3xi1>, %b: tensor<3xi1>) -> tensor<2x3xi1> {
  // CHECK: %[[AND:.*]] = kiln.and %[[A]], %[[B]] : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %0 = kiln.and %a, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: %[[OR:.*]] = kiln.or %[[AND]], %[[B]]
  %1 = kiln.or %0, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: %[[XOR:.*]] = kiln.xor %[[OR]], %[[A]]
  %2 = kiln.xor %1, %a : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: %[[NOT:.*]] = kiln.not %[[XOR]] : (tensor<2x3xi1>) -> tensor<2x3xi1>
  %3 = kiln.not %2 : (tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: return %[[NOT]]
  return %3 : tensor<2x3xi1>
}

// -----

// CHECK-LABEL: func.func @comparisons
func.func @comparisons(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xui8>, %p: tensor<4xi1>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  // CHECK: kiln.equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %0 = kiln.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: kiln.less %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = kiln.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: kiln.greater %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %2 = kiln.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: kiln.less_or_equal %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = kiln.less_or_equal %i, %i : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  // CHECK: kiln.greater_or_equal %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %4 = kiln.greater_or_equal %i, %i : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  // Equal also compares bools.
  // CHECK: kiln.equal %{{.*}}, %{{.*}} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %5 = kiln.equal %p, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @bitwise
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xi16>, %[[B:.*]]: tensor<4xi16>, %[[U:.*]]: tensor<3xui32>, %[[S:.*]]: tensor<ui32>)
func.func @bitwise(%a: tensor<2x4xi16>, %b: tensor<4xi16>, %u: tensor<3xui32>, %s: tensor<ui32>) -> (tensor<2x4xi16>, tensor<3xui32>) {
  // CHECK: %[[AND:.*]] = kiln.bitwise_and %[[A]], %[[B]] : (tensor<2x4xi16>, tensor<4xi16>) -> tensor<2x4xi16>
  %0 = kiln.bitwise_and %a, %b : (tensor<2x4xi16>, tensor<4xi16>) -> tensor<2x4xi16>
  // CHECK: %[[OR:.*]] = kiln.bitwise_or %[[AND]], %[[B]]
  %1 = kiln.bitwise_or %0, %b : (tensor<2x4xi16>, tensor<4xi16>) -> tensor<2x4xi16>
  // CHECK: %[[XOR:.*]] = kiln.bitwise_xor %[[OR]], %[[A]]
  %2 = kiln.bitwise_xor %1, %a : (tensor<2x4xi16>, tensor<2x4xi16>) -> tensor<2x4xi16>
  // CHECK: %[[NOT:.*]] = kiln.bitwise_not %[[XOR]] : (tensor<2x4xi16>) -> tensor<2x4xi16>
  %3 = kiln.bitwise_not %2 : (tensor<2x4xi16>) -> tensor<2x4xi16>
  // CHECK: %[[SHL:.*]] = kiln.bit_shift %[[U]], %[[S]] {direction = "LEFT"} : (tensor<3xui32>, tensor<ui32>) -> tensor<3xui32>
  %4 = kiln.bit_shift %u, %s {direction = "LEFT"} : (tensor<3xui32>, tensor<ui32>) -> tensor<3xui32>
  // CHECK: %[[SHR:.*]] = kiln.bit_shift %[[SHL]], %[[U]] {direction = "RIGHT"}
  %5 = kiln.bit_shift %4, %u {direction = "RIGHT"} : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
  // CHECK: return %[[NOT]], %[[SHR]]
  return %3, %5 : tensor<2x4xi16>, tensor<3xui32>
}

// -----

// CHECK-LABEL: func.func @pow_mod
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[E:.*]]: tensor<i64>, %[[I:.*]]: tensor<3xi32>)
func.func @pow_mod(%x: tensor<2x3xf32>, %e: tensor<i64>, %i: tensor<3xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>) {
  // The exponent's element type may differ from the base's.
  // CHECK: %[[POW:.*]] = kiln.pow %[[X]], %[[E]] : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  %0 = kiln.pow %x, %e : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  // CHECK: %[[FMOD:.*]] = kiln.mod %[[POW]], %[[X]] {fmod = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = kiln.mod %0, %x {fmod = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[MOD:.*]] = kiln.mod %[[I]], %[[I]] : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %2 = kiln.mod %i, %i : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  // CHECK: return %[[POW]], %[[FMOD]], %[[MOD]]
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @variadic
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<f32>)
func.func @variadic(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<f32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) {
  // CHECK: kiln.max %[[A]], %[[B]], %[[C]] : (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %0 = kiln.max %a, %b, %c : (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: kiln.min %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = kiln.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: kiln.sum %[[B]], %[[C]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %2 = kiln.sum %b, %c : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  // A single operand is allowed.
  // CHECK: kiln.mean %[[C]] : (tensor<f32>) -> tensor<f32>
  %3 = kiln.mean %c : (tensor<f32>) -> tensor<f32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @where
// CHECK-SAME: (%[[C:.*]]: tensor<2x1xi1>, %[[X:.*]]: tensor<3xi64>, %[[Y:.*]]: tensor<i64>)
func.func @where(%c: tensor<2x1xi1>, %x: tensor<3xi64>, %y: tensor<i64>) -> tensor<2x3xi64> {
  // CHECK: kiln.where %[[C]], %[[X]], %[[Y]] : (tensor<2x1xi1>, tensor<3xi64>, tensor<i64>) -> tensor<2x3xi64>
  %0 = kiln.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xi64>, tensor<i64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @activations(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[LR:.*]] = kiln.leaky_relu %[[X]] {alpha = 1.000000e-01 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %0 = kiln.leaky_relu %x {alpha = 0.1 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[ELU:.*]] = kiln.elu %[[LR]] : (tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.elu %0 : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[SELU:.*]] = kiln.selu %[[ELU]] {alpha = 2.000000e+00 : f32, gamma = 3.000000e+00 : f32}
  %2 = kiln.selu %1 {alpha = 2.0 : f32, gamma = 3.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[CELU:.*]] = kiln.celu %[[SELU]] {alpha = 5.000000e-01 : f32}
  %3 = kiln.celu %2 {alpha = 0.5 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[HSIG:.*]] = kiln.hard_sigmoid %[[CELU]] {alpha = 2.500000e-01 : f32}
  %4 = kiln.hard_sigmoid %3 {alpha = 0.25 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[GELU:.*]] = kiln.gelu %[[HSIG]] {approximate = "tanh"}
  %5 = kiln.gelu %4 {approximate = "tanh"} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[GELU2:.*]] = kiln.gelu %[[GELU]] : (tensor<4xf32>) -> tensor<4xf32>
  %6 = kiln.gelu %5 : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[TR:.*]] = kiln.thresholded_relu %[[GELU2]] {alpha = 2.000000e+00 : f32}
  %7 = kiln.thresholded_relu %6 {alpha = 2.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[SHRINK:.*]] = kiln.shrink %[[TR]] {bias = 1.500000e+00 : f32, lambd = 1.500000e+00 : f32}
  %8 = kiln.shrink %7 {bias = 1.5 : f32, lambd = 1.5 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[SWISH:.*]] = kiln.swish %[[SHRINK]] {alpha = 1.702000e+00 : f32}
  %9 = kiln.swish %8 {alpha = 1.702 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[RELU:.*]] = kiln.relu %[[SWISH]]
  %10 = kiln.relu %9 : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: return %[[RELU]]
  return %10 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @prelu
func.func @prelu(%x: tensor<1x8x4x4xf32>, %slope: tensor<8x1x1xf32>, %i: tensor<3xi64>) -> (tensor<1x8x4x4xf32>, tensor<3xi64>) {
  // CHECK: kiln.prelu %{{.*}}, %{{.*}} : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %0 = kiln.prelu %x, %slope : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: kiln.prelu %{{.*}}, %{{.*}} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %1 = kiln.prelu %i, %i : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<3xi64>
}

// -----

// Clip's bounds are optional; each prints with its keyword.
// CHECK-LABEL: func.func @clip
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<f32>)
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: kiln.clip %[[X]] min %[[LO]] max %[[HI]] : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %0 = kiln.clip %x min %lo max %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: kiln.clip %[[X]] min %[[LO]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = kiln.clip %x min %lo : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: kiln.clip %[[X]] max %[[HI]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = kiln.clip %x max %hi : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: kiln.clip %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
  %3 = kiln.clip %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @normalized_exponentials
// CHECK-SAME: (%[[X:.*]]: tensor<2x10xf32>)
func.func @normalized_exponentials(%x: tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>) {
  // CHECK: kiln.softmax %[[X]] : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %0 = kiln.softmax %x : (tensor<2x10xf32>) -> tensor<2x10xf32>
  // CHECK: kiln.log_softmax %[[X]] {axis = 0 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %1 = kiln.log_softmax %x {axis = 0 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  // CHECK: kiln.hardmax %[[X]] {axis = -2 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %2 = kiln.hardmax %x {axis = -2 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  return %0, %1, %2 : tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>
}

// -----

// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[AXIS:.*]]: tensor<i32>)
func.func @cumsum(%x: tensor<2x3xf32>, %axis: tensor<i32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: kiln.cumsum %[[X]], %[[AXIS]] : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  %0 = kiln.cumsum %x, %axis : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  // CHECK: kiln.cumsum %[[X]], %[[AXIS]] {exclusive = 1 : i64, reverse = 1 : i64}
  %1 = kiln.cumsum %x, %axis {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[A:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<5x3xf32>, %[[C:.*]]: tensor<5xf32>)
func.func @gemm(%a: tensor<3x4xf32>, %b: tensor<5x3xf32>, %c: tensor<5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  // CHECK: kiln.gemm %[[A]], %[[B]], %[[C]] {alpha = 5.000000e-01 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<3x4xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  %0 = kiln.gemm %a, %b, %c {alpha = 0.5 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<3x4xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  // C is optional.
  // CHECK: kiln.gemm %[[A]], %[[B]] {transA = 1 : i64, transB = 1 : i64} : (tensor<3x4xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  %1 = kiln.gemm %a, %b {transA = 1 : i64, transB = 1 : i64} : (tensor<3x4xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  return %0, %1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @einsum_det
func.func @einsum_det(%a: tensor<8x2x3xf64>, %b: tensor<8x3x4xf64>, %m: tensor<5x3x3xf64>) -> (tensor<8x2x4xf64>, tensor<5xf64>) {
  // CHECK: kiln.einsum %{{.*}}, %{{.*}} {equation = "bij,bjk->bik"} : (tensor<8x2x3xf64>, tensor<8x3x4xf64>) -> tensor<8x2x4xf64>
  %0 = kiln.einsum %a, %b {equation = "bij,bjk->bik"} : (tensor<8x2x3xf64>, tensor<8x3x4xf64>) -> tensor<8x2x4xf64>
  // CHECK: kiln.det %{{.*}} : (tensor<5x3x3xf64>) -> tensor<5xf64>
  %1 = kiln.det %m : (tensor<5x3x3xf64>) -> tensor<5xf64>
  return %0, %1 : tensor<8x2x4xf64>, tensor<5xf64>
}
