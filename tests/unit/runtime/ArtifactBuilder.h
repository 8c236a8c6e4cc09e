// SPDX-License-Identifier: Apache-2.0
//
// Writes .kiln artifacts from C++: the FlatBuffers object API (fb::ModelT)
// plus raw sections, laid out as runtime/schema/kiln.fbs requires (sections
// 64-byte aligned after the FlatBuffers root) with the checksums sealed. The
// runtime tests, kiln-run's tests and the samples' test artifact use it; it
// also shows a writer everything the format asks for.
//
//   ArtifactBuilder builder("relu");
//   auto f = builder.AddFunction("main");
//   f.AddInput("x", fb::ElementType::F32, {4});
//   f.AddOutput("y", fb::ElementType::F32, {4});
//   f.Copy(Input(0, 16), Output(0, 16));
//   std::vector<uint8_t> bytes = builder.Build();
#ifndef KILN_TESTS_UNIT_RUNTIME_ARTIFACTBUILDER_H_
#define KILN_TESTS_UNIT_RUNTIME_ARTIFACTBUILDER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "kiln_generated.h"

namespace kiln::testing {

/// The LLVM triple of this host, for executables built by the tests.
const char* HostTriple();

/// Buffer ranges (`length` is a Size: >= 0 bytes, or -(i + 1) for dims[i]).
fb::BufferRef Arena(uint32_t buffer, int64_t length, uint64_t offset = 0);
fb::BufferRef Input(uint32_t input, int64_t length, uint64_t offset = 0);
fb::BufferRef Output(uint32_t output, int64_t length, uint64_t offset = 0);
fb::BufferRef Weight(uint32_t section, int64_t length, uint64_t offset = 0);

/// The Size referring to dims entry `index`.
inline int64_t DimRef(uint32_t index) {
  return -static_cast<int64_t>(index) - 1;
}

/// A library call operand.
std::unique_ptr<fb::OperandT> MakeOperand(
    const fb::BufferRef& buffer, std::vector<int64_t> shape,
    fb::ElementType type = fb::ElementType::F32);

/// A post-op of a library call.
std::unique_ptr<fb::PostOpT> MakePostOp(fb::PostOpKind kind, float alpha = 0,
                                        float beta = 0, int operand = -1);

/// Fills in one function of the model.
class FunctionBuilder {
 public:
  explicit FunctionBuilder(fb::FunctionT* function) : function_(function) {}

  fb::FunctionT& function() { return *function_; }

  /// Adds an input or output; returns its index. `dim_sizes` (outputs with
  /// dynamic dims) gives each dim as a Size.
  uint32_t AddInput(const std::string& name, fb::ElementType type,
                    std::vector<int64_t> shape,
                    std::vector<std::string> dim_names = {});
  uint32_t AddOutput(const std::string& name, fb::ElementType type,
                     std::vector<int64_t> shape,
                     std::vector<std::string> dim_names = {},
                     std::vector<int64_t> dim_sizes = {});

  /// Appends a dims table entry; returns the Size referring to it.
  int64_t AddDim(fb::DimOp op, int64_t a, int64_t b = 0);

  /// Adds an arena buffer live over commands [first_use, last_use]; `offset`
  /// is its planned placement (-1 when the runtime plans). Returns its index.
  uint32_t AddBuffer(int64_t size, uint32_t first_use, uint32_t last_use,
                     int64_t offset = -1);
  /// Sets Function.arena_size (-1: planned by the runtime).
  void SetArenaSize(int64_t size) { function_->arena_size = size; }

  /// Commands; each returns the command's index.
  uint32_t Dispatch(uint32_t kernel, std::vector<int64_t> workgroup_count,
                    std::vector<fb::BufferRef> bindings,
                    const std::string& name = "");
  uint32_t Copy(const fb::BufferRef& source, const fb::BufferRef& target,
                const std::string& name = "");
  uint32_t Fill(const fb::BufferRef& target, uint64_t pattern,
                uint8_t pattern_length, const std::string& name = "");
  uint32_t Call(fb::CallParamsUnion params,
                std::vector<std::unique_ptr<fb::OperandT>> operands,
                std::unique_ptr<fb::OperandT> result,
                const std::string& name = "");

 private:
  uint32_t AddCommand(fb::CommandOpUnion op, const std::string& name);

  fb::FunctionT* function_;
};

class ArtifactBuilder {
 public:
  explicit ArtifactBuilder(const std::string& name = "test");

  /// The model being built; anything may be edited before Build().
  fb::ModelT& model() { return model_; }

  /// Adds a raw data section; returns its index.
  uint32_t AddSection(std::vector<uint8_t> bytes);

  /// Adds `values` as a weight section; returns its index.
  template <typename T>
  uint32_t AddWeights(const std::vector<T>& values) {
    std::vector<uint8_t> bytes(values.size() * sizeof(T));
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return AddSection(std::move(bytes));
  }

  /// Adds an executable over the shared object `object` exporting
  /// `kernels` and needing CPU `features`; returns its index.
  uint32_t AddExecutable(std::vector<uint8_t> object,
                         std::vector<std::string> kernels,
                         const std::string& target = HostTriple(),
                         const std::string& format = "elf-so",
                         std::vector<std::string> features = {});

  /// Adds a function; the FunctionBuilder stays valid with the builder.
  FunctionBuilder AddFunction(const std::string& name);

  /// Lays out the file and seals the checksums.
  std::vector<uint8_t> Build();

  /// Builds and writes the artifact to `path`; false on an I/O error.
  bool WriteFile(const std::string& path);

 private:
  fb::ModelT model_;
  std::vector<std::vector<uint8_t>> sections_;
};

/// Reads a whole file (e.g. a test kernel object); empty on failure.
std::vector<uint8_t> ReadFileBytes(const std::string& path);

}  // namespace kiln::testing

#endif  // KILN_TESTS_UNIT_RUNTIME_ARTIFACTBUILDER_H_
