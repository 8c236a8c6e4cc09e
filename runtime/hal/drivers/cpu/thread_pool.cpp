// SPDX-License-Identifier: Apache-2.0
#include "hal/drivers/cpu/thread_pool.h"

#include <omp.h>

namespace kiln::hal::cpu {

int DefaultThreadCount() { return omp_get_max_threads(); }

ThreadCountScope::ThreadCountScope(int threads)
    : saved_(omp_get_max_threads()) {
  if (threads != saved_) omp_set_num_threads(threads);
}

ThreadCountScope::~ThreadCountScope() {
  if (omp_get_max_threads() != saved_) omp_set_num_threads(saved_);
}

void RunGrid(kiln_cpu_kernel_fn kernel, void* const* bindings,
             const int64_t* dims, const uint64_t grid[3]) {
  const int64_t count_x = static_cast<int64_t>(grid[0]);
  const int64_t count_y = static_cast<int64_t>(grid[1]);
  const int64_t total = count_x * count_y * static_cast<int64_t>(grid[2]);
  if (total == 0) return;
  if (total == 1) {
    kernel(bindings, dims, 0, 0, 0);
    return;
  }
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < total; ++i) {
    const int64_t x = i % count_x;
    const int64_t rest = i / count_x;
    kernel(bindings, dims, x, rest % count_y, rest / count_y);
  }
}

}  // namespace kiln::hal::cpu
