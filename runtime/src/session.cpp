// SPDX-License-Identifier: Apache-2.0
//
// Sessions: options, input/output binding and validation, runs.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "executor.h"
#include "hal/hal.h"
#include "model.h"
#include "tensor.h"
#include "util.h"

using namespace kiln::rt;

struct kiln_session_options_s {
  std::string device = "cpu";
  std::string function;  // empty: "main", or the only function
  int32_t thread_count = 0;
  bool profiling = false;
};

struct kiln_session_s {
  ~kiln_session_s() {
    // The executor's prepared calls use the context, which uses the model's
    // device state: release in that order, the model last.
    executor.reset();
    context.reset();
    inputs.clear();
    bound_outputs.clear();
    owned_outputs.clear();
    results.clear();
    kiln_model_release(model);
  }

  std::atomic<bool> running{false};
  kiln_model_t model = nullptr;  // a reference
  size_t function_index = 0;
  const FunctionSignature* signature = nullptr;
  const kiln::fb::Function* function = nullptr;  // the device's variant
  kiln::hal::Device* device = nullptr;
  std::unique_ptr<kiln::hal::Context> context;
  std::unique_ptr<Executor> executor;

  std::vector<TensorRef> inputs;         // per input, null when unbound
  std::vector<TensorRef> bound_outputs;  // per output, the caller's tensor
  std::vector<TensorRef> owned_outputs;  // per output, session memory
  std::vector<TensorRef> results;        // per output, of the last run
  bool has_results = false;

  // Scratch reused by every run (no allocation in steady state).
  std::vector<const std::vector<int64_t>*> input_shapes;
  std::vector<void*> input_data;
  std::vector<void*> output_data;
};

namespace {

/// Marks a session busy for the duration of a call.
class BusyScope {
 public:
  explicit BusyScope(kiln_session_t session) : session_(session) {
    acquired_ = !session_->running.exchange(true, std::memory_order_acquire);
  }
  ~BusyScope() {
    if (acquired_) session_->running.store(false, std::memory_order_release);
  }
  bool acquired() const { return acquired_; }

 private:
  kiln_session_t session_;
  bool acquired_;
};

/// The kind a profile entry reports for `command`.
const char* ProfileKindName(const kiln::fb::Command* command) {
  switch (command->op_type()) {
    case kiln::fb::CommandOp::Dispatch:
      return "kernel";
    case kiln::fb::CommandOp::Copy:
      return "copy";
    case kiln::fb::CommandOp::Fill:
      return "fill";
    case kiln::fb::CommandOp::Call:
      switch (command->op_as_Call()->params_type()) {
        case kiln::fb::CallParams::Convolution:
          return "convolution";
        case kiln::fb::CallParams::MatMul:
          return "matmul";
        case kiln::fb::CallParams::Pooling:
          return "pooling";
        case kiln::fb::CallParams::NONE:
          break;
      }
      break;
    default:
      break;
  }
  return "unknown";
}

kiln_status_t BusyError(const char* where) {
  return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                    "%s: the session is running on another thread; use one "
                    "session per thread",
                    where);
}

std::string NameList(const std::vector<TensorSignature>& tensors) {
  std::string names;
  for (const TensorSignature& tensor : tensors) {
    names += (names.empty() ? "" : ", ") + Quote(tensor.name);
  }
  return names.empty() ? "none" : names;
}

/// The index of the tensor called `name`, or an INVALID_ARGUMENT error.
kiln_status_t FindTensor(const char* where, kiln_session_t session,
                         const char* name, bool input, size_t* out_index) {
  if (name == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: name is NULL", where);
  }
  const auto& tensors =
      input ? session->signature->inputs : session->signature->outputs;
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].name == name) {
      *out_index = i;
      return nullptr;
    }
  }
  return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                    "%s: function %s has no %s %s (%ss: %s)", where,
                    Quote(session->signature->name).c_str(),
                    input ? "input" : "output", Quote(name).c_str(),
                    input ? "input" : "output", NameList(tensors).c_str());
}

/// Checks a tensor bound to input `signature` against its dtype and shape.
kiln_status_t CheckInput(const TensorSignature& signature,
                         kiln_tensor_t tensor) {
  std::string name = Quote(signature.name);
  std::string expected =
      ShapeString(signature.shape.data(), signature.shape.size());
  std::string given = ShapeString(tensor->shape.data(), tensor->shape.size());
  if (tensor->dtype != signature.dtype) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "input %s: expected dtype %s, given %s", name.c_str(),
                      kiln_dtype_name(signature.dtype),
                      kiln_dtype_name(tensor->dtype));
  }
  if (tensor->shape.size() != signature.shape.size()) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "input %s: expected rank %zu %s, given rank %zu %s",
                      name.c_str(), signature.shape.size(), expected.c_str(),
                      tensor->shape.size(), given.c_str());
  }
  for (size_t d = 0; d < signature.shape.size(); ++d) {
    if (signature.shape[d] >= 0 && signature.shape[d] != tensor->shape[d]) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "input %s: dim %zu expected %lld, given %lld "
                        "(expected shape %s, given %s)",
                        name.c_str(), d,
                        static_cast<long long>(signature.shape[d]),
                        static_cast<long long>(tensor->shape[d]),
                        expected.c_str(), given.c_str());
    }
  }
  return nullptr;
}

/// Checks that inputs sharing a dim name agree on its value.
kiln_status_t CheckSharedDims(kiln_session_t session) {
  const auto& inputs = session->signature->inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (size_t d = 0; d < inputs[i].dim_names.size(); ++d) {
      const std::string& dim_name = inputs[i].dim_names[d];
      if (dim_name.empty()) continue;
      int64_t value = session->inputs[i]->shape[d];
      // Compare with the first earlier occurrence of the name.
      for (size_t j = 0; j <= i; ++j) {
        size_t end = j == i ? d : inputs[j].dim_names.size();
        bool found = false;
        for (size_t e = 0; e < end; ++e) {
          if (inputs[j].dim_names[e] != dim_name) continue;
          int64_t first = session->inputs[j]->shape[e];
          if (first != value) {
            return MakeStatus(
                KILN_STATUS_INVALID_ARGUMENT,
                "input %s: dim %zu (%s) is %lld but input %s dim %zu (%s) "
                "is %lld; dims with the same name must agree",
                Quote(inputs[i].name).c_str(), d, Quote(dim_name).c_str(),
                static_cast<long long>(value), Quote(inputs[j].name).c_str(), e,
                Quote(dim_name).c_str(), static_cast<long long>(first));
          }
          found = true;
          break;
        }
        if (found) break;
      }
    }
  }
  return nullptr;
}

/// Picks the tensor that receives output `index` of the planned run.
kiln_status_t PrepareOutput(kiln_session_t session, size_t index) {
  const TensorSignature& signature = session->signature->outputs[index];
  const std::vector<int64_t>& shape = session->executor->output_shapes()[index];
  uint64_t bytes = session->executor->output_bytes()[index];
  TensorRef& result = session->results[index];
  if (session->bound_outputs[index]) {
    kiln_tensor_t tensor = session->bound_outputs[index].get();
    if (tensor->capacity < bytes) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "output %s: the bound tensor holds %zu bytes, the "
                        "output needs %llu (%s %s)",
                        Quote(signature.name).c_str(), tensor->capacity,
                        static_cast<unsigned long long>(bytes),
                        kiln_dtype_name(signature.dtype),
                        ShapeString(shape.data(), shape.size()).c_str());
    }
    SetTensorShape(tensor, shape, bytes);
    if (result.get() != tensor) result.Reset(tensor);
    return nullptr;
  }
  TensorRef& owned = session->owned_outputs[index];
  if (owned) {
    bool same_shape = owned->shape == shape;
    // Reuse the memory unless it is too small, or the caller holds the tensor
    // and its shape would change under them.
    int session_references = result.get() == owned.get() ? 2 : 1;
    bool shared =
        owned->references.load(std::memory_order_acquire) > session_references;
    if (owned->capacity >= bytes && (same_shape || !shared)) {
      SetTensorShape(owned.get(), shape, bytes);
      if (result.get() != owned.get()) result.Reset(owned.get());
      return nullptr;
    }
  }
  kiln_tensor_s* created;
  KILN_RETURN_IF_ERROR(CreateOwnedTensor(signature.dtype, shape.data(),
                                         shape.size(), 0, /*zero=*/false,
                                         &created));
  owned = TensorRef(created);
  result.Reset(created);
  return nullptr;
}

kiln_status_t Run(kiln_session_t session) {
  session->has_results = false;
  const auto& inputs = session->signature->inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!session->inputs[i]) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "input %s is not bound (function %s needs %s)",
                        Quote(inputs[i].name).c_str(),
                        Quote(session->signature->name).c_str(),
                        NameList(inputs).c_str());
    }
    session->input_shapes[i] = &session->inputs[i]->shape;
    session->input_data[i] = session->inputs[i]->data;
  }
  KILN_RETURN_IF_ERROR(CheckSharedDims(session));
  KILN_RETURN_IF_ERROR(session->executor->Plan(
      {session->input_shapes, session->input_data.data()}));
  for (size_t i = 0; i < session->results.size(); ++i) {
    KILN_RETURN_IF_ERROR(PrepareOutput(session, i));
    session->output_data[i] = session->results[i]->data;
  }
  KILN_RETURN_IF_ERROR(session->executor->Execute(session->input_data.data(),
                                                  session->output_data.data()));
  session->has_results = true;
  return nullptr;
}

bool HasDispatch(const kiln::fb::Function* function) {
  for (uint32_t i = 0; i < Count(function->commands()); ++i) {
    if (function->commands()->Get(i)->op_type() ==
        kiln::fb::CommandOp::Dispatch) {
      return true;
    }
  }
  return false;
}

kiln_status_t CreateSession(kiln_model_t model,
                            const kiln_session_options_s& options,
                            kiln_session_t* out) {
  kiln::hal::Device* device = nullptr;
  KILN_RETURN_IF_ERROR(kiln::hal::OpenDevice(options.device, &device));
  size_t function = 0;
  if (!options.function.empty()) {
    KILN_RETURN_IF_ERROR(
        kiln_model_find_function(model, options.function.c_str(), &function));
  } else {
    kiln_status_t status = kiln_model_find_function(model, "main", &function);
    if (status != nullptr) {
      if (model->functions.size() != 1) {
        return Annotate(status,
                        "choose a function with "
                        "kiln_session_options_set_function");
      }
      kiln_status_release(status);
      function = 0;
    }
  }
  auto session = std::make_unique<kiln_session_s>();
  session->model = kiln_model_retain(model);
  session->function_index = function;
  session->signature = &model->functions[function];
  session->device = device;
  kiln::hal::ModelState* state;
  KILN_RETURN_IF_ERROR(model->GetDeviceState(session->device, &state));
  // Without a variant for this device's executable, context creation fails
  // saying which executables the model has.
  session->function = session->signature->Variant(state->executable());
  kiln::hal::ContextOptions context_options;
  context_options.needs_executable =
      !session->function ||
      (state->executable() < 0 && HasDispatch(session->function));
  if (!session->function) session->function = session->signature->variants[0];
  context_options.thread_count = options.thread_count > 0
                                     ? options.thread_count
                                     : session->device->DefaultThreadCount();
  KILN_RETURN_IF_ERROR(session->device->CreateContext(state, context_options,
                                                      &session->context));
  session->executor =
      std::make_unique<Executor>(model, session->signature, session->function,
                                 session->device, session->context.get());
  if (options.profiling) session->executor->EnableProfiling();

  size_t inputs = session->signature->inputs.size();
  size_t outputs = session->signature->outputs.size();
  session->inputs.resize(inputs);
  session->bound_outputs.resize(outputs);
  session->owned_outputs.resize(outputs);
  session->results.resize(outputs);
  session->input_shapes.resize(inputs);
  session->input_data.resize(inputs);
  session->output_data.resize(outputs);

  // A function without dynamic dims is planned now: errors show up at
  // creation and the first run allocates only its outputs.
  bool is_static = Count(session->function->dims()) == 0;
  for (const TensorSignature& input : session->signature->inputs) {
    for (int64_t dim : input.shape) is_static &= dim >= 0;
  }
  if (is_static) {
    for (size_t i = 0; i < inputs; ++i) {
      session->input_shapes[i] = &session->signature->inputs[i].shape;
    }
    // Static functions have no dims table, so no input values are read.
    KILN_RETURN_IF_ERROR(
        session->executor->Plan({session->input_shapes, nullptr}));
  }
  *out = session.release();
  return nullptr;
}

}  // namespace

extern "C" {

kiln_status_t kiln_session_options_create(kiln_session_options_t* out_options) {
  if (out_options == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_options_create: out_options is NULL");
  }
  *out_options = nullptr;
  return Guard("kiln_session_options_create", [&]() -> kiln_status_t {
    *out_options = new kiln_session_options_s();
    return nullptr;
  });
}

void kiln_session_options_release(kiln_session_options_t options) {
  delete options;
}

kiln_status_t kiln_session_options_set_device(kiln_session_options_t options,
                                              const char* device) {
  if (options == nullptr || device == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_options_set_device: NULL argument");
  }
  return Guard("kiln_session_options_set_device", [&]() -> kiln_status_t {
    options->device = device;
    return nullptr;
  });
}

kiln_status_t kiln_session_options_set_function(kiln_session_options_t options,
                                                const char* function) {
  if (options == nullptr || function == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_options_set_function: NULL argument");
  }
  return Guard("kiln_session_options_set_function", [&]() -> kiln_status_t {
    options->function = function;
    return nullptr;
  });
}

kiln_status_t kiln_session_options_set_thread_count(
    kiln_session_options_t options, int32_t thread_count) {
  if (options == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_options_set_thread_count: options is NULL");
  }
  if (thread_count < 0 || thread_count > 4096) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_options_set_thread_count: %d is not in "
                      "[0, 4096] (0: the OpenMP default)",
                      thread_count);
  }
  options->thread_count = thread_count;
  return nullptr;
}

kiln_status_t kiln_session_options_set_profiling(
    kiln_session_options_t options, int enabled) {
  if (options == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_options_set_profiling: options is NULL");
  }
  options->profiling = enabled != 0;
  return nullptr;
}

kiln_status_t kiln_session_create(kiln_model_t model,
                                  kiln_session_options_t options,
                                  kiln_session_t* out_session) {
  if (out_session == nullptr || model == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_create: %s is NULL",
                      model ? "out_session" : "model");
  }
  *out_session = nullptr;
  return Guard("kiln_session_create", [&]() -> kiln_status_t {
    kiln_session_options_s defaults;
    return Annotate(
        CreateSession(model, options ? *options : defaults, out_session),
        "kiln_session_create");
  });
}

void kiln_session_release(kiln_session_t session) { delete session; }

size_t kiln_session_function(kiln_session_t session) {
  return session ? session->function_index : 0;
}

kiln_status_t kiln_session_bind_input(kiln_session_t session, const char* name,
                                      kiln_tensor_t tensor) {
  const char* where = "kiln_session_bind_input";
  if (session == nullptr || tensor == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: %s is NULL", where,
                      session ? "tensor" : "session");
  }
  BusyScope busy(session);
  if (!busy.acquired()) return BusyError(where);
  return Guard(where, [&]() -> kiln_status_t {
    size_t index;
    KILN_RETURN_IF_ERROR(FindTensor(where, session, name, true, &index));
    KILN_RETURN_IF_ERROR(CheckInput(session->signature->inputs[index], tensor));
    session->inputs[index].Reset(tensor);
    return nullptr;
  });
}

kiln_status_t kiln_session_bind_output(kiln_session_t session, const char* name,
                                       kiln_tensor_t tensor) {
  const char* where = "kiln_session_bind_output";
  if (session == nullptr || tensor == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: %s is NULL", where,
                      session ? "tensor" : "session");
  }
  BusyScope busy(session);
  if (!busy.acquired()) return BusyError(where);
  return Guard(where, [&]() -> kiln_status_t {
    size_t index;
    KILN_RETURN_IF_ERROR(FindTensor(where, session, name, false, &index));
    const TensorSignature& signature = session->signature->outputs[index];
    if (tensor->dtype != signature.dtype) {
      return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                        "output %s: expected dtype %s, given %s",
                        Quote(signature.name).c_str(),
                        kiln_dtype_name(signature.dtype),
                        kiln_dtype_name(tensor->dtype));
    }
    session->bound_outputs[index].Reset(tensor);
    return nullptr;
  });
}

void kiln_session_clear_bindings(kiln_session_t session) {
  if (session == nullptr) return;
  BusyScope busy(session);
  if (!busy.acquired()) return;
  for (TensorRef& input : session->inputs) input.Reset();
  for (TensorRef& output : session->bound_outputs) output.Reset();
}

kiln_status_t kiln_session_run(kiln_session_t session) {
  if (session == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_session_run: session is NULL");
  }
  BusyScope busy(session);
  if (!busy.acquired()) return BusyError("kiln_session_run");
  return Guard("kiln_session_run", [&] { return Run(session); });
}

kiln_status_t kiln_session_get_output(kiln_session_t session, const char* name,
                                      kiln_tensor_t* out_tensor) {
  const char* where = "kiln_session_get_output";
  if (session == nullptr || out_tensor == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: %s is NULL", where,
                      session ? "out_tensor" : "session");
  }
  *out_tensor = nullptr;
  BusyScope busy(session);
  if (!busy.acquired()) return BusyError(where);
  size_t index;
  KILN_RETURN_IF_ERROR(FindTensor(where, session, name, false, &index));
  if (!session->has_results) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s: output %s: no run has completed", where,
                      Quote(name).c_str());
  }
  *out_tensor = kiln_tensor_retain(session->results[index].get());
  return nullptr;
}

size_t kiln_session_profile_count(kiln_session_t session) {
  return session ? session->executor->profile().size() : 0;
}

kiln_status_t kiln_session_profile_entry(kiln_session_t session, size_t index,
                                         kiln_profile_entry_t* out) {
  const char* where = "kiln_session_profile_entry";
  if (session == nullptr || out == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: %s is NULL", where,
                      session ? "out" : "session");
  }
  BusyScope busy(session);
  if (!busy.acquired()) return BusyError(where);
  const auto& profile = session->executor->profile();
  if (index >= profile.size()) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s: index %zu is out of range (%zu entries%s)", where,
                      index, profile.size(),
                      profile.empty() ? "; profiling is off" : "");
  }
  const kiln::fb::Command* command =
      session->function->commands()->Get(index);
  const Executor::ProfileEntry& entry = profile[index];
  out->name = command->name() ? command->name()->c_str() : "";
  out->kind = ProfileKindName(command);
  out->runs = entry.runs;
  out->total_ns = entry.total_ns;
  out->flops = entry.flops;
  out->bytes = entry.bytes;
  return nullptr;
}

void kiln_session_profile_reset(kiln_session_t session) {
  if (session) session->executor->ResetProfile();
}

}  // extern "C"
