// RUN: kiln-opt %s --kiln-cpu-codegen="x86-vector=1" | FileCheck %s

// The whole pipeline: a kernel on tensors becomes the exported ABI function
// plus the internal kernel, in the LLVM dialect.
// CHECK-LABEL: llvm.func @add
// CHECK-SAME:    (%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64)
// CHECK:         llvm.call @add__impl
// CHECK:       llvm.func internal @add__impl
// CHECK-SAME:    kiln.cpu.workgroup_count = array<i64: 32, 1, 1>
// CHECK:         llvm.fadd %{{.*}} : vector<16xf32>
func.func @add(%a: tensor<1024x512xf32>, %b: tensor<1024x512xf32>) -> tensor<1024x512xf32> {
  %e = tensor.empty() : tensor<1024x512xf32>
  %r = linalg.add ins(%a, %b : tensor<1024x512xf32>, tensor<1024x512xf32>) outs(%e : tensor<1024x512xf32>) -> tensor<1024x512xf32>
  return %r : tensor<1024x512xf32>
}
