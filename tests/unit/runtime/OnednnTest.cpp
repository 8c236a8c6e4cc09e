// SPDX-License-Identifier: Apache-2.0
//
// Library calls through oneDNN, each checked against a naive reference.
#include <gtest/gtest.h>

#include <cmath>

#include "Reference.h"
#include "TestUtil.h"

namespace kiln::testing {
namespace {

/// An operand of a one-call model: bound as an input, or stored as weights.
struct Arg {
  Shape shape;
  std::vector<float> values;  // NC<spatial> order
  bool weight = false;
  bool channels_last = false;  // stored N<spatial>C
};

/// `values` of NC<spatial> `shape` reordered to N<spatial>C, or back.
std::vector<float> ChannelsLast(const std::vector<float>& values,
                                const Shape& shape, bool back = false) {
  int64_t n = shape[0], c = shape[1];
  int64_t spatial = Product(shape) / (n * c);
  std::vector<float> result(values.size());
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t k = 0; k < c; ++k) {
      for (int64_t s = 0; s < spatial; ++s) {
        size_t first = static_cast<size_t>((b * c + k) * spatial + s);
        size_t last = static_cast<size_t>((b * spatial + s) * c + k);
        if (back) {
          result[first] = values[last];
        } else {
          result[last] = values[first];
        }
      }
    }
  }
  return result;
}

Arg Random(Shape shape, uint32_t seed, bool weight = false) {
  size_t count = static_cast<size_t>(Product(shape));
  return {shape, RandomFloats(count, seed), weight};
}

int64_t Bytes(const Shape& shape) { return Product(shape) * 4; }

/// Builds a model whose "main" is one Call over `args` into y of
/// `result_shape`, runs it (twice, to exercise reuse) and returns y; with
/// `profile`, profiles the runs and gives the call's entry.
std::vector<float> RunCall(fb::CallParamsUnion params,
                           const std::vector<Arg>& args,
                           const Shape& result_shape,
                           kiln_profile_entry_t* profile = nullptr,
                           bool result_channels_last = false) {
  ArtifactBuilder builder("call");
  FunctionBuilder f = builder.AddFunction("main");
  std::vector<std::unique_ptr<fb::OperandT>> operands;
  std::vector<std::pair<std::string, const Arg*>> inputs;
  for (const Arg& arg : args) {
    if (arg.weight) {
      uint32_t section = builder.AddWeights(arg.values);
      operands.push_back(
          MakeOperand(Weight(section, Bytes(arg.shape)), arg.shape));
    } else {
      std::string name = "in" + std::to_string(inputs.size());
      uint32_t index = f.AddInput(name, fb::ElementType::F32, arg.shape);
      operands.push_back(
          MakeOperand(Input(index, Bytes(arg.shape)), arg.shape));
      inputs.emplace_back(name, &arg);
    }
    if (arg.channels_last) operands.back()->layout = fb::Layout::ChannelsLast;
  }
  f.AddOutput("y", fb::ElementType::F32, result_shape);
  auto result = MakeOperand(Output(0, Bytes(result_shape)), result_shape);
  if (result_channels_last) result->layout = fb::Layout::ChannelsLast;
  f.Call(std::move(params), std::move(operands), std::move(result), "call");
  Model model = LoadBytes(builder.Build());
  SessionOptions options;
  options.SetProfiling(profile != nullptr);
  Session session(model, options);
  for (auto& [name, arg] : inputs) {
    session.BindInput(name, FloatTensor(arg->shape,
                                        arg->channels_last
                                            ? ChannelsLast(arg->values,
                                                           arg->shape)
                                            : arg->values));
  }
  session.Run();
  std::vector<float> first = Values<float>(session.GetOutput("y"));
  session.Run();
  EXPECT_EQ(Values<float>(session.GetOutput("y")), first);
  if (result_channels_last) first = ChannelsLast(first, result_shape, true);
  if (profile) {
    std::vector<kiln_profile_entry_t> entries = session.Profile();
    EXPECT_EQ(entries.size(), 1u);
    if (!entries.empty()) *profile = entries[0];
  }
  return first;
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

struct ConvCase {
  const char* name;
  Shape x, w;
  ConvParams params;
  bool bias;
  bool constant_weights;
};

fb::CallParamsUnion ConvUnion(
    const ConvParams& p, bool bias,
    std::vector<std::unique_ptr<fb::PostOpT>> post = {}) {
  fb::ConvolutionT conv;
  conv.strides = p.strides;
  conv.dilations = p.dilations;
  conv.pads_begin = p.pads_begin;
  conv.pads_end = p.pads_end;
  conv.groups = p.groups;
  conv.transposed = p.transposed;
  conv.has_bias = bias;
  conv.post_ops = std::move(post);
  fb::CallParamsUnion params;
  params.Set(std::move(conv));
  return params;
}

TEST(OnednnTest, ConvolutionMatchesReference) {
  const ConvCase cases[] = {
      {"2-D padded, bias",
       {2, 3, 7, 6},
       {4, 3, 3, 3},
       {{1, 1}, {1, 1}, {1, 1}, {1, 1}, 1, false},
       true,
       true},
      {"strided, dilated, asymmetric pads",
       {1, 2, 9, 8},
       {3, 2, 3, 2},
       {{2, 1}, {2, 1}, {1, 0}, {0, 2}, 1, false},
       false,
       true},
      {"grouped",
       {1, 4, 5, 5},
       {6, 2, 3, 3},
       {{}, {}, {}, {}, 2, false},
       true,
       true},
      {"depthwise",
       {2, 3, 6, 6},
       {3, 1, 3, 3},
       {{1, 1}, {1, 1}, {1, 1}, {1, 1}, 3, false},
       true,
       true},
      {"1-D",
       {2, 3, 10},
       {5, 3, 3},
       {{2}, {1}, {1}, {0}, 1, false},
       true,
       true},
      {"3-D",
       {1, 2, 4, 5, 6},
       {3, 2, 2, 3, 2},
       {{1, 2, 1}, {1, 1, 2}, {0, 1, 1}, {1, 0, 0}, 1, false},
       false,
       true},
      {"weights at run time",
       {1, 3, 6, 6},
       {2, 3, 3, 3},
       {{1, 1}, {1, 1}, {0, 0}, {0, 0}, 1, false},
       true,
       false},
      {"transposed",
       {1, 3, 4, 4},
       {3, 2, 3, 3},
       {{2, 2}, {1, 1}, {1, 1}, {0, 0}, 1, true},
       true,
       true},
      {"transposed, grouped, output padding",
       {1, 4, 3, 3},
       {4, 1, 3, 3},
       {{2, 2}, {1, 1}, {0, 0}, {-1, -1}, 2, true},
       true,
       true},
      {"transposed 1-D dilated, weights at run time",
       {2, 2, 5},
       {2, 3, 2},
       {{3}, {2}, {1}, {0}, 1, true},
       false,
       false},
  };
  for (const ConvCase& test : cases) {
    SCOPED_TRACE(test.name);
    Arg x = Random(test.x, 1), w = Random(test.w, 2, test.constant_weights);
    Shape y = ConvOutputShape(test.x, test.w, test.params);
    std::vector<Arg> args = {x, w};
    if (test.bias) args.push_back(Random({y[1]}, 3, true));
    std::vector<float> actual =
        RunCall(ConvUnion(test.params, test.bias), args, y);
    std::vector<float> expected =
        ReferenceConv(x.values, x.shape, w.values, w.shape,
                      test.bias ? &args[2].values : nullptr, test.params, y);
    ExpectNear(actual, expected);
  }
}

//===----------------------------------------------------------------------===//
// Post-ops
//===----------------------------------------------------------------------===//

float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

TEST(OnednnTest, EltwisePostOps) {
  struct PostOpCase {
    fb::PostOpKind kind;
    float alpha, beta;
    float (*f)(float, float, float);
  };
  const PostOpCase cases[] = {
      {fb::PostOpKind::Relu, 0, 0,
       [](float x, float, float) { return x >= 0 ? x : 0.0f; }},
      {fb::PostOpKind::Relu, 0.1f, 0,
       [](float x, float a, float) { return x >= 0 ? x : a * x; }},
      {fb::PostOpKind::Clip, -0.5f, 0.25f,
       [](float x, float a, float b) { return std::min(std::max(x, a), b); }},
      {fb::PostOpKind::Sigmoid, 0, 0,
       [](float x, float, float) { return Sigmoid(x); }},
      {fb::PostOpKind::Tanh, 0, 0,
       [](float x, float, float) { return std::tanh(x); }},
      {fb::PostOpKind::GeluErf, 0, 0,
       [](float x, float, float) {
         return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f)));
       }},
      {fb::PostOpKind::GeluTanh, 0, 0,
       [](float x, float, float) {
         return 0.5f * x *
                (1.0f + std::tanh(std::sqrt(2.0f / 3.14159265f) *
                                  (x + 0.044715f * x * x * x)));
       }},
      {fb::PostOpKind::Swish, 1.5f, 0,
       [](float x, float a, float) { return x * Sigmoid(a * x); }},
      {fb::PostOpKind::Elu, 0.7f, 0,
       [](float x, float a, float) {
         return x > 0 ? x : a * (std::exp(x) - 1.0f);
       }},
      {fb::PostOpKind::Linear, 3.0f, -1.0f,
       [](float x, float a, float b) { return a * x + b; }},
  };
  Arg a = Random({3, 8}, 4), b = Random({8, 5}, 5, true);
  std::vector<float> product =
      ReferenceMatMul(a.values, a.shape, b.values, b.shape, nullptr, {}, false,
                      false, 1, 0, {3, 5});
  for (const PostOpCase& test : cases) {
    SCOPED_TRACE(fb::EnumNamePostOpKind(test.kind));
    fb::MatMulT matmul;
    matmul.post_ops.push_back(MakePostOp(test.kind, test.alpha, test.beta));
    fb::CallParamsUnion params;
    params.Set(std::move(matmul));
    std::vector<float> expected = product;
    Apply(expected, [&](float x) { return test.f(x, test.alpha, test.beta); });
    ExpectNear(RunCall(std::move(params), {a, b}, {3, 5}), expected, 1e-3f);
  }
}

TEST(OnednnTest, BinaryPostOpsWithBroadcast) {
  // y = relu((conv(x) + bias) * scale[c] + residual)
  ConvParams p{{1, 1}, {1, 1}, {1, 1}, {1, 1}, 1, false};
  Arg x = Random({2, 3, 5, 5}, 6), w = Random({4, 3, 3, 3}, 7, true);
  Arg bias = Random({4}, 8, true);
  Shape y = ConvOutputShape(x.shape, w.shape, p);
  Arg scale = Random({4, 1, 1}, 9);  // broadcasts as [1, 4, 1, 1]
  Arg residual = Random(y, 10);
  std::vector<std::unique_ptr<fb::PostOpT>> post;
  post.push_back(MakePostOp(fb::PostOpKind::Mul, 0, 0, 3));
  post.push_back(MakePostOp(fb::PostOpKind::Add, 0, 0, 4));
  post.push_back(MakePostOp(fb::PostOpKind::Relu));
  std::vector<float> actual = RunCall(ConvUnion(p, true, std::move(post)),
                                      {x, w, bias, scale, residual}, y);
  std::vector<float> expected =
      ReferenceConv(x.values, x.shape, w.values, w.shape, &bias.values, p, y);
  for (size_t i = 0; i < expected.size(); ++i) {
    size_t channel = (i / 25) % 4;
    expected[i] = std::max(
        0.0f, expected[i] * scale.values[channel] + residual.values[i]);
  }
  ExpectNear(actual, expected);
}

TEST(OnednnTest, StagedLayoutsWithResidual) {
  // Channel counts where oneDNN prefers NHWC or blocked activations: x and
  // y are staged in that layout around the call, and the residual becomes
  // the staged result's initial value (a sum post-op), then relu.
  ConvParams p{{1, 1}, {1, 1}, {1, 1}, {1, 1}, 1, false};
  Arg x = Random({2, 32, 9, 7}, 14), w = Random({48, 32, 3, 3}, 15, true);
  Arg bias = Random({48}, 16, true);
  Shape y = ConvOutputShape(x.shape, w.shape, p);
  Arg residual = Random(y, 17);
  std::vector<std::unique_ptr<fb::PostOpT>> post;
  post.push_back(MakePostOp(fb::PostOpKind::Add, 0, 0, 3));
  post.push_back(MakePostOp(fb::PostOpKind::Relu));
  std::vector<float> actual = RunCall(ConvUnion(p, true, std::move(post)),
                                      {x, w, bias, residual}, y);
  std::vector<float> expected =
      ReferenceConv(x.values, x.shape, w.values, w.shape, &bias.values, p, y);
  for (size_t i = 0; i < expected.size(); ++i) {
    expected[i] = std::max(0.0f, expected[i] + residual.values[i]);
  }
  ExpectNear(actual, expected);
}

TEST(OnednnTest, ChannelsLastActivations) {
  // Every mix of layouts for x, the residual addend and y gives the same
  // values: a call reorders only what its primitive does not take as given.
  ConvParams p{{1, 1}, {1, 1}, {1, 1}, {1, 1}, 1, false};
  Arg x = Random({2, 32, 9, 7}, 18), w = Random({48, 32, 3, 3}, 19, true);
  Arg bias = Random({48}, 20, true);
  Shape y = ConvOutputShape(x.shape, w.shape, p);
  Arg residual = Random(y, 21);
  std::vector<float> expected =
      ReferenceConv(x.values, x.shape, w.values, w.shape, &bias.values, p, y);
  for (size_t i = 0; i < expected.size(); ++i) {
    expected[i] = std::max(0.0f, expected[i] + residual.values[i]);
  }
  for (int mask = 0; mask < 8; ++mask) {
    SCOPED_TRACE("layouts " + std::to_string(mask));
    x.channels_last = mask & 1;
    residual.channels_last = mask & 2;
    std::vector<std::unique_ptr<fb::PostOpT>> post;
    post.push_back(MakePostOp(fb::PostOpKind::Add, 0, 0, 3));
    post.push_back(MakePostOp(fb::PostOpKind::Relu));
    ExpectNear(RunCall(ConvUnion(p, true, std::move(post)),
                       {x, w, bias, residual}, y, nullptr, mask & 4),
               expected);
  }
  // Pooling keeps its source's layout, staging a result wanted in another.
  fb::PoolingT max;
  max.kind = fb::PoolKind::Max;
  max.kernel = {3, 3};
  max.strides = {2, 2};
  Shape pooled = {2, 32, 4, 3};
  std::vector<float> expected_pool;
  for (int mask = 0; mask < 4; ++mask) {
    SCOPED_TRACE("pooling layouts " + std::to_string(mask));
    x.channels_last = mask & 1;
    fb::CallParamsUnion params;
    params.Set(max);
    std::vector<float> actual =
        RunCall(std::move(params), {x}, pooled, nullptr, mask & 2);
    if (mask == 0) expected_pool = actual;
    EXPECT_EQ(actual, expected_pool);
  }
}

TEST(OnednnTest, InPlaceAccumulationUsesTheResultBuffer) {
  // y starts as a copy of r; the call's Add reads the same bytes it writes
  // (oneDNN's sum post-op): y = a x b + r.
  Arg a = Random({4, 6}, 11), b = Random({6, 3}, 12, true),
      r = Random({4, 3}, 13);
  ArtifactBuilder builder;
  uint32_t b_section = builder.AddWeights(b.values);
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::F32, a.shape);
  f.AddInput("r", fb::ElementType::F32, r.shape);
  f.AddOutput("y", fb::ElementType::F32, {4, 3});
  f.Copy(Input(1, 48), Output(0, 48));
  fb::MatMulT matmul;
  matmul.post_ops.push_back(MakePostOp(fb::PostOpKind::Add, 0, 0, 2));
  fb::CallParamsUnion params;
  params.Set(std::move(matmul));
  std::vector<std::unique_ptr<fb::OperandT>> operands;
  operands.push_back(MakeOperand(Input(0, 96), a.shape));
  operands.push_back(MakeOperand(Weight(b_section, 72), b.shape));
  operands.push_back(MakeOperand(Output(0, 48), {4, 3}));
  f.Call(std::move(params), std::move(operands),
         MakeOperand(Output(0, 48), {4, 3}));
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.BindInput("a", FloatTensor(a.shape, a.values));
  session.BindInput("r", FloatTensor(r.shape, r.values));
  session.Run();
  std::vector<float> expected =
      ReferenceMatMul(a.values, a.shape, b.values, b.shape, &r.values, r.shape,
                      false, false, 1, 1, {4, 3});
  ExpectNear(Values<float>(session.GetOutput("y")), expected);
}

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

TEST(OnednnTest, MatMulMatchesReference) {
  struct MatMulCase {
    const char* name;
    Shape a, b, c, y;
    bool transpose_a, transpose_b;
    float alpha, beta;
    bool constant_b;
  };
  const MatMulCase cases[] = {
      {"plain", {5, 7}, {7, 3}, {}, {5, 3}, false, false, 1, 1, true},
      {"transposed", {7, 5}, {3, 7}, {}, {5, 3}, true, true, 1, 1, true},
      {"transposed b at run time",
       {5, 7},
       {3, 7},
       {},
       {5, 3},
       false,
       true,
       1,
       1,
       false},
      {"broadcast batch",
       {2, 1, 4, 6},
       {3, 6, 5},
       {},
       {2, 3, 4, 5},
       false,
       false,
       1,
       1,
       false},
      {"broadcast constant b",
       {3, 4, 6},
       {6, 5},
       {},
       {3, 4, 5},
       false,
       false,
       1,
       1,
       true},
      {"bias row", {4, 6}, {6, 5}, {5}, {4, 5}, false, false, 1, 1, true},
      {"bias column, alpha, beta",
       {4, 6},
       {6, 5},
       {4, 1},
       {4, 5},
       false,
       false,
       0.5f,
       2.0f,
       true},
      {"full c, beta",
       {2, 4, 6},
       {2, 6, 5},
       {2, 4, 5},
       {2, 4, 5},
       false,
       false,
       1.0f,
       0.5f,
       false},
      // b shared by every batch: one [B*M, K] x [K, N] product.
      {"rows folded, M 1",
       {4, 1, 6},
       {6, 5},
       {5},
       {4, 1, 5},
       false,
       false,
       1,
       1,
       true},
      {"rows folded, full c, beta",
       {2, 3, 6},
       {1, 6, 5},
       {2, 3, 5},
       {2, 3, 5},
       false,
       false,
       1.0f,
       0.5f,
       true},
      {"rows folded, transposed b",
       {2, 3, 6},
       {5, 6},
       {},
       {2, 3, 5},
       false,
       true,
       1,
       1,
       false},
      {"per-row c keeps the batch",
       {2, 3, 6},
       {6, 5},
       {3, 1},
       {2, 3, 5},
       false,
       false,
       1,
       1,
       true},
      {"beta 0 ignores c",
       {4, 6},
       {6, 5},
       {4, 5},
       {4, 5},
       false,
       false,
       2.0f,
       0.0f,
       true},
  };
  for (const MatMulCase& test : cases) {
    SCOPED_TRACE(test.name);
    Arg a = Random(test.a, 14), b = Random(test.b, 15, test.constant_b);
    std::vector<Arg> args = {a, b};
    bool has_c = !test.c.empty();
    if (has_c) args.push_back(Random(test.c, 16));
    fb::MatMulT matmul;
    matmul.transpose_a = test.transpose_a;
    matmul.transpose_b = test.transpose_b;
    matmul.alpha = test.alpha;
    matmul.beta = test.beta;
    matmul.has_bias = has_c;
    fb::CallParamsUnion params;
    params.Set(std::move(matmul));
    std::vector<float> actual = RunCall(std::move(params), args, test.y);
    std::vector<float> expected = ReferenceMatMul(
        a.values, a.shape, b.values, b.shape, has_c ? &args[2].values : nullptr,
        test.c, test.transpose_a, test.transpose_b, test.alpha,
        has_c ? test.beta : 0.0f, test.y);
    ExpectNear(actual, expected);
  }
}

TEST(OnednnTest, ProfileCountsLibraryWork) {
  kiln_profile_entry_t entry{};
  fb::CallParamsUnion matmul;
  matmul.Set(fb::MatMulT());
  RunCall(std::move(matmul), {Random({2, 3, 6}, 1), Random({6, 5}, 2, true)},
          {2, 3, 5}, &entry);
  EXPECT_STREQ(entry.kind, "matmul");
  EXPECT_STREQ(entry.name, "call");
  EXPECT_EQ(entry.runs, 2u);
  EXPECT_GT(entry.total_ns, 0u);
  EXPECT_EQ(entry.flops, 2u * 2 * 3 * 5 * 6);       // 2 * y elements * K
  EXPECT_EQ(entry.bytes, 4u * (36 + 30 + 30));  // a, b and y

  // Each output element takes IC/groups * kernel multiply-adds; transposed,
  // each input element spreads over OC/groups * kernel outputs.
  ConvParams p{{2, 2}, {1, 1}, {1, 1}, {1, 1}, 2, false};
  Arg x = Random({1, 4, 6, 6}, 3), w = Random({6, 2, 3, 3}, 4, true);
  Shape y = ConvOutputShape(x.shape, w.shape, p);
  RunCall(ConvUnion(p, false), {x, w}, y, &entry);
  EXPECT_STREQ(entry.kind, "convolution");
  EXPECT_EQ(entry.flops, 2u * static_cast<uint64_t>(Product(y)) * 2 * 9);
  p.transposed = true;
  Arg wt = Random({4, 3, 3, 3}, 5, true);
  y = ConvOutputShape(x.shape, wt.shape, p);
  RunCall(ConvUnion(p, false), {x, wt}, y, &entry);
  EXPECT_EQ(entry.flops, 2u * 4 * 36 * 3 * 9);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

TEST(OnednnTest, PoolingMatchesReference) {
  struct PoolCase {
    const char* name;
    Shape x;
    PoolParams params;
    fb::PoolKind kind;
  };
  const PoolCase cases[] = {
      {"max 2-D",
       {2, 3, 7, 7},
       {PoolKind::kMax, {3, 3}, {2, 2}, {}, {1, 1}, {1, 1}},
       fb::PoolKind::Max},
      {"average counting pads",
       {1, 2, 6, 5},
       {PoolKind::kAverageIncludePad, {3, 2}, {1, 2}, {}, {1, 0}, {1, 1}},
       fb::PoolKind::AverageIncludePad},
      {"average excluding pads",
       {1, 2, 6, 5},
       {PoolKind::kAverageExcludePad, {3, 2}, {1, 2}, {}, {1, 0}, {1, 1}},
       fb::PoolKind::AverageExcludePad},
      {"max 1-D dilated",
       {2, 2, 11},
       {PoolKind::kMax, {3}, {1}, {2}, {0}, {0}},
       fb::PoolKind::Max},
      {"average 3-D",
       {1, 2, 4, 4, 4},
       {PoolKind::kAverageExcludePad, {2, 2, 2}, {2, 2, 2}, {}, {}, {}},
       fb::PoolKind::AverageExcludePad},
  };
  for (const PoolCase& test : cases) {
    SCOPED_TRACE(test.name);
    Arg x = Random(test.x, 17);
    Shape y = PoolOutputShape(test.x, test.params);
    fb::PoolingT pooling;
    pooling.kind = test.kind;
    pooling.kernel = test.params.kernel;
    pooling.strides = test.params.strides;
    pooling.dilations = test.params.dilations;
    pooling.pads_begin = test.params.pads_begin;
    pooling.pads_end = test.params.pads_end;
    fb::CallParamsUnion params;
    params.Set(std::move(pooling));
    ExpectNear(RunCall(std::move(params), {x}, y),
               ReferencePool(x.values, x.shape, test.params, y));
  }
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

kiln_status_t CreateSessionStatus(const std::vector<uint8_t>& bytes) {
  Model model = LoadBytes(bytes);
  kiln_session_t session = nullptr;
  kiln_status_t status = kiln_session_create(model.get(), nullptr, &session);
  kiln_session_release(session);
  return status;
}

TEST(OnednnTest, OtherElementTypesAreUnimplemented) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::F16, {2, 2});
  f.AddOutput("y", fb::ElementType::F16, {2, 2});
  fb::CallParamsUnion params;
  params.Set(fb::MatMulT());
  std::vector<std::unique_ptr<fb::OperandT>> operands;
  operands.push_back(MakeOperand(Input(0, 8), {2, 2}, fb::ElementType::F16));
  operands.push_back(MakeOperand(Input(0, 8), {2, 2}, fb::ElementType::F16));
  f.Call(std::move(params), std::move(operands),
         MakeOperand(Output(0, 8), {2, 2}, fb::ElementType::F16), "fc1");
  EXPECT_TRUE(IsError(CreateSessionStatus(builder.Build()),
                      KILN_STATUS_UNIMPLEMENTED,
                      "command 0 'fc1' (MatMul): operand 0 has element type "
                      "f16; the CPU library calls support f32 only"));
}

TEST(OnednnTest, InconsistentShapesAreReported) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {1, 2, 5, 5});
  f.AddInput("w", fb::ElementType::F32, {3, 2, 3, 3});
  f.AddOutput("y", fb::ElementType::F32, {1, 3, 4, 4});
  std::vector<std::unique_ptr<fb::OperandT>> operands;
  operands.push_back(MakeOperand(Input(0, 200), {1, 2, 5, 5}));
  operands.push_back(MakeOperand(Input(1, 216), {3, 2, 3, 3}));
  f.Call(ConvUnion({}, false), std::move(operands),
         MakeOperand(Output(0, 192), {1, 3, 4, 4}), "conv1");
  EXPECT_TRUE(IsError(CreateSessionStatus(builder.Build()),
                      KILN_STATUS_DATA_LOSS,
                      "invalid artifact: command 0 'conv1' (Convolution): "
                      "result spatial dim 0 is 4; input 5, kernel 3, stride "
                      "1, dilation 1 and pads 0/0 give 3"));
}

}  // namespace
}  // namespace kiln::testing
