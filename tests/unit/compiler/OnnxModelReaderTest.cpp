// SPDX-License-Identifier: Apache-2.0
//===- OnnxModelReaderTest.cpp - reading ONNX files -----------------------===//

#include "compiler/importers/onnx/ModelReader.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

using namespace mlir;

namespace {

class OnnxModelReaderTest : public ::testing::Test {
protected:
  ~OnnxModelReaderTest() override {
    for (const std::string &path : files)
      llvm::sys::fs::remove(path);
  }

  /// Writes `bytes` to a new temporary file and returns its path.
  std::string writeFile(StringRef bytes) {
    SmallString<128> path;
    int fd;
    EXPECT_FALSE(
        llvm::sys::fs::createTemporaryFile("kiln-test", "onnx", fd, path));
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << bytes;
    files.push_back(path.str().str());
    return files.back();
  }

  /// Reads `path`, expecting failure, and returns the reported error.
  std::string readError(StringRef path) {
    std::string message;
    ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
      message = diag.str();
      return success();
    });
    EXPECT_TRUE(failed(kiln::readOnnxModel(&context, path)));
    return message;
  }

  MLIRContext context;
  std::vector<std::string> files;
};

TEST_F(OnnxModelReaderTest, ReadsModel) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(17);
  onnx::NodeProto *node = model.mutable_graph()->add_node();
  node->set_op_type("Relu");
  node->add_input("x");
  node->add_output("y");
  std::string path = writeFile(model.SerializeAsString());

  FailureOr<std::unique_ptr<onnx::ModelProto>> read =
      kiln::readOnnxModel(&context, path);
  ASSERT_TRUE(succeeded(read));
  EXPECT_EQ((*read)->opset_import(0).version(), 17);
  ASSERT_EQ((*read)->graph().node_size(), 1);
  EXPECT_EQ((*read)->graph().node(0).op_type(), "Relu");
}

TEST_F(OnnxModelReaderTest, MissingFileIsReported) {
  EXPECT_EQ(readError("/nonexistent/model.onnx"),
            "cannot open ONNX model: No such file or directory");
}

TEST_F(OnnxModelReaderTest, GarbageIsReported) {
  EXPECT_EQ(readError(writeFile("\xff\xff\xff\xff not a protobuf")),
            "not an ONNX model (protobuf parsing failed)");
}

TEST_F(OnnxModelReaderTest, ModelWithoutGraphIsReported) {
  EXPECT_EQ(readError(writeFile("")), "ONNX model holds no graph");
}

} // namespace
