// SPDX-License-Identifier: Apache-2.0
//
// Loading models and querying their signature.
#include "model.h"

#include <algorithm>
#include <cstring>

#include "util.h"
#include "verifier.h"

using namespace kiln::rt;

namespace {

TensorSignature MakeSignature(const kiln::fb::TensorType* type) {
  TensorSignature signature;
  signature.name = std::string(View(type->name()));
  signature.dtype = ToDtype(type->element_type());
  if (type->shape()) {
    signature.shape.assign(type->shape()->begin(), type->shape()->end());
  }
  signature.dim_names.resize(signature.shape.size());
  for (size_t d = 0; d < signature.shape.size(); ++d) {
    if (type->dim_names()) {
      signature.dim_names[d] =
          CStr(type->dim_names()->Get(static_cast<uint32_t>(d)));
    }
    if (signature.shape[d] >= 0) signature.dim_names[d].clear();
  }
  for (const std::string& dim_name : signature.dim_names) {
    signature.dim_name_pointers.push_back(dim_name.c_str());
  }
  return signature;
}

/// Builds the model object over verified bytes.
kiln_status_t Load(std::unique_ptr<ArtifactBytes> bytes, kiln_model_t* out) {
  const kiln::fb::Model* root;
  KILN_RETURN_IF_ERROR(VerifyArtifact(bytes->data(), bytes->size(), &root));
  auto model = std::make_unique<kiln_model_s>();
  model->bytes = std::move(bytes);
  model->root = root;
  model->name = std::string(View(root->name()));
  model->producer = std::string(View(root->producer()));
  // Variants of one name share the signature (the verifier checked).
  for (const kiln::fb::Function* function : *root->functions()) {
    std::string name(View(function->name()));
    auto known = std::find_if(
        model->functions.begin(), model->functions.end(),
        [&](const FunctionSignature& signature) {
          return signature.name == name;
        });
    if (known != model->functions.end()) {
      known->variants.push_back(function);
      continue;
    }
    FunctionSignature signature;
    signature.name = std::move(name);
    signature.variants.push_back(function);
    for (uint32_t i = 0; i < Count(function->inputs()); ++i) {
      signature.inputs.push_back(MakeSignature(function->inputs()->Get(i)));
    }
    for (uint32_t i = 0; i < Count(function->outputs()); ++i) {
      signature.outputs.push_back(MakeSignature(function->outputs()->Get(i)));
    }
    model->functions.push_back(std::move(signature));
  }
  *out = model.release();
  return nullptr;
}

const FunctionSignature* GetFunction(kiln_model_t model, size_t function) {
  if (model == nullptr || function >= model->functions.size()) return nullptr;
  return &model->functions[function];
}

kiln_status_t GetInfo(const char* where, kiln_model_t model, size_t function,
                      size_t index, bool input, kiln_tensor_info_t* out_info) {
  if (out_info == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: out_info is NULL",
                      where);
  }
  std::memset(out_info, 0, sizeof(*out_info));
  const FunctionSignature* signature = GetFunction(model, function);
  if (signature == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "%s: function %zu of %zu",
                      where, function, model ? model->functions.size() : 0);
  }
  const auto& tensors = input ? signature->inputs : signature->outputs;
  if (index >= tensors.size()) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "%s: function %s has %zu %ss, index %zu", where,
                      Quote(signature->name).c_str(), tensors.size(),
                      input ? "input" : "output", index);
  }
  *out_info = tensors[index].Info();
  return nullptr;
}

}  // namespace

const kiln::fb::Function* kiln::rt::FunctionSignature::Variant(
    int executable) const {
  const kiln::fb::Function* any = nullptr;
  for (const kiln::fb::Function* variant : variants) {
    if (executable >= 0 && variant->executable() == executable) return variant;
    if (variant->executable() < 0) any = variant;
  }
  return any;
}

kiln_status_t kiln_model_s::GetDeviceState(kiln::hal::Device* device,
                                           kiln::hal::ModelState** out) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [known, state] : device_states_) {
    if (known == device) {
      *out = state.get();
      return nullptr;
    }
  }
  std::unique_ptr<kiln::hal::ModelState> state;
  KILN_RETURN_IF_ERROR(device->CreateModelState(View(), &state));
  *out = state.get();
  device_states_.emplace_back(device, std::move(state));
  return nullptr;
}

extern "C" {

uint32_t kiln_artifact_format_version(void) { return kFormatVersion; }

kiln_status_t kiln_model_load_file(const char* path, kiln_model_t* out_model) {
  if (out_model == nullptr || path == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_model_load_file: %s is NULL",
                      path ? "out_model" : "path");
  }
  *out_model = nullptr;
  kiln_status_t status = Guard("kiln_model_load_file", [&]() -> kiln_status_t {
    std::unique_ptr<ArtifactBytes> bytes;
    KILN_RETURN_IF_ERROR(ArtifactBytes::MapFile(path, &bytes));
    return Load(std::move(bytes), out_model);
  });
  return Annotate(status, path);
}

kiln_status_t kiln_model_load_memory(const void* data, size_t size,
                                     uint32_t flags, kiln_model_t* out_model) {
  if (out_model == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_model_load_memory: out_model is NULL");
  }
  *out_model = nullptr;
  if (flags & ~static_cast<uint32_t>(KILN_MODEL_LOAD_COPY)) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_model_load_memory: unknown flags 0x%x", flags);
  }
  kiln_status_t status =
      Guard("kiln_model_load_memory", [&]() -> kiln_status_t {
        std::unique_ptr<ArtifactBytes> bytes;
        KILN_RETURN_IF_ERROR(ArtifactBytes::FromMemory(
            data, size, (flags & KILN_MODEL_LOAD_COPY) != 0, &bytes));
        return Load(std::move(bytes), out_model);
      });
  return Annotate(status, "kiln_model_load_memory");
}

kiln_model_t kiln_model_retain(kiln_model_t model) {
  if (model) model->references.fetch_add(1, std::memory_order_relaxed);
  return model;
}

void kiln_model_release(kiln_model_t model) {
  if (model && model->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    delete model;
  }
}

const char* kiln_model_name(kiln_model_t model) {
  return model ? model->name.c_str() : "";
}

const char* kiln_model_producer(kiln_model_t model) {
  return model ? model->producer.c_str() : "";
}

size_t kiln_model_function_count(kiln_model_t model) {
  return model ? model->functions.size() : 0;
}

const char* kiln_model_function_name(kiln_model_t model, size_t index) {
  const FunctionSignature* signature = GetFunction(model, index);
  return signature ? signature->name.c_str() : nullptr;
}

kiln_status_t kiln_model_find_function(kiln_model_t model, const char* name,
                                       size_t* out_index) {
  if (model == nullptr || name == nullptr || out_index == nullptr) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "kiln_model_find_function: NULL argument");
  }
  for (size_t i = 0; i < model->functions.size(); ++i) {
    if (model->functions[i].name == name) {
      *out_index = i;
      return nullptr;
    }
  }
  std::string names;
  for (const FunctionSignature& function : model->functions) {
    names += (names.empty() ? "" : ", ") + Quote(function.name);
  }
  return MakeStatus(KILN_STATUS_NOT_FOUND,
                    "the model has no function %s (functions: %s)",
                    Quote(name).c_str(), names.c_str());
}

size_t kiln_model_input_count(kiln_model_t model, size_t function) {
  const FunctionSignature* signature = GetFunction(model, function);
  return signature ? signature->inputs.size() : 0;
}

size_t kiln_model_output_count(kiln_model_t model, size_t function) {
  const FunctionSignature* signature = GetFunction(model, function);
  return signature ? signature->outputs.size() : 0;
}

kiln_status_t kiln_model_input_info(kiln_model_t model, size_t function,
                                    size_t index,
                                    kiln_tensor_info_t* out_info) {
  return GetInfo("kiln_model_input_info", model, function, index, true,
                 out_info);
}

kiln_status_t kiln_model_output_info(kiln_model_t model, size_t function,
                                     size_t index,
                                     kiln_tensor_info_t* out_info) {
  return GetInfo("kiln_model_output_info", model, function, index, false,
                 out_info);
}

}  // extern "C"
