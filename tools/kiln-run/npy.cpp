// SPDX-License-Identifier: Apache-2.0
//
// NumPy .npy files:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
#include <cctype>
#include <cstring>

#include "tensor_file.h"

namespace kiln::run {

namespace {

struct Descr {
  char kind;  // f, i, u, b
  int size;
  kiln_dtype_t dtype;
};

constexpr Descr kDescrs[] = {
    {'f', 2, KILN_DTYPE_F16}, {'f', 4, KILN_DTYPE_F32},
    {'f', 8, KILN_DTYPE_F64}, {'i', 1, KILN_DTYPE_I8},
    {'i', 2, KILN_DTYPE_I16}, {'i', 4, KILN_DTYPE_I32},
    {'i', 8, KILN_DTYPE_I64}, {'u', 1, KILN_DTYPE_U8},
    {'u', 2, KILN_DTYPE_U16}, {'u', 4, KILN_DTYPE_U32},
    {'u', 8, KILN_DTYPE_U64}, {'b', 1, KILN_DTYPE_BOOL},
};

/// Finds `key` in the header dict and returns the text after its colon.
bool ValueOf(const std::string& header, const char* key, size_t* at) {
  std::string quoted[2] = {std::string("'") + key + "'",
                           std::string("\"") + key + "\""};
  for (const std::string& q : quoted) {
    size_t found = header.find(q);
    if (found == std::string::npos) continue;
    size_t colon = header.find(':', found + q.size());
    if (colon == std::string::npos) return false;
    *at = colon + 1;
    while (*at < header.size() &&
           std::isspace(static_cast<unsigned char>(header[*at]))) {
      ++*at;
    }
    return true;
  }
  return false;
}

bool ParseHeader(const std::string& header, HostTensor* out,
                 std::string* error) {
  size_t at;
  if (!ValueOf(header, "descr", &at) || at >= header.size() ||
      (header[at] != '\'' && header[at] != '"')) {
    *error = "the header has no 'descr'";
    return false;
  }
  size_t end = header.find(header[at], at + 1);
  if (end == std::string::npos) {
    *error = "the header's 'descr' is not a string";
    return false;
  }
  std::string descr = header.substr(at + 1, end - at - 1);
  if (descr.size() < 3 ||
      (descr[0] != '<' && descr[0] != '|' && descr[0] != '=')) {
    *error = "dtype '" + descr + "' is not supported (" +
             (descr.size() && descr[0] == '>' ? "big-endian"
                                              : "use a little-endian numeric "
                                                "dtype") +
             ")";
    return false;
  }
  bool found = false;
  for (const Descr& d : kDescrs) {
    if (descr[1] == d.kind && descr.substr(2) == std::to_string(d.size)) {
      out->dtype = d.dtype;
      found = true;
    }
  }
  if (!found) {
    *error = "dtype '" + descr + "' is not supported";
    return false;
  }
  if (!ValueOf(header, "fortran_order", &at)) {
    *error = "the header has no 'fortran_order'";
    return false;
  }
  if (header.compare(at, 4, "True") == 0) {
    *error = "Fortran-order arrays are not supported; save with C order";
    return false;
  }
  if (!ValueOf(header, "shape", &at) || at >= header.size() ||
      header[at] != '(') {
    *error = "the header has no 'shape' tuple";
    return false;
  }
  out->shape.clear();
  ++at;
  while (at < header.size() && header[at] != ')') {
    if (std::isspace(static_cast<unsigned char>(header[at])) ||
        header[at] == ',') {
      ++at;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(header[at]))) {
      *error = "the header's shape is not a tuple of integers";
      return false;
    }
    int64_t dim = 0;
    while (at < header.size() &&
           std::isdigit(static_cast<unsigned char>(header[at]))) {
      if (dim > (int64_t{1} << 48)) {
        *error = "a dim of the shape is too large";
        return false;
      }
      dim = dim * 10 + (header[at++] - '0');
    }
    out->shape.push_back(dim);
  }
  if (at >= header.size()) {
    *error = "the header's shape tuple is not closed";
    return false;
  }
  if (out->shape.size() > KILN_MAX_RANK) {
    *error = "rank " + std::to_string(out->shape.size()) + " is too large";
    return false;
  }
  return true;
}

}  // namespace

uint16_t FloatToBfloat16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if ((bits & 0x7fffffff) > 0x7f800000) return 0x7fc0;  // NaN
  bits += 0x7fff + ((bits >> 16) & 1);
  return static_cast<uint16_t>(bits >> 16);
}

float Bfloat16ToFloat(uint16_t value) {
  uint32_t bits = static_cast<uint32_t>(value) << 16;
  float result;
  std::memcpy(&result, &bits, 4);
  return result;
}

bool ParseNpy(const std::vector<uint8_t>& bytes, HostTensor* out,
              std::string* error) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
    *error = "not a .npy file (no \\x93NUMPY magic)";
    return false;
  }
  int major = bytes[6];
  size_t header_length, header_start;
  if (major == 1) {
    header_length = bytes[8] | (bytes[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) {
      *error = "truncated .npy header";
      return false;
    }
    header_length = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) |
                    (static_cast<size_t>(bytes[11]) << 24);
    header_start = 12;
  } else {
    *error =
        ".npy format version " + std::to_string(major) + " is not supported";
    return false;
  }
  if (header_length > bytes.size() - header_start) {
    *error = "truncated .npy header";
    return false;
  }
  std::string header(
      bytes.begin() + static_cast<long>(header_start),
      bytes.begin() + static_cast<long>(header_start + header_length));
  if (!ParseHeader(header, out, error)) return false;
  uint64_t count = 1;
  for (int64_t dim : out->shape) {
    if (__builtin_mul_overflow(count, static_cast<uint64_t>(dim), &count)) {
      *error = "the shape is too large";
      return false;
    }
  }
  uint64_t needed;
  if (__builtin_mul_overflow(count, kiln_dtype_size(out->dtype), &needed)) {
    *error = "the shape is too large";
    return false;
  }
  size_t data_start = header_start + header_length;
  if (bytes.size() - data_start != needed) {
    *error = "holds " + std::to_string(bytes.size() - data_start) +
             " data bytes, its header describes " + std::to_string(needed);
    return false;
  }
  out->data.assign(bytes.begin() + static_cast<long>(data_start), bytes.end());
  return true;
}

bool ReadNpy(const std::string& path, HostTensor* out, std::string* error) {
  std::vector<uint8_t> bytes;
  if (!ReadFile(path, &bytes, error)) return false;
  if (!ParseNpy(bytes, out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

std::vector<uint8_t> EncodeNpy(kiln_dtype_t dtype,
                               const std::vector<int64_t>& shape,
                               const void* data, size_t byte_size) {
  std::vector<uint8_t> converted;
  if (dtype == KILN_DTYPE_BF16) {
    // NumPy has no bf16: write the exact f32 values.
    const auto* values = static_cast<const uint16_t*>(data);
    converted.resize(byte_size * 2);
    for (size_t i = 0; i < byte_size / 2; ++i) {
      float value = Bfloat16ToFloat(values[i]);
      std::memcpy(converted.data() + 4 * i, &value, 4);
    }
    data = converted.data();
    byte_size = converted.size();
    dtype = KILN_DTYPE_F32;
  } else if (IsSmallFloat(dtype) || dtype == KILN_DTYPE_I4 ||
             dtype == KILN_DTYPE_U4) {
    uint64_t count = 1;
    for (int64_t dim : shape) count *= static_cast<uint64_t>(dim);
    const auto* bytes = static_cast<const uint8_t*>(data);
    bool packed = kiln_dtype_bits(dtype) == 4;
    if (dtype == KILN_DTYPE_I4 || dtype == KILN_DTYPE_U4) {
      converted.resize(count);
      for (size_t i = 0; i < count; ++i) {
        uint8_t nibble = GetNibble(bytes, i);
        // Sign-extend int4.
        converted[i] = dtype == KILN_DTYPE_I4 && (nibble & 8)
                           ? static_cast<uint8_t>(nibble | 0xF0)
                           : nibble;
      }
      dtype = dtype == KILN_DTYPE_I4 ? KILN_DTYPE_I8 : KILN_DTYPE_U8;
    } else {
      converted.resize(count * 4);
      for (size_t i = 0; i < count; ++i) {
        float value =
            SmallFloatToFloat(dtype, packed ? GetNibble(bytes, i) : bytes[i]);
        std::memcpy(converted.data() + 4 * i, &value, 4);
      }
      dtype = KILN_DTYPE_F32;
    }
    data = converted.data();
    byte_size = converted.size();
  }
  std::string descr = "<f4";
  for (const Descr& d : kDescrs) {
    if (d.dtype == dtype) {
      descr = std::string(d.size == 1 ? "|" : "<") + d.kind +
              std::to_string(d.size);
    }
  }
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    header += std::to_string(shape[i]);
    if (i + 1 < shape.size() || shape.size() == 1) header += ",";
    if (i + 1 < shape.size()) header += " ";
  }
  header += "), }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  const uint8_t preamble[10] = {0x93,
                                'N',
                                'U',
                                'M',
                                'P',
                                'Y',
                                1,
                                0,
                                static_cast<uint8_t>(header.size() & 0xff),
                                static_cast<uint8_t>(header.size() >> 8)};
  std::vector<uint8_t> bytes(10 + header.size() + byte_size);
  std::memcpy(bytes.data(), preamble, 10);
  std::memcpy(bytes.data() + 10, header.data(), header.size());
  if (byte_size)
    std::memcpy(bytes.data() + 10 + header.size(), data, byte_size);
  return bytes;
}

}  // namespace kiln::run
