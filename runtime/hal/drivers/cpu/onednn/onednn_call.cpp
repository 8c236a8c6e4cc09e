// SPDX-License-Identifier: Apache-2.0
#include "hal/drivers/cpu/onednn/onednn_call.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

#include "schema.h"

namespace kiln::hal::cpu::onednn {

using rt::MakeStatus;

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

bool Scratchpad::Reserve(size_t size) {
  if (size <= size_) return true;
  rt::AlignedMemory memory = rt::AllocateAligned(size);
  if (!memory) return false;
  memory_ = std::move(memory);
  size_ = size;
  return true;
}

namespace {

/// Drops the whole pages inside [data, data + size) of a file mapping from
/// memory (best effort: a failure only leaves them resident).
void DropPages(const void* data, size_t size) {
  uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) / page * page;
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + size) / page * page;
  if (end > begin) {
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
  }
}

}  // namespace

kiln_status_t WeightCache::Get(const void* data,
                               const dnnl::memory::desc& plain,
                               const dnnl::memory::desc& preferred,
                               dnnl::memory* out) {
  if (plain == preferred) {
    *out = dnnl::memory(plain, Engine(), const_cast<void*>(data));
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto [first, last] = entries_.equal_range(data);
  for (auto it = first; it != last; ++it) {
    if (it->second.plain == plain && it->second.preferred == preferred) {
      *out = it->second.memory;
      return nullptr;
    }
  }
  Entry entry;
  entry.plain = plain;
  entry.preferred = preferred;
  entry.storage = rt::AllocateAligned(preferred.get_size());
  if (!entry.storage) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "cannot allocate %zu bytes for converted weights",
                      preferred.get_size());
  }
  entry.memory = dnnl::memory(preferred, Engine(), entry.storage.get());
  dnnl::memory source(plain, Engine(), const_cast<void*>(data));
  dnnl::stream stream(Engine());
  dnnl::reorder(source, entry.memory).execute(stream, source, entry.memory);
  stream.wait();
  if (drop_converted_pages_) DropPages(data, plain.get_size());
  *out = entry.memory;
  entries_.emplace(data, std::move(entry));
  return nullptr;
}

kiln_status_t Invalid(const CallSpec& spec, const char* format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  return MakeStatus(KILN_STATUS_DATA_LOSS, "invalid artifact: %s: %s",
                    spec.label.c_str(), message);
}

Dims RowMajorStrides(const Dims& dims) {
  Dims strides(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;) {
    strides[i - 1] = strides[i] * std::max<int64_t>(dims[i], 1);
  }
  return strides;
}

dnnl::memory::desc StridedDesc(const Dims& dims, const Dims& strides) {
  return dnnl::memory::desc(dims, dnnl::memory::data_type::f32, strides);
}

dnnl::memory::desc PlainDesc(const std::vector<int64_t>& shape) {
  Dims dims(shape.begin(), shape.end());
  return StridedDesc(dims, RowMajorStrides(dims));
}

dnnl::memory::desc ChannelsLastDesc(const std::vector<int64_t>& shape) {
  Dims dims(shape.begin(), shape.end());
  Dims strides(dims.size(), 1);
  // Physical order N, spatial..., C: C is fastest.
  int64_t stride = std::max<int64_t>(dims[1], 1);
  for (size_t i = dims.size(); i-- > 2;) {
    strides[i] = stride;
    stride *= std::max<int64_t>(dims[i], 1);
  }
  strides[0] = stride;
  return StridedDesc(dims, strides);
}

dnnl::memory::desc ActivationDesc(const CallOperand& operand) {
  return operand.layout == fb::Layout::ChannelsLast
             ? ChannelsLastDesc(operand.shape)
             : PlainDesc(operand.shape);
}

int64_t SpatialParam(const flatbuffers::Vector<int64_t>* values, size_t i,
                     int64_t fallback) {
  if (values == nullptr || values->size() == 0) return fallback;
  return values->Get(static_cast<uint32_t>(i));
}

kiln_status_t CheckSpatialParam(const CallSpec& spec, const char* name,
                                const flatbuffers::Vector<int64_t>* values,
                                size_t spatial) {
  uint32_t count = rt::Count(values);
  if (count != 0 && count != spatial) {
    return Invalid(spec, "%s has %u entries for %zu spatial dims", name, count,
                   spatial);
  }
  return nullptr;
}

kiln_status_t AppendPostOps(
    const CallSpec& spec,
    const flatbuffers::Vector<flatbuffers::Offset<fb::PostOp>>* post_ops,
    const std::vector<int64_t>& dst_shape, dnnl::post_ops* ops,
    std::vector<PostOpArg>* args) {
  for (uint32_t i = 0; i < rt::Count(post_ops); ++i) {
    const fb::PostOp* post_op = post_ops->Get(i);
    float alpha = post_op->alpha(), beta = post_op->beta();
    dnnl::algorithm eltwise = dnnl::algorithm::undef;
    switch (post_op->kind()) {
      case fb::PostOpKind::Relu:
        eltwise = dnnl::algorithm::eltwise_relu;
        break;
      case fb::PostOpKind::Clip:
        eltwise = dnnl::algorithm::eltwise_clip_v2;
        break;
      case fb::PostOpKind::Sigmoid:
        eltwise = dnnl::algorithm::eltwise_logistic;
        break;
      case fb::PostOpKind::Tanh:
        eltwise = dnnl::algorithm::eltwise_tanh;
        break;
      case fb::PostOpKind::GeluErf:
        eltwise = dnnl::algorithm::eltwise_gelu_erf;
        break;
      case fb::PostOpKind::GeluTanh:
        eltwise = dnnl::algorithm::eltwise_gelu_tanh;
        break;
      case fb::PostOpKind::Swish:
        eltwise = dnnl::algorithm::eltwise_swish;
        break;
      case fb::PostOpKind::Elu:
        eltwise = dnnl::algorithm::eltwise_elu;
        break;
      case fb::PostOpKind::Linear:
        eltwise = dnnl::algorithm::eltwise_linear;
        break;
      case fb::PostOpKind::Add:
      case fb::PostOpKind::Mul: {
        uint32_t operand_index = static_cast<uint32_t>(post_op->operand());
        const CallOperand& operand = spec.operands[operand_index];
        bool add = post_op->kind() == fb::PostOpKind::Add;
        if (add && operand.aliases_result && operand.shape == dst_shape) {
          if (operand.layout != spec.results[0].layout) {
            return Invalid(spec, "post-op %u operand %u shares the result's "
                           "bytes in another layout", i, operand_index);
          }
          // The result buffer already holds the addend: accumulate in place.
          ops->append_sum(1.0f);
          break;
        }
        if (operand.shape.size() > dst_shape.size()) {
          return Invalid(spec, "post-op %u operand %u has rank %zu > %zu", i,
                         operand_index, operand.shape.size(), dst_shape.size());
        }
        // Numpy broadcasting: align trailing dims, pad with 1.
        std::vector<int64_t> shape(dst_shape.size() - operand.shape.size(), 1);
        shape.insert(shape.end(), operand.shape.begin(), operand.shape.end());
        for (size_t d = 0; d < shape.size(); ++d) {
          if (shape[d] != 1 && shape[d] != dst_shape[d]) {
            return Invalid(
                spec,
                "post-op %u operand %u shape %s does not broadcast "
                "to %s",
                i, operand_index,
                rt::ShapeString(operand.shape.data(), operand.shape.size())
                    .c_str(),
                rt::ShapeString(dst_shape.data(), dst_shape.size()).c_str());
          }
        }
        bool channels_last = operand.layout == fb::Layout::ChannelsLast;
        if (channels_last && operand.shape.size() != dst_shape.size()) {
          return Invalid(spec, "channels-last post-op operand %u has rank %zu, "
                         "not the result's %zu", operand_index,
                         operand.shape.size(), dst_shape.size());
        }
        dnnl::memory::desc desc =
            channels_last ? ChannelsLastDesc(shape) : PlainDesc(shape);
        ops->append_binary(
            add ? dnnl::algorithm::binary_add : dnnl::algorithm::binary_mul,
            desc);
        args->push_back(
            {DNNL_ARG_ATTR_MULTIPLE_POST_OP(ops->len() - 1) | DNNL_ARG_SRC_1,
             operand_index, desc});
        break;
      }
      default:
        return Invalid(spec, "post-op %u has unknown kind %d", i,
                       static_cast<int>(post_op->kind()));
    }
    if (eltwise != dnnl::algorithm::undef) {
      ops->append_eltwise(1.0f, eltwise, alpha, beta);
    }
  }
  return nullptr;
}

dnnl::primitive_attr MakeAttr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

//===----------------------------------------------------------------------===//
// Prepared calls
//===----------------------------------------------------------------------===//

class CallBuilder::Call : public PreparedCall {
 public:
  enum class Source { kOperand, kResult, kScratchpad, kFixed };

  /// Where a memory object's data lives at run time.
  struct Place {
    Source source;
    uint32_t index = 0;  // the operand (kOperand)
    size_t offset = 0;   // into the scratch buffer (kScratchpad)
  };

  struct Binding {
    int arg;
    Place place;
    dnnl::memory memory;
  };

  /// A reorder run before or after the primitive: an activation into or out
  /// of staging memory in the primitive's layout, or a result's initial
  /// value.
  struct Transfer {
    Place from, to;
    dnnl::memory from_memory, to_memory;
    dnnl::reorder reorder;
  };

  /// A per-run layout conversion of an operand into `target`.
  struct Conversion {
    uint32_t operand;
    dnnl::memory source;
    dnnl::memory target;
    rt::AlignedMemory storage;
    dnnl::reorder reorder;
    std::vector<dnnl_exec_arg_t> args;
  };

  void* Address(const Place& place, void* const* operands,
                void* const* results, uint8_t* scratch) const {
    switch (place.source) {
      case Source::kOperand:
        return operands[place.index];
      case Source::kResult:
        return results[0];
      case Source::kScratchpad:
        return scratch + place.offset;
      case Source::kFixed:
        break;
    }
    return nullptr;
  }

  kiln_status_t Run(std::vector<Transfer>& transfers, void* const* operands,
                    void* const* results, uint8_t* scratch) {
    for (Transfer& transfer : transfers) {
      if (dnnl_memory_set_data_handle_v2(
              transfer.from_memory.get(),
              Address(transfer.from, operands, results, scratch),
              nullptr) != dnnl_success ||
          dnnl_memory_set_data_handle_v2(
              transfer.to_memory.get(),
              Address(transfer.to, operands, results, scratch),
              nullptr) != dnnl_success) {
        return MakeStatus(KILN_STATUS_INTERNAL,
                          "oneDNN rejected a data handle");
      }
      dnnl_exec_arg_t args[] = {{DNNL_ARG_FROM, transfer.from_memory.get()},
                                {DNNL_ARG_TO, transfer.to_memory.get()}};
      if (dnnl_primitive_execute(transfer.reorder.get(), stream_->get(), 2,
                                 args) != dnnl_success) {
        return MakeStatus(KILN_STATUS_INTERNAL, "oneDNN reorder failed");
      }
    }
    return nullptr;
  }

  kiln_status_t Execute(void* const* operands, void* const* results) override {
    uint8_t* scratch = static_cast<uint8_t*>(scratchpad_ ? scratchpad_->data()
                                                          : nullptr);
    KILN_RETURN_IF_ERROR(Run(before_, operands, results, scratch));
    for (Conversion& conversion : conversions_) {
      if (dnnl_memory_set_data_handle_v2(conversion.source.get(),
                                         operands[conversion.operand],
                                         nullptr) != dnnl_success ||
          dnnl_primitive_execute(conversion.reorder.get(), stream_->get(),
                                 static_cast<int>(conversion.args.size()),
                                 conversion.args.data()) != dnnl_success) {
        return MakeStatus(KILN_STATUS_INTERNAL, "oneDNN weight reorder failed");
      }
    }
    for (const Binding& binding : bindings_) {
      if (binding.place.source == Source::kFixed) continue;
      if (dnnl_memory_set_data_handle_v2(
              binding.memory.get(),
              Address(binding.place, operands, results, scratch),
              nullptr) != dnnl_success) {
        return MakeStatus(KILN_STATUS_INTERNAL,
                          "oneDNN rejected a data handle");
      }
    }
    dnnl_status_t status =
        dnnl_primitive_execute(primitive_.get(), stream_->get(),
                               static_cast<int>(args_.size()), args_.data());
    if (status != dnnl_success) {
      return MakeStatus(KILN_STATUS_INTERNAL,
                        "oneDNN primitive execution failed (status %d)",
                        static_cast<int>(status));
    }
    return Run(after_, operands, results, scratch);
  }

  /// Reserves `desc`'s bytes of staging memory in the scratch buffer.
  Place Stage(const dnnl::memory::desc& desc) {
    Place place{Source::kScratchpad, 0, staging_bytes_};
    staging_bytes_ += (desc.get_size() + 63) / 64 * 64;  // keep 64-aligned
    return place;
  }

  void AddTransfer(std::vector<Transfer>* transfers, Place from,
                   const dnnl::memory::desc& from_desc, Place to,
                   const dnnl::memory::desc& to_desc) {
    Transfer transfer{from, to, dnnl::memory(from_desc, Engine(), nullptr),
                      dnnl::memory(to_desc, Engine(), nullptr), {}};
    transfer.reorder =
        dnnl::reorder(transfer.from_memory, transfer.to_memory);
    transfers->push_back(std::move(transfer));
  }

  void Bind(int arg, Place place, const dnnl::memory::desc& desc) {
    bindings_.push_back({arg, place, dnnl::memory(desc, Engine(), nullptr)});
  }

  dnnl::primitive primitive_;
  std::vector<Binding> bindings_;
  std::vector<Transfer> before_, after_;
  size_t staging_bytes_ = 0;  // staging at the start of the scratch buffer
  std::vector<Conversion> conversions_;
  std::vector<dnnl_exec_arg_t> args_;
  Scratchpad* scratchpad_ = nullptr;
  dnnl::stream* stream_ = nullptr;
};

CallBuilder::CallBuilder(const CallSpec& spec, const Resources& resources)
    : spec_(spec), resources_(resources), call_(std::make_unique<Call>()) {
  call_->scratchpad_ = resources.scratchpad;
  call_->stream_ = resources.stream;
}

CallBuilder::~CallBuilder() = default;

void CallBuilder::BindOperand(int arg, const dnnl::memory::desc& desc,
                              uint32_t operand) {
  call_->Bind(arg, {Call::Source::kOperand, operand}, desc);
}

void CallBuilder::BindResult(int arg, const dnnl::memory::desc& desc) {
  call_->Bind(arg, {Call::Source::kResult}, desc);
}

void CallBuilder::BindActivation(int arg, uint32_t operand,
                                 const dnnl::memory::desc& given,
                                 const dnnl::memory::desc& chosen) {
  if (given == chosen) return BindOperand(arg, given, operand);
  Call::Place staged = call_->Stage(chosen);
  call_->AddTransfer(&call_->before_, {Call::Source::kOperand, operand}, given,
                     staged, chosen);
  call_->Bind(arg, staged, chosen);
}

void CallBuilder::BindResultAs(int arg, const dnnl::memory::desc& given,
                               const dnnl::memory::desc& chosen,
                               bool accumulate) {
  if (given == chosen) return BindResult(arg, given);
  Call::Place staged = call_->Stage(chosen);
  if (accumulate) {
    call_->AddTransfer(&call_->before_, {Call::Source::kResult}, given, staged,
                       chosen);
  }
  call_->AddTransfer(&call_->after_, staged, chosen, {Call::Source::kResult},
                     given);
  call_->Bind(arg, staged, chosen);
}

void CallBuilder::BindResultFrom(int arg, const dnnl::memory::desc& given,
                                 const dnnl::memory::desc& chosen,
                                 uint32_t initial,
                                 const dnnl::memory::desc& initial_desc) {
  Call::Place from{Call::Source::kOperand, initial};
  if (given == chosen) {
    // The primitive writes the result in place: it starts as a copy of the
    // initial value unless it already shares its bytes.
    if (!spec_.operands[initial].aliases_result) {
      call_->AddTransfer(&call_->before_, from, initial_desc,
                         {Call::Source::kResult}, given);
    }
    return BindResult(arg, given);
  }
  Call::Place staged = call_->Stage(chosen);
  call_->AddTransfer(&call_->before_, from, initial_desc, staged, chosen);
  call_->AddTransfer(&call_->after_, staged, chosen, {Call::Source::kResult},
                     given);
  call_->Bind(arg, staged, chosen);
}

void CallBuilder::BindPostOpArgs(const std::vector<PostOpArg>& args) {
  for (const PostOpArg& arg : args) BindOperand(arg.arg, arg.desc, arg.operand);
}

kiln_status_t CallBuilder::BindWeights(int arg, uint32_t operand,
                                       const dnnl::memory::desc& plain,
                                       const dnnl::memory::desc& chosen) {
  const CallOperand& weights = spec_.operands[operand];
  if (weights.constant_data != nullptr) {
    dnnl::memory memory;
    KILN_RETURN_IF_ERROR(
        resources_.weights->Get(weights.constant_data, plain, chosen, &memory));
    call_->bindings_.push_back({arg, {Call::Source::kFixed, operand}, memory});
    return nullptr;
  }
  if (plain == chosen) {
    BindOperand(arg, plain, operand);
    return nullptr;
  }
  Call::Conversion conversion;
  conversion.operand = operand;
  conversion.source = dnnl::memory(plain, Engine(), nullptr);
  conversion.storage = rt::AllocateAligned(chosen.get_size());
  if (!conversion.storage) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "%s: cannot allocate %zu bytes for reordered weights",
                      spec_.label.c_str(), chosen.get_size());
  }
  conversion.target = dnnl::memory(chosen, Engine(), conversion.storage.get());
  conversion.reorder = dnnl::reorder(conversion.source, conversion.target);
  conversion.args = {{DNNL_ARG_FROM, conversion.source.get()},
                     {DNNL_ARG_TO, conversion.target.get()}};
  call_->bindings_.push_back(
      {arg, {Call::Source::kFixed, operand}, conversion.target});
  call_->conversions_.push_back(std::move(conversion));
  return nullptr;
}

kiln_status_t CallBuilder::Finish(const dnnl::primitive& primitive,
                                  const dnnl::memory::desc& scratchpad,
                                  std::unique_ptr<PreparedCall>* out) {
  // The scratch buffer holds the staged activations, then the primitive's
  // own scratchpad.
  size_t staging = call_->staging_bytes_;
  size_t total = staging + scratchpad.get_size();
  if (total > 0 && !resources_.scratchpad->Reserve(total)) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "%s: cannot allocate %zu bytes of scratch memory",
                      spec_.label.c_str(), total);
  }
  if (scratchpad.get_size() > 0) {
    call_->Bind(DNNL_ARG_SCRATCHPAD, {Call::Source::kScratchpad, 0, staging},
                scratchpad);
  }
  call_->primitive_ = primitive;
  for (const Call::Binding& binding : call_->bindings_) {
    call_->args_.push_back({binding.arg, binding.memory.get()});
  }
  *out = std::move(call_);
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

namespace {

kiln_status_t RequireF32(const CallSpec& spec) {
  auto check = [&](const CallOperand& operand, const char* what,
                   size_t index) -> kiln_status_t {
    if (operand.element_type == fb::ElementType::F32) return nullptr;
    return MakeStatus(
        KILN_STATUS_UNIMPLEMENTED,
        "%s: %s %zu has element type %s; the CPU library calls support f32 "
        "only",
        spec.label.c_str(), what, index,
        kiln_dtype_name(rt::ToDtype(operand.element_type)));
  };
  for (size_t i = 0; i < spec.operands.size(); ++i) {
    KILN_RETURN_IF_ERROR(check(spec.operands[i], "operand", i));
  }
  for (size_t i = 0; i < spec.results.size(); ++i) {
    KILN_RETURN_IF_ERROR(check(spec.results[i], "result", i));
  }
  return nullptr;
}

}  // namespace

kiln_status_t Prepare(const CallSpec& spec, const Resources& resources,
                      std::unique_ptr<PreparedCall>* out) {
  out->reset();
  KILN_RETURN_IF_ERROR(RequireF32(spec));
  try {
    switch (spec.call->params_type()) {
      case fb::CallParams::Convolution:
        return PrepareConvolution(spec, resources, out);
      case fb::CallParams::MatMul:
        return PrepareMatMul(spec, resources, out);
      case fb::CallParams::Pooling:
        return PreparePooling(spec, resources, out);
      default:
        return MakeStatus(KILN_STATUS_UNIMPLEMENTED, "%s: unknown library call",
                          spec.label.c_str());
    }
  } catch (const dnnl::error& error) {
    kiln_status_code_t code = KILN_STATUS_INTERNAL;
    const char* what = "fails";
    switch (error.status) {
      case dnnl_unimplemented:
        code = KILN_STATUS_UNIMPLEMENTED;
        what = "has no implementation for these parameters";
        break;
      case dnnl_invalid_arguments:
        code = KILN_STATUS_DATA_LOSS;
        what = "rejects these parameters";
        break;
      case dnnl_out_of_memory:
        code = KILN_STATUS_OUT_OF_MEMORY;
        what = "ran out of memory";
        break;
      default:
        break;
    }
    return MakeStatus(code, "%s: oneDNN %s (%s)", spec.label.c_str(), what,
                      error.what());
  }
}

}  // namespace kiln::hal::cpu::onednn
