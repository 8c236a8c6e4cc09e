// SPDX-License-Identifier: Apache-2.0
//
// Runs one function's commands for one session.
//
// Planning happens when the input shapes differ from the previous plan's (and
// once at session creation for static functions): evaluate the dims table,
// output shapes, arena buffer sizes and placement (the compiler's offsets,
// or greedy best-fit when arena_size is -1), grow the arena if needed, check
// every buffer range against its buffer, and prepare library calls (cached
// per shape). A run with unchanged shapes only hands the resolved ranges
// (hal::Range) to the context, command by command: it allocates nothing.
#ifndef KILN_RUNTIME_SRC_EXECUTOR_H_
#define KILN_RUNTIME_SRC_EXECUTOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hal/hal.h"
#include "kiln/kiln.h"
#include "dims.h"
#include "model.h"
#include "util.h"

namespace kiln::rt {

class Executor {
 public:
  /// Runs `function`, the variant of `signature` for `device`.
  Executor(kiln_model_s* model, const FunctionSignature* signature,
           const fb::Function* function, hal::Device* device,
           hal::Context* context);

  /// Plans for the bound inputs (shapes validated against the signature).
  /// A no-op when their shapes, and the input values the dims table reads,
  /// equal the last plan's.
  kiln_status_t Plan(const InputBinding& inputs);

  /// The output shapes and byte sizes (in the C API's layout: 4-bit types
  /// packed) of the current plan.
  const std::vector<std::vector<int64_t>>& output_shapes() const {
    return output_shapes_;
  }
  const std::vector<uint64_t>& output_bytes() const { return output_bytes_; }

  /// The dims table of the current plan (for tests and tools).
  const std::vector<int64_t>& dims() const { return dims_; }
  /// The arena size of the current plan and the offset of each buffer.
  uint64_t arena_size() const { return arena_size_; }
  const std::vector<uint64_t>& buffer_offsets() const {
    return buffer_offsets_;
  }

  /// Runs the planned commands on `inputs` and `outputs` (one data pointer
  /// each, holding at least the planned bytes, in the C API's layout).
  /// Packed 4-bit inputs are unpacked into staging memory first (kernels
  /// read one byte per element) and packed outputs packed from theirs after.
  kiln_status_t Execute(void* const* inputs, void* const* outputs);

  /// Time spent per command (indexed like the function's commands) when
  /// profiling; `flops` and `bytes` are per execution, in the planned shapes.
  struct ProfileEntry {
    uint64_t runs = 0;
    uint64_t total_ns = 0;
    uint64_t flops = 0;
    uint64_t bytes = 0;
  };
  /// Starts recording; entries exist from then on.
  void EnableProfiling();
  const std::vector<ProfileEntry>& profile() const { return profile_; }
  void ResetProfile();

 private:
  using Range = hal::Range;

  struct Step {
    fb::CommandOp kind;
    uint32_t command;
    uint32_t first_range;  // into ranges_
    uint32_t range_count;
    // Dispatch
    uint32_t kernel = 0;
    uint64_t grid[3] = {0, 0, 0};
    // Fill
    uint64_t pattern = 0;
    uint8_t pattern_length = 1;
    // Call: ranges are the operands, then the result.
    uint32_t operand_count = 0;
    hal::PreparedCall* call = nullptr;
  };

  struct CachedCall {
    uint32_t command;
    std::vector<int64_t> shapes;
    std::unique_ptr<hal::PreparedCall> call;
  };

  kiln_status_t PlanShapes(const InputBinding& inputs);
  kiln_status_t PlanArena();
  kiln_status_t PlanCommands();
  kiln_status_t PlanCall(uint32_t index, const fb::Call* call, Step* step);
  /// Issues the planned commands of a run begun on the context.
  kiln_status_t RunSteps();
  kiln_status_t RunStep(const Step& step);
  /// Adds the run's command times to the profile.
  void RecordProfile();
  /// Resolves `ref` into ranges_, checking it lies inside its buffer.
  kiln_status_t AddRange(const fb::BufferRef* ref, const char* what,
                         Range* out = nullptr);
  uint64_t Capacity(fb::MemorySpace space, uint32_t index) const;
  /// Sizes the staging memory of packed input or output `index` to `bytes`.
  kiln_status_t PlanStaging(std::vector<AlignedMemory>* staging,
                            std::vector<uint64_t>* capacities, size_t index,
                            uint64_t bytes);
  std::string CommandLabel(uint32_t index) const;

  kiln_model_s* model_;
  const FunctionSignature* signature_;
  const fb::Function* function_;
  hal::Device* device_;
  hal::Context* context_;

  bool planned_ = false;
  uint64_t plan_ = 0;  // counts plans: hal::RunMemory::plan
  /// Ranks and dims of the planned inputs, then the input values read.
  std::vector<int64_t> shape_key_;
  std::vector<uint32_t> value_reads_;  // the dims table's InputValue entries
  std::vector<int64_t> key_scratch_;
  std::vector<uint64_t> input_bytes_;   // artifact layout (kernels' view)
  std::vector<uint64_t> input_counts_;  // elements, for unpacking
  std::vector<uint64_t> output_storage_bytes_;  // artifact layout
  std::vector<uint64_t> output_counts_;
  // One byte per element copies of packed 4-bit inputs and outputs (null
  // for other dtypes), reused while large enough.
  std::vector<AlignedMemory> input_staging_;
  std::vector<uint64_t> input_staging_bytes_;
  std::vector<AlignedMemory> output_staging_;
  std::vector<uint64_t> output_staging_bytes_;
  // The run's input and output memory as the context sees it (staging
  // memory in place of packed tensors), refilled each run.
  std::vector<void*> run_inputs_;
  std::vector<void*> run_outputs_;
  std::vector<int64_t> dims_;
  std::vector<std::vector<int64_t>> output_shapes_;
  std::vector<uint64_t> output_bytes_;
  std::vector<uint64_t> buffer_sizes_;
  std::vector<uint64_t> buffer_offsets_;
  std::vector<uint64_t> planned_sizes_;  // sizes the dynamic plan was for
  uint64_t arena_size_ = 0;
  std::unique_ptr<hal::Buffer> arena_;

  std::vector<Step> steps_;
  std::vector<Range> ranges_;
  std::vector<CachedCall> calls_;

  bool profiling_ = false;
  std::vector<ProfileEntry> profile_;
  std::vector<uint64_t> step_ns_;  // the current run's, per step
};

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_EXECUTOR_H_
