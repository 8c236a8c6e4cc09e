// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-vulkan-outline-gpu-kernels

// expected-error @+1 {{argument 0 has a dynamic size without a dims table entry (kexec.dims)}}
func.func @dynamic(%a: memref<?xf32>) {
  return
}

// -----

// expected-error @+1 {{argument 0 is not a buffer}}
func.func @scalar(%a: f32) {
  return
}
