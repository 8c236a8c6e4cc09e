// SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the runtime tests.
#ifndef KILN_TESTS_UNIT_RUNTIME_TESTUTIL_H_
#define KILN_TESTS_UNIT_RUNTIME_TESTUTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ArtifactBuilder.h"
#include "Reference.h"
#include "kiln/kiln.hpp"

namespace kiln::testing {

/// The shared object of tests/unit/runtime/kernels/test_kernels.c.
inline std::vector<uint8_t> TestKernelObject() {
  return ReadFileBytes(KILN_TEST_KERNELS_PATH);
}

/// Loads artifact bytes (copied).
inline Model LoadBytes(const std::vector<uint8_t>& bytes) {
  return Model::LoadMemory(bytes.data(), bytes.size(), /*copy=*/true);
}

/// Checks that `status` (consumed) is an error with `code` whose message
/// holds `substring`, and is one line.
inline ::testing::AssertionResult IsError(kiln_status_t status,
                                          kiln_status_code_t code,
                                          const std::string& substring) {
  Status owned(status);
  if (owned.ok()) return ::testing::AssertionFailure() << "status is OK";
  std::string message(owned.message());
  if (owned.code() != code || message.find(substring) == std::string::npos ||
      message.find('\n') != std::string::npos) {
    return ::testing::AssertionFailure()
           << "got " << owned.ToString() << "; expected "
           << kiln_status_code_name(code) << " containing \"" << substring
           << "\"";
  }
  return ::testing::AssertionSuccess();
}

/// A tensor holding `values` with `shape`.
template <typename T>
Tensor MakeTensor(kiln_dtype_t dtype, const std::vector<int64_t>& shape,
                  const std::vector<T>& values) {
  Tensor tensor = Tensor::Create(dtype, shape);
  EXPECT_EQ(tensor.byte_size(), values.size() * sizeof(T));
  if (!values.empty()) {
    std::memcpy(tensor.data(), values.data(), values.size() * sizeof(T));
  }
  return tensor;
}

inline Tensor FloatTensor(const std::vector<int64_t>& shape,
                          const std::vector<float>& values) {
  return MakeTensor(KILN_DTYPE_F32, shape, values);
}

template <typename T>
std::vector<T> Values(const Tensor& tensor) {
  const T* data = tensor.data<T>();
  return std::vector<T>(data, data + tensor.element_count());
}

/// Expects `actual` close to `expected` elementwise.
inline void ExpectNear(const std::vector<float>& actual,
                       const std::vector<float>& expected,
                       float tolerance = 1e-4f) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    float scale = std::max(1.0f, std::abs(expected[i]));
    ASSERT_NEAR(actual[i], expected[i], tolerance * scale) << "at " << i;
  }
}

}  // namespace kiln::testing

#endif  // KILN_TESTS_UNIT_RUNTIME_TESTUTIL_H_
