// SPDX-License-Identifier: Apache-2.0
//===- ModelReader.h - read an ONNX ModelProto from a file ------*- C++ -*-===//

#ifndef KILN_COMPILER_IMPORTERS_ONNX_MODELREADER_H
#define KILN_COMPILER_IMPORTERS_ONNX_MODELREADER_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

#include <memory>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::kiln {

/// Reads the ONNX model at `path`. Reports an error located at the file (it
/// cannot be opened, is not an ONNX ModelProto, or holds no graph) to the
/// context's diagnostic handler and fails.
FailureOr<std::unique_ptr<::onnx::ModelProto>>
readOnnxModel(MLIRContext *context, StringRef path);

} // namespace mlir::kiln

#endif // KILN_COMPILER_IMPORTERS_ONNX_MODELREADER_H
