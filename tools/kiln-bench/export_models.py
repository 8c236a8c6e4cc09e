#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Exports kiln-bench's suite to ONNX with Debian's torch (random weights).

Runs under /usr/bin/python3 (python3-torch 1.13, python3-torchvision);
nothing is downloaded. A model whose .onnx file exists is skipped, so the
cache folder keeps them between runs. Each model has one input, "input",
whose dim 0 is the symbolic "batch" (one file serves every batch size; the
bench fixes it per configuration) and one output, "output".

  export_models.py OUT_DIR [NAME...]      (default: the whole suite)
"""
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiln_bench.suite import SUITE  # noqa: E402

OPSET = 17


class Transformer(torch.nn.Module):
    """A BERT-style encoder or, with `causal`, a GPT-2-style decoder.

    Token and learned position embeddings, then torch's TransformerEncoder
    layers (GELU, feed-forward 4x hidden). The encoder is post-norm with a
    LayerNorm on the embeddings, as BERT; the decoder is pre-norm with a final
    LayerNorm, a causal mask and a language-model head tied to the token
    embedding, as GPT-2, and returns the logits of every position (prefill).
    """

    def __init__(self, vocab, seq, d_model=768, heads=12, layers=12, causal=False):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, d_model)
        self.pos = torch.nn.Parameter(torch.randn(1, seq, d_model) * 0.02)
        layer = torch.nn.TransformerEncoderLayer(
            d_model, heads, dim_feedforward=4 * d_model, dropout=0.0, batch_first=True,
            activation="gelu", norm_first=causal)
        self.layers = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = torch.nn.LayerNorm(d_model)
        self.causal = causal
        if causal:
            self.head = torch.nn.Linear(d_model, vocab, bias=False)
            self.head.weight = self.embed.weight
            self.register_buffer(
                "mask", torch.triu(torch.full((seq, seq), float("-inf")), diagonal=1))
        # TransformerEncoder clones one layer, so every layer starts with the
        # same weights, which the ONNX exporter would then store once and share:
        # draw each weight matrix afresh (GPT-2's and BERT's N(0, 0.02)).
        for parameter in self.parameters():
            if parameter.dim() == 2:
                torch.nn.init.normal_(parameter, std=0.02)

    def forward(self, ids):
        x = self.embed(ids) + self.pos
        if self.causal:
            return self.head(self.norm(self.layers(x, mask=self.mask)))
        return self.layers(self.norm(x))


def vit_b_16():
    model = torchvision.models.vit_b_16(weights=None)
    # torchvision starts the classifier at zero, which would make every
    # output 0 and the output check meaningless.
    for module in model.heads.modules():
        if isinstance(module, torch.nn.Linear):
            torch.nn.init.normal_(module.weight, std=0.02)
    return model


BUILDERS = {
    "resnet50": lambda: torchvision.models.resnet50(weights=None),
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(weights=None),
    "efficientnet_b0": lambda: torchvision.models.efficientnet_b0(weights=None),
    "vit_b_16": vit_b_16,
    "bert_base": lambda: Transformer(SUITE["bert_base"].vocab, SUITE["bert_base"].shape[0]),
    "gpt2_small": lambda: Transformer(SUITE["gpt2_small"].vocab, SUITE["gpt2_small"].shape[0],
                                      causal=True),
}


def example_input(spec):
    shape = spec.input_shape(1)
    if spec.dtype == "int64":
        return torch.randint(0, spec.vocab, shape, dtype=torch.int64)
    return torch.randn(shape)


def export(name, path):
    torch.manual_seed(0)
    model = BUILDERS[name]().eval()
    # Gradients stay enabled: torch's fused attention fast path, which the
    # ONNX exporter cannot export, only runs without them.
    torch.onnx.export(model, (example_input(SUITE[name]),), path, opset_version=OPSET,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    out, names = argv[0], argv[1:] or list(SUITE)
    for name in names:
        if name not in BUILDERS:
            print(f"export_models.py: error: unknown model '{name}' (models: "
                  f"{', '.join(BUILDERS)})", file=sys.stderr)
            return 2
    os.makedirs(out, exist_ok=True)
    for name in names:
        path = os.path.join(out, name + ".onnx")
        if os.path.exists(path):
            continue
        tmp = path + ".tmp"
        export(name, tmp)
        os.replace(tmp, path)
        print(f"exported {name} -> {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
