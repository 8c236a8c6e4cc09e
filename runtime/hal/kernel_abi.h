/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The calling convention of CPU kernels: the contract between kilnc's CPU
 * code generator and the runtime's CPU driver.
 *
 * An executable is an ELF shared object exporting one symbol per kernel
 * (Executable.kernels[i].name in the artifact). A dispatch calls the kernel
 * once per workgroup of its grid, possibly concurrently from many threads;
 * workgroups of one dispatch never write the same bytes.
 */
#ifndef KILN_HAL_KERNEL_ABI_H_
#define KILN_HAL_KERNEL_ABI_H_

#include <stdint.h>

/*
 * bindings:  one pointer per binding of the dispatch, in order: the kernel's
 *            inputs, then its outputs. Each points at the first byte of a
 *            dense row-major tensor, at least 16-byte aligned.
 * dims:      the function's dims table (values of the dynamic dims and of
 *            expressions over them, see runtime/schema/kiln.fbs); may be
 *            NULL when the function has none.
 * wg_x/y/z:  this workgroup's id in the grid, 0 <= wg_x < count_x, ...
 */
typedef void (*kiln_cpu_kernel_fn)(void* const* bindings, const int64_t* dims,
                                   int64_t wg_x, int64_t wg_y, int64_t wg_z);

#endif /* KILN_HAL_KERNEL_ABI_H_ */
