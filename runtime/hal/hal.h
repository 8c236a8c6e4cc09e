// SPDX-License-Identifier: Apache-2.0
//
// The hardware abstraction layer: the small interface a backend implements.
//
//   Driver   one per backend ("cpu"), compiled in when its CMake option is on;
//            gives its process-wide Device.
//   Device   loads a model's executable and shared state (ModelState, once per
//            model), allocates buffers, and creates per-session Contexts.
//   Context  runs commands for one session: dispatches of executable
//            kernels, library calls prepared once per shape, copies, fills.
//
// Commands name their memory as byte ranges of a run (Range, RunMemory), not
// as pointers: a device whose memory the host cannot address resolves them
// itself. Everything that can fail returns a kiln_status_t.
#ifndef KILN_RUNTIME_HAL_HAL_H_
#define KILN_RUNTIME_HAL_HAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/kiln.h"
#include "kiln_generated.h"

namespace kiln::hal {

/// A loaded artifact as a device sees it: the verified root and the file's
/// bytes (sections are `base + Section.offset`). Valid while the model lives.
struct ArtifactView {
  const uint8_t* base = nullptr;
  size_t size = 0;
  const fb::Model* model = nullptr;
  /// Whether the bytes are a private read-only mapping of a file. Then a
  /// device that keeps its own converted copy of constant data may drop the
  /// original's pages from memory: the kernel re-reads them from the file if
  /// they are ever touched again.
  bool file_mapped = false;
};

/// Device memory.
class Buffer {
 public:
  virtual ~Buffer() = default;
  virtual void* data() = 0;
  virtual size_t size() const = 0;
};

/// A byte range of one run's memory, resolved from an artifact BufferRef for
/// the planned shapes. Arena offsets include the buffer's placement in the
/// arena; Weight offsets are offsets in the artifact file (section offset
/// included), so a device resolves them from the ArtifactView its ModelState
/// was created from.
struct Range {
  fb::MemorySpace space;
  uint32_t index;
  uint64_t offset;
  uint64_t length;
};

/// The memory one run reads and writes.
struct RunMemory {
  /// Null when the plan needs no arena.
  Buffer* arena = nullptr;
  /// Host memory, one per function input, holding `input_bytes[i]` bytes in
  /// the artifact's layout (the executor unpacks packed 4-bit inputs first).
  void* const* inputs = nullptr;
  const uint64_t* input_bytes = nullptr;
  size_t input_count = 0;
  /// Host memory, one per function output (staging memory for packed 4-bit
  /// outputs, which the executor packs after the run).
  void* const* outputs = nullptr;
  const uint64_t* output_bytes = nullptr;
  size_t output_count = 0;
  /// The dims table of the plan (null when empty): dynamic sizes, read by
  /// kernels of dynamic shapes.
  const int64_t* dims = nullptr;
  size_t dim_count = 0;
  /// Changes whenever the executor plans again (new shapes): equal values
  /// mean the same commands over the same ranges, sizes and arena. The input
  /// and output pointers may still differ between runs.
  uint64_t plan = 0;
  /// Whether the executor times each command: by its clock around each call
  /// for a device that runs commands when they are issued, from
  /// Context::DeviceNanoseconds for one that runs them later.
  bool profiling = false;
};

/// A tensor operand of a library call, with its shape evaluated.
struct CallOperand {
  fb::ElementType element_type = fb::ElementType::F32;
  std::vector<int64_t> shape;
  /// Weight-space bytes: fixed for the model's lifetime and the same for
  /// every session, so a device may transform them once and share the
  /// result. Null for operands that change between runs.
  const void* constant_data = nullptr;
  /// Whether the operand's bytes are exactly the result's (an in-place
  /// accumulation, e.g. a residual Add fused as oneDNN's sum post-op).
  bool aliases_result = false;
  /// How the bytes are laid out (activations of convolutions and pooling may
  /// be channels-last).
  fb::Layout layout = fb::Layout::RowMajor;
};

/// A library call to prepare for concrete shapes.
struct CallSpec {
  const fb::Call* call = nullptr;
  /// "command 3 'conv1' (Convolution)", to start error messages with.
  std::string label;
  std::vector<CallOperand> operands;
  std::vector<CallOperand> results;
};

/// A library call ready to run on any data of the prepared shapes. Made and
/// run by one device's Context (Context::Call), which resolves the pointers.
class PreparedCall {
 public:
  virtual ~PreparedCall() = default;
  /// Runs on `operands` and `results` (one pointer each, in CallSpec order).
  virtual kiln_status_t Execute(void* const* operands,
                                void* const* results) = 0;
};

/// Per-session execution state. Used by one thread at a time.
class Context {
 public:
  virtual ~Context() = default;

  /// Starts a run over `memory` (which stays valid until EndRun). Sets
  /// *replay when the device recorded this plan's commands in an earlier run
  /// and runs them itself in EndRun: the executor then issues no commands.
  /// On failure no run is started (EndRun is not called).
  virtual kiln_status_t BeginRun(const RunMemory& memory, bool* replay) = 0;
  /// Ends the run BeginRun started, also after a failed command. A device
  /// that defers work runs it here, so the outputs are ready on return.
  virtual kiln_status_t EndRun() = 0;

  /// Runs kernel `kernel` of the model's executable over `grid` workgroups
  /// (x, y, z; each >= 0) on `bindings`; kernels of dynamic shapes read
  /// the run's dims table (RunMemory::dims).
  virtual kiln_status_t Dispatch(uint32_t kernel, const uint64_t grid[3],
                                 const Range* bindings,
                                 uint32_t binding_count) = 0;

  /// Prepares a library call for the shapes of `spec` (primitive creation,
  /// weight layout transformations, scratch memory). Slow: done once per
  /// shape, never per run.
  virtual kiln_status_t PrepareCall(const CallSpec& spec,
                                    std::unique_ptr<PreparedCall>* out) = 0;

  /// Runs `call` (prepared by this context) on `operands` (CallSpec order)
  /// and its result.
  virtual kiln_status_t Call(PreparedCall* call, const Range* operands,
                             uint32_t operand_count, const Range& result) = 0;

  /// Copies `source.length` bytes (target is at least as long).
  virtual kiln_status_t Copy(const Range& target, const Range& source) = 0;
  /// After EndRun of a profiled run (RunMemory::profiling): how long each
  /// command issued for the plan took on the device, in nanoseconds and
  /// issue order, when the device measures that itself because it runs
  /// commands after they are issued (a GPU queue); null when the executor's
  /// clock around each call measures it (the CPU).
  virtual const std::vector<uint64_t>* DeviceNanoseconds() const {
    return nullptr;
  }

  /// Fills `target` with the low `pattern_length` bytes of `pattern`.
  virtual kiln_status_t Fill(const Range& target, uint64_t pattern,
                             uint8_t pattern_length) = 0;
};

/// Device state shared by every session of one model: its loaded executable
/// and transformed weights. Thread-safe.
class ModelState {
 public:
  virtual ~ModelState() = default;

  /// The Model.executables entry this device runs, or -1 when the model has
  /// none for it.
  int executable() const { return executable_; }

 protected:
  int executable_ = -1;
};

struct ContextOptions {
  /// Threads per run; >= 1.
  int thread_count = 1;
  /// Whether the session's function needs an executable this device lacks
  /// (then context creation fails, saying what the model has).
  bool needs_executable = false;
};

class Device {
 public:
  virtual ~Device() = default;
  virtual const char* name() const = 0;

  /// The default thread count of a session created on this thread.
  virtual int DefaultThreadCount() const = 0;

  /// Allocates `size` bytes aligned to 64.
  virtual kiln_status_t Allocate(size_t size, std::unique_ptr<Buffer>* out) = 0;

  /// Creates the state `artifact` needs on this device: picks and loads the
  /// executable that matches it (when there is one), and whatever its
  /// contexts need to resolve Weight ranges (the artifact outlives the state).
  virtual kiln_status_t CreateModelState(const ArtifactView& artifact,
                                         std::unique_ptr<ModelState>* out) = 0;

  /// Creates a session's context over `state` (which outlives it).
  virtual kiln_status_t CreateContext(ModelState* state,
                                      const ContextOptions& options,
                                      std::unique_ptr<Context>* out) = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual const char* name() const = 0;
  /// The driver's device `index` (0 is the default), opened on first use
  /// and alive until exit.
  virtual kiln_status_t GetDevice(uint32_t index, Device** out) = 0;
};

/// The driver called `name`, or null.
Driver* FindDriver(std::string_view name);

/// The device a session option names: "cpu", "vulkan" (its first device) or
/// "vulkan:1".
kiln_status_t OpenDevice(std::string_view spec, Device** out);

/// The names of the compiled-in drivers, comma-separated ("cpu").
std::string DriverNames();

}  // namespace kiln::hal

#endif  // KILN_RUNTIME_HAL_HAL_H_
