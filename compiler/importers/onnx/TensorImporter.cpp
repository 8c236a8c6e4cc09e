// SPDX-License-Identifier: Apache-2.0
//===- TensorImporter.cpp - ONNX types and tensors to MLIR ----------------===//

#include "compiler/importers/onnx/TensorImporter.h"

#include "dialects/kiln/IR/KilnTypes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace mlir::kiln;

/// Tensors of at least this many bytes become resources that own the
/// original buffer; smaller ones are copied into DenseElementsAttr, which
/// folders and the printer handle best.
static constexpr size_t kResourceThresholdBytes = 1024;

Type mlir::kiln::convertOnnxElementType(MLIRContext *context,
                                        int32_t dataType) {
  Builder b(context);
  auto unsignedType = [&](unsigned width) {
    return IntegerType::get(context, width, IntegerType::Unsigned);
  };
  switch (dataType) {
  case ::onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case ::onnx::TensorProto::UINT8:
    return unsignedType(8);
  case ::onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case ::onnx::TensorProto::UINT16:
    return unsignedType(16);
  case ::onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case ::onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case ::onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  case ::onnx::TensorProto::BOOL:
    return b.getI1Type();
  case ::onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case ::onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case ::onnx::TensorProto::UINT32:
    return unsignedType(32);
  case ::onnx::TensorProto::UINT64:
    return unsignedType(64);
  case ::onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  // Newer than Debian's ONNX 1.12 schemas, so by number: the float8 types
  // (opset 19), int4/uint4 (21), float4 (23) and the e8m0 scale type (24).
  case 17:
    return Float8E4M3FNType::get(context);
  case 18:
    return Float8E4M3FNUZType::get(context);
  case 19:
    return Float8E5M2Type::get(context);
  case 20:
    return Float8E5M2FNUZType::get(context);
  case 21:
    return unsignedType(4);
  case 22:
    return b.getIntegerType(4);
  case 23:
    return Float4E2M1FNType::get(context);
  case 24:
    return Float8E8M0FNUType::get(context);
  default:
    return nullptr;
  }
}

std::string mlir::kiln::getOnnxElementTypeName(int32_t dataType) {
  // Types newer than the schemas Debian ships are named here.
  switch (dataType) {
  case 17:
    return "FLOAT8E4M3FN";
  case 18:
    return "FLOAT8E4M3FNUZ";
  case 19:
    return "FLOAT8E5M2";
  case 20:
    return "FLOAT8E5M2FNUZ";
  case 21:
    return "UINT4";
  case 22:
    return "INT4";
  case 23:
    return "FLOAT4E2M1";
  case 24:
    return "FLOAT8E8M0";
  }
  if (::onnx::TensorProto::DataType_IsValid(dataType))
    return ::onnx::TensorProto::DataType_Name(
        static_cast<::onnx::TensorProto::DataType>(dataType));
  return "data type " + std::to_string(dataType);
}

FailureOr<Type>
mlir::kiln::convertOnnxType(MLIRContext *context, const ::onnx::TypeProto &type,
                            function_ref<InFlightDiagnostic()> emitError) {
  if (type.has_sequence_type()) {
    const ::onnx::TypeProto::Sequence &sequence = type.sequence_type();
    if (!sequence.has_elem_type())
      return emitError() << "sequence type without an element type";
    FailureOr<Type> element =
        convertOnnxType(context, sequence.elem_type(), emitError);
    if (failed(element))
      return failure();
    auto tensor = dyn_cast<TensorType>(*element);
    if (!tensor)
      return emitError() << "sequences of " << *element
                         << " are not supported (only sequences of tensors)";
    return Type(SequenceType::get(tensor));
  }
  if (type.has_optional_type()) {
    const ::onnx::TypeProto::Optional &optional = type.optional_type();
    if (!optional.has_elem_type())
      return emitError() << "optional type without an element type";
    FailureOr<Type> value =
        convertOnnxType(context, optional.elem_type(), emitError);
    if (failed(value))
      return failure();
    if (!isa<TensorType, SequenceType>(*value))
      return emitError() << "optionals of " << *value
                         << " are not supported (only of tensors and "
                            "sequences)";
    return Type(OptionalType::get(*value));
  }
  if (!type.has_tensor_type()) {
    const char *kind = type.has_map_type()             ? "map"
                       : type.has_sparse_tensor_type() ? "sparse tensor"
                                                       : "non-tensor";
    return emitError() << kind << " values are not supported";
  }
  const ::onnx::TypeProto::Tensor &tensor = type.tensor_type();
  Type elementType = convertOnnxElementType(context, tensor.elem_type());
  if (!elementType)
    return emitError() << "element type "
                       << getOnnxElementTypeName(tensor.elem_type())
                       << " is not supported";
  if (!tensor.has_shape())
    return Type(UnrankedTensorType::get(elementType));
  SmallVector<int64_t> shape;
  for (const ::onnx::TensorShapeProto::Dimension &dim : tensor.shape().dim())
    shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0
                        ? dim.dim_value()
                        : ShapedType::kDynamic);
  return Type(RankedTensorType::get(shape, elementType));
}

namespace {

/// Whether ONNX packs two elements of `elementType` into each byte (int4,
/// uint4, float4), lowest nibble first.
bool isPacked4Bit(Type elementType) {
  return elementType.getIntOrFloatBitWidth() == 4;
}

/// Bytes per element in memory: one for bool and for 4-bit types (MLIR
/// stores those unpacked, a byte each).
size_t getStorageBytes(Type elementType) {
  unsigned width = elementType.getIntOrFloatBitWidth();
  return width < 8 ? 1 : width / 8;
}

/// Bytes that `count` elements take in an ONNX file.
size_t getSerializedBytes(Type elementType, int64_t count) {
  return isPacked4Bit(elementType) ? (count + 1) / 2
                                   : count * getStorageBytes(elementType);
}

/// Unpacks ONNX's two-per-byte 4-bit elements into a byte each.
std::string unpack4Bit(ArrayRef<char> packed, int64_t count) {
  std::string bytes(count, '\0');
  for (int64_t i = 0; i < count; ++i) {
    uint8_t byte = static_cast<uint8_t>(packed[i / 2]);
    bytes[i] = static_cast<char>(i % 2 == 0 ? byte & 0xF : byte >> 4);
  }
  return bytes;
}

/// A name usable as a resource key.
std::string getResourceName(StringRef tensorName) {
  std::string name = "onnx.";
  for (char c : tensorName)
    name += llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_';
  return name;
}

/// The largest power of two (up to 64) that `data`'s address is aligned to.
size_t getAlignment(const char *data) {
  auto address = reinterpret_cast<uintptr_t>(data);
  size_t alignment = 64;
  while (alignment > 1 && address % alignment != 0)
    alignment /= 2;
  return alignment;
}

/// Builds an attribute over `bytes`: a resource that keeps `owner` alive when
/// the data is large and suitably aligned, else a copy.
template <typename Owner>
ElementsAttr makeElements(ShapedType type, StringRef name, ArrayRef<char> bytes,
                          Owner owner) {
  Type elementType = type.getElementType();
  size_t elementBytes = getStorageBytes(elementType);
  if (isPacked4Bit(elementType))
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(unpack4Bit(bytes, type.getNumElements())));
  if (elementType.isInteger(1)) {
    SmallVector<bool> values;
    values.reserve(bytes.size());
    for (char byte : bytes)
      values.push_back(byte != 0);
    return DenseElementsAttr::get(type, values);
  }
  if (bytes.size() >= kResourceThresholdBytes &&
      getAlignment(bytes.data()) >= elementBytes) {
    auto keepAlive = std::make_shared<Owner>(std::move(owner));
    AsmResourceBlob blob(
        bytes, elementBytes,
        [keepAlive](void *, size_t, size_t) mutable { keepAlive.reset(); },
        /*dataIsMutable=*/false);
    return DenseResourceElementsAttr::get(type, getResourceName(name),
                                          std::move(blob));
  }
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

/// Converts typed protobuf fields (float_data, int32_data, ...) to raw
/// little-endian bytes of `elementType`.
FailureOr<std::string> packTypedFields(const ::onnx::TensorProto &tensor,
                                       Type elementType, int64_t count,
                                       function_ref<InFlightDiagnostic()> err) {
  std::string bytes;
  if (isPacked4Bit(elementType)) {
    // One packed byte (two elements) per int32_data entry.
    int64_t numBytes = (count + 1) / 2;
    if (tensor.int32_data_size() != numBytes)
      return err() << "holds " << tensor.int32_data_size()
                   << " values in int32_data, expected " << numBytes
                   << " packed bytes";
    for (int32_t value : tensor.int32_data())
      bytes.push_back(static_cast<char>(value & 0xFF));
    return bytes;
  }
  size_t width = getStorageBytes(elementType);
  bytes.resize(count * width);
  auto store = [&](int64_t index, uint64_t bits) {
    std::memcpy(&bytes[index * width], &bits, width); // little-endian host
  };
  auto checkCount = [&](int size, StringRef field) -> LogicalResult {
    if (size == count)
      return success();
    return err() << "holds " << size << " values in " << field << ", expected "
                 << count;
  };

  switch (tensor.data_type()) {
  case ::onnx::TensorProto::FLOAT:
    if (failed(checkCount(tensor.float_data_size(), "float_data")))
      return failure();
    std::memcpy(bytes.data(), tensor.float_data().data(), count * 4);
    return bytes;
  case ::onnx::TensorProto::DOUBLE:
    if (failed(checkCount(tensor.double_data_size(), "double_data")))
      return failure();
    std::memcpy(bytes.data(), tensor.double_data().data(), count * 8);
    return bytes;
  case ::onnx::TensorProto::INT64:
    if (failed(checkCount(tensor.int64_data_size(), "int64_data")))
      return failure();
    std::memcpy(bytes.data(), tensor.int64_data().data(), count * 8);
    return bytes;
  case ::onnx::TensorProto::UINT32:
  case ::onnx::TensorProto::UINT64:
    if (failed(checkCount(tensor.uint64_data_size(), "uint64_data")))
      return failure();
    for (int64_t i = 0; i < count; ++i)
      store(i, tensor.uint64_data(i));
    return bytes;
  default:
    // INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16, BFLOAT16: one value
    // (or 16-bit pattern) per int32_data entry.
    if (failed(checkCount(tensor.int32_data_size(), "int32_data")))
      return failure();
    for (int64_t i = 0; i < count; ++i)
      store(i, static_cast<uint32_t>(tensor.int32_data(i)));
    return bytes;
  }
}

} // namespace

FailureOr<ElementsAttr> TensorImporter::import(::onnx::TensorProto &tensor,
                                               Location loc) {
  auto err = [&]() {
    return emitError(loc) << "tensor '" << tensor.name() << "' ";
  };
  Type elementType = convertOnnxElementType(context, tensor.data_type());
  if (!elementType)
    return err() << "has element type "
                 << getOnnxElementTypeName(tensor.data_type())
                 << ", which is not supported";
  if (tensor.has_segment())
    return err() << "is segmented, which is not supported";

  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0)
      return err() << "has negative dimension " << dim;
    shape.push_back(dim);
    count *= dim;
  }
  auto type = RankedTensorType::get(shape, elementType);
  size_t expectedBytes = getSerializedBytes(elementType, count);

  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL) {
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const ::onnx::StringStringEntryProto &entry : tensor.external_data()) {
      StringRef key = entry.key(), value = entry.value();
      uint64_t number = 0;
      if (key == "location") {
        location = value.str();
        continue;
      }
      if (key != "offset" && key != "length")
        continue; // checksum and other keys are informative
      if (value.getAsInteger(10, number))
        return err() << "has external data " << key << " '" << value
                     << "' that is not a number";
      if (key == "offset")
        offset = number;
      else
        length = number;
    }
    if (location.empty())
      return err() << "has external data without a location";
    if (llvm::sys::path::is_absolute(location))
      return err() << "has external data at absolute path '" << location
                   << "'; locations must be relative to the model's folder";

    // The file must lie inside the model's folder, also through symlinks.
    SmallString<256> dir, path;
    if (llvm::sys::fs::real_path(modelDir.empty() ? "." : modelDir, dir))
      return err() << "cannot resolve the model's folder '" << modelDir << "'";
    SmallString<256> joined(dir);
    llvm::sys::path::append(joined, location);
    if (std::error_code ec = llvm::sys::fs::real_path(joined, path))
      return err() << "has external data file '" << location
                   << "' that cannot be opened: " << ec.message();
    if (!StringRef(path).starts_with(
            (dir + llvm::sys::path::get_separator()).str()))
      return err() << "has external data location '" << location
                   << "' outside the model's folder";

    uint64_t fileSize;
    if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize))
      return err() << "cannot read external data file '" << location
                   << "': " << ec.message();
    uint64_t size = length.value_or(fileSize > offset ? fileSize - offset : 0);
    if (offset > fileSize || size > fileSize - offset)
      return err() << "has external data range [" << offset << ", "
                   << offset + size << ") beyond the end of '" << location
                   << "' (" << fileSize << " bytes)";
    if (size != expectedBytes)
      return err() << "has " << size << " bytes of external data, expected "
                   << expectedBytes << " for " << type;
    if (size == 0)
      return ElementsAttr(DenseElementsAttr::getFromRawBuffer(type, {}));
    auto buffer = llvm::MemoryBuffer::getFileSlice(path, size, offset,
                                                   /*IsVolatile=*/false);
    if (!buffer)
      return err() << "cannot map external data file '" << location
                   << "': " << buffer.getError().message();
    ArrayRef<char> bytes((*buffer)->getBufferStart(), size);
    return makeElements(type, tensor.name(), bytes, std::move(*buffer));
  }

  if (tensor.has_raw_data()) {
    if (tensor.raw_data().size() != expectedBytes)
      return err() << "holds " << tensor.raw_data().size()
                   << " bytes of raw_data, expected " << expectedBytes
                   << " for " << type;
    std::unique_ptr<std::string> raw(tensor.release_raw_data());
    ArrayRef<char> bytes(raw->data(), raw->size());
    return makeElements(type, tensor.name(), bytes, std::move(raw));
  }

  FailureOr<std::string> packed =
      packTypedFields(tensor, elementType, count, err);
  if (failed(packed))
    return failure();
  auto owned = std::make_unique<std::string>(std::move(*packed));
  ArrayRef<char> bytes(owned->data(), owned->size());
  return makeElements(type, tensor.name(), bytes, std::move(owned));
}
