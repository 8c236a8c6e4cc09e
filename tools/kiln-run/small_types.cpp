// SPDX-License-Identifier: Apache-2.0
//
// float8, float4 and 4-bit integer elements on the host: their values for
// printing and .npy files, and the packed layout of 4-bit tensors.
#include <cmath>

#include "tensor_file.h"

namespace kiln::run {

namespace {

/// A float format of at most 8 bits (ONNX's float8/float4 types).
struct SmallFormat {
  int mantissa;  // explicit mantissa bits
  int bias;      // biased exponent = exponent + bias
  int width;     // bits
  enum { kIeee, kFn, kFnuz, kFinite, kExponentOnly } kind;
};

bool GetFormat(kiln_dtype_t dtype, SmallFormat* out) {
  switch (dtype) {
    case KILN_DTYPE_F8E4M3FN:
      *out = {3, 7, 8, SmallFormat::kFn};
      return true;
    case KILN_DTYPE_F8E4M3FNUZ:
      *out = {3, 8, 8, SmallFormat::kFnuz};
      return true;
    case KILN_DTYPE_F8E5M2:
      *out = {2, 15, 8, SmallFormat::kIeee};
      return true;
    case KILN_DTYPE_F8E5M2FNUZ:
      *out = {2, 16, 8, SmallFormat::kFnuz};
      return true;
    case KILN_DTYPE_F8E8M0FNU:
      *out = {0, 127, 8, SmallFormat::kExponentOnly};
      return true;
    case KILN_DTYPE_F4E2M1FN:
      *out = {1, 1, 4, SmallFormat::kFinite};
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsSmallFloat(kiln_dtype_t dtype) {
  SmallFormat format;
  return GetFormat(dtype, &format);
}

float SmallFloatToFloat(kiln_dtype_t dtype, uint8_t bits) {
  SmallFormat f;
  if (!GetFormat(dtype, &f)) return NAN;
  if (f.kind == SmallFormat::kExponentOnly) {
    return bits == 0xFF ? NAN : std::ldexp(1.0f, bits - f.bias);
  }
  int sign_bit = 1 << (f.width - 1);
  bool negative = (bits & sign_bit) != 0;
  int magnitude = bits & (sign_bit - 1);
  int exponent = magnitude >> f.mantissa;
  int mantissa = magnitude & ((1 << f.mantissa) - 1);
  int max_exponent = (1 << (f.width - 1 - f.mantissa)) - 1;
  switch (f.kind) {
    case SmallFormat::kIeee:
      if (exponent == max_exponent) {
        return mantissa ? NAN : (negative ? -INFINITY : INFINITY);
      }
      break;
    case SmallFormat::kFn:
      if (magnitude == sign_bit - 1) return NAN;
      break;
    case SmallFormat::kFnuz:
      if (bits == sign_bit) return NAN;
      break;
    default:
      break;
  }
  float value =
      exponent == 0
          ? std::ldexp(static_cast<float>(mantissa), 1 - f.bias - f.mantissa)
          : std::ldexp(static_cast<float>(mantissa | (1 << f.mantissa)),
                       exponent - f.bias - f.mantissa);
  return negative ? -value : value;
}

uint8_t GetNibble(const uint8_t* packed, size_t i) {
  uint8_t pair = packed[i / 2];
  return i % 2 ? pair >> 4 : pair & 0x0F;
}

void SetNibble(uint8_t* packed, size_t i, uint8_t value) {
  uint8_t& pair = packed[i / 2];
  pair = i % 2 ? static_cast<uint8_t>((pair & 0x0F) | (value << 4))
               : static_cast<uint8_t>((pair & 0xF0) | (value & 0x0F));
}

}  // namespace kiln::run
