#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Prints the digits model's predictions against the labels, and accuracy.

  score.py LOGITS.npy [LABELS.npy] [--min-accuracy A] [--reference REF.npy]
           [--max-difference D]

LOGITS.npy is float [N,10] (e.g. what `kiln-run --output-dir` wrote as
logits.npy); LABELS.npy defaults to test_labels.npy beside this script.
With --reference (e.g. test_logits.npy, torch's logits for the committed
images) it also prints the largest difference from those logits.
Exits 1 when the accuracy is below A (default 0), 2 on unusable input.
Needs only numpy.
"""
import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROW = 16  # images per printed row


def load(path, what):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        sys.exit(f"error: cannot read {what} {path}: {error}")


def check_shapes(logits, labels, logits_name="logits"):
    """Returns an error line, or None when logits [N,10] match labels [N]."""
    if logits.ndim != 2 or logits.shape[1] != 10:
        return f"{logits_name} have shape {list(logits.shape)}, expected [N, 10]"
    if labels.ndim != 1 or labels.shape[0] != logits.shape[0]:
        return (f"labels have shape {list(labels.shape)}, expected "
                f"[{logits.shape[0]}] to match {logits_name}")
    return None


def report(logits, labels):
    """Prints labels, predictions and misses in rows; returns the accuracy."""
    predicted = logits.argmax(axis=1)
    for start in range(0, len(labels), ROW):
        end = min(start + ROW, len(labels))
        print(f"  images {start:3}-{end - 1:<3} label     "
              + " ".join(str(int(v)) for v in labels[start:end]))
        print("                 predicted "
              + " ".join(str(int(v)) for v in predicted[start:end]))
        misses = ["x" if p != l else " " for p, l in
                  zip(predicted[start:end], labels[start:end])]
        if "x" in misses:
            print(("                           " + " ".join(misses)).rstrip())
    correct = int((predicted == labels).sum())
    accuracy = correct / len(labels) if len(labels) else 0.0
    print(f"accuracy {correct}/{len(labels)} = {100 * accuracy:.1f}% "
          f"on held-out images")
    return accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logits")
    parser.add_argument("labels", nargs="?",
                        default=os.path.join(HERE, "test_labels.npy"))
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    parser.add_argument("--reference", help="logits to compare with")
    parser.add_argument("--max-difference", type=float, default=None,
                        help="fail when |logits - reference| exceeds this")
    args = parser.parse_args()
    logits = load(args.logits, "logits")
    labels = load(args.labels, "labels")
    error = check_shapes(logits, labels)
    if error:
        print(f"error: {args.logits}: {error}", file=sys.stderr)
        return 2
    accuracy = report(logits, labels)
    if args.reference:
        reference = load(args.reference, "reference logits")
        if reference.shape != logits.shape:
            print(f"error: {args.reference}: reference logits have shape "
                  f"{list(reference.shape)}, expected {list(logits.shape)}",
                  file=sys.stderr)
            return 2
        difference = float(np.abs(logits.astype(np.float64) - reference).max())
        print(f"max |logits - reference| = {difference:.2e} "
              f"(reference: {os.path.basename(args.reference)})")
        if args.max_difference is not None and difference > args.max_difference:
            print(f"error: logits differ from the reference by {difference:.2e}, "
                  f"more than {args.max_difference}", file=sys.stderr)
            return 1
    if accuracy < args.min_accuracy:
        print(f"error: accuracy {accuracy:.4f} is below {args.min_accuracy}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
