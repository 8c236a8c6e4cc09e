// RUN: kiln-opt %s --split-input-file --kiln-vulkan-fuse-elementwise-producers --mlir-print-local-scope | FileCheck %s

// An elementwise chain becomes one generic.
// CHECK-LABEL: func.func @chain
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK:           math.exp
// CHECK:           arith.addf
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @chain(%a: tensor<8x4xf32>, %b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %x = linalg.exp ins(%a : tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %y = linalg.add ins(%x, %b : tensor<8x4xf32>, tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// -----

// A pooling window reads every produced element about once: the ReLU is
// computed inside the (generalized) pooling.
// CHECK-LABEL: func.func @pooled_relu
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK-NOT:     linalg.pooling
func.func @pooled_relu(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<1x2x8x8xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x8x8xf32>) outs(%e : tensor<1x2x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x8x8xf32>
  %window = tensor.empty() : tensor<2x2xf32>
  %init = tensor.empty() : tensor<1x2x4x4xf32>
  %fill = linalg.fill ins(%ninf : f32) outs(%init : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %pool = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%relu, %window : tensor<1x2x8x8xf32>, tensor<2x2xf32>) outs(%fill : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %pool : tensor<1x2x4x4xf32>
}

// -----

// A matmul reads its operand once per column: a static producer stays
// apart; a dynamic one is computed inside (its temporary would be
// unbounded).
// CHECK-LABEL: func.func @matmul_operands
// CHECK:         %[[EXP:.*]] = linalg.exp
// CHECK:         linalg.matmul ins(%[[EXP]]
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:           math.exp
// CHECK:           arith.mulf
func.func @matmul_operands(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>, %c: tensor<4x4xf32>,
                           %d: tensor<?x8xf32>, %f: tensor<?x4xf32>) -> (tensor<4x4xf32>, tensor<?x4xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %x = linalg.exp ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %m = linalg.matmul ins(%x, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %d, %c0 : tensor<?x8xf32>
  %ed = tensor.empty(%n) : tensor<?x8xf32>
  %y = linalg.exp ins(%d : tensor<?x8xf32>) outs(%ed : tensor<?x8xf32>) -> tensor<?x8xf32>
  %md = linalg.matmul ins(%y, %b : tensor<?x8xf32>, tensor<8x4xf32>) outs(%f : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %m, %md : tensor<4x4xf32>, tensor<?x4xf32>
}

// -----

// A pad becomes a generic that reads its source at clamped indices and
// selects the padding value outside; the ReLU it pads is computed there.
// CHECK-LABEL: func.func @padded_relu
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x6x6xf32>)
// CHECK:           arith.cmpi sge
// CHECK:           arith.cmpi slt
// CHECK:           %[[V:.*]] = tensor.extract %[[X]]
// CHECK:           %[[M:.*]] = arith.maximumf %[[V]]
// CHECK:           arith.select %{{.*}}, %[[M]], %{{.*}} : f32
// CHECK:         return %[[R]]
func.func @padded_relu(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  %p = tensor.pad %relu low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x6x6xf32>
  return %p : tensor<1x2x6x6xf32>
}
