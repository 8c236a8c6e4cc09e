// SPDX-License-Identifier: Apache-2.0
//
// The Vulkan HAL driver: sessions on a Vulkan device.
//
// A model's state holds one compute pipeline per kernel of its "spirv"
// executable and its weights, uploaded once into a device-local buffer.
// A context records the commands of a run into a program (vulkan_device.h)
// with the copies that stage inputs in and outputs out around them, and
// replays that program on later runs of the same plan: a run then costs two
// host copies and one submission. A profiled session's program writes a
// timestamp after each command, read back after each run.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hal/drivers/vulkan/vulkan_device.h"
#include "hal/hal.h"
#include "schema.h"
#include "util.h"

namespace kiln::hal::vulkan {

using rt::MakeStatus;

namespace {

/// Staged inputs and outputs start at multiples of this.
constexpr uint64_t kStagingAlignment = 64;

uint64_t AlignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// Device-local memory behind a hal::Buffer (the arena). The host cannot
/// address it: data() is null.
class DeviceBuffer : public hal::Buffer {
 public:
  explicit DeviceBuffer(std::unique_ptr<vulkan::Buffer> buffer)
      : buffer_(std::move(buffer)) {}
  void* data() override { return nullptr; }
  size_t size() const override { return buffer_->size(); }
  const vulkan::Buffer& buffer() const { return *buffer_; }

 private:
  std::unique_ptr<vulkan::Buffer> buffer_;
};

/// Creates (or keeps, when large enough) a buffer of at least `size` bytes.
kiln_status_t EnsureBuffer(Device& device, uint64_t size, MemoryKind kind,
                           std::unique_ptr<Buffer>* buffer) {
  if (size == 0 || (*buffer && (*buffer)->size() >= size)) return nullptr;
  buffer->reset();
  return device.CreateBuffer(static_cast<size_t>(size), kind, buffer);
}

class VulkanModelState : public ModelState {
 public:
  explicit VulkanModelState(Device& device) : device_(device) {}

  /// Picks the "spirv" executable, checks the device has the capabilities
  /// its kernels use, creates their pipelines and uploads the weights.
  kiln_status_t Init(const ArtifactView& artifact) {
    const fb::Model* model = artifact.model;
    std::string available;
    const fb::Executable* chosen = nullptr;
    uint32_t chosen_index = 0;
    for (uint32_t i = 0; i < rt::Count(model->executables()); ++i) {
      const fb::Executable* executable = model->executables()->Get(i);
      available += (available.empty() ? "" : ", ") +
                   std::string(rt::View(executable->target())) + " " +
                   std::string(rt::View(executable->format()));
      if (rt::View(executable->format()) == "spirv" && !chosen) {
        chosen = executable;
        chosen_index = i;
      }
    }
    KILN_RETURN_IF_ERROR(UploadWeights(artifact));
    if (!chosen) {
      missing_ = "the model has no spirv executable (it has: " +
                 (available.empty() ? std::string("none") : available) +
                 "); compile it with kilnc --target=vulkan";
      return nullptr;
    }
    std::string label = "executable " + std::to_string(chosen_index) +
                        " (vulkan)";
    const DeviceInfo& info = device_.info();
    for (uint32_t f = 0; f < rt::Count(chosen->features()); ++f) {
      std::string capability(rt::View(chosen->features()->Get(f)));
      bool has = false;
      for (const std::string& offered : info.capabilities)
        has |= offered == capability;
      if (!has) {
        return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                          "%s uses the SPIR-V capability %s, which the "
                          "Vulkan device '%s' lacks",
                          label.c_str(), capability.c_str(),
                          info.name.c_str());
      }
    }
    const fb::Section* object = model->sections()->Get(chosen->object());
    const uint8_t* code_base = artifact.base + object->offset();
    for (uint32_t k = 0; k < rt::Count(chosen->kernels()); ++k) {
      const fb::Kernel* kernel = chosen->kernels()->Get(k);
      uint64_t end;
      if (!rt::CheckedAdd(kernel->code_offset(), kernel->code_size(), &end) ||
          end > object->length() || kernel->code_size() % 4 != 0 ||
          kernel->code_offset() % 4 != 0) {
        return MakeStatus(KILN_STATUS_DATA_LOSS,
                          "%s kernel %u: its code [%llu, +%llu) is not "
                          "whole words inside the %llu-byte object",
                          label.c_str(), k,
                          static_cast<unsigned long long>(kernel->code_offset()),
                          static_cast<unsigned long long>(kernel->code_size()),
                          static_cast<unsigned long long>(object->length()));
      }
      std::vector<uint64_t> scratch;
      for (uint32_t b = 0; b < rt::Count(kernel->scratch()); ++b) {
        int64_t bytes = kernel->scratch()->Get(b);
        if (bytes <= 0) {
          return MakeStatus(KILN_STATUS_DATA_LOSS,
                            "%s kernel %u: scratch buffer %u has %lld bytes",
                            label.c_str(), k, b,
                            static_cast<long long>(bytes));
        }
        scratch.push_back(static_cast<uint64_t>(bytes));
      }
      if (scratch.size() > kernel->bindings()) {
        return MakeStatus(KILN_STATUS_DATA_LOSS,
                          "%s kernel %u: %zu scratch buffers among %u "
                          "bindings",
                          label.c_str(), k, scratch.size(),
                          kernel->bindings());
      }
      scratch_.push_back(std::move(scratch));
      std::unique_ptr<Pipeline> pipeline;
      KILN_RETURN_IF_ERROR(device_.CreatePipeline(
          reinterpret_cast<const uint32_t*>(code_base + kernel->code_offset()),
          static_cast<size_t>(kernel->code_size() / 4),
          rt::CStr(kernel->name()), kernel->bindings(), &pipeline));
      pipelines_.push_back(std::move(pipeline));
    }
    executable_ = static_cast<int>(chosen_index);
    return nullptr;
  }

  bool has_executable() const { return executable_ >= 0; }
  const std::string& missing() const { return missing_; }
  size_t kernel_count() const { return pipelines_.size(); }
  const Pipeline& pipeline(uint32_t kernel) const { return *pipelines_[kernel]; }
  /// Bytes of each scratch buffer kernel `kernel` binds after the
  /// dispatch's buffers.
  const std::vector<uint64_t>& scratch(uint32_t kernel) const {
    return scratch_[kernel];
  }
  Device& device() const { return device_; }

  /// Where Weight range `offset` (a file offset) lies on the device.
  const Buffer* weights() const { return weights_.get(); }
  uint64_t weights_base() const { return weights_base_; }

 private:
  /// Uploads the bytes of every section that is not an executable's object
  /// (the weights), as one span of the file.
  kiln_status_t UploadWeights(const ArtifactView& artifact) {
    const fb::Model* model = artifact.model;
    std::vector<bool> is_object(rt::Count(model->sections()), false);
    for (uint32_t i = 0; i < rt::Count(model->executables()); ++i) {
      uint32_t object = model->executables()->Get(i)->object();
      if (object < is_object.size()) is_object[object] = true;
    }
    uint64_t begin = UINT64_MAX, end = 0;
    for (uint32_t i = 0; i < rt::Count(model->sections()); ++i) {
      const fb::Section* section = model->sections()->Get(i);
      if (is_object[i] || section->length() == 0) continue;
      begin = std::min<uint64_t>(begin, section->offset());
      end = std::max<uint64_t>(end, section->offset() + section->length());
    }
    if (end <= begin) return nullptr;
    std::unique_ptr<Buffer> staging;
    KILN_RETURN_IF_ERROR(device_.CreateBuffer(static_cast<size_t>(end - begin),
                                              MemoryKind::kHost, &staging));
    std::memcpy(staging->mapped(), artifact.base + begin,
                static_cast<size_t>(end - begin));
    KILN_RETURN_IF_ERROR(device_.CreateBuffer(
        static_cast<size_t>(end - begin), MemoryKind::kDevice, &weights_));
    weights_base_ = begin;
    return device_.Submit([&](Recorder& recorder) -> kiln_status_t {
      recorder.Copy(*staging, 0, *weights_, 0, staging->size());
      return nullptr;
    });
  }

  Device& device_;
  std::string missing_;
  std::vector<std::unique_ptr<Pipeline>> pipelines_;
  std::vector<std::vector<uint64_t>> scratch_;
  std::unique_ptr<Buffer> weights_;
  uint64_t weights_base_ = 0;
};

class VulkanContext : public Context {
 public:
  explicit VulkanContext(VulkanModelState* state)
      : state_(state), device_(state->device()) {}

  kiln_status_t BeginRun(const RunMemory& memory, bool* replay) override {
    memory_ = memory;
    recording_ = !program_ || memory.plan != plan_ ||
                 memory.arena != arena_ || memory.profiling != timed_;
    *replay = !recording_;
    if (recording_) {
      commands_.clear();
      ranges_.clear();
      fill_bytes_.clear();
    }
    return nullptr;
  }

  kiln_status_t Dispatch(uint32_t kernel, const uint64_t grid[3],
                         const Range* bindings,
                         uint32_t binding_count) override {
    if (kernel >= state_->kernel_count()) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "kernel %u is not in the executable (%zu kernels)",
                        kernel, state_->kernel_count());
    }
    // Then come its scratch buffers, and for dynamic shapes the dims table.
    uint32_t expected = state_->pipeline(kernel).bindings();
    uint32_t own = binding_count +
                   static_cast<uint32_t>(state_->scratch(kernel).size());
    if (own != expected && own + 1 != expected) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "kernel %u binds %u buffers; the dispatch gives %u "
                        "(and it has %zu scratch buffers)",
                        kernel, expected, binding_count,
                        state_->scratch(kernel).size());
    }
    Command command{Command::kDispatch, kernel, {}, ranges_.size(),
                    binding_count, 0};
    for (int d = 0; d < 3; ++d) {
      if (grid[d] > UINT32_MAX) {
        return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                          "vulkan: a grid of %llu workgroups along %c",
                          static_cast<unsigned long long>(grid[d]), "xyz"[d]);
      }
      command.grid[d] = static_cast<uint32_t>(grid[d]);
    }
    ranges_.insert(ranges_.end(), bindings, bindings + binding_count);
    commands_.push_back(command);
    return nullptr;
  }

  kiln_status_t PrepareCall(const CallSpec& spec,
                            std::unique_ptr<PreparedCall>*) override {
    return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                      "%s: library calls run on the CPU only; compile the "
                      "model with kilnc --target=vulkan",
                      spec.label.c_str());
  }

  kiln_status_t Call(PreparedCall*, const Range*, uint32_t,
                     const Range&) override {
    return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                      "vulkan: library calls run on the CPU only");
  }

  kiln_status_t Copy(const Range& target, const Range& source) override {
    commands_.push_back(
        {Command::kCopy, 0, {}, ranges_.size(), 2, 0});
    ranges_.push_back(source);
    ranges_.push_back(target);
    return nullptr;
  }

  const std::vector<uint64_t>* DeviceNanoseconds() const override {
    return timed_ ? &command_ns_ : nullptr;
  }

  kiln_status_t Fill(const Range& target, uint64_t pattern,
                     uint8_t pattern_length) override {
    // Fills become copies from bytes prepared here: vkCmdFillBuffer takes
    // only 4-byte patterns at 4-byte offsets.
    commands_.push_back({Command::kFill, 0, {}, ranges_.size(), 1,
                         fill_bytes_.size()});
    ranges_.push_back(target);
    for (uint64_t i = 0; i < target.length; ++i) {
      fill_bytes_.push_back(
          static_cast<uint8_t>(pattern >> (8 * (i % pattern_length))));
    }
    return nullptr;
  }

  kiln_status_t EndRun() override {
    if (recording_) {
      recording_ = false;
      program_.reset();
      KILN_RETURN_IF_ERROR(BuildProgram());
      plan_ = memory_.plan;
      arena_ = memory_.arena;
      timed_ = memory_.profiling;
    }
    auto* staging = static_cast<uint8_t*>(staging_ ? staging_->mapped()
                                                   : nullptr);
    for (size_t i = 0; i < memory_.input_count; ++i) {
      if (memory_.input_bytes[i] == 0) continue;
      std::memcpy(staging + input_offsets_[i], memory_.inputs[i],
                  static_cast<size_t>(memory_.input_bytes[i]));
    }
    KILN_RETURN_IF_ERROR(device_.Run(*program_));
    if (timed_) KILN_RETURN_IF_ERROR(program_->Intervals(&command_ns_));
    for (size_t i = 0; i < memory_.output_count; ++i) {
      if (memory_.output_bytes[i] == 0) continue;
      std::memcpy(memory_.outputs[i], staging + output_offsets_[i],
                  static_cast<size_t>(memory_.output_bytes[i]));
    }
    return nullptr;
  }

 private:
  struct Command {
    enum Kind { kDispatch, kCopy, kFill } kind;
    uint32_t kernel;
    uint32_t grid[3];
    size_t first_range;  // into ranges_
    uint32_t range_count;
    size_t fill_offset;  // into fill_bytes_
  };

  /// Sizes the per-run buffers for the current plan and records the
  /// program: inputs staged in, the commands, outputs staged out.
  kiln_status_t BuildProgram() {
    inputs_.resize(memory_.input_count);
    outputs_.resize(memory_.output_count);
    input_offsets_.assign(memory_.input_count, 0);
    output_offsets_.assign(memory_.output_count, 0);
    uint64_t staged = 0;
    for (size_t i = 0; i < memory_.input_count; ++i) {
      KILN_RETURN_IF_ERROR(EnsureBuffer(device_, memory_.input_bytes[i],
                                        MemoryKind::kDevice, &inputs_[i]));
      input_offsets_[i] = staged;
      staged = AlignUp(staged + memory_.input_bytes[i], kStagingAlignment);
    }
    for (size_t i = 0; i < memory_.output_count; ++i) {
      KILN_RETURN_IF_ERROR(EnsureBuffer(device_, memory_.output_bytes[i],
                                        MemoryKind::kDevice, &outputs_[i]));
      output_offsets_[i] = staged;
      staged = AlignUp(staged + memory_.output_bytes[i], kStagingAlignment);
    }
    KILN_RETURN_IF_ERROR(
        EnsureBuffer(device_, staged, MemoryKind::kHost, &staging_));
    fill_.reset();
    KILN_RETURN_IF_ERROR(
        EnsureBuffer(device_, fill_bytes_.size(), MemoryKind::kHost, &fill_));
    if (fill_) {
      std::memcpy(fill_->mapped(), fill_bytes_.data(), fill_bytes_.size());
    }
    KILN_RETURN_IF_ERROR(
        EnsureBuffer(device_, 16, MemoryKind::kDevice, &empty_));
    KILN_RETURN_IF_ERROR(WriteDims());
    // One scratch buffer serves every dispatch: they run one after another.
    uint64_t scratch = 0;
    for (const Command& command : commands_) {
      if (command.kind != Command::kDispatch) continue;
      uint64_t bytes = 0;
      for (uint64_t size : state_->scratch(command.kernel))
        bytes = AlignUp(bytes, ScratchAlignment()) + size;
      scratch = std::max(scratch, bytes);
    }
    KILN_RETURN_IF_ERROR(
        EnsureBuffer(device_, scratch, MemoryKind::kDevice, &scratch_));

    return device_.Record(
        [&](Recorder& recorder) -> kiln_status_t {
          for (size_t i = 0; i < memory_.input_count; ++i) {
            if (memory_.input_bytes[i] == 0) continue;
            recorder.Copy(*staging_, input_offsets_[i], *inputs_[i], 0,
                          static_cast<size_t>(memory_.input_bytes[i]));
          }
          // Profiled: a timestamp before the commands and after each.
          uint32_t timestamp = 0;
          if (memory_.profiling) recorder.Timestamp(timestamp++);
          for (const Command& command : commands_) {
            KILN_RETURN_IF_ERROR(RecordCommand(recorder, command));
            if (memory_.profiling) recorder.Timestamp(timestamp++);
          }
          for (size_t i = 0; i < memory_.output_count; ++i) {
            if (memory_.output_bytes[i] == 0) continue;
            recorder.Copy(*outputs_[i], 0, *staging_, output_offsets_[i],
                          static_cast<size_t>(memory_.output_bytes[i]));
          }
          return nullptr;
        },
        &program_,
        memory_.profiling ? static_cast<uint32_t>(commands_.size() + 1) : 0);
  }

  /// Where scratch buffers may start in the shared one.
  uint64_t ScratchAlignment() const {
    return std::max<uint64_t>(
        kStagingAlignment, device_.info().min_storage_buffer_offset_alignment);
  }

  /// The plan's dims table as kernels read it: int32 values.
  kiln_status_t WriteDims() {
    if (memory_.dim_count == 0) return nullptr;
    KILN_RETURN_IF_ERROR(EnsureBuffer(device_, memory_.dim_count * 4,
                                      MemoryKind::kHost, &dims_));
    auto* values = static_cast<int32_t*>(dims_->mapped());
    for (size_t i = 0; i < memory_.dim_count; ++i) {
      int64_t value = memory_.dims[i];
      if (value < INT32_MIN || value > INT32_MAX) {
        return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                          "vulkan: dim %zu is %lld; kernels take 32-bit "
                          "sizes",
                          i, static_cast<long long>(value));
      }
      values[i] = static_cast<int32_t>(value);
    }
    return nullptr;
  }

  kiln_status_t RecordCommand(Recorder& recorder, const Command& command) {
    const Range* ranges = ranges_.data() + command.first_range;
    switch (command.kind) {
      case Command::kDispatch: {
        std::vector<BufferRange> bindings(command.range_count);
        uint64_t offset = 0;
        for (uint64_t size : state_->scratch(command.kernel)) {
          offset = AlignUp(offset, ScratchAlignment());
          bindings.push_back({scratch_.get(), static_cast<size_t>(offset),
                              static_cast<size_t>(size)});
          offset += size;
        }
        if (state_->pipeline(command.kernel).bindings() > bindings.size()) {
          if (!dims_) {
            return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                              "kernel %u reads the dims table; the function "
                              "has none",
                              command.kernel);
          }
          bindings.push_back({dims_.get(), 0, dims_->size()});
        }
        uint64_t alignment =
            device_.info().min_storage_buffer_offset_alignment;
        for (uint32_t b = 0; b < command.range_count; ++b) {
          KILN_RETURN_IF_ERROR(Resolve(ranges[b], &bindings[b]));
          if (alignment > 1 && bindings[b].offset % alignment != 0) {
            return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                              "vulkan: binding %u starts at byte %zu, not a "
                              "multiple of %s's storage buffer alignment "
                              "(%llu)",
                              b, bindings[b].offset,
                              device_.info().name.c_str(),
                              static_cast<unsigned long long>(alignment));
          }
        }
        return recorder.Dispatch(state_->pipeline(command.kernel), bindings,
                                 command.grid);
      }
      case Command::kCopy: {
        BufferRange source, target;
        KILN_RETURN_IF_ERROR(Resolve(ranges[0], &source));
        KILN_RETURN_IF_ERROR(Resolve(ranges[1], &target));
        if (ranges[0].length > 0) {
          recorder.Copy(*source.buffer, source.offset, *target.buffer,
                        target.offset, static_cast<size_t>(ranges[0].length));
        }
        return nullptr;
      }
      case Command::kFill: {
        BufferRange target;
        KILN_RETURN_IF_ERROR(Resolve(ranges[0], &target));
        if (ranges[0].length > 0) {
          recorder.Copy(*fill_, command.fill_offset, *target.buffer,
                        target.offset, static_cast<size_t>(ranges[0].length));
        }
        return nullptr;
      }
    }
    return nullptr;
  }

  /// The device buffer and offset of `range` in the current run's memory.
  kiln_status_t Resolve(const Range& range, BufferRange* out) const {
    const Buffer* buffer = nullptr;
    uint64_t offset = range.offset;
    switch (range.space) {
      case fb::MemorySpace::Arena:
        if (memory_.arena) {
          buffer = &static_cast<DeviceBuffer*>(memory_.arena)->buffer();
        }
        break;
      case fb::MemorySpace::Input:
        buffer = inputs_[range.index].get();
        break;
      case fb::MemorySpace::Output:
        buffer = outputs_[range.index].get();
        break;
      case fb::MemorySpace::Weight:
        buffer = state_->weights();
        offset -= state_->weights_base();
        break;
    }
    if (range.length == 0) {
      // Vulkan has no empty bindings; the kernel never reads this one.
      *out = {empty_.get(), 0, 16};
      return nullptr;
    }
    if (buffer == nullptr) {
      return MakeStatus(KILN_STATUS_INTERNAL,
                        "vulkan: a %llu-byte range of %s %u has no buffer",
                        static_cast<unsigned long long>(range.length),
                        rt::SpaceName(range.space), range.index);
    }
    *out = {buffer, static_cast<size_t>(offset),
            static_cast<size_t>(range.length)};
    return nullptr;
  }

  VulkanModelState* state_;
  Device& device_;

  RunMemory memory_;  // the current run's
  bool recording_ = false;
  std::vector<Command> commands_;
  std::vector<Range> ranges_;
  std::vector<uint8_t> fill_bytes_;

  // The recorded program and what it was recorded for.
  std::unique_ptr<Program> program_;
  uint64_t plan_ = 0;
  hal::Buffer* arena_ = nullptr;
  bool timed_ = false;               // with a timestamp after each command
  std::vector<uint64_t> command_ns_;  // the last run's, when timed_
  std::vector<std::unique_ptr<Buffer>> inputs_, outputs_;
  std::vector<uint64_t> input_offsets_, output_offsets_;  // in staging_
  std::unique_ptr<Buffer> staging_;
  std::unique_ptr<Buffer> fill_;
  std::unique_ptr<Buffer> empty_;
  std::unique_ptr<Buffer> dims_;     // the plan's dims table, int32
  std::unique_ptr<Buffer> scratch_;  // kernels' scratch buffers
};

class VulkanHalDevice : public hal::Device {
 public:
  explicit VulkanHalDevice(std::unique_ptr<vulkan::Device> device)
      : device_(std::move(device)) {}

  const char* name() const override { return "vulkan"; }
  int DefaultThreadCount() const override { return 1; }

  kiln_status_t Allocate(size_t size,
                         std::unique_ptr<hal::Buffer>* out) override {
    std::unique_ptr<vulkan::Buffer> buffer;
    KILN_RETURN_IF_ERROR(
        device_->CreateBuffer(size, MemoryKind::kDevice, &buffer));
    *out = std::make_unique<DeviceBuffer>(std::move(buffer));
    return nullptr;
  }

  kiln_status_t CreateModelState(const ArtifactView& artifact,
                                 std::unique_ptr<ModelState>* out) override {
    auto state = std::make_unique<VulkanModelState>(*device_);
    KILN_RETURN_IF_ERROR(state->Init(artifact));
    *out = std::move(state);
    return nullptr;
  }

  kiln_status_t CreateContext(ModelState* state, const ContextOptions& options,
                              std::unique_ptr<Context>* out) override {
    auto* vulkan_state = static_cast<VulkanModelState*>(state);
    if (options.needs_executable && !vulkan_state->has_executable()) {
      return MakeStatus(KILN_STATUS_UNAVAILABLE, "%s",
                        vulkan_state->missing().c_str());
    }
    *out = std::make_unique<VulkanContext>(vulkan_state);
    return nullptr;
  }

 private:
  std::unique_ptr<vulkan::Device> device_;
};

class VulkanDriver : public Driver {
 public:
  const char* name() const override { return "vulkan"; }

  kiln_status_t GetDevice(uint32_t index, hal::Device** out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = devices_.find(index);
    if (it == devices_.end()) {
      Instance* instance;
      KILN_RETURN_IF_ERROR(Instance::Get(&instance));
      std::unique_ptr<vulkan::Device> device;
      KILN_RETURN_IF_ERROR(instance->OpenDevice(index, &device));
      it = devices_
               .emplace(index,
                        std::make_unique<VulkanHalDevice>(std::move(device)))
               .first;
    }
    *out = it->second.get();
    return nullptr;
  }

 private:
  std::mutex mutex_;
  // Devices live until exit, like the CPU's.
  std::map<uint32_t, std::unique_ptr<VulkanHalDevice>> devices_;
};

}  // namespace

}  // namespace kiln::hal::vulkan

namespace kiln::hal {

Driver* GetVulkanDriver() {
  // Never destroyed: sessions may outlive static destruction order.
  static auto* driver = new vulkan::VulkanDriver();
  return driver;
}

}  // namespace kiln::hal
