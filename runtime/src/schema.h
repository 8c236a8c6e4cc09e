// SPDX-License-Identifier: Apache-2.0
//
// The generated FlatBuffers schema and small accessors over it: null vectors
// read as empty, the Size convention (see kiln.fbs), dtype conversion.
#ifndef KILN_RUNTIME_SRC_SCHEMA_H_
#define KILN_RUNTIME_SRC_SCHEMA_H_

#include <cstdint>
#include <string_view>

#include "kiln/kiln.h"
#include "kiln_generated.h"

namespace kiln::rt {

/// The artifact format_version this runtime implements.
inline constexpr uint32_t kFormatVersion = 4;

static_assert(static_cast<int>(fb::ElementType::F32) == KILN_DTYPE_F32 &&
                  static_cast<int>(fb::ElementType::F64) == KILN_DTYPE_F64 &&
                  static_cast<int>(fb::ElementType::I64) == KILN_DTYPE_I64 &&
                  static_cast<int>(fb::ElementType::Bool) == KILN_DTYPE_BOOL &&
                  static_cast<int>(fb::ElementType::F8E4M3FN) ==
                      KILN_DTYPE_F8E4M3FN &&
                  static_cast<int>(fb::ElementType::F4E2M1FN) ==
                      KILN_DTYPE_F4E2M1FN &&
                  static_cast<int>(fb::ElementType::U4) == KILN_DTYPE_U4 &&
                  fb::ElementType::MAX == fb::ElementType::U4,
              "kiln_dtype_t mirrors kiln.fb.ElementType");

inline kiln_dtype_t ToDtype(fb::ElementType type) {
  return static_cast<kiln_dtype_t>(type);
}

/// Whether `type` holds integers (bool included): what shape inputs may be.
inline bool IsIntegerElementType(fb::ElementType type) {
  switch (type) {
    case fb::ElementType::I8:
    case fb::ElementType::I16:
    case fb::ElementType::I32:
    case fb::ElementType::I64:
    case fb::ElementType::U8:
    case fb::ElementType::U16:
    case fb::ElementType::U32:
    case fb::ElementType::U64:
    case fb::ElementType::Bool:
      return true;
    default:
      return false;
  }
}

/// The size of a possibly-null FlatBuffers vector.
template <typename T>
inline uint32_t Count(const flatbuffers::Vector<T>* vector) {
  return vector ? vector->size() : 0;
}

/// A possibly-null FlatBuffers string as a view ("" for null).
inline std::string_view View(const flatbuffers::String* string) {
  return string ? std::string_view(string->c_str(), string->size())
                : std::string_view();
}

/// A possibly-null FlatBuffers string as a C string ("" for null).
inline const char* CStr(const flatbuffers::String* string) {
  return string ? string->c_str() : "";
}

/// Sizes: v >= 0 is a constant, v < 0 refers to dims[-v - 1].
inline bool IsDimRef(int64_t size) { return size < 0; }
inline uint64_t DimIndex(int64_t size) {
  return static_cast<uint64_t>(-(size + 1));
}

inline const char* SpaceName(fb::MemorySpace space) {
  switch (space) {
    case fb::MemorySpace::Arena:
      return "arena";
    case fb::MemorySpace::Input:
      return "input";
    case fb::MemorySpace::Output:
      return "output";
    case fb::MemorySpace::Weight:
      return "weight";
  }
  return "unknown";
}

inline const char* CommandKindName(fb::CommandOp op) {
  switch (op) {
    case fb::CommandOp::Dispatch:
      return "Dispatch";
    case fb::CommandOp::Call:
      return "Call";
    case fb::CommandOp::Copy:
      return "Copy";
    case fb::CommandOp::Fill:
      return "Fill";
    case fb::CommandOp::NONE:
      break;
  }
  return "unknown";
}

inline const char* CallKindName(fb::CallParams params) {
  switch (params) {
    case fb::CallParams::Convolution:
      return "Convolution";
    case fb::CallParams::MatMul:
      return "MatMul";
    case fb::CallParams::Pooling:
      return "Pooling";
    case fb::CallParams::NONE:
      break;
  }
  return "unknown";
}

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_SCHEMA_H_
