# SPDX-License-Identifier: Apache-2.0
"""The expectations file of a backend (tests/conformance/<backend>.json):
every test that does not pass, with its outcome and a one-line reason.

    {
      "test_name": {"outcome": "unsupported", "reason": "..."},
      ...
    }

A test not listed is expected to pass.
"""
import json
import os

from . import OUTCOMES

# Outcomes a test must never change to: a change to these is a regression.
SEVERE = ("crash", "timeout")


def load(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object of test names")
    for name, entry in data.items():
        if not isinstance(entry, dict) or entry.get("outcome") not in OUTCOMES[1:]:
            raise ValueError(f"{path}: {name}: expected {{\"outcome\": one of "
                             f"{', '.join(OUTCOMES[1:])}, \"reason\": ...}}")
    return data


def reason_of(result):
    """The generated one-line reason of a failed test."""
    return result.detail.replace("\n", " ")


def check(results, expected):
    """(regressions, unexpected passes, other changes): lines naming each
    test, for the tests in `results`."""
    regressions, unexpected_passes, changes = [], [], []
    for result in results:
        entry = expected.get(result.name)
        if entry is None:
            if result.outcome != "pass":
                regressions.append(f"{result.name}: expected to pass, {result.outcome}: "
                                   f"{result.detail}")
            continue
        was = entry["outcome"]
        if result.outcome == "pass":
            unexpected_passes.append(f"{result.name}: passes, expected {was} "
                                     f"({entry.get('reason', '')})")
        elif result.outcome != was and result.outcome in SEVERE:
            regressions.append(f"{result.name}: expected {was}, {result.outcome}: {result.detail}")
        elif result.outcome != was:
            changes.append(f"{result.name}: expected {was}, now {result.outcome}: {result.detail}")
    return regressions, unexpected_passes, changes


def update(expected, results):
    """The expectations after this run: tests that ran replace their entries,
    others stay. Reasons are regenerated, so they never go stale, except that
    an explanation written before the generated reason ("why: <reason>") is
    kept while the generated part still reads the same."""
    updated = dict(expected)
    for result in results:
        old = expected.get(result.name)
        if result.outcome == "pass":
            updated.pop(result.name, None)
            continue
        reason = reason_of(result)
        kept = old.get("reason", "") if old else ""
        if old and old["outcome"] == result.outcome and kept.endswith(": " + reason):
            reason = kept
        updated[result.name] = {"outcome": result.outcome, "reason": reason}
    return updated


def write(path, expected):
    """One test a line, sorted, so that a change reads as a one-line diff."""
    lines = [f"  {json.dumps(name)}: {json.dumps(expected[name], sort_keys=True)}"
             for name in sorted(expected)]
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + ("\n" if lines else "") + "}\n")
