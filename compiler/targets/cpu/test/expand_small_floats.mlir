// RUN: kiln-opt %s --split-input-file --kiln-cpu-expand-small-floats | FileCheck %s

// Widening decodes the bits: no arith.extf from a float8 type is left, the
// f32 result is built from the rebiased bits (subnormals through a multiply
// by 2^(min exponent - mantissa bits), 2^-9 for f8E4M3FN).
// CHECK-LABEL: func.func @extf_e4m3fn
// CHECK-SAME:    (%[[X:.*]]: f8E4M3FN)
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 0.001953125 : f32
// CHECK:         %[[RAW:.*]] = arith.bitcast %[[X]] : f8E4M3FN to i8
// CHECK:         %[[BITS:.*]] = arith.extui %[[RAW]] : i8 to i32
// CHECK:         arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK-NOT:     arith.extf
// CHECK:         %[[Y:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK:         return %[[Y]] : f32
func.func @extf_e4m3fn(%x: f8E4M3FN) -> f32 {
  %y = arith.extf %x : f8E4M3FN to f32
  return %y : f32
}

// -----

// Narrowing f32 vectors to f8E5M2: integer ops on the f32 bits, then the
// low byte reinterpreted.
// CHECK-LABEL: func.func @truncf_e5m2_vector
// CHECK:         arith.bitcast %{{.*}} : vector<16xf32> to vector<16xi32>
// CHECK-NOT:     arith.truncf
// CHECK:         %[[B:.*]] = arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK:         %[[Y:.*]] = arith.bitcast %[[B]] : vector<16xi8> to vector<16xf8E5M2>
// CHECK:         return %[[Y]]
func.func @truncf_e5m2_vector(%x: vector<16xf32>) -> vector<16xf8E5M2> {
  %y = arith.truncf %x : vector<16xf32> to vector<16xf8E5M2>
  return %y : vector<16xf8E5M2>
}

// -----

// f64 rounds once, from its own bits; f16 widens to f32 first.
// CHECK-LABEL: func.func @truncf_sources
// CHECK:         arith.bitcast %{{.*}} : f64 to i64
// CHECK:         arith.trunci %{{.*}} : i64 to i8
// CHECK:         arith.bitcast %{{.*}} : i8 to f8E4M3FNUZ
// CHECK:         %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK:         arith.bitcast %[[W]] : f32 to i32
// CHECK:         arith.trunci %{{.*}} : i32 to i4
// CHECK:         arith.bitcast %{{.*}} : i4 to f4E2M1FN
func.func @truncf_sources(%a: f64, %b: f16) -> (f8E4M3FNUZ, f4E2M1FN) {
  %x = arith.truncf %a : f64 to f8E4M3FNUZ
  %y = arith.truncf %b : f16 to f4E2M1FN
  return %x, %y : f8E4M3FNUZ, f4E2M1FN
}

// -----

// Arithmetic on float8 computes in f32; only bit ops remain around it.
// CHECK-LABEL: func.func @addf_e4m3fnuz
// CHECK:         %[[SUM:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK:         arith.bitcast %[[SUM]] : f32 to i32
// CHECK-NOT:     arith.extf
// CHECK-NOT:     arith.truncf
// CHECK:         return
func.func @addf_e4m3fnuz(%a: f8E4M3FNUZ, %b: f8E4M3FNUZ) -> f8E4M3FNUZ {
  %y = arith.addf %a, %b : f8E4M3FNUZ
  return %y : f8E4M3FNUZ
}

// -----

// f8E8M0FNU keeps the exponent: rounding upward adds one when any
// fraction bit is set; zero, negative values and overflow are NaN (0xFF).
// f64 rounds from its own bits.
// CHECK-LABEL: func.func @truncf_e8m0
// CHECK-DAG:     %[[NAN:.*]] = arith.constant 255 : i32
// CHECK-DAG:     %[[FRACTION:.*]] = arith.constant 8388607 : i32
// CHECK:         %[[BITS:.*]] = arith.bitcast %{{.*}} : f32 to i32
// CHECK:         arith.andi %[[BITS]], %[[FRACTION]] : i32
// CHECK:         arith.select %{{.*}}, %[[NAN]], %{{.*}} : i32
// CHECK:         arith.bitcast %{{.*}} : i8 to f8E8M0FNU
// CHECK:         arith.bitcast %{{.*}} : f64 to i64
// CHECK:         arith.trunci %{{.*}} : i64 to i8
// CHECK:         arith.bitcast %{{.*}} : i8 to f8E8M0FNU
func.func @truncf_e8m0(%x: f32, %w: f64) -> (f8E8M0FNU, f8E8M0FNU) {
  %y = arith.truncf %x upward : f32 to f8E8M0FNU
  %z = arith.truncf %w : f64 to f8E8M0FNU
  return %y, %z : f8E8M0FNU, f8E8M0FNU
}

// -----

// Other conversions are left alone.
// CHECK-LABEL: func.func @standard
// CHECK:         arith.truncf %{{.*}} : f32 to f16
// CHECK:         arith.extf %{{.*}} : f16 to f64
func.func @standard(%x: f32) -> f64 {
  %h = arith.truncf %x : f32 to f16
  %y = arith.extf %h : f16 to f64
  return %y : f64
}
