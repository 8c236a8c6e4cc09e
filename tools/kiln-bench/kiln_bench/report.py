# SPDX-License-Identifier: Apache-2.0
"""The bench's printed table, JSON report and Markdown table."""
import datetime
import json
import os
import platform

from .driver import percentile

COLUMNS = ("model", "batch", "threads", "Kiln median ms", "Kiln p90 ms", "ORT median ms",
           "ORT p90 ms", "Kiln/ORT", "Kiln peak MiB", "ORT peak MiB", "compile s")


def _memory(engine):
    """Peak RSS and, in parentheses, what loading and running added to it."""
    return f"{engine.peak_rss_mib:.0f} (+{engine.peak_rss_mib - engine.base_rss_mib:.0f})"


def row(result):
    compile_s = "-" if result.compile_s is None else f"{result.compile_s:.1f}"
    head = [result.model, str(result.batch), str(result.threads)]
    if result.error:
        return head + ["error"] + [""] * 6 + [compile_s]
    kiln, ort = result.kiln.times_ms, result.ort.times_ms
    return head + [
        f"{percentile(kiln, 0.5):.2f}", f"{percentile(kiln, 0.9):.2f}",
        f"{percentile(ort, 0.5):.2f}", f"{percentile(ort, 0.9):.2f}",
        f"{percentile(kiln, 0.5) / percentile(ort, 0.5):.2f}",
        _memory(result.kiln), _memory(result.ort), compile_s]


def text_table(results):
    rows = [list(COLUMNS)] + [row(r) for r in results]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = []
    for k, r in enumerate(rows):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def model_checks(results, tolerance):
    """Per model: (name, ok, line) on Kiln's output against ORT's and any errors."""
    checks = []
    for model in dict.fromkeys(r.model for r in results):
        mine = [r for r in results if r.model == model]
        errors = [r for r in mine if r.error]
        compared = [r for r in mine if r.max_rel_error is not None]
        parts, ok = [], not errors
        if compared:
            worst = max(r.max_rel_error for r in compared)
            matches = worst <= tolerance
            ok = ok and matches
            parts.append(f"Kiln output {'matches' if matches else 'DOES NOT match'} ORT "
                         f"(max rel error {worst:.2e}, tolerance {tolerance:.0e})")
        for r in errors:
            parts.append(f"batch {r.batch} threads {r.threads}: {r.error}")
        checks.append((model, ok, f"{model}: " + "; ".join(parts)))
    return checks


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "load_average": list(os.getloadavg())}


def json_report(results, meta):
    entries = []
    for r in results:
        entry = {"model": r.model, "batch": r.batch, "threads": r.threads,
                 "compile_s": r.compile_s, "error": r.error, "max_rel_error": r.max_rel_error}
        for name in ("kiln", "ort"):
            engine = getattr(r, name)
            if engine is None:
                continue
            entry[name] = {
                "median_ms": percentile(engine.times_ms, 0.5),
                "p90_ms": percentile(engine.times_ms, 0.9),
                "min_ms": min(engine.times_ms),
                "times_ms": engine.times_ms,
                "load_s": engine.load_s,
                "peak_rss_mib": engine.peak_rss_mib,
                "rss_before_load_mib": engine.base_rss_mib,
            }
        if r.kiln and r.ort:
            entry["kiln_over_ort"] = entry["kiln"]["median_ms"] / entry["ort"]["median_ms"]
        entries.append(entry)
    return dict(meta, results=entries)


def write_json(path, results, meta):
    with open(path, "w") as f:
        json.dump(json_report(results, meta), f, indent=1)
        f.write("\n")


def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "s")


def write_markdown(path, results, meta, checks):
    lines = [
        f"`{meta['command']}`, {meta['date']}, {meta['machine']['cpu']} "
        f"({meta['machine']['cores']} cores, load average "
        f"{meta['machine']['load_average'][0]:.1f} at the start), onnxruntime "
        f"{meta['versions']['onnxruntime']}; {_count(meta['runs'], 'timed run')} of each engine "
        f"after {_count(meta['warmup'], 'warm-up run')}, alternating in blocks of "
        f"{meta['block']}. "
        "Peak MiB is the engine process's VmHWM, with in parentheses what loading and "
        "running the model added to it.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
    ]
    lines += ["| " + " | ".join(row(r)) + " |" for r in results]
    lines.append("")
    lines += [f"- {line}" for _, _, line in checks]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def now():
    return datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
