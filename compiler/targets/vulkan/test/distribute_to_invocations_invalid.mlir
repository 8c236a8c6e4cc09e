// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-vulkan-distribute-to-invocations

func.func @dynamic_temporary(%a: memref<?xf32>, %b: memref<?xf32>, %n: index) {
  // expected-error @+1 {{needs a dense temporary of bounded size}}
  %tmp = memref.alloc(%n) : memref<?xf32>
  linalg.exp ins(%a : memref<?xf32>) outs(%tmp : memref<?xf32>)
  linalg.exp ins(%tmp : memref<?xf32>) outs(%b : memref<?xf32>)
  return
}
