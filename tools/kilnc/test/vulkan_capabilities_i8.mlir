// Without 8-bit storage or arithmetic, i8 buffers are read and written as
// 32-bit words and i8 arithmetic computes in i32.
// RUN: kilnc %s --target=vulkan --vulkan-capabilities=none -o %t.kiln --stats | FileCheck %s
// CHECK: kernels: 1
func.func @main(%x: tensor<4x8xi8> {kiln.name = "x"}, %y: tensor<4x8xi8> {kiln.name = "y"}) -> (tensor<4x8xi8> {kiln.name = "z"}) {
  %0 = kiln.add %x, %y : (tensor<4x8xi8>, tensor<4x8xi8>) -> tensor<4x8xi8>
  return %0 : tensor<4x8xi8>
}
