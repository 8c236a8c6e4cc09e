// SPDX-License-Identifier: Apache-2.0
//===- CpuCodegenBenchmarkTest.cpp - throughput of generated CPU kernels --===//
//
// Prints the bandwidth of an elementwise kernel, the arithmetic rate of
// reductions, a transpose and a matmul, on 1 and 2 threads (fastest of
// repeated runs). Informational: the test checks results, never timings.
//
//===----------------------------------------------------------------------===//

#include "CpuKernelHarness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace kiln::test;
using mlir::kiln::cpu::CpuExecutable;
using mlir::kiln::cpu::CpuKernelInfo;

namespace {

const char *kKernels = R"mlir(
#id = affine_map<(d0) -> (d0)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @add_1m(%a: tensor<1048576xf32>, %b: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %e = tensor.empty() : tensor<1048576xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<1048576xf32>, tensor<1048576xf32>) outs(%e : tensor<1048576xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<1048576xf32>
  return %r : tensor<1048576xf32>
}
func.func @row_sum_1m(%x: tensor<1024x1024xf32>) -> tensor<1024xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1024xf32>) -> tensor<1024xf32>
  %r = linalg.generic {indexing_maps = [#id2, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<1024x1024xf32>) outs(%f : tensor<1024xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %v, %acc : f32
    linalg.yield %s : f32
  } -> tensor<1024xf32>
  return %r : tensor<1024xf32>
}
func.func @row_sum_64k(%x: tensor<64x1024xf32>) -> tensor<64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r = linalg.generic {indexing_maps = [#id2, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<64x1024xf32>) outs(%f : tensor<64xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %v, %acc : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  return %r : tensor<64xf32>
}
func.func @transpose_4m(%a: tensor<2048x2048xf32>) -> tensor<2048x2048xf32> {
  %e = tensor.empty() : tensor<2048x2048xf32>
  %t = linalg.transpose ins(%a : tensor<2048x2048xf32>) outs(%e : tensor<2048x2048xf32>) permutation = [1, 0]
  return %t : tensor<2048x2048xf32>
}
func.func @matmul_512(%a: tensor<512x512xf32>, %b: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<512x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<512x512xf32>) -> tensor<512x512xf32>
  %r = linalg.matmul ins(%a, %b : tensor<512x512xf32>, tensor<512x512xf32>) outs(%f : tensor<512x512xf32>) -> tensor<512x512xf32>
  return %r : tensor<512x512xf32>
}
)mlir";

/// Runs dispatches on a fixed set of threads (the caller is thread 0), as
/// the runtime's pool would, and times them.
class Dispatcher {
public:
  explicit Dispatcher(int threads) : threads(threads) {
    for (int t = 1; t < threads; ++t)
      workers.emplace_back([this, t] { work(t); });
  }
  ~Dispatcher() {
    stop = true;
    generation.fetch_add(1);
    for (std::thread &worker : workers)
      worker.join();
  }

  /// Seconds of the fastest of `repeats` dispatches (all workgroups): on a
  /// shared machine the median measures the neighbours as much as the
  /// kernel.
  double time(kiln_cpu_kernel_fn kernel, const CpuKernelInfo &kernelInfo,
              void *const *kernelBindings, int repeats) {
    fn = kernel;
    info = &kernelInfo;
    bindings = kernelBindings;
    std::vector<double> seconds;
    for (int r = 0; r < repeats; ++r) {
      auto start = std::chrono::steady_clock::now();
      done.store(0);
      generation.fetch_add(1);
      run(0);
      while (done.load() != threads - 1) {
      }
      seconds.push_back(std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count());
    }
    return *std::min_element(seconds.begin(), seconds.end());
  }

private:
  void run(int t) {
    int64_t total = info->workgroupCount[0] * info->workgroupCount[1] *
                    info->workgroupCount[2];
    runWorkgroups(fn, *info, bindings, nullptr, total * t / threads,
                  total * (t + 1) / threads);
  }
  void work(int t) {
    uint64_t seen = 0;
    while (true) {
      uint64_t now;
      while ((now = generation.load()) == seen) {
      }
      seen = now;
      if (stop)
        return;
      run(t);
      done.fetch_add(1);
    }
  }

  int threads;
  std::vector<std::thread> workers;
  std::atomic<uint64_t> generation{0};
  std::atomic<int> done{0};
  std::atomic<bool> stop{false};
  kiln_cpu_kernel_fn fn = nullptr;
  const CpuKernelInfo *info = nullptr;
  void *const *bindings = nullptr;
};

TEST(CpuCodegenBenchmark, ElementwiseBandwidthAndReductionRate) {
  KernelCompiler compiler;
  auto start = std::chrono::steady_clock::now();
  std::optional<CpuExecutable> executable = compiler.compile(kKernels);
  double compileSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(executable) << compiler.diagnostics;
  LoadedObject object;
  ASSERT_EQ(object.load(executable->object), "");

  const size_t n = 1 << 20;
  std::vector<float> a(n), b(n), out(n), sums(1024);
  for (size_t i = 0; i < n; ++i) {
    a[i] = float(i % 1000) * 0.5f;
    b[i] = float(i % 7);
  }
  std::vector<void *> addBindings = {a.data(), b.data(), out.data()};
  std::vector<void *> sumBindings = {a.data(), sums.data()};
  kiln_cpu_kernel_fn add = object.lookup("add_1m");
  kiln_cpu_kernel_fn sum = object.lookup("row_sum_1m");
  kiln_cpu_kernel_fn smallSum = object.lookup("row_sum_64k");
  ASSERT_TRUE(add && sum && smallSum);
  const CpuKernelInfo &addInfo = executable->kernels[0];
  const CpuKernelInfo &sumInfo = executable->kernels[1];
  const CpuKernelInfo &smallSumInfo = executable->kernels[2];

  std::printf("[ bench    ] compile %.0f ms, %s (%s), %zu-byte object\n",
              compileSeconds * 1e3, executable->triple.c_str(),
              executable->cpu.c_str(), executable->object.size());
  std::printf("[ bench    ] add_1m grid %lldx%lldx%lld, row_sum_1m grid "
              "%lldx%lldx%lld\n",
              (long long)addInfo.workgroupCount[0],
              (long long)addInfo.workgroupCount[1],
              (long long)addInfo.workgroupCount[2],
              (long long)sumInfo.workgroupCount[0],
              (long long)sumInfo.workgroupCount[1],
              (long long)sumInfo.workgroupCount[2]);
  kiln_cpu_kernel_fn transpose = object.lookup("transpose_4m");
  kiln_cpu_kernel_fn matmul = object.lookup("matmul_512");
  ASSERT_TRUE(transpose && matmul);
  std::vector<float> big(4 << 20), bigOut(4 << 20);
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = float(i % 4093);
  std::vector<void *> transposeBindings = {big.data(), bigOut.data()};
  std::vector<float> product(512 * 512);
  // a and b hold the two 512x512 operands.
  std::vector<void *> matmulBindings = {a.data(), b.data(), product.data()};

  for (int threads : {1, 2}) {
    Dispatcher dispatcher(threads);
    double addSeconds = dispatcher.time(add, addInfo, addBindings.data(), 100);
    double sumSeconds = dispatcher.time(sum, sumInfo, sumBindings.data(), 100);
    double smallSumSeconds =
        dispatcher.time(smallSum, smallSumInfo, sumBindings.data(), 1000);
    double transposeSeconds = dispatcher.time(transpose, executable->kernels[3],
                                              transposeBindings.data(), 20);
    double matmulSeconds = dispatcher.time(matmul, executable->kernels[4],
                                           matmulBindings.data(), 10);
    std::printf("[ bench    ] %d thread(s): elementwise add 1M f32 %.1f us = "
                "%.1f GB/s; row sum 1024x1024 f32 %.1f us = %.2f GFLOP/s; "
                "row sum 64x1024 f32 (in cache) %.2f us = %.2f GFLOP/s\n",
                threads, addSeconds * 1e6, 3.0 * 4 * n / addSeconds / 1e9,
                sumSeconds * 1e6, double(n) / sumSeconds / 1e9,
                smallSumSeconds * 1e6, 65536.0 / smallSumSeconds / 1e9);
    std::printf("[ bench    ] %d thread(s): transpose 2048x2048 f32 %.1f us = "
                "%.1f GB/s; matmul 512^3 f32 %.1f us = %.1f GFLOP/s\n",
                threads, transposeSeconds * 1e6,
                2.0 * 4 * big.size() / transposeSeconds / 1e9,
                matmulSeconds * 1e6,
                2.0 * 512 * 512 * 512 / matmulSeconds / 1e9);
  }
  for (size_t i = 0; i < 2048; i += 131)
    for (size_t j = 0; j < 2048; j += 257)
      ASSERT_EQ(bigOut[j * 2048 + i], big[i * 2048 + j]);

  for (size_t i = 0; i < n; i += 4099)
    ASSERT_EQ(out[i], a[i] + b[i]);
  for (size_t row = 0; row < 1024; row += 97) {
    double expected = 0;
    for (size_t j = 0; j < 1024; ++j)
      expected += a[row * 1024 + j];
    ASSERT_NEAR(sums[row], expected, 1e-3 * std::abs(expected));
  }
}

} // namespace
