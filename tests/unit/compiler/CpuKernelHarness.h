// SPDX-License-Identifier: Apache-2.0
//===- CpuKernelHarness.h - compile, load and run CPU kernels in tests ----===//
//
// Compiles kernel modules written as MLIR text with compileCpuExecutable,
// loads the shared object from memory (memfd + dlopen) and runs every
// workgroup of a kernel's grid, as the runtime's CPU driver would.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TESTS_UNIT_COMPILER_CPUKERNELHARNESS_H
#define KILN_TESTS_UNIT_COMPILER_CPUKERNELHARNESS_H

#include "compiler/targets/cpu/CpuTarget.h"
#include "compiler/targets/cpu/Passes.h"
#include "runtime/hal/kernel_abi.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace kiln::test {

/// A shared object loaded from bytes; unloaded on destruction.
class LoadedObject {
public:
  LoadedObject() = default;
  LoadedObject(const LoadedObject &) = delete;
  LoadedObject &operator=(const LoadedObject &) = delete;
  ~LoadedObject() {
    if (handle)
      dlclose(handle);
  }

  /// Loads `bytes`; returns an error message or "" on success.
  std::string load(const std::vector<char> &bytes) {
    int fd = memfd_create("kiln-kernels", MFD_CLOEXEC);
    if (fd < 0)
      return "memfd_create failed";
    size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) {
        close(fd);
        return "write failed";
      }
      written += size_t(n);
    }
    std::string path = "/proc/self/fd/" + std::to_string(fd);
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    close(fd);
    if (!handle)
      return dlerror();
    return "";
  }

  kiln_cpu_kernel_fn lookup(const char *name) const {
    return reinterpret_cast<kiln_cpu_kernel_fn>(dlsym(handle, name));
  }

private:
  void *handle = nullptr;
};

/// A context that can parse and compile kernel modules; collects the
/// diagnostics it sees.
class KernelCompiler {
public:
  KernelCompiler() {
    mlir::DialectRegistry registry;
    mlir::kiln::cpu::registerCpuCodegenDialects(registry);
    context.appendDialectRegistry(registry);
    context.getDiagEngine().registerHandler([this](mlir::Diagnostic &diag) {
      diagnostics += diag.str() + "\n";
      return mlir::success();
    });
  }

  /// Parses and compiles `source`; on failure returns nullopt with the
  /// diagnostics in `diagnostics`.
  std::optional<mlir::kiln::cpu::CpuExecutable>
  compile(const std::string &source,
          const mlir::kiln::cpu::CpuTargetOptions &options = {}) {
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module)
      return std::nullopt;
    mlir::FailureOr<mlir::kiln::cpu::CpuExecutable> executable =
        mlir::kiln::cpu::compileCpuExecutable(*module, options);
    if (mlir::failed(executable))
      return std::nullopt;
    return std::move(*executable);
  }

  mlir::MLIRContext context;
  std::string diagnostics;
};

/// Runs workgroups [begin, end) of a kernel's grid (flattened, x fastest).
inline void runWorkgroups(kiln_cpu_kernel_fn kernel,
                          const mlir::kiln::cpu::CpuKernelInfo &info,
                          void *const *bindings, const int64_t *dims,
                          int64_t begin = 0, int64_t end = -1) {
  int64_t countX = info.workgroupCount[0], countY = info.workgroupCount[1];
  int64_t total = countX * countY * info.workgroupCount[2];
  if (end < 0 || end > total)
    end = total;
  for (int64_t id = begin; id < end; ++id)
    kernel(bindings, dims, id % countX, (id / countX) % countY,
           id / (countX * countY));
}

using mlir::kiln::cpu::CpuExecutable;
using mlir::kiln::cpu::CpuKernelInfo;

inline std::vector<float> randomFloats(size_t n, unsigned seed,
                                       float lo = -3.0f, float hi = 3.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> values(n);
  for (float &v : values)
    v = dist(gen);
  return values;
}

/// A compiled and loaded executable.
struct Kernels {
  CpuExecutable executable;
  LoadedObject object;

  const CpuKernelInfo &info(const std::string &name) const {
    for (const CpuKernelInfo &kernel : executable.kernels)
      if (kernel.symbol == name)
        return kernel;
    ADD_FAILURE() << "no kernel " << name;
    return executable.kernels.front();
  }

  /// Runs every workgroup of `name`'s grid.
  void run(const std::string &name, std::vector<void *> bindings,
           const int64_t *dims = nullptr) const {
    kiln_cpu_kernel_fn fn = object.lookup(name.c_str());
    ASSERT_NE(fn, nullptr) << name << " is not exported";
    runWorkgroups(fn, info(name), bindings.data(), dims);
  }
};

class CpuCodegenTest : public ::testing::Test {
protected:
  std::unique_ptr<Kernels> build(const std::string &source) {
    auto kernels = std::make_unique<Kernels>();
    std::optional<CpuExecutable> executable = compiler.compile(source);
    if (!executable) {
      ADD_FAILURE() << "compilation failed:\n" << compiler.diagnostics;
      return nullptr;
    }
    kernels->executable = std::move(*executable);
    std::string error = kernels->object.load(kernels->executable.object);
    if (!error.empty()) {
      ADD_FAILURE() << "cannot load the object: " << error;
      return nullptr;
    }
    return kernels;
  }

  KernelCompiler compiler;
};

inline void expectNear(const std::vector<float> &actual,
                       const std::vector<float> &expected, float relative,
                       float absolute = 1e-6f) {
  ASSERT_EQ(actual.size(), expected.size());
  size_t reported = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i]) && std::isnan(actual[i]))
      continue;
    float tolerance = absolute + relative * std::fabs(expected[i]);
    if (!(std::fabs(actual[i] - expected[i]) <= tolerance) && reported++ < 5)
      ADD_FAILURE() << "at " << i << ": " << actual[i] << " vs expected "
                    << expected[i];
  }
}

} // namespace kiln::test

#endif // KILN_TESTS_UNIT_COMPILER_CPUKERNELHARNESS_H
