// SPDX-License-Identifier: Apache-2.0
//===- KilnOpsTest.cpp - type inference of kiln ops -----------------------===//

#include "dialects/kiln/IR/KilnDialect.h"
#include "dialects/kiln/IR/ShapeUtils.h"
#include "passes/graph/Passes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

class KilnOpsTest : public ::testing::Test {
protected:
  KilnOpsTest() {
    context.loadDialect<func::FuncDialect, tensor::TensorDialect,
                        kiln::KilnDialect>();
  }

  Type type(StringRef text) { return parseType(text, &context); }

  /// Runs kiln-infer-shapes over `op` applied to operands of the given types
  /// and returns the refined result type as text, or "error" on failure.
  std::string inferResult(StringRef op, StringRef lhs, StringRef rhs) {
    std::string source =
        ("func.func @f(%a: " + lhs + ", %b: " + rhs + ") -> tensor<*xf32> {\n" +
         "  %0 = kiln." + op + " %a, %b : (" + lhs + ", " + rhs +
         ") -> tensor<*xf32>\n  return %0 : tensor<*xf32>\n}\n")
            .str();
    ScopedDiagnosticHandler silence(&context,
                                    [](Diagnostic &) { return success(); });
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, &context);
    if (!module)
      return "error";
    PassManager pm(&context);
    pm.addNestedPass<func::FuncOp>(kiln::createInferShapesPass());
    if (failed(pm.run(*module)))
      return "error";
    auto func = cast<func::FuncOp>(module->getBody()->front());
    std::string text;
    llvm::raw_string_ostream os(text);
    os << func.getResultTypes().front();
    return text;
  }

  MLIRContext context;
};

TEST_F(KilnOpsTest, RefineTypeTakesStaticDimsFromEither) {
  EXPECT_EQ(kiln::refineType(type("tensor<?x4xf32>"), type("tensor<2x?xf32>")),
            type("tensor<2x4xf32>"));
  EXPECT_EQ(kiln::refineType(type("tensor<*xf32>"), type("tensor<3xf32>")),
            type("tensor<3xf32>"));
  EXPECT_EQ(kiln::refineType(type("tensor<3xf32>"), type("tensor<*xf32>")),
            type("tensor<3xf32>"));
}

TEST_F(KilnOpsTest, RefineTypeRejectsContradictions) {
  EXPECT_FALSE(kiln::refineType(type("tensor<2xf32>"), type("tensor<3xf32>")));
  EXPECT_FALSE(
      kiln::refineType(type("tensor<2xf32>"), type("tensor<2x1xf32>")));
  EXPECT_FALSE(kiln::refineType(type("tensor<2xf32>"), type("tensor<2xf16>")));
}

struct InferCase {
  const char *op, *lhs, *rhs, *result;
};

TEST_F(KilnOpsTest, InfersResultTypes) {
  const InferCase cases[] = {
      // numpy matmul: matrices, 1-D promotion, batch broadcasting.
      {"matmul", "tensor<2x3xf32>", "tensor<3x4xf32>", "tensor<2x4xf32>"},
      {"matmul", "tensor<3xf32>", "tensor<3x4xf32>", "tensor<4xf32>"},
      {"matmul", "tensor<2x3xf32>", "tensor<3xf32>", "tensor<2xf32>"},
      {"matmul", "tensor<3xf32>", "tensor<3xf32>", "tensor<f32>"},
      {"matmul", "tensor<5x1x2x3xf32>", "tensor<4x3x6xf32>",
       "tensor<5x4x2x6xf32>"},
      {"matmul", "tensor<?x3xf32>", "tensor<3x?xf32>", "tensor<?x?xf32>"},
      {"matmul", "tensor<*xf32>", "tensor<3x4xf32>", "tensor<*xf32>"},
      {"matmul", "tensor<2x3xf32>", "tensor<4x5xf32>", "error"},
      {"matmul", "tensor<2x2x3xf32>", "tensor<3x3x4xf32>", "error"},
      {"matmul", "tensor<f32>", "tensor<3xf32>", "error"},
      // Elementwise broadcasting.
      {"add", "tensor<2x3xf32>", "tensor<3xf32>", "tensor<2x3xf32>"},
      {"sub", "tensor<2x1xf32>", "tensor<1x5xf32>", "tensor<2x5xf32>"},
      {"mul", "tensor<?x8xf32>", "tensor<8xf32>", "tensor<?x8xf32>"},
      {"div", "tensor<f32>", "tensor<4xf32>", "tensor<4xf32>"},
      {"add", "tensor<2x3xf32>", "tensor<4xf32>", "error"},
  };
  for (const InferCase &c : cases)
    EXPECT_EQ(inferResult(c.op, c.lhs, c.rhs), c.result)
        << "kiln." << c.op << " on " << c.lhs << " and " << c.rhs;
}

} // namespace
