# SPDX-License-Identifier: Apache-2.0
"""The child process that runs one engine for the bench.

  python worker.py kiln LIBKILN_RUNTIME.so | ort

Each engine runs in its own process so that its peak memory (VmHWM) is its
own. The parent sends one JSON object a line on stdin and reads one reply a
line (the protocol keeps its own copy of stdout; anything an engine prints
goes to stderr):

  {"cmd": "load", "model": PATH, "threads": T, "batch": B, "input": NPY}
      -> {"load_s": S, "rss_mib": M}           (M: before loading the model)
  {"cmd": "run", "n": N}  -> {"times_ms": [...]}   (N timed runs)
  {"cmd": "save", "path": NPY}  -> {}              (the output of the last run)
  {"cmd": "exit"}  -> {"hwm_mib": M, "rss_mib": M}

A failed command replies {"error": "one line"}.
"""
import json
import os
import sys
import time

import numpy as np


def memory_mib():
    """VmHWM and VmRSS of this process in MiB."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0]) / 1024.0
    return values.get("VmHWM", 0.0), values.get("VmRSS", 0.0)


class KilnEngine:
    def __init__(self, library):
        from kiln_api import Runtime
        self.runtime = Runtime(library)
        self.session = None

    def load(self, model, threads, batch, inputs):
        from kiln_api import Session
        self.session = Session(self.runtime, model, threads)
        for name, array in inputs.items():
            self.session.bind_input(name, array)

    def run(self):
        self.session.run()

    def output(self):
        return self.session.output(self.session.output_names[0])


class OrtEngine:
    def __init__(self):
        import onnxruntime
        self.ort = onnxruntime
        self.session = None
        self.outputs = None

    def load(self, model, threads, batch, inputs):
        ort = self.ort
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # The model's batch dim is symbolic; fixing it lets ORT plan for the
        # batch, as kilnc's --input-shape does for Kiln.
        options.add_free_dimension_override_by_name("batch", batch)
        self.session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self.feeds = inputs
        self.last = None

    def run(self):
        self.last = self.session.run(None, self.feeds)

    def output(self):
        return self.last[0]


def serve(engine, requests, replies):
    for line in requests:
        request = json.loads(line)
        command = request["cmd"]
        try:
            if command == "load":
                rss = memory_mib()[1]
                inputs = {"input": np.load(request["input"])}
                start = time.perf_counter()
                engine.load(request["model"], request["threads"], request["batch"], inputs)
                reply = {"load_s": time.perf_counter() - start, "rss_mib": rss}
            elif command == "run":
                times = []
                for _ in range(request["n"]):
                    start = time.perf_counter_ns()
                    engine.run()
                    times.append((time.perf_counter_ns() - start) / 1e6)
                reply = {"times_ms": times}
            elif command == "save":
                np.save(request["path"], engine.output())
                reply = {}
            elif command == "exit":
                hwm, rss = memory_mib()
                replies.write(json.dumps({"hwm_mib": hwm, "rss_mib": rss}) + "\n")
                replies.flush()
                return
            else:
                reply = {"error": f"unknown command '{command}'"}
        except Exception as error:  # reported to the parent, which names the model
            text = " ".join(str(error).split()) or type(error).__name__
            reply = {"error": text}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def main(argv):
    # The protocol keeps stdout; the engines' own prints go to stderr.
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    if argv[:1] == ["kiln"] and len(argv) == 2:
        engine = KilnEngine(argv[1])
    elif argv == ["ort"]:
        engine = OrtEngine()
    else:
        print("usage: worker.py kiln LIBKILN_RUNTIME.so | ort", file=sys.stderr)
        return 2
    serve(engine, sys.stdin, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
