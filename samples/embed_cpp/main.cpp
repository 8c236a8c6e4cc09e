// SPDX-License-Identifier: Apache-2.0
//
// Embedding the Kiln runtime in C++ with the header-only wrapper kiln.hpp:
// RAII handles and kiln::Error exceptions. Loads a model, binds its inputs
// (every element 1, every dynamic dim 1), runs on the device named (the CPU
// by default), prints the outputs.
//
//   usage: embed_cpp MODEL.kiln [DEVICE]
//
// A model compiled with `kilnc --target=vulkan` runs with DEVICE `vulkan`
// (the first Vulkan device) or `vulkan:N`.
#include <cstdio>
#include <cstring>
#include <vector>

#include "kiln/kiln.hpp"

namespace {

kiln::Tensor Ones(const kiln::TensorInfo& info) {
  std::vector<int64_t> shape = info.shape;
  for (int64_t& dim : shape) dim = dim < 0 ? 1 : dim;
  kiln::Tensor tensor = kiln::Tensor::Create(info.dtype, shape);
  for (size_t i = 0; i < tensor.element_count(); ++i) {
    switch (tensor.dtype()) {
      case KILN_DTYPE_F32:
        tensor.data<float>()[i] = 1.0f;
        break;
      case KILN_DTYPE_F64:
        tensor.data<double>()[i] = 1.0;
        break;
      case KILN_DTYPE_I32:
        tensor.data<int32_t>()[i] = 1;
        break;
      case KILN_DTYPE_I64:
        tensor.data<int64_t>()[i] = 1;
        break;
      default:
        std::fprintf(stderr, "embed_cpp: input '%s': %s inputs are left 0\n",
                     info.name.c_str(), kiln_dtype_name(info.dtype));
        return tensor;
    }
  }
  return tensor;
}

void Print(const std::string& name, const kiln::Tensor& tensor) {
  std::printf("%s: %s [", name.c_str(), kiln_dtype_name(tensor.dtype()));
  std::vector<int64_t> shape = tensor.shape();
  for (size_t i = 0; i < shape.size(); ++i) {
    std::printf(i ? ",%lld" : "%lld", static_cast<long long>(shape[i]));
  }
  std::printf("] =");
  size_t count = tensor.element_count();
  for (size_t i = 0; i < count && i < 8; ++i) {
    if (tensor.dtype() == KILN_DTYPE_F32) {
      std::printf(" %g", tensor.data<float>()[i]);
    } else if (tensor.dtype() == KILN_DTYPE_I64) {
      std::printf(" %lld", static_cast<long long>(tensor.data<int64_t>()[i]));
    } else {
      std::printf(" ?");
    }
  }
  std::printf(count > 8 ? " ...\n" : "\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (kiln::version() != KILN_VERSION_STRING) {
    std::fprintf(stderr, "embed_cpp: error: built with Kiln %s headers\n",
                 KILN_VERSION_STRING);
    return 1;
  }
  std::printf("Kiln runtime %s\n", KILN_VERSION_STRING);
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s MODEL.kiln [DEVICE]\n", argv[0]);
    return 2;
  }
  try {
    kiln::Model model = kiln::Model::LoadFile(argv[1]);
    kiln::SessionOptions options;  // function "main"
    options.SetDevice(argc == 3 ? argv[2] : "cpu");
    kiln::Session session(model, options);
    for (const kiln::TensorInfo& input :
         model.Infos(session.function(), true)) {
      session.BindInput(input.name, Ones(input));
    }
    session.Run();
    for (const kiln::TensorInfo& output :
         model.Infos(session.function(), false)) {
      Print(output.name, session.GetOutput(output.name));
    }
  } catch (const kiln::Error& error) {
    std::fprintf(stderr, "embed_cpp: error: %s: %s\n",
                 kiln_status_code_name(error.code()), error.what());
    return 1;
  }
  return 0;
}
