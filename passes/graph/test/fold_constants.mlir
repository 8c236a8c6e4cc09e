// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-fold-constants))' | FileCheck %s
// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-fold-constants{max-elements=4}))' | FileCheck %s --check-prefix=LIMIT

// CHECK-LABEL: func.func @chain
// LIMIT-LABEL: func.func @chain
func.func @chain() -> tensor<2xi64> {
  %a = kiln.constant dense<[1, 2]> : tensor<2xi64>
  %b = kiln.constant dense<[10, 20]> : tensor<2xi64>
  %c = kiln.add %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %d = kiln.mul %c, %c : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  // CHECK: %[[R:.*]] = kiln.constant dense<[121, 484]> : tensor<2xi64>
  // CHECK-NEXT: return %[[R]]
  // LIMIT: kiln.constant dense<[121, 484]>
  return %d : tensor<2xi64>
}

// -----

// Above the pass's limit the ops stay; by default (2^20 elements) a result
// beyond canonicalization's own limit (2^16) folds.
// CHECK-LABEL: func.func @large
// LIMIT-LABEL: func.func @large
func.func @large() -> tensor<300x300xf32> {
  %a = kiln.constant dense<1.0> : tensor<300x300xf32>
  // CHECK: kiln.constant dense<2.000000e+00> : tensor<300x300xf32>
  // CHECK-NOT: kiln.add
  // LIMIT: kiln.add
  %b = kiln.add %a, %a : (tensor<300x300xf32>, tensor<300x300xf32>) -> tensor<300x300xf32>
  return %b : tensor<300x300xf32>
}
