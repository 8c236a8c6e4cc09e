// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file %s | FileCheck %s

// Casts to f8E8M0FNU follow ONNX's round_mode on the f32 exponent field:
// "up" adds one for any fraction bit, saturation stops at 0xFE, NaN and
// Inf give 0xFF.
// CHECK-LABEL: func.func @cast_e8m0_up
// CHECK:         linalg.generic
// CHECK:           %[[WIDE:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK:           %[[BITS:.*]] = arith.bitcast %[[WIDE]] : f32 to i32
// CHECK:           %[[FRACTION:.*]] = arith.constant 8388607 : i32
// CHECK:           arith.andi %[[BITS]], %[[FRACTION]] : i32
// CHECK:           %[[MAX:.*]] = arith.constant 254 : i32
// CHECK:           arith.cmpi ne, %{{.*}}, %[[MAX]] : i32
// CHECK:           %[[BYTE:.*]] = arith.trunci %{{.*}} : i32 to i8
// CHECK:           arith.bitcast %[[BYTE]] : i8 to f8E8M0FNU
func.func @cast_e8m0_up(%x: tensor<4xf16>) -> tensor<4xf8E8M0FNU> {
  %0 = kiln.cast %x {to = f8E8M0FNU} : (tensor<4xf16>) -> tensor<4xf8E8M0FNU>
  return %0 : tensor<4xf8E8M0FNU>
}

// -----

// Without saturation nothing stops the carry into 0xFF (NaN); "down" keeps
// the exponent field.
// CHECK-LABEL: func.func @cast_e8m0_down
// CHECK:         linalg.generic
// CHECK-NOT:       arith.addi
// CHECK:           arith.trunci %{{.*}} : i32 to i8
func.func @cast_e8m0_down(%x: tensor<4xf32>) -> tensor<4xf8E8M0FNU> {
  %0 = kiln.cast %x {to = f8E8M0FNU, round_mode = "down", saturate = 0 : i64} : (tensor<4xf32>) -> tensor<4xf8E8M0FNU>
  return %0 : tensor<4xf8E8M0FNU>
}

// -----

// f64 narrows to float8 through f32 (as ONNX's reference and onnxruntime
// round), then clamps to the largest finite value.
// CHECK-LABEL: func.func @cast_f64_e4m3fn
// CHECK:         linalg.generic
// CHECK:           %[[F32:.*]] = arith.truncf %{{.*}} : f64 to f32
// CHECK:           arith.maximumf %[[F32]], %{{.*}} : f32
// CHECK:           arith.minimumf
// CHECK:           arith.truncf %{{.*}} : f32 to f8E4M3FN
func.func @cast_f64_e4m3fn(%x: tensor<4xf64>) -> tensor<4xf8E4M3FN> {
  %0 = kiln.cast %x {to = f8E4M3FN} : (tensor<4xf64>) -> tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}
