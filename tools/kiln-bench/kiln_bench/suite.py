# SPDX-License-Identifier: Apache-2.0
"""The benchmark suite: each model's ONNX input and how to fill it.

Plain data without imports beyond the standard library: export_models.py
reads it under Debian's Python (torch, no numpy of the venv) and the bench
under the venv's (numpy, onnxruntime, no torch).

Every model is exported with one input called "input" whose dim 0 is the
symbolic "batch"; every other dim is fixed.
"""
from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class ModelSpec:
    name: str
    # The input's shape without the batch dim.
    shape: Tuple[int, ...]
    # "float32" (standard normal values) or "int64" (token ids in [0, vocab)).
    dtype: str
    vocab: int = 0
    description: str = ""

    def input_shape(self, batch):
        return (batch,) + self.shape


BERT_VOCAB = 30522
GPT2_VOCAB = 50257
SEQUENCE = 128

SUITE = {
    spec.name: spec
    for spec in (
        ModelSpec("resnet50", (3, 224, 224), "float32",
                  description="torchvision ResNet-50"),
        ModelSpec("mobilenet_v2", (3, 224, 224), "float32",
                  description="torchvision MobileNetV2"),
        ModelSpec("efficientnet_b0", (3, 224, 224), "float32",
                  description="torchvision EfficientNet-B0"),
        ModelSpec("vit_b_16", (3, 224, 224), "float32",
                  description="torchvision ViT-B/16 (classifier head re-initialized at random)"),
        ModelSpec("bert_base", (SEQUENCE,), "int64", vocab=BERT_VOCAB,
                  description="BERT-base-sized encoder: 12 layers, hidden 768, 12 heads, "
                              "sequence 128"),
        ModelSpec("gpt2_small", (SEQUENCE,), "int64", vocab=GPT2_VOCAB,
                  description="GPT-2-small-sized decoder, prefill: 12 pre-norm causal layers, "
                              "hidden 768, 12 heads, sequence 128, logits over 50257 tokens"),
    )
}
