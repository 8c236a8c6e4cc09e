// SPDX-License-Identifier: Apache-2.0
//===- CpuCodegenOpsTest.cpp - more kernel shapes through the CPU target --===//
//
// Root ops beyond the basic ones (column reductions, batched matmul,
// convolution, pad, gathers, loops in a kernel) and dynamic sizes for
// matmul, transpose and a softmax with temporaries, each compared with a
// C++ reference.
//
//===----------------------------------------------------------------------===//

#include "CpuKernelHarness.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace kiln::test;

namespace {

class CpuCodegenOpsTest : public CpuCodegenTest {};

TEST_F(CpuCodegenOpsTest, ColumnReduction) {
  auto kernels = build(R"mlir(
func.func @colsum(%a: tensor<1000x300xf32>) -> tensor<300xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<300xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<300xf32>) -> tensor<300xf32>
  %r = linalg.reduce ins(%a : tensor<1000x300xf32>) outs(%f : tensor<300xf32>) dimensions = [0]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<300xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(1000 * 300, 21);
  std::vector<float> out(300, NAN), expected(300);
  for (int j = 0; j < 300; ++j) {
    double sum = 0;
    for (int i = 0; i < 1000; ++i)
      sum += a[i * 300 + j];
    expected[j] = float(sum);
  }
  kernels->run("colsum", {a.data(), out.data()});
  expectNear(out, expected, 1e-4f, 1e-3f);
}

TEST_F(CpuCodegenOpsTest, BatchMatmul) {
  auto kernels = build(R"mlir(
func.func @bmm(%a: tensor<4x64x32xf32>, %b: tensor<4x32x48xf32>) -> tensor<4x64x48xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x64x48xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x64x48xf32>) -> tensor<4x64x48xf32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<4x64x32xf32>, tensor<4x32x48xf32>) outs(%f : tensor<4x64x48xf32>) -> tensor<4x64x48xf32>
  return %r : tensor<4x64x48xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(4 * 64 * 32, 22),
                     b = randomFloats(4 * 32 * 48, 23);
  std::vector<float> out(4 * 64 * 48, NAN), expected(4 * 64 * 48);
  for (int n = 0; n < 4; ++n)
    for (int i = 0; i < 64; ++i)
      for (int j = 0; j < 48; ++j) {
        double sum = 0;
        for (int k = 0; k < 32; ++k)
          sum += double(a[(n * 64 + i) * 32 + k]) * b[(n * 32 + k) * 48 + j];
        expected[(n * 64 + i) * 48 + j] = float(sum);
      }
  kernels->run("bmm", {a.data(), b.data(), out.data()});
  expectNear(out, expected, 1e-5f, 1e-4f);
}

TEST_F(CpuCodegenOpsTest, ConvolutionNhwc) {
  auto kernels = build(R"mlir(
func.func @conv(%x: tensor<1x16x16x8xf32>, %w: tensor<3x3x8x16xf32>) -> tensor<1x14x14x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x14x14x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x14x14x16xf32>) -> tensor<1x14x14x16xf32>
  %r = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x16x16x8xf32>, tensor<3x3x8x16xf32>) outs(%f : tensor<1x14x14x16xf32>) -> tensor<1x14x14x16xf32>
  return %r : tensor<1x14x14x16xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> x = randomFloats(16 * 16 * 8, 24),
                     w = randomFloats(3 * 3 * 8 * 16, 25);
  std::vector<float> out(14 * 14 * 16, NAN), expected(14 * 14 * 16);
  for (int oh = 0; oh < 14; ++oh)
    for (int ow = 0; ow < 14; ++ow)
      for (int f = 0; f < 16; ++f) {
        double sum = 0;
        for (int kh = 0; kh < 3; ++kh)
          for (int kw = 0; kw < 3; ++kw)
            for (int c = 0; c < 8; ++c)
              sum += double(x[((oh + kh) * 16 + ow + kw) * 8 + c]) *
                     w[((kh * 3 + kw) * 8 + c) * 16 + f];
        expected[(oh * 14 + ow) * 16 + f] = float(sum);
      }
  kernels->run("conv", {x.data(), w.data(), out.data()});
  expectNear(out, expected, 1e-5f, 1e-4f);
}

TEST_F(CpuCodegenOpsTest, Pad) {
  auto kernels = build(R"mlir(
func.func @pad(%a: tensor<30x30xf32>) -> tensor<32x33xf32> {
  %v = arith.constant 7.0 : f32
  %p = tensor.pad %a low[1, 2] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<30x30xf32> to tensor<32x33xf32>
  return %p : tensor<32x33xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(30 * 30, 26);
  std::vector<float> out(32 * 33, NAN), expected(32 * 33, 7.0f);
  for (int i = 0; i < 30; ++i)
    for (int j = 0; j < 30; ++j)
      expected[(i + 1) * 33 + j + 2] = a[i * 30 + j];
  kernels->run("pad", {a.data(), out.data()});
  EXPECT_EQ(out, expected);
}

TEST_F(CpuCodegenOpsTest, GatherRows) {
  auto kernels = build(R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @gather(%table: tensor<1000x64xf32>, %idx: tensor<32xi64>) -> tensor<32x64xf32> {
  %e = tensor.empty() : tensor<32x64xf32>
  %r = linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%idx : tensor<32xi64>) outs(%e : tensor<32x64xf32>) {
  ^bb0(%i: i64, %o: f32):
    %ii = arith.index_cast %i : i64 to index
    %j = linalg.index 1 : index
    %v = tensor.extract %table[%ii, %j] : tensor<1000x64xf32>
    linalg.yield %v : f32
  } -> tensor<32x64xf32>
  return %r : tensor<32x64xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> table = randomFloats(1000 * 64, 27);
  std::vector<int64_t> idx(32);
  for (int i = 0; i < 32; ++i)
    idx[i] = (i * 389 + 11) % 1000;
  std::vector<float> out(32 * 64, NAN), expected(32 * 64);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 64; ++j)
      expected[i * 64 + j] = table[idx[i] * 64 + j];
  kernels->run("gather", {table.data(), idx.data(), out.data()});
  EXPECT_EQ(out, expected);
}

TEST_F(CpuCodegenOpsTest, LoopInsideKernel) {
  auto kernels = build(R"mlir(
func.func @loop(%a: tensor<64xf32>) -> tensor<64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %a) -> tensor<64xf32> {
    %e = tensor.empty() : tensor<64xf32>
    %n = linalg.add ins(%acc, %a : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
    scf.yield %n : tensor<64xf32>
  }
  return %r : tensor<64xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(64, 28), out(64, NAN), expected(64);
  for (int i = 0; i < 64; ++i)
    expected[i] = ((a[i] + a[i]) + a[i]) + a[i];
  kernels->run("loop", {a.data(), out.data()});
  EXPECT_EQ(out, expected);
}

TEST_F(CpuCodegenOpsTest, DynamicMatmul) {
  auto kernels = build(R"mlir(
func.func @dynmm(%a: tensor<?x64xf32> {kexec.dims = array<i64: 0, -1>},
                 %b: tensor<64x?xf32> {kexec.dims = array<i64: -1, 1>})
    -> (tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %a, %c0 : tensor<?x64xf32>
  %n = tensor.dim %b, %c1 : tensor<64x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = linalg.matmul ins(%a, %b : tensor<?x64xf32>, tensor<64x?xf32>) outs(%f : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  for (auto [m, n] : {std::pair<int64_t, int64_t>{37, 53}, {1, 1}, {64, 96}}) {
    SCOPED_TRACE(std::to_string(m) + "x" + std::to_string(n));
    std::vector<float> a = randomFloats(size_t(m * 64), 29),
                       b = randomFloats(size_t(64 * n), 30);
    std::vector<float> out(size_t(m * n) + 1, NAN),
        expected(size_t(m * n) + 1, NAN);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0;
        for (int64_t k = 0; k < 64; ++k)
          sum += double(a[size_t(i * 64 + k)]) * b[size_t(k * n + j)];
        expected[size_t(i * n + j)] = float(sum);
      }
    int64_t dims[2] = {m, n};
    kernels->run("dynmm", {a.data(), b.data(), out.data()}, dims);
    expectNear(out, expected, 1e-5f, 1e-4f);
  }
}

TEST_F(CpuCodegenOpsTest, DynamicTranspose) {
  auto kernels = build(R"mlir(
func.func @dyntr(%a: tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>})
    -> (tensor<?x?xf32> {kexec.dims = array<i64: 1, 0>}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %a, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%n, %m) : tensor<?x?xf32>
  %t = linalg.transpose ins(%a : tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) permutation = [1, 0]
  return %t : tensor<?x?xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  for (auto [m, n] :
       {std::pair<int64_t, int64_t>{37, 53}, {1, 100}, {128, 64}}) {
    SCOPED_TRACE(std::to_string(m) + "x" + std::to_string(n));
    std::vector<float> a = randomFloats(size_t(m * n), 31);
    std::vector<float> out(size_t(m * n) + 1, NAN),
        expected(size_t(m * n) + 1, NAN);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        expected[size_t(j * m + i)] = a[size_t(i * n + j)];
    int64_t dims[2] = {m, n};
    kernels->run("dyntr", {a.data(), out.data()}, dims);
    EXPECT_EQ(out.size(), expected.size());
    for (size_t i = 0; i < out.size(); ++i) {
      if (!(std::isnan(expected[i]) && std::isnan(out[i]))) {
        ASSERT_EQ(out[i], expected[i]) << "at " << i;
      }
    }
  }
}

TEST_F(CpuCodegenOpsTest, DynamicSoftmaxWithTemporaries) {
  auto kernels = build(R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @dynsoftmax(%x: tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>})
    -> (tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x?xf32>
  %n = tensor.dim %x, %c1 : tensor<?x?xf32>
  %e1 = tensor.empty(%m) : tensor<?xf32>
  %f1 = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<?xf32>) -> tensor<?xf32>
  %max = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%f1 : tensor<?xf32>) {
  ^bb0(%v: f32, %a: f32):
    %r = arith.maximumf %v, %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e2 = tensor.empty(%m, %n) : tensor<?x?xf32>
  %exp = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<?x?xf32>, tensor<?xf32>) outs(%e2 : tensor<?x?xf32>) {
  ^bb0(%v: f32, %mx: f32, %o: f32):
    %s = arith.subf %v, %mx : f32
    %r = math.exp %s : f32
    linalg.yield %r : f32
  } -> tensor<?x?xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?xf32>) -> tensor<?xf32>
  %sum = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<?x?xf32>) outs(%f2 : tensor<?xf32>) {
  ^bb0(%v: f32, %a: f32):
    %r = arith.addf %v, %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %res = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<?x?xf32>, tensor<?xf32>) outs(%e2 : tensor<?x?xf32>) {
  ^bb0(%v: f32, %s: f32, %o: f32):
    %r = arith.divf %v, %s : f32
    linalg.yield %r : f32
  } -> tensor<?x?xf32>
  return %res : tensor<?x?xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  for (auto [m, n] :
       {std::pair<int64_t, int64_t>{77, 1000}, {1, 3}, {300, 64}}) {
    SCOPED_TRACE(std::to_string(m) + "x" + std::to_string(n));
    std::vector<float> x = randomFloats(size_t(m * n), 32, -8.0f, 8.0f);
    std::vector<float> out(size_t(m * n), NAN), expected(size_t(m * n));
    for (int64_t i = 0; i < m; ++i) {
      float max = -INFINITY;
      for (int64_t j = 0; j < n; ++j)
        max = std::max(max, x[size_t(i * n + j)]);
      double sum = 0;
      for (int64_t j = 0; j < n; ++j)
        sum += std::exp(double(x[size_t(i * n + j)]) - max);
      for (int64_t j = 0; j < n; ++j)
        expected[size_t(i * n + j)] =
            float(std::exp(double(x[size_t(i * n + j)]) - max) / sum);
    }
    int64_t dims[2] = {m, n};
    kernels->run("dynsoftmax", {x.data(), out.data()}, dims);
    expectNear(out, expected, 1e-5f, 1e-9f);
  }
}

// Each math function against libm: polynomial approximations for f32 (and
// f16 through f32), libm calls for f64; one kernel with many results.
TEST_F(CpuCodegenOpsTest, MathFunctions) {
  auto kernels = build(R"mlir(
#id = affine_map<(d0) -> (d0)>
func.func @math(%x: tensor<257xf32>, %d: tensor<257xf64>, %h: tensor<257xf16>)
    -> (tensor<257xf32>, tensor<257xf32>, tensor<257xf32>, tensor<257xf32>,
        tensor<257xf32>, tensor<257xf32>, tensor<257xf64>, tensor<257xf16>) {
  %e = tensor.empty() : tensor<257xf32>
  %ed = tensor.empty() : tensor<257xf64>
  %eh = tensor.empty() : tensor<257xf16>
  %r:8 = linalg.generic {indexing_maps = [#id, #id, #id, #id, #id, #id, #id, #id, #id, #id, #id],
                         iterator_types = ["parallel"]}
      ins(%x, %d, %h : tensor<257xf32>, tensor<257xf64>, tensor<257xf16>)
      outs(%e, %e, %e, %e, %e, %e, %ed, %eh : tensor<257xf32>, tensor<257xf32>, tensor<257xf32>,
           tensor<257xf32>, tensor<257xf32>, tensor<257xf32>, tensor<257xf64>, tensor<257xf16>) {
  ^bb0(%v: f32, %w: f64, %u: f16, %o0: f32, %o1: f32, %o2: f32, %o3: f32, %o4: f32, %o5: f32, %o6: f64, %o7: f16):
    %tanh = math.tanh %v : f32
    %erf = math.erf %v : f32
    %a = math.absf %v : f32
    %log1p = math.log1p %a : f32
    %sin = math.sin %v : f32
    %sqrt = math.sqrt %a : f32
    %rem = arith.remf %v, %a : f32
    %exp64 = math.exp %w : f64
    %exp16 = math.exp %u : f16
    linalg.yield %tanh, %erf, %log1p, %sin, %sqrt, %rem, %exp64, %exp16 : f32, f32, f32, f32, f32, f32, f64, f16
  } -> (tensor<257xf32>, tensor<257xf32>, tensor<257xf32>, tensor<257xf32>,
        tensor<257xf32>, tensor<257xf32>, tensor<257xf64>, tensor<257xf16>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7
      : tensor<257xf32>, tensor<257xf32>, tensor<257xf32>, tensor<257xf32>,
        tensor<257xf32>, tensor<257xf32>, tensor<257xf64>, tensor<257xf16>
}
)mlir");
  ASSERT_TRUE(kernels);
  const int n = 257;
  std::vector<float> x = randomFloats(n, 33, -3.0f, 3.0f);
  std::vector<double> d(n);
  std::vector<_Float16> h(n);
  for (int i = 0; i < n; ++i) {
    d[i] = x[i] * 7.0;
    h[i] = _Float16(x[i]);
  }
  std::vector<std::vector<float>> outs(6, std::vector<float>(n, NAN));
  std::vector<double> exp64(n, NAN);
  std::vector<_Float16> exp16(n);
  kernels->run("math",
               {x.data(), d.data(), h.data(), outs[0].data(), outs[1].data(),
                outs[2].data(), outs[3].data(), outs[4].data(), outs[5].data(),
                exp64.data(), exp16.data()});
  for (int i = 0; i < n; ++i) {
    SCOPED_TRACE("x = " + std::to_string(x[i]));
    float a = std::fabs(x[i]);
    EXPECT_NEAR(outs[0][i], std::tanh(x[i]), 2e-6);
    EXPECT_NEAR(outs[1][i], std::erf(x[i]), 2e-6);
    EXPECT_NEAR(outs[2][i], std::log1p(a), 2e-6 * (1 + std::log1p(a)));
    EXPECT_NEAR(outs[3][i], std::sin(x[i]), 2e-6);
    EXPECT_FLOAT_EQ(outs[4][i], std::sqrt(a));
    EXPECT_FLOAT_EQ(outs[5][i], std::fmod(x[i], a));
    EXPECT_NEAR(exp64[i], std::exp(d[i]), 1e-14 * std::exp(d[i]));
    EXPECT_NEAR(float(exp16[i]), std::exp(float(h[i])),
                2e-3 * std::exp(float(h[i])));
  }
}

TEST_F(CpuCodegenOpsTest, ArgmaxWithTwoResults) {
  auto kernels = build(R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @argmax(%x: tensor<64x1000xf32>) -> (tensor<64xf32>, tensor<64xi64>) {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : i64
  %e1 = tensor.empty() : tensor<64xf32>
  %e2 = tensor.empty() : tensor<64xi64>
  %f1 = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %f2 = linalg.fill ins(%c0 : i64) outs(%e2 : tensor<64xi64>) -> tensor<64xi64>
  %r:2 = linalg.generic {indexing_maps = [#id, #col, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<64x1000xf32>) outs(%f1, %f2 : tensor<64xf32>, tensor<64xi64>) {
  ^bb0(%v: f32, %m: f32, %i: i64):
    %j = linalg.index 1 : index
    %jj = arith.index_cast %j : index to i64
    %gt = arith.cmpf ogt, %v, %m : f32
    %nm = arith.select %gt, %v, %m : f32
    %ni = arith.select %gt, %jj, %i : i64
    linalg.yield %nm, %ni : f32, i64
  } -> (tensor<64xf32>, tensor<64xi64>)
  return %r#0, %r#1 : tensor<64xf32>, tensor<64xi64>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> x = randomFloats(64 * 1000, 34);
  std::vector<float> max(64, NAN);
  std::vector<int64_t> index(64, -1);
  kernels->run("argmax", {x.data(), max.data(), index.data()});
  for (int i = 0; i < 64; ++i) {
    const float *row = &x[size_t(i) * 1000];
    int64_t best = std::max_element(row, row + 1000) - row;
    ASSERT_EQ(index[i], best) << "row " << i;
    ASSERT_EQ(max[i], row[best]) << "row " << i;
  }
}

TEST_F(CpuCodegenOpsTest, LayerNorm) {
  auto kernels = build(R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @layernorm(%x: tensor<128x768xf32>, %g: tensor<768xf32>, %b: tensor<768xf32>) -> tensor<128x768xf32> {
  %zero = arith.constant 0.0 : f32
  %n = arith.constant 768.0 : f32
  %eps = arith.constant 1.0e-5 : f32
  %e1 = tensor.empty() : tensor<128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<128xf32>) -> tensor<128xf32>
  %sum = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<128x768xf32>) outs(%f : tensor<128xf32>) {
  ^bb0(%v: f32, %a: f32):
    %r = arith.addf %v, %a : f32
    linalg.yield %r : f32
  } -> tensor<128xf32>
  %var = linalg.generic {indexing_maps = [#id, #col, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x, %sum : tensor<128x768xf32>, tensor<128xf32>) outs(%f : tensor<128xf32>) {
  ^bb0(%v: f32, %s: f32, %a: f32):
    %mean = arith.divf %s, %n : f32
    %d = arith.subf %v, %mean : f32
    %sq = arith.mulf %d, %d : f32
    %r = arith.addf %sq, %a : f32
    linalg.yield %r : f32
  } -> tensor<128xf32>
  %e2 = tensor.empty() : tensor<128x768xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #col, #row, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %sum, %var, %g, %b : tensor<128x768xf32>, tensor<128xf32>, tensor<128xf32>, tensor<768xf32>, tensor<768xf32>) outs(%e2 : tensor<128x768xf32>) {
  ^bb0(%v: f32, %s: f32, %q: f32, %gg: f32, %bb: f32, %o: f32):
    %mean = arith.divf %s, %n : f32
    %vv = arith.divf %q, %n : f32
    %ve = arith.addf %vv, %eps : f32
    %rs = math.rsqrt %ve : f32
    %d = arith.subf %v, %mean : f32
    %nn = arith.mulf %d, %rs : f32
    %sc = arith.mulf %nn, %gg : f32
    %r = arith.addf %sc, %bb : f32
    linalg.yield %r : f32
  } -> tensor<128x768xf32>
  return %y : tensor<128x768xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> x = randomFloats(128 * 768, 35), g = randomFloats(768, 36),
                     b = randomFloats(768, 37);
  std::vector<float> out(x.size(), NAN), expected(x.size());
  for (int i = 0; i < 128; ++i) {
    const float *row = &x[size_t(i) * 768];
    double mean = 0, var = 0;
    for (int j = 0; j < 768; ++j)
      mean += row[j];
    mean /= 768;
    for (int j = 0; j < 768; ++j)
      var += (row[j] - mean) * (row[j] - mean);
    var /= 768;
    for (int j = 0; j < 768; ++j)
      expected[size_t(i) * 768 + j] =
          float((row[j] - mean) / std::sqrt(var + 1e-5) * g[j] + b[j]);
  }
  kernels->run("layernorm", {x.data(), g.data(), b.data(), out.data()});
  expectNear(out, expected, 1e-4f, 1e-4f);
}

} // namespace
