// SPDX-License-Identifier: Apache-2.0
//
// Loading models from files and memory, and querying their signature.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "TestUtil.h"

namespace kiln::testing {
namespace {

/// y = x (a Copy) plus w = the weights section, with a dynamic batch dim.
std::vector<uint8_t> BuildCopyModel() {
  ArtifactBuilder builder("copy");
  uint32_t weights = builder.AddWeights<float>({1.5f, 2.5f, 3.5f, 4.5f});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1, 3}, {"batch", ""});
  int64_t batch = f.AddDim(fb::DimOp::InputDim, 0, 0);  // dims[0]
  f.AddDim(fb::DimOp::Const, 12);                       // dims[1]
  int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 1);       // dims[2]
  f.AddOutput("y", fb::ElementType::F32, {-1, 3}, {"batch", ""}, {batch, 3});
  f.AddOutput("w", fb::ElementType::F32, {4});
  f.Copy(Input(0, bytes), Output(0, bytes), "copy_x");
  f.Copy(Weight(weights, 16), Output(1, 16), "copy_w");
  return builder.Build();
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/kiln_load_test_" +
         std::to_string(getpid()) + "_" + name;
}

void ExpectCopyModelRuns(const Model& model) {
  Session session(model);
  Tensor x = FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6});
  session.BindInput("x", x);
  session.Run();
  Tensor y = session.GetOutput("y");
  EXPECT_EQ(y.shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Values<float>(y), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Values<float>(session.GetOutput("w")),
            (std::vector<float>{1.5f, 2.5f, 3.5f, 4.5f}));
}

TEST(LoadTest, FromFile) {
  std::vector<uint8_t> bytes = BuildCopyModel();
  std::string path = TempPath("copy.kiln");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  Model model = Model::LoadFile(path);
  std::remove(path.c_str());  // the mapping keeps the bytes
  EXPECT_EQ(model.name(), "copy");
  EXPECT_EQ(model.producer(), "kiln tests");
  ExpectCopyModelRuns(model);
}

TEST(LoadTest, FromMemoryCopied) {
  std::vector<uint8_t> bytes = BuildCopyModel();
  Model model = Model::LoadMemory(bytes.data(), bytes.size(), /*copy=*/true);
  bytes.assign(bytes.size(), 0);  // the model has its own copy
  ExpectCopyModelRuns(model);
}

TEST(LoadTest, FromAlignedMemoryUsesTheBytesInPlace) {
  std::vector<uint8_t> bytes = BuildCopyModel();
  size_t size = (bytes.size() + 63) / 64 * 64;
  std::unique_ptr<uint8_t, decltype(&std::free)> aligned(
      static_cast<uint8_t*>(std::aligned_alloc(64, size)), &std::free);
  std::memcpy(aligned.get(), bytes.data(), bytes.size());
  Model in_place = Model::LoadMemory(aligned.get(), bytes.size());
  Model copied = Model::LoadMemory(aligned.get(), bytes.size(), true);
  // Weights are not covered by the checksum: changing them after loading
  // shows which model reads the caller's bytes.
  const auto* root = fb::GetModel(aligned.get());
  float changed = 9.0f;
  std::memcpy(aligned.get() + root->sections()->Get(0)->offset(), &changed, 4);
  for (const Model* model : {&in_place, &copied}) {
    Session session(*model);
    session.BindInput("x", FloatTensor({1, 3}, {0, 0, 0}));
    session.Run();
    float first = Values<float>(session.GetOutput("w"))[0];
    EXPECT_EQ(first, model == &in_place ? 9.0f : 1.5f);
  }
}

TEST(LoadTest, FromUnalignedMemoryCopies) {
  std::vector<uint8_t> bytes = BuildCopyModel();
  std::vector<uint8_t> shifted(bytes.size() + 1);
  std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
  Model model = Model::LoadMemory(shifted.data() + 1, bytes.size());
  shifted.assign(shifted.size(), 0);
  ExpectCopyModelRuns(model);
}

TEST(LoadTest, SessionsKeepTheModelAlive) {
  std::vector<uint8_t> bytes = BuildCopyModel();
  kiln_model_t model = nullptr;
  ASSERT_EQ(kiln_model_load_memory(bytes.data(), bytes.size(),
                                   KILN_MODEL_LOAD_COPY, &model),
            nullptr);
  kiln_session_t session = nullptr;
  ASSERT_EQ(kiln_session_create(model, nullptr, &session), nullptr);
  kiln_model_release(model);
  Tensor x = FloatTensor({1, 3}, {7, 8, 9});
  ASSERT_EQ(kiln_session_bind_input(session, "x", x.get()), nullptr);
  ASSERT_EQ(kiln_session_run(session), nullptr);
  kiln_tensor_t y = nullptr;
  ASSERT_EQ(kiln_session_get_output(session, "y", &y), nullptr);
  kiln_session_release(session);
  // Outputs outlive their session.
  EXPECT_EQ(static_cast<float*>(kiln_tensor_data(y))[2], 9.0f);
  kiln_tensor_release(y);
}

TEST(LoadTest, MissingFile) {
  kiln_model_t model = nullptr;
  EXPECT_TRUE(IsError(kiln_model_load_file("/nonexistent/m.kiln", &model),
                      KILN_STATUS_NOT_FOUND,
                      "/nonexistent/m.kiln: cannot open: No such file"));
  EXPECT_EQ(model, nullptr);
}

TEST(LoadTest, EmptyAndForeignFiles) {
  std::string path = TempPath("empty.kiln");
  { std::ofstream out(path); }
  kiln_model_t model = nullptr;
  EXPECT_TRUE(IsError(kiln_model_load_file(path.c_str(), &model),
                      KILN_STATUS_DATA_LOSS, "the file is empty"));
  {
    std::ofstream out(path);
    out << "ir_version: 7, definitely not a FlatBuffer";
  }
  EXPECT_TRUE(IsError(kiln_model_load_file(path.c_str(), &model),
                      KILN_STATUS_DATA_LOSS, "not a Kiln artifact"));
  std::remove(path.c_str());
  uint8_t few[4] = {1, 2, 3, 4};
  EXPECT_TRUE(IsError(kiln_model_load_memory(few, 4, 0, &model),
                      KILN_STATUS_DATA_LOSS, "4 bytes is too short"));
  EXPECT_TRUE(IsError(kiln_model_load_memory(nullptr, 0, 0, &model),
                      KILN_STATUS_DATA_LOSS, "no bytes"));
  EXPECT_TRUE(IsError(kiln_model_load_memory(few, 4, 7, &model),
                      KILN_STATUS_INVALID_ARGUMENT, "unknown flags"));
}

TEST(LoadTest, NewerFormatVersionIsRejected) {
  ArtifactBuilder builder;
  builder.model().format_version = 5;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("y", fb::ElementType::F32, {1});
  f.Fill(Output(0, 4), 0, 1);
  std::vector<uint8_t> bytes = builder.Build();
  kiln_model_t model = nullptr;
  EXPECT_TRUE(
      IsError(kiln_model_load_memory(bytes.data(), bytes.size(), 1, &model),
              KILN_STATUS_UNIMPLEMENTED,
              "artifact format_version 5 is newer than this runtime reads (4); "
              "upgrade the Kiln runtime"));
  EXPECT_EQ(kiln_artifact_format_version(), 4u);
}

TEST(LoadTest, Signature) {
  ArtifactBuilder builder("signature");
  FunctionBuilder main = builder.AddFunction("main");
  main.AddInput("image", fb::ElementType::F32, {-1, 3, -1, 224},
                {"batch", "", "height", ""});
  main.AddInput("ids", fb::ElementType::I64, {-1}, {"batch"});
  int64_t batch = main.AddDim(fb::DimOp::InputDim, 0, 0);
  main.AddOutput("logits", fb::ElementType::F32, {-1, 1000}, {"batch", ""},
                 {batch, 1000});
  main.Fill(Output(0, 0), 0, 1);
  FunctionBuilder eval = builder.AddFunction("eval");
  eval.AddOutput("loss", fb::ElementType::F64, {});
  eval.Fill(Output(0, 8), 0, 8);
  Model model = LoadBytes(builder.Build());

  EXPECT_EQ(model.functions(), (std::vector<std::string>{"main", "eval"}));
  EXPECT_EQ(model.FindFunction("eval"), 1u);
  std::vector<TensorInfo> inputs = model.Inputs("main");
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].name, "image");
  EXPECT_EQ(inputs[0].dtype, KILN_DTYPE_F32);
  EXPECT_EQ(inputs[0].shape, (std::vector<int64_t>{-1, 3, -1, 224}));
  EXPECT_EQ(inputs[0].dim_names,
            (std::vector<std::string>{"batch", "", "height", ""}));
  EXPECT_EQ(inputs[1].dtype, KILN_DTYPE_I64);
  std::vector<TensorInfo> outputs = model.Outputs("main");
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].name, "logits");
  EXPECT_EQ(outputs[0].shape, (std::vector<int64_t>{-1, 1000}));
  std::vector<TensorInfo> eval_outputs = model.Outputs("eval");
  ASSERT_EQ(eval_outputs.size(), 1u);
  EXPECT_EQ(eval_outputs[0].dtype, KILN_DTYPE_F64);
  EXPECT_TRUE(eval_outputs[0].shape.empty());

  // The C API's errors.
  size_t index;
  EXPECT_TRUE(IsError(kiln_model_find_function(model.get(), "train", &index),
                      KILN_STATUS_NOT_FOUND,
                      "the model has no function 'train' (functions: "
                      "'main', 'eval')"));
  kiln_tensor_info_t info;
  EXPECT_TRUE(IsError(kiln_model_input_info(model.get(), 0, 2, &info),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "function 'main' has 2 inputs, index 2"));
  EXPECT_TRUE(IsError(kiln_model_output_info(model.get(), 5, 0, &info),
                      KILN_STATUS_INVALID_ARGUMENT, "function 5 of 2"));
  EXPECT_EQ(kiln_model_function_name(model.get(), 2), nullptr);
  EXPECT_EQ(kiln_model_input_count(model.get(), 1), 0u);
}

TEST(LoadTest, DtypeNamesAndSizes) {
  EXPECT_STREQ(kiln_dtype_name(KILN_DTYPE_BF16), "bf16");
  EXPECT_STREQ(kiln_dtype_name(KILN_DTYPE_BOOL), "bool");
  EXPECT_EQ(kiln_dtype_size(KILN_DTYPE_U64), 8u);
  EXPECT_EQ(kiln_dtype_size(KILN_DTYPE_F16), 2u);
  EXPECT_EQ(kiln_dtype_size(static_cast<kiln_dtype_t>(42)), 0u);
}

}  // namespace
}  // namespace kiln::testing
