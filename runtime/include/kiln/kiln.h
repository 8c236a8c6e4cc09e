/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kiln runtime C API.
 *
 * Every fallible call returns a kiln_status_t: NULL on success, otherwise an
 * error object that the caller owns and releases with kiln_status_release.
 */
#ifndef KILN_KILN_H_
#define KILN_KILN_H_

#include <stddef.h>
#include <stdint.h>

#include "kiln/version.h"

/* Marks the runtime's exported symbols; everything else is hidden. */
#define KILN_API __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*/
/* Status                                                                     */
/*===----------------------------------------------------------------------===*/

typedef enum kiln_status_code_t {
  KILN_STATUS_OK = 0,
  /* The caller passed something wrong: a null handle, a bad shape or dtype. */
  KILN_STATUS_INVALID_ARGUMENT = 1,
  /* A named thing (file, input, function, device) does not exist. */
  KILN_STATUS_NOT_FOUND = 2,
  /* The request is valid but this build or device does not support it. */
  KILN_STATUS_UNIMPLEMENTED = 3,
  /* An allocation failed. */
  KILN_STATUS_OUT_OF_MEMORY = 4,
  /* Data is corrupt or truncated, e.g. an artifact that fails verification. */
  KILN_STATUS_DATA_LOSS = 5,
  /* A device or driver library is not available on this machine. */
  KILN_STATUS_UNAVAILABLE = 6,
  /* A bug in Kiln. */
  KILN_STATUS_INTERNAL = 7,
} kiln_status_code_t;

/* NULL means success. A non-NULL status is released by the caller. */
typedef struct kiln_status_s* kiln_status_t;

/* Creates an error status with a copy of `message` (may be NULL). Creating a
 * status with KILN_STATUS_OK returns NULL. Never fails: when memory runs out
 * it returns a shared out-of-memory status (releasing it is a no-op). */
KILN_API kiln_status_t kiln_status_create(kiln_status_code_t code,
                                          const char* message);

/* The code of `status`; KILN_STATUS_OK for NULL. */
KILN_API kiln_status_code_t kiln_status_code(kiln_status_t status);

/* The message of `status`, owned by it; "" for NULL. */
KILN_API const char* kiln_status_message(kiln_status_t status);

/* A static name for `code`, e.g. "INVALID_ARGUMENT". */
KILN_API const char* kiln_status_code_name(kiln_status_code_t code);

/* Releases `status`; NULL is allowed. */
KILN_API void kiln_status_release(kiln_status_t status);

/* Returns from the enclosing function when `expr` yields an error status. */
#define KILN_RETURN_IF_ERROR(expr)         \
  do {                                     \
    kiln_status_t kiln_status_ = (expr);   \
    if (kiln_status_) return kiln_status_; \
  } while (0)

/*===----------------------------------------------------------------------===*/
/* Version                                                                    */
/*===----------------------------------------------------------------------===*/

/* The runtime's version as "MAJOR.MINOR.PATCH" (static storage). Compare with
 * KILN_VERSION_STRING to detect a header/library mismatch. */
KILN_API const char* kiln_version(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_KILN_H_ */
