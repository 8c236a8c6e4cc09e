// SPDX-License-Identifier: Apache-2.0
//
// One model, many sessions, many threads: shared weights (converted once)
// and executable, per-session arenas, primitives and scratch memory.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "Reference.h"
#include "TestUtil.h"

namespace kiln::testing {
namespace {

/// x [n, 3, 8, 8] -> c = relu(conv3x3(x) + b) [n, 4, 8, 8]
///   -> d = c + 2c (kiln_test_add_tiles over the [n, 256] view)
///   -> y = d [4n, 64] x W [64, 5]
struct Pipeline {
  std::vector<float> conv_w = RandomFloats(4 * 3 * 9, 21);
  std::vector<float> conv_b = RandomFloats(4, 22);
  std::vector<float> fc_w = RandomFloats(64 * 5, 23);

  std::vector<uint8_t> Build() const {
    ArtifactBuilder builder("pipeline");
    builder.AddExecutable(TestKernelObject(), {"kiln_test_add_tiles"});
    uint32_t w = builder.AddWeights(conv_w), b = builder.AddWeights(conv_b);
    uint32_t fc = builder.AddWeights(fc_w);
    FunctionBuilder f = builder.AddFunction("main");
    f.AddInput("x", fb::ElementType::F32, {-1, 3, 8, 8}, {"n", "", "", ""});
    int64_t n = f.AddDim(fb::DimOp::InputDim, 0, 0);   // 0: kernel rows
    f.AddDim(fb::DimOp::Const, 256);                   // 1: kernel columns
    f.AddDim(fb::DimOp::Const, 4);                     // 2
    int64_t rows = f.AddDim(fb::DimOp::Mul, 0, 2);     // 3: 4n
    f.AddDim(fb::DimOp::Const, 1024);                  // 4
    int64_t c_bytes = f.AddDim(fb::DimOp::Mul, 0, 4);  // 5
    f.AddDim(fb::DimOp::Const, 768);                   // 6
    int64_t x_bytes = f.AddDim(fb::DimOp::Mul, 0, 6);  // 7
    f.AddDim(fb::DimOp::Const, 80);                    // 8
    int64_t y_bytes = f.AddDim(fb::DimOp::Mul, 0, 8);  // 9
    int64_t row_tiles = f.AddDim(fb::DimOp::CeilDiv, 0, 2);  // 10
    f.AddOutput("y", fb::ElementType::F32, {-1, 5}, {"", ""}, {rows, 5});
    uint32_t c = f.AddBuffer(c_bytes, 0, 1);
    uint32_t d = f.AddBuffer(c_bytes, 1, 2);

    fb::ConvolutionT conv;
    conv.pads_begin = {1, 1};
    conv.pads_end = {1, 1};
    conv.has_bias = true;
    conv.post_ops.push_back(MakePostOp(fb::PostOpKind::Relu));
    fb::CallParamsUnion conv_params;
    conv_params.Set(std::move(conv));
    std::vector<std::unique_ptr<fb::OperandT>> conv_operands;
    conv_operands.push_back(MakeOperand(Input(0, x_bytes), {n, 3, 8, 8}));
    conv_operands.push_back(MakeOperand(Weight(w, 432), {4, 3, 3, 3}));
    conv_operands.push_back(MakeOperand(Weight(b, 16), {4}));
    f.Call(std::move(conv_params), std::move(conv_operands),
           MakeOperand(Arena(c, c_bytes), {n, 4, 8, 8}), "conv");

    f.Dispatch(0, {64, row_tiles, 1},
               {Arena(c, c_bytes), Arena(c, c_bytes), Arena(d, c_bytes)},
               "triple");

    fb::CallParamsUnion fc_params;
    fc_params.Set(fb::MatMulT());
    std::vector<std::unique_ptr<fb::OperandT>> fc_operands;
    fc_operands.push_back(MakeOperand(Arena(d, c_bytes), {rows, 64}));
    fc_operands.push_back(MakeOperand(Weight(fc, 1280), {64, 5}));
    f.Call(std::move(fc_params), std::move(fc_operands),
           MakeOperand(Output(0, y_bytes), {rows, 5}), "fc");
    return builder.Build();
  }

  std::vector<float> Reference(const std::vector<float>& x, int64_t n) const {
    ConvParams p{{}, {}, {1, 1}, {1, 1}, 1, false};
    std::vector<float> c = ReferenceConv(x, {n, 3, 8, 8}, conv_w, {4, 3, 3, 3},
                                         &conv_b, p, {n, 4, 8, 8});
    Apply(c, [](float v) { return 3.0f * std::max(v, 0.0f); });
    return ReferenceMatMul(c, {4 * n, 64}, fc_w, {64, 5}, nullptr, {}, false,
                           false, 1, 0, {4 * n, 5});
  }
};

TEST(ConcurrencyTest, ThreadsWithTheirOwnSessions) {
  Pipeline pipeline;
  Model model = LoadBytes(pipeline.Build());
  constexpr int kThreads = 4, kRuns = 12;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        SessionOptions options;
        options.SetThreadCount(1 + t % 2);
        Session session(model, options);
        for (int run = 0; run < kRuns; ++run) {
          int64_t n = 1 + (t + run) % 3;
          std::vector<float> x =
              RandomFloats(static_cast<size_t>(n * 192),
                           static_cast<uint32_t>(t * 100 + run));
          session.BindInput("x", FloatTensor({n, 3, 8, 8}, x));
          session.Run();
          std::vector<float> y = Values<float>(session.GetOutput("y"));
          std::vector<float> expected = pipeline.Reference(x, n);
          for (size_t i = 0; i < y.size(); ++i) {
            if (std::abs(y[i] - expected[i]) >
                1e-3f * std::max(1.0f, std::abs(expected[i]))) {
              ++failures;
              break;
            }
          }
        }
      } catch (const std::exception& error) {
        ADD_FAILURE() << "thread " << t << ": " << error.what();
        ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ConcurrencyTest, OneSessionRejectsAConcurrentCall) {
  // kiln_test_wait holds the run until the test releases it.
  ArtifactBuilder builder;
  builder.AddExecutable(TestKernelObject(), {"kiln_test_wait"});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("flag", fb::ElementType::I32, {4});
  f.AddOutput("started", fb::ElementType::I32, {4});
  f.Dispatch(0, {1, 1, 1}, {Input(0, 16), Output(0, 16)});
  Model model = LoadBytes(builder.Build());
  Session session(model);
  alignas(64) int32_t flag[4] = {0, 0, 0, 0};
  alignas(64) int32_t started[4] = {0, 0, 0, 0};
  session.BindInput("flag", Tensor::Wrap(KILN_DTYPE_I32, {4}, flag, 16));
  session.BindOutput("started", Tensor::Wrap(KILN_DTYPE_I32, {4}, started, 16));
  std::thread runner([&] { kiln::check(kiln_session_run(session.get())); });
  while (__atomic_load_n(&started[0], __ATOMIC_SEQ_CST) == 0) {
    std::this_thread::yield();
  }
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_run: the session is running on another "
                      "thread; use one session per thread"));
  Tensor other = Tensor::Create(KILN_DTYPE_I32, {4});
  EXPECT_TRUE(
      IsError(kiln_session_bind_input(session.get(), "flag", other.get()),
              KILN_STATUS_INVALID_ARGUMENT,
              "the session is running on another thread"));
  __atomic_store_n(&flag[0], 1, __ATOMIC_SEQ_CST);
  runner.join();
  session.Run();  // usable again
}

}  // namespace
}  // namespace kiln::testing
