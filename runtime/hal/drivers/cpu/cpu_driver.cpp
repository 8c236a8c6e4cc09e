// SPDX-License-Identifier: Apache-2.0
//
// The CPU driver: host memory, kernels from the model's ELF executable run on
// the OpenMP thread pool (thread_pool.h), library calls through oneDNN.
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hal/drivers/cpu/elf_library.h"
#include "hal/drivers/cpu/thread_pool.h"
#include "hal/hal.h"
#include "schema.h"
#include "util.h"

#if KILN_HAL_ONEDNN
#include "hal/drivers/cpu/onednn/onednn_call.h"
#endif

namespace kiln::hal::cpu {

using rt::MakeStatus;

namespace {

/// The architecture part of an LLVM triple for this host.
const char* HostArchitecture() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "unknown";
#endif
}

class HostBuffer : public Buffer {
 public:
  HostBuffer(rt::AlignedMemory memory, size_t size)
      : memory_(std::move(memory)), size_(size) {}
  void* data() override { return memory_.get(); }
  size_t size() const override { return size_; }

 private:
  rt::AlignedMemory memory_;
  size_t size_;
};

/// Whether this CPU has `feature` (GCC's __builtin_cpu_supports names); false
/// for a feature this runtime cannot check.
bool HostHasFeature(std::string_view feature) {
#if defined(__x86_64__) || defined(__i386__)
  // __builtin_cpu_supports takes string literals only.
#define KILN_X86_FEATURE(name) \
  if (feature == name) return __builtin_cpu_supports(name);
  KILN_X86_FEATURE("sse3") KILN_X86_FEATURE("ssse3")
  KILN_X86_FEATURE("sse4.1") KILN_X86_FEATURE("sse4.2")
  KILN_X86_FEATURE("popcnt") KILN_X86_FEATURE("avx")
  KILN_X86_FEATURE("avx2") KILN_X86_FEATURE("fma") KILN_X86_FEATURE("f16c")
  KILN_X86_FEATURE("bmi") KILN_X86_FEATURE("bmi2")
  KILN_X86_FEATURE("avx512f") KILN_X86_FEATURE("avx512bw")
  KILN_X86_FEATURE("avx512dq") KILN_X86_FEATURE("avx512vl")
  KILN_X86_FEATURE("avx512cd") KILN_X86_FEATURE("avx512vnni")
  KILN_X86_FEATURE("avx512bf16") KILN_X86_FEATURE("avx512fp16")
#undef KILN_X86_FEATURE
#endif
  (void)feature;
  return false;
}

class CpuModelState : public ModelState {
 public:
#if KILN_HAL_ONEDNN
  explicit CpuModelState(const ArtifactView& artifact)
      : base_(artifact.base), weights_(artifact.file_mapped) {}
#else
  explicit CpuModelState(const ArtifactView& artifact) : base_(artifact.base) {}
#endif

  /// Picks the executable for this host ("elf-so", same architecture) and
  /// loads it with every kernel resolved.
  kiln_status_t Init(const ArtifactView& artifact) {
    const fb::Model* model = artifact.model;
    std::string available;
    for (uint32_t i = 0; i < rt::Count(model->executables()); ++i) {
      const fb::Executable* executable = model->executables()->Get(i);
      std::string_view target = rt::View(executable->target());
      std::string_view format = rt::View(executable->format());
      available += (available.empty() ? "" : ", ") + std::string(target) + " " +
                   std::string(format);
      std::string_view arch = target.substr(0, target.find('-'));
      if (format != "elf-so" || arch != HostArchitecture()) continue;
      const fb::Section* section = model->sections()->Get(executable->object());
      label_ =
          "executable " + std::to_string(i) + " (" + std::string(target) + ")";
      // Running code built for a newer CPU would die on an illegal
      // instruction; refuse it with the reason instead.
      for (uint32_t f = 0; f < rt::Count(executable->features()); ++f) {
        std::string_view feature = rt::View(executable->features()->Get(f));
        if (!HostHasFeature(feature)) {
          return kiln_status_create(
              KILN_STATUS_UNIMPLEMENTED,
              (label_ + " was compiled for CPU '" +
               rt::CStr(executable->cpu()) + "' and needs the CPU feature '" +
               std::string(feature) +
               "', which this CPU lacks; compile with kilnc --cpu=NAME for "
               "this CPU")
                  .c_str());
        }
      }
      // A program of library calls only has an empty executable.
      if (rt::Count(executable->kernels()) > 0) {
        KILN_RETURN_IF_ERROR(ElfLibrary::Load(
            artifact.base + section->offset(),
            static_cast<size_t>(section->length()), label_.c_str(),
            &library_));
      }
      for (uint32_t k = 0; k < rt::Count(executable->kernels()); ++k) {
        void* symbol;
        KILN_RETURN_IF_ERROR(library_->Resolve(
            rt::CStr(executable->kernels()->Get(k)->name()), &symbol));
        kernels_.push_back(reinterpret_cast<kiln_cpu_kernel_fn>(symbol));
      }
      executable_ = static_cast<int>(i);
      return nullptr;
    }
    missing_ = std::string("the model has no ") + HostArchitecture() +
               " elf-so executable (it has: " +
               (available.empty() ? "none" : available) +
               "); compile it with kilnc --target=cpu on this architecture, "
               "or run it on the device it was compiled for";
    return nullptr;
  }

  /// The artifact's bytes, which Weight ranges are offsets into. Kernels
  /// take non-const pointers but never write weights.
  uint8_t* base() const { return const_cast<uint8_t*>(base_); }
  bool has_executable() const { return executable_ >= 0; }
  const std::string& missing() const { return missing_; }
  kiln_cpu_kernel_fn kernel(uint32_t index) const { return kernels_[index]; }

#if KILN_HAL_ONEDNN
  onednn::WeightCache& weights() { return weights_; }
#endif

 private:
  const uint8_t* base_;
  std::string label_;
  std::unique_ptr<ElfLibrary> library_;
  std::vector<kiln_cpu_kernel_fn> kernels_;
  std::string missing_;
#if KILN_HAL_ONEDNN
  onednn::WeightCache weights_;
#endif
};

class CpuContext : public Context {
 public:
  CpuContext(CpuModelState* state, int thread_count)
      : state_(state), thread_count_(thread_count) {}

  kiln_status_t Init() {
    // Room for the pointers of most commands, so that runs rarely grow it.
    pointers_.resize(32);
#if KILN_HAL_ONEDNN
    stream_ = dnnl::stream(onednn::Engine());
#endif
    return nullptr;
  }

  kiln_status_t BeginRun(const RunMemory& memory, bool* replay) override {
    memory_ = memory;
    arena_ =
        memory.arena ? static_cast<uint8_t*>(memory.arena->data()) : nullptr;
    *replay = false;
    threads_.emplace(thread_count_);
    return nullptr;
  }

  kiln_status_t EndRun() override {
    threads_.reset();
    memory_ = RunMemory();
    arena_ = nullptr;
    return nullptr;
  }

  kiln_status_t Dispatch(uint32_t kernel, const uint64_t grid[3],
                         const Range* bindings,
                         uint32_t binding_count) override {
    void* const* pointers = Resolve(bindings, binding_count);
    RunGrid(state_->kernel(kernel), pointers, memory_.dims, grid);
    return nullptr;
  }

  kiln_status_t PrepareCall(const CallSpec& spec,
                            std::unique_ptr<PreparedCall>* out) override {
#if KILN_HAL_ONEDNN
    // oneDNN sizes some scratch memory by the thread count at creation: create
    // with the count the runs use.
    ThreadCountScope threads(thread_count_);
    onednn::Resources resources{&state_->weights(), &scratchpad_, &stream_};
    return onednn::Prepare(spec, resources, out);
#else
    return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                      "%s: this runtime was built without oneDNN "
                      "(KILN_ENABLE_CPU=OFF)",
                      spec.label.c_str());
#endif
  }

  kiln_status_t Call(PreparedCall* call, const Range* operands,
                     uint32_t operand_count, const Range& result) override {
    void** pointers = Resolve(operands, operand_count, /*extra=*/1);
    pointers[operand_count] = Address(result);
    return call->Execute(pointers, pointers + operand_count);
  }

  kiln_status_t Copy(const Range& target, const Range& source) override {
    if (source.length) {
      std::memmove(Address(target), Address(source),
                   static_cast<size_t>(source.length));
    }
    return nullptr;
  }

  kiln_status_t Fill(const Range& target, uint64_t pattern,
                     uint8_t pattern_length) override {
    auto* bytes = Address(target);
    auto length = static_cast<size_t>(target.length);
    if (pattern_length == 1) {
      std::memset(bytes, static_cast<int>(pattern & 0xff), length);
      return nullptr;
    }
    uint8_t unit[8];
    for (int i = 0; i < 8; ++i) {
      unit[i] = static_cast<uint8_t>(pattern >> (8 * i));
    }
    for (size_t i = 0; i < length; ++i) bytes[i] = unit[i % pattern_length];
    return nullptr;
  }

 private:
  /// The host address of `range` in the current run's memory (null when its
  /// base is: an empty arena or a zero-byte tensor).
  uint8_t* Address(const Range& range) const {
    uint8_t* base = nullptr;
    switch (range.space) {
      case fb::MemorySpace::Arena:
        base = arena_;
        break;
      case fb::MemorySpace::Input:
        base = static_cast<uint8_t*>(memory_.inputs[range.index]);
        break;
      case fb::MemorySpace::Output:
        base = static_cast<uint8_t*>(memory_.outputs[range.index]);
        break;
      case fb::MemorySpace::Weight:
        base = state_->base();
        break;
    }
    return base ? base + range.offset : nullptr;
  }

  /// Resolves `count` ranges into pointers_, which keeps `extra` more slots
  /// after them. Grows only for a larger command than any before, so steady
  /// runs allocate nothing.
  void** Resolve(const Range* ranges, uint32_t count, uint32_t extra = 0) {
    if (pointers_.size() < size_t{count} + extra) {
      pointers_.resize(size_t{count} + extra);
    }
    for (uint32_t i = 0; i < count; ++i) pointers_[i] = Address(ranges[i]);
    return pointers_.data();
  }

  CpuModelState* state_;
  int thread_count_;
  std::optional<ThreadCountScope> threads_;  // engaged during a run
  RunMemory memory_;                         // the current run's
  uint8_t* arena_ = nullptr;                 // memory_.arena's data
  std::vector<void*> pointers_;              // the current command's, reused
#if KILN_HAL_ONEDNN
  onednn::Scratchpad scratchpad_;
  dnnl::stream stream_;
#endif
};

class CpuDevice : public Device {
 public:
  const char* name() const override { return "cpu"; }

  int DefaultThreadCount() const override { return cpu::DefaultThreadCount(); }

  kiln_status_t Allocate(size_t size, std::unique_ptr<Buffer>* out) override {
    rt::AlignedMemory memory = rt::AllocateAligned(size);
    if (!memory) {
      return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                        "cannot allocate %zu bytes of CPU memory", size);
    }
    *out = std::make_unique<HostBuffer>(std::move(memory), size);
    return nullptr;
  }

  kiln_status_t CreateModelState(const ArtifactView& artifact,
                                 std::unique_ptr<ModelState>* out) override {
    auto state = std::make_unique<CpuModelState>(artifact);
    KILN_RETURN_IF_ERROR(state->Init(artifact));
    *out = std::move(state);
    return nullptr;
  }

  kiln_status_t CreateContext(ModelState* state, const ContextOptions& options,
                              std::unique_ptr<Context>* out) override {
    auto* cpu_state = static_cast<CpuModelState*>(state);
    if (options.needs_executable && !cpu_state->has_executable()) {
      return MakeStatus(KILN_STATUS_UNAVAILABLE, "%s",
                        cpu_state->missing().c_str());
    }
    auto context =
        std::make_unique<CpuContext>(cpu_state, options.thread_count);
    KILN_RETURN_IF_ERROR(context->Init());
    *out = std::move(context);
    return nullptr;
  }
};

class CpuDriver : public Driver {
 public:
  const char* name() const override { return "cpu"; }
  kiln_status_t GetDevice(uint32_t index, Device** out) override {
    if (index != 0) {
      return MakeStatus(KILN_STATUS_NOT_FOUND,
                        "device 'cpu:%u': the CPU is one device (cpu or "
                        "cpu:0); threads are set per session",
                        index);
    }
    static CpuDevice device;
    *out = &device;
    return nullptr;
  }
};

}  // namespace

}  // namespace kiln::hal::cpu

namespace kiln::hal {

Driver* GetCpuDriver() {
  static cpu::CpuDriver driver;
  return &driver;
}

}  // namespace kiln::hal
