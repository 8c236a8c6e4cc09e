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
// Pointers handed to a Context are device addresses; on the CPU they are host
// pointers. Everything that can fail returns a kiln_status_t.
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

/// A library call ready to run on any data of the prepared shapes.
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

  /// Brackets the commands of one run (e.g. sets the thread count).
  virtual void BeginRun() = 0;
  virtual void EndRun() = 0;

  /// Runs kernel `kernel` of the model's executable over `grid` workgroups
  /// (x, y, z; each >= 0) with one pointer per binding and the dims table
  /// (null when empty).
  virtual kiln_status_t Dispatch(uint32_t kernel, const uint64_t grid[3],
                                 void* const* bindings,
                                 const int64_t* dims) = 0;

  /// Prepares a library call for the shapes of `spec` (primitive creation,
  /// weight layout transformations, scratch memory). Slow: done once per
  /// shape, never per run.
  virtual kiln_status_t PrepareCall(const CallSpec& spec,
                                    std::unique_ptr<PreparedCall>* out) = 0;

  virtual void Copy(void* target, const void* source, size_t length) = 0;
  /// Fills `length` bytes with the low `pattern_length` bytes of `pattern`.
  virtual void Fill(void* target, size_t length, uint64_t pattern,
                    uint8_t pattern_length) = 0;
};

/// Device state shared by every session of one model: its loaded executable
/// and transformed weights. Thread-safe.
class ModelState {
 public:
  virtual ~ModelState() = default;
};

struct ContextOptions {
  /// Threads per run; >= 1.
  int thread_count = 1;
  /// Whether the session's function dispatches kernels (then the model must
  /// have an executable for this device).
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
  /// executable that matches it (when there is one).
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
  /// The driver's device, created on first use and alive until exit.
  virtual kiln_status_t GetDevice(Device** out) = 0;
};

/// The driver called `name`, or null.
Driver* FindDriver(std::string_view name);

/// The names of the compiled-in drivers, comma-separated ("cpu").
std::string DriverNames();

}  // namespace kiln::hal

#endif  // KILN_RUNTIME_HAL_HAL_H_
