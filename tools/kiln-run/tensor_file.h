// SPDX-License-Identifier: Apache-2.0
//
// Tensors in files: NumPy .npy (read and write) and ONNX TensorProto .pb
// (read), parsed by hand so that kiln-run links nothing but the runtime.
#ifndef KILN_TOOLS_KILN_RUN_TENSOR_FILE_H_
#define KILN_TOOLS_KILN_RUN_TENSOR_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kiln/kiln.h"

namespace kiln::run {

/// A tensor read from or written to a file: little-endian, C order.
struct HostTensor {
  kiln_dtype_t dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

/// Reads a .npy file (format versions 1 to 3; dtypes f2/f4/f8, i1..i8,
/// u1..u8, b1; little-endian or byte-sized; C order). Returns false with a
/// one-line *error.
bool ReadNpy(const std::string& path, HostTensor* out, std::string* error);

/// Parses .npy bytes (as ReadNpy).
bool ParseNpy(const std::vector<uint8_t>& bytes, HostTensor* out,
              std::string* error);

/// The bytes of a version 1.0 .npy file holding `tensor` (`byte_size`
/// bytes in the C API's layout). bf16, float8 and float4 have no NumPy
/// dtype: they are written as f4 (the values converted exactly); 4-bit
/// integers are unpacked to i1/u1.
std::vector<uint8_t> EncodeNpy(kiln_dtype_t dtype,
                               const std::vector<int64_t>& shape,
                               const void* data, size_t byte_size);

/// Reads an ONNX TensorProto from a .pb file: dims, data_type, name and the
/// data from raw_data or the typed fields (float_data, int32_data,
/// int64_data, double_data, uint64_data). *name gets the proto's name ("" if
/// absent).
bool ReadTensorProto(const std::string& path, HostTensor* out,
                     std::string* name, std::string* error);

/// Parses TensorProto bytes (as ReadTensorProto).
bool ParseTensorProto(const std::vector<uint8_t>& bytes, HostTensor* out,
                      std::string* name, std::string* error);

/// bf16 <-> f32 (round to nearest even).
uint16_t FloatToBfloat16(float value);
float Bfloat16ToFloat(uint16_t value);

/// Whether `dtype` is a float8 or float4 type.
bool IsSmallFloat(kiln_dtype_t dtype);

/// The value of float8/float4 element `bits` of `dtype` (exact in f32).
float SmallFloatToFloat(kiln_dtype_t dtype, uint8_t bits);

/// Element `i` of a packed 4-bit tensor (two per byte, low nibble first).
uint8_t GetNibble(const uint8_t* packed, size_t i);
void SetNibble(uint8_t* packed, size_t i, uint8_t value);

/// Reads a whole file; false with *error on failure.
bool ReadFile(const std::string& path, std::vector<uint8_t>* out,
              std::string* error);

/// Writes `bytes` to `path` through a temporary file and a rename, so a
/// failure never leaves half a file.
bool WriteFileAtomically(const std::string& path,
                         const std::vector<uint8_t>& bytes, std::string* error);

}  // namespace kiln::run

#endif  // KILN_TOOLS_KILN_RUN_TENSOR_FILE_H_
