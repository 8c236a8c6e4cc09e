// SPDX-License-Identifier: Apache-2.0
#include "executor.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "arena_planner.h"
#include "util.h"
#include "verifier.h"

namespace kiln::rt {

namespace {

/// The most prepared shapes kept per library call.
constexpr size_t kMaxCachedShapesPerCall = 8;

bool SameRef(const fb::BufferRef* a, const fb::BufferRef* b) {
  return a->space() == b->space() && a->index() == b->index() &&
         a->offset() == b->offset() && a->length() == b->length();
}

uint64_t ElementCount(const std::vector<int64_t>& shape) {
  uint64_t count = 1;
  for (int64_t dim : shape) count *= static_cast<uint64_t>(dim);
  return count;
}

/// The multiplies and adds of a library call (post-ops not counted), for
/// profiles.
uint64_t CallFlops(const hal::CallSpec& spec) {
  const std::vector<hal::CallOperand>& operands = spec.operands;
  uint64_t y = ElementCount(spec.results[0].shape);
  switch (spec.call->params_type()) {
    case fb::CallParams::Convolution: {
      // Each output (input, when transposed) element takes one multiply-add
      // per weight of its filter group: weights / weights' leading dim.
      const std::vector<int64_t>& w = operands[1].shape;
      if (w.empty() || w[0] == 0) return 0;
      uint64_t per_element = ElementCount(w) / static_cast<uint64_t>(w[0]);
      bool transposed = spec.call->params_as_Convolution()->transposed();
      return 2 * (transposed ? ElementCount(operands[0].shape) : y) *
             per_element;
    }
    case fb::CallParams::MatMul: {
      const std::vector<int64_t>& a = operands[0].shape;
      bool transposed = spec.call->params_as_MatMul()->transpose_a();
      int64_t k = a[a.size() - (transposed ? 2 : 1)];
      return 2 * y * static_cast<uint64_t>(k);
    }
    case fb::CallParams::Pooling: {
      uint64_t window = 1;
      const auto* kernel = spec.call->params_as_Pooling()->kernel();
      for (uint32_t i = 0; i < Count(kernel); ++i) {
        window *= static_cast<uint64_t>(kernel->Get(i));
      }
      return y * window;
    }
    case fb::CallParams::NONE:
      break;
  }
  return 0;
}

}  // namespace

Executor::Executor(kiln_model_s* model, const FunctionSignature* signature,
                   const fb::Function* function, hal::Device* device,
                   hal::Context* context)
    : model_(model),
      signature_(signature),
      function_(function),
      device_(device),
      context_(context) {
  const auto* table = function_->dims();
  for (uint32_t i = 0; i < Count(table); ++i) {
    if (table->Get(i)->op() == fb::DimOp::InputValue) value_reads_.push_back(i);
  }
}

std::string Executor::CommandLabel(uint32_t index) const {
  const fb::Command* command = function_->commands()->Get(index);
  std::string label = "command " + std::to_string(index);
  if (command->name()) label += " " + Quote(View(command->name()));
  if (command->op_type() == fb::CommandOp::Call) {
    label += std::string(" (") +
             CallKindName(command->op_as_Call()->params_type()) + ")";
  } else {
    label += std::string(" (") + CommandKindName(command->op_type()) + ")";
  }
  return label;
}

kiln_status_t Executor::Plan(const InputBinding& inputs) {
  key_scratch_.clear();
  for (const std::vector<int64_t>* shape : inputs.shapes) {
    key_scratch_.push_back(static_cast<int64_t>(shape->size()));
    key_scratch_.insert(key_scratch_.end(), shape->begin(), shape->end());
  }
  for (uint32_t entry : value_reads_) {
    const fb::DimExpr* expr = function_->dims()->Get(entry);
    int64_t value;
    KILN_RETURN_IF_ERROR(
        ReadInputValue(function_, inputs, expr->a(), expr->b(), &value));
    key_scratch_.push_back(value);
  }
  if (planned_ && key_scratch_ == shape_key_) return nullptr;
  planned_ = false;
  ++plan_;
  KILN_RETURN_IF_ERROR(PlanShapes(inputs));
  KILN_RETURN_IF_ERROR(PlanArena());
  KILN_RETURN_IF_ERROR(PlanCommands());
  shape_key_ = key_scratch_;  // keeps the scratch capacity for next runs
  planned_ = true;
  return nullptr;
}

kiln_status_t Executor::PlanStaging(std::vector<AlignedMemory>* staging,
                                    std::vector<uint64_t>* capacities,
                                    size_t index, uint64_t bytes) {
  if ((*staging)[index] && (*capacities)[index] >= bytes) return nullptr;
  (*staging)[index].reset();
  (*capacities)[index] = 0;
  if (bytes > SIZE_MAX) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "cannot allocate %llu bytes to unpack a 4-bit tensor",
                      static_cast<unsigned long long>(bytes));
  }
  (*staging)[index] = AllocateAligned(static_cast<size_t>(bytes));
  if (!(*staging)[index]) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "cannot allocate %llu bytes to unpack a 4-bit tensor",
                      static_cast<unsigned long long>(bytes));
  }
  (*capacities)[index] = bytes;
  return nullptr;
}

kiln_status_t Executor::PlanShapes(const InputBinding& inputs) {
  const auto& shapes = inputs.shapes;
  input_bytes_.resize(shapes.size());
  input_counts_.resize(shapes.size());
  input_staging_.resize(shapes.size());
  input_staging_bytes_.resize(shapes.size());
  run_inputs_.resize(shapes.size());
  for (size_t i = 0; i < shapes.size(); ++i) {
    kiln_dtype_t dtype = signature_->inputs[i].dtype;
    if (!StorageByteSize(dtype, shapes[i]->data(), shapes[i]->size(),
                         &input_bytes_[i]) ||
        !ElementCount(shapes[i]->data(), shapes[i]->size(),
                      &input_counts_[i])) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "input %s is too large",
                        Quote(signature_->inputs[i].name).c_str());
    }
    if (IsPackedDtype(dtype)) {
      KILN_RETURN_IF_ERROR(PlanStaging(&input_staging_, &input_staging_bytes_,
                                       i, input_bytes_[i]));
    }
  }
  KILN_RETURN_IF_ERROR(EvaluateDims(function_, inputs, &dims_));
  if (const auto* checks = function_->checks()) {
    for (const fb::Check* check : *checks) {
      if (dims_[static_cast<size_t>(check->dim())] == 0) {
        return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s",
                          check->message()->c_str());
      }
    }
  }

  size_t outputs = signature_->outputs.size();
  output_shapes_.resize(outputs);
  output_bytes_.resize(outputs);
  output_storage_bytes_.resize(outputs);
  output_counts_.resize(outputs);
  output_staging_.resize(outputs);
  output_staging_bytes_.resize(outputs);
  run_outputs_.resize(outputs);
  for (size_t i = 0; i < outputs; ++i) {
    const fb::TensorType* type =
        function_->outputs()->Get(static_cast<uint32_t>(i));
    const TensorSignature& output = signature_->outputs[i];
    std::vector<int64_t>& shape = output_shapes_[i];
    shape = output.shape;
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] >= 0) continue;
      uint64_t value;
      int64_t size = type->dim_sizes()->Get(static_cast<uint32_t>(d));
      if (!ResolveSize(size, dims_, &value)) {
        return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                          "output %s dim %zu evaluates to %lld; check the "
                          "input shapes",
                          Quote(output.name).c_str(), d,
                          static_cast<long long>(dims_[DimIndex(size)]));
      }
      shape[d] = static_cast<int64_t>(value);
    }
    if (!ByteSize(output.dtype, shape.data(), shape.size(),
                  &output_bytes_[i]) ||
        !StorageByteSize(output.dtype, shape.data(), shape.size(),
                         &output_storage_bytes_[i]) ||
        !ElementCount(shape.data(), shape.size(), &output_counts_[i])) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "output %s shape %s is too large",
                        Quote(output.name).c_str(),
                        ShapeString(shape.data(), shape.size()).c_str());
    }
    if (IsPackedDtype(output.dtype)) {
      KILN_RETURN_IF_ERROR(PlanStaging(&output_staging_, &output_staging_bytes_,
                                       i, output_storage_bytes_[i]));
    }
  }
  return nullptr;
}

kiln_status_t Executor::PlanArena() {
  uint32_t count = Count(function_->buffers());
  buffer_sizes_.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    int64_t size = function_->buffers()->Get(i)->size();
    if (!ResolveSize(size, dims_, &buffer_sizes_[i])) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "arena buffer %u size evaluates to %lld; check the "
                        "input shapes",
                        i, static_cast<long long>(dims_[DimIndex(size)]));
    }
  }
  if (function_->arena_size() >= 0) {
    buffer_offsets_.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
      buffer_offsets_[i] =
          static_cast<uint64_t>(function_->buffers()->Get(i)->offset());
    }
    arena_size_ = static_cast<uint64_t>(function_->arena_size());
  } else if (buffer_sizes_ != planned_sizes_ ||
             buffer_offsets_.size() != count) {
    std::vector<ArenaRequest> requests(count);
    for (uint32_t i = 0; i < count; ++i) {
      const fb::ArenaBuffer* buffer = function_->buffers()->Get(i);
      requests[i] = {buffer_sizes_[i], buffer->first_use(), buffer->last_use()};
    }
    if (!kiln::rt::PlanArena(requests, &buffer_offsets_, &arena_size_)) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "the arena size overflows; check the input shapes");
    }
    planned_sizes_ = buffer_sizes_;
  }
  if (arena_size_ > 0 && (!arena_ || arena_->size() < arena_size_)) {
    arena_.reset();
    if (arena_size_ > SIZE_MAX) {
      return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                        "cannot allocate a %llu-byte arena",
                        static_cast<unsigned long long>(arena_size_));
    }
    KILN_RETURN_IF_ERROR(
        device_->Allocate(static_cast<size_t>(arena_size_), &arena_));
  }
  return nullptr;
}

uint64_t Executor::Capacity(fb::MemorySpace space, uint32_t index) const {
  switch (space) {
    case fb::MemorySpace::Arena:
      return buffer_sizes_[index];
    case fb::MemorySpace::Input:
      return input_bytes_[index];
    case fb::MemorySpace::Output:
      return output_storage_bytes_[index];
    case fb::MemorySpace::Weight:
      return model_->root->sections()->Get(index)->length();
  }
  return 0;
}

kiln_status_t Executor::AddRange(const fb::BufferRef* ref, const char* what,
                                 Range* out) {
  uint64_t length;
  if (!ResolveSize(ref->length(), dims_, &length)) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s length evaluates to %lld; check the input shapes",
                      what,
                      static_cast<long long>(dims_[DimIndex(ref->length())]));
  }
  uint64_t capacity = Capacity(ref->space(), ref->index());
  uint64_t end;
  if (!CheckedAdd(ref->offset(), length, &end) || end > capacity) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s [%llu, +%llu) exceeds %s %u (%llu bytes for these "
                      "input shapes)",
                      what, static_cast<unsigned long long>(ref->offset()),
                      static_cast<unsigned long long>(length),
                      SpaceName(ref->space()), ref->index(),
                      static_cast<unsigned long long>(capacity));
  }
  Range range{ref->space(), ref->index(), ref->offset(), length};
  if (ref->space() == fb::MemorySpace::Arena) {
    range.offset += buffer_offsets_[ref->index()];
  } else if (ref->space() == fb::MemorySpace::Weight) {
    range.offset += model_->root->sections()->Get(ref->index())->offset();
  }
  ranges_.push_back(range);
  if (out) *out = range;
  return nullptr;
}

kiln_status_t Executor::PlanCommands() {
  steps_.clear();
  ranges_.clear();
  for (uint32_t i = 0; i < Count(function_->commands()); ++i) {
    const fb::Command* command = function_->commands()->Get(i);
    Step step;
    step.kind = command->op_type();
    step.command = i;
    step.first_range = static_cast<uint32_t>(ranges_.size());
    kiln_status_t status = nullptr;
    switch (command->op_type()) {
      case fb::CommandOp::Dispatch: {
        const fb::Dispatch* dispatch = command->op_as_Dispatch();
        step.kernel = dispatch->kernel();
        uint64_t total = 1;
        for (uint32_t d = 0; d < 3 && !status; ++d) {
          int64_t count = dispatch->workgroup_count()->Get(d);
          if (!ResolveSize(count, dims_, &step.grid[d])) {
            status = MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                                "workgroup_count[%u] evaluates to %lld", d,
                                static_cast<long long>(dims_[DimIndex(count)]));
          } else if (!CheckedMul(total, step.grid[d], &total)) {
            total = UINT64_MAX;
          }
        }
        if (!status && total > kMaxWorkgroups) {
          status = MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                              "%llu workgroups (at most %llu)",
                              static_cast<unsigned long long>(total),
                              static_cast<unsigned long long>(kMaxWorkgroups));
        }
        for (uint32_t b = 0; b < Count(dispatch->bindings()) && !status; ++b) {
          std::string what = "binding " + std::to_string(b);
          status = AddRange(dispatch->bindings()->Get(b), what.c_str());
        }
        break;
      }
      case fb::CommandOp::Copy: {
        const fb::Copy* copy = command->op_as_Copy();
        Range source, target;
        status = AddRange(copy->source(), "source", &source);
        if (!status) status = AddRange(copy->target(), "target", &target);
        if (!status && target.length < source.length) {
          status = MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                              "copies %llu bytes into a %llu-byte target",
                              static_cast<unsigned long long>(source.length),
                              static_cast<unsigned long long>(target.length));
        }
        break;
      }
      case fb::CommandOp::Fill: {
        const fb::Fill* fill = command->op_as_Fill();
        step.pattern = fill->pattern();
        step.pattern_length = fill->pattern_length();
        status = AddRange(fill->target(), "target");
        break;
      }
      case fb::CommandOp::Call:
        status = PlanCall(i, command->op_as_Call(), &step);
        break;
      default:
        status = MakeStatus(KILN_STATUS_INTERNAL, "unknown command");
        break;
    }
    if (status) return Annotate(status, CommandLabel(i));
    step.range_count = static_cast<uint32_t>(ranges_.size()) - step.first_range;
    if (profiling_) {
      uint64_t bytes = 0;
      for (uint32_t r = 0; r < step.range_count; ++r) {
        bytes += ranges_[step.first_range + r].length;
      }
      profile_[i].bytes = bytes;
    }
    steps_.push_back(step);
  }
  return nullptr;
}

kiln_status_t Executor::PlanCall(uint32_t index, const fb::Call* call,
                                 Step* step) {
  hal::CallSpec spec;
  spec.call = call;
  spec.label = CommandLabel(index);
  std::vector<int64_t> key;
  const fb::BufferRef* result_ref = call->results()->Get(0)->buffer();
  auto add = [&](const fb::Operand* operand, const char* what,
                 std::vector<hal::CallOperand>* list) -> kiln_status_t {
    hal::CallOperand resolved;
    resolved.element_type = operand->element_type();
    resolved.layout = operand->layout();
    for (uint32_t d = 0; d < Count(operand->shape()); ++d) {
      int64_t size = operand->shape()->Get(d);
      uint64_t dim;
      if (!ResolveSize(size, dims_, &dim)) {
        return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                          "%s dim %u evaluates to %lld; check the input "
                          "shapes",
                          what, d,
                          static_cast<long long>(dims_[DimIndex(size)]));
      }
      resolved.shape.push_back(static_cast<int64_t>(dim));
    }
    Range range;
    KILN_RETURN_IF_ERROR(AddRange(operand->buffer(), what, &range));
    uint64_t bytes;
    if (!StorageByteSize(ToDtype(operand->element_type()),
                         resolved.shape.data(), resolved.shape.size(),
                         &bytes) ||
        bytes > range.length) {
      return MakeStatus(
          KILN_STATUS_INVALID_ARGUMENT,
          "%s shape %s needs more than its %llu-byte buffer", what,
          ShapeString(resolved.shape.data(), resolved.shape.size()).c_str(),
          static_cast<unsigned long long>(range.length));
    }
    if (range.space == fb::MemorySpace::Weight) {
      resolved.constant_data = model_->bytes->data() + range.offset;
    }
    resolved.aliases_result =
        list == &spec.operands && SameRef(operand->buffer(), result_ref);
    key.push_back(static_cast<int64_t>(resolved.shape.size()));
    key.insert(key.end(), resolved.shape.begin(), resolved.shape.end());
    list->push_back(std::move(resolved));
    return nullptr;
  };
  for (uint32_t i = 0; i < Count(call->operands()); ++i) {
    std::string what = "operand " + std::to_string(i);
    KILN_RETURN_IF_ERROR(
        add(call->operands()->Get(i), what.c_str(), &spec.operands));
  }
  KILN_RETURN_IF_ERROR(add(call->results()->Get(0), "result", &spec.results));
  step->operand_count = Count(call->operands());
  if (profiling_) profile_[index].flops = CallFlops(spec);

  size_t cached_for_command = 0;
  for (CachedCall& cached : calls_) {
    if (cached.command != index) continue;
    ++cached_for_command;
    if (cached.shapes == key) {
      step->call = cached.call.get();
      return nullptr;
    }
  }
  if (cached_for_command >= kMaxCachedShapesPerCall) {
    calls_.erase(std::remove_if(calls_.begin(), calls_.end(),
                                [&](const CachedCall& cached) {
                                  return cached.command == index;
                                }),
                 calls_.end());
  }
  std::unique_ptr<hal::PreparedCall> prepared;
  KILN_RETURN_IF_ERROR(context_->PrepareCall(spec, &prepared));
  step->call = prepared.get();
  calls_.push_back({index, std::move(key), std::move(prepared)});
  return nullptr;
}

kiln_status_t Executor::Execute(void* const* inputs, void* const* outputs) {
  if (!planned_) {
    return MakeStatus(KILN_STATUS_INTERNAL, "executing without a plan");
  }
  for (size_t i = 0; i < run_inputs_.size(); ++i) {
    if (input_staging_[i]) {
      UnpackNibbles(static_cast<const uint8_t*>(inputs[i]), input_counts_[i],
                    input_staging_[i].get());
      run_inputs_[i] = input_staging_[i].get();
    } else {
      run_inputs_[i] = inputs[i];
    }
  }
  for (size_t i = 0; i < run_outputs_.size(); ++i) {
    run_outputs_[i] =
        output_staging_[i] ? output_staging_[i].get() : outputs[i];
  }
  hal::RunMemory memory;
  memory.arena = arena_size_ > 0 ? arena_.get() : nullptr;
  memory.inputs = run_inputs_.data();
  memory.input_bytes = input_bytes_.data();
  memory.input_count = run_inputs_.size();
  memory.outputs = run_outputs_.data();
  memory.output_bytes = output_storage_bytes_.data();
  memory.output_count = run_outputs_.size();
  memory.dims = dims_.empty() ? nullptr : dims_.data();
  memory.dim_count = dims_.size();
  memory.plan = plan_;
  memory.profiling = profiling_;
  bool replay = false;
  if (profiling_) step_ns_.assign(steps_.size(), 0);
  KILN_RETURN_IF_ERROR(context_->BeginRun(memory, &replay));
  kiln_status_t status = replay ? nullptr : RunSteps();
  // The run ends on every path; a failed command's status wins over EndRun's.
  kiln_status_t end = context_->EndRun();
  if (status) {
    kiln_status_release(end);
    return status;
  }
  KILN_RETURN_IF_ERROR(end);
  if (profiling_) RecordProfile();
  for (size_t i = 0; i < output_staging_.size(); ++i) {
    if (output_staging_[i]) {
      PackNibbles(output_staging_[i].get(), output_counts_[i],
                  static_cast<uint8_t*>(outputs[i]));
    }
  }
  return nullptr;
}

kiln_status_t Executor::RunSteps() {
  using Clock = std::chrono::steady_clock;
  for (size_t i = 0; i < steps_.size(); ++i) {
    Clock::time_point start;
    if (profiling_) start = Clock::now();
    if (kiln_status_t status = RunStep(steps_[i])) {
      return Annotate(status, CommandLabel(steps_[i].command));
    }
    if (profiling_) {
      step_ns_[i] = static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() -
                                                               start)
              .count());
    }
  }
  return nullptr;
}

void Executor::RecordProfile() {
  // A device that runs commands after they are issued times them itself.
  const std::vector<uint64_t>* device = context_->DeviceNanoseconds();
  const std::vector<uint64_t>& times =
      device && device->size() == steps_.size() ? *device : step_ns_;
  for (size_t i = 0; i < steps_.size(); ++i) {
    ProfileEntry& entry = profile_[steps_[i].command];
    entry.total_ns += times[i];
    ++entry.runs;
  }
}

kiln_status_t Executor::RunStep(const Step& step) {
  const Range* ranges = ranges_.data() + step.first_range;
  switch (step.kind) {
    case fb::CommandOp::Dispatch:
      return context_->Dispatch(step.kernel, step.grid, ranges,
                                step.range_count);
    case fb::CommandOp::Copy:  // ranges: source, target
      return context_->Copy(ranges[1], ranges[0]);
    case fb::CommandOp::Fill:
      return context_->Fill(ranges[0], step.pattern, step.pattern_length);
    case fb::CommandOp::Call:  // ranges: operands, result
      return context_->Call(step.call, ranges, step.operand_count,
                            ranges[step.operand_count]);
    default:
      return nullptr;
  }
}

void Executor::EnableProfiling() {
  if (profiling_) return;
  profiling_ = true;
  profile_.assign(Count(function_->commands()), ProfileEntry{});
  planned_ = false;  // replan to fill in flops and bytes
}

void Executor::ResetProfile() {
  for (ProfileEntry& entry : profile_) entry.runs = entry.total_ns = 0;
}

}  // namespace kiln::rt
