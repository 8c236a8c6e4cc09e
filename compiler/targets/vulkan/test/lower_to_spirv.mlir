// RUN: kiln-opt %s --split-input-file --kiln-vulkan-lower-to-spirv | FileCheck %s

// One entry point per kernel, bindings in argument order; erf has no
// GLSL.std.450 instruction and becomes a polynomial; the module declares
// only the capabilities it uses.
// CHECK:       spirv.module @__spv__kernels Logical GLSL450 requires #spirv.vce<v1.0, [Shader, Float64, Matrix], [SPV_KHR_storage_buffer_storage_class]>
// CHECK-DAG:     spirv.GlobalVariable @{{.*}} bind(0, 0) : !spirv.ptr<!spirv.struct<(!spirv.array<4 x f32, stride=4> [0])>, StorageBuffer>
// CHECK-DAG:     spirv.GlobalVariable @{{.*}} bind(0, 1) : !spirv.ptr<!spirv.struct<(!spirv.array<4 x f64, stride=8> [0])>, StorageBuffer>
// CHECK:         spirv.func @erf
// CHECK-NOT:       math.erf
// CHECK:         spirv.func @exp
// CHECK:           spirv.GL.Exp
// CHECK-DAG:     spirv.EntryPoint "GLCompute" @erf
// CHECK-DAG:     spirv.EntryPoint "GLCompute" @exp
// CHECK-NOT:   gpu.module
module attributes {gpu.container_module} {
  gpu.module @kernels attributes {spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader, Float64], []>, api=Vulkan, #spirv.resource_limits<>>} {
    gpu.func @erf(%a: memref<4xf32>, %b: memref<4xf64>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>} {
      %i = gpu.thread_id x
      %x = memref.load %a[%i] : memref<4xf32>
      %y = math.erf %x : f32
      %z = arith.extf %y : f32 to f64
      memref.store %z, %b[%i] : memref<4xf64>
      gpu.return
    }
    gpu.func @exp(%a: memref<4xf32>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>} {
      %i = gpu.thread_id x
      %x = memref.load %a[%i] : memref<4xf32>
      %y = math.exp %x : f32
      memref.store %y, %a[%i] : memref<4xf32>
      gpu.return
    }
  }
}

// -----

// int4 computes in i8: a buffer byte holds the value zero-extended, and
// int4 -> f32 sign-extends it from 4 bits first (shift left, then
// arithmetic shift right, by 4).
// CHECK:       spirv.func @int4_to_f32
// CHECK:         %[[BYTE:.*]] = spirv.Load "StorageBuffer" %{{.*}} : i8
// CHECK:         %[[UP:.*]] = spirv.ShiftLeftLogical %{{.*}}, %{{.*}} : i8, i8
// CHECK:         %[[DOWN:.*]] = spirv.ShiftRightArithmetic %[[UP]], %{{.*}} : i8, i8
// CHECK:         spirv.ConvertSToF %[[DOWN]] : i8 to f32
module attributes {gpu.container_module} {
  gpu.module @kernels attributes {spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader, Int8, StorageBuffer8BitAccess], [SPV_KHR_8bit_storage]>, api=Vulkan, #spirv.resource_limits<>>} {
    gpu.func @int4_to_f32(%a: memref<4xi4>, %b: memref<4xf32>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>} {
      %i = gpu.thread_id x
      %x = memref.load %a[%i] : memref<4xi4>
      %y = arith.sitofp %x : i4 to f32
      memref.store %y, %b[%i] : memref<4xf32>
      gpu.return
    }
  }
}

// -----

// An index constant beyond 32 bits (Slice clamps with such sentinels): the
// kernels index in 64 bits.
// CHECK:       spirv.func @wide_index
// CHECK:         spirv.Constant 4611686018427387904 : i64
module attributes {gpu.container_module} {
  gpu.module @kernels attributes {spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader, Int64], []>, api=Vulkan, #spirv.resource_limits<>>} {
    gpu.func @wide_index(%a: memref<4xf32>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>} {
      %i = gpu.thread_id x
      %big = arith.constant 4611686018427387904 : index
      %j = arith.minsi %i, %big : index
      %x = memref.load %a[%j] : memref<4xf32>
      memref.store %x, %a[%i] : memref<4xf32>
      gpu.return
    }
  }
}
