// RUN: kiln-opt %s --split-input-file --kiln-vulkan-stage-operands --mlir-print-local-scope | FileCheck %s

// A workgroup's 16x16 tile of a K = 64 matmul: four steps of 16, each
// copying its 16x16 tiles of A and B into temporaries at the kernel's entry
// (kiln-vulkan-distribute-to-invocations places them in workgroup memory).
// CHECK-LABEL: func.func @matmul
// CHECK-SAME:    %[[A:[^:]*]]: memref<16x64xf32>, %[[B:[^:]*]]: memref<64x16xf32>, %[[C:[^:]*]]: memref<16x16xf32>
// CHECK-DAG:     %[[SA:.*]] = memref.alloc() : memref<16x16xf32>
// CHECK-DAG:     %[[SB:.*]] = memref.alloc() : memref<16x16xf32>
// CHECK:         scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:           %[[TA:.*]] = memref.subview %[[A]][0, %[[K]]] [16, 16] [1, 1]
// CHECK:           %[[TB:.*]] = memref.subview %[[B]][%[[K]], 0] [16, 16] [1, 1]
// CHECK-DAG:       %[[VA:.*]] = memref.subview %{{.*}}[0, 0] [{{.*}}] [1, 1] : memref<16x16xf32> to
// CHECK-DAG:       %[[VB:.*]] = memref.subview %{{.*}}[0, 0] [{{.*}}] [1, 1] : memref<16x16xf32> to
// CHECK-DAG:       memref.copy %[[TA]], %[[VA]]
// CHECK-DAG:       memref.copy %[[TB]], %[[VB]]
// CHECK:           linalg.matmul ins(%[[VA]], %[[VB]] : {{.*}}) outs(%[[C]] : memref<16x16xf32>)
// CHECK-NOT:     memref.dealloc
func.func @matmul(%a: memref<16x64xf32>, %b: memref<64x16xf32>, %c: memref<16x16xf32>) {
  linalg.matmul ins(%a, %b : memref<16x64xf32>, memref<64x16xf32>) outs(%c : memref<16x16xf32>)
  return
}

// -----

// A reduction no longer than a step, and tiles so large that even one
// reduction index per step would not fit in 8 KiB, stay as they are.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT:     memref.alloc
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : memref<16x16xf32>, memref<16x16xf32>)
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : memref<2048x64xf32>, memref<64x2048xf32>)
func.func @untouched(%a: memref<16x16xf32>, %b: memref<16x16xf32>, %c: memref<16x16xf32>,
                     %d: memref<2048x64xf32>, %e: memref<64x2048xf32>, %f: memref<2048x2048xf32>) {
  linalg.matmul ins(%a, %b : memref<16x16xf32>, memref<16x16xf32>) outs(%c : memref<16x16xf32>)
  linalg.matmul ins(%d, %e : memref<2048x64xf32>, memref<64x2048xf32>) outs(%f : memref<2048x2048xf32>)
  return
}

// -----

// A wide tile takes fewer reduction indices per step: 4 for 256x256.
// CHECK-LABEL: func.func @wide
// CHECK-DAG:     memref.alloc() : memref<256x4xf32>
// CHECK-DAG:     memref.alloc() : memref<4x256xf32>
func.func @wide(%d: memref<256x64xf32>, %e: memref<64x256xf32>, %f: memref<256x256xf32>) {
  linalg.matmul ins(%d, %e : memref<256x64xf32>, memref<64x256xf32>) outs(%f : memref<256x256xf32>)
  return
}

// -----

// A partial last step (K = 40) copies a 16x8 corner of the staging buffers.
// CHECK-LABEL: func.func @partial_step
// CHECK-DAG:     memref.alloc() : memref<16x16xf32>
// CHECK-DAG:     memref.alloc() : memref<16x16xf32>
// CHECK:         scf.for
// CHECK:           affine.min
// CHECK:           memref.copy
// CHECK:           memref.copy
// CHECK:           linalg.matmul
func.func @partial_step(%a: memref<16x40xf32>, %b: memref<40x16xf32>, %c: memref<16x16xf32>) {
  linalg.matmul ins(%a, %b : memref<16x40xf32>, memref<40x16xf32>) outs(%c : memref<16x16xf32>)
  return
}

// -----

// A convolution steps over input channels (all 64 would take 16 KiB of
// input window): 16 at a time, each step's 16x3x3 filters and 16x6x10
// input window copied, the window's overlap shared by neighbouring pixels.
// CHECK-LABEL: func.func @convolution
// CHECK-DAG:     memref.alloc() : memref<1x16x6x10xf32>
// CHECK-DAG:     memref.alloc() : memref<1x16x3x3xf32>
// CHECK:         scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:           memref.subview %{{.*}}[0, %[[C]], 0, 0] [1, 16, 6, 10]
// CHECK:           memref.subview %{{.*}}[0, %[[C]], 0, 0] [1, 16, 3, 3]
// CHECK:           memref.copy
// CHECK:           memref.copy
// CHECK:           linalg.conv_2d_nchw_fchw
func.func @convolution(%x: memref<1x64x6x10xf32>, %w: memref<1x64x3x3xf32>, %y: memref<1x1x4x8xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x64x6x10xf32>, memref<1x64x3x3xf32>) outs(%y : memref<1x1x4x8xf32>)
  return
}
