// SPDX-License-Identifier: Apache-2.0
//===- KilnSignalOps.td - ONNX signal-processing operators -----*- tablegen -*-===//
//
// Discrete Fourier transforms (DFT, STFT), window generators and the mel
// filter bank. Complex values are stored as a trailing dim of 2 (real,
// imaginary); a real input has a trailing dim of 1 instead.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNSIGNALOPS_TD
#define KILN_DIALECT_KILN_IR_KILNSIGNALOPS_TD

include "KilnBase.td"

//===----------------------------------------------------------------------===//
// Fourier transforms
//===----------------------------------------------------------------------===//

def Kiln_DFTOp : Kiln_InferOp<"dft", [Pure, AttrSizedOperandSegments]> {
  let summary = "discrete Fourier transform along one axis (ONNX DFT)";
  let description = [{
    `input` is `[signal_dim0]...[signal_dimN][1]` (real) or `[...][2]`
    (complex); the result is always complex, `[...][2]`, of the input's
    element type. The transform runs along `axis`, which is in
    `[-r, -2]` or `[0, r - 2]` for an input of rank `r` (the last dim is not
    a signal axis). The signal is zero-padded or truncated to `dft_length`
    (default: the axis dim). `inverse` computes the inverse transform
    (scaled by `1 / dft_length`); `onesided` keeps only the
    `floor(dft_length / 2) + 1` non-redundant frequencies. `inverse` and
    `onesided` are exclusive.

    ONNX DFT 17-19 takes `axis` as an attribute (default 1), DFT 20+ as an
    optional scalar input (default -2). The importer stores a constant axis
    in the `axis` attribute and keeps a computed one as the operand
    `axis_input`; the two are exclusive, and with neither the axis is -2.

    ```mlir
    %y = kiln.dft %x {axis = 1 : i64, onesided = 1 : i64}
        : (tensor<2x16x1xf32>) -> tensor<2x9x2xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input,
                       Optional<Kiln_IndexTensor>:$dft_length,
                       Optional<Kiln_I64Tensor>:$axis_input,
                       OptionalAttr<I64Attr>:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$inverse,
                       DefaultValuedAttr<I64Attr, "0">:$onesided);
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`dft_length` `(` $dft_length^ `)`)? (`axis_input` `(` $axis_input^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_STFTOp : Kiln_InferOp<"stft", [Pure, AttrSizedOperandSegments]> {
  let summary = "short-time Fourier transform (ONNX STFT)";
  let description = [{
    `signal` is `[batch][signal_length][1]` (real) or `[...][2]` (complex).
    Frames of `frame_length` samples start every `frame_step` samples, are
    multiplied by `window` (rank 1, default all ones) and transformed; the
    result is `[batch][frames][bins][2]` with
    `frames = 1 + (signal_length - frame_length) / frame_step` and
    `bins = frame_length / 2 + 1` when `onesided` (the default), else
    `frame_length`. `frame_length` defaults to the window's length, or to
    the signal length when there is no window either; when both are given
    they agree.

    ```mlir
    %y = kiln.stft %signal, %step window(%window)
        : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x15x9x2xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$signal,
                       Kiln_IndexTensor:$frame_step,
                       Optional<Kiln_FloatTensor>:$window,
                       Optional<Kiln_IndexTensor>:$frame_length,
                       DefaultValuedAttr<I64Attr, "1">:$onesided);
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = [{
    $signal `,` $frame_step (`window` `(` $window^ `)`)?
    (`frame_length` `(` $frame_length^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Window generators
//===----------------------------------------------------------------------===//

// A generalized cosine window of `size` points,
// `w[n] = a0 - a1 * cos(2 pi n / N) + a2 * cos(4 pi n / N)` with `N = size`
// when `periodic` (the default), else `size - 1`, of element type
// `output_datatype`. The result has `size` elements, a static dim when `size`
// is a constant; a constant `size` with a float result folds.
class KilnSignal_WindowOp<string mnemonic, list<Trait> traits = []>
    : Kiln_InferOp<mnemonic, !listconcat(traits, [Pure])> {
  let arguments = (ins Kiln_IndexTensor:$size,
                       TypeAttrOf<Kiln_NumericType>:$output_datatype,
                       DefaultValuedAttr<I64Attr, "1">:$periodic);
  let results = (outs Kiln_NumericTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_HannWindowOp : KilnSignal_WindowOp<"hann_window"> {
  let summary = "a Hann window (ONNX HannWindow)";
  let description = [{
    `w[n] = 0.5 - 0.5 * cos(2 pi n / N)` for `n` in `[0, size)`, with
    `N = size` when `periodic` (the default), else `size - 1`; the result
    has element type `output_datatype` (the importer's default: f32).

    ```mlir
    %w = kiln.hann_window %size {output_datatype = f32} : (tensor<i64>) -> tensor<?xf32>
    ```
  }];
}

def Kiln_HammingWindowOp : KilnSignal_WindowOp<"hamming_window"> {
  let summary = "a Hamming window (ONNX HammingWindow)";
  let description = [{
    `w[n] = 25/46 - 21/46 * cos(2 pi n / N)` for `n` in `[0, size)`, with
    `N = size` when `periodic` (the default), else `size - 1`; the result
    has element type `output_datatype` (the importer's default: f32).

    ```mlir
    %w = kiln.hamming_window %size {output_datatype = f16, periodic = 0 : i64}
        : (tensor<i32>) -> tensor<?xf16>
    ```
  }];
}

def Kiln_BlackmanWindowOp : KilnSignal_WindowOp<"blackman_window"> {
  let summary = "a Blackman window (ONNX BlackmanWindow)";
  let description = [{
    `w[n] = 0.42 - 0.5 * cos(2 pi n / N) + 0.08 * cos(4 pi n / N)` for `n`
    in `[0, size)`, with `N = size` when `periodic` (the default), else
    `size - 1`; the result has element type `output_datatype` (the
    importer's default: f32).

    ```mlir
    %w = kiln.blackman_window %size {output_datatype = f64} : (tensor<i64>) -> tensor<?xf64>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// MelWeightMatrix
//===----------------------------------------------------------------------===//

def Kiln_MelWeightMatrixOp : Kiln_InferOp<"mel_weight_matrix", [Pure]> {
  let summary = "a mel filter bank matrix (ONNX MelWeightMatrix)";
  let description = [{
    A `[dft_length / 2 + 1][num_mel_bins]` matrix of element type
    `output_datatype` (the importer's default: f32) whose columns are
    triangular filters, evenly spaced on the mel scale
    `mel(f) = 2595 * log10(1 + f / 700)` between `lower_edge_hertz` and
    `upper_edge_hertz`, over the spectrum bins of a `dft_length`-point DFT
    of a signal sampled at `sample_rate`. Right-multiplying a
    `[frames][dft_length / 2 + 1]` spectrogram by it gives a mel
    spectrogram. The operands are scalars; the shape is static where
    `num_mel_bins` and `dft_length` are constants.

    ```mlir
    %m = kiln.mel_weight_matrix %bins, %n, %rate, %low, %high {output_datatype = f32}
        : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Kiln_IndexTensor:$num_mel_bins,
                       Kiln_IndexTensor:$dft_length,
                       Kiln_IndexTensor:$sample_rate,
                       Kiln_FloatTensor:$lower_edge_hertz,
                       Kiln_FloatTensor:$upper_edge_hertz,
                       TypeAttrOf<Kiln_NumericType>:$output_datatype);
  let results = (outs Kiln_NumericTensor:$output);
}

#endif // KILN_DIALECT_KILN_IR_KILNSIGNALOPS_TD
