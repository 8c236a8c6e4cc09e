// SPDX-License-Identifier: Apache-2.0
//
// kiln-test-artifact OUT.kiln: writes a small MLP artifact for the samples'
// tests, using everything the CPU runtime does: a dynamic batch dim, oneDNN
// calls with bias and a post-op, a kernel dispatch over a 2-D grid and a
// run-time planned arena.
//
//   h = relu(x W1 + b1)     x [batch, 4], W1 = 0.5, b1 = 0      (MatMul)
//   z = h + 2 h             kiln_test_add_tiles, 4x4 tiles      (Dispatch)
//   y = z W2 + b2           W2 = 0.25, b2 = [0, 1, 2]           (MatMul)
//
// With x all ones: h = 2, z = 6, y = [12, 13, 14] per row.
#include <cstdio>

#include "ArtifactBuilder.h"

using namespace kiln;
using namespace kiln::testing;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kiln-test-artifact OUT.kiln\n");
    return 2;
  }
  std::vector<uint8_t> kernels = ReadFileBytes(KILN_TEST_KERNELS_PATH);
  if (kernels.empty()) {
    std::fprintf(stderr, "kiln-test-artifact: error: cannot read %s\n",
                 KILN_TEST_KERNELS_PATH);
    return 1;
  }
  ArtifactBuilder builder("mlp");
  builder.AddExecutable(kernels, {"kiln_test_add_tiles"});
  uint32_t w1 = builder.AddWeights(std::vector<float>(4 * 8, 0.5f));
  uint32_t b1 = builder.AddWeights(std::vector<float>(8, 0.0f));
  uint32_t w2 = builder.AddWeights(std::vector<float>(8 * 3, 0.25f));
  uint32_t b2 = builder.AddWeights(std::vector<float>{0, 1, 2});

  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1, 4}, {"batch", ""});
  int64_t batch = f.AddDim(fb::DimOp::InputDim, 0, 0);  // dims[0]: rows
  f.AddDim(fb::DimOp::Const, 8);                        // dims[1]: columns
  f.AddDim(fb::DimOp::Const, 4);                        // dims[2]
  int64_t row_tiles = f.AddDim(fb::DimOp::CeilDiv, 0, 2);
  f.AddDim(fb::DimOp::Const, 32);  // dims[4]
  int64_t h_bytes = f.AddDim(fb::DimOp::Mul, 0, 4);
  f.AddDim(fb::DimOp::Const, 12);  // dims[6]
  int64_t y_bytes = f.AddDim(fb::DimOp::Mul, 0, 6);
  f.AddDim(fb::DimOp::Const, 16);  // dims[8]
  int64_t x_bytes = f.AddDim(fb::DimOp::Mul, 0, 8);
  f.AddOutput("y", fb::ElementType::F32, {-1, 3}, {"batch", ""}, {batch, 3});
  uint32_t h = f.AddBuffer(h_bytes, 0, 1);
  uint32_t z = f.AddBuffer(h_bytes, 1, 2);

  fb::MatMulT fc1;
  fc1.has_bias = true;
  fc1.post_ops.push_back(MakePostOp(fb::PostOpKind::Relu));
  fb::CallParamsUnion fc1_params;
  fc1_params.Set(std::move(fc1));
  std::vector<std::unique_ptr<fb::OperandT>> fc1_operands;
  fc1_operands.push_back(MakeOperand(Input(0, x_bytes), {batch, 4}));
  fc1_operands.push_back(MakeOperand(Weight(w1, 128), {4, 8}));
  fc1_operands.push_back(MakeOperand(Weight(b1, 32), {8}));
  f.Call(std::move(fc1_params), std::move(fc1_operands),
         MakeOperand(Arena(h, h_bytes), {batch, 8}), "fc1");

  f.Dispatch(0, {2, row_tiles, 1},
             {Arena(h, h_bytes), Arena(h, h_bytes), Arena(z, h_bytes)},
             "triple");

  fb::MatMulT fc2;
  fc2.has_bias = true;
  fb::CallParamsUnion fc2_params;
  fc2_params.Set(std::move(fc2));
  std::vector<std::unique_ptr<fb::OperandT>> fc2_operands;
  fc2_operands.push_back(MakeOperand(Arena(z, h_bytes), {batch, 8}));
  fc2_operands.push_back(MakeOperand(Weight(w2, 96), {8, 3}));
  fc2_operands.push_back(MakeOperand(Weight(b2, 12), {3}));
  f.Call(std::move(fc2_params), std::move(fc2_operands),
         MakeOperand(Output(0, y_bytes), {batch, 3}), "fc2");

  if (!builder.WriteFile(argv[1])) {
    std::fprintf(stderr, "kiln-test-artifact: error: cannot write %s\n",
                 argv[1]);
    return 1;
  }
  return 0;
}
