// RUN: kiln-opt %s --split-input-file --kiln-vulkan-distribute-to-invocations="workgroup-size=64" --canonicalize --mlir-print-local-scope | FileCheck %s

// An elementwise op: every invocation takes every 64th element of the
// linearized iteration space, starting at its id.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME:    %[[A:[^:]*]]: memref<3x20xf32>, %[[B:[^:]*]]: memref<3x20xf32>
// CHECK-DAG:     %[[C60:.*]] = arith.constant 60 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C20:.*]] = arith.constant 20 : index
// CHECK:         %[[TID:.*]] = gpu.thread_id x
// CHECK:         scf.for %[[I:.*]] = %[[TID]] to %[[C60]] step %[[C64]] {
// CHECK-DAG:       %[[COL:.*]] = arith.remui %[[I]], %[[C20]]
// CHECK-DAG:       %[[ROW:.*]] = arith.divui %[[I]], %[[C20]]
// CHECK:           %[[X:.*]] = memref.load %[[A]][%[[ROW]], %[[COL]]]
// CHECK:           %[[Y:.*]] = math.exp %[[X]]
// CHECK:           memref.store %[[Y]], %[[B]][%[[ROW]], %[[COL]]]
// CHECK-NOT:     gpu.barrier
func.func @elementwise(%a: memref<3x20xf32>, %b: memref<3x20xf32>) {
  linalg.exp ins(%a : memref<3x20xf32>) outs(%b : memref<3x20xf32>)
  return
}

// -----

// A reduction over the outer dim: the fill and the reduction are two steps
// with a barrier between them; the parallel dim is distributed and the
// reduction runs in order inside, its accumulator in a register.
// CHECK-LABEL: func.func @column_sum
// CHECK:         %[[TID:.*]] = gpu.thread_id x
// CHECK:         scf.for %[[I:.*]] = %[[TID]] to %{{.*}} step %{{.*}} {
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[I]]] : memref<5xf32>
// CHECK:         gpu.barrier
// CHECK:         scf.for %[[J:.*]] = %[[TID]] to %{{.*}} step %{{.*}} {
// CHECK:           %[[INIT:.*]] = memref.load %{{.*}}[%[[J]]] : memref<5xf32>
// CHECK:           %[[SUM:.*]] = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK:             memref.load %{{.*}}[%[[K]], %[[J]]] : memref<4x5xf32>
// CHECK:             arith.addf %{{.*}}, %[[ACC]]
// CHECK:           memref.store %[[SUM]], %{{.*}}[%[[J]]] : memref<5xf32>
func.func @column_sum(%a: memref<4x5xf32>, %b: memref<5xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%b : memref<5xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<4x5xf32>) outs(%b : memref<5xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A temporary moves to workgroup memory. A reduction without parallel
// loops (a sum into a scalar) carries its accumulator through the loop and
// only invocation 0 writes the result.
// CHECK-LABEL: func.func @temporary
// CHECK:         %[[TID:.*]] = gpu.thread_id x
// CHECK:         %[[FIRST:.*]] = arith.cmpi eq, %[[TID]], %{{.*}}
// CHECK:         %[[TMP:.*]] = memref.alloc() : memref<8xf32, 3>
// CHECK:         scf.for %{{.*}} = %[[TID]]
// CHECK:           memref.store %{{.*}}, %[[TMP]]
// Reading the output needs no barrier after writes to the temporary only.
// CHECK:         %[[INIT:.*]] = memref.load %{{.*}}[] : memref<f32>
// CHECK-NEXT:    gpu.barrier
// CHECK:         %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK:           memref.load %[[TMP]]
// CHECK:         scf.if %[[FIRST]] {
// CHECK:           memref.store %[[SUM]], %{{.*}}[] : memref<f32>
// CHECK-NOT:     memref.dealloc
func.func @temporary(%a: memref<8xf32>, %b: memref<f32>) {
  %tmp = memref.alloc() : memref<8xf32>
  linalg.exp ins(%a : memref<8xf32>) outs(%tmp : memref<8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>],
                  iterator_types = ["reduction"]}
      ins(%tmp : memref<8xf32>) outs(%b : memref<f32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  memref.dealloc %tmp : memref<8xf32>
  return
}

// -----

// Temporaries beyond the 16 KiB of workgroup memory become scratch
// buffers, one more argument each with a slice per workgroup ([2, ...] for
// a grid of two), indexed by the workgroup's id.
// CHECK-LABEL: func.func @scratch
// CHECK-SAME:    %[[X:[^:]*]]: index {kiln.cpu.workgroup_id = 0 : i64}
// CHECK-SAME:    %[[SCRATCH:[^:]*]]: memref<2x8192xf32> {kiln.vulkan.scratch}
// CHECK:         %[[WG:.*]] = arith.addi %{{.*}}, %[[X]] : index
// CHECK:         memref.store %{{.*}}, %[[SCRATCH]][%[[WG]], %{{.*}}] : memref<2x8192xf32>
// CHECK:         gpu.barrier
// CHECK:         memref.load %[[SCRATCH]][%[[WG]], %{{.*}}] : memref<2x8192xf32>
func.func @scratch(%a: memref<8192xf32>, %b: memref<8192xf32>,
                   %x: index {kiln.cpu.workgroup_id = 0 : i64},
                   %y: index {kiln.cpu.workgroup_id = 1 : i64},
                   %z: index {kiln.cpu.workgroup_id = 2 : i64})
    attributes {kiln.cpu.workgroup_count = array<i64: 2, 1, 1>} {
  %tmp = memref.alloc() : memref<8192xf32>
  linalg.exp ins(%a : memref<8192xf32>) outs(%tmp : memref<8192xf32>)
  linalg.exp ins(%tmp : memref<8192xf32>) outs(%b : memref<8192xf32>)
  return
}

// -----

// A constant table (a memref.global) becomes a temporary invocation 0
// fills before the loops read it.
memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]>
// CHECK-LABEL: func.func @constant_table
// CHECK:         %[[TABLE:.*]] = memref.alloc() : memref<2xf32, 3>
// CHECK:         scf.if
// CHECK-DAG:       memref.store %{{.*}}, %[[TABLE]][%{{.*}}] : memref<2xf32, 3>
// CHECK-DAG:       memref.store %{{.*}}, %[[TABLE]][%{{.*}}] : memref<2xf32, 3>
// CHECK:         gpu.barrier
// CHECK:         memref.load %[[TABLE]]
func.func @constant_table(%a: memref<2xf32>, %b: memref<2xf32>) {
  %t = memref.get_global @table : memref<2xf32>
  linalg.add ins(%a, %t : memref<2xf32>, memref<2xf32>) outs(%b : memref<2xf32>)
  return
}

// -----

// A recurrence (a sequential loop around parallel work, an RNN's time
// steps): every invocation runs the loop, its body is distributed, and each
// iteration ends with a barrier so the next one sees its writes.
// CHECK-LABEL: func.func @recurrence
// CHECK:         %[[TID:.*]] = gpu.thread_id x
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           scf.for %{{.*}} = %[[TID]] to
// CHECK:             memref.store
// CHECK:           gpu.barrier
// CHECK:           scf.yield
func.func @recurrence(%h: memref<16xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %t = %c0 to %steps step %c1 iter_args(%acc = %zero) -> (f32) {
    scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
      %x = memref.load %h[%i] : memref<16xf32>
      %y = math.tanh %x : f32
      memref.store %y, %h[%i] : memref<16xf32>
      scf.reduce
    }
    %first = memref.load %h[%c0] : memref<16xf32>
    %next = arith.addf %acc, %first : f32
    scf.yield %next : f32
  }
  memref.store %r, %h[%c0] : memref<16xf32>
  return
}

// -----

// A temporary of one iteration of a sequential loop (a recurrence's gates)
// is one buffer for all iterations, in workgroup memory.
// CHECK-LABEL: func.func @temporary_per_step
// CHECK:         %[[GATES:.*]] = memref.alloc() : memref<16xf32, 3>
// CHECK:         scf.for
// CHECK:           memref.store %{{.*}}, %[[GATES]]
// CHECK:           gpu.barrier
// CHECK:           memref.load %[[GATES]]
// CHECK-NOT:     memref.dealloc
func.func @temporary_per_step(%x: memref<4x16xf32>, %h: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %t = %c0 to %c4 step %c1 {
    %gates = memref.alloc() : memref<16xf32>
    %row = memref.subview %x[%t, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    linalg.add ins(%row, %h : memref<16xf32, strided<[1], offset: ?>>, memref<16xf32>) outs(%gates : memref<16xf32>)
    linalg.tanh ins(%gates : memref<16xf32>) outs(%h : memref<16xf32>)
    memref.dealloc %gates : memref<16xf32>
  }
  return
}
