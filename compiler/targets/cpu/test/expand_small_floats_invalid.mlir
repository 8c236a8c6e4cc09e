// RUN: kiln-opt %s --kiln-cpu-expand-small-floats -verify-diagnostics

// Only f8E8M0FNU implements rounding modes other than to nearest even.
func.func @upward_e4m3fn(%x: f32) -> f8E4M3FN {
  // expected-error @below {{rounding mode upward to 'f8E4M3FN' is not supported (only to_nearest_even)}}
  %y = arith.truncf %x upward : f32 to f8E4M3FN
  return %y : f8E4M3FN
}
