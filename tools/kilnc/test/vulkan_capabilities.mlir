// --vulkan-capabilities limits what Vulkan kernels may use: a kernel needing
// more fails to compile, naming the capability; nothing is written.
// RUN: rm -f %t.kiln
// RUN: not kilnc %s --target=vulkan --vulkan-capabilities=Int8,Float16 -o %t.kiln 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not test -e %t.kiln
// RUN: not kilnc %s --target=vulkan --vulkan-capabilities=Int7 -o %t.kiln 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: kilnc %s --target=vulkan --vulkan-capabilities=Int64 -o %t.ok
// RUN: not kilnc %s --target=vulkan --vulkan-capabilities=none -o %t.kiln 2>&1 | FileCheck %s --check-prefix=MISSING

// MISSING: error: kernel '{{.*}}': needs the SPIR-V capability Int64, which the target lacks (--vulkan-capabilities)
// UNKNOWN: error: Vulkan target: unknown SPIR-V capability 'Int7' (the compiler can use: Int8, Int16, Int64, Float16, Float64, StorageBuffer8BitAccess, StorageBuffer16BitAccess, GroupNonUniform, GroupNonUniformArithmetic)
func.func @main(%x: tensor<4x8xi64> {kiln.name = "x"}, %y: tensor<4x8xi64> {kiln.name = "y"}) -> (tensor<4x8xi64> {kiln.name = "z"}) {
  %0 = kiln.add %x, %y : (tensor<4x8xi64>, tensor<4x8xi64>) -> tensor<4x8xi64>
  return %0 : tensor<4x8xi64>
}
