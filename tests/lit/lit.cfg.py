# SPDX-License-Identifier: Apache-2.0
# lit configuration for Kiln's FileCheck tests.
import os

import lit.formats

config.name = "Kiln"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".onnxtxt"]

# Tests live next to what they test (dialects/kiln/test, passes/graph/test,
# ...), so lit walks the source tree, entering only the top-level folders of
# compiler code. tests/ stays out: this config would read as a nested suite.
config.test_source_root = config.kiln_src_root
config.test_exec_root = os.path.join(config.kiln_obj_root, "tests", "lit")
_TEST_ROOTS = {"compiler", "dialects", "exporters", "passes", "tools"}
config.excludes = [
    name for name in os.listdir(config.kiln_src_root) if name not in _TEST_ROOTS
] + ["Inputs"]

# %python: the venv's interpreter (onnx, numpy) for tests that make models.
config.substitutions.append(("%python", config.python_executable))

# kilnc and kiln-opt from this build, FileCheck, not and split-file from
# LLVM 22.
config.environment["PATH"] = os.pathsep.join(
    [config.kiln_tools_dir, config.llvm_tools_dir, config.environment["PATH"]]
)

# Execution tests lower to LLVM with upstream mlir-opt and run the result
# with mlir-runner, printing through MLIR's runner utilities:
#   kiln-opt --kiln-lower-to-linalg %s | %mlir_opt %lower_to_llvm
#     | %mlir_runner %runner_args | FileCheck %s
_llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(
    ("%mlir_opt", os.path.join(config.llvm_tools_dir, "mlir-opt")))
config.substitutions.append(
    ("%mlir_runner", os.path.join(config.llvm_tools_dir, "mlir-runner")))
config.substitutions.append((
    "%lower_to_llvm",
    "--one-shot-bufferize=\"bufferize-function-boundaries allow-return-allocs-from-loops\" "
    "--convert-linalg-to-loops --convert-math-to-funcs=convert-ctlz=false "
    "--convert-math-to-libm --convert-scf-to-cf --expand-strided-metadata "
    "--lower-affine --finalize-memref-to-llvm --convert-math-to-llvm "
    "--convert-arith-to-llvm --convert-index-to-llvm --convert-cf-to-llvm "
    "--convert-func-to-llvm --reconcile-unrealized-casts",
))
config.substitutions.append((
    "%runner_args",
    "-e main -entry-point-result=void -shared-libs="
    + os.path.join(_llvm_lib_dir, "libmlir_runner_utils.so") + ","
    + os.path.join(_llvm_lib_dir, "libmlir_c_runner_utils.so"),
))
