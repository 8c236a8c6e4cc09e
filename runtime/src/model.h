// SPDX-License-Identifier: Apache-2.0
//
// kiln_model_s: a verified artifact, its signature, and the per-device state
// its sessions share.
#ifndef KILN_RUNTIME_SRC_MODEL_H_
#define KILN_RUNTIME_SRC_MODEL_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "artifact_bytes.h"
#include "hal/hal.h"
#include "kiln/kiln.h"
#include "schema.h"

namespace kiln::rt {

/// A function input or output, copied out of the artifact at load.
struct TensorSignature {
  std::string name;
  kiln_dtype_t dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;  // -1 for dynamic dims
  std::vector<std::string> dim_names;
  std::vector<const char*> dim_name_pointers;  // into dim_names

  kiln_tensor_info_t Info() const {
    return {name.c_str(), dtype, shape.size(), shape.data(),
            dim_name_pointers.data()};
  }
};

/// A function by name: its signature and its variants, one per executable
/// it was compiled for (kiln.fbs Function.executable).
struct FunctionSignature {
  std::string name;
  std::vector<const fb::Function*> variants;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;

  /// The variant for `executable` (a device's choice, -1 for none): the one
  /// compiled for it, else one for any executable, else null.
  const fb::Function* Variant(int executable) const;
};

}  // namespace kiln::rt

struct kiln_model_s {
  std::atomic<int> references{1};
  std::unique_ptr<kiln::rt::ArtifactBytes> bytes;
  const kiln::fb::Model* root = nullptr;
  std::string name;
  std::string producer;
  std::vector<kiln::rt::FunctionSignature> functions;

  kiln::hal::ArtifactView View() const {
    return {bytes->data(), bytes->size(), root, bytes->is_mapped()};
  }

  /// The state of this model on `device`, created by the first session on it.
  kiln_status_t GetDeviceState(kiln::hal::Device* device,
                               kiln::hal::ModelState** out);

 private:
  std::mutex mutex_;
  std::vector<
      std::pair<kiln::hal::Device*, std::unique_ptr<kiln::hal::ModelState>>>
      device_states_;
};

#endif  // KILN_RUNTIME_SRC_MODEL_H_
