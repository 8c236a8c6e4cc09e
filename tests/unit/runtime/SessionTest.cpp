// SPDX-License-Identifier: Apache-2.0
//
// Session options, input and output binding, and their errors.
#include <gtest/gtest.h>

#include <cstdlib>

#include "TestUtil.h"

namespace kiln::testing {
namespace {

/// y = x + 0 (a copy), z = w (copy): x [batch, 3] f32, w [batch] i64.
std::vector<uint8_t> BuildTwoInputs() {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1, 3}, {"batch", ""});
  f.AddInput("w", fb::ElementType::I64, {-1}, {"batch"});
  int64_t batch = f.AddDim(fb::DimOp::InputDim, 0, 0);
  f.AddDim(fb::DimOp::Const, 12);
  int64_t x_bytes = f.AddDim(fb::DimOp::Mul, 0, 1);
  f.AddDim(fb::DimOp::Const, 8);
  int64_t w_bytes = f.AddDim(fb::DimOp::Mul, 0, 3);
  f.AddOutput("y", fb::ElementType::F32, {-1, 3}, {"batch", ""}, {batch, 3});
  f.AddOutput("z", fb::ElementType::I64, {-1}, {"batch"}, {batch});
  f.Copy(Input(0, x_bytes), Output(0, x_bytes));
  f.Copy(Input(1, w_bytes), Output(1, w_bytes));
  FunctionBuilder g = builder.AddFunction("other");
  g.AddOutput("one", fb::ElementType::U8, {1});
  g.Fill(Output(0, 1), 1, 1);
  return builder.Build();
}

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : model_(LoadBytes(BuildTwoInputs())), session_(model_) {}

  Model model_;
  Session session_;
};

TEST_F(SessionTest, RunsAndReturnsOutputs) {
  session_.BindInput("x", FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6}));
  session_.BindInput("w", MakeTensor<int64_t>(KILN_DTYPE_I64, {2}, {7, -8}));
  session_.Run();
  EXPECT_EQ(Values<float>(session_.GetOutput("y")),
            (std::vector<float>{1, 2, 3, 4, 5, 6}));
  Tensor z = session_.GetOutput("z");
  EXPECT_EQ(z.dtype(), KILN_DTYPE_I64);
  EXPECT_EQ(Values<int64_t>(z), (std::vector<int64_t>{7, -8}));
}

TEST_F(SessionTest, WrongInputName) {
  Tensor x = FloatTensor({1, 3}, {0, 0, 0});
  EXPECT_TRUE(IsError(kiln_session_bind_input(session_.get(), "X", x.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_bind_input: function 'main' has no input "
                      "'X' (inputs: 'x', 'w')"));
}

TEST_F(SessionTest, WrongDtype) {
  Tensor x = MakeTensor<double>(KILN_DTYPE_F64, {1, 3}, {0, 0, 0});
  EXPECT_TRUE(IsError(kiln_session_bind_input(session_.get(), "x", x.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "input 'x': expected dtype f32, given f64"));
}

TEST_F(SessionTest, WrongRank) {
  Tensor x = FloatTensor({3}, {0, 0, 0});
  EXPECT_TRUE(IsError(kiln_session_bind_input(session_.get(), "x", x.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "input 'x': expected rank 2 [?,3], given rank 1 [3]"));
}

TEST_F(SessionTest, StaticDimMismatch) {
  Tensor x = FloatTensor({1, 4}, {0, 0, 0, 0});
  EXPECT_TRUE(IsError(kiln_session_bind_input(session_.get(), "x", x.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "input 'x': dim 1 expected 3, given 4 (expected shape "
                      "[?,3], given [1,4])"));
}

TEST_F(SessionTest, DynamicDimsMustAgree) {
  session_.BindInput("x", FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6}));
  session_.BindInput("w", MakeTensor<int64_t>(KILN_DTYPE_I64, {3}, {1, 2, 3}));
  EXPECT_TRUE(IsError(kiln_session_run(session_.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "input 'w': dim 0 ('batch') is 3 but input 'x' dim 0 "
                      "('batch') is 2; dims with the same name must agree"));
}

TEST_F(SessionTest, MissingInput) {
  session_.BindInput("x", FloatTensor({1, 3}, {1, 2, 3}));
  EXPECT_TRUE(IsError(kiln_session_run(session_.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "input 'w' is not bound (function 'main' needs 'x', "
                      "'w')"));
  kiln_session_clear_bindings(session_.get());
  EXPECT_TRUE(IsError(kiln_session_run(session_.get()),
                      KILN_STATUS_INVALID_ARGUMENT, "input 'x' is not bound"));
}

TEST_F(SessionTest, OutputsBeforeARun) {
  kiln_tensor_t y = nullptr;
  EXPECT_TRUE(IsError(kiln_session_get_output(session_.get(), "y", &y),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "output 'y': no run has completed"));
  EXPECT_TRUE(IsError(kiln_session_get_output(session_.get(), "q", &y),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "has no output 'q' (outputs: 'y', 'z')"));
}

TEST_F(SessionTest, CallerProvidedOutputs) {
  Tensor y = Tensor::Create(KILN_DTYPE_F32, {100});  // capacity for 100
  session_.BindOutput("y", y);
  session_.BindInput("x", FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6}));
  session_.BindInput("w", MakeTensor<int64_t>(KILN_DTYPE_I64, {2}, {0, 0}));
  session_.Run();
  // Written in place, reshaped to the output's shape.
  EXPECT_EQ(y.shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(y.data<float>()[5], 6.0f);
  EXPECT_EQ(session_.GetOutput("y").get(), y.get());

  Tensor small = Tensor::Create(KILN_DTYPE_F32, {5});
  session_.BindOutput("y", small);
  EXPECT_TRUE(IsError(kiln_session_run(session_.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "output 'y': the bound tensor holds 20 bytes, the output "
                      "needs 24 (f32 [2,3])"));
  Tensor wrong = Tensor::Create(KILN_DTYPE_I32, {6});
  EXPECT_TRUE(
      IsError(kiln_session_bind_output(session_.get(), "y", wrong.get()),
              KILN_STATUS_INVALID_ARGUMENT,
              "output 'y': expected dtype f32, given i32"));
}

TEST_F(SessionTest, SessionOutputsAreReusedUnlessHeld) {
  session_.BindInput("x", FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6}));
  session_.BindInput("w", MakeTensor<int64_t>(KILN_DTYPE_I64, {2}, {0, 0}));
  session_.Run();
  void* first = session_.GetOutput("y").data();
  session_.Run();
  EXPECT_EQ(session_.GetOutput("y").data(), first);  // same shape: reused

  // A held output keeps its shape and data when the next run's shape changes.
  Tensor held = session_.GetOutput("y");
  session_.BindInput("x", FloatTensor({1, 3}, {9, 9, 9}));
  session_.BindInput("w", MakeTensor<int64_t>(KILN_DTYPE_I64, {1}, {0}));
  session_.Run();
  EXPECT_EQ(held.shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(held.data<float>()[0], 1.0f);
  EXPECT_EQ(Values<float>(session_.GetOutput("y")),
            (std::vector<float>{9, 9, 9}));
}

TEST_F(SessionTest, WrappedInputs) {
  alignas(64) float data[6] = {6, 5, 4, 3, 2, 1};
  alignas(64) int64_t ids[2] = {1, 2};
  session_.BindInput("x", Tensor::Wrap(KILN_DTYPE_F32, {2, 3}, data, 24));
  session_.BindInput("w", Tensor::Wrap(KILN_DTYPE_I64, {2}, ids, 16));
  session_.Run();
  EXPECT_EQ(Values<float>(session_.GetOutput("y")),
            (std::vector<float>{6, 5, 4, 3, 2, 1}));
  data[0] = 60;  // read at each run, not copied at binding
  session_.Run();
  EXPECT_EQ(Values<float>(session_.GetOutput("y"))[0], 60.0f);

  kiln_tensor_t tensor = nullptr;
  int64_t shape[] = {2, 3};
  EXPECT_TRUE(
      IsError(kiln_tensor_wrap(KILN_DTYPE_F32, shape, 2,
                               reinterpret_cast<char*>(data) + 4, 24, &tensor),
              KILN_STATUS_INVALID_ARGUMENT, "is not 16-byte aligned"));
  EXPECT_TRUE(IsError(
      kiln_tensor_wrap(KILN_DTYPE_F32, shape, 2, data, 20, &tensor),
      KILN_STATUS_INVALID_ARGUMENT, "20 bytes given, f32 [2,3] needs 24"));
  int64_t negative[] = {-1};
  EXPECT_TRUE(IsError(kiln_tensor_create(KILN_DTYPE_F32, negative, 1, &tensor),
                      KILN_STATUS_INVALID_ARGUMENT, "dim 0 is -1"));
}

TEST_F(SessionTest, Options) {
  SessionOptions gpu;
  gpu.SetDevice("gpu");
  kiln_session_t session = nullptr;
  EXPECT_TRUE(IsError(kiln_session_create(model_.get(), gpu.get(), &session),
                      KILN_STATUS_NOT_FOUND,
                      "unknown device 'gpu' (this build has: cpu"));
  SessionOptions second_cpu;
  second_cpu.SetDevice("cpu:1");
  EXPECT_TRUE(IsError(
      kiln_session_create(model_.get(), second_cpu.get(), &session),
      KILN_STATUS_NOT_FOUND, "device 'cpu:1': the CPU is one device"));
  SessionOptions bad_index;
  bad_index.SetDevice("cpu:first");
  EXPECT_TRUE(IsError(
      kiln_session_create(model_.get(), bad_index.get(), &session),
      KILN_STATUS_INVALID_ARGUMENT,
      "device 'cpu:first': expected cpu or cpu:N with N a device index"));
  SessionOptions first_cpu;
  first_cpu.SetDevice("cpu:0");
  ASSERT_EQ(kiln_session_create(model_.get(), first_cpu.get(), &session),
            nullptr);
  kiln_session_release(session);
  session = nullptr;
  SessionOptions missing;
  missing.SetFunction("train");
  EXPECT_TRUE(
      IsError(kiln_session_create(model_.get(), missing.get(), &session),
              KILN_STATUS_NOT_FOUND, "the model has no function 'train'"));
  kiln_session_options_t options = nullptr;
  ASSERT_EQ(kiln_session_options_create(&options), nullptr);
  EXPECT_TRUE(IsError(kiln_session_options_set_thread_count(options, -2),
                      KILN_STATUS_INVALID_ARGUMENT, "-2 is not in [0, 4096]"));
  kiln_session_options_release(options);

  SessionOptions other;
  other.SetFunction("other").SetThreadCount(1);
  Session session_other(model_, other);
  EXPECT_EQ(session_other.function(), 1u);
  session_other.Run();
  EXPECT_EQ(Values<uint8_t>(session_other.GetOutput("one")),
            (std::vector<uint8_t>{1}));
}

TEST_F(SessionTest, Profiling) {
  EXPECT_EQ(kiln_session_profile_count(session_.get()), 0u);
  kiln_profile_entry_t entry;
  EXPECT_TRUE(IsError(kiln_session_profile_entry(session_.get(), 0, &entry),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "index 0 is out of range (0 entries; profiling is off)"));

  SessionOptions options;
  options.SetProfiling(true);
  Session session(model_, options);
  session.BindInput("x", FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6}));
  session.BindInput("w", MakeTensor<int64_t>(KILN_DTYPE_I64, {2}, {7, -8}));
  session.Run();
  session.Run();
  std::vector<kiln_profile_entry_t> entries = session.Profile();
  ASSERT_EQ(entries.size(), 2u);  // main's two copies
  for (const kiln_profile_entry_t& copy : entries) {
    EXPECT_STREQ(copy.kind, "copy");
    EXPECT_STREQ(copy.name, "");
    EXPECT_EQ(copy.runs, 2u);
    EXPECT_EQ(copy.flops, 0u);
  }
  EXPECT_EQ(entries[0].bytes, 2u * 24);  // source and target, batch 2
  EXPECT_EQ(entries[1].bytes, 2u * 16);
  session.ResetProfile();
  EXPECT_EQ(session.Profile()[0].runs, 0u);
  EXPECT_EQ(session.Profile()[0].total_ns, 0u);
  EXPECT_TRUE(IsError(kiln_session_profile_entry(session.get(), 2, &entry),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "index 2 is out of range (2 entries)"));
}

TEST(SessionDefaultsTest, OnlyFunctionIsTheDefault) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("forward");
  f.AddOutput("y", fb::ElementType::U8, {2});
  f.Fill(Output(0, 2), 7, 1);
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.Run();
  EXPECT_EQ(Values<uint8_t>(session.GetOutput("y")),
            (std::vector<uint8_t>{7, 7}));

  ArtifactBuilder two;
  two.AddFunction("a").AddOutput("y", fb::ElementType::U8, {0});
  two.AddFunction("b").AddOutput("y", fb::ElementType::U8, {0});
  Model ambiguous = LoadBytes(two.Build());
  kiln_session_t session_ptr = nullptr;
  EXPECT_TRUE(
      IsError(kiln_session_create(ambiguous.get(), nullptr, &session_ptr),
              KILN_STATUS_NOT_FOUND,
              "choose a function with "
              "kiln_session_options_set_function"));
}

/// Two variants of "main": one for a Vulkan executable (listed first), one
/// for this host's CPU executable; a CPU session runs the CPU one.
TEST(SessionVariantTest, RunsTheVariantForItsDevice) {
  ArtifactBuilder builder;
  uint32_t vulkan =
      builder.AddExecutable({}, {}, "vulkan", "spirv", {});
  uint32_t cpu = builder.AddExecutable(TestKernelObject(), {"kiln_test_double"});
  for (auto [executable, value] : {std::pair{vulkan, 2}, std::pair{cpu, 1}}) {
    FunctionBuilder f = builder.AddFunction("main");
    f.AddOutput("y", fb::ElementType::U8, {2});
    f.Fill(Output(0, 2), value, 1);
    builder.model().functions.back()->executable = executable;
  }
  Model model = LoadBytes(builder.Build());
  EXPECT_EQ(kiln_model_function_count(model.get()), 1u);
  Session session(model);
  session.Run();
  EXPECT_EQ(Values<uint8_t>(session.GetOutput("y")),
            (std::vector<uint8_t>{1, 1}));
}

/// A function compiled for another device only: the session says what the
/// model has and how to compile it.
TEST(SessionVariantTest, NoVariantForTheDevice) {
  ArtifactBuilder builder;
  builder.AddExecutable({}, {}, "vulkan", "spirv", {});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("y", fb::ElementType::U8, {2});
  f.Fill(Output(0, 2), 1, 1);
  builder.model().functions.back()->executable = 0;
  Model model = LoadBytes(builder.Build());
  kiln_session_t session = nullptr;
  EXPECT_TRUE(IsError(kiln_session_create(model.get(), nullptr, &session),
                      KILN_STATUS_UNAVAILABLE,
                      "elf-so executable (it has: vulkan spirv); compile it "
                      "with kilnc --target=cpu"));
}

TEST(SessionDefaultsTest, NullArguments) {
  kiln_session_t session = nullptr;
  EXPECT_TRUE(IsError(kiln_session_create(nullptr, nullptr, &session),
                      KILN_STATUS_INVALID_ARGUMENT, "model is NULL"));
  EXPECT_TRUE(IsError(kiln_session_run(nullptr), KILN_STATUS_INVALID_ARGUMENT,
                      "session is NULL"));
  kiln_model_t model = nullptr;
  EXPECT_TRUE(IsError(kiln_model_load_file(nullptr, &model),
                      KILN_STATUS_INVALID_ARGUMENT, "path is NULL"));
  kiln_session_release(nullptr);
  kiln_model_release(nullptr);
  kiln_tensor_release(nullptr);
}

TEST(SessionDefaultsTest, CppWrapperThrows) {
  try {
    Model::LoadFile("/nonexistent.kiln");
    FAIL() << "no exception";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), KILN_STATUS_NOT_FOUND);
    EXPECT_NE(std::string(error.what()).find("/nonexistent.kiln"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace kiln::testing
