#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs digits.onnx with onnxruntime on the committed held-out images and
checks it: accuracy, agreement with torch's reference logits, and the same
logits whether the images go in as one batch or one at a time (the batch
dimension is dynamic).

  /work/main/.venv/bin/python check_onnxruntime.py [--model PATH]
      [--min-accuracy A] [--atol T]

Prints the predictions and accuracy; exits 0 when every check passes, 1
otherwise. Needs numpy and onnxruntime (the project's .venv).
"""
import argparse
import os
import sys

import numpy as np
import onnxruntime as ort

from score import check_shapes, report

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=os.path.join(HERE, "digits.onnx"))
    parser.add_argument("--min-accuracy", type=float, default=0.97)
    parser.add_argument("--atol", type=float, default=1e-4,
                        help="largest allowed |onnxruntime - torch| logit")
    args = parser.parse_args()

    images = np.load(os.path.join(HERE, "test_images.npy"))
    labels = np.load(os.path.join(HERE, "test_labels.npy"))
    reference = np.load(os.path.join(HERE, "test_logits.npy"))
    try:
        session = ort.InferenceSession(args.model,
                                       providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own exception types
        print(f"error: onnxruntime cannot load {args.model}: {error}",
              file=sys.stderr)
        return 1

    logits = session.run(["logits"], {"image": images})[0]
    error = check_shapes(logits, labels, "onnxruntime logits")
    if error:
        print(f"error: {args.model}: {error}", file=sys.stderr)
        return 1
    one_by_one = np.concatenate(
        [session.run(["logits"], {"image": images[i:i + 1]})[0]
         for i in range(len(images))])

    print(f"onnxruntime {ort.__version__}, {args.model}")
    accuracy = report(logits, labels)
    vs_torch = float(np.abs(logits - reference).max())
    vs_batch1 = float(np.abs(logits - one_by_one).max())
    print(f"max |onnxruntime - torch| logit: {vs_torch:.2e}; "
          f"batch {len(images)} vs batch 1: {vs_batch1:.2e}")

    failures = []
    if accuracy < args.min_accuracy:
        failures.append(f"accuracy {accuracy:.4f} is below {args.min_accuracy}")
    if vs_torch > args.atol:
        failures.append(f"logits differ from torch's by {vs_torch:.2e} > {args.atol}")
    if vs_batch1 > args.atol:
        failures.append(f"batch-1 logits differ by {vs_batch1:.2e} > {args.atol}")
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
