// RUN: kiln-opt %s --split-input-file --kiln-vulkan-distribute-to-invocations="workgroup-size=64 subgroup-reductions=true" --canonicalize --mlir-print-local-scope | FileCheck %s

// Two long rows: the workgroup reduces each together. Invocation i sums
// elements i, i + 64, ...; each subgroup combines its partial sums, and
// invocation 0 adds the subgroups' (kept in workgroup memory) to the
// output element.
// CHECK-LABEL: func.func @two_rows
// CHECK:         %[[PARTIALS:.*]] = memref.alloc() : memref<64xf32, 3>
// CHECK:         %[[TID:.*]] = gpu.thread_id x
// CHECK:         %[[FIRST:.*]] = arith.cmpi eq, %[[TID]], %{{.*}}
// CHECK:         %[[LANE:.*]] = gpu.lane_id
// CHECK:         %[[SUBGROUP:.*]] = gpu.subgroup_id : index
// CHECK:         %[[SUBGROUPS:.*]] = gpu.num_subgroups : index
// CHECK:         scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:           %[[SHARE:.*]] = scf.for %[[K:.*]] = %[[TID]] to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
// CHECK:             memref.load %{{.*}}[%[[ROW]], %[[K]]] : memref<2x4096xf32>
// CHECK:           %[[SUM:.*]] = gpu.subgroup_reduce add %[[SHARE]] : (f32) -> f32
// CHECK:           scf.if %{{.*}} {
// CHECK:             memref.store %[[SUM]], %[[PARTIALS]][%[[SUBGROUP]]]
// CHECK:           gpu.barrier
// CHECK:           scf.if %[[FIRST]] {
// CHECK:             %[[OLD:.*]] = memref.load %{{.*}}[%[[ROW]]] : memref<2xf32>
// CHECK:             %[[TOTAL:.*]] = scf.for %{{.*}} = %{{.*}} to %[[SUBGROUPS]] step %{{.*}} iter_args(%{{.*}} = %[[OLD]]) -> (f32) {
// CHECK:               memref.load %[[PARTIALS]]
// CHECK:             memref.store %[[TOTAL]], %{{.*}}[%[[ROW]]] : memref<2xf32>
// CHECK:           gpu.barrier
func.func @two_rows(%a: memref<2x4096xf32>, %b: memref<2xf32>) {
  linalg.reduce ins(%a : memref<2x4096xf32>) outs(%b : memref<2xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return
}

// -----

// Many rows (as many as the workgroup's invocations), or rows shorter than
// the workgroup: each invocation reduces its own rows.
// CHECK-LABEL: func.func @many_rows
// CHECK-NOT:     gpu.subgroup_reduce
func.func @many_rows(%a: memref<64x4096xf32>, %b: memref<64xf32>, %c: memref<2x32xf32>, %d: memref<2xf32>) {
  linalg.reduce ins(%a : memref<64x4096xf32>) outs(%b : memref<64xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  linalg.reduce ins(%c : memref<2x32xf32>) outs(%d : memref<2xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return
}

// -----

// A reduction to a single element is one row like the others (and the
// workgroup shares it rather than invocation 0 reducing it alone).
// CHECK-LABEL: func.func @to_scalar
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:         gpu.subgroup_reduce maximumf
func.func @to_scalar(%a: memref<100000xf32>, %b: memref<f32>) {
  linalg.reduce ins(%a : memref<100000xf32>) outs(%b : memref<f32>) dimensions = [0]
    (%x: f32, %acc: f32) {
      %s = arith.maximumf %x, %acc : f32
      linalg.yield %s : f32
    }
  return
}
