# SPDX-License-Identifier: Apache-2.0
"""Compiles each model with kilnc and times Kiln and onnxruntime alternately.

For one configuration (model, batch, threads) the driver starts two worker
processes, one per engine (worker.py), loads the model in each, one after the
other, on the same input file, then alternates: a block of runs of one
engine, a block of the other, the first engine of each round switching, so
that both see the same machine (other load, clocks, caches) in turn. Between
blocks it pauses briefly (`settle`) so that the idle engine's spinning
threads have gone to sleep. Each worker times its own runs; at the end it
reports its peak resident memory (VmHWM), and the driver compares the
outputs of the last runs.
"""
import json
import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker.py")


class BenchError(RuntimeError):
    """A failure of one configuration, described in one line."""


@dataclass
class EngineResult:
    times_ms: List[float] = field(default_factory=list)
    load_s: float = 0.0
    base_rss_mib: float = 0.0
    peak_rss_mib: float = 0.0


@dataclass
class ConfigResult:
    model: str
    batch: int
    threads: int
    compile_s: Optional[float] = None
    kiln: Optional[EngineResult] = None
    ort: Optional[EngineResult] = None
    max_rel_error: Optional[float] = None
    error: Optional[str] = None


def percentile(values, fraction):
    """The nearest-rank percentile (as kiln-run --bench prints it)."""
    ordered = sorted(values)
    rank = int(np.ceil(fraction * len(ordered)))
    return ordered[min(len(ordered) - 1, max(rank - 1, 0))]


class Worker:
    def __init__(self, label, argv, log_path, timeout):
        self.label = label
        self.timeout = timeout
        self.log_path = log_path
        self.log = open(log_path, "w")
        # The workers load inputs with numpy but never call BLAS: numpy's
        # OpenBLAS thread would only steal time slices from the engines'
        # threads (an OpenMP team waits at every barrier for a preempted
        # member; Kiln at 2 threads ran 1.7x slower with it).
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
        self.proc = subprocess.Popen([sys.executable, WORKER] + argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     env=env)

    def _last_error_line(self):
        self.log.flush()
        try:
            with open(self.log_path) as f:
                lines = [line.strip() for line in f if line.strip()]
        except OSError:
            lines = []
        return lines[-1] if lines else "no message"

    def call(self, **request):
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        if not ready:
            self.kill()
            raise BenchError(f"{self.label}: no reply to '{request['cmd']}' in "
                             f"{self.timeout:.0f} s")
        line = self.proc.stdout.readline()
        if not line:
            status = self.proc.wait()
            how = f"signal {-status}" if status < 0 else f"exit status {status}"
            raise BenchError(f"{self.label} worker died ({how}) during '{request['cmd']}': "
                             f"{self._last_error_line()}")
        reply = json.loads(line)
        if "error" in reply:
            raise BenchError(f"{self.label}: {reply['error']}")
        return reply

    def close(self):
        try:
            return self.call(cmd="exit")
        finally:
            self.kill()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.log.close()


def make_input(spec, batch, seed):
    rng = np.random.default_rng(seed)
    shape = spec.input_shape(batch)
    if spec.dtype == "int64":
        return rng.integers(0, spec.vocab, size=shape, dtype=np.int64)
    return rng.standard_normal(shape, dtype=np.float32)


def compile_model(kilnc, onnx_path, spec, batch, artifact, timeout):
    """Compiles with the batch fixed; returns kilnc's wall time in seconds."""
    shape = "x".join(str(d) for d in spec.input_shape(batch))
    command = [kilnc, onnx_path, f"--input-shape=input={shape}", "-o", artifact]
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"kilnc timed out after {timeout:.0f} s") from None
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        lines = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else \
            f"exit status {proc.returncode}"
        raise BenchError(f"kilnc failed ({how}): {lines[0] if lines else 'no message'}")
    return seconds


def max_relative_error(got, want):
    """max |got - want| / max |want|; BenchError when shape or dtype differ."""
    if got.shape != want.shape or got.dtype != want.dtype:
        raise BenchError(f"Kiln output {got.dtype}{list(got.shape)}, onnxruntime "
                         f"{want.dtype}{list(want.shape)}")
    scale = max(float(np.abs(want).max()), np.finfo(np.float32).tiny)
    return float(np.abs(got.astype(np.float64) - want).max()) / scale


def bench_config(options, result, artifact, onnx_path, input_path, work):
    """Fills `result` (kiln, ort, max_rel_error) for one compiled configuration."""
    tag = f"{result.model}-b{result.batch}-t{result.threads}"
    workers = {}
    try:
        workers["kiln"] = Worker("Kiln", ["kiln", options.runtime],
                                 os.path.join(work, tag + "-kiln.log"), options.timeout)
        workers["ort"] = Worker("onnxruntime", ["ort"], os.path.join(work, tag + "-ort.log"),
                                options.timeout)
        engines = {name: EngineResult() for name in workers}
        for name, model in (("kiln", artifact), ("ort", onnx_path)):
            reply = workers[name].call(cmd="load", model=model, threads=result.threads,
                                       batch=result.batch, input=input_path)
            engines[name].load_s = reply["load_s"]
            engines[name].base_rss_mib = reply["rss_mib"]

        order = ["kiln", "ort"]
        for phase, total in (("warmup", options.warmup), ("timed", options.runs)):
            done = 0
            while done < total:
                n = min(options.block, total - done)
                for name in order:
                    times = workers[name].call(cmd="run", n=n)["times_ms"]
                    if phase == "timed":
                        engines[name].times_ms.extend(times)
                    if options.settle > 0:
                        time.sleep(options.settle)
                order.reverse()
                done += n

        outputs = {}
        for name in workers:
            path = os.path.join(work, f"{tag}-{name}-output.npy")
            workers[name].call(cmd="save", path=path)
            outputs[name] = path
        for name in list(workers):
            engines[name].peak_rss_mib = workers.pop(name).close()["hwm_mib"]
        result.kiln, result.ort = engines["kiln"], engines["ort"]
        try:
            result.max_rel_error = max_relative_error(np.load(outputs["kiln"]),
                                                      np.load(outputs["ort"]))
        finally:
            for path in outputs.values():
                os.remove(path)
    finally:
        for worker in workers.values():
            worker.kill()


def bench_model(options, spec, onnx_path, work, on_result):
    """Every (batch, threads) configuration of one model; calls on_result for each."""
    for batch in options.batches:
        results = [ConfigResult(spec.name, batch, t) for t in options.threads]
        artifact = os.path.join(work, f"{spec.name}-b{batch}.kiln")
        input_path = os.path.join(work, f"{spec.name}-b{batch}-input.npy")
        np.save(input_path, make_input(spec, batch, options.seed))
        try:
            try:
                compile_s = compile_model(options.kilnc, onnx_path, spec, batch, artifact,
                                          options.timeout)
            except BenchError as error:
                for result in results:
                    result.error = str(error)
                    on_result(result)
                continue
            for result in results:
                result.compile_s = compile_s
                try:
                    bench_config(options, result, artifact, onnx_path, input_path, work)
                except BenchError as error:
                    result.error = str(error)
                on_result(result)
        finally:
            for path in (artifact, input_path):
                if os.path.exists(path) and not options.keep:
                    os.remove(path)
