// SPDX-License-Identifier: Apache-2.0
//
// Every way the loader rejects an artifact, each with its message.
#include <gtest/gtest.h>

#include <functional>

#include "TestUtil.h"
#include "kiln_checksum.h"

namespace kiln::testing {
namespace {

/// A valid model touching every part of the format: weights, an executable,
/// a static arena, dims, a dispatch, a copy, a fill and a library call.
class Base {
 public:
  Base() : builder_("base") {
    weights_ = builder_.AddWeights(std::vector<float>(16, 1.0f));
    builder_.AddExecutable(TestKernelObject(), {"kiln_test_double"});
    FunctionBuilder main = builder_.AddFunction("main");
    main.AddInput("x", fb::ElementType::F32, {16});
    main.AddOutput("y", fb::ElementType::F32, {16});
    main.AddOutput("z", fb::ElementType::F32, {2, 2});
    main.AddDim(fb::DimOp::Const, 16);
    main.AddBuffer(64, 0, 1, 0);
    main.SetArenaSize(64);
    main.Dispatch(0, {1, 1, 1}, {Input(0, 64), Arena(0, 64)}, "double");
    main.Copy(Arena(0, 64), Output(0, 64), "copy");
    main.Fill(Output(1, 16), 0, 4, "zero");
    fb::MatMulT matmul;
    fb::CallParamsUnion params;
    params.Set(std::move(matmul));
    std::vector<std::unique_ptr<fb::OperandT>> operands;
    operands.push_back(MakeOperand(Input(0, 16), {2, 2}));
    operands.push_back(MakeOperand(Weight(weights_, 16), {2, 2}));
    main.Call(std::move(params), std::move(operands),
              MakeOperand(Output(1, 16), {2, 2}), "matmul");
  }

  fb::ModelT& model() { return builder_.model(); }
  fb::FunctionT& main() { return *model().functions[0]; }
  fb::CommandT& command(size_t i) { return *main().commands[i]; }
  fb::CallT& call() { return *command(3).op.AsCall(); }
  std::vector<uint8_t> Build() { return builder_.Build(); }
  /// Adds an executable without kernels (for a second variant).
  void AddEmptyExecutable() {
    builder_.AddExecutable({}, {}, "vulkan", "spirv");
  }

 private:
  ArtifactBuilder builder_;
  uint32_t weights_;
};

kiln_status_t LoadStatus(const std::vector<uint8_t>& bytes) {
  kiln_model_t model = nullptr;
  kiln_status_t status = kiln_model_load_memory(bytes.data(), bytes.size(),
                                                KILN_MODEL_LOAD_COPY, &model);
  kiln_model_release(model);
  return status;
}

TEST(VerifierTest, BaseModelLoadsAndRuns) {
  Base base;
  Model model = LoadBytes(base.Build());
  Session session(model);
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i);
  session.BindInput("x", FloatTensor({16}, x));
  session.Run();
  std::vector<float> y = Values<float>(session.GetOutput("y"));
  EXPECT_EQ(y[15], 30.0f);
  // z = reshape(x[0:4], 2x2) x ones(2x2)
  EXPECT_EQ(Values<float>(session.GetOutput("z")),
            (std::vector<float>{1, 1, 5, 5}));
}

struct Case {
  const char* name;
  std::function<void(Base&)> mutate;
  const char* message;
  kiln_status_code_t code = KILN_STATUS_DATA_LOSS;
};

TEST(VerifierTest, RejectsEachInconsistency) {
  const Case cases[] = {
      {"no function", [](Base& b) { b.model().functions.clear(); },
       "invalid artifact: the model has no function"},
      {"duplicate function",
       [](Base& b) {
         auto copy = std::make_unique<fb::FunctionT>();
         copy->name = "main";
         b.model().functions.push_back(std::move(copy));
       },
       "two functions are named 'main'"},
      {"format_version 0", [](Base& b) { b.model().format_version = 0; },
       "format_version is 0 (expected 4)"},
      {"function executable", [](Base& b) { b.main().executable = 1; },
       "function 'main': executable 1 of 1"},
      {"variants differ",
       [](Base& b) {
         b.AddEmptyExecutable();
         b.main().executable = 0;
         auto copy = std::make_unique<fb::FunctionT>();
         copy->name = "main";
         copy->executable = 1;
         b.model().functions.push_back(std::move(copy));
       },
       "function 'main': its variants for executables 0 and 1 differ in "
       "inputs or outputs"},
      {"kernel of another executable",
       [](Base& b) {
         b.AddEmptyExecutable();
         b.main().executable = 1;
       },
       "command 0 'double' (Dispatch): kernel 0 of 0"},
      {"executable section",
       [](Base& b) { b.model().executables[0]->object = 9; },
       "executable 0 refers to section 9 of 2"},
      {"kernel without name",
       [](Base& b) { b.model().executables[0]->kernels[0]->name = ""; },
       "executable 0 kernel 0 has no name"},
      {"duplicate input",
       [](Base& b) {
         FunctionBuilder(&b.main()).AddInput("x", fb::ElementType::F32, {1});
       },
       "function 'main': two inputs are named 'x'"},
      {"unnamed output", [](Base& b) { b.main().outputs[0]->name = ""; },
       "output 0 has no name"},
      {"bad element type",
       [](Base& b) {
         b.main().inputs[0]->element_type = static_cast<fb::ElementType>(40);
       },
       "input 'x' has element type 40"},
      {"bad dim", [](Base& b) { b.main().inputs[0]->shape = {-2}; },
       "input 'x' dim 0 is -2"},
      {"dim names count",
       [](Base& b) {
         b.main().inputs[0]->dim_names = {"a", "b"};
       },
       "input 'x' has 2 dim names for rank 1"},
      {"dynamic output without dim_sizes",
       [](Base& b) { b.main().outputs[0]->shape = {-1}; },
       "output 'y' has a dynamic dim but no dim_sizes"},
      {"static dim_sizes differ",
       [](Base& b) { b.main().outputs[0]->dim_sizes = {15}; },
       "output 'y' dim_sizes[0] is 15 but the dim is static 16"},
      {"dims forward reference",
       [](Base& b) { b.main().dims.emplace_back(fb::DimOp::Add, 0, 1); },
       "dims[1] refers to dims[0] and dims[1]; only earlier entries"},
      {"check of a missing dims entry",
       [](Base& b) {
         auto check = std::make_unique<fb::CheckT>();
         check->dim = 1;
         check->message = "never";
         b.main().checks.push_back(std::move(check));
       },
       "checks[0] tests dims[1] of 1"},
      {"check without a message",
       [](Base& b) {
         auto check = std::make_unique<fb::CheckT>();
         check->dim = 0;
         b.main().checks.push_back(std::move(check));
       },
       "checks[0] has no message"},
      {"dims input out of range",
       [](Base& b) { b.main().dims.emplace_back(fb::DimOp::InputDim, 3, 0); },
       "dims[1] reads input 3 of 1"},
      {"dims input dim out of range",
       [](Base& b) { b.main().dims.emplace_back(fb::DimOp::InputDim, 0, 1); },
       "dims[1] reads dim 1 of input 0 (rank 1)"},
      {"dims value of a float input",
       [](Base& b) { b.main().dims.emplace_back(fb::DimOp::InputValue, 0, 0); },
       "dims[1] reads a value of input 0, which is F32, not an integer "
       "tensor"},
      {"dims unknown op",
       [](Base& b) {
         b.main().dims.emplace_back(static_cast<fb::DimOp>(77), 0, 0);
       },
       "dims[1] has unknown op 77"},
      {"size refers to a missing dim",
       [](Base& b) {
         b.command(1).op.AsCopy()->source->mutate_length(DimRef(5));
       },
       "command 1 'copy' (Copy): source refers to dims[5] but the function "
       "has 1 dims"},
      {"arena_size", [](Base& b) { b.main().arena_size = -7; },
       "arena_size is -7"},
      {"arena buffer outside the arena",
       [](Base& b) { b.main().buffers[0].mutate_offset(32); },
       "arena buffer 0 [32, +64) exceeds arena_size 64"},
      {"arena buffer misaligned",
       [](Base& b) { b.main().buffers[0].mutate_offset(8); },
       "arena buffer 0 offset 8 is not a multiple of 16"},
      {"arena buffer liveness",
       [](Base& b) { b.main().buffers[0].mutate_last_use(9); },
       "arena buffer 0 is live over commands [0, 9] of 4"},
      {"dynamic size in a static arena",
       [](Base& b) { b.main().buffers[0].mutate_size(DimRef(0)); },
       "arena buffer 0 has a dynamic size in a static arena"},
      {"overlapping live buffers",
       [](Base& b) { b.main().buffers.emplace_back(32, 32, 1, 2); },
       "arena buffers 0 and 1 share bytes while both are live"},
      {"buffer used outside its live range",
       [](Base& b) { b.main().buffers[0].mutate_last_use(0); },
       "command 1 'copy' (Copy): source uses arena buffer 0, which is live "
       "over commands [0, 0] only"},
      {"kernel index",
       [](Base& b) { b.command(0).op.AsDispatch()->kernel = 3; },
       "command 0 'double' (Dispatch): kernel 3 of 1"},
      {"workgroup count entries",
       [](Base& b) {
         b.command(0).op.AsDispatch()->workgroup_count = {1, 1};
       },
       "workgroup_count has 2 entries, not 3"},
      {"too many workgroups",
       [](Base& b) {
         b.command(0).op.AsDispatch()->workgroup_count = {1 << 20, 1 << 20,
                                                          1 << 20};
       },
       "1152921504606846976 workgroups (at most 4294967296)"},
      {"binding misaligned",
       [](Base& b) {
         b.command(0).op.AsDispatch()->bindings[0] = Input(0, 32, 8);
       },
       "binding 0 offset 8 is not a multiple of 16"},
      {"binding outside the input",
       [](Base& b) {
         b.command(0).op.AsDispatch()->bindings[0] = Input(0, 64, 16);
       },
       "binding 0 [16, +64) exceeds input 0 (64 bytes)"},
      {"binding of a missing input",
       [](Base& b) {
         b.command(0).op.AsDispatch()->bindings[0] = Input(4, 64);
       },
       "binding 0 refers to input 4 of 1"},
      {"unknown memory space",
       [](Base& b) {
         b.command(0).op.AsDispatch()->bindings[0] =
             fb::BufferRef(static_cast<fb::MemorySpace>(9), 0, 0, 4);
       },
       "binding 0 has unknown memory space 9"},
      {"copy into an input",
       [](Base& b) { *b.command(1).op.AsCopy()->target = Input(0, 64); },
       "target writes to read-only input 0"},
      {"copy larger than its target",
       [](Base& b) { *b.command(1).op.AsCopy()->target = Output(0, 32); },
       "copies 64 bytes into a 32-byte target"},
      {"fill into weights",
       [](Base& b) { *b.command(2).op.AsFill()->target = Weight(0, 4); },
       "target writes to read-only weight 0"},
      {"fill pattern length",
       [](Base& b) { b.command(2).op.AsFill()->pattern_length = 3; },
       "pattern_length 3 is not 1, 2, 4 or 8"},
      {"weight range",
       [](Base& b) { b.call().operands[1]->buffer->mutate_offset(64); },
       "command 3 'matmul' (Call): operand 1 [64, +16) exceeds weight 0 (64 "
       "bytes)"},
      {"operand larger than its buffer",
       [](Base& b) {
         b.call().operands[0]->shape = {2, 3};
       },
       "operand 0 shape [2,3] needs more than its 16-byte buffer"},
      {"too few operands", [](Base& b) { b.call().operands.pop_back(); },
       "MatMul needs 2 operands, has 1"},
      {"bias without its operand",
       [](Base& b) { b.call().params.AsMatMul()->has_bias = true; },
       "MatMul needs 3 operands, has 2"},
      {"two results",
       [](Base& b) {
         b.call().results.push_back(MakeOperand(Output(1, 16), {2, 2}));
       },
       "MatMul has 2 results, not 1"},
      {"post-op operand",
       [](Base& b) {
         b.call().params.AsMatMul()->post_ops.push_back(
             MakePostOp(fb::PostOpKind::Add, 0, 0, 5));
       },
       "post-op 0 refers to operand 5 of 2"},
      {"result into weights",
       [](Base& b) { *b.call().results[0]->buffer = Weight(0, 16); },
       "result 0 writes to read-only weight 0"},
      {"unknown call", [](Base& b) { b.call().params.Reset(); },
       "command 3 'matmul' (Call): unknown call type 0"},
      {"channels-last matmul result",
       [](Base& b) { b.call().results[0]->layout = fb::Layout::ChannelsLast; },
       "command 3 'matmul' (Call): result 0 of a MatMul cannot be "
       "channels-last"},
      {"unknown layout",
       [](Base& b) { b.call().operands[0]->layout = fb::Layout(7); },
       "operand 0 has unknown layout 7"},
      {"channels-last convolution weights",
       [](Base& b) {
         fb::ConvolutionT conv;
         b.call().params.Set(std::move(conv));
         b.call().operands[1]->layout = fb::Layout::ChannelsLast;
       },
       "operand 1 of a Convolution cannot be channels-last"},
      {"channels-last rank 2",
       [](Base& b) {
         b.call().params.Set(fb::PoolingT());
         b.call().operands[0]->layout = fb::Layout::ChannelsLast;
       },
       "operand 0 of a Pooling cannot be channels-last"},
      {"newer format", [](Base& b) { b.model().format_version = 5; },
       "artifact format_version 5 is newer than this runtime reads (4)",
       KILN_STATUS_UNIMPLEMENTED},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    Base base;
    test.mutate(base);
    EXPECT_TRUE(IsError(LoadStatus(base.Build()), test.code, test.message));
  }
}

TEST(VerifierTest, DispatchWithoutExecutable) {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddOutput("y", fb::ElementType::F32, {4});
  f.Dispatch(0, {1, 1, 1}, {Output(0, 16)});
  EXPECT_TRUE(IsError(LoadStatus(builder.Build()), KILN_STATUS_DATA_LOSS,
                      "dispatch of kernel 0 but the model has no executable"));
}

/// Patches a built file and reseals its metadata checksum, as a writer bug
/// (rather than corruption) would produce.
std::vector<uint8_t> Patch(std::vector<uint8_t> bytes,
                           const std::function<void(fb::Model*)>& patch) {
  patch(fb::GetMutableModel(bytes.data()));
  EXPECT_TRUE(artifact::SealArtifact(bytes.data(), bytes.size()));
  return bytes;
}

TEST(VerifierTest, SectionsInsideTheFileAndAligned) {
  std::vector<uint8_t> good = Base().Build();
  auto misaligned = Patch(good, [](fb::Model* model) {
    fb::Section* first = model->mutable_sections()->GetMutableObject(0);
    first->mutate_offset(first->offset() + 8);
    first->mutate_length(8);
  });
  EXPECT_TRUE(IsError(LoadStatus(misaligned), KILN_STATUS_DATA_LOSS,
                      "section 0 offset"));
  EXPECT_TRUE(IsError(LoadStatus(misaligned), KILN_STATUS_DATA_LOSS,
                      "is not a multiple of 64"));
  // Truncating the sections leaves the metadata intact.
  std::vector<uint8_t> truncated(good.begin(), good.end() - 100);
  EXPECT_TRUE(IsError(LoadStatus(truncated), KILN_STATUS_DATA_LOSS,
                      "lies outside the"));
  EXPECT_TRUE(
      IsError(LoadStatus(truncated), KILN_STATUS_DATA_LOSS, "(truncated?)"));
}

TEST(VerifierTest, Checksums) {
  std::vector<uint8_t> good = Base().Build();
  const fb::Model* model = fb::GetModel(good.data());
  // A flipped byte in the executable object.
  std::vector<uint8_t> object = good;
  object[model->sections()->Get(1)->offset() + 200] ^= 0x40;
  EXPECT_TRUE(IsError(LoadStatus(object), KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: executable 0 object checksum "
                      "mismatch"));
  // A flipped byte in the metadata that still verifies structurally: the
  // model name.
  std::vector<uint8_t> metadata = good;
  const char* name = model->name()->c_str();
  metadata[static_cast<size_t>(reinterpret_cast<const uint8_t*>(name) -
                               good.data())] ^= 0x01;
  EXPECT_TRUE(IsError(LoadStatus(metadata), KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: metadata checksum mismatch"));
  // A writer that forgot to seal.
  std::vector<uint8_t> unsealed = good;
  fb::GetMutableModel(unsealed.data())->mutate_checksum(1);
  EXPECT_TRUE(IsError(LoadStatus(unsealed), KILN_STATUS_DATA_LOSS,
                      "(stored 0x0000000000000001"));
}

TEST(VerifierTest, FlatBuffersStructure) {
  std::vector<uint8_t> good = Base().Build();
  // The root offset pointing past the end.
  std::vector<uint8_t> bad_root = good;
  bad_root[2] = 0x7f;
  EXPECT_TRUE(IsError(LoadStatus(bad_root), KILN_STATUS_DATA_LOSS,
                      "the FlatBuffers verifier rejects it"));
  std::vector<uint8_t> short_file(good.begin(), good.begin() + 40);
  EXPECT_TRUE(IsError(LoadStatus(short_file), KILN_STATUS_DATA_LOSS,
                      "corrupted artifact"));
}

}  // namespace
}  // namespace kiln::testing
