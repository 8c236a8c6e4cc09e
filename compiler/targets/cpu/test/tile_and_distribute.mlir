// RUN: kiln-opt %s --split-input-file --kiln-cpu-tile-and-distribute="max-workgroups=16" --mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s --split-input-file --kiln-cpu-tile-and-distribute="max-workgroups=64 min-work-per-workgroup=1024" --mlir-print-local-scope | FileCheck %s --check-prefix=MANY
// RUN: kiln-opt %s --split-input-file --kiln-cpu-tile-and-distribute="max-workgroups=65535 min-work-per-workgroup=256 count-reductions=false vector-bits=8" --mlir-print-local-scope | FileCheck %s --check-prefix=GPU

// Rows are split evenly over the workgroups; the workgroup id replaces the
// loop's induction variable.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME:    %[[A:[^:]*]]: tensor<1024x256xf32>, %[[OUT:[^:]*]]: tensor<1024x256xf32> {kiln.cpu.output = 0 : i64},
// CHECK-SAME:    %[[X:[^:]*]]: index {kiln.cpu.workgroup_id = 0 : i64}, %{{.*}}: index {kiln.cpu.workgroup_id = 1 : i64}, %{{.*}}: index {kiln.cpu.workgroup_id = 2 : i64})
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>}
// CHECK:         %[[ROW:.*]] = affine.apply affine_map<()[s0] -> (s0 * 64)>()[%[[X]]]
// CHECK:         %[[IN:.*]] = tensor.extract_slice %[[A]][%[[ROW]], 0] [64, 256] [1, 1]
// CHECK:         %[[DEST:.*]] = tensor.extract_slice %[[OUT]][%[[ROW]], 0] [64, 256] [1, 1]
// CHECK:         %[[TILE:.*]] = linalg.exp ins(%[[IN]] : tensor<64x256xf32>) outs(%[[DEST]] : tensor<64x256xf32>)
// CHECK:         %[[R:.*]] = tensor.insert_slice %[[TILE]] into %[[OUT]][%[[ROW]], 0] [64, 256] [1, 1]
// CHECK:         return %[[R]]
func.func @elementwise(%a: tensor<1024x256xf32>, %out: tensor<1024x256xf32> {kiln.cpu.output = 0 : i64}) -> tensor<1024x256xf32> {
  %r = linalg.exp ins(%a : tensor<1024x256xf32>) outs(%out : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  return %r : tensor<1024x256xf32>
}

// -----

// The fill of the output is fused: each workgroup fills only its tile.
// CHECK-LABEL: func.func @reduction
// CHECK-SAME:    %[[OUT:[^:]*]]: tensor<512xf32> {kiln.cpu.output = 0 : i64}
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>}
// CHECK:         %[[DEST:.*]] = tensor.extract_slice %[[OUT]][%[[ROW:.*]]] [32] [1]
// CHECK:         %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[DEST]] : tensor<32xf32>)
// CHECK:         %[[SUM:.*]] = linalg.reduce ins(%{{.*}} : tensor<32x1000xf32>) outs(%[[FILL]] : tensor<32xf32>)
// CHECK:         tensor.insert_slice %[[SUM]] into %[[OUT]][%[[ROW]]] [32] [1]
// Counting parallel iterations only (a GPU's invocations share the rows, each
// reducing its own), 256 rows per workgroup.
// GPU-LABEL: func.func @reduction
// GPU-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 2, 1, 1>}
// GPU:         linalg.reduce ins(%{{.*}} : tensor<256x1000xf32>) outs(%{{.*}} : tensor<256xf32>)
func.func @reduction(%a: tensor<512x1000xf32>, %out: tensor<512xf32> {kiln.cpu.output = 0 : i64}) -> tensor<512xf32> {
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%out : tensor<512xf32>) -> tensor<512xf32>
  %r = linalg.reduce ins(%a : tensor<512x1000xf32>) outs(%f : tensor<512xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<512xf32>
}

// -----

// Producers fuse into the workgroup's tile.
// CHECK-LABEL: func.func @fused_producer
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>}
// CHECK:         %[[E:.*]] = linalg.exp ins(%{{.*}} : tensor<64x256xf32>)
// CHECK:         linalg.negf ins(%[[E]] : tensor<64x256xf32>)
func.func @fused_producer(%a: tensor<1024x256xf32>, %out: tensor<1024x256xf32> {kiln.cpu.output = 0 : i64}) -> tensor<1024x256xf32> {
  %e = tensor.empty() : tensor<1024x256xf32>
  %x = linalg.exp ins(%a : tensor<1024x256xf32>) outs(%e : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  %r = linalg.negf ins(%x : tensor<1024x256xf32>) outs(%out : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  return %r : tensor<1024x256xf32>
}

// -----

// Dynamic sizes: the grid stays fixed and each workgroup takes a ceil-div
// share (possibly empty) of the actual rows.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME:    %[[X:[^:]*]]: index {kiln.cpu.workgroup_id = 0 : i64}
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>}
// CHECK:         %[[ROWS:.*]] = tensor.dim
// CHECK:         %[[SIZE:.*]] = affine.min affine_map<(d0)[s0] -> (-(d0 * (s0 ceildiv 16)) + s0, s0 ceildiv 16)>(%[[X]])[%[[ROWS]]]
// CHECK:         %[[NONNEG:.*]] = affine.max affine_map<(d0) -> (0, d0)>(%[[SIZE]])
// CHECK:         tensor.extract_slice %{{.*}}[%{{.*}}, 0] [%[[NONNEG]], %{{.*}}] [1, 1]
// MANY-LABEL:  func.func @dynamic
// MANY-SAME:     attributes {kiln.cpu.workgroup_count = array<i64: 4, 16, 1>}
func.func @dynamic(%a: tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>},
                   %out: tensor<?x?xf32> {kexec.dims = array<i64: 0, 1>, kiln.cpu.output = 0 : i64}) -> tensor<?x?xf32> {
  %r = linalg.exp ins(%a : tensor<?x?xf32>) outs(%out : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// Too little work to split.
// CHECK-LABEL: func.func @small
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 1, 1, 1>}
// CHECK-NOT:     tensor.extract_slice
// CHECK:         linalg.exp ins(%{{.*}} : tensor<4x4xf32>)
func.func @small(%a: tensor<4x4xf32>, %out: tensor<4x4xf32> {kiln.cpu.output = 0 : i64}) -> tensor<4x4xf32> {
  %r = linalg.exp ins(%a : tensor<4x4xf32>) outs(%out : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

// Two loops distributed: the innermost is x, in whole vectors.
// MANY-LABEL:  func.func @two_dims
// MANY-SAME:     %[[X:[^:]*]]: index {kiln.cpu.workgroup_id = 0 : i64}, %[[Y:[^:]*]]: index {kiln.cpu.workgroup_id = 1 : i64}
// MANY-SAME:     attributes {kiln.cpu.workgroup_count = array<i64: 4, 8, 1>}
// MANY:          %[[COL:.*]] = affine.apply affine_map<()[s0] -> (s0 * 1024)>()[%[[X]]]
// MANY:          tensor.extract_slice %{{.*}}[%[[Y]], %[[COL]]] [1, 1024] [1, 1]
func.func @two_dims(%a: tensor<8x4096xf32>, %out: tensor<8x4096xf32> {kiln.cpu.output = 0 : i64}) -> tensor<8x4096xf32> {
  %r = linalg.exp ins(%a : tensor<8x4096xf32>) outs(%out : tensor<8x4096xf32>) -> tensor<8x4096xf32>
  return %r : tensor<8x4096xf32>
}

// -----

// Outputs written by more than one op: one workgroup does everything.
// CHECK-LABEL: func.func @two_roots
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 1, 1, 1>}
func.func @two_roots(%a: tensor<1024x256xf32>,
                     %out0: tensor<1024x256xf32> {kiln.cpu.output = 0 : i64},
                     %out1: tensor<1024x256xf32> {kiln.cpu.output = 1 : i64})
    -> (tensor<1024x256xf32>, tensor<1024x256xf32>) {
  %r0 = linalg.exp ins(%a : tensor<1024x256xf32>) outs(%out0 : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  %r1 = linalg.negf ins(%a : tensor<1024x256xf32>) outs(%out1 : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  return %r0, %r1 : tensor<1024x256xf32>, tensor<1024x256xf32>
}

// -----

// Grouped-query attention reads K's head `h floordiv 2`: the head loop
// stays whole (a tile straddling a group would get too small a K slice);
// the query loop is split instead.
// CHECK-LABEL: func.func @grouped_heads
// CHECK-SAME:    %[[K:[^:]*]]: tensor<2x128x64xf32>
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>}
// CHECK:         %[[Q:.*]] = tensor.extract_slice %{{.*}}[0, %{{.*}}, 0] [4, 8, 64] [1, 1, 1]
// CHECK:         linalg.generic {{.*}} ins(%[[Q]], %[[K]] : tensor<4x8x64xf32>, tensor<2x128x64xf32>)
func.func @grouped_heads(%q: tensor<4x128x64xf32>, %k: tensor<2x128x64xf32>,
                         %out: tensor<4x128x128xf32> {kiln.cpu.output = 0 : i64}) -> tensor<4x128x128xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(h, i, j, e) -> (h, i, e)>,
                                        affine_map<(h, i, j, e) -> (h floordiv 2, j, e)>,
                                        affine_map<(h, i, j, e) -> (h, i, j)>],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<4x128x64xf32>, tensor<2x128x64xf32>) outs(%out : tensor<4x128x128xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x128x128xf32>
  return %r : tensor<4x128x128xf32>
}

// -----

// A fused producer writes its tile into a tile-size tensor.empty, not into a
// slice of a whole-size one: the temporary shrinks to the tile.
// CHECK-LABEL: func.func @producer_temporary
// CHECK-SAME:    attributes {kiln.cpu.workgroup_count = array<i64: 16, 1, 1>}
// CHECK:         %[[TILE:.*]] = tensor.empty() : tensor<64x256xf32>
// CHECK:         %[[EXP:.*]] = linalg.exp ins(%{{.*}} : tensor<64x256xf32>) outs(%[[TILE]] : tensor<64x256xf32>)
// CHECK:         linalg.negf ins(%[[EXP]] : tensor<64x256xf32>)
func.func @producer_temporary(%a: tensor<1024x256xf32>, %out: tensor<1024x256xf32> {kiln.cpu.output = 0 : i64}) -> tensor<1024x256xf32> {
  %empty = tensor.empty() : tensor<1024x256xf32>
  %e = linalg.exp ins(%a : tensor<1024x256xf32>) outs(%empty : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  %r = linalg.negf ins(%e : tensor<1024x256xf32>) outs(%out : tensor<1024x256xf32>) -> tensor<1024x256xf32>
  return %r : tensor<1024x256xf32>
}
