// RUN: kilnc %s --emit=kexec | FileCheck %s
// RUN: kilnc %s -o %t.kiln --stats | FileCheck %s --check-prefix=STATS
// Without -o, --stats prints the summary only (no artifact on stdout).
// RUN: kilnc %s --stats | FileCheck %s --check-prefix=STATS
// RUN: not kilnc %s --target=gpu -o %t.bad 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not test -e %t.bad
// One artifact for both targets: a program each, the weights shared.
// RUN: kilnc %s --target=cpu,vulkan -o %t.both --stats | FileCheck %s --check-prefix=BOTH
// RUN: kilnc %s --target=vulkan --vulkan-stage-operands=false -o %t.unstaged
// RUN: not kilnc %s --target=cpu,cpu -o %t.bad 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not kilnc %s --target=cpu,vulkan --emit=kexec 2>&1 | FileCheck %s --check-prefix=EMIT
// RUN: not test -e %t.bad

// A conv with a fused ReLU (library call), then an elementwise kernel
// writing the output in place; the conv result lives in the arena.
// CHECK-LABEL: func.func @main
// CHECK-SAME: kexec.arena_size = 1024
// CHECK: kexec.convolution
// CHECK-SAME: kexec.places = [#kexec.place<arena>]
// CHECK-SAME: post_ops = [#kexec.post_op<relu>]
// CHECK: kexec.dispatch @kernels::@{{.*}} {kexec.places = [#kexec.place<output>], workgroup_count = array<i64: {{[0-9]+}}, {{[0-9]+}}, {{[0-9]+}}>}
// CHECK: module @kernels attributes {kexec.kernels}

// STATS: arena: 1.0 KiB
// STATS: kernels: 1
// STATS: library calls: 1
// STATS: artifact:

// TARGET: kilnc: error: unknown --target 'gpu' (this build compiles for: cpu, vulkan)

// BOTH: cpu:
// BOTH-NEXT: arena:
// BOTH: library calls: 1
// BOTH: vulkan:
// BOTH: library calls: 0
// BOTH: artifact:
// TWICE: kilnc: error: --target names cpu twice
// EMIT: kilnc: error: --emit shows one target's program; --target names 2
func.func @main(%x: tensor<1x3x8x8xf32> {kiln.name = "x"}) -> (tensor<1x4x8x8xf32> {kiln.name = "y"}) {
  %w = kiln.constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = kiln.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %0 = kiln.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %1 = kiln.relu %0 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %2 = kiln.exp %1 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %2 : tensor<1x4x8x8xf32>
}
