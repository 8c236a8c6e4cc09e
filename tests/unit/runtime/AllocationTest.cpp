// SPDX-License-Identifier: Apache-2.0
//
// A run with unchanged shapes allocates nothing: counted by replacing the
// global operator new of this test binary, which the runtime's C++ code
// calls too.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <new>

#include "TestUtil.h"

namespace {
std::atomic<long> allocations{0};
}  // namespace

// GCC cannot see that these malloc/free pairs match.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace kiln::testing {
namespace {

long CountAllocations(const std::function<void()>& body) {
  long before = allocations.load();
  body();
  return allocations.load() - before;
}

TEST(AllocationTest, SteadyStateRunsAllocateNothing) {
  // Dynamic shapes, a runtime-planned arena, a dispatch, copies and a fill.
  ArtifactBuilder builder;
  builder.AddExecutable(TestKernelObject(), {"kiln_test_double"});
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::F32, {-1}, {"n"});
  int64_t n = f.AddDim(fb::DimOp::InputDim, 0, 0);
  f.AddDim(fb::DimOp::Const, 16);
  f.AddDim(fb::DimOp::Const, 4);
  int64_t groups = f.AddDim(fb::DimOp::CeilDiv, 0, 1);
  int64_t bytes = f.AddDim(fb::DimOp::Mul, 0, 2);
  f.AddOutput("y", fb::ElementType::F32, {-1}, {"n"}, {n});
  uint32_t a = f.AddBuffer(bytes, 0, 1);
  uint32_t b = f.AddBuffer(bytes, 1, 2);
  f.Copy(Input(0, bytes), Arena(a, bytes));
  f.Dispatch(0, {groups, 1, 1}, {Arena(a, bytes), Arena(b, bytes)});
  f.Copy(Arena(b, bytes), Output(0, bytes));
  f.Fill(Arena(a, bytes), 0, 4);
  f.function().buffers[a].mutate_last_use(3);  // a is live to the end
  Model model = LoadBytes(builder.Build());
  Session session(model);
  Tensor x = FloatTensor({40}, RandomFloats(40, 9));
  session.BindInput("x", x);
  session.Run();  // plans and allocates
  kiln_session_t raw = session.get();
  EXPECT_EQ(CountAllocations([&] {
              for (int i = 0; i < 5; ++i) kiln::check(kiln_session_run(raw));
            }),
            0);
  // New shapes plan again (and may allocate); back to steady state after.
  session.BindInput("x", FloatTensor({100}, RandomFloats(100, 9)));
  session.Run();
  EXPECT_EQ(CountAllocations([&] { kiln::check(kiln_session_run(raw)); }), 0);
  std::vector<float> y = Values<float>(session.GetOutput("y"));
  EXPECT_EQ(y[99], 2 * RandomFloats(100, 9)[99]);
}

TEST(AllocationTest, LibraryCallsAreNotRecreated) {
  // oneDNN's own bookkeeping may allocate inside execute; Kiln recreates
  // nothing: the output memory stays, and runs stay cheap in allocations.
  ArtifactBuilder builder;
  uint32_t w = builder.AddWeights(RandomFloats(64 * 32, 3));
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("a", fb::ElementType::F32, {8, 64});
  f.AddOutput("y", fb::ElementType::F32, {8, 32});
  fb::CallParamsUnion params;
  params.Set(fb::MatMulT());
  std::vector<std::unique_ptr<fb::OperandT>> operands;
  operands.push_back(MakeOperand(Input(0, 2048), {8, 64}));
  operands.push_back(MakeOperand(Weight(w, 8192), {64, 32}));
  f.Call(std::move(params), std::move(operands),
         MakeOperand(Output(0, 1024), {8, 32}));
  Model model = LoadBytes(builder.Build());
  Session session(model);
  session.BindInput("a", FloatTensor({8, 64}, RandomFloats(512, 4)));
  session.Run();
  void* output = session.GetOutput("y").data();
  kiln_session_t raw = session.get();
  long first = CountAllocations([&] { kiln::check(kiln_session_run(raw)); });
  long many = CountAllocations([&] {
    for (int i = 0; i < 10; ++i) kiln::check(kiln_session_run(raw));
  });
  EXPECT_EQ(session.GetOutput("y").data(), output);
  // No growth from run to run (primitive creation alone allocates far more).
  EXPECT_LE(many, 10 * first);
  EXPECT_LT(first, 20);
}

}  // namespace
}  // namespace kiln::testing
