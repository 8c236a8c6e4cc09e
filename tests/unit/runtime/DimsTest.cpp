// SPDX-License-Identifier: Apache-2.0
//
// The dims table evaluated from input shapes, seen through output shapes,
// and run-time arena planning seen through results.
#include <gtest/gtest.h>

#include "TestUtil.h"

namespace kiln::testing {
namespace {

/// Outputs whose shapes are dims expressions over inputs a [n] and b [m].
std::vector<uint8_t> BuildDimsModel() {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::U8, {-1}, {"n"});
  f.AddInput("b", fb::ElementType::U8, {2, -1}, {"", "m"});
  int64_t n = f.AddDim(fb::DimOp::InputDim, 0, 0);   // 0
  int64_t m = f.AddDim(fb::DimOp::InputDim, 1, 1);   // 1
  f.AddDim(fb::DimOp::Const, 3);                     // 2
  int64_t sum = f.AddDim(fb::DimOp::Add, 0, 1);      // 3
  int64_t diff = f.AddDim(fb::DimOp::Sub, 0, 1);     // 4
  int64_t product = f.AddDim(fb::DimOp::Mul, 0, 1);  // 5
  int64_t floor = f.AddDim(fb::DimOp::FloorDiv, 0, 2);
  int64_t ceil = f.AddDim(fb::DimOp::CeilDiv, 0, 2);
  int64_t min = f.AddDim(fb::DimOp::Min, 0, 1);
  int64_t max = f.AddDim(fb::DimOp::Max, 0, 1);
  f.AddDim(fb::DimOp::Sub, 0, 0);                        // 10: 0
  f.AddDim(fb::DimOp::Sub, 10, 2);                       // 11: -3
  f.AddDim(fb::DimOp::Const, 2);                         // 12
  f.AddDim(fb::DimOp::FloorDiv, 11, 12);                 // 13: floor(-1.5) = -2
  f.AddDim(fb::DimOp::CeilDiv, 11, 12);                  // 14: ceil(-1.5) = -1
  int64_t abs_floor = f.AddDim(fb::DimOp::Sub, 10, 13);  // 2
  int64_t abs_ceil = f.AddDim(fb::DimOp::Sub, 10, 14);   // 1
  int64_t sizes[] = {n,    m,   sum, diff,      product, floor,
                     ceil, min, max, abs_floor, abs_ceil};
  const char* names[] = {"n",    "m",   "sum", "diff",      "product", "floor",
                         "ceil", "min", "max", "abs_floor", "abs_ceil"};
  for (size_t i = 0; i < std::size(sizes); ++i) {
    f.AddOutput(names[i], fb::ElementType::U8, {-1}, {""}, {sizes[i]});
    f.Fill(Output(static_cast<uint32_t>(i), sizes[i]), i + 1, 1);
  }
  return builder.Build();
}

TEST(DimsTest, ExpressionsOverInputShapes) {
  Model model = LoadBytes(BuildDimsModel());
  Session session(model);
  auto run = [&](int64_t n, int64_t m) {
    session.BindInput("a", Tensor::Create(KILN_DTYPE_U8, {n}));
    session.BindInput("b", Tensor::Create(KILN_DTYPE_U8, {2, m}));
    session.Run();
    std::vector<int64_t> dims;
    for (const char* name : {"n", "m", "sum", "diff", "product", "floor",
                             "ceil", "min", "max", "abs_floor", "abs_ceil"}) {
      Tensor output = session.GetOutput(name);
      dims.push_back(output.shape()[0]);
      // Each output was filled entirely by its Fill.
      for (uint8_t value : Values<uint8_t>(output)) {
        EXPECT_EQ(value, dims.size());
      }
    }
    return dims;
  };
  EXPECT_EQ(run(7, 2),
            (std::vector<int64_t>{7, 2, 9, 5, 14, 2, 3, 2, 7, 2, 1}));
  EXPECT_EQ(run(9, 4),
            (std::vector<int64_t>{9, 4, 13, 5, 36, 3, 3, 4, 9, 2, 1}));
}

TEST(DimsTest, NegativeSizeIsAnInputError) {
  Model model = LoadBytes(BuildDimsModel());
  Session session(model);
  session.BindInput("a", Tensor::Create(KILN_DTYPE_U8, {2}));
  session.BindInput("b", Tensor::Create(KILN_DTYPE_U8, {2, 5}));
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "output 'diff' dim 0 evaluates to -3; check the input "
                      "shapes"));
}

/// Truncating division, remainder, comparisons and the select written with
/// them (y + c * (x - y)), over input a [n] and the constant -7.
TEST(DimsTest, TruncationComparisonsAndSelect) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::U8, {-1});
  f.AddDim(fb::DimOp::InputDim, 0, 0);                 // 0: n
  f.AddDim(fb::DimOp::Const, 0);                       // 1
  f.AddDim(fb::DimOp::Const, 7);                       // 2
  f.AddDim(fb::DimOp::Sub, 1, 2);                      // 3: -7
  f.AddDim(fb::DimOp::Div, 3, 0);                      // 4: -7 / n
  f.AddDim(fb::DimOp::Rem, 3, 0);                      // 5: -7 % n
  int64_t quotient = f.AddDim(fb::DimOp::Sub, 1, 4);   // 6: -(-7 / n)
  int64_t remainder = f.AddDim(fb::DimOp::Sub, 1, 5);  // 7: -(-7 % n)
  int64_t eq = f.AddDim(fb::DimOp::Eq, 0, 2);          // 8: n == 7
  int64_t lt = f.AddDim(fb::DimOp::Lt, 0, 2);          // 9: n < 7
  int64_t le = f.AddDim(fb::DimOp::Le, 0, 2);          // 10: n <= 7
  f.AddDim(fb::DimOp::Sub, 2, 0);                      // 11: 7 - n
  f.AddDim(fb::DimOp::Mul, 9, 11);                     // 12: (n < 7) * (7 - n)
  int64_t select = f.AddDim(fb::DimOp::Add, 0, 12);    // n < 7 ? 7 : n
  const char* names[] = {"quotient", "remainder", "eq", "lt", "le", "select"};
  int64_t sizes[] = {quotient, remainder, eq, lt, le, select};
  for (size_t i = 0; i < std::size(sizes); ++i) {
    f.AddOutput(names[i], fb::ElementType::U8, {-1}, {""}, {sizes[i]});
    f.Fill(Output(static_cast<uint32_t>(i), sizes[i]), 0, 1);
  }
  Model model = LoadBytes(builder.Build());
  Session session(model);
  auto run = [&](int64_t n) {
    session.BindInput("a", Tensor::Create(KILN_DTYPE_U8, {n}));
    session.Run();
    std::vector<int64_t> dims;
    for (const char* name : names) {
      dims.push_back(session.GetOutput(name).shape()[0]);
    }
    return dims;
  };
  EXPECT_EQ(run(2), (std::vector<int64_t>{3, 1, 0, 1, 1, 7}));
  EXPECT_EQ(run(7), (std::vector<int64_t>{1, 0, 1, 0, 1, 7}));
  EXPECT_EQ(run(9), (std::vector<int64_t>{0, 7, 0, 0, 0, 9}));
}

/// Output sizes read from the values of a shape input (as Reshape's shape
/// or a reduction's axes are): the plan follows the values, not only the
/// input shapes.
TEST(DimsTest, InputValues) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("shape", fb::ElementType::I32, {2});
  f.AddInput("count", fb::ElementType::U8, {});
  int64_t rows = f.AddDim(fb::DimOp::InputValue, 0, 0);   // 0
  int64_t cols = f.AddDim(fb::DimOp::InputValue, 0, 1);   // 1
  int64_t count = f.AddDim(fb::DimOp::InputValue, 1, 0);  // 2
  f.AddOutput("y", fb::ElementType::U8, {-1, -1}, {"", ""}, {rows, cols});
  int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 1);
  f.Fill(Output(0, bytes), 3, 1);
  f.AddOutput("z", fb::ElementType::U8, {-1}, {""}, {count});
  f.Fill(Output(1, count), 4, 1);
  Model model = LoadBytes(builder.Build());
  Session session(model);
  auto run = [&](std::vector<int32_t> shape, uint8_t n) {
    session.BindInput("shape", MakeTensor(KILN_DTYPE_I32, {2}, shape));
    session.BindInput("count", MakeTensor(KILN_DTYPE_U8, {}, std::vector{n}));
    session.Run();
    Tensor y = session.GetOutput("y");
    for (uint8_t value : Values<uint8_t>(y)) EXPECT_EQ(value, 3);
    std::vector<int64_t> dims = y.shape();
    dims.push_back(session.GetOutput("z").shape()[0]);
    return dims;
  };
  EXPECT_EQ(run({2, 3}, 200), (std::vector<int64_t>{2, 3, 200}));
  EXPECT_EQ(run({5, 1}, 200), (std::vector<int64_t>{5, 1, 200}));
  EXPECT_EQ(run({5, 1}, 7), (std::vector<int64_t>{5, 1, 7}));
  session.BindInput("shape", MakeTensor(KILN_DTYPE_I32, {2},
                                        std::vector<int32_t>{-2, 3}));
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "output 'y' dim 0 evaluates to -2"));
}

/// A check on shape-input values (kilnc emits one per Reshape whose shape
/// is read at run time): a run whose values break it fails with the
/// check's message and writes nothing; good values run again after.
TEST(DimsTest, ChecksFailRunsWithTheirMessage) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("shape", fb::ElementType::I64, {2});
  int64_t rows = f.AddDim(fb::DimOp::InputValue, 0, 0);  // 0
  int64_t cols = f.AddDim(fb::DimOp::InputValue, 0, 1);  // 1
  int64_t product = f.AddDim(fb::DimOp::Mul, 0, 1);      // 2
  f.AddDim(fb::DimOp::Const, 6);                         // 3
  f.AddDim(fb::DimOp::Eq, 2, 3);                         // 4
  auto check = std::make_unique<fb::CheckT>();
  check->dim = 4;
  check->message = "Reshape 'r': the shape holds a different element count";
  f.function().checks.push_back(std::move(check));
  f.AddOutput("y", fb::ElementType::U8, {-1, -1}, {"", ""}, {rows, cols});
  f.Fill(Output(0, product), 5, 1);
  Model model = LoadBytes(builder.Build());
  Session session(model);
  auto bind = [&](std::vector<int64_t> shape) {
    session.BindInput("shape", MakeTensor(KILN_DTYPE_I64, {2}, shape));
  };
  bind({2, 3});
  session.Run();
  EXPECT_EQ(session.GetOutput("y").shape(), (std::vector<int64_t>{2, 3}));
  bind({4, 2});
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "Reshape 'r': the shape holds a different element "
                      "count"));
  bind({3, 2});
  session.Run();
  EXPECT_EQ(session.GetOutput("y").shape(), (std::vector<int64_t>{3, 2}));
}

TEST(DimsTest, InputValueOutOfRange) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("axes", fb::ElementType::I64, {-1}, {"k"});
  int64_t n = f.AddDim(fb::DimOp::InputValue, 0, 2);
  f.AddOutput("y", fb::ElementType::U8, {-1}, {""}, {n});
  f.Fill(Output(0, n), 0, 1);
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.BindInput("axes", MakeTensor(KILN_DTYPE_I64, {3},
                                       std::vector<int64_t>{1, 2, 3}));
  session.Run();
  EXPECT_EQ(session.GetOutput("y").shape()[0], 3);
  session.BindInput("axes", MakeTensor(KILN_DTYPE_I64, {2},
                                       std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "input 'axes' has 2 elements; the model reads element "
                      "2 of it to size the run"));
}

TEST(DimsTest, DivisionByZero) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::U8, {-1});
  f.AddDim(fb::DimOp::InputDim, 0, 0);
  f.AddDim(fb::DimOp::Const, 10);
  int64_t q = f.AddDim(fb::DimOp::FloorDiv, 1, 0);
  f.AddOutput("q", fb::ElementType::U8, {-1}, {""}, {q});
  f.Fill(Output(0, q), 0, 1);
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.BindInput("a", Tensor::Create(KILN_DTYPE_U8, {5}));
  session.Run();
  EXPECT_EQ(session.GetOutput("q").shape()[0], 2);
  session.BindInput("a", Tensor::Create(KILN_DTYPE_U8, {0}));
  EXPECT_TRUE(IsError(kiln_session_run(session.get()),
                      KILN_STATUS_INVALID_ARGUMENT,
                      "dims[2] = dims[1] floordiv dims[0] divides 10 by "
                      "zero"));
}

TEST(DimsTest, RunTimeArenaPlanning) {
  // Buffer sizes depend on n, so the runtime places them; check that data
  // survives the chain for several n, in both orders.
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1}, {"n"});
  int64_t n = f.AddDim(fb::DimOp::InputDim, 0, 0);
  f.AddDim(fb::DimOp::Const, 4);
  int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 1);
  f.AddDim(fb::DimOp::Const, 16);
  int64_t more = f.AddDim(fb::DimOp::Add, 2, 3);
  f.AddOutput("y", fb::ElementType::F32, {-1}, {"n"}, {n});
  f.AddOutput("z", fb::ElementType::F32, {-1}, {"n"}, {n});
  uint32_t a = f.AddBuffer(bytes, 0, 3);  // x copy, live long
  uint32_t b = f.AddBuffer(more, 1, 2);   // temporary
  uint32_t c = f.AddBuffer(bytes, 2, 4);
  uint32_t d = f.AddBuffer(bytes, 4, 5);      // may reuse a's or b's bytes
  f.Copy(Input(0, bytes), Arena(a, bytes));   // 0
  f.Fill(Arena(b, more), 0xff, 1);            // 1
  f.Copy(Arena(a, bytes), Arena(c, bytes));   // 2
  f.Copy(Arena(a, bytes), Output(0, bytes));  // 3
  f.Copy(Arena(c, bytes), Arena(d, bytes));   // 4
  f.Copy(Arena(d, bytes), Output(1, bytes));  // 5
  Model model = LoadBytes(builder.Build());
  Session session(model);
  for (int64_t length : {10, 3, 100, 3, 10}) {
    std::vector<float> x = RandomFloats(static_cast<size_t>(length), 7);
    session.BindInput("x", FloatTensor({length}, x));
    session.Run();
    EXPECT_EQ(Values<float>(session.GetOutput("y")), x);
    EXPECT_EQ(Values<float>(session.GetOutput("z")), x);
  }
}

}  // namespace
}  // namespace kiln::testing
