// SPDX-License-Identifier: Apache-2.0
//
// Kernel dispatch with a real compiled shared object (loaded through memfd +
// dlopen), copies and fills.
#include <gtest/gtest.h>

#include "TestUtil.h"

namespace kiln::testing {
namespace {

constexpr int kAddTiles = 0, kGridIds = 1, kDouble = 2;

uint32_t AddTestExecutable(ArtifactBuilder& builder) {
  return builder.AddExecutable(
      TestKernelObject(),
      {"kiln_test_add_tiles", "kiln_test_grid_ids", "kiln_test_double"});
}

TEST(DispatchTest, TwoDimensionalGrid) {
  // out = a + 2b over 7x10, in 4x4 tiles: a grid of 3 x 2 workgroups.
  ArtifactBuilder builder;
  AddTestExecutable(builder);
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::F32, {7, 10});
  f.AddInput("b", fb::ElementType::F32, {7, 10});
  f.AddOutput("out", fb::ElementType::F32, {7, 10});
  f.AddDim(fb::DimOp::Const, 7);
  f.AddDim(fb::DimOp::Const, 10);
  f.Dispatch(kAddTiles, {3, 2, 1},
             {Input(0, 280), Input(1, 280), Output(0, 280)}, "add");
  Model model = LoadBytes(builder.Build());
  for (int threads : {1, 2, 3}) {
    SessionOptions options;
    options.SetThreadCount(threads);
    Session session(model, options);
    std::vector<float> a = RandomFloats(70, 1), b = RandomFloats(70, 2);
    session.BindInput("a", FloatTensor({7, 10}, a));
    session.BindInput("b", FloatTensor({7, 10}, b));
    session.Run();
    std::vector<float> out = Values<float>(session.GetOutput("out"));
    for (size_t i = 0; i < 70; ++i) ASSERT_EQ(out[i], a[i] + 2 * b[i]) << i;
  }
}

TEST(DispatchTest, EveryWorkgroupRunsOnce) {
  ArtifactBuilder builder;
  AddTestExecutable(builder);
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("ids", fb::ElementType::I32, {2, 4, 3});
  f.AddDim(fb::DimOp::Const, 3);  // count_x
  f.AddDim(fb::DimOp::Const, 4);  // count_y
  f.Fill(Output(0, 96), 0, 4);
  f.Dispatch(kGridIds, {3, 4, 2}, {Output(0, 96)});
  Model model = LoadBytes(builder.Build());
  SessionOptions options;
  options.SetThreadCount(2);
  Session session(model, options);
  session.Run();
  std::vector<int32_t> ids = Values<int32_t>(session.GetOutput("ids"));
  for (int z = 0; z < 2; ++z) {
    for (int y = 0; y < 4; ++y) {
      for (int x = 0; x < 3; ++x) {
        EXPECT_EQ(ids[(z * 4 + y) * 3 + x], x + 100 * y + 10000 * z + 1);
      }
    }
  }
}

/// out = 2 * x with x of dynamic length n: the grid is ceil(n / 16).
std::vector<uint8_t> BuildDynamicDouble() {
  ArtifactBuilder builder;
  AddTestExecutable(builder);
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1}, {"n"});
  int64_t n = f.AddDim(fb::DimOp::InputDim, 0, 0);   // dims[0]
  int64_t sixteen = f.AddDim(fb::DimOp::Const, 16);  // dims[1]
  int64_t four = f.AddDim(fb::DimOp::Const, 4);      // dims[2]
  int64_t groups = f.AddDim(fb::DimOp::CeilDiv, 0, 1);
  int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 2);
  (void)sixteen;
  (void)four;
  f.AddOutput("y", fb::ElementType::F32, {-1}, {"n"}, {n});
  f.AddBuffer(bytes, 0, 1);
  f.Dispatch(kDouble, {groups, 1, 1}, {Input(0, bytes), Arena(0, bytes)});
  f.Copy(Arena(0, bytes), Output(0, bytes));
  return builder.Build();
}

TEST(DispatchTest, DynamicGridFromDims) {
  Model model = LoadBytes(BuildDynamicDouble());
  Session session(model);
  for (int64_t n : {37, 5, 16, 0, 37}) {
    std::vector<float> x = RandomFloats(static_cast<size_t>(n), 3);
    session.BindInput("x", FloatTensor({n}, x));
    session.Run();
    Tensor y = session.GetOutput("y");
    ASSERT_EQ(y.shape(), (std::vector<int64_t>{n}));
    std::vector<float> values = Values<float>(y);
    for (size_t i = 0; i < x.size(); ++i) ASSERT_EQ(values[i], 2 * x[i]);
  }
}

TEST(DispatchTest, MissingKernelSymbol) {
  ArtifactBuilder builder;
  builder.AddExecutable(TestKernelObject(), {"kiln_test_missing"});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("y", fb::ElementType::F32, {4});
  f.Dispatch(0, {1, 1, 1}, {Output(0, 16)});
  Model model = LoadBytes(builder.Build());
  kiln_session_t session = nullptr;
  EXPECT_TRUE(IsError(kiln_session_create(model.get(), nullptr, &session),
                      KILN_STATUS_NOT_FOUND,
                      "kernel 'kiln_test_missing' is not exported by the "
                      "object"));
  EXPECT_EQ(session, nullptr);
}

TEST(DispatchTest, NoExecutableForThisHost) {
  ArtifactBuilder builder;
  builder.AddExecutable(TestKernelObject(), {"kiln_test_double"},
                        "riscv32-unknown-elf");
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("y", fb::ElementType::F32, {4});
  f.Dispatch(0, {1, 1, 1}, {Output(0, 16)});
  FunctionBuilder g = builder.AddFunction("fill");
  g.AddOutput("y", fb::ElementType::F32, {4});
  g.Fill(Output(0, 16), 0, 1);
  Model model = LoadBytes(builder.Build());
  kiln_session_t session = nullptr;
  EXPECT_TRUE(IsError(kiln_session_create(model.get(), nullptr, &session),
                      KILN_STATUS_UNAVAILABLE,
                      "elf-so executable (it has: riscv32-unknown-elf "
                      "elf-so)"));
  // A function without dispatches still runs.
  SessionOptions options;
  options.SetFunction("fill");
  Session fill(model, options);
  fill.Run();
}

TEST(DispatchTest, CpuFeaturesAreChecked) {
  for (bool known : {true, false}) {
    ArtifactBuilder builder;
    // Every x86-64 CPU of the last twenty years has SSE3; no CPU has the
    // made-up feature, and a runtime cannot vouch for what it cannot check.
    std::string feature = known ? "sse3" : "kiln-made-up-feature";
    builder.AddExecutable(TestKernelObject(), {"kiln_test_double"},
                          HostTriple(), "elf-so", {feature});
    FunctionBuilder f = builder.AddFunction("main");
    f.AddOutput("y", fb::ElementType::F32, {4});
    f.Dispatch(0, {1, 1, 1}, {Output(0, 16)});
    Model model = LoadBytes(builder.Build());
    kiln_session_t session = nullptr;
    kiln_status_t status = kiln_session_create(model.get(), nullptr, &session);
    if (known) {
      EXPECT_EQ(status, nullptr) << kiln_status_message(status);
      kiln_session_release(session);
    } else {
      EXPECT_TRUE(IsError(status, KILN_STATUS_UNIMPLEMENTED,
                          "needs the CPU feature 'kiln-made-up-feature', "
                          "which this CPU lacks"));
    }
  }
}

TEST(DispatchTest, ObjectThatIsNotElf) {
  ArtifactBuilder builder;
  builder.AddExecutable(std::vector<uint8_t>(128, 0x90), {"kiln_test_double"});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("y", fb::ElementType::F32, {4});
  f.Dispatch(0, {1, 1, 1}, {Output(0, 16)});
  Model model = LoadBytes(builder.Build());
  kiln_session_t session = nullptr;
  EXPECT_TRUE(IsError(kiln_session_create(model.get(), nullptr, &session),
                      KILN_STATUS_DATA_LOSS, "the object is not an ELF file"));
}

TEST(DispatchTest, CopyAndFill) {
  ArtifactBuilder builder;
  uint32_t weights = builder.AddWeights<uint8_t>({1, 2, 3, 4, 5, 6, 7, 8});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::U8, {8});
  f.AddOutput("fills", fb::ElementType::U8, {32});
  f.AddOutput("copies", fb::ElementType::U8, {24});
  f.AddBuffer(16, 4, 5);
  f.Fill(Output(0, 5), 0xab, 1);       // 1-byte, odd length
  f.Fill(Output(0, 6, 5), 0x0102, 2);  // 2-byte pattern
  f.Fill(Output(0, 8, 11), 0xdeadbeef, 4);
  f.Fill(Output(0, 13, 19), 0x1122334455667788ull, 8);  // partial repeat
  f.Copy(Input(0, 8), Arena(0, 8, 8));
  f.Copy(Arena(0, 8, 8), Output(1, 8));
  f.Copy(Weight(weights, 8), Output(1, 8, 8));
  f.Fill(Output(1, 8, 16), 0x7f, 1);
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.BindInput(
      "x", MakeTensor<uint8_t>(KILN_DTYPE_U8, {8}, {9, 8, 7, 6, 5, 4, 3, 2}));
  session.Run();
  std::vector<uint8_t> fills = Values<uint8_t>(session.GetOutput("fills"));
  std::vector<uint8_t> expected = {
      0xab, 0xab, 0xab, 0xab, 0xab,                    // [0, 5)
      0x02, 0x01, 0x02, 0x01, 0x02, 0x01,              // [5, 11)
      0xef, 0xbe, 0xad, 0xde, 0xef, 0xbe, 0xad, 0xde,  // [11, 19)
      0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,  // [19, 32)
      0x88, 0x77, 0x66, 0x55, 0x44};
  EXPECT_EQ(fills, expected);
  std::vector<uint8_t> copies = Values<uint8_t>(session.GetOutput("copies"));
  EXPECT_EQ(copies,
            (std::vector<uint8_t>{
                9, 8, 7, 6, 5,    4,    3,    2,    1,    2,    3,    4,
                5, 6, 7, 8, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f}));
}

TEST(DispatchTest, RangesOutsideBuffersAtRunTime) {
  // The copy length depends on n; with n = 5 it exceeds the 16-byte output.
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1}, {"n"});
  f.AddOutput("y", fb::ElementType::F32, {4});
  f.AddDim(fb::DimOp::InputDim, 0, 0);
  f.AddDim(fb::DimOp::Const, 4);
  int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 1);
  f.Copy(Input(0, bytes), Output(0, bytes), "copy");
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.BindInput("x", FloatTensor({4}, {1, 2, 3, 4}));
  session.Run();
  session.BindInput("x", FloatTensor({5}, {1, 2, 3, 4, 5}));
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "command 0 'copy' (Copy): target [0, +20) exceeds "
                      "output 0 (16 bytes for these input shapes)"));
}

}  // namespace
}  // namespace kiln::testing
