// SPDX-License-Identifier: Apache-2.0
//===- OnnxImporter.h - ONNX models to the kiln dialect ---------*- C++ -*-===//

#ifndef KILN_COMPILER_IMPORTERS_ONNX_ONNXIMPORTER_H
#define KILN_COMPILER_IMPORTERS_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringMap.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::kiln {

struct OnnxImportOptions {
  /// Static shapes that replace the model's input shapes (symbolic dims
  /// included), by input name.
  llvm::StringMap<SmallVector<int64_t>> inputShapes;
};

/// Imports `model` into a module with one `func.func @main` in the kiln
/// dialect. `modelPath` names the model in locations and anchors external
/// data files. Large initializers take over the model's raw buffers, so the
/// model's weights are moved out. Errors are reported as diagnostics located
/// at the offending node or value.
FailureOr<OwningOpRef<ModuleOp>>
importOnnxModel(MLIRContext *context, ::onnx::ModelProto &model,
                StringRef modelPath, const OnnxImportOptions &options);

/// Reads an ONNX model file, binary (`.onnx`) or in ONNX's textual syntax
/// (`.onnxtxt`), and imports it.
FailureOr<OwningOpRef<ModuleOp>>
importOnnxFile(MLIRContext *context, StringRef path,
               const OnnxImportOptions &options);

/// Registers the dialects an imported module uses.
void loadImportedDialects(MLIRContext *context);

} // namespace mlir::kiln

#endif // KILN_COMPILER_IMPORTERS_ONNX_ONNXIMPORTER_H
