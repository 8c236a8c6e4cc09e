// SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the runtime: one-line error statuses, printable
// names, overflow-checked arithmetic, aligned host memory, element types.
#ifndef KILN_RUNTIME_SRC_UTIL_H_
#define KILN_RUNTIME_SRC_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "kiln/kiln.h"

namespace kiln::rt {

/// An error status whose message is `format` expanded; any line break or
/// control character becomes a space so every message is one line.
kiln_status_t MakeStatus(kiln_status_code_t code, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

/// Prepends "`prefix`: " to the message of `status` (consumed) and returns
/// the new status; NULL stays NULL.
kiln_status_t Annotate(kiln_status_t status, std::string_view prefix);

/// `name` in single quotes, printable: bytes outside printable ASCII become
/// \xNN and long names are cut at 64 bytes with "...".
std::string Quote(std::string_view name);

/// A shape as "[1,3,224,224]", dynamic dims (negative) as "?".
std::string ShapeString(const int64_t* dims, size_t rank);

/// Overflow-checked arithmetic on non-negative sizes: false on overflow.
inline bool CheckedMul(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}
inline bool CheckedAdd(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}

/// The element count of `shape` (entries >= 0), false on overflow.
bool ElementCount(const int64_t* shape, size_t rank, uint64_t* out);

/// The byte size of `shape` with `dtype` in the C API's layout (4-bit types
/// packed two per byte), false on overflow or a bad dtype.
bool ByteSize(kiln_dtype_t dtype, const int64_t* shape, size_t rank,
              uint64_t* out);

/// The byte size of `shape` with `dtype` in the artifact's layout (kernels,
/// weights, buffers): one byte per 4-bit element, else as ByteSize.
bool StorageByteSize(kiln_dtype_t dtype, const int64_t* shape, size_t rank,
                     uint64_t* out);

/// Whether `dtype` is a kiln_dtype_t value.
inline bool IsValidDtype(int dtype) {
  return dtype >= KILN_DTYPE_F32 && dtype <= KILN_DTYPE_U4;
}

/// Whether tensors of `dtype` pack two elements per byte at the C API.
inline bool IsPackedDtype(kiln_dtype_t dtype) {
  return dtype == KILN_DTYPE_F4E2M1FN || dtype == KILN_DTYPE_I4 ||
         dtype == KILN_DTYPE_U4;
}

/// Packed 4-bit elements (two per byte, low nibble first) to one per byte
/// (the low nibble, the high nibble zero), as kernels read them.
void UnpackNibbles(const uint8_t* packed, uint64_t count, uint8_t* bytes);

/// The inverse: the low nibble of each byte, packed two per byte; an odd
/// count leaves the last high nibble zero.
void PackNibbles(const uint8_t* bytes, uint64_t count, uint8_t* packed);

/// Host memory aligned to 64 bytes, freed with std::free.
struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using AlignedMemory = std::unique_ptr<uint8_t, FreeDeleter>;

/// Allocates `size` bytes (at least 64) aligned to 64; null on failure.
AlignedMemory AllocateAligned(size_t size);

/// Rounds `value` up to a multiple of `alignment` (a power of two).
inline uint64_t AlignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

/// Runs `body` (returning kiln_status_t), turning an escaping exception into
/// an error status: every C API entry point goes through it.
template <typename Body>
kiln_status_t Guard(const char* where, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY, "%s: out of memory", where);
  } catch (const std::exception& e) {
    return MakeStatus(KILN_STATUS_INTERNAL, "%s: %s", where, e.what());
  } catch (...) {
    return MakeStatus(KILN_STATUS_INTERNAL, "%s: unknown exception", where);
  }
}

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_UTIL_H_
