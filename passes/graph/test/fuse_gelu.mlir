// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-fuse-gelu))' | FileCheck %s

// torch's export of nn.GELU(): (x * (1 + erf(x / sqrt 2))) * 0.5.
// CHECK-LABEL: func.func @torch_gelu
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
func.func @torch_gelu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %sqrt2 = kiln.constant dense<1.41421354> : tensor<f32>
  %one = kiln.constant dense<1.000000e+00> : tensor<f32>
  %half = kiln.constant dense<5.000000e-01> : tensor<f32>
  %0 = kiln.div %x, %sqrt2 : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %1 = kiln.erf %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = kiln.add %1, %one : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %3 = kiln.mul %x, %2 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %4 = kiln.mul %3, %half : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  // CHECK: %[[Y:.*]] = kiln.gelu %[[X]] : (tensor<4x8xf32>) -> tensor<4x8xf32>
  // CHECK: return %[[Y]]
  return %4 : tensor<4x8xf32>
}

// -----

// Other groupings: 0.5 * x first, a multiply by 1/sqrt 2, 1 on the left.
// CHECK-LABEL: func.func @regrouped
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>)
func.func @regrouped(%x: tensor<8xf32>) -> tensor<8xf32> {
  %rsqrt2 = kiln.constant dense<0.707106769> : tensor<1xf32>
  %one = kiln.constant dense<1.000000e+00> : tensor<f32>
  %half = kiln.constant dense<5.000000e-01> : tensor<f32>
  %0 = kiln.mul %rsqrt2, %x : (tensor<1xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = kiln.erf %0 : (tensor<8xf32>) -> tensor<8xf32>
  %2 = kiln.add %one, %1 : (tensor<f32>, tensor<8xf32>) -> tensor<8xf32>
  %3 = kiln.mul %half, %x : (tensor<f32>, tensor<8xf32>) -> tensor<8xf32>
  %4 = kiln.mul %3, %2 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  // CHECK: %[[Y:.*]] = kiln.gelu %[[X]]
  // CHECK: return %[[Y]]
  return %4 : tensor<8xf32>
}

// -----

// Near misses stay as they are: another constant, another input to the
// erf than the factor, a broadcast that changes the shape.
// CHECK-LABEL: func.func @not_gelu
func.func @not_gelu(%x: tensor<8xf32>, %z: tensor<8xf32>, %w: tensor<2x8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) {
  // CHECK-NOT: kiln.gelu
  %sqrt2 = kiln.constant dense<1.41421354> : tensor<f32>
  %one = kiln.constant dense<1.000000e+00> : tensor<f32>
  %half = kiln.constant dense<5.000000e-01> : tensor<f32>
  %third = kiln.constant dense<0.333333343> : tensor<f32>
  %0 = kiln.div %x, %sqrt2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %1 = kiln.erf %0 : (tensor<8xf32>) -> tensor<8xf32>
  %2 = kiln.add %1, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %3 = kiln.mul %x, %2 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %a = kiln.mul %3, %third : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %4 = kiln.mul %z, %2 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %b = kiln.mul %4, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %c = kiln.mul %w, %3 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %d = kiln.mul %c, %half : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  return %a, %b, %d : tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>
}
