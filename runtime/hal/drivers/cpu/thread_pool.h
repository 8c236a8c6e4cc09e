// SPDX-License-Identifier: Apache-2.0
//
// The CPU driver's thread pool is OpenMP's.
//
// Debian's oneDNN 2.6 is built with GNU OpenMP (libgomp): its primitives run
// on the OpenMP team of the calling thread. Running kernel workgroups on the
// same OpenMP team (rather than a second, Kiln-owned pool) means one set of
// worker threads for the whole model, no oversubscription between kernels
// and library calls, and one knob for the thread count: omp_set_num_threads,
// which sets the calling thread's nthreads ICV. A session applies its thread
// count around each run and restores the caller's afterwards, so sessions on
// different threads each get their own OpenMP team of the size they asked.
#ifndef KILN_RUNTIME_HAL_DRIVERS_CPU_THREAD_POOL_H_
#define KILN_RUNTIME_HAL_DRIVERS_CPU_THREAD_POOL_H_

#include <cstdint>

#include "hal/kernel_abi.h"

namespace kiln::hal::cpu {

/// The calling thread's OpenMP team size (OMP_NUM_THREADS, else the cores).
int DefaultThreadCount();

/// Sets the calling thread's team size to `threads` while alive.
class ThreadCountScope {
 public:
  explicit ThreadCountScope(int threads);
  ~ThreadCountScope();
  ThreadCountScope(const ThreadCountScope&) = delete;
  ThreadCountScope& operator=(const ThreadCountScope&) = delete;

 private:
  int saved_;
};

/// Calls `kernel` once per workgroup of the grid, spread over the calling
/// thread's OpenMP team (`#pragma omp parallel for` over the flattened grid);
/// a grid of one workgroup is called directly.
void RunGrid(kiln_cpu_kernel_fn kernel, void* const* bindings,
             const int64_t* dims, const uint64_t grid[3]);

}  // namespace kiln::hal::cpu

#endif  // KILN_RUNTIME_HAL_DRIVERS_CPU_THREAD_POOL_H_
