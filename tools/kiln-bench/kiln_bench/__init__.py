# SPDX-License-Identifier: Apache-2.0
"""kiln-bench: Kiln and onnxruntime side by side on the CPU.

Modules: `suite` names the models and their inputs (plain data, also read by
export_models.py under Debian's torch), `kiln_api` binds the runtime's C API
with ctypes, `worker` is the child process that runs one engine, `driver`
compiles, starts the two workers and alternates their timed runs, and
`report` prints the table and writes the JSON and Markdown reports.
"""
