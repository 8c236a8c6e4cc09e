// SPDX-License-Identifier: Apache-2.0
//
// Header-only C++ wrapper over the Kiln runtime C API: RAII ownership of C
// handles, and (when exceptions are enabled) kiln::check turning an error
// status into a kiln::Error.
//
//   kiln::Model model = kiln::Model::LoadFile("model.kiln");
//   kiln::Session session(model);               // device "cpu", "main"
//   kiln::Tensor x = kiln::Tensor::Create(KILN_DTYPE_F32, {1, 3, 224, 224});
//   session.BindInput("x", x);
//   session.Run();
//   kiln::Tensor y = session.GetOutput("y");
//   const float* values = y.data<float>();
//
// Tensor, Model and Session own one reference to their C handle (Tensor and
// Model are copyable: a copy adds a reference). Without exceptions, use the C
// API and adopt handles into these classes for RAII; the throwing methods
// are only declared when exceptions are enabled.
#ifndef KILN_KILN_HPP_
#define KILN_KILN_HPP_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiln/kiln.h"

#if defined(__cpp_exceptions)
#include <stdexcept>
#endif

namespace kiln {

// Owns a kiln_status_t; a default-constructed Status is OK.
class Status {
 public:
  Status() = default;
  explicit Status(kiln_status_t status) : status_(status) {}
  Status(Status&& other) noexcept
      : status_(std::exchange(other.status_, nullptr)) {}
  Status& operator=(Status&& other) noexcept {
    std::swap(status_, other.status_);
    return *this;
  }
  Status(const Status&) = delete;
  Status& operator=(const Status&) = delete;
  ~Status() { kiln_status_release(status_); }

  bool ok() const { return status_ == nullptr; }
  kiln_status_code_t code() const { return kiln_status_code(status_); }
  std::string_view message() const { return kiln_status_message(status_); }
  // "CODE: message", or "OK".
  std::string ToString() const {
    if (ok()) return "OK";
    return std::string(kiln_status_code_name(code())) + ": " +
           std::string(message());
  }

 private:
  kiln_status_t status_ = nullptr;
};

inline std::string_view version() { return kiln_version(); }

#if defined(__cpp_exceptions)
// An error status as an exception.
class Error : public std::runtime_error {
 public:
  Error(kiln_status_code_t code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  kiln_status_code_t code() const { return code_; }

 private:
  kiln_status_code_t code_;
};

// Throws kiln::Error if `status` is an error; takes ownership of it.
inline void check(kiln_status_t status) {
  Status owned(status);
  if (!owned.ok()) throw Error(owned.code(), std::string(owned.message()));
}
#endif

// A tensor handle: a dtype, a shape and data. Copies share the tensor.
class Tensor {
 public:
  Tensor() = default;
  // Adopts one reference to `tensor`.
  explicit Tensor(kiln_tensor_t tensor) : tensor_(tensor) {}
  Tensor(const Tensor& other) : tensor_(kiln_tensor_retain(other.tensor_)) {}
  Tensor(Tensor&& other) noexcept
      : tensor_(std::exchange(other.tensor_, nullptr)) {}
  Tensor& operator=(Tensor other) noexcept {
    std::swap(tensor_, other.tensor_);
    return *this;
  }
  ~Tensor() { kiln_tensor_release(tensor_); }

  kiln_tensor_t get() const { return tensor_; }
  explicit operator bool() const { return tensor_ != nullptr; }

  kiln_dtype_t dtype() const { return kiln_tensor_dtype(tensor_); }
  size_t rank() const { return kiln_tensor_rank(tensor_); }
  std::vector<int64_t> shape() const {
    const int64_t* dims = kiln_tensor_shape(tensor_);
    return std::vector<int64_t>(dims, dims + rank());
  }
  size_t element_count() const { return kiln_tensor_element_count(tensor_); }
  size_t byte_size() const { return kiln_tensor_byte_size(tensor_); }
  void* data() const { return kiln_tensor_data(tensor_); }
  // The data as T (the caller picks the T of dtype()).
  template <typename T>
  T* data() const {
    return static_cast<T*>(kiln_tensor_data(tensor_));
  }

#if defined(__cpp_exceptions)
  // A zero-filled tensor owning its memory.
  static Tensor Create(kiln_dtype_t dtype, const std::vector<int64_t>& shape);
  // A tensor over the caller's 16-byte aligned memory (not copied; keep it
  // alive while the tensor is).
  static Tensor Wrap(kiln_dtype_t dtype, const std::vector<int64_t>& shape,
                     void* data, size_t byte_size);
#endif

 private:
  kiln_tensor_t tensor_ = nullptr;
};

// A function input or output.
struct TensorInfo {
  std::string name;
  kiln_dtype_t dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;  // -1 for dynamic dims
  std::vector<std::string> dim_names;

  static TensorInfo FromC(const kiln_tensor_info_t& info) {
    TensorInfo out;
    out.name = info.name;
    out.dtype = info.dtype;
    out.shape.assign(info.shape, info.shape + info.rank);
    for (size_t i = 0; i < info.rank; ++i) {
      out.dim_names.emplace_back(info.dim_names[i]);
    }
    return out;
  }
};

// A loaded model. Copies share it; sessions keep it alive.
class Model {
 public:
  Model() = default;
  // Adopts one reference to `model`.
  explicit Model(kiln_model_t model) : model_(model) {}
  Model(const Model& other) : model_(kiln_model_retain(other.model_)) {}
  Model(Model&& other) noexcept
      : model_(std::exchange(other.model_, nullptr)) {}
  Model& operator=(Model other) noexcept {
    std::swap(model_, other.model_);
    return *this;
  }
  ~Model() { kiln_model_release(model_); }

  kiln_model_t get() const { return model_; }
  explicit operator bool() const { return model_ != nullptr; }

  std::string name() const { return kiln_model_name(model_); }
  std::string producer() const { return kiln_model_producer(model_); }
  std::vector<std::string> functions() const {
    std::vector<std::string> names;
    for (size_t i = 0; i < kiln_model_function_count(model_); ++i) {
      names.emplace_back(kiln_model_function_name(model_, i));
    }
    return names;
  }

#if defined(__cpp_exceptions)
  // Maps and verifies the artifact at `path`.
  static Model LoadFile(const std::string& path);
  // Loads from memory: in place when 64-byte aligned and `copy` is false
  // (keep the bytes alive and unchanged), else copied.
  static Model LoadMemory(const void* data, size_t size, bool copy = false);

  size_t FindFunction(const std::string& function) const;
  std::vector<TensorInfo> Inputs(const std::string& function = "main") const {
    return Infos(FindFunction(function), true);
  }
  std::vector<TensorInfo> Outputs(const std::string& function = "main") const {
    return Infos(FindFunction(function), false);
  }
  std::vector<TensorInfo> Infos(size_t function, bool inputs) const;
#endif

 private:
  kiln_model_t model_ = nullptr;
};

#if defined(__cpp_exceptions)

// Session options; every setter returns *this for chaining.
class SessionOptions {
 public:
  SessionOptions() { check(kiln_session_options_create(&options_)); }
  SessionOptions(const SessionOptions&) = delete;
  SessionOptions& operator=(const SessionOptions&) = delete;
  ~SessionOptions() { kiln_session_options_release(options_); }

  SessionOptions& SetDevice(const std::string& device) {
    check(kiln_session_options_set_device(options_, device.c_str()));
    return *this;
  }
  SessionOptions& SetFunction(const std::string& function) {
    check(kiln_session_options_set_function(options_, function.c_str()));
    return *this;
  }
  SessionOptions& SetThreadCount(int32_t threads) {
    check(kiln_session_options_set_thread_count(options_, threads));
    return *this;
  }
  SessionOptions& SetProfiling(bool enabled) {
    check(kiln_session_options_set_profiling(options_, enabled ? 1 : 0));
    return *this;
  }
  kiln_session_options_t get() const { return options_; }

 private:
  kiln_session_options_t options_ = nullptr;
};

// A session: one function of a model on a device, one run at a time.
class Session {
 public:
  explicit Session(const Model& model) {
    check(kiln_session_create(model.get(), nullptr, &session_));
  }
  Session(const Model& model, const SessionOptions& options) {
    check(kiln_session_create(model.get(), options.get(), &session_));
  }
  Session(Session&& other) noexcept
      : session_(std::exchange(other.session_, nullptr)) {}
  Session& operator=(Session&& other) noexcept {
    std::swap(session_, other.session_);
    return *this;
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() { kiln_session_release(session_); }

  kiln_session_t get() const { return session_; }
  size_t function() const { return kiln_session_function(session_); }

  void BindInput(const std::string& name, const Tensor& tensor) {
    check(kiln_session_bind_input(session_, name.c_str(), tensor.get()));
  }
  void BindOutput(const std::string& name, const Tensor& tensor) {
    check(kiln_session_bind_output(session_, name.c_str(), tensor.get()));
  }
  void ClearBindings() { kiln_session_clear_bindings(session_); }
  void Run() { check(kiln_session_run(session_)); }
  Tensor GetOutput(const std::string& name) const {
    kiln_tensor_t tensor = nullptr;
    check(kiln_session_get_output(session_, name.c_str(), &tensor));
    return Tensor(tensor);
  }

  // One entry per command when the session profiles, else empty.
  std::vector<kiln_profile_entry_t> Profile() const {
    std::vector<kiln_profile_entry_t> entries(
        kiln_session_profile_count(session_));
    for (size_t i = 0; i < entries.size(); ++i) {
      check(kiln_session_profile_entry(session_, i, &entries[i]));
    }
    return entries;
  }
  void ResetProfile() { kiln_session_profile_reset(session_); }

 private:
  kiln_session_t session_ = nullptr;
};

inline Tensor Tensor::Create(kiln_dtype_t dtype,
                             const std::vector<int64_t>& shape) {
  kiln_tensor_t tensor = nullptr;
  check(kiln_tensor_create(dtype, shape.data(), shape.size(), &tensor));
  return Tensor(tensor);
}

inline Tensor Tensor::Wrap(kiln_dtype_t dtype,
                           const std::vector<int64_t>& shape, void* data,
                           size_t byte_size) {
  kiln_tensor_t tensor = nullptr;
  check(kiln_tensor_wrap(dtype, shape.data(), shape.size(), data, byte_size,
                         &tensor));
  return Tensor(tensor);
}

inline Model Model::LoadFile(const std::string& path) {
  kiln_model_t model = nullptr;
  check(kiln_model_load_file(path.c_str(), &model));
  return Model(model);
}

inline Model Model::LoadMemory(const void* data, size_t size, bool copy) {
  kiln_model_t model = nullptr;
  check(kiln_model_load_memory(
      data, size, copy ? KILN_MODEL_LOAD_COPY : KILN_MODEL_LOAD_DEFAULT,
      &model));
  return Model(model);
}

inline size_t Model::FindFunction(const std::string& function) const {
  size_t index = 0;
  check(kiln_model_find_function(model_, function.c_str(), &index));
  return index;
}

inline std::vector<TensorInfo> Model::Infos(size_t function,
                                            bool inputs) const {
  std::vector<TensorInfo> infos;
  size_t count = inputs ? kiln_model_input_count(model_, function)
                        : kiln_model_output_count(model_, function);
  for (size_t i = 0; i < count; ++i) {
    kiln_tensor_info_t info;
    check(inputs ? kiln_model_input_info(model_, function, i, &info)
                 : kiln_model_output_info(model_, function, i, &info));
    infos.push_back(TensorInfo::FromC(info));
  }
  return infos;
}

#endif  // __cpp_exceptions

}  // namespace kiln

#endif  // KILN_KILN_HPP_
