// RUN: kiln-opt %s --split-input-file --kiln-vulkan-outline-gpu-kernels="workgroup-size=32" --mlir-print-local-scope | FileCheck %s

// Bindings stay arguments in order, workgroup ids become block ids, and the
// grid stays on the kernel.
// CHECK:       module attributes {gpu.container_module}
// CHECK:       gpu.module @kernels attributes {spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader], []>, api=Vulkan, #spirv.resource_limits<>>}
// CHECK:         gpu.func @k(%[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>) kernel
// CHECK-SAME:      kiln.cpu.workgroup_count = array<i64: 2, 1, 1>
// CHECK-SAME:      spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [32, 1, 1]>
// CHECK:           %[[X:.*]] = gpu.block_id x
// CHECK:           %[[V:.*]] = memref.load %[[A]][%[[X]]]
// CHECK:           memref.store %[[V]], %[[B]][%[[X]]]
// CHECK:           gpu.return
// CHECK-NOT:   func.func @k
func.func @k(%a: memref<4xf32>, %b: memref<4xf32> {kiln.cpu.output = 0 : i64},
             %x: index {kiln.cpu.workgroup_id = 0 : i64},
             %y: index {kiln.cpu.workgroup_id = 1 : i64},
             %z: index {kiln.cpu.workgroup_id = 2 : i64})
    attributes {kiln.cpu.workgroup_count = array<i64: 2, 1, 1>} {
  %v = memref.load %a[%x] : memref<4xf32>
  memref.store %v, %b[%x] : memref<4xf32>
  return
}

// -----

// Dynamic sizes and `kexec.dim` scalars come from the dims table, one more
// binding; a dynamic buffer becomes 1-D, indexed row-major.
// CHECK:       gpu.func @dynamic(%[[A:.*]]: memref<?xf32>, %[[B:.*]]: memref<4x3xf32>, %[[DIMS:.*]]: memref<?xi32>) kernel
// CHECK:         %[[N:.*]] = memref.load %[[DIMS]][%{{.*}}] : memref<?xi32>
// CHECK:         %[[COLS:.*]] = arith.index_cast %[[N]] : i32 to index
// CHECK:         %[[S:.*]] = memref.load %[[DIMS]][%{{.*}}] : memref<?xi32>
// CHECK:         %[[ROW:.*]] = arith.index_cast %[[S]] : i32 to index
// CHECK:         %[[SCALED:.*]] = arith.muli %[[ROW]], %[[COLS]]
// CHECK:         %[[AT:.*]] = arith.addi %[[SCALED]], %{{.*}}
// CHECK:         memref.load %[[A]][%[[AT]]] : memref<?xf32>
// CHECK:         memref.store %{{.*}}, %[[B]][%[[ROW]], %{{.*}}] : memref<4x3xf32>
func.func @dynamic(%a: memref<4x?xf32> {kexec.dims = array<i64: -1, 7>},
                   %b: memref<4x3xf32> {kiln.cpu.output = 0 : i64},
                   %row: index {kexec.dim = 2 : i64},
                   %x: index {kiln.cpu.workgroup_id = 0 : i64},
                   %y: index {kiln.cpu.workgroup_id = 1 : i64},
                   %z: index {kiln.cpu.workgroup_id = 2 : i64}) {
  %c3 = arith.constant 3 : index
  %v = memref.load %a[%row, %c3] : memref<4x?xf32>
  memref.store %v, %b[%row, %x] : memref<4x3xf32>
  return
}
