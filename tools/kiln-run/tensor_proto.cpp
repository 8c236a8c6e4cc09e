// SPDX-License-Identifier: Apache-2.0
//
// ONNX TensorProto (onnx.proto3) decoded from the protobuf wire format by
// hand: only the fields a test-data tensor uses.
#include <cstring>

#include "tensor_file.h"

namespace kiln::run {

namespace {

/// TensorProto.DataType values.
enum OnnxType {
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13,
  kBfloat16 = 16,
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUint4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
};

bool ToDtype(int64_t type, kiln_dtype_t* out) {
  switch (type) {
    case kFloat:
      *out = KILN_DTYPE_F32;
      return true;
    case kUint8:
      *out = KILN_DTYPE_U8;
      return true;
    case kInt8:
      *out = KILN_DTYPE_I8;
      return true;
    case kUint16:
      *out = KILN_DTYPE_U16;
      return true;
    case kInt16:
      *out = KILN_DTYPE_I16;
      return true;
    case kInt32:
      *out = KILN_DTYPE_I32;
      return true;
    case kInt64:
      *out = KILN_DTYPE_I64;
      return true;
    case kBool:
      *out = KILN_DTYPE_BOOL;
      return true;
    case kFloat16:
      *out = KILN_DTYPE_F16;
      return true;
    case kDouble:
      *out = KILN_DTYPE_F64;
      return true;
    case kUint32:
      *out = KILN_DTYPE_U32;
      return true;
    case kUint64:
      *out = KILN_DTYPE_U64;
      return true;
    case kBfloat16:
      *out = KILN_DTYPE_BF16;
      return true;
    case kFloat8E4M3FN:
      *out = KILN_DTYPE_F8E4M3FN;
      return true;
    case kFloat8E4M3FNUZ:
      *out = KILN_DTYPE_F8E4M3FNUZ;
      return true;
    case kFloat8E5M2:
      *out = KILN_DTYPE_F8E5M2;
      return true;
    case kFloat8E5M2FNUZ:
      *out = KILN_DTYPE_F8E5M2FNUZ;
      return true;
    case kUint4:
      *out = KILN_DTYPE_U4;
      return true;
    case kInt4:
      *out = KILN_DTYPE_I4;
      return true;
    case kFloat4E2M1:
      *out = KILN_DTYPE_F4E2M1FN;
      return true;
    case kFloat8E8M0:
      *out = KILN_DTYPE_F8E8M0FNU;
      return true;
    default:
      return false;
  }
}

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : at_(data), end_(data + size) {}
  bool done() const { return at_ >= end_; }

  bool Varint(uint64_t* out) {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= end_) return false;
      uint8_t byte = *at_++;
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) {
        *out = value;
        return true;
      }
    }
    return false;
  }
  bool Fixed(size_t size, uint64_t* out) {
    if (static_cast<size_t>(end_ - at_) < size) return false;
    *out = 0;
    std::memcpy(out, at_, size);
    at_ += size;
    return true;
  }
  bool Bytes(const uint8_t** data, size_t* size) {
    uint64_t length;
    if (!Varint(&length) || length > static_cast<uint64_t>(end_ - at_)) {
      return false;
    }
    *data = at_;
    *size = static_cast<size_t>(length);
    at_ += length;
    return true;
  }

 private:
  const uint8_t* at_;
  const uint8_t* end_;
};

/// Reads the values of a repeated scalar field, packed or not.
bool RepeatedScalar(Reader& reader, int wire_type, int fixed_size,
                    std::vector<uint64_t>* out) {
  auto one = [&](Reader& from, uint64_t* value) {
    return fixed_size ? from.Fixed(static_cast<size_t>(fixed_size), value)
                      : from.Varint(value);
  };
  if (wire_type == 2) {
    const uint8_t* data;
    size_t size;
    if (!reader.Bytes(&data, &size)) return false;
    Reader packed(data, size);
    while (!packed.done()) {
      uint64_t value;
      if (!one(packed, &value)) return false;
      out->push_back(value);
    }
    return true;
  }
  int expected = fixed_size == 4 ? 5 : fixed_size == 8 ? 1 : 0;
  if (wire_type != expected) return false;
  uint64_t value;
  if (!one(reader, &value)) return false;
  out->push_back(value);
  return true;
}

bool Skip(Reader& reader, int wire_type) {
  uint64_t ignored;
  const uint8_t* data;
  size_t size;
  switch (wire_type) {
    case 0:
      return reader.Varint(&ignored);
    case 1:
      return reader.Fixed(8, &ignored);
    case 2:
      return reader.Bytes(&data, &size);
    case 5:
      return reader.Fixed(4, &ignored);
    default:
      return false;
  }
}

}  // namespace

bool ParseTensorProto(const std::vector<uint8_t>& bytes, HostTensor* out,
                      std::string* name, std::string* error) {
  Reader reader(bytes.data(), bytes.size());
  std::vector<uint64_t> dims, floats, int32s, int64s, doubles, uint64s;
  const uint8_t* raw = nullptr;
  size_t raw_size = 0;
  bool has_raw = false;
  int64_t data_type = 0;
  name->clear();
  while (!reader.done()) {
    uint64_t key;
    if (!reader.Varint(&key)) {
      *error = "malformed protobuf (truncated field key)";
      return false;
    }
    int field = static_cast<int>(key >> 3), wire = static_cast<int>(key & 7);
    bool ok = true;
    switch (field) {
      case 1:
        ok = RepeatedScalar(reader, wire, 0, &dims);
        break;
      case 2: {
        uint64_t value;
        ok = wire == 0 && reader.Varint(&value);
        data_type = static_cast<int64_t>(value);
        break;
      }
      case 4:
        ok = RepeatedScalar(reader, wire, 4, &floats);
        break;
      case 5:
        ok = RepeatedScalar(reader, wire, 0, &int32s);
        break;
      case 7:
        ok = RepeatedScalar(reader, wire, 0, &int64s);
        break;
      case 8: {
        const uint8_t* data;
        size_t size;
        ok = wire == 2 && reader.Bytes(&data, &size);
        if (ok) name->assign(reinterpret_cast<const char*>(data), size);
        break;
      }
      case 9:
        ok = wire == 2 && reader.Bytes(&raw, &raw_size);
        has_raw = ok;
        break;
      case 10:
        ok = RepeatedScalar(reader, wire, 8, &doubles);
        break;
      case 11:
        ok = RepeatedScalar(reader, wire, 0, &uint64s);
        break;
      case 14: {  // data_location: EXTERNAL is 1
        uint64_t value;
        ok = wire == 0 && reader.Varint(&value);
        if (ok && value == 1) {
          *error = "tensors with external data are not supported";
          return false;
        }
        break;
      }
      default:
        ok = Skip(reader, wire);
        break;
    }
    if (!ok) {
      *error = "malformed protobuf (field " + std::to_string(field) +
               ", wire type " + std::to_string(wire) + ")";
      return false;
    }
  }
  if (data_type == kString) {
    *error = "string tensors are not supported";
    return false;
  }
  if (!ToDtype(data_type, &out->dtype)) {
    *error = "unsupported TensorProto data_type " + std::to_string(data_type);
    return false;
  }
  if (dims.size() > KILN_MAX_RANK) {
    *error = "rank " + std::to_string(dims.size()) + " is too large";
    return false;
  }
  out->shape.clear();
  uint64_t count = 1;
  for (uint64_t dim : dims) {
    if (static_cast<int64_t>(dim) < 0 ||
        __builtin_mul_overflow(count, dim, &count) || count > (1ull << 40)) {
      *error = "the dims are negative or too large";
      return false;
    }
    out->shape.push_back(static_cast<int64_t>(dim));
  }
  // 4-bit types pack two elements per byte, in raw_data and in int32_data
  // (one packed byte per entry) alike.
  bool packed = kiln_dtype_bits(out->dtype) == 4;
  size_t element_size = packed ? 1 : kiln_dtype_size(out->dtype);
  size_t stored_count = packed ? static_cast<size_t>(count / 2 + count % 2)
                               : static_cast<size_t>(count);
  size_t bytes_needed = stored_count * element_size;
  out->data.assign(bytes_needed, 0);
  if (has_raw) {
    if (raw_size != bytes_needed) {
      *error = "raw_data holds " + std::to_string(raw_size) +
               " bytes, the dims need " + std::to_string(bytes_needed);
      return false;
    }
    if (bytes_needed) std::memcpy(out->data.data(), raw, bytes_needed);
    return true;
  }
  // Typed fields, per onnx.proto's comments on each.
  const std::vector<uint64_t>* values = nullptr;
  switch (out->dtype) {
    case KILN_DTYPE_F32:
      values = &floats;
      break;
    case KILN_DTYPE_F64:
      values = &doubles;
      break;
    case KILN_DTYPE_I64:
      values = &int64s;
      break;
    case KILN_DTYPE_U32:
    case KILN_DTYPE_U64:
      values = &uint64s;
      break;
    default:
      values = &int32s;
      break;  // i8..i32, u8, u16, bool, f16, bf16, float8, 4-bit pairs
  }
  if (values->size() != stored_count) {
    *error = "holds " + std::to_string(values->size()) +
             " values, the dims need " + std::to_string(stored_count);
    return false;
  }
  for (size_t i = 0; i < stored_count; ++i) {
    uint64_t value = (*values)[i];
    std::memcpy(out->data.data() + i * element_size, &value, element_size);
  }
  return true;
}

bool ReadTensorProto(const std::string& path, HostTensor* out,
                     std::string* name, std::string* error) {
  std::vector<uint8_t> bytes;
  if (!ReadFile(path, &bytes, error)) return false;
  if (!ParseTensorProto(bytes, out, name, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace kiln::run
