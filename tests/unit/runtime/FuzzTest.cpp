// SPDX-License-Identifier: Apache-2.0
//
// Random byte flips and truncations of a valid artifact: loading never
// crashes and reports DATA_LOSS (or UNIMPLEMENTED for a newer version).
// Some flips are resealed (checksums recomputed), as a buggy writer rather
// than a damaged disk would produce them, to exercise the structural and
// semantic checks behind the checksums; models that still load are run.
// Under the asan preset this runs with AddressSanitizer.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "TestUtil.h"
#include "kiln_checksum.h"

// Under AddressSanitizer, a failed allocation (a corrupted size asking for
// terabytes) returns null as it would without it, so the runtime's
// out-of-memory path runs instead of ASan aborting.
extern "C" const char* __asan_default_options() {
  return "allocator_may_return_null=1";
}

namespace kiln::testing {
namespace {

/// A model with weights, an executable, dims, a planned arena, a dispatch
/// (in "main") and library calls, copies and fills (in "calls").
std::vector<uint8_t> BuildFuzzModel() {
  ArtifactBuilder builder("fuzz");
  builder.AddExecutable(TestKernelObject(), {"kiln_test_double"});
  uint32_t w = builder.AddWeights(RandomFloats(2 * 2 * 3 * 3, 1));
  uint32_t fc = builder.AddWeights(RandomFloats(8 * 4, 2));

  FunctionBuilder main = builder.AddFunction("main");
  main.AddInput("x", fb::ElementType::F32, {-1}, {"n"});
  int64_t n = main.AddDim(fb::DimOp::InputDim, 0, 0);
  main.AddDim(fb::DimOp::Const, 16);
  main.AddDim(fb::DimOp::Const, 4);
  int64_t groups = main.AddDim(fb::DimOp::CeilDiv, 0, 1);
  int64_t bytes = main.AddDim(fb::DimOp::Mul, 0, 2);
  main.AddOutput("y", fb::ElementType::F32, {-1}, {"n"}, {n});
  main.AddBuffer(bytes, 0, 1);
  main.Dispatch(0, {groups, 1, 1}, {Input(0, bytes), Arena(0, bytes)});
  main.Copy(Arena(0, bytes), Output(0, bytes));

  FunctionBuilder calls = builder.AddFunction("calls");
  calls.AddInput("x", fb::ElementType::F32, {1, 2, 4, 4});
  calls.AddOutput("y", fb::ElementType::F32, {2, 8});
  calls.AddOutput("p", fb::ElementType::F32, {1, 2, 2, 2});
  calls.AddBuffer(128, 0, 1, 0);
  calls.AddBuffer(32, 2, 3, 128);
  calls.SetArenaSize(192);
  fb::ConvolutionT conv;
  conv.pads_begin = {1, 1};
  conv.pads_end = {1, 1};
  conv.strides = {2, 2};
  conv.post_ops.push_back(MakePostOp(fb::PostOpKind::Relu));
  fb::CallParamsUnion conv_params;
  conv_params.Set(std::move(conv));
  std::vector<std::unique_ptr<fb::OperandT>> conv_operands;
  conv_operands.push_back(MakeOperand(Input(0, 128), {1, 2, 4, 4}));
  conv_operands.push_back(MakeOperand(Weight(w, 144), {2, 2, 3, 3}));
  calls.Call(std::move(conv_params), std::move(conv_operands),
             MakeOperand(Arena(0, 32), {1, 2, 2, 2}), "conv");
  fb::PoolingT pool;
  pool.kind = fb::PoolKind::Max;
  pool.kernel = {1, 1};
  fb::CallParamsUnion pool_params;
  pool_params.Set(std::move(pool));
  std::vector<std::unique_ptr<fb::OperandT>> pool_operands;
  pool_operands.push_back(MakeOperand(Arena(0, 32), {1, 2, 2, 2}));
  calls.Call(std::move(pool_params), std::move(pool_operands),
             MakeOperand(Output(1, 32), {1, 2, 2, 2}), "pool");
  calls.Fill(Arena(1, 32), 0x3f800000, 4, "ones");
  fb::MatMulT matmul;
  matmul.post_ops.push_back(MakePostOp(fb::PostOpKind::Tanh));
  fb::CallParamsUnion matmul_params;
  matmul_params.Set(std::move(matmul));
  std::vector<std::unique_ptr<fb::OperandT>> matmul_operands;
  matmul_operands.push_back(MakeOperand(Arena(1, 32), {2, 4}));
  matmul_operands.push_back(MakeOperand(Weight(fc, 128), {4, 8}));
  calls.Call(std::move(matmul_params), std::move(matmul_operands),
             MakeOperand(Output(0, 64), {2, 8}), "fc");
  return builder.Build();
}

/// Whether running `model`'s function `index` is safe and quick: no
/// dispatch (generated kernels trust their grid) and small buffers.
bool SafeToRun(const fb::Model* model, uint32_t index) {
  const fb::Function* function = model->functions()->Get(index);
  if (function->commands()) {
    for (const fb::Command* command : *function->commands()) {
      if (command->op_type() == fb::CommandOp::Dispatch) return false;
      if (command->op_type() == fb::CommandOp::Call) {
        const fb::Call* call = command->op_as_Call();
        for (const auto* list : {call->operands(), call->results()}) {
          if (!list) continue;
          for (const fb::Operand* operand : *list) {
            int64_t elements = 1;
            if (!operand->shape()) continue;
            for (int64_t dim : *operand->shape()) {
              if (dim > 4096) return false;
              if (dim > 0) elements *= dim;
              if (elements > (1 << 20)) return false;
            }
          }
        }
      }
    }
  }
  auto small = [](int64_t size) { return size < (1 << 20); };
  if (function->buffers()) {
    for (const fb::ArenaBuffer* buffer : *function->buffers()) {
      if (!small(buffer->size())) return false;
    }
  }
  if (function->outputs()) {
    for (const fb::TensorType* output : *function->outputs()) {
      int64_t elements = 1;
      if (!output->shape()) continue;
      for (int64_t dim : *output->shape()) {
        if (dim > 0) elements *= dim;
        if (!small(elements)) return false;
      }
    }
  }
  return small(function->arena_size());
}

/// Loads `bytes`; when that works, queries the signature, creates a session
/// per function and runs those that are safe to run.
kiln_status_code_t Exercise(const std::vector<uint8_t>& bytes, bool run_all,
                            std::string* message = nullptr) {
  kiln_model_t model = nullptr;
  kiln_status_t status = kiln_model_load_memory(bytes.data(), bytes.size(),
                                                KILN_MODEL_LOAD_COPY, &model);
  kiln_status_code_t code = kiln_status_code(status);
  EXPECT_EQ(std::string(kiln_status_message(status)).find('\n'),
            std::string::npos);
  if (message) *message = kiln_status_message(status);
  kiln_status_release(status);
  if (model == nullptr) return code;
  const fb::Model* root = fb::GetModel(bytes.data());
  for (size_t f = 0; f < kiln_model_function_count(model); ++f) {
    std::vector<Tensor> inputs;
    for (size_t i = 0; i < kiln_model_input_count(model, f); ++i) {
      kiln_tensor_info_t info;
      EXPECT_EQ(kiln_model_input_info(model, f, i, &info), nullptr);
      std::vector<int64_t> shape(info.shape, info.shape + info.rank);
      bool small = true;
      int64_t elements = 1;
      for (int64_t& dim : shape) {
        if (dim < 0) dim = 3;
        elements *= std::max<int64_t>(dim, 1);
        small &= dim <= 4096 && elements <= (1 << 20);
      }
      if (!small) {
        inputs.clear();
        break;
      }
      kiln_tensor_t tensor = nullptr;
      kiln_status_release(
          kiln_tensor_create(info.dtype, shape.data(), shape.size(), &tensor));
      inputs.emplace_back(tensor);
    }
    kiln_session_options_t options = nullptr;
    kiln_session_options_create(&options);
    kiln_session_options_set_function(options,
                                      kiln_model_function_name(model, f));
    kiln_session_t session = nullptr;
    kiln_status_release(kiln_session_create(model, options, &session));
    kiln_session_options_release(options);
    if (session && (run_all || SafeToRun(root, static_cast<uint32_t>(f))) &&
        inputs.size() == kiln_model_input_count(model, f)) {
      for (size_t i = 0; i < inputs.size(); ++i) {
        kiln_tensor_info_t info;
        kiln_model_input_info(model, f, i, &info);
        if (inputs[i]) {
          kiln_status_release(
              kiln_session_bind_input(session, info.name, inputs[i].get()));
        }
      }
      kiln_status_release(kiln_session_run(session));
    }
    kiln_session_release(session);
  }
  kiln_model_release(model);
  return code;
}

TEST(FuzzTest, ValidModelBehaves) {
  std::vector<uint8_t> bytes = BuildFuzzModel();
  EXPECT_EQ(Exercise(bytes, true), KILN_STATUS_OK);
  Model model = LoadBytes(bytes);
  SessionOptions options;
  options.SetFunction("calls");
  Session session(model, options);
  session.BindInput("x", FloatTensor({1, 2, 4, 4}, RandomFloats(32, 3)));
  session.Run();
  // tanh(ones [2,4] x fc): every row the same.
  std::vector<float> y = Values<float>(session.GetOutput("y"));
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(y[i], y[8 + i]);
}

TEST(FuzzTest, ByteFlipsAndTruncations) {
  const std::vector<uint8_t> valid = BuildFuzzModel();
  const fb::Model* root = fb::GetModel(valid.data());
  size_t metadata_end = artifact::MetadataEnd(root, valid.size());
  // KILN_FUZZ_SEED and KILN_FUZZ_ITERATIONS run other or longer campaigns;
  // KILN_FUZZ_TRACE=FILE writes each case to FILE before running it.
  const char* seed = std::getenv("KILN_FUZZ_SEED");
  const char* iterations = std::getenv("KILN_FUZZ_ITERATIONS");
  const char* trace = std::getenv("KILN_FUZZ_TRACE");
  std::mt19937_64 random(seed ? std::strtoull(seed, nullptr, 10) : 1234);
  const int kIterations = iterations ? std::atoi(iterations) : 3000;
  int loaded = 0, resealed = 0;
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    std::vector<uint8_t> bytes = valid;
    int mode = iteration % 3;
    bool reseal = false;
    if (mode == 0) {  // flips anywhere
      int flips = 1 + static_cast<int>(random() % 4);
      for (int i = 0; i < flips; ++i) {
        bytes[random() % bytes.size()] ^=
            static_cast<uint8_t>(1 + random() % 255);
      }
    } else if (mode == 1) {  // truncation
      bytes.resize(random() % bytes.size());
    } else {  // metadata flips, resealed
      int flips = 1 + static_cast<int>(random() % 2);
      for (int i = 0; i < flips; ++i) {
        bytes[8 + random() % (metadata_end - 8)] ^=
            static_cast<uint8_t>(1 << (random() % 8));
      }
      flatbuffers::Verifier verifier(bytes.data(), bytes.size());
      if (fb::VerifyModelBuffer(verifier) &&
          artifact::MetadataEnd(fb::GetModel(bytes.data()), bytes.size()) ==
              metadata_end) {
        reseal = artifact::SealArtifact(bytes.data(), bytes.size());
        resealed += reseal;
      }
    }
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    if (trace) {  // the case about to run, for reproducing a crash
      std::fprintf(stderr, "iteration %d mode %d resealed %d\n", iteration,
                   mode, reseal);
      std::FILE* file = std::fopen(trace, "wb");
      std::fwrite(bytes.data(), 1, bytes.size(), file);
      std::fclose(file);
    }
    // Intact metadata (unsealed flips that loaded hit only weights or
    // padding) may run everything; resealed metadata may hold a grid a
    // generated kernel would trust, so dispatches are not run.
    std::string message;
    kiln_status_code_t code = Exercise(bytes, /*run_all=*/!reseal, &message);
    // The version is checked before the checksums (a newer format may
    // define them differently), so a damaged version reads as a newer one.
    bool newer = code == KILN_STATUS_UNIMPLEMENTED &&
                 message.find("format_version") != std::string::npos;
    EXPECT_TRUE(code == KILN_STATUS_OK || code == KILN_STATUS_DATA_LOSS ||
                newer)
        << kiln_status_code_name(code) << ": " << message;
    loaded += code == KILN_STATUS_OK;
  }
  // The resealed flips reach the semantic checks and some models load.
  EXPECT_GT(resealed, kIterations / 10);
  EXPECT_GT(loaded, 0);
}

}  // namespace
}  // namespace kiln::testing
