// RUN: kiln-opt %s --split-input-file --kiln-cpu-add-abi-wrappers | FileCheck %s

// The exported function loads one pointer per binding (inputs, then
// outputs), builds row-major descriptors whose dynamic sizes come from the
// dims table, and calls the kernel, now internal.
// CHECK-LABEL: func.func @kernel
// CHECK-SAME:    (%[[BINDINGS:.*]]: !llvm.ptr, %[[DIMS:.*]]: !llvm.ptr, %[[X:.*]]: i64, %[[Y:.*]]: i64, %[[Z:.*]]: i64)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr %[[BINDINGS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[P0:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[D:.*]] = llvm.getelementptr %[[DIMS]][3] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK:         %[[ROWS:.*]] = llvm.load %[[D]] : !llvm.ptr -> i64
// CHECK:         llvm.insertvalue %[[ROWS]], %{{.*}}[3, 0]
// CHECK:         %[[M0:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?x8xf32>
// CHECK:         %[[SLOT1:.*]] = llvm.getelementptr %[[BINDINGS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// The dims-table entry is loaded once.
// CHECK-NOT:     llvm.getelementptr %[[DIMS]]
// CHECK:         llvm.insertvalue %[[ROWS]], %{{.*}}[3, 0]
// CHECK:         %[[M1:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?x8xf32>
// CHECK:         %[[XI:.*]] = arith.index_cast %[[X]] : i64 to index
// CHECK:         %[[YI:.*]] = arith.index_cast %[[Y]] : i64 to index
// CHECK:         %[[ZI:.*]] = arith.index_cast %[[Z]] : i64 to index
// CHECK:         call @kernel__impl(%[[M0]], %[[M1]], %[[XI]], %[[YI]], %[[ZI]])
// CHECK:       func.func private @kernel__impl
// CHECK-SAME:    llvm.linkage = #llvm.linkage<internal>
func.func @kernel(%a: memref<?x8xf32> {kexec.dims = array<i64: 3, -1>},
                  %out: memref<?x8xf32> {kexec.dims = array<i64: 3, -1>, kiln.cpu.output = 0 : i64},
                  %x: index {kiln.cpu.workgroup_id = 0 : i64}, %y: index {kiln.cpu.workgroup_id = 1 : i64},
                  %z: index {kiln.cpu.workgroup_id = 2 : i64})
    attributes {kiln.cpu.workgroup_count = array<i64: 4, 1, 1>} {
  return
}

// -----

// Static shapes need no dims table; strides are constants.
// CHECK-LABEL: func.func @static
// CHECK-NOT:     llvm.getelementptr %arg1
// CHECK:         %[[S:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK:         llvm.insertvalue %[[S]], %{{.*}}[3, 2]
// CHECK:         call @static__impl
func.func @static(%a: memref<4x5x6xf32>, %out: memref<f32> {kiln.cpu.output = 0 : i64}) {
  return
}

// -----

// Index and integer arguments are sizes loaded from the dims table; they
// take no binding.
// CHECK-LABEL: func.func @sizes
// CHECK-SAME:    (%[[BINDINGS:.*]]: !llvm.ptr, %[[DIMS:.*]]: !llvm.ptr,
// CHECK:         %[[SLOT:.*]] = llvm.getelementptr %[[DIMS]][5] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK:         %[[N:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i64
// CHECK:         %[[NI:.*]] = arith.index_cast %[[N]] : i64 to index
// CHECK:         %[[SLOT2:.*]] = llvm.getelementptr %[[DIMS]][2] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK:         %[[M:.*]] = llvm.load %[[SLOT2]] : !llvm.ptr -> i64
// CHECK:         %[[M32:.*]] = arith.trunci %[[M]] : i64 to i32
// CHECK:         call @sizes__impl(%[[NI]], %{{.*}}, %[[M32]])
func.func @sizes(%n: index {kexec.dim = 5 : i64}, %out: memref<4xf32> {kiln.cpu.output = 0 : i64},
                 %m: i32 {kexec.dim = 2 : i64}) {
  return
}
