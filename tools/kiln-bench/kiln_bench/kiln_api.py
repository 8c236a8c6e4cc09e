# SPDX-License-Identifier: Apache-2.0
"""A ctypes binding of the part of Kiln's runtime C API (kiln/kiln.h) the
bench needs: load a model, create a session with a thread count, bind numpy
inputs, run, and read outputs back as numpy arrays.

Errors of the C API become KilnError with the status's one-line message.
"""
import ctypes

import numpy as np

# kiln_dtype_t values (runtime/include/kiln/kiln.h) of the dtypes the suite uses.
_DTYPES = {
    0: np.float32, 1: np.float16, 3: np.float64, 4: np.int8, 5: np.int16, 6: np.int32,
    7: np.int64, 8: np.uint8, 9: np.uint16, 10: np.uint32, 11: np.uint64, 12: np.bool_,
}
_CODES = {np.dtype(v): k for k, v in _DTYPES.items()}


class KilnError(RuntimeError):
    pass


class _TensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int), ("rank", ctypes.c_size_t),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("dim_names", ctypes.POINTER(ctypes.c_char_p))]


def _declare(lib):
    p = ctypes.c_void_p
    status = ctypes.c_void_p
    signatures = {
        "kiln_status_message": (ctypes.c_char_p, [status]),
        "kiln_status_code_name": (ctypes.c_char_p, [ctypes.c_int]),
        "kiln_status_code": (ctypes.c_int, [status]),
        "kiln_status_release": (None, [status]),
        "kiln_version": (ctypes.c_char_p, []),
        "kiln_model_load_file": (status, [ctypes.c_char_p, ctypes.POINTER(p)]),
        "kiln_model_release": (None, [p]),
        "kiln_model_input_count": (ctypes.c_size_t, [p, ctypes.c_size_t]),
        "kiln_model_output_count": (ctypes.c_size_t, [p, ctypes.c_size_t]),
        "kiln_model_input_info": (status, [p, ctypes.c_size_t, ctypes.c_size_t,
                                           ctypes.POINTER(_TensorInfo)]),
        "kiln_model_output_info": (status, [p, ctypes.c_size_t, ctypes.c_size_t,
                                            ctypes.POINTER(_TensorInfo)]),
        "kiln_session_options_create": (status, [ctypes.POINTER(p)]),
        "kiln_session_options_release": (None, [p]),
        "kiln_session_options_set_thread_count": (status, [p, ctypes.c_int32]),
        "kiln_session_create": (status, [p, p, ctypes.POINTER(p)]),
        "kiln_session_release": (None, [p]),
        "kiln_session_function": (ctypes.c_size_t, [p]),
        "kiln_session_bind_input": (status, [p, ctypes.c_char_p, p]),
        "kiln_session_run": (status, [p]),
        "kiln_session_get_output": (status, [p, ctypes.c_char_p, ctypes.POINTER(p)]),
        "kiln_tensor_create": (status, [ctypes.c_int, ctypes.POINTER(ctypes.c_int64),
                                        ctypes.c_size_t, ctypes.POINTER(p)]),
        "kiln_tensor_release": (None, [p]),
        "kiln_tensor_dtype": (ctypes.c_int, [p]),
        "kiln_tensor_rank": (ctypes.c_size_t, [p]),
        "kiln_tensor_shape": (ctypes.POINTER(ctypes.c_int64), [p]),
        "kiln_tensor_byte_size": (ctypes.c_size_t, [p]),
        "kiln_tensor_data": (ctypes.c_void_p, [p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


class Runtime:
    """libkiln_runtime.so, loaded once."""

    def __init__(self, path):
        try:
            self.lib = ctypes.CDLL(path)
        except OSError as error:
            raise KilnError(f"cannot load the Kiln runtime {path}: {error}") from None
        _declare(self.lib)

    def check(self, status, what):
        if status:
            code = self.lib.kiln_status_code(status)
            message = self.lib.kiln_status_message(status).decode(errors="replace")
            name = self.lib.kiln_status_code_name(code).decode()
            self.lib.kiln_status_release(status)
            raise KilnError(f"{what}: {name}: {message}")

    def version(self):
        return self.lib.kiln_version().decode()


class Session:
    """A model loaded from a .kiln file and one session on its main function."""

    def __init__(self, runtime, path, threads):
        self.rt = runtime
        lib = runtime.lib
        self.model = ctypes.c_void_p()
        self.session = ctypes.c_void_p()
        self.inputs = {}
        runtime.check(lib.kiln_model_load_file(path.encode(), ctypes.byref(self.model)),
                      f"loading {path}")
        options = ctypes.c_void_p()
        runtime.check(lib.kiln_session_options_create(ctypes.byref(options)), "session options")
        try:
            runtime.check(lib.kiln_session_options_set_thread_count(options, threads),
                          f"thread count {threads}")
            runtime.check(lib.kiln_session_create(self.model, options, ctypes.byref(self.session)),
                          f"creating a session on {path}")
        finally:
            lib.kiln_session_options_release(options)
        function = lib.kiln_session_function(self.session)
        self.input_names = self._names(lib.kiln_model_input_count, lib.kiln_model_input_info,
                                       function)
        self.output_names = self._names(lib.kiln_model_output_count, lib.kiln_model_output_info,
                                        function)

    def _names(self, count, info_of, function):
        names = []
        for i in range(count(self.model, function)):
            info = _TensorInfo()
            self.rt.check(info_of(self.model, function, i, ctypes.byref(info)), "signature")
            names.append(info.name.decode())
        return names

    def bind_input(self, name, array):
        """Copies `array` into a runtime-owned (aligned) tensor bound to `name`."""
        array = np.ascontiguousarray(array)
        if array.dtype not in _CODES:
            raise KilnError(f"input '{name}': dtype {array.dtype} is not supported by the bench")
        shape = (ctypes.c_int64 * max(array.ndim, 1))(*array.shape)
        tensor = ctypes.c_void_p()
        lib = self.rt.lib
        self.rt.check(lib.kiln_tensor_create(_CODES[array.dtype], shape, array.ndim,
                                             ctypes.byref(tensor)), f"input '{name}'")
        try:
            ctypes.memmove(lib.kiln_tensor_data(tensor), array.ctypes.data, array.nbytes)
            self.rt.check(lib.kiln_session_bind_input(self.session, name.encode(), tensor),
                          f"binding input '{name}'")
        finally:
            lib.kiln_tensor_release(tensor)  # the session keeps its own reference

    def run(self):
        self.rt.check(self.rt.lib.kiln_session_run(self.session), "run")

    def output(self, name):
        """A numpy copy of output `name` of the last run."""
        lib = self.rt.lib
        tensor = ctypes.c_void_p()
        self.rt.check(lib.kiln_session_get_output(self.session, name.encode(),
                                                  ctypes.byref(tensor)), f"output '{name}'")
        try:
            code = lib.kiln_tensor_dtype(tensor)
            if code not in _DTYPES:
                raise KilnError(f"output '{name}': dtype code {code} is not supported by the bench")
            rank = lib.kiln_tensor_rank(tensor)
            shape = tuple(lib.kiln_tensor_shape(tensor)[i] for i in range(rank))
            result = np.empty(shape, dtype=_DTYPES[code])
            ctypes.memmove(result.ctypes.data, lib.kiln_tensor_data(tensor), result.nbytes)
            return result
        finally:
            lib.kiln_tensor_release(tensor)

    def close(self):
        self.rt.lib.kiln_session_release(self.session)
        self.rt.lib.kiln_model_release(self.model)
        self.session = self.model = None
