// SPDX-License-Identifier: Apache-2.0
//===- TensorImporter.h - ONNX types and tensors to MLIR --------*- C++ -*-===//

#ifndef KILN_COMPILER_IMPORTERS_ONNX_TENSORIMPORTER_H
#define KILN_COMPILER_IMPORTERS_ONNX_TENSORIMPORTER_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace onnx {
class TensorProto;
class TypeProto;
} // namespace onnx

namespace mlir::kiln {

/// The element type Kiln uses for ONNX's TensorProto.DataType `dataType`, or
/// null when Kiln does not support it.
Type convertOnnxElementType(MLIRContext *context, int32_t dataType);

/// ONNX's name of `dataType` ("FLOAT", "STRING", ...), for messages.
std::string getOnnxElementTypeName(int32_t dataType);

/// Converts an ONNX value type: a tensor type to a builtin tensor type
/// (symbolic or unknown dims become dynamic dims, a missing shape an
/// unranked tensor), a sequence or optional type to `!kiln.sequence` or
/// `!kiln.optional`. Reports maps, sparse tensors and unsupported element
/// types through `emitError`.
FailureOr<Type> convertOnnxType(MLIRContext *context,
                                const ::onnx::TypeProto &type,
                                function_ref<InFlightDiagnostic()> emitError);

/// Converts ONNX tensors (initializers, TENSOR attributes) to ElementsAttr.
/// Large tensors become resources that take over the protobuf's buffer or a
/// memory map of their external file, so weights are never copied.
class TensorImporter {
public:
  /// `modelDir` anchors external data files; they may not leave it.
  TensorImporter(MLIRContext *context, StringRef modelDir)
      : context(context), modelDir(modelDir.str()) {}

  /// Converts `tensor`, moving its raw data out when it is large.
  FailureOr<ElementsAttr> import(::onnx::TensorProto &tensor, Location loc);

private:
  MLIRContext *context;
  std::string modelDir;
};

} // namespace mlir::kiln

#endif // KILN_COMPILER_IMPORTERS_ONNX_TENSORIMPORTER_H
