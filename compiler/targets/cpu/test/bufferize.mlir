// RUN: kiln-opt %s --split-input-file --kiln-cpu-bufferize | FileCheck %s

// Outputs are written in place, so kernels return nothing.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME:    (%[[A:.*]]: memref<64xf32>, %[[OUT:.*]]: memref<64xf32> {kiln.cpu.output = 0 : i64}, %{{.*}}: index {kiln.cpu.workgroup_id = 0 : i64}
// CHECK-NOT:     ->
// CHECK-NEXT:    linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[OUT]] : memref<64xf32>)
// CHECK-NEXT:    return{{$}}
func.func @elementwise(%a: tensor<64xf32>, %out: tensor<64xf32> {kiln.cpu.output = 0 : i64},
                       %x: index {kiln.cpu.workgroup_id = 0 : i64}, %y: index {kiln.cpu.workgroup_id = 1 : i64},
                       %z: index {kiln.cpu.workgroup_id = 2 : i64}) -> tensor<64xf32> {
  %r = linalg.exp ins(%a : tensor<64xf32>) outs(%out : tensor<64xf32>) -> tensor<64xf32>
  return %r : tensor<64xf32>
}

// -----

// Small static temporaries live on the stack.
// CHECK-LABEL: func.func @temporary
// CHECK:         %[[T:.*]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK:         linalg.exp ins(%{{.*}} : memref<64xf32>) outs(%[[T]] : memref<64xf32>)
// CHECK-NOT:     memref.dealloc
func.func @temporary(%a: tensor<64xf32>, %out: tensor<64xf32> {kiln.cpu.output = 0 : i64}) -> tensor<64xf32> {
  %e = tensor.empty() : tensor<64xf32>
  %t = linalg.exp ins(%a : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r = linalg.add ins(%t, %t : tensor<64xf32>, tensor<64xf32>) outs(%out : tensor<64xf32>) -> tensor<64xf32>
  return %r : tensor<64xf32>
}

// -----

// Inputs are never written: an op that would write its input in place gets
// a temporary instead.
// CHECK-LABEL: func.func @input_not_written
// CHECK-SAME:    (%[[A:.*]]: memref<64xf32>,
// CHECK:         %[[T:.*]] = memref.alloca()
// CHECK:         linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[T]] : memref<64xf32>)
func.func @input_not_written(%a: tensor<64xf32>, %out: tensor<64xf32> {kiln.cpu.output = 0 : i64}) -> tensor<64xf32> {
  %t = linalg.exp ins(%a : tensor<64xf32>) outs(%a : tensor<64xf32>) -> tensor<64xf32>
  %r = linalg.add ins(%t, %a : tensor<64xf32>, tensor<64xf32>) outs(%out : tensor<64xf32>) -> tensor<64xf32>
  return %r : tensor<64xf32>
}

// -----

// Dynamic temporaries are allocated on the heap and freed.
// CHECK-LABEL: func.func @dynamic_temporary
// CHECK:         %[[T:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xf32>
// CHECK:         linalg.exp ins(%{{.*}} : memref<?xf32>) outs(%[[T]] : memref<?xf32>)
// CHECK:         memref.dealloc %[[T]]
func.func @dynamic_temporary(%a: tensor<?xf32> {kexec.dims = array<i64: 0>},
                             %out: tensor<?xf32> {kexec.dims = array<i64: 0>, kiln.cpu.output = 0 : i64}) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %t = linalg.exp ins(%a : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %r = linalg.add ins(%t, %t : tensor<?xf32>, tensor<?xf32>) outs(%out : tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
