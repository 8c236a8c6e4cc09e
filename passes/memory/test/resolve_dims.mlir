// RUN: kiln-opt %s --split-input-file --verify-diagnostics --kiln-resolve-dims | FileCheck %s

// The batch is input dim 0 (entry 0); the library call keeps it, the kernel
// computes its result's dims from an empty sized by an index argument, the
// collapse multiplies it by 8 (entry 2) and the expand takes 2n (entry 4).
// Entries are [op, a, b]: 1 = InputDim, 0 = Const, 4 = Mul.
// CHECK: func.func @k(%{{.*}}: index {kexec.dim = 0 : i64}, %{{.*}}: tensor<?x8xf32> {kexec.dims = array<i64: 0, -1>}) -> (tensor<?x8xf32> {kexec.dims = array<i64: 0, -1>})
// CHECK-LABEL: func.func @batch
// CHECK-SAME: kexec.dims_table = array<i64: 1, 0, 0, 0, 8, 0, 4, 0, 1, 0, 2, 0, 4, 0, 3>
module {
  module @kernels attributes {kexec.kernels} {
    func.func @k(%n: index, %a: tensor<?x8xf32>) -> tensor<?x8xf32> {
      %e = tensor.empty(%n) : tensor<?x8xf32>
      %0 = linalg.copy ins(%a : tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) -> tensor<?x8xf32>
      return %0 : tensor<?x8xf32>
    }
  }
  func.func @batch(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
    %c0 = arith.constant 0 : index
    %w = arith.constant dense<1.0> : tensor<4x8xf32>
    // CHECK: kexec.matmul{{.*}}kexec.shapes = [array<i64: -1, 8>]
    %0 = kexec.matmul(%x, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
    %n = tensor.dim %0, %c0 : tensor<?x8xf32>
    // CHECK: kexec.dispatch{{.*}}kexec.shapes = [array<i64: -1, 8>]
    %1 = kexec.dispatch @kernels::@k(%n, %0) : (index, tensor<?x8xf32>) -> tensor<?x8xf32>
    // CHECK: tensor.collapse_shape{{.*}}kexec.shapes = [array<i64: -3>]
    %2 = tensor.collapse_shape %1 [[0, 1]] : tensor<?x8xf32> into tensor<?xf32>
    %c2 = arith.constant 2 : index
    %m = arith.muli %n, %c2 : index
    // CHECK: tensor.expand_shape{{.*}}kexec.shapes = [array<i64: -5, 4>]
    %3 = tensor.expand_shape %2 [[0, 1]] output_shape [%m, 4] : tensor<?xf32> into tensor<?x4xf32>
    return %3 : tensor<?x4xf32>
  }
}

// -----

// Reshape arithmetic: a select on "dim == 0" (entry 4: Eq, then 7: d + c *
// (3 - d)) and a comparison with -1 that dims (>= 0) settle at compile time.
// CHECK-LABEL: func.func @select
// CHECK-SAME: kexec.dims_table = array<i64: 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 3, 0, 11, 0, 2, 3, 3, 0, 4, 4, 5, 2, 0, 6>
func.func @select(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %cm1 = arith.constant -1 : index
  %d = tensor.dim %x, %c0 : tensor<?xf32>
  %is0 = arith.cmpi eq, %d, %c0 : index
  %s = arith.select %is0, %c3, %d : index
  %neg = arith.cmpi eq, %d, %cm1 : index
  %t = arith.select %neg, %c3, %s : index
  // CHECK: tensor.expand_shape{{.*}}kexec.shapes = [array<i64: -8>]
  %r = tensor.expand_shape %x [[0]] output_shape [%t] : tensor<?xf32> into tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// Assertions on sizes and shape-input values become the function's checks
// ([entry, message]; entry 2 is value == 6) and leave the host program;
// one that always holds is dropped.
// CHECK-LABEL: func.func @checks
// CHECK-SAME: kexec.checks = {{\[\[}}2, "the shape must hold 6 elements"]]
// CHECK-SAME: kexec.dims_table = array<i64: 14, 0, 0, 0, 6, 0, 11, 0, 1>
// CHECK-NOT: cf.assert
func.func @checks(%s: tensor<1xi64>) -> tensor<1xi64> {
  %c0 = arith.constant 0 : index
  %c6 = arith.constant 6 : index
  %v = tensor.extract %s[%c0] : tensor<1xi64>
  %n = arith.index_cast %v : i64 to index
  %ok = arith.cmpi eq, %n, %c6 : index
  cf.assert %ok, "the shape must hold 6 elements"
  %true = arith.constant true
  cf.assert %true, "always"
  return %s : tensor<1xi64>
}

// -----

// An assertion that fails for every input is a compile error.
func.func @always_fails(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<2xf32>
  %c3 = arith.constant 3 : index
  %ok = arith.cmpi eq, %n, %c3 : index
  // expected-error @below {{fails for every input: Reshape 'r': no shape}}
  cf.assert %ok, "Reshape 'r': no shape"
  return %x : tensor<2xf32>
}

// -----

// Values of an integer input (a "shape input") are read when a run starts:
// entry 0 is element 3 (row-major) of input 1 (op 14 = InputValue), the
// or of two conditions is their max (entry 5, op 8), their and a product
// (entry 6, op 4), and the select 1 + c * (2 - 1) (entry 8).
// CHECK-LABEL: func.func @shape_input
// CHECK-SAME: kexec.dims_table = array<i64: 14, 1, 3, 0, 0, 0, 11, 0, 1, 0, 2, 0, 11, 0, 3, 8, 2, 4, 4, 5, 2, 0, 1, 0, 2, 7, 6>
func.func @shape_input(%x: tensor<?xf32>, %s: tensor<2x2xi32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %v = tensor.extract %s[%c1, %c1] : tensor<2x2xi32>
  %n = arith.index_cast %v : i32 to index
  %is0 = arith.cmpi eq, %n, %c0 : index
  %is2 = arith.cmpi eq, %n, %c2 : index
  %either = arith.ori %is0, %is2 : i1
  %both = arith.andi %either, %is0 : i1
  %m = arith.select %both, %c2, %c1 : index
  // CHECK: tensor.expand_shape{{.*}}kexec.shapes = [array<i64: -1, -9>]
  %r = tensor.expand_shape %x [[0, 1]] output_shape [%n, %m] : tensor<?xf32> into tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// A size read from computed tensor data cannot be planned before the run.
module {
  module @kernels attributes {kexec.kernels} {
    func.func @k(%a: tensor<?xf32>) -> tensor<?xf32> {
      return %a : tensor<?xf32>
    }
    func.func @sizes() -> tensor<2xindex> {
      %c = arith.constant dense<[1, 2]> : tensor<2xindex>
      return %c : tensor<2xindex>
    }
  }
  func.func @data(%x: tensor<?xf32>) -> tensor<?xf32> {
    %c0 = arith.constant 0 : index
    %i = kexec.dispatch @kernels::@sizes() : () -> tensor<2xindex>
    // expected-error @+1 {{a size depends on tensor data, which is only known when the run has computed it}}
    %n = tensor.extract %i[%c0] : tensor<2xindex>
    %r = tensor.expand_shape %x [[0]] output_shape [%n] : tensor<?xf32> into tensor<?xf32>
    %0 = kexec.dispatch @kernels::@k(%r) : (tensor<?xf32>) -> tensor<?xf32>
    return %0 : tensor<?xf32>
  }
}

// -----

// A shape input read at a computed position.
func.func @position(%x: tensor<?xf32>, %s: tensor<2xi64>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %p = tensor.dim %x, %c0 : tensor<?xf32>
  // expected-error @+1 {{reads a shape input at a computed position}}
  %v = tensor.extract %s[%p] : tensor<2xi64>
  %n = arith.index_cast %v : i64 to index
  %r = tensor.expand_shape %x [[0]] output_shape [%n] : tensor<?xf32> into tensor<?xf32>
  return %r : tensor<?xf32>
}
