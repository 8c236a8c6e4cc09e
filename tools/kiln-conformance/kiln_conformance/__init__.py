# SPDX-License-Identifier: Apache-2.0
"""kiln-conformance: the ONNX backend tests compiled with kilnc, run with
kiln-run, and compared with their expected outputs.

Modules: `suite` finds the tests and reads their models, `execute` runs one
test in child processes, `compare` judges outputs the way ONNX's backend test
runner does, `expectations` keeps the per-backend list of known failures, and
`report` writes the summary, the JSON report and docs/conformance.md.
"""

# Every test ends as exactly one of these; the order is the report's order.
OUTCOMES = ("pass", "mismatch", "unsupported", "compile-error", "runtime-error",
            "crash", "timeout")
