// RUN: not kilnc %s -o %t.kiln 2>&1 | FileCheck %s
// RUN: not test -e %t.kiln

// Dynamic dims do not reach kernels yet: one clear error, no artifact.
// CHECK: error: needs the run-time size of a dynamic dim, which kernels cannot take yet; fix the input shapes (kilnc --input-shape NAME=DIMS)
func.func @main(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.exp %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
