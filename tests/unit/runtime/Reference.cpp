// SPDX-License-Identifier: Apache-2.0
#include "Reference.h"

#include <algorithm>
#include <limits>

namespace kiln::testing {

namespace {

/// Iterates a multi-index over `shape` in row-major order.
bool Next(std::vector<int64_t>& index, const Shape& shape) {
  for (size_t i = shape.size(); i-- > 0;) {
    if (++index[i] < shape[i]) return true;
    index[i] = 0;
  }
  return false;
}

int64_t Offset(const std::vector<int64_t>& index, const Shape& shape) {
  int64_t offset = 0;
  for (size_t i = 0; i < shape.size(); ++i)
    offset = offset * shape[i] + index[i];
  return offset;
}

int64_t Param(const Shape& values, size_t i, int64_t fallback) {
  return values.empty() ? fallback : values[i];
}

}  // namespace

int64_t Product(const Shape& shape) {
  int64_t product = 1;
  for (int64_t dim : shape) product *= dim;
  return product;
}

Shape ConvOutputShape(const Shape& x, const Shape& w, const ConvParams& p) {
  Shape y = {x[0], p.transposed ? w[1] * p.groups : w[0]};
  for (size_t i = 0; i + 2 < x.size(); ++i) {
    int64_t k = w[2 + i], s = Param(p.strides, i, 1);
    int64_t d = Param(p.dilations, i, 1);
    int64_t pb = Param(p.pads_begin, i, 0), pe = Param(p.pads_end, i, 0);
    int64_t extent = (k - 1) * d + 1;
    y.push_back(p.transposed ? (x[2 + i] - 1) * s + extent - pb - pe
                             : (x[2 + i] + pb + pe - extent) / s + 1);
  }
  return y;
}

std::vector<float> ReferenceConv(const std::vector<float>& x, const Shape& xs,
                                 const std::vector<float>& w, const Shape& ws,
                                 const std::vector<float>* bias,
                                 const ConvParams& p, const Shape& ys) {
  size_t spatial = xs.size() - 2;
  int64_t channels = xs[1], outputs = ys[1], groups = p.groups;
  int64_t in_per_group = channels / groups, out_per_group = outputs / groups;
  Shape x_spatial(xs.begin() + 2, xs.end()),
      y_spatial(ys.begin() + 2, ys.end());
  Shape kernel(ws.begin() + 2, ws.end());
  std::vector<float> y(static_cast<size_t>(Product(ys)), 0.0f);
  for (int64_t n = 0; n < xs[0]; ++n) {
    for (int64_t g = 0; g < groups; ++g) {
      for (int64_t oc = 0; oc < out_per_group; ++oc) {
        for (int64_t ic = 0; ic < in_per_group; ++ic) {
          std::vector<int64_t> k(spatial, 0);
          do {
            // Weight index for (oc, ic, k).
            int64_t weight_row =
                p.transposed ? (g * in_per_group + ic) * out_per_group + oc
                             : (g * out_per_group + oc) * in_per_group + ic;
            float weight = w[static_cast<size_t>(weight_row * Product(kernel) +
                                                 Offset(k, kernel))];
            if (!p.transposed) {
              std::vector<int64_t> o(spatial, 0);
              do {
                std::vector<int64_t> in(spatial);
                bool inside = true;
                for (size_t i = 0; i < spatial; ++i) {
                  in[i] = o[i] * Param(p.strides, i, 1) -
                          Param(p.pads_begin, i, 0) +
                          k[i] * Param(p.dilations, i, 1);
                  inside &= in[i] >= 0 && in[i] < x_spatial[i];
                }
                if (!inside) continue;
                int64_t xi = (n * channels + g * in_per_group + ic) *
                                 Product(x_spatial) +
                             Offset(in, x_spatial);
                int64_t yi = (n * outputs + g * out_per_group + oc) *
                                 Product(y_spatial) +
                             Offset(o, y_spatial);
                y[static_cast<size_t>(yi)] +=
                    x[static_cast<size_t>(xi)] * weight;
              } while (Next(o, y_spatial));
            } else {
              std::vector<int64_t> in(spatial, 0);
              do {
                std::vector<int64_t> o(spatial);
                bool inside = true;
                for (size_t i = 0; i < spatial; ++i) {
                  o[i] = in[i] * Param(p.strides, i, 1) -
                         Param(p.pads_begin, i, 0) +
                         k[i] * Param(p.dilations, i, 1);
                  inside &= o[i] >= 0 && o[i] < y_spatial[i];
                }
                if (!inside) continue;
                int64_t xi = (n * channels + g * in_per_group + ic) *
                                 Product(x_spatial) +
                             Offset(in, x_spatial);
                int64_t yi = (n * outputs + g * out_per_group + oc) *
                                 Product(y_spatial) +
                             Offset(o, y_spatial);
                y[static_cast<size_t>(yi)] +=
                    x[static_cast<size_t>(xi)] * weight;
              } while (Next(in, x_spatial));
            }
          } while (Next(k, kernel));
        }
      }
    }
  }
  if (bias) {
    for (int64_t n = 0; n < ys[0]; ++n) {
      for (int64_t c = 0; c < outputs; ++c) {
        for (int64_t i = 0; i < Product(y_spatial); ++i) {
          y[static_cast<size_t>((n * outputs + c) * Product(y_spatial) + i)] +=
              (*bias)[static_cast<size_t>(c)];
        }
      }
    }
  }
  return y;
}

std::vector<float> ReferenceMatMul(const std::vector<float>& a, const Shape& as,
                                   const std::vector<float>& b, const Shape& bs,
                                   const std::vector<float>* c, const Shape& cs,
                                   bool transpose_a, bool transpose_b,
                                   float alpha, float beta, const Shape& ys) {
  size_t rank = ys.size();
  auto pad = [&](const Shape& s) {
    Shape padded(rank - s.size(), 1);
    padded.insert(padded.end(), s.begin(), s.end());
    return padded;
  };
  Shape ap = pad(as), bp = pad(bs), cp = c ? pad(cs) : Shape(rank, 1);
  int64_t m = ys[rank - 2], n = ys[rank - 1];
  int64_t k = transpose_a ? ap[rank - 2] : ap[rank - 1];
  std::vector<float> y(static_cast<size_t>(Product(ys)));
  std::vector<int64_t> index(rank, 0);
  // Broadcast index of `shape` for y's index.
  auto at = [&](const Shape& shape, std::vector<int64_t> i) {
    for (size_t d = 0; d < rank; ++d) {
      if (shape[d] == 1) i[d] = 0;
    }
    return Offset(i, shape);
  };
  do {
    int64_t row = index[rank - 2], col = index[rank - 1];
    double sum = 0;
    for (int64_t kk = 0; kk < k; ++kk) {
      std::vector<int64_t> ai = index, bi = index;
      ai[rank - 2] = transpose_a ? kk : row;
      ai[rank - 1] = transpose_a ? row : kk;
      bi[rank - 2] = transpose_b ? col : kk;
      bi[rank - 1] = transpose_b ? kk : col;
      sum += static_cast<double>(a[static_cast<size_t>(at(ap, ai))]) *
             b[static_cast<size_t>(at(bp, bi))];
    }
    double value = alpha * sum;
    if (c) value += beta * (*c)[static_cast<size_t>(at(cp, index))];
    y[static_cast<size_t>(Offset(index, ys))] = static_cast<float>(value);
  } while (Next(index, ys));
  (void)m;
  (void)n;
  return y;
}

Shape PoolOutputShape(const Shape& x, const PoolParams& p) {
  Shape y = {x[0], x[1]};
  for (size_t i = 0; i + 2 < x.size(); ++i) {
    int64_t extent = (p.kernel[i] - 1) * Param(p.dilations, i, 1) + 1;
    y.push_back((x[2 + i] + Param(p.pads_begin, i, 0) +
                 Param(p.pads_end, i, 0) - extent) /
                    Param(p.strides, i, 1) +
                1);
  }
  return y;
}

std::vector<float> ReferencePool(const std::vector<float>& x, const Shape& xs,
                                 const PoolParams& p, const Shape& ys) {
  size_t spatial = xs.size() - 2;
  Shape x_spatial(xs.begin() + 2, xs.end()),
      y_spatial(ys.begin() + 2, ys.end());
  std::vector<float> y(static_cast<size_t>(Product(ys)));
  for (int64_t nc = 0; nc < xs[0] * xs[1]; ++nc) {
    std::vector<int64_t> o(spatial, 0);
    do {
      float max = -std::numeric_limits<float>::infinity();
      double sum = 0;
      int64_t valid = 0;
      std::vector<int64_t> k(spatial, 0);
      do {
        bool inside = true;
        std::vector<int64_t> in(spatial);
        for (size_t i = 0; i < spatial; ++i) {
          in[i] = o[i] * Param(p.strides, i, 1) - Param(p.pads_begin, i, 0) +
                  k[i] * Param(p.dilations, i, 1);
          inside &= in[i] >= 0 && in[i] < x_spatial[i];
        }
        if (!inside) continue;
        float value = x[static_cast<size_t>(nc * Product(x_spatial) +
                                            Offset(in, x_spatial))];
        max = std::max(max, value);
        sum += value;
        ++valid;
      } while (Next(k, p.kernel));
      float result = max;
      if (p.kind == PoolKind::kAverageIncludePad) {
        result =
            static_cast<float>(sum / static_cast<double>(Product(p.kernel)));
      } else if (p.kind == PoolKind::kAverageExcludePad) {
        result = static_cast<float>(sum / static_cast<double>(valid));
      }
      y[static_cast<size_t>(nc * Product(y_spatial) + Offset(o, y_spatial))] =
          result;
    } while (Next(o, y_spatial));
  }
  return y;
}

std::vector<float> RandomFloats(size_t count, uint32_t seed) {
  std::vector<float> values(count);
  uint64_t state = seed * 0x9e3779b97f4a7c15ull + 1;
  for (float& value : values) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    value = static_cast<float>(static_cast<double>(state >> 40) /
                                   static_cast<double>(1ull << 23) -
                               1.0);
  }
  return values;
}

}  // namespace kiln::testing
