// SPDX-License-Identifier: Apache-2.0
#include "util.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <vector>

namespace kiln::rt {

namespace {

void MakeOneLine(std::string& text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
}

}  // namespace

kiln_status_t MakeStatus(kiln_status_code_t code, const char* format, ...) {
  va_list args;
  va_start(args, format);
  char small[512];
  va_list copy;
  va_copy(copy, args);
  int length = std::vsnprintf(small, sizeof(small), format, copy);
  va_end(copy);
  std::string text;
  if (length < 0) {
    text = format;
  } else if (static_cast<size_t>(length) < sizeof(small)) {
    text.assign(small, static_cast<size_t>(length));
  } else {
    try {
      text.resize(static_cast<size_t>(length) + 1);
      std::vsnprintf(text.data(), text.size(), format, args);
      text.resize(static_cast<size_t>(length));
    } catch (const std::bad_alloc&) {
      text.assign(small, sizeof(small) - 1);
    }
  }
  va_end(args);
  MakeOneLine(text);
  return kiln_status_create(code, text.c_str());
}

kiln_status_t Annotate(kiln_status_t status, std::string_view prefix) {
  if (status == nullptr) return nullptr;
  kiln_status_t annotated = MakeStatus(
      kiln_status_code(status), "%.*s: %s", static_cast<int>(prefix.size()),
      prefix.data(), kiln_status_message(status));
  kiln_status_release(status);
  return annotated;
}

std::string Quote(std::string_view name) {
  constexpr size_t kMaxLength = 64;
  std::string out = "'";
  size_t shown = 0;
  for (char c : name) {
    if (shown == kMaxLength) {
      out += "...";
      break;
    }
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\' && byte != '\'') {
      out += c;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", byte);
      out += escaped;
    }
    ++shown;
  }
  out += "'";
  return out;
}

std::string ShapeString(const int64_t* dims, size_t rank) {
  std::string out = "[";
  for (size_t i = 0; i < rank; ++i) {
    if (i) out += ",";
    out += dims[i] < 0 ? std::string("?") : std::to_string(dims[i]);
  }
  return out + "]";
}

bool ElementCount(const int64_t* shape, size_t rank, uint64_t* out) {
  uint64_t count = 1;
  for (size_t i = 0; i < rank; ++i) {
    if (shape[i] < 0) return false;
    if (!CheckedMul(count, static_cast<uint64_t>(shape[i]), &count)) {
      return false;
    }
  }
  *out = count;
  return true;
}

bool ByteSize(kiln_dtype_t dtype, const int64_t* shape, size_t rank,
              uint64_t* out) {
  uint64_t count;
  if (!ElementCount(shape, rank, &count)) return false;
  if (IsPackedDtype(dtype)) {
    *out = count / 2 + count % 2;
    return true;
  }
  size_t element_size = kiln_dtype_size(dtype);
  return element_size != 0 && CheckedMul(count, element_size, out);
}

bool StorageByteSize(kiln_dtype_t dtype, const int64_t* shape, size_t rank,
                     uint64_t* out) {
  if (IsPackedDtype(dtype)) return ElementCount(shape, rank, out);
  return ByteSize(dtype, shape, rank, out);
}

void UnpackNibbles(const uint8_t* packed, uint64_t count, uint8_t* bytes) {
  for (uint64_t i = 0; i + 1 < count; i += 2) {
    uint8_t pair = packed[i / 2];
    bytes[i] = pair & 0x0F;
    bytes[i + 1] = pair >> 4;
  }
  if (count % 2) bytes[count - 1] = packed[count / 2] & 0x0F;
}

void PackNibbles(const uint8_t* bytes, uint64_t count, uint8_t* packed) {
  for (uint64_t i = 0; i + 1 < count; i += 2) {
    packed[i / 2] =
        static_cast<uint8_t>((bytes[i] & 0x0F) | ((bytes[i + 1] & 0x0F) << 4));
  }
  if (count % 2) packed[count / 2] = bytes[count - 1] & 0x0F;
}

AlignedMemory AllocateAligned(size_t size) {
  size_t rounded = static_cast<size_t>(AlignUp(size < 64 ? 64 : size, 64));
  if (rounded < size) return nullptr;
  return AlignedMemory(static_cast<uint8_t*>(std::aligned_alloc(64, rounded)));
}

}  // namespace kiln::rt
