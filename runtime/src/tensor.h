// SPDX-License-Identifier: Apache-2.0
//
// kiln_tensor_s: a reference-counted dtype, shape and data buffer.
#ifndef KILN_RUNTIME_SRC_TENSOR_H_
#define KILN_RUNTIME_SRC_TENSOR_H_

#include <atomic>
#include <cstdint>
#include <vector>

#include "kiln/kiln.h"
#include "util.h"

struct kiln_tensor_s {
  std::atomic<int> references{1};
  kiln_dtype_t dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;
  uint64_t byte_size = 0;  // of `shape`
  uint8_t* data = nullptr;
  size_t capacity = 0;
  kiln::rt::AlignedMemory owned;  // null for a wrapped tensor
};

namespace kiln::rt {

/// Creates a tensor owning `capacity` bytes (>= the shape's bytes) with
/// `shape`; *out is released by the caller.
kiln_status_t CreateOwnedTensor(kiln_dtype_t dtype, const int64_t* shape,
                                size_t rank, size_t capacity, bool zero,
                                kiln_tensor_s** out);

/// Sets the shape of `tensor` to `shape` whose bytes `byte_size` fit its
/// capacity (checked by the caller). Tensors reserve KILN_MAX_RANK dims, so
/// this never allocates.
void SetTensorShape(kiln_tensor_s* tensor, const std::vector<int64_t>& shape,
                    uint64_t byte_size);

/// A reference to a tensor, released on destruction.
class TensorRef {
 public:
  TensorRef() = default;
  explicit TensorRef(kiln_tensor_s* adopted) : tensor_(adopted) {}
  TensorRef(TensorRef&& other) noexcept : tensor_(other.tensor_) {
    other.tensor_ = nullptr;
  }
  TensorRef& operator=(TensorRef&& other) noexcept {
    std::swap(tensor_, other.tensor_);
    return *this;
  }
  TensorRef(const TensorRef&) = delete;
  TensorRef& operator=(const TensorRef&) = delete;
  ~TensorRef() { kiln_tensor_release(tensor_); }

  /// Replaces the held tensor with a new reference to `tensor`.
  void Reset(kiln_tensor_s* tensor = nullptr) {
    kiln_tensor_release(tensor_);
    tensor_ = kiln_tensor_retain(tensor);
  }
  kiln_tensor_s* get() const { return tensor_; }
  kiln_tensor_s* operator->() const { return tensor_; }
  explicit operator bool() const { return tensor_ != nullptr; }

 private:
  kiln_tensor_s* tensor_ = nullptr;
};

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_TENSOR_H_
