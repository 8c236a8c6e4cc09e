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
