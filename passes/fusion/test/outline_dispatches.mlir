// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-outline-dispatches | FileCheck %s

#id = affine_map<(d0) -> (d0)>

// The region's captured values become kernel arguments, in order of use;
// the kernel is named after the root's ONNX node.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
func.func @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[R:.*]] = kexec.dispatch @kernels::@layer1_Add_0(%[[X]], %[[Y]]) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r = kexec.region -> tensor<4xf32> {
    %e = tensor.empty() : tensor<4xf32>
    %0 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%x, %y : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%a: f32, %b: f32, %c: f32):
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    } -> tensor<4xf32> loc("/layer1/Add")
    kexec.yield %0 : tensor<4xf32>
  }
  // CHECK: return %[[R]]
  return %r : tensor<4xf32>
}
// CHECK: module @kernels attributes {kexec.kernels}
// CHECK: func.func @layer1_Add_0(%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK:   %[[S:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] :
// CHECK:   return %[[S]] : tensor<4xf32>

// -----

// A size the region uses becomes an index argument (kiln-resolve-dims later
// tells the kernel where it lives in the dims table).
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[N:.*]] = tensor.dim
// CHECK: kexec.dispatch @kernels::@empty_0(%[[N]]) : (index) -> tensor<?xf32>
// CHECK: func.func @empty_0(%[[M:.*]]: index) -> tensor<?xf32>
// CHECK:   tensor.empty(%[[M]])
func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %r = kexec.region -> tensor<?xf32> {
    %e = tensor.empty(%n) : tensor<?xf32>
    kexec.yield %e : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}
