// SPDX-License-Identifier: Apache-2.0
//===- ModelReader.cpp - read an ONNX ModelProto from a file --------------===//

#include "compiler/importers/onnx/ModelReader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <onnx/onnx_pb.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>

using namespace mlir;

FailureOr<std::unique_ptr<::onnx::ModelProto>>
mlir::kiln::readOnnxModel(MLIRContext *context, StringRef path) {
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  int fd = ::open(path.str().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return emitError(loc) << "cannot open ONNX model: " << std::strerror(errno);

  // Stream from the file descriptor: protobuf reads the file in chunks
  // instead of a second whole-file copy in memory.
  google::protobuf::io::FileInputStream stream(fd);
  stream.SetCloseOnDelete(true);
  auto model = std::make_unique<::onnx::ModelProto>();
  if (!model->ParseFromZeroCopyStream(&stream)) {
    if (stream.GetErrno() != 0)
      return emitError(loc)
             << "cannot read ONNX model: " << std::strerror(stream.GetErrno());
    return emitError(loc) << "not an ONNX model (protobuf parsing failed)";
  }
  if (!model->has_graph())
    return emitError(loc) << "ONNX model holds no graph";
  return model;
}
