// SPDX-License-Identifier: Apache-2.0
//
// Library calls on the CPU through oneDNN 2.6 (pre-3.0 API): Convolution
// (and deconvolution), MatMul and Pooling in f32, with post-ops.
//
// Preparation (once per session and shape) creates the primitive with
// `format_tag::any` for weights, so oneDNN picks its preferred layout.
// Weights in the Weight space are converted to that layout once per model
// and shared by every session (WeightCache); weights computed at run time are
// used as they are when oneDNN accepts their plain layout, else reordered
// into session memory each run. Activations are plain NC<spatial> in the
// artifact; a convolution may choose a blocked layout for them (oneDNN's
// direct convolutions are several times faster than its gemm-based ones on
// plain layouts), in which case they are reordered around the call through
// staging memory in the scratch buffer. Every primitive uses oneDNN's user
// scratchpad mode with one scratch buffer per session, so concurrent sessions
// never share scratch memory and a run allocates nothing.
#ifndef KILN_RUNTIME_HAL_DRIVERS_CPU_ONEDNN_ONEDNN_CALL_H_
#define KILN_RUNTIME_HAL_DRIVERS_CPU_ONEDNN_ONEDNN_CALL_H_

#include <cstdint>
#include <dnnl.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "hal/hal.h"
#include "schema.h"
#include "util.h"

namespace kiln::hal::cpu::onednn {

/// The process-wide CPU engine.
dnnl::engine& Engine();

/// Scratch memory shared by a session's primitives; grows, never shrinks.
class Scratchpad {
 public:
  /// Makes room for `size` bytes; false when out of memory.
  bool Reserve(size_t size);
  void* data() const { return memory_.get(); }

 private:
  rt::AlignedMemory memory_;
  size_t size_ = 0;
};

/// Weights converted to the layouts primitives prefer, once per model, shared
/// by its sessions. Thread-safe.
class WeightCache {
 public:
  /// Whether the constant bytes are a file mapping whose pages may be
  /// dropped once converted (see hal::ArtifactView::file_mapped), so peak
  /// memory holds one copy of the weights rather than two.
  explicit WeightCache(bool drop_converted_pages = false)
      : drop_converted_pages_(drop_converted_pages) {}

  /// Gives memory holding the constant bytes `data` (laid out as `plain`)
  /// in layout `preferred`: `data` itself when the layouts agree, else a
  /// converted copy made on first request.
  kiln_status_t Get(const void* data, const dnnl::memory::desc& plain,
                    const dnnl::memory::desc& preferred, dnnl::memory* out);

 private:
  struct Entry {
    dnnl::memory::desc plain;
    dnnl::memory::desc preferred;
    rt::AlignedMemory storage;
    dnnl::memory memory;
  };
  const bool drop_converted_pages_;
  std::mutex mutex_;
  std::multimap<const void*, Entry> entries_;
};

/// What preparing a call needs from the session's context.
struct Resources {
  WeightCache* weights;
  Scratchpad* scratchpad;
  dnnl::stream* stream;
};

/// Prepares `spec` (any CallParams kind).
kiln_status_t Prepare(const CallSpec& spec, const Resources& resources,
                      std::unique_ptr<PreparedCall>* out);

//===----------------------------------------------------------------------===//
// Shared by the primitive files
//===----------------------------------------------------------------------===//

using Dims = dnnl::memory::dims;

/// An error about inconsistent call parameters (DATA_LOSS: the artifact is
/// wrong), starting with the call's label.
kiln_status_t Invalid(const CallSpec& spec, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

/// A dense row-major f32 descriptor of `shape`.
dnnl::memory::desc PlainDesc(const std::vector<int64_t>& shape);

/// A channels-last (N<spatial>C) f32 descriptor of NC<spatial> `shape`.
dnnl::memory::desc ChannelsLastDesc(const std::vector<int64_t>& shape);

/// The descriptor of an activation operand in the layout the artifact gives.
dnnl::memory::desc ActivationDesc(const CallOperand& operand);

/// A f32 descriptor of `dims` with explicit `strides`.
dnnl::memory::desc StridedDesc(const Dims& dims, const Dims& strides);

/// The row-major strides of `dims`.
Dims RowMajorStrides(const Dims& dims);

/// Entry `i` of a possibly-empty per-spatial-dim vector, else `fallback`.
int64_t SpatialParam(const flatbuffers::Vector<int64_t>* values, size_t i,
                     int64_t fallback);

/// Checks that a per-spatial-dim vector is empty or has `spatial` entries.
kiln_status_t CheckSpatialParam(const CallSpec& spec, const char* name,
                                const flatbuffers::Vector<int64_t>* values,
                                size_t spatial);

/// An operand read by a binary post-op: its exec argument and layout.
struct PostOpArg {
  int arg;
  uint32_t operand;
  dnnl::memory::desc desc;
};

/// Appends the post-ops of `post_ops` for a result of shape `dst_shape` to
/// *ops, and to *args the operands that binary post-ops read.
kiln_status_t AppendPostOps(
    const CallSpec& spec,
    const flatbuffers::Vector<flatbuffers::Offset<fb::PostOp>>* post_ops,
    const std::vector<int64_t>& dst_shape, dnnl::post_ops* ops,
    std::vector<PostOpArg>* args);

/// Assembles a prepared call: a primitive and where each argument comes from.
class CallBuilder {
 public:
  CallBuilder(const CallSpec& spec, const Resources& resources);
  ~CallBuilder();

  /// Binds exec argument `arg` to operand `operand` (or the result) as laid
  /// out by `desc`.
  void BindOperand(int arg, const dnnl::memory::desc& desc, uint32_t operand);
  void BindResult(int arg, const dnnl::memory::desc& desc);
  void BindPostOpArgs(const std::vector<PostOpArg>& args);

  /// Binds activation operand `operand`, laid out as `given`, to the layout
  /// the primitive chose: in place when they agree, else reordered at each
  /// run into staging memory in the session's scratch buffer.
  void BindActivation(int arg, uint32_t operand,
                      const dnnl::memory::desc& given,
                      const dnnl::memory::desc& chosen);
  /// Binds the result the same way: the primitive writes staging memory in
  /// the chosen layout, reordered into the result after each run (and from
  /// it before, when a sum post-op `accumulate`s into it).
  void BindResultAs(int arg, const dnnl::memory::desc& given,
                    const dnnl::memory::desc& chosen, bool accumulate);
  /// Binds the result (staged when `chosen` differs from `given`), starting
  /// as operand `initial`, laid out as `initial_desc`: a residual addend a
  /// sum post-op accumulates into.
  void BindResultFrom(int arg, const dnnl::memory::desc& given,
                      const dnnl::memory::desc& chosen, uint32_t initial,
                      const dnnl::memory::desc& initial_desc);

  /// Binds weights operand `operand`, laid out as `plain`, to the layout the
  /// primitive chose (`chosen`): in place, converted once (constant weights),
  /// or reordered at each run.
  kiln_status_t BindWeights(int arg, uint32_t operand,
                            const dnnl::memory::desc& plain,
                            const dnnl::memory::desc& chosen);

  /// Finishes with `primitive` and its scratchpad descriptor.
  kiln_status_t Finish(const dnnl::primitive& primitive,
                       const dnnl::memory::desc& scratchpad,
                       std::unique_ptr<PreparedCall>* out);

 private:
  class Call;
  const CallSpec& spec_;
  const Resources& resources_;
  std::unique_ptr<Call> call_;
};

/// A primitive attribute with the user scratchpad mode.
dnnl::primitive_attr MakeAttr();

kiln_status_t PrepareConvolution(const CallSpec& spec,
                                 const Resources& resources,
                                 std::unique_ptr<PreparedCall>* out);
kiln_status_t PrepareMatMul(const CallSpec& spec, const Resources& resources,
                            std::unique_ptr<PreparedCall>* out);
kiln_status_t PreparePooling(const CallSpec& spec, const Resources& resources,
                             std::unique_ptr<PreparedCall>* out);

}  // namespace kiln::hal::cpu::onednn

#endif  // KILN_RUNTIME_HAL_DRIVERS_CPU_ONEDNN_ONEDNN_CALL_H_
