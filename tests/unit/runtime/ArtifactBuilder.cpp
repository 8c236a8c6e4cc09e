// SPDX-License-Identifier: Apache-2.0
#include "ArtifactBuilder.h"

#include <fstream>
#include <iterator>

#include "kiln_checksum.h"

namespace kiln::testing {

const char* HostTriple() {
#if defined(__x86_64__)
  return "x86_64-unknown-linux-gnu";
#elif defined(__aarch64__)
  return "aarch64-unknown-linux-gnu";
#else
  return "unknown-unknown-linux-gnu";
#endif
}

fb::BufferRef Arena(uint32_t buffer, int64_t length, uint64_t offset) {
  return fb::BufferRef(fb::MemorySpace::Arena, buffer, offset, length);
}
fb::BufferRef Input(uint32_t input, int64_t length, uint64_t offset) {
  return fb::BufferRef(fb::MemorySpace::Input, input, offset, length);
}
fb::BufferRef Output(uint32_t output, int64_t length, uint64_t offset) {
  return fb::BufferRef(fb::MemorySpace::Output, output, offset, length);
}
fb::BufferRef Weight(uint32_t section, int64_t length, uint64_t offset) {
  return fb::BufferRef(fb::MemorySpace::Weight, section, offset, length);
}

std::unique_ptr<fb::OperandT> MakeOperand(const fb::BufferRef& buffer,
                                          std::vector<int64_t> shape,
                                          fb::ElementType type) {
  auto operand = std::make_unique<fb::OperandT>();
  operand->buffer = std::make_unique<fb::BufferRef>(buffer);
  operand->element_type = type;
  operand->shape = std::move(shape);
  return operand;
}

std::unique_ptr<fb::PostOpT> MakePostOp(fb::PostOpKind kind, float alpha,
                                        float beta, int operand) {
  auto post_op = std::make_unique<fb::PostOpT>();
  post_op->kind = kind;
  post_op->alpha = alpha;
  post_op->beta = beta;
  post_op->operand = operand;
  return post_op;
}

namespace {

std::unique_ptr<fb::TensorTypeT> MakeType(const std::string& name,
                                          fb::ElementType type,
                                          std::vector<int64_t> shape,
                                          std::vector<std::string> dim_names,
                                          std::vector<int64_t> dim_sizes) {
  auto tensor = std::make_unique<fb::TensorTypeT>();
  tensor->name = name;
  tensor->element_type = type;
  tensor->shape = std::move(shape);
  tensor->dim_names = std::move(dim_names);
  tensor->dim_sizes = std::move(dim_sizes);
  return tensor;
}

}  // namespace

uint32_t FunctionBuilder::AddInput(const std::string& name,
                                   fb::ElementType type,
                                   std::vector<int64_t> shape,
                                   std::vector<std::string> dim_names) {
  function_->inputs.push_back(
      MakeType(name, type, std::move(shape), std::move(dim_names), {}));
  return static_cast<uint32_t>(function_->inputs.size() - 1);
}

uint32_t FunctionBuilder::AddOutput(const std::string& name,
                                    fb::ElementType type,
                                    std::vector<int64_t> shape,
                                    std::vector<std::string> dim_names,
                                    std::vector<int64_t> dim_sizes) {
  function_->outputs.push_back(MakeType(name, type, std::move(shape),
                                        std::move(dim_names),
                                        std::move(dim_sizes)));
  return static_cast<uint32_t>(function_->outputs.size() - 1);
}

int64_t FunctionBuilder::AddDim(fb::DimOp op, int64_t a, int64_t b) {
  function_->dims.emplace_back(op, a, b);
  return DimRef(static_cast<uint32_t>(function_->dims.size() - 1));
}

uint32_t FunctionBuilder::AddBuffer(int64_t size, uint32_t first_use,
                                    uint32_t last_use, int64_t offset) {
  function_->buffers.emplace_back(size, offset, first_use, last_use);
  return static_cast<uint32_t>(function_->buffers.size() - 1);
}

uint32_t FunctionBuilder::AddCommand(fb::CommandOpUnion op,
                                     const std::string& name) {
  auto command = std::make_unique<fb::CommandT>();
  command->op = std::move(op);
  command->name = name;
  function_->commands.push_back(std::move(command));
  return static_cast<uint32_t>(function_->commands.size() - 1);
}

uint32_t FunctionBuilder::Dispatch(uint32_t kernel,
                                   std::vector<int64_t> workgroup_count,
                                   std::vector<fb::BufferRef> bindings,
                                   const std::string& name) {
  fb::DispatchT dispatch;
  dispatch.kernel = kernel;
  dispatch.workgroup_count = std::move(workgroup_count);
  dispatch.bindings = std::move(bindings);
  fb::CommandOpUnion op;
  op.Set(std::move(dispatch));
  return AddCommand(std::move(op), name);
}

uint32_t FunctionBuilder::Copy(const fb::BufferRef& source,
                               const fb::BufferRef& target,
                               const std::string& name) {
  fb::CopyT copy;
  copy.source = std::make_unique<fb::BufferRef>(source);
  copy.target = std::make_unique<fb::BufferRef>(target);
  fb::CommandOpUnion op;
  op.Set(std::move(copy));
  return AddCommand(std::move(op), name);
}

uint32_t FunctionBuilder::Fill(const fb::BufferRef& target, uint64_t pattern,
                               uint8_t pattern_length,
                               const std::string& name) {
  fb::FillT fill;
  fill.target = std::make_unique<fb::BufferRef>(target);
  fill.pattern = pattern;
  fill.pattern_length = pattern_length;
  fb::CommandOpUnion op;
  op.Set(std::move(fill));
  return AddCommand(std::move(op), name);
}

uint32_t FunctionBuilder::Call(
    fb::CallParamsUnion params,
    std::vector<std::unique_ptr<fb::OperandT>> operands,
    std::unique_ptr<fb::OperandT> result, const std::string& name) {
  fb::CallT call;
  call.params = std::move(params);
  call.operands = std::move(operands);
  call.results.push_back(std::move(result));
  fb::CommandOpUnion op;
  op.Set(std::move(call));
  return AddCommand(std::move(op), name);
}

ArtifactBuilder::ArtifactBuilder(const std::string& name) {
  model_.format_version = 4;
  model_.producer = "kiln tests";
  model_.name = name;
}

uint32_t ArtifactBuilder::AddSection(std::vector<uint8_t> bytes) {
  sections_.push_back(std::move(bytes));
  model_.sections.emplace_back(0, sections_.back().size());
  return static_cast<uint32_t>(sections_.size() - 1);
}

uint32_t ArtifactBuilder::AddExecutable(std::vector<uint8_t> object,
                                        std::vector<std::string> kernels,
                                        const std::string& target,
                                        const std::string& format,
                                        std::vector<std::string> features) {
  auto executable = std::make_unique<fb::ExecutableT>();
  executable->features = std::move(features);
  executable->target = target;
  executable->cpu = "generic";
  executable->format = format;
  executable->object = AddSection(std::move(object));
  for (const std::string& name : kernels) {
    auto kernel = std::make_unique<fb::KernelT>();
    kernel->name = name;
    executable->kernels.push_back(std::move(kernel));
  }
  model_.executables.push_back(std::move(executable));
  return static_cast<uint32_t>(model_.executables.size() - 1);
}

FunctionBuilder ArtifactBuilder::AddFunction(const std::string& name) {
  auto function = std::make_unique<fb::FunctionT>();
  function->name = name;
  function->arena_size = -1;
  model_.functions.push_back(std::move(function));
  return FunctionBuilder(model_.functions.back().get());
}

std::vector<uint8_t> ArtifactBuilder::Build() {
  // Checksum fields need a non-zero placeholder so FlatBuffers stores them;
  // SealArtifact overwrites them in place.
  model_.checksum = 1;
  for (auto& executable : model_.executables) executable->object_checksum = 1;

  auto pack = [&] {
    flatbuffers::FlatBufferBuilder builder;
    builder.Finish(fb::Model::Pack(builder, &model_), fb::ModelIdentifier());
    return std::vector<uint8_t>(builder.GetBufferPointer(),
                                builder.GetBufferPointer() + builder.GetSize());
  };
  // Section offsets do not change the root's size (fixed-size structs):
  // pack once to measure, place the sections after it, pack again.
  size_t root_size = pack().size();
  uint64_t cursor = (root_size + 63) / 64 * 64;
  for (size_t i = 0; i < sections_.size(); ++i) {
    model_.sections[i] = fb::Section(cursor, sections_[i].size());
    cursor = (cursor + sections_[i].size() + 63) / 64 * 64;
  }
  std::vector<uint8_t> file = pack();
  file.resize(std::max<uint64_t>(cursor, file.size()), 0);
  for (size_t i = 0; i < sections_.size(); ++i) {
    if (!sections_[i].empty()) {
      std::memcpy(file.data() + model_.sections[i].offset(),
                  sections_[i].data(), sections_[i].size());
    }
  }
  artifact::SealArtifact(file.data(), file.size());
  return file;
}

bool ArtifactBuilder::WriteFile(const std::string& path) {
  std::vector<uint8_t> bytes = Build();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::vector<uint8_t> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace kiln::testing
