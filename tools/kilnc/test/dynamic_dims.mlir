// RUN: kilnc %s --emit=kexec | FileCheck %s
// RUN: kilnc %s -o %t.kiln --stats | FileCheck %s --check-prefix=STATS
// RUN: kiln-run %t.kiln --input x=random --input-shape x=3x4 | FileCheck %s --check-prefix=RUN3
// RUN: kiln-run %t.kiln --input x=random --input-shape x=70x4 | FileCheck %s --check-prefix=RUN70

// The batch stays symbolic: kernels read it from the dims table, the arena
// (exp's result, read again after the column sums) is sized when a run
// starts, and the output's dims come from the table.
// CHECK-LABEL: func.func @main
// CHECK-SAME: kexec.arena_size = -1
// CHECK-SAME: kexec.dims_table = array<i64: 1, 0, 0
// CHECK: kexec.dispatch {{.*}}kexec.shapes = [array<i64: -1, 4>]
// CHECK: func.func @{{.*}}(%{{.*}}: tensor<?x4xf32> {kexec.dims = array<i64: 0, -1>}

// STATS: arena: {{[0-9]+}} buffers, sized from the input dims when a run starts
// STATS: dims table:

// RUN3: y: f32 [3,4] =
// RUN70: y: f32 [70,4] =
func.func @main(%x: tensor<?x4xf32> {kiln.name = "x"}) -> (tensor<?x4xf32> {kiln.name = "y"}) {
  %0 = kiln.exp %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %1 = kiln.reduce_sum %0 {axes = array<i64: 0>} : (tensor<?x4xf32>) -> tensor<1x4xf32>
  %2 = kiln.div %0, %1 : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
  return %2 : tensor<?x4xf32>
}
