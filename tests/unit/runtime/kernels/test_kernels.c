/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU kernels for the runtime tests, compiled into a shared object the tests
 * embed in artifacts (the runtime loads it through memfd + dlopen). They
 * follow runtime/hal/kernel_abi.h, as kilnc's generated kernels do.
 */
#include <stdint.h>

#include "hal/kernel_abi.h"

#define TILE 4

/*
 * out = a + 2 * b over an H x W f32 matrix (H = dims[0], W = dims[1]).
 * Workgroup (x, y) covers rows [y * TILE, +TILE) and columns
 * [x * TILE, +TILE), clipped at the edges.
 */
void kiln_test_add_tiles(void* const* bindings, const int64_t* dims,
                         int64_t wg_x, int64_t wg_y, int64_t wg_z) {
  const float* a = (const float*)bindings[0];
  const float* b = (const float*)bindings[1];
  float* out = (float*)bindings[2];
  int64_t rows = dims[0], cols = dims[1];
  (void)wg_z;
  for (int64_t r = wg_y * TILE; r < rows && r < (wg_y + 1) * TILE; ++r) {
    for (int64_t c = wg_x * TILE; c < cols && c < (wg_x + 1) * TILE; ++c) {
      out[r * cols + c] = a[r * cols + c] + 2.0f * b[r * cols + c];
    }
  }
}

/*
 * Records which workgroup ran: ids[(z * count_y + y) * count_x + x] =
 * x + 100 * y + 10000 * z + 1 (i32), with count_x = dims[0] and
 * count_y = dims[1].
 */
void kiln_test_grid_ids(void* const* bindings, const int64_t* dims,
                        int64_t wg_x, int64_t wg_y, int64_t wg_z) {
  int32_t* ids = (int32_t*)bindings[0];
  int64_t index = (wg_z * dims[1] + wg_y) * dims[0] + wg_x;
  ids[index] = (int32_t)(wg_x + 100 * wg_y + 10000 * wg_z + 1);
}

/* out[i] = in[i] * 2 for i in [16 * wg_x, +16) below n = dims[0]. */
void kiln_test_double(void* const* bindings, const int64_t* dims, int64_t wg_x,
                      int64_t wg_y, int64_t wg_z) {
  const float* in = (const float*)bindings[0];
  float* out = (float*)bindings[1];
  (void)wg_y;
  (void)wg_z;
  for (int64_t i = wg_x * 16; i < dims[0] && i < (wg_x + 1) * 16; ++i) {
    out[i] = in[i] * 2.0f;
  }
}

/* out[i] = max(in[i], 0) for the 16 floats of workgroup wg_x (no dims). */
void kiln_test_relu16(void* const* bindings, const int64_t* dims, int64_t wg_x,
                      int64_t wg_y, int64_t wg_z) {
  const float* in = (const float*)bindings[0];
  float* out = (float*)bindings[1];
  (void)dims;
  (void)wg_y;
  (void)wg_z;
  for (int64_t i = wg_x * 16; i < (wg_x + 1) * 16; ++i) {
    out[i] = in[i] > 0.0f ? in[i] : 0.0f;
  }
}

/*
 * Signals that it started (started[0] = 1) and waits until flag[0] is
 * non-zero: lets a test hold a session inside a run. Bindings: flag (i32,
 * caller memory), started (i32, caller memory).
 */
void kiln_test_wait(void* const* bindings, const int64_t* dims, int64_t wg_x,
                    int64_t wg_y, int64_t wg_z) {
  const volatile int32_t* flag = (const volatile int32_t*)bindings[0];
  volatile int32_t* started = (volatile int32_t*)bindings[1];
  (void)dims;
  (void)wg_x;
  (void)wg_y;
  (void)wg_z;
  __atomic_store_n((int32_t*)started, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n((const int32_t*)flag, __ATOMIC_SEQ_CST) == 0) {
  }
}
