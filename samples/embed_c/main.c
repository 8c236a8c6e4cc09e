/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Embedding the Kiln runtime in a C program: load a model, bind its inputs
 * (here every element is 1 and every dynamic dim is 1), run, print the
 * outputs. Include kiln/kiln.h, link libkiln_runtime (find_package(Kiln) and
 * Kiln::runtime, or pkg-config kiln), and check every status a call returns.
 *
 *   usage: embed_c MODEL.kiln
 */
#include <stdio.h>
#include <string.h>

#include "kiln/kiln.h"

/* Prints an error status, releases it and jumps to cleanup. */
#define CHECK(expr)                                             \
  do {                                                          \
    kiln_status_t status_ = (expr);                             \
    if (status_ != NULL) {                                      \
      fprintf(stderr, "embed_c: error: %s: %s\n",               \
              kiln_status_code_name(kiln_status_code(status_)), \
              kiln_status_message(status_));                    \
      kiln_status_release(status_);                             \
      goto cleanup;                                             \
    }                                                           \
  } while (0)

#define MAX_TENSORS 64

/* Sets every element of `tensor` to one, whatever its dtype. */
static void fill_ones(kiln_tensor_t tensor) {
  unsigned char* data = (unsigned char*)kiln_tensor_data(tensor);
  size_t count = kiln_tensor_element_count(tensor);
  size_t size = kiln_dtype_size(kiln_tensor_dtype(tensor));
  size_t i;
  for (i = 0; i < count; ++i) {
    switch (kiln_tensor_dtype(tensor)) {
      case KILN_DTYPE_F32: {
        float one = 1.0f;
        memcpy(data + i * size, &one, size);
        break;
      }
      case KILN_DTYPE_F64: {
        double one = 1.0;
        memcpy(data + i * size, &one, size);
        break;
      }
      case KILN_DTYPE_F16:
        data[i * 2] = 0x00, data[i * 2 + 1] = 0x3c;
        break;
      case KILN_DTYPE_BF16:
        data[i * 2] = 0x80, data[i * 2 + 1] = 0x3f;
        break;
      default: /* integers and bool: little-endian 1 */
        memset(data + i * size, 0, size);
        data[i * size] = 1;
        break;
    }
  }
}

static void print_output(const char* name, kiln_tensor_t tensor) {
  size_t rank = kiln_tensor_rank(tensor), count, i;
  const int64_t* shape = kiln_tensor_shape(tensor);
  printf("%s: %s [", name, kiln_dtype_name(kiln_tensor_dtype(tensor)));
  for (i = 0; i < rank; ++i) printf(i ? ",%lld" : "%lld", (long long)shape[i]);
  printf("] =");
  count = kiln_tensor_element_count(tensor);
  for (i = 0; i < count && i < 8; ++i) {
    if (kiln_tensor_dtype(tensor) == KILN_DTYPE_F32) {
      printf(" %g", ((const float*)kiln_tensor_data(tensor))[i]);
    } else if (kiln_tensor_dtype(tensor) == KILN_DTYPE_I64) {
      printf(" %lld", (long long)((const int64_t*)kiln_tensor_data(tensor))[i]);
    } else {
      printf(" ?");
    }
  }
  printf(count > 8 ? " ...\n" : "\n");
}

int main(int argc, char** argv) {
  kiln_model_t model = NULL;
  kiln_session_t session = NULL;
  kiln_tensor_t inputs[MAX_TENSORS] = {NULL};
  kiln_tensor_t output = NULL;
  size_t function, count, i, d;
  int exit_code = 1;

  /* A program built against one version's headers should refuse to run with
   * another version's library. */
  const char* version = kiln_version();
  if (strcmp(version, KILN_VERSION_STRING) != 0) {
    fprintf(stderr,
            "embed_c: error: built with Kiln %s headers, runtime is %s\n",
            KILN_VERSION_STRING, version);
    return 1;
  }
  printf("Kiln runtime %s\n", version);
  if (argc != 2) {
    fprintf(stderr, "usage: %s MODEL.kiln\n", argv[0]);
    return 2;
  }

  CHECK(kiln_model_load_file(argv[1], &model));
  CHECK(kiln_session_create(model, NULL, &session));
  function = kiln_session_function(session);

  count = kiln_model_input_count(model, function);
  for (i = 0; i < count && i < MAX_TENSORS; ++i) {
    kiln_tensor_info_t info;
    int64_t shape[KILN_MAX_RANK];
    CHECK(kiln_model_input_info(model, function, i, &info));
    for (d = 0; d < info.rank; ++d)
      shape[d] = info.shape[d] < 0 ? 1 : info.shape[d];
    CHECK(kiln_tensor_create(info.dtype, shape, info.rank, &inputs[i]));
    fill_ones(inputs[i]);
    CHECK(kiln_session_bind_input(session, info.name, inputs[i]));
  }

  CHECK(kiln_session_run(session));

  count = kiln_model_output_count(model, function);
  for (i = 0; i < count; ++i) {
    kiln_tensor_info_t info;
    CHECK(kiln_model_output_info(model, function, i, &info));
    CHECK(kiln_session_get_output(session, info.name, &output));
    print_output(info.name, output);
    kiln_tensor_release(output);
    output = NULL;
  }
  exit_code = 0;

cleanup:
  kiln_tensor_release(output);
  for (i = 0; i < MAX_TENSORS; ++i) kiln_tensor_release(inputs[i]);
  kiln_session_release(session);
  kiln_model_release(model);
  return exit_code;
}
