// SPDX-License-Identifier: Apache-2.0
//
// Naive reference implementations of the library calls, straight from their
// definitions, to check oneDNN's results against. Shapes are NC<spatial>;
// dilations follow ONNX (1 is dense).
#ifndef KILN_TESTS_UNIT_RUNTIME_REFERENCE_H_
#define KILN_TESTS_UNIT_RUNTIME_REFERENCE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kiln::testing {

using Shape = std::vector<int64_t>;

int64_t Product(const Shape& shape);

struct ConvParams {
  Shape strides, dilations, pads_begin, pads_end;  // one per spatial dim
  int64_t groups = 1;
  bool transposed = false;
};

/// The result shape of a (transposed) convolution.
Shape ConvOutputShape(const Shape& x, const Shape& w, const ConvParams& p);

/// y = conv(x, w) + bias; w is O(I/g)<k>, or I(O/g)<k> when transposed.
std::vector<float> ReferenceConv(const std::vector<float>& x, const Shape& xs,
                                 const std::vector<float>& w, const Shape& ws,
                                 const std::vector<float>* bias,
                                 const ConvParams& p, const Shape& ys);

/// y = alpha * op(a) x op(b) + beta * c with numpy broadcasting of batch
/// dims and of c (may be null).
std::vector<float> ReferenceMatMul(const std::vector<float>& a, const Shape& as,
                                   const std::vector<float>& b, const Shape& bs,
                                   const std::vector<float>* c, const Shape& cs,
                                   bool transpose_a, bool transpose_b,
                                   float alpha, float beta, const Shape& ys);

enum class PoolKind { kMax, kAverageIncludePad, kAverageExcludePad };

struct PoolParams {
  PoolKind kind = PoolKind::kMax;
  Shape kernel, strides, dilations, pads_begin, pads_end;
};

Shape PoolOutputShape(const Shape& x, const PoolParams& p);

std::vector<float> ReferencePool(const std::vector<float>& x, const Shape& xs,
                                 const PoolParams& p, const Shape& ys);

/// Applies `f` to every element in place.
template <typename F>
void Apply(std::vector<float>& values, F f) {
  for (float& value : values) value = f(value);
}

/// Deterministic pseudo-random floats in [-1, 1).
std::vector<float> RandomFloats(size_t count, uint32_t seed);

}  // namespace kiln::testing

#endif  // KILN_TESTS_UNIT_RUNTIME_REFERENCE_H_
