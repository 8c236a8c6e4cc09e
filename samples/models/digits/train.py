#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Trains the digits sample model and exports it to ONNX.

A small CNN learns scikit-learn's bundled handwritten digits (8x8 images,
1797 samples, no download) on the CPU in a few seconds. Everything is seeded
and the algorithms are deterministic, so a rerun writes the same files.

Runs under Debian's /usr/bin/python3 (python3-torch, python3-sklearn):

  samples/models/digits/train.py [OUT_DIR]

OUT_DIR defaults to this script's folder. Writes:
  digits.onnx          opset 17; input `image` float32 [batch,1,8,8] (pixels
                       scaled to [0,1]), output `logits` float32 [batch,10]
  test_images.npy      float32 [32,1,8,8], the first 32 held-out images
  test_labels.npy      int64 [32], their labels
  test_logits.npy      float32 [32,10], torch's logits for them (reference)
"""
import os
import sys
import time

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
OPSET = 17
HELD_OUT = 0.25  # fraction of the 1797 samples never trained on
NUM_TEST_FILES = 32  # held-out images written to test_images.npy
EPOCHS = 30
BATCH = 32
MIN_ACCURACY = 0.97


class DigitsNet(torch.nn.Module):
    """Conv/BN/ReLU/MaxPool twice, Flatten, two Linear layers (Gemm).

    8x8 -> conv 16 -> pool 4x4 -> conv 32 -> pool 2x2 -> 128 -> 64 -> 10.
    """

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 3, padding=1),
            torch.nn.BatchNorm2d(16),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(16, 32, 3, padding=1),
            torch.nn.BatchNorm2d(32),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
        )
        self.classifier = torch.nn.Sequential(
            torch.nn.Flatten(),
            torch.nn.Linear(32 * 2 * 2, 64),
            torch.nn.ReLU(),
            torch.nn.Linear(64, 10),
        )

    def forward(self, image):
        return self.classifier(self.features(image))


def load_data():
    """Returns (train_x, train_y, test_x, test_y); x float32 [N,1,8,8] in [0,1]."""
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    labels = digits.target.astype(np.int64)
    return train_test_split(images, labels, test_size=HELD_OUT,
                            random_state=SEED, stratify=labels)


def accuracy(model, x, y):
    with torch.no_grad():
        predicted = model(torch.from_numpy(x)).argmax(dim=1).numpy()
    return float((predicted == y).mean())


def train(train_x, train_y):
    model = DigitsNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.from_numpy(train_x)
    y = torch.from_numpy(train_y)
    generator = torch.Generator().manual_seed(SEED)
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), BATCH):
            batch = order[start:start + BATCH]
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
    model.eval()
    return model


def export(model, path):
    """Exports with BatchNormalization kept as its own op (TrainingMode.PRESERVE
    on an eval-mode model skips torch's Conv+BN fusion), so the graph covers
    the BatchNormalization kernel too."""
    torch.onnx.export(
        model, torch.zeros(1, 1, 8, 8), path,
        input_names=["image"], output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=OPSET,
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # same float summation order on every machine

    train_x, test_x, train_y, test_y = load_data()
    start = time.time()
    model = train(train_x, train_y)
    seconds = time.time() - start

    held_out = accuracy(model, test_x, test_y)
    print(f"trained on {len(train_x)} images in {seconds:.1f} s; "
          f"held-out accuracy {held_out:.4f} ({len(test_x)} images)")
    if held_out < MIN_ACCURACY:
        sys.exit(f"error: held-out accuracy {held_out:.4f} is below {MIN_ACCURACY}")

    images = np.ascontiguousarray(test_x[:NUM_TEST_FILES])
    labels = np.ascontiguousarray(test_y[:NUM_TEST_FILES])
    with torch.no_grad():
        logits = model(torch.from_numpy(images)).numpy().astype(np.float32)
    onnx_path = os.path.join(out_dir, "digits.onnx")
    export(model, onnx_path)
    np.save(os.path.join(out_dir, "test_images.npy"), images)
    np.save(os.path.join(out_dir, "test_labels.npy"), labels)
    np.save(os.path.join(out_dir, "test_logits.npy"), logits)
    correct = int((logits.argmax(axis=1) == labels).sum())
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes) and "
          f"{len(images)} test images ({correct}/{len(images)} correct)")


if __name__ == "__main__":
    main()
