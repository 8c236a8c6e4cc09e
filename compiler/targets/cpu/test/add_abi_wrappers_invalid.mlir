// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-cpu-add-abi-wrappers

// expected-error @+1 {{kernel 'no_dims': argument 0: dynamic dims need a 'kexec.dims' attribute}}
func.func @no_dims(%a: memref<?xf32>) {
  return
}

// -----

// expected-error @+1 {{kernel 'short_dims': argument 0: 'kexec.dims' has 1 entries for rank 2}}
func.func @short_dims(%a: memref<?x4xf32> {kexec.dims = array<i64: 0>}) {
  return
}

// -----

// expected-error @+1 {{kernel 'static_indexed': argument 0: static dim 1 has a dims-table index}}
func.func @static_indexed(%a: memref<?x4xf32> {kexec.dims = array<i64: 0, 1>}) {
  return
}

// -----

// expected-error @+1 {{kernel 'with_result' still has results}}
func.func @with_result(%a: memref<4xf32>) -> memref<4xf32> {
  return %a : memref<4xf32>
}

// -----

// expected-error @+1 {{kernel 'unplaced_size': scalar argument 0 needs a 'kexec.dim' dims-table index}}
func.func @unplaced_size(%n: index) {
  return
}
