# SPDX-License-Identifier: Apache-2.0
"""Output comparison as in ONNX's backend test runner
(onnx/backend/test/runner/__init__.py, `assert_similar_outputs`): the shapes
must be equal, then the dtypes, then strings must be equal and numbers
`np.testing.assert_allclose(actual, expected, rtol, atol)` close, which holds
where |actual - expected| <= atol + rtol * |expected|, NaN equals NaN and an
infinity equals the same infinity.
"""
import dataclasses

import numpy as np
import onnx
from onnx import numpy_helper

try:
    import ml_dtypes
    # Types NumPy lacks, which kiln-run writes as the f32 values they hold
    # (floats) or unpacked to int8/uint8 (4-bit integers): converting back
    # is exact.
    WRITTEN_AS = {np.dtype(getattr(ml_dtypes, name)): np.dtype(written) for name, written in [
        ("bfloat16", np.float32),
        ("float8_e4m3fn", np.float32),
        ("float8_e4m3fnuz", np.float32),
        ("float8_e5m2", np.float32),
        ("float8_e5m2fnuz", np.float32),
        ("float8_e8m0fnu", np.float32),
        ("float4_e2m1fn", np.float32),
        ("int4", np.int8),
        ("uint4", np.uint8),
    ] if hasattr(ml_dtypes, name)}  # older ml_dtypes lack the newest types
except ImportError:  # onnx >= 1.19 depends on ml_dtypes; older ones have no bf16 arrays
    WRITTEN_AS = {}


@dataclasses.dataclass
class Verdict:
    ok: bool
    detail: str = ""
    max_abs_error: float = None
    max_rel_error: float = None


def load_expected(pb_path):
    """The expected tensor of an output_<i>.pb file, as onnx's runner reads it."""
    tensor = onnx.TensorProto()
    with open(pb_path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def _shape(array):
    return "[" + ",".join(str(d) for d in array.shape) + "]"


def _dtype(array):
    return "string" if array.dtype == object else str(array.dtype)


def errors(actual, expected):
    """(max abs error, max rel error, values outside NaN agreement) over the
    elements, in float64; equal values (infinities included) and NaN pairs
    count as exact. The relative error skips expected zeros."""
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        nan_mismatch = np.isnan(a) != np.isnan(e)
        diff = np.abs(a - e)
        diff[(a == e) | (np.isnan(a) & np.isnan(e))] = 0.0
        measured = ~nan_mismatch
        max_abs = float(diff[measured].max()) if measured.any() else 0.0
        nonzero = measured & (e != 0)
        max_rel = float((diff[nonzero] / np.abs(e[nonzero])).max()) if nonzero.any() else 0.0
    return max_abs, max_rel, int(nan_mismatch.sum())


def compare(actual, expected, rtol, atol, label):
    """Compares one output; `label` names it in the detail ("output 0 'y'")."""
    if WRITTEN_AS.get(expected.dtype) == actual.dtype:
        # kiln-run writes bf16/float8/float4 outputs as the f32 values they
        # hold and 4-bit integers as int8/uint8 (NumPy has none of these), so
        # this conversion is exact.
        actual = actual.astype(expected.dtype)
    if actual.shape != expected.shape:
        return Verdict(False, f"{label}: shape {_shape(actual)}, expected {_shape(expected)}")
    if expected.dtype == object:
        if actual.dtype != object or not np.array_equal(actual, expected):
            return Verdict(False, f"{label}: strings differ")
        return Verdict(True)
    if actual.dtype != expected.dtype:
        return Verdict(False, f"{label}: dtype {_dtype(actual)}, expected {_dtype(expected)}")
    if actual.size == 0:
        return Verdict(True)
    try:
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)
        return Verdict(True)
    except AssertionError:
        pass
    max_abs, max_rel, nan_mismatch = errors(actual, expected)
    wide = lambda x: x.astype(np.float64)  # noqa: E731
    with np.errstate(invalid="ignore", over="ignore"):
        bad = int((~np.isclose(wide(actual), wide(expected), rtol=rtol, atol=atol,
                               equal_nan=True)).sum())
    detail = (f"{label}: {bad} of {actual.size} values differ, max abs error {max_abs:.3g}, "
              f"max rel error {max_rel:.3g} (rtol {rtol:g}, atol {atol:g})")
    if nan_mismatch:
        detail += f", {nan_mismatch} NaN where the other is not"
    return Verdict(False, detail, max_abs, max_rel)
