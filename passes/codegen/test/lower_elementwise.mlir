// RUN: kiln-opt --kiln-lower-to-linalg --split-input-file %s | FileCheck %s

// Numpy broadcasting lives in the indexing maps: a static 1 reads index 0,
// missing leading dims are dropped; dynamic result dims come from the
// operands.
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @broadcast_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<?x1xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x1xf32>
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ROW]], #[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x1xf32>, tensor<?xf32>) outs(%[[EMPTY]] : tensor<?x?xf32>)
// CHECK: arith.mulf
func.func @broadcast_dynamic(%a: tensor<?x1xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.mul %a, %b : (tensor<?x1xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Integer division truncates (divsi), unsigned uses divui; Mod without
// fmod adds the divisor where the remainder's sign differs from it.
// CHECK-LABEL: func.func @integer_division
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.divui %{{.*}}, %{{.*}} : i16
// CHECK: %[[REM:.*]] = arith.remsi %[[X:.*]], %[[Y:.*]] : i32
// CHECK: %[[NONZERO:.*]] = arith.cmpi ne, %[[REM]]
// CHECK: %[[REMNEG:.*]] = arith.cmpi slt, %[[REM]]
// CHECK: %[[YNEG:.*]] = arith.cmpi slt, %[[Y]]
// CHECK: %[[DIFFER:.*]] = arith.xori %[[REMNEG]], %[[YNEG]]
// CHECK: %[[FIX:.*]] = arith.andi %[[NONZERO]], %[[DIFFER]]
// CHECK: %[[SUM:.*]] = arith.addi %[[REM]], %[[Y]]
// CHECK: arith.select %[[FIX]], %[[SUM]], %[[REM]]
func.func @integer_division(%a: tensor<4xi32>, %b: tensor<4xi32>, %c: tensor<4xui16>, %d: tensor<4xui16>) -> (tensor<4xi32>, tensor<4xui16>, tensor<4xi32>) {
  %0 = kiln.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = kiln.div %c, %d : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  %2 = kiln.mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xui16>, tensor<4xi32>
}

// -----

// Cast picks its arith op by the kiln types' signedness; floats become
// narrower (and 32-bit unsigned) integers through a wider signed one, so
// that out-of-range values wrap as in onnxruntime.
// CHECK-LABEL: func.func @casts
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: %[[WIDE:.*]] = arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.trunci %[[WIDE]] : i64 to i32
// CHECK: arith.cmpf une
// CHECK: %[[WIDE:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %[[WIDE]] : f32 to bf16
func.func @casts(%a: tensor<4xui8>, %b: tensor<4xf32>, %c: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xi64>, tensor<4xui32>, tensor<4xi1>, tensor<4xbf16>) {
  %0 = kiln.cast %a {to = f32} : (tensor<4xui8>) -> tensor<4xf32>
  %1 = kiln.cast %a {to = i64} : (tensor<4xui8>) -> tensor<4xi64>
  %2 = kiln.cast %b {to = ui32} : (tensor<4xf32>) -> tensor<4xui32>
  %3 = kiln.cast %b {to = i1} : (tensor<4xf32>) -> tensor<4xi1>
  %4 = kiln.cast %c {to = bf16} : (tensor<4xf16>) -> tensor<4xbf16>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xi64>, tensor<4xui32>, tensor<4xi1>, tensor<4xbf16>
}

// -----

// Variadic ops read all operands in one generic; a scalar broadcasts
// through an empty map.
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @variadic_unsigned
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #[[$SCALAR]], #{{.*}}]
// CHECK: %[[M:.*]] = arith.maxui
// CHECK: arith.maxui %[[M]]
func.func @variadic_unsigned(%a: tensor<2x3xui32>, %b: tensor<3xui32>, %c: tensor<ui32>) -> tensor<2x3xui32> {
  %0 = kiln.max %a, %b, %c : (tensor<2x3xui32>, tensor<3xui32>, tensor<ui32>) -> tensor<2x3xui32>
  return %0 : tensor<2x3xui32>
}

// -----

// CHECK-LABEL: func.func @clip_where
// CHECK: arith.maximumf
// CHECK-NOT: arith.minimumf
// CHECK: linalg.generic
// CHECK: arith.select
func.func @clip_where(%x: tensor<4xf32>, %lo: tensor<f32>, %c: tensor<4xi1>) -> tensor<4xf32> {
  %0 = kiln.clip %x min %lo : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = kiln.where %c, %0, %x : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Activations are one generic each; Gelu uses erf, its tanh form tanh.
// CHECK-LABEL: func.func @activations
// CHECK: math.erf
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.divf
func.func @activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.gelu %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.gelu %x {approximate = "tanh"} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = kiln.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Integer Pow squares its way through every bit of |y| (math.ipowi has no
// LLVM lowering); a negative exponent gives 1, +-1 or 0.
// CHECK-LABEL: func.func @integer_pow
// CHECK-NOT: math.ipowi
// CHECK: linalg.generic
// CHECK: arith.cmpi slt
// CHECK-COUNT-63: arith.muli %{{.*}}, %{{.*}} : i32
// CHECK-NOT: arith.muli
// CHECK-NOT: math.ipowi
// CHECK: linalg.yield
func.func @integer_pow(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.pow %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
