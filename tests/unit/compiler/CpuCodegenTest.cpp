// SPDX-License-Identifier: Apache-2.0
//===- CpuCodegenTest.cpp - CPU kernels compiled, loaded and run ----------===//
//
// Each test compiles kernels written in MLIR with compileCpuExecutable,
// loads the shared object, runs every workgroup of the grid and compares
// the outputs with values computed here in C++.
//
//===----------------------------------------------------------------------===//

#include "CpuKernelHarness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <thread>

using namespace kiln::test;
using mlir::kiln::cpu::CpuExecutable;
using mlir::kiln::cpu::CpuKernelInfo;

namespace {

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

const char *kAddBroadcast = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @add_broadcast(%a: tensor<64x384xf32>, %b: tensor<384xf32>) -> tensor<64x384xf32> {
  %e = tensor.empty() : tensor<64x384xf32>
  %r = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<64x384xf32>, tensor<384xf32>) outs(%e : tensor<64x384xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<64x384xf32>
  return %r : tensor<64x384xf32>
}
)mlir";

TEST_F(CpuCodegenTest, ElementwiseAddWithBroadcast) {
  auto kernels = build(kAddBroadcast);
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(64 * 384, 1), b = randomFloats(384, 2);
  std::vector<float> out(64 * 384, NAN), expected(64 * 384);
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 384; ++j)
      expected[i * 384 + j] = a[i * 384 + j] + b[j];
  kernels->run("add_broadcast", {a.data(), b.data(), out.data()});
  EXPECT_EQ(out, expected);
}

// x * sigmoid(x) as two linalg ops: the sigmoid fuses into the product.
const char *kSilu = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @silu(%x: tensor<1000x333xf32>) -> tensor<1000x333xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<1000x333xf32>
  %sig = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<1000x333xf32>) outs(%e : tensor<1000x333xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    %x1 = math.exp %n : f32
    %d = arith.addf %x1, %one : f32
    %s = arith.divf %one, %d : f32
    linalg.yield %s : f32
  } -> tensor<1000x333xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %sig : tensor<1000x333xf32>, tensor<1000x333xf32>) outs(%e : tensor<1000x333xf32>) {
  ^bb0(%v: f32, %s: f32, %o: f32):
    %m = arith.mulf %v, %s : f32
    linalg.yield %m : f32
  } -> tensor<1000x333xf32>
  return %r : tensor<1000x333xf32>
}
)mlir";

TEST_F(CpuCodegenTest, FusedSiluChain) {
  auto kernels = build(kSilu);
  ASSERT_TRUE(kernels);
  EXPECT_GT(kernels->info("silu").workgroupCount[0] *
                kernels->info("silu").workgroupCount[1],
            1);
  const size_t n = 1000 * 333;
  std::vector<float> x = randomFloats(n, 3, -10.0f, 10.0f);
  std::vector<float> out(n, NAN), expected(n);
  for (size_t i = 0; i < n; ++i)
    expected[i] = x[i] / (1.0f + std::exp(-x[i]));
  kernels->run("silu", {x.data(), out.data()});
  expectNear(out, expected, 2e-6f);
}

const char *kRowSum = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @row_sum(%x: tensor<300x1000xf32>) -> tensor<300xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<300xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<300xf32>) -> tensor<300xf32>
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<300x1000xf32>) outs(%f : tensor<300xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %v, %acc : f32
    linalg.yield %s : f32
  } -> tensor<300xf32>
  return %r : tensor<300xf32>
}
)mlir";

TEST_F(CpuCodegenTest, RowReduction) {
  auto kernels = build(kRowSum);
  ASSERT_TRUE(kernels);
  std::vector<float> x = randomFloats(300 * 1000, 4);
  std::vector<float> out(300, NAN), expected(300);
  for (int i = 0; i < 300; ++i) {
    double sum = 0;
    for (int j = 0; j < 1000; ++j)
      sum += x[i * 1000 + j];
    expected[i] = float(sum);
  }
  kernels->run("row_sum", {x.data(), out.data()});
  expectNear(out, expected, 1e-4f, 1e-3f);
}

const char *kSoftmax = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @softmax(%x: tensor<128x1000xf32>) -> tensor<128x1000xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<128xf32>
  %f1 = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<128xf32>) -> tensor<128xf32>
  %max = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<128x1000xf32>) outs(%f1 : tensor<128xf32>) {
  ^bb0(%v: f32, %m: f32):
    %r = arith.maximumf %v, %m : f32
    linalg.yield %r : f32
  } -> tensor<128xf32>
  %e2 = tensor.empty() : tensor<128x1000xf32>
  %exp = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<128x1000xf32>, tensor<128xf32>) outs(%e2 : tensor<128x1000xf32>) {
  ^bb0(%v: f32, %m: f32, %o: f32):
    %s = arith.subf %v, %m : f32
    %r = math.exp %s : f32
    linalg.yield %r : f32
  } -> tensor<128x1000xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<128xf32>) -> tensor<128xf32>
  %sum = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<128x1000xf32>) outs(%f2 : tensor<128xf32>) {
  ^bb0(%v: f32, %a: f32):
    %r = arith.addf %v, %a : f32
    linalg.yield %r : f32
  } -> tensor<128xf32>
  %res = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<128x1000xf32>, tensor<128xf32>) outs(%e2 : tensor<128x1000xf32>) {
  ^bb0(%v: f32, %s: f32, %o: f32):
    %r = arith.divf %v, %s : f32
    linalg.yield %r : f32
  } -> tensor<128x1000xf32>
  return %res : tensor<128x1000xf32>
}
)mlir";

std::vector<float> softmaxReference(const std::vector<float> &x, int rows,
                                    int cols) {
  std::vector<float> y(x.size());
  for (int i = 0; i < rows; ++i) {
    const float *row = &x[size_t(i) * cols];
    float max = -INFINITY;
    for (int j = 0; j < cols; ++j)
      max = std::max(max, row[j]);
    double sum = 0;
    for (int j = 0; j < cols; ++j)
      sum += std::exp(double(row[j]) - max);
    for (int j = 0; j < cols; ++j)
      y[size_t(i) * cols + j] = float(std::exp(double(row[j]) - max) / sum);
  }
  return y;
}

TEST_F(CpuCodegenTest, SoftmaxOverLastDim) {
  auto kernels = build(kSoftmax);
  ASSERT_TRUE(kernels);
  std::vector<float> x = randomFloats(128 * 1000, 5, -8.0f, 8.0f);
  std::vector<float> out(x.size(), NAN);
  kernels->run("softmax", {x.data(), out.data()});
  expectNear(out, softmaxReference(x, 128, 1000), 1e-5f, 1e-9f);
}

TEST_F(CpuCodegenTest, WorkgroupsRunConcurrentlyFromTwoThreads) {
  auto kernels = build(kSoftmax);
  ASSERT_TRUE(kernels);
  const CpuKernelInfo &info = kernels->info("softmax");
  int64_t total =
      info.workgroupCount[0] * info.workgroupCount[1] * info.workgroupCount[2];
  ASSERT_GE(total, 2) << "softmax should be split over several workgroups";
  std::vector<float> x = randomFloats(128 * 1000, 6, -8.0f, 8.0f);
  std::vector<float> out(x.size(), NAN);
  std::vector<void *> bindings = {x.data(), out.data()};
  kiln_cpu_kernel_fn fn = kernels->object.lookup("softmax");
  ASSERT_NE(fn, nullptr);
  // Interleaved halves, so neighbouring tiles run at the same time.
  auto worker = [&](int64_t parity) {
    for (int64_t id = parity; id < total; id += 2)
      runWorkgroups(fn, info, bindings.data(), nullptr, id, id + 1);
  };
  std::thread first(worker, 0), second(worker, 1);
  first.join();
  second.join();
  expectNear(out, softmaxReference(x, 128, 1000), 1e-5f, 1e-9f);
}

const char *kTranspose = R"mlir(
func.func @transpose(%a: tensor<256x384xf32>) -> tensor<384x256xf32> {
  %e = tensor.empty() : tensor<384x256xf32>
  %t = linalg.transpose ins(%a : tensor<256x384xf32>) outs(%e : tensor<384x256xf32>) permutation = [1, 0]
  return %t : tensor<384x256xf32>
}
)mlir";

TEST_F(CpuCodegenTest, Transpose) {
  auto kernels = build(kTranspose);
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(256 * 384, 7);
  std::vector<float> out(a.size(), NAN), expected(a.size());
  for (int i = 0; i < 256; ++i)
    for (int j = 0; j < 384; ++j)
      expected[j * 256 + i] = a[i * 384 + j];
  kernels->run("transpose", {a.data(), out.data()});
  EXPECT_EQ(out, expected);
}

const char *kInternalConstant = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @scale(%x: tensor<100x8xf32>) -> tensor<100x8xf32> {
  %c = arith.constant dense<[1.0, -2.0, 3.5, 0.25, 10.0, -0.5, 7.0, 1.5]> : tensor<8xf32>
  %e = tensor.empty() : tensor<100x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %c : tensor<100x8xf32>, tensor<8xf32>) outs(%e : tensor<100x8xf32>) {
  ^bb0(%v: f32, %s: f32, %o: f32):
    %m = arith.mulf %v, %s : f32
    linalg.yield %m : f32
  } -> tensor<100x8xf32>
  return %r : tensor<100x8xf32>
}
)mlir";

TEST_F(CpuCodegenTest, SmallInternalConstant) {
  auto kernels = build(kInternalConstant);
  ASSERT_TRUE(kernels);
  const float c[8] = {1.0f, -2.0f, 3.5f, 0.25f, 10.0f, -0.5f, 7.0f, 1.5f};
  std::vector<float> x = randomFloats(800, 8);
  std::vector<float> out(800, NAN), expected(800);
  for (int i = 0; i < 800; ++i)
    expected[i] = x[i] * c[i % 8];
  kernels->run("scale", {x.data(), out.data()});
  EXPECT_EQ(out, expected);
}

const char *kDynamicMulAdd = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @dyn_mul_add(%a: tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>},
                       %b: tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>})
    -> (tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %a, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %a, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %m, %x : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
)mlir";

TEST_F(CpuCodegenTest, DynamicDimsElementwise) {
  auto kernels = build(kDynamicMulAdd);
  ASSERT_TRUE(kernels);
  // One compiled grid for every size: workgroups take ceil-div shares.
  for (auto [rows, cols] : {std::pair<int64_t, int64_t>{37, 1001},
                            {1, 5},
                            {300, 16},
                            {2, 100000}}) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    size_t n = size_t(rows * cols);
    std::vector<float> a = randomFloats(n, 9), b = randomFloats(n, 10);
    // A guard element after the output catches writes past the end.
    std::vector<float> out(n + 1, NAN), expected(n + 1, NAN);
    for (size_t i = 0; i < n; ++i)
      expected[i] = std::fma(a[i], b[i], a[i]);
    int64_t dims[2] = {rows, cols};
    kernels->run("dyn_mul_add", {a.data(), b.data(), out.data()}, dims);
    for (size_t i = 0; i < n; ++i)
      ASSERT_NEAR(out[i], expected[i], 1e-5f * (1 + std::fabs(expected[i])))
          << "at " << i;
    EXPECT_TRUE(std::isnan(out[n])) << "wrote past the output";
  }
}

const char *kDynamicRowMax = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @dyn_row_max(%x: tensor<?x?xf32> {kexec.dims = array<i64: 1, 0>})
    -> (tensor<?xf32> {kexec.dims = array<i64: 1>}) {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFF800000 : f32
  %d0 = tensor.dim %x, %c0 : tensor<?x?xf32>
  %e = tensor.empty(%d0) : tensor<?xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%f : tensor<?xf32>) {
  ^bb0(%v: f32, %m: f32):
    %s = arith.maximumf %v, %m : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}
)mlir";

TEST_F(CpuCodegenTest, DynamicDimsReduction) {
  auto kernels = build(kDynamicRowMax);
  ASSERT_TRUE(kernels);
  for (auto [rows, cols] :
       {std::pair<int64_t, int64_t>{33, 1000}, {1, 7}, {500, 16}, {3, 17}}) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    std::vector<float> x = randomFloats(size_t(rows * cols), 11);
    std::vector<float> out(size_t(rows) + 1, NAN),
        expected(size_t(rows) + 1, NAN);
    for (int64_t i = 0; i < rows; ++i) {
      float max = -INFINITY;
      for (int64_t j = 0; j < cols; ++j)
        max = std::max(max, x[size_t(i * cols + j)]);
      expected[size_t(i)] = max;
    }
    // The dims table holds cols first, then rows (as kexec.dims says).
    int64_t dims[2] = {cols, rows};
    kernels->run("dyn_row_max", {x.data(), out.data()}, dims);
    for (int64_t i = 0; i < rows; ++i)
      ASSERT_EQ(out[size_t(i)], expected[size_t(i)]) << "row " << i;
    EXPECT_TRUE(std::isnan(out[size_t(rows)])) << "wrote past the output";
  }
}

const char *kReduceAll = R"mlir(
#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
func.func @reduce_all(%x: tensor<4099xf32>) -> tensor<f32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [#id, #scalar], iterator_types = ["reduction"]}
      ins(%x : tensor<4099xf32>) outs(%f : tensor<f32>) {
  ^bb0(%v: f32, %a: f32):
    %s = arith.addf %v, %a : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}
)mlir";

TEST_F(CpuCodegenTest, FullReductionToScalar) {
  auto kernels = build(kReduceAll);
  ASSERT_TRUE(kernels);
  std::vector<float> x = randomFloats(4099, 12);
  double sum = 0;
  for (float v : x)
    sum += v;
  float out = NAN;
  kernels->run("reduce_all", {x.data(), &out});
  EXPECT_NEAR(out, sum, 1e-3);
}

const char *kMatmul = R"mlir(
func.func @matmul(%a: tensor<64x96xf32>, %b: tensor<96x80xf32>) -> tensor<64x80xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x80xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x80xf32>) -> tensor<64x80xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x96xf32>, tensor<96x80xf32>) outs(%f : tensor<64x80xf32>) -> tensor<64x80xf32>
  return %r : tensor<64x80xf32>
}
)mlir";

TEST_F(CpuCodegenTest, Matmul) {
  auto kernels = build(kMatmul);
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(64 * 96, 13),
                     b = randomFloats(96 * 80, 14);
  std::vector<float> out(64 * 80, NAN), expected(64 * 80);
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 80; ++j) {
      double sum = 0;
      for (int k = 0; k < 96; ++k)
        sum += double(a[i * 96 + k]) * b[k * 80 + j];
      expected[i * 80 + j] = float(sum);
    }
  kernels->run("matmul", {a.data(), b.data(), out.data()});
  expectNear(out, expected, 1e-5f, 1e-4f);
}

const char *kTypes = R"mlir(
#id = affine_map<(d0) -> (d0)>
func.func @add_f16(%a: tensor<1000xf16>, %b: tensor<1000xf16>) -> tensor<1000xf16> {
  %e = tensor.empty() : tensor<1000xf16>
  %r = linalg.add ins(%a, %b : tensor<1000xf16>, tensor<1000xf16>) outs(%e : tensor<1000xf16>) -> tensor<1000xf16>
  return %r : tensor<1000xf16>
}
func.func @mul_add_i32(%a: tensor<1000xi32>, %b: tensor<1000xi32>) -> tensor<1000xi32> {
  %c3 = arith.constant 3 : i32
  %e = tensor.empty() : tensor<1000xi32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<1000xi32>, tensor<1000xi32>) outs(%e : tensor<1000xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %m = arith.muli %x, %y : i32
    %s = arith.addi %m, %c3 : i32
    linalg.yield %s : i32
  } -> tensor<1000xi32>
  return %r : tensor<1000xi32>
}
func.func @atan_f64(%a: tensor<333xf64>) -> tensor<333xf64> {
  %e = tensor.empty() : tensor<333xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<333xf64>) outs(%e : tensor<333xf64>) {
  ^bb0(%x: f64, %o: f64):
    %t = math.atan %x : f64
    linalg.yield %t : f64
  } -> tensor<333xf64>
  return %r : tensor<333xf64>
}
func.func @greater_i1(%a: tensor<100xf32>, %b: tensor<100xf32>) -> tensor<100xi1> {
  %e = tensor.empty() : tensor<100xi1>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<100xf32>, tensor<100xf32>) outs(%e : tensor<100xi1>) {
  ^bb0(%x: f32, %y: f32, %o: i1):
    %c = arith.cmpf ogt, %x, %y : f32
    linalg.yield %c : i1
  } -> tensor<100xi1>
  return %r : tensor<100xi1>
}
func.func @add_bf16(%a: tensor<64xbf16>, %b: tensor<64xbf16>) -> tensor<64xbf16> {
  %e = tensor.empty() : tensor<64xbf16>
  %r = linalg.add ins(%a, %b : tensor<64xbf16>, tensor<64xbf16>) outs(%e : tensor<64xbf16>) -> tensor<64xbf16>
  return %r : tensor<64xbf16>
}
func.func @widen_bf16(%a: tensor<64xbf16>) -> tensor<64xf32> {
  %e = tensor.empty() : tensor<64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<64xbf16>) outs(%e : tensor<64xf32>) {
  ^bb0(%x: bf16, %o: f32):
    %w = arith.extf %x : bf16 to f32
    linalg.yield %w : f32
  } -> tensor<64xf32>
  return %r : tensor<64xf32>
}
)mlir";

TEST_F(CpuCodegenTest, ElementTypesInOneObject) {
  auto kernels = build(kTypes);
  ASSERT_TRUE(kernels);
  ASSERT_EQ(kernels->executable.kernels.size(), 6u);
  EXPECT_EQ(kernels->executable.kernels[0].symbol, "add_f16");
  // Only the kernels are exported.
  EXPECT_EQ(kernels->object.lookup("add_f16__impl"), nullptr);

  std::vector<float> fa = randomFloats(1000, 15), fb = randomFloats(1000, 16);
  std::vector<_Float16> ha(1000), hb(1000), hout(1000);
  for (int i = 0; i < 1000; ++i) {
    ha[i] = _Float16(fa[i]);
    hb[i] = _Float16(fb[i]);
  }
  kernels->run("add_f16", {ha.data(), hb.data(), hout.data()});
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(float(hout[i]), float(_Float16(float(ha[i]) + float(hb[i]))))
        << "at " << i;

  std::vector<int32_t> ia(1000), ib(1000), iout(1000);
  for (int i = 0; i < 1000; ++i) {
    ia[i] = i * 7919 - 3000000;
    ib[i] = 1000 - i * 13;
  }
  kernels->run("mul_add_i32", {ia.data(), ib.data(), iout.data()});
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(iout[i], int32_t(uint32_t(ia[i]) * uint32_t(ib[i]) + 3u));

  std::vector<double> da(333), dout(333);
  for (int i = 0; i < 333; ++i)
    da[i] = (i - 166) * 0.37;
  kernels->run("atan_f64", {da.data(), dout.data()});
  for (int i = 0; i < 333; ++i)
    ASSERT_NEAR(dout[i], std::atan(da[i]), 1e-14) << "at " << i;

  std::vector<float> ca = randomFloats(100, 17), cb = randomFloats(100, 18);
  std::vector<uint8_t> cout(100, 0xAA);
  kernels->run("greater_i1", {ca.data(), cb.data(), cout.data()});
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(cout[i], ca[i] > cb[i] ? 1 : 0) << "at " << i;

  std::vector<uint16_t> bf(64);
  std::vector<float> wout(64, NAN), wexpected(64);
  for (int i = 0; i < 64; ++i) {
    float value = (i - 32) * 0.75f;
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    bf[i] = uint16_t(bits >> 16); // exact: these values fit in bf16
    wexpected[i] = value;
  }
  kernels->run("widen_bf16", {bf.data(), wout.data()});
  EXPECT_EQ(wout, wexpected);

  // bf16 arithmetic rounds to nearest even, without compiler-rt.
  auto toBf16 = [](float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    return uint16_t((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
  };
  auto fromBf16 = [](uint16_t half) {
    uint32_t bits = uint32_t(half) << 16;
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
  };
  std::vector<float> ba = randomFloats(64, 20), bb = randomFloats(64, 21);
  std::vector<uint16_t> ha16(64), hb16(64), hsum(64);
  for (int i = 0; i < 64; ++i) {
    ha16[i] = toBf16(ba[i]);
    hb16[i] = toBf16(bb[i]);
  }
  kernels->run("add_bf16", {ha16.data(), hb16.data(), hsum.data()});
  for (int i = 0; i < 64; ++i)
    ASSERT_EQ(hsum[i], toBf16(fromBf16(ha16[i]) + fromBf16(hb16[i])))
        << "at " << i;
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(CpuCodegenTest, ScalarArgumentIsReportedWithTheKernel) {
  const char *source = R"mlir(
func.func @takes_scalar(%a: tensor<4xf32>, %s: f32) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
)mlir";
  EXPECT_FALSE(compiler.compile(source));
  EXPECT_NE(compiler.diagnostics.find("kernel 'takes_scalar'"),
            std::string::npos)
      << compiler.diagnostics;
  EXPECT_NE(compiler.diagnostics.find("argument 1"), std::string::npos)
      << compiler.diagnostics;
}

TEST_F(CpuCodegenTest, DynamicDimsWithoutTableIndexAreReported) {
  const char *source = R"mlir(
func.func @no_dims(%a: tensor<?xf32>) -> tensor<?xf32> {
  return %a : tensor<?xf32>
}
)mlir";
  EXPECT_FALSE(compiler.compile(source));
  EXPECT_NE(compiler.diagnostics.find("kernel 'no_dims'"), std::string::npos)
      << compiler.diagnostics;
  EXPECT_NE(compiler.diagnostics.find("kexec.dims"), std::string::npos)
      << compiler.diagnostics;
  // One line per failure.
  EXPECT_EQ(std::count(compiler.diagnostics.begin(), compiler.diagnostics.end(),
                       '\n'),
            1)
      << compiler.diagnostics;
}

TEST_F(CpuCodegenTest, UnsupportedOpIsReportedWithKernelAndOp) {
  compiler.context.allowUnregisteredDialects(true);
  const char *source = R"mlir(
func.func @unknown(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = "foo.bar"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
)mlir";
  EXPECT_FALSE(compiler.compile(source));
  EXPECT_NE(compiler.diagnostics.find("kernel 'unknown': "), std::string::npos)
      << compiler.diagnostics;
  EXPECT_NE(compiler.diagnostics.find("foo.bar"), std::string::npos)
      << compiler.diagnostics;
  EXPECT_EQ(std::count(compiler.diagnostics.begin(), compiler.diagnostics.end(),
                       '\n'),
            1)
      << compiler.diagnostics;
}

TEST_F(CpuCodegenTest, ReturnedInputIsCopiedIntoTheOutput) {
  auto kernels = build(R"mlir(
func.func @identity(%a: tensor<37xf32>) -> tensor<37xf32> {
  return %a : tensor<37xf32>
}
)mlir");
  ASSERT_TRUE(kernels);
  std::vector<float> a = randomFloats(37, 19), out(37, NAN);
  kernels->run("identity", {a.data(), out.data()});
  EXPECT_EQ(out, a);
}

TEST_F(CpuCodegenTest, UnknownTripleIsReported) {
  mlir::kiln::cpu::CpuTargetOptions options;
  options.triple = "nonsense-unknown-nothing";
  EXPECT_FALSE(compiler.compile(kAddBroadcast, options));
  EXPECT_NE(compiler.diagnostics.find("target"), std::string::npos)
      << compiler.diagnostics;
}

TEST_F(CpuCodegenTest, CrossCompilesForAArch64) {
  mlir::kiln::cpu::CpuTargetOptions options;
  options.triple = "aarch64-unknown-linux-gnu";
  std::optional<CpuExecutable> executable = compiler.compile(kSoftmax, options);
  ASSERT_TRUE(executable) << compiler.diagnostics;
  EXPECT_EQ(executable->cpu, "generic");
  ASSERT_GT(executable->object.size(), 20u);
  // ELF, 64-bit, machine EM_AARCH64 (183).
  EXPECT_EQ(std::string(executable->object.data() + 1, 3), "ELF");
  uint16_t machine;
  std::memcpy(&machine, executable->object.data() + 18, 2);
  EXPECT_EQ(machine, 183);
}

} // namespace
