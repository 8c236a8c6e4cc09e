# SPDX-License-Identifier: Apache-2.0
"""Runs one test: kilnc compiles its model, kiln-run runs each data set, and
the outputs are compared. kilnc and kiln-run run as child processes in their
own process groups, in a temporary folder, under the test's time limit; a
crash or hang ends that test only.
"""
import dataclasses
import os
import shlex
import signal
import subprocess
import tempfile
import threading
import time

import numpy as np

from . import compare, suite

# Exit statuses a shell reports for a process killed by SIGILL, SIGABRT,
# SIGBUS, SIGFPE or SIGSEGV (128 + the signal).
CRASH_STATUSES = {128 + s for s in (signal.SIGILL, signal.SIGABRT, signal.SIGBUS,
                                    signal.SIGFPE, signal.SIGSEGV)}
# Sanitizer reports end a run with an ordinary exit status.
CRASH_MARKERS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                 "MemorySanitizer", "ThreadSanitizer")


@dataclasses.dataclass
class Config:
    kilnc: str
    kiln_run: str
    target: str           # kilnc --target
    device: str           # kiln-run --device
    timeout: float        # seconds per test
    run_threads: int = 1  # kiln-run --threads: tests run side by side


@dataclasses.dataclass
class Result:
    name: str
    suite: str
    outcome: str
    detail: str = ""
    ops: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    max_abs_error: float = None
    max_rel_error: float = None
    reproduce: str = None  # shell commands that repeat a crash

    def to_json(self):
        data = {"suite": self.suite, "outcome": self.outcome, "detail": self.detail,
                "ops": self.ops, "seconds": round(self.seconds, 3)}
        if self.max_abs_error is not None:
            data["max_abs_error"] = self.max_abs_error
            data["max_rel_error"] = self.max_rel_error
        if self.reproduce:
            data["reproduce"] = self.reproduce
        return data


class ProcessTable:
    """The child processes running now, so that an interrupted run can end
    them (each runs in its own process group)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._live = set()

    def add(self, proc):
        with self._lock:
            self._live.add(proc)

    def remove(self, proc):
        with self._lock:
            self._live.discard(proc)

    def kill_all(self):
        with self._lock:
            for proc in list(self._live):
                _kill_group(proc)


PROCESSES = ProcessTable()


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@dataclasses.dataclass
class Finished:
    returncode: int = None  # None: ran past the deadline
    stdout: str = ""
    stderr: str = ""

    @property
    def timed_out(self):
        return self.returncode is None


def run_process(cmd, deadline, cwd):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return Finished()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    PROCESSES.add(proc)
    try:
        out, err = proc.communicate(timeout=remaining)
        return Finished(proc.returncode, out.decode("utf-8", "replace"),
                        err.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        return Finished()
    finally:
        PROCESSES.remove(proc)


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def crash_description(tool, finished):
    """'kilnc killed by SIGSEGV: <its last words>' when `finished` is a crash,
    else None."""
    rc = finished.returncode
    marker = next((m for m in CRASH_MARKERS if m in finished.stderr), None)
    if rc >= 0 and rc not in CRASH_STATUSES and not marker:
        return None
    if marker:
        how = f"{marker} report (exit status {rc})"
    else:
        number = -rc if rc < 0 else rc - 128
        try:
            how = "killed by " + signal.Signals(number).name
        except ValueError:
            how = f"killed by signal {number}"
    lines = _lines(finished.stderr)
    # An assertion or an error names the cause better than the stack dump.
    words = next((line for line in lines if "Assertion" in line or "ERROR" in line
                  or "error:" in line), lines[0] if lines else "")
    return f"{tool} {how}" + (f": {words[:300]}" if words else "")


def _shell(cmd):
    return " ".join(shlex.quote(part) for part in cmd)


class TestRun:
    """One test's run: Result fields filled as the steps go."""

    def __init__(self, case, config, work):
        self.case = case
        self.config = config
        self.work = work
        self.deadline = time.monotonic() + config.timeout
        self.model = os.path.join(case.path, "model.onnx")

    def result(self, outcome, detail, **fields):
        return Result(self.case.name, self.case.suite, outcome, detail, **fields)

    def timeout(self, what):
        return self.result("timeout", f"{what} ran past the test's {self.config.timeout:g} s limit")

    def kilnc_command(self, artifact, shapes):
        cmd = [self.config.kilnc, self.model, "-o", artifact, f"--target={self.config.target}"]
        for name, dims in shapes:
            cmd.append(f"--input-shape={name}=" + "x".join(str(d) for d in dims))
        return cmd

    def compile(self, artifact, shapes):
        """None when kilnc wrote the artifact, else the Result that ends the test."""
        cmd = self.kilnc_command(artifact, shapes)
        finished = run_process(cmd, self.deadline, self.work)
        if finished.timed_out:
            return self.timeout("kilnc")
        crash = crash_description("kilnc", finished)
        if crash:
            return self.result("crash", crash, reproduce=_shell(self.kilnc_command("/tmp/t.kiln", shapes)))
        # The model's path would make the reasons differ between machines.
        lines = [line.replace(self.model + ": ", "", 1).replace(self.model, "model.onnx")
                 for line in _lines(finished.stderr)]
        if finished.returncode == 0:
            if os.path.exists(artifact):
                return None
            return self.result("compile-error", "kilnc exited 0 without writing the artifact")
        if finished.returncode == 1 and len(lines) == 1 and "LLVM ERROR" not in lines[0]:
            return self.result("unsupported", lines[0])
        first = next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")
        return self.result("compile-error", f"kilnc exit status {finished.returncode}"
                           f" ({len(lines)} lines): {first[:300]}")

    def run_data_set(self, artifact, shapes, info, data_set):
        """None when the outputs match, else the Result that ends the test."""
        out_dir = os.path.join(self.work, "out-" + data_set.name)
        cmd = [self.config.kiln_run, artifact, f"--device={self.config.device}",
               f"--threads={self.config.run_threads}", "--output-dir", out_dir]
        for (name, _), path in zip(info.inputs, data_set.inputs):
            cmd += ["--input", f"{name}={path}"]
        finished = run_process(cmd, self.deadline, self.work)
        if finished.timed_out:
            return self.timeout(f"kiln-run ({data_set.name})")
        crash = crash_description("kiln-run", finished)
        if crash:
            repro = (_shell(self.kilnc_command("/tmp/t.kiln", shapes)) + " && "
                     + _shell(cmd).replace(shlex.quote(artifact), "/tmp/t.kiln")
                     .replace(shlex.quote(out_dir), "/tmp/t-out"))
            return self.result("crash", f"{crash} ({data_set.name})", reproduce=repro)
        if finished.returncode != 0:
            lines = _lines(finished.stderr)
            message = next((line for line in lines if "error" in line), lines[-1] if lines else "")
            return self.result("runtime-error", message.replace(artifact, "model.kiln")[:300]
                               or f"kiln-run exit status {finished.returncode} and no message")
        return self.check_outputs(info, data_set, out_dir)

    def check_outputs(self, info, data_set, out_dir):
        if len(data_set.outputs) != len(info.outputs):
            return self.result("mismatch", f"{data_set.name} holds {len(data_set.outputs)} "
                               f"outputs, the model has {len(info.outputs)}")
        for i, file in enumerate(output_files([name for name, _ in info.outputs])):
            name = info.outputs[i][0]
            label = f"output {i} '{name}'"
            path = os.path.join(out_dir, file + ".npy")
            if not os.path.exists(path):
                return self.result("mismatch", f"{label}: kiln-run wrote no {file}.npy")
            actual = np.load(path, allow_pickle=False)
            expected = compare.load_expected(data_set.outputs[i])
            verdict = compare.compare(actual, expected, self.case.rtol, self.case.atol, label)
            if not verdict.ok:
                if len(self.data_sets) > 1:
                    verdict.detail = f"{data_set.name}: {verdict.detail}"
                return self.result("mismatch", verdict.detail, max_abs_error=verdict.max_abs_error,
                                   max_rel_error=verdict.max_rel_error)
        return None

    def run(self):
        try:
            info = suite.read_model(self.case.path)
        except Exception as error:  # a model onnx cannot read is the test's fault
            return self.result("compile-error", f"onnx cannot read model.onnx: {error}"[:300])
        self.data_sets = suite.data_sets(self.case.path)
        if not self.data_sets:
            return self.result("compile-error", "the test has no test_data_set_* folder")
        # A model with symbolic dims is compiled for the input shapes of its
        # data sets (once per distinct set of shapes).
        symbolic = [i for i, (_, type_proto) in enumerate(info.inputs)
                    if suite.has_symbolic_shape(type_proto)]
        artifacts = {}
        for data_set in self.data_sets:
            shapes = tuple((info.inputs[i][0], tuple(suite.tensor_dims(data_set.inputs[i])))
                           for i in symbolic if i < len(data_set.inputs))
            if shapes not in artifacts:
                artifact = os.path.join(self.work, f"model{len(artifacts)}.kiln")
                failure = self.compile(artifact, shapes)
                if failure:
                    return failure
                failure = self.check_types(info, data_set)
                if failure:
                    return failure
                artifacts[shapes] = artifact
            failure = self.run_data_set(artifacts[shapes], shapes, info, data_set)
            if failure:
                return failure
        return self.result("pass", f"{len(self.data_sets)} data sets")

    def check_types(self, info, data_set):
        """kiln-run passes tensors only: a test that feeds or expects a
        sequence, optional or map is unsupported even when kilnc compiled it."""
        values = [("input", *value) for value in info.inputs[:len(data_set.inputs)]]
        values += [("output", *value) for value in info.outputs]
        for role, name, type_proto in values:
            kind = suite.value_kind(type_proto)
            if kind != "tensor":
                return self.result("unsupported", f"{role} '{name}' is a {kind}; kiln-run "
                                   "passes tensors only")
        return None


def output_files(names):
    """The file names (less .npy) kiln-run gives outputs with these names:
    [A-Za-z0-9._-] kept, other characters '_', and a repeated name suffixed
    with _<index> (tools/kiln-run/kiln-run.cpp, SanitizeName)."""
    used = {}
    files = []
    for i, name in enumerate(names):
        file = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_"
                       for c in name.encode("utf-8").decode("latin-1"))
        if file in ("", ".", ".."):
            file = f"output_{i}"
        if used.get(file, 0):
            used[file] += 1
            file += f"_{i}"
        else:
            used[file] = 1
        files.append(file)
    return files


def run_test(case, config, temp_root):
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=case.name[:40] + "-", dir=temp_root) as work:
        try:
            result = TestRun(case, config, work).run()
        except Exception as error:  # a fault of this runner: reported, never fatal
            result = Result(case.name, case.suite, "runtime-error",
                            f"kiln-conformance: {type(error).__name__}: {error}"[:300])
    result.seconds = time.monotonic() - start
    try:
        result.ops = suite.read_model(case.path).ops
    except Exception:
        pass
    return result
