// SPDX-License-Identifier: Apache-2.0
//
// Tensors and element types of the C API.
#include "tensor.h"

#include <cstring>

namespace kiln::rt {

namespace {

kiln_status_t CheckShape(const char* where, kiln_dtype_t dtype,
                         const int64_t* shape, size_t rank,
                         uint64_t* byte_size) {
  if (!IsValidDtype(dtype)) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: unknown dtype %d",
                      where, static_cast<int>(dtype));
  }
  if (rank > KILN_MAX_RANK) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s: rank %zu exceeds the maximum %d", where, rank,
                      KILN_MAX_RANK);
  }
  if (rank > 0 && shape == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s: shape is NULL for rank %zu", where, rank);
  }
  for (size_t i = 0; i < rank; ++i) {
    if (shape[i] < 0) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "%s: dim %zu is %lld; dims must be >= 0", where, i,
                        static_cast<long long>(shape[i]));
    }
  }
  if (!ByteSize(dtype, shape, rank, byte_size) ||
      *byte_size > (uint64_t{1} << 48)) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: shape %s is too large",
                      where, ShapeString(shape, rank).c_str());
  }
  return nullptr;
}

}  // namespace

kiln_status_t CreateOwnedTensor(kiln_dtype_t dtype, const int64_t* shape,
                                size_t rank, size_t capacity, bool zero,
                                kiln_tensor_s** out) {
  *out = nullptr;
  uint64_t byte_size;
  KILN_RETURN_IF_ERROR(
      CheckShape("kiln_tensor_create", dtype, shape, rank, &byte_size));
  if (capacity < byte_size) capacity = static_cast<size_t>(byte_size);
  auto tensor = std::make_unique<kiln_tensor_s>();
  tensor->owned = AllocateAligned(capacity);
  if (!tensor->owned) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "kiln_tensor_create: cannot allocate %zu bytes",
                      capacity);
  }
  if (zero) std::memset(tensor->owned.get(), 0, capacity);
  tensor->dtype = dtype;
  tensor->shape.reserve(KILN_MAX_RANK);
  tensor->shape.assign(shape, shape + rank);
  tensor->byte_size = byte_size;
  tensor->data = tensor->owned.get();
  tensor->capacity = capacity;
  *out = tensor.release();
  return nullptr;
}

void SetTensorShape(kiln_tensor_s* tensor, const std::vector<int64_t>& shape,
                    uint64_t byte_size) {
  tensor->shape.assign(shape.begin(), shape.end());
  tensor->byte_size = byte_size;
}

}  // namespace kiln::rt

using namespace kiln::rt;

extern "C" {

size_t kiln_dtype_size(kiln_dtype_t dtype) {
  switch (dtype) {
    case KILN_DTYPE_F64:
    case KILN_DTYPE_I64:
    case KILN_DTYPE_U64:
      return 8;
    case KILN_DTYPE_F32:
    case KILN_DTYPE_I32:
    case KILN_DTYPE_U32:
      return 4;
    case KILN_DTYPE_F16:
    case KILN_DTYPE_BF16:
    case KILN_DTYPE_I16:
    case KILN_DTYPE_U16:
      return 2;
    case KILN_DTYPE_I8:
    case KILN_DTYPE_U8:
    case KILN_DTYPE_BOOL:
    case KILN_DTYPE_F8E4M3FN:
    case KILN_DTYPE_F8E4M3FNUZ:
    case KILN_DTYPE_F8E5M2:
    case KILN_DTYPE_F8E5M2FNUZ:
    case KILN_DTYPE_F8E8M0FNU:
      return 1;
    case KILN_DTYPE_F4E2M1FN:
    case KILN_DTYPE_I4:
    case KILN_DTYPE_U4:
      return 0;  // two per byte: kiln_dtype_bits
  }
  return 0;
}

size_t kiln_dtype_bits(kiln_dtype_t dtype) {
  if (IsPackedDtype(dtype)) return 4;
  return 8 * kiln_dtype_size(dtype);
}

const char* kiln_dtype_name(kiln_dtype_t dtype) {
  switch (dtype) {
    case KILN_DTYPE_F32:
      return "f32";
    case KILN_DTYPE_F16:
      return "f16";
    case KILN_DTYPE_BF16:
      return "bf16";
    case KILN_DTYPE_F64:
      return "f64";
    case KILN_DTYPE_I8:
      return "i8";
    case KILN_DTYPE_I16:
      return "i16";
    case KILN_DTYPE_I32:
      return "i32";
    case KILN_DTYPE_I64:
      return "i64";
    case KILN_DTYPE_U8:
      return "u8";
    case KILN_DTYPE_U16:
      return "u16";
    case KILN_DTYPE_U32:
      return "u32";
    case KILN_DTYPE_U64:
      return "u64";
    case KILN_DTYPE_BOOL:
      return "bool";
    case KILN_DTYPE_F8E4M3FN:
      return "f8e4m3fn";
    case KILN_DTYPE_F8E4M3FNUZ:
      return "f8e4m3fnuz";
    case KILN_DTYPE_F8E5M2:
      return "f8e5m2";
    case KILN_DTYPE_F8E5M2FNUZ:
      return "f8e5m2fnuz";
    case KILN_DTYPE_F8E8M0FNU:
      return "f8e8m0fnu";
    case KILN_DTYPE_F4E2M1FN:
      return "f4e2m1fn";
    case KILN_DTYPE_I4:
      return "i4";
    case KILN_DTYPE_U4:
      return "u4";
  }
  return "unknown";
}

kiln_status_t kiln_tensor_create(kiln_dtype_t dtype, const int64_t* shape,
                                 size_t rank, kiln_tensor_t* out_tensor) {
  if (out_tensor == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_tensor_create: out_tensor is NULL");
  }
  *out_tensor = nullptr;
  return Guard("kiln_tensor_create", [&] {
    return CreateOwnedTensor(dtype, shape, rank, 0, /*zero=*/true, out_tensor);
  });
}

kiln_status_t kiln_tensor_wrap(kiln_dtype_t dtype, const int64_t* shape,
                               size_t rank, void* data, size_t byte_size,
                               kiln_tensor_t* out_tensor) {
  if (out_tensor == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_tensor_wrap: out_tensor is NULL");
  }
  *out_tensor = nullptr;
  return Guard("kiln_tensor_wrap", [&]() -> kiln_status_t {
    uint64_t needed;
    KILN_RETURN_IF_ERROR(
        CheckShape("kiln_tensor_wrap", dtype, shape, rank, &needed));
    if (data == nullptr && byte_size > 0) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "kiln_tensor_wrap: data is NULL");
    }
    if (reinterpret_cast<uintptr_t>(data) % 16 != 0) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "kiln_tensor_wrap: data %p is not 16-byte aligned; "
                        "use kiln_tensor_create or aligned memory",
                        data);
    }
    if (byte_size < needed) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "kiln_tensor_wrap: %zu bytes given, %s %s needs %llu",
                        byte_size, kiln_dtype_name(dtype),
                        ShapeString(shape, rank).c_str(),
                        static_cast<unsigned long long>(needed));
    }
    auto tensor = std::make_unique<kiln_tensor_s>();
    tensor->dtype = dtype;
    tensor->shape.reserve(KILN_MAX_RANK);
    tensor->shape.assign(shape, shape + rank);
    tensor->byte_size = needed;
    tensor->data = static_cast<uint8_t*>(data);
    tensor->capacity = byte_size;
    *out_tensor = tensor.release();
    return nullptr;
  });
}

kiln_tensor_t kiln_tensor_retain(kiln_tensor_t tensor) {
  if (tensor) tensor->references.fetch_add(1, std::memory_order_relaxed);
  return tensor;
}

void kiln_tensor_release(kiln_tensor_t tensor) {
  if (tensor &&
      tensor->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    delete tensor;
  }
}

kiln_dtype_t kiln_tensor_dtype(kiln_tensor_t tensor) {
  return tensor ? tensor->dtype : KILN_DTYPE_F32;
}

size_t kiln_tensor_rank(kiln_tensor_t tensor) {
  return tensor ? tensor->shape.size() : 0;
}

const int64_t* kiln_tensor_shape(kiln_tensor_t tensor) {
  return tensor ? tensor->shape.data() : nullptr;
}

size_t kiln_tensor_element_count(kiln_tensor_t tensor) {
  if (tensor == nullptr) return 0;
  uint64_t count = 0;
  ElementCount(tensor->shape.data(), tensor->shape.size(), &count);
  return static_cast<size_t>(count);
}

size_t kiln_tensor_byte_size(kiln_tensor_t tensor) {
  return tensor ? static_cast<size_t>(tensor->byte_size) : 0;
}

size_t kiln_tensor_capacity(kiln_tensor_t tensor) {
  return tensor ? tensor->capacity : 0;
}

void* kiln_tensor_data(kiln_tensor_t tensor) {
  return tensor ? tensor->data : nullptr;
}

}  // extern "C"
