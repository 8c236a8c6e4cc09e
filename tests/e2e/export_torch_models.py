#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Exports real model architectures (random weights) to ONNX with Debian's
torch and torchvision, for Kiln's end-to-end tests and benchmarks.

Runs under Debian's /usr/bin/python3 (python3-torch, python3-torchvision);
nothing is downloaded. Existing files are kept, so the build folder caches
them.

  export_torch_models.py OUT_DIR [NAME...]
"""
import os
import sys

import torch
import torchvision

torch.manual_seed(0)
OPSET = 17


class Encoder(torch.nn.Module):
    """A BERT-like encoder: token embedding, positions, TransformerEncoder."""

    def __init__(self, vocab=1000, d_model=256, heads=4, layers=2, seq=128, causal=False):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, d_model)
        self.pos = torch.nn.Parameter(torch.randn(1, seq, d_model) * 0.02)
        layer = torch.nn.TransformerEncoderLayer(
            d_model, heads, dim_feedforward=4 * d_model, batch_first=True,
            activation="gelu", norm_first=causal)
        self.encoder = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.causal = causal
        if causal:
            self.head = torch.nn.Linear(d_model, vocab)
            mask = torch.triu(torch.full((seq, seq), float("-inf")), diagonal=1)
            self.register_buffer("mask", mask)
        # TransformerEncoder clones one layer, so every layer would start with
        # the same weights, which the ONNX exporter then stores once and
        # shares: draw each weight matrix afresh (BERT's N(0, 0.02)).
        for parameter in self.parameters():
            if parameter.dim() == 2:
                torch.nn.init.normal_(parameter, std=0.02)

    def forward(self, ids):
        x = self.embed(ids) + self.pos[:, : ids.shape[1]]
        if self.causal:
            n = ids.shape[1]
            return self.head(self.encoder(x, mask=self.mask[:n, :n]))
        return self.encoder(x)


class LSTMModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(32, 64, num_layers=2)
        self.head = torch.nn.Linear(64, 10)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.head(y[-1])


def image_model(builder):
    model = builder(weights=None).eval()
    # torchvision starts ViT's classifier at zero: every output would be 0
    # and the comparison with onnxruntime meaningless.
    for module in getattr(model, "heads", torch.nn.Sequential()).modules():
        if isinstance(module, torch.nn.Linear):
            torch.nn.init.normal_(module.weight, std=0.02)
    return model, torch.randn(1, 3, 224, 224), {0: "batch"}


MODELS = {
    "resnet18": lambda: image_model(torchvision.models.resnet18),
    "resnet50": lambda: image_model(torchvision.models.resnet50),
    "mobilenet_v2": lambda: image_model(torchvision.models.mobilenet_v2),
    "efficientnet_b0": lambda: image_model(torchvision.models.efficientnet_b0),
    "vit_b_16": lambda: image_model(torchvision.models.vit_b_16),
    "bert_like": lambda: (Encoder().eval(), torch.randint(0, 1000, (1, 128)), {0: "batch", 1: "seq"}),
    "gpt2_like": lambda: (Encoder(causal=True).eval(), torch.randint(0, 1000, (1, 128)), {0: "batch", 1: "seq"}),
    "lstm": lambda: (LSTMModel().eval(), torch.randn(16, 1, 32), {0: "seq", 1: "batch"}),
}


def export(name, path):
    model, example, dynamic = MODELS[name]()
    # Gradients stay enabled: torch's fused attention fast path, which the
    # ONNX exporter cannot export, only runs without them.
    torch.onnx.export(model, (example,), path, opset_version=OPSET,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": dynamic})


def main():
    out = sys.argv[1]
    names = sys.argv[2:] or [n for n in MODELS if n != "resnet50"]
    os.makedirs(out, exist_ok=True)
    for name in names:
        path = os.path.join(out, name + ".onnx")
        if os.path.exists(path):
            continue
        tmp = path + ".tmp"
        export(name, tmp)
        os.replace(tmp, path)
        print(f"exported {name} -> {path}")


if __name__ == "__main__":
    main()
