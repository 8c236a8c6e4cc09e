// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-vulkan-distribute-to-invocations

// expected-error @+1 {{needs 32768 bytes of temporaries in workgroup memory (Vulkan guarantees 16384)}}
func.func @too_much_workgroup_memory(%a: memref<8192xf32>, %b: memref<8192xf32>) {
  %tmp = memref.alloc() : memref<8192xf32>
  linalg.exp ins(%a : memref<8192xf32>) outs(%tmp : memref<8192xf32>)
  linalg.exp ins(%tmp : memref<8192xf32>) outs(%b : memref<8192xf32>)
  return
}
