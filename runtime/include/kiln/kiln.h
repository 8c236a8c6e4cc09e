/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kiln runtime C API.
 *
 * Every fallible call returns a kiln_status_t: NULL on success, otherwise an
 * error object that the caller owns and releases with kiln_status_release.
 * An error's message is one line naming what is wrong and where.
 *
 * Objects are opaque handles: a model (a loaded .kiln artifact), sessions
 * (a model's function ready to run on a device, with its own memory) and
 * tensors (a dtype, a shape and data). Functions named *_create / *_load*
 * give the caller one reference, which *_release drops. Create functions set
 * their out-parameter to NULL first and leave nothing behind on failure.
 *
 * A typical run:
 *
 *   kiln_model_t model;       kiln_model_load_file("m.kiln", &model);
 *   kiln_session_t session;   kiln_session_create(model, NULL, &session);
 *   kiln_tensor_t x;          kiln_tensor_create(KILN_DTYPE_F32, shape, 2, &x);
 *   ... fill kiln_tensor_data(x) ...
 *   kiln_session_bind_input(session, "x", x);
 *   kiln_session_run(session);
 *   kiln_tensor_t y;          kiln_session_get_output(session, "y", &y);
 *   ... read kiln_tensor_data(y) ...
 *   kiln_tensor_release(y); kiln_tensor_release(x);
 *   kiln_session_release(session); kiln_model_release(model);
 *
 * Threads: a model is immutable once loaded and may be shared by any number
 * of sessions on any threads; weights are shared, not copied. A session runs
 * one call at a time (a second concurrent call on the same session fails);
 * use one session per thread. Tensors are not synchronized: do not write a
 * tensor while a session that has it bound is running.
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

/* The newest artifact format_version this runtime reads. */
KILN_API uint32_t kiln_artifact_format_version(void);

/*===----------------------------------------------------------------------===*/
/* Element types                                                              */
/*===----------------------------------------------------------------------===*/

/* Tensor element types; the values match kiln.fb.ElementType. */
typedef enum kiln_dtype_t {
  KILN_DTYPE_F32 = 0,
  KILN_DTYPE_F16 = 1,
  KILN_DTYPE_BF16 = 2,
  KILN_DTYPE_F64 = 3,
  KILN_DTYPE_I8 = 4,
  KILN_DTYPE_I16 = 5,
  KILN_DTYPE_I32 = 6,
  KILN_DTYPE_I64 = 7,
  KILN_DTYPE_U8 = 8,
  KILN_DTYPE_U16 = 9,
  KILN_DTYPE_U32 = 10,
  KILN_DTYPE_U64 = 11,
  KILN_DTYPE_BOOL = 12,
  /* float8 formats (ONNX FLOAT8E4M3FN, ...), one byte each. */
  KILN_DTYPE_F8E4M3FN = 13,
  KILN_DTYPE_F8E4M3FNUZ = 14,
  KILN_DTYPE_F8E5M2 = 15,
  KILN_DTYPE_F8E5M2FNUZ = 16,
  KILN_DTYPE_F8E8M0FNU = 17,
  /* 4-bit types, packed two per byte: element 2k is the low nibble of byte
   * k, element 2k+1 its high nibble (ONNX's layout); an odd count leaves
   * the last high nibble unused. */
  KILN_DTYPE_F4E2M1FN = 18,
  KILN_DTYPE_I4 = 19,
  KILN_DTYPE_U4 = 20,
} kiln_dtype_t;

/* The size of one element in bytes (bool and float8: 1); 0 for the 4-bit
 * types (see kiln_dtype_bits) and for an unknown value. */
KILN_API size_t kiln_dtype_size(kiln_dtype_t dtype);

/* The bits of one element in a tensor's data: 4 for the packed 4-bit types,
 * else 8 * kiln_dtype_size; 0 for an unknown value. */
KILN_API size_t kiln_dtype_bits(kiln_dtype_t dtype);

/* A static lower-case name, e.g. "f32", "i64", "bool"; "unknown" otherwise. */
KILN_API const char* kiln_dtype_name(kiln_dtype_t dtype);

/*===----------------------------------------------------------------------===*/
/* Tensors                                                                    */
/*===----------------------------------------------------------------------===*/

/* A dtype, a shape and a dense row-major (C order) data buffer. Tensors are
 * reference counted: *_create, *_wrap and kiln_session_get_output give the
 * caller a reference that kiln_tensor_release drops; a session keeps its own
 * reference to every tensor bound to it. */
typedef struct kiln_tensor_s* kiln_tensor_t;

/* The largest rank a tensor may have. */
#define KILN_MAX_RANK 16

/* Creates a tensor owning zero-filled, 64-byte aligned memory for `dtype` and
 * `shape` (`rank` entries >= 0; `shape` may be NULL when `rank` is 0, a
 * scalar). */
KILN_API kiln_status_t kiln_tensor_create(kiln_dtype_t dtype,
                                          const int64_t* shape, size_t rank,
                                          kiln_tensor_t* out_tensor);

/* Creates a tensor over the caller's memory `data` of `byte_size` bytes,
 * which must hold the shape's bytes and be 16-byte aligned (the kernel ABI's
 * alignment). Nothing is copied: the caller keeps `data` alive and in place
 * until the tensor's last reference is released, including the references
 * of the sessions it is bound to. */
KILN_API kiln_status_t kiln_tensor_wrap(kiln_dtype_t dtype,
                                        const int64_t* shape, size_t rank,
                                        void* data, size_t byte_size,
                                        kiln_tensor_t* out_tensor);

/* Adds a reference to `tensor` (may be NULL) and returns it. */
KILN_API kiln_tensor_t kiln_tensor_retain(kiln_tensor_t tensor);

/* Drops a reference; the last one frees the tensor (and its memory when the
 * tensor owns it). NULL is allowed. */
KILN_API void kiln_tensor_release(kiln_tensor_t tensor);

KILN_API kiln_dtype_t kiln_tensor_dtype(kiln_tensor_t tensor);
KILN_API size_t kiln_tensor_rank(kiln_tensor_t tensor);

/* The shape (rank entries), owned by the tensor. It stays valid until the
 * tensor's shape changes: a tensor bound as a session output takes the
 * output's shape at each run. */
KILN_API const int64_t* kiln_tensor_shape(kiln_tensor_t tensor);

/* The product of the dims (1 for a scalar). */
KILN_API size_t kiln_tensor_element_count(kiln_tensor_t tensor);

/* The bytes the current shape occupies: element count * dtype bits / 8,
 * rounded up. */
KILN_API size_t kiln_tensor_byte_size(kiln_tensor_t tensor);

/* The bytes available at kiln_tensor_data (>= kiln_tensor_byte_size). */
KILN_API size_t kiln_tensor_capacity(kiln_tensor_t tensor);

/* The first byte of the data, owned by the tensor (or by the caller for a
 * wrapped tensor). */
KILN_API void* kiln_tensor_data(kiln_tensor_t tensor);

/*===----------------------------------------------------------------------===*/
/* Models                                                                     */
/*===----------------------------------------------------------------------===*/

/* A loaded, verified .kiln artifact. Immutable and thread-safe. Reference
 * counted: every session holds a reference, so the caller may release the
 * model while sessions still use it. */
typedef struct kiln_model_s* kiln_model_t;

/* Flags of kiln_model_load_memory. */
typedef enum kiln_model_load_flags_t {
  KILN_MODEL_LOAD_DEFAULT = 0,
  /* Copy the caller's bytes instead of using them in place. */
  KILN_MODEL_LOAD_COPY = 1,
} kiln_model_load_flags_t;

/* Loads the artifact at `path`. The file is mapped read-only and its weights
 * are used in place, never copied; do not modify or truncate the file while
 * the model is alive. The artifact is verified first: a corrupted or
 * truncated file gives KILN_STATUS_DATA_LOSS, a newer format_version
 * KILN_STATUS_UNIMPLEMENTED, a missing file KILN_STATUS_NOT_FOUND. A .kiln
 * file holds native code: load only artifacts you trust. */
KILN_API kiln_status_t kiln_model_load_file(const char* path,
                                            kiln_model_t* out_model);

/* Loads an artifact from `size` bytes at `data`. Without KILN_MODEL_LOAD_COPY
 * the bytes are used in place when `data` is 64-byte aligned: the caller keeps
 * them alive and unchanged until the model's last reference is gone (the
 * model and every session on it released). Unaligned bytes are copied.
 * Verification as for kiln_model_load_file. */
KILN_API kiln_status_t kiln_model_load_memory(const void* data, size_t size,
                                              uint32_t flags,
                                              kiln_model_t* out_model);

/* Adds a reference to `model` (may be NULL) and returns it. */
KILN_API kiln_model_t kiln_model_retain(kiln_model_t model);

/* Drops a reference; the last one unloads the model. NULL is allowed. */
KILN_API void kiln_model_release(kiln_model_t model);

/* The model's name and the producer that wrote it, owned by the model
 * ("" when absent). */
KILN_API const char* kiln_model_name(kiln_model_t model);
KILN_API const char* kiln_model_producer(kiln_model_t model);

/*---- Signature ----------------------------------------------------------*/

/* The functions of the model ("main", and for training "train_step", ...). */
KILN_API size_t kiln_model_function_count(kiln_model_t model);

/* The name of function `index`, owned by the model; NULL when out of range. */
KILN_API const char* kiln_model_function_name(kiln_model_t model, size_t index);

/* The index of the function called `name`: KILN_STATUS_NOT_FOUND when the
 * model has none. */
KILN_API kiln_status_t kiln_model_find_function(kiln_model_t model,
                                                const char* name,
                                                size_t* out_index);

/* A function input or output. Every pointer is owned by the model and valid
 * while it is alive. */
typedef struct kiln_tensor_info_t {
  const char* name;
  kiln_dtype_t dtype;
  size_t rank;
  /* rank entries: a dim >= 0, or -1 for a dynamic dim. */
  const int64_t* shape;
  /* rank entries: the name of each dynamic dim ("batch"), "" for static dims
   * and for unnamed dynamic dims. Inputs sharing a dim name must agree on its
   * value at run time. */
  const char* const* dim_names;
} kiln_tensor_info_t;

KILN_API size_t kiln_model_input_count(kiln_model_t model, size_t function);
KILN_API size_t kiln_model_output_count(kiln_model_t model, size_t function);

/* Describes input (output) `index` of function `function`:
 * KILN_STATUS_INVALID_ARGUMENT when either index is out of range. */
KILN_API kiln_status_t kiln_model_input_info(kiln_model_t model,
                                             size_t function, size_t index,
                                             kiln_tensor_info_t* out_info);
KILN_API kiln_status_t kiln_model_output_info(kiln_model_t model,
                                              size_t function, size_t index,
                                              kiln_tensor_info_t* out_info);

/*===----------------------------------------------------------------------===*/
/* Sessions                                                                   */
/*===----------------------------------------------------------------------===*/

/* Options of kiln_session_create, owned by the caller; the session copies
 * what it needs, so the options may be released right after. */
typedef struct kiln_session_options_s* kiln_session_options_t;

/* Creates options with the defaults: device "cpu", function "main" (or the
 * model's only function), thread count 0. */
KILN_API kiln_status_t
kiln_session_options_create(kiln_session_options_t* out_options);

/* Releases `options`; NULL is allowed. */
KILN_API void kiln_session_options_release(kiln_session_options_t options);

/* The device to run on: "cpu" (the only device of this build). An unknown
 * name fails at kiln_session_create with KILN_STATUS_NOT_FOUND. */
KILN_API kiln_status_t kiln_session_options_set_device(
    kiln_session_options_t options, const char* device);

/* The function the session runs (see kiln_model_function_name). */
KILN_API kiln_status_t kiln_session_options_set_function(
    kiln_session_options_t options, const char* function);

/* Threads used by one run: kernel workgroups and oneDNN primitives share one
 * OpenMP thread pool, sized per run in the calling thread. 0 takes the
 * creating thread's OpenMP default (OMP_NUM_THREADS, else the core count). */
KILN_API kiln_status_t kiln_session_options_set_thread_count(
    kiln_session_options_t options, int32_t thread_count);

/* Whether runs record the time each command takes (off by default; the
 * cost is two clock reads per command). See kiln_session_profile_entry. */
KILN_API kiln_status_t kiln_session_options_set_profiling(
    kiln_session_options_t options, int enabled);

/* A model function ready to run on a device, with its own memory (arena,
 * outputs, library primitives). Not thread-safe: one run at a time. */
typedef struct kiln_session_s* kiln_session_t;

/* Creates a session on `model` (the session keeps a reference to it) with
 * `options` (NULL: defaults). Loads the device's executable and, for a
 * function without dynamic dims, prepares every command so the first run
 * allocates nothing new. */
KILN_API kiln_status_t kiln_session_create(kiln_model_t model,
                                           kiln_session_options_t options,
                                           kiln_session_t* out_session);

/* Releases the session, its memory and its references to bound tensors and
 * to the model. Output tensors the caller still holds stay valid. NULL is
 * allowed. */
KILN_API void kiln_session_release(kiln_session_t session);

/* The index of the function the session runs (for kiln_model_*_info). */
KILN_API size_t kiln_session_function(kiln_session_t session);

/* Binds `tensor` to the input called `name` until it is rebound or the
 * bindings are cleared; the session keeps a reference and reads the data at
 * each run (no copy). KILN_STATUS_INVALID_ARGUMENT when there is no such
 * input, or the dtype, rank or a static dim differs from the signature. */
KILN_API kiln_status_t kiln_session_bind_input(kiln_session_t session,
                                               const char* name,
                                               kiln_tensor_t tensor);

/* Makes the output called `name` be written into the caller's `tensor`
 * instead of session memory. Its dtype must match; at each run its capacity
 * must hold the output (else KILN_STATUS_INVALID_ARGUMENT) and the run sets
 * its shape to the output's. */
KILN_API kiln_status_t kiln_session_bind_output(kiln_session_t session,
                                                const char* name,
                                                kiln_tensor_t tensor);

/* Drops every input and output binding (and the session's references). */
KILN_API void kiln_session_clear_bindings(kiln_session_t session);

/* Runs the function on the bound inputs. Checks first that every input is
 * bound and that dims shared by name agree, then evaluates the function's
 * dims and plans memory; with the same input shapes as the previous run it
 * reuses everything and allocates nothing. */
KILN_API kiln_status_t kiln_session_run(kiln_session_t session);

/* Gives a new reference to the output called `name` of the last run: the
 * caller's bound tensor, or a session-owned tensor. The session overwrites a
 * session-owned tensor's data in place at the next run with the same shape;
 * keep it past that by copying. KILN_STATUS_INVALID_ARGUMENT when there is no
 * such output or no run has completed. */
KILN_API kiln_status_t kiln_session_get_output(kiln_session_t session,
                                               const char* name,
                                               kiln_tensor_t* out_tensor);

/*===----------------------------------------------------------------------===*/
/* Profiling                                                                  */
/*===----------------------------------------------------------------------===*/

/* The time spent in one command of the session's function over the runs
 * since the session was created or the profile reset. Strings are owned by
 * the session. */
typedef struct kiln_profile_entry_t {
  /* The ONNX node or kernel the command came from ("" when unnamed). */
  const char* name;
  /* "kernel" (a generated kernel), "copy", "fill", or the library call:
   * "convolution", "matmul", "pooling". */
  const char* kind;
  /* Runs that executed the command, and their total time. */
  uint64_t runs;
  uint64_t total_ns;
  /* Per execution, in the last run's shapes: the floating-point operations
   * of a library call (multiply and add counted apart; 0 for other kinds)
   * and the bytes of the command's operands and results. */
  uint64_t flops;
  uint64_t bytes;
} kiln_profile_entry_t;

/* The number of profile entries: one per command of the session's function,
 * in execution order; 0 when profiling is off. */
KILN_API size_t kiln_session_profile_count(kiln_session_t session);

/* Describes entry `index`; KILN_STATUS_INVALID_ARGUMENT when out of range. */
KILN_API kiln_status_t kiln_session_profile_entry(kiln_session_t session,
                                                  size_t index,
                                                  kiln_profile_entry_t* out);

/* Zeroes the runs and times of every entry (e.g. after warm-up runs). */
KILN_API void kiln_session_profile_reset(kiln_session_t session);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_KILN_H_ */
