// RUN: kiln-opt %s --split-input-file --kiln-cpu-tile-and-vectorize --mlir-print-local-scope | FileCheck %s

// Elementwise chains: one vector of the innermost dim per step, the
// producer fused into the consumer's loop.
// CHECK-LABEL: func.func @elementwise
// CHECK:         scf.for %[[I:.*]] = %c0 to %c64 step %c1
// CHECK:           scf.for %[[J:.*]] = %c0 to %c256 step %c16
// CHECK:             %[[V:.*]] = vector.transfer_read %{{.*}}[%[[I]], %[[J]]], %{{.*}} {in_bounds = [true, true]} : tensor<64x256xf32>, vector<1x16xf32>
// CHECK:             %[[E:.*]] = math.exp %[[V]] : vector<1x16xf32>
// CHECK:             %[[N:.*]] = arith.negf %[[E]] : vector<1x16xf32>
// CHECK:             vector.transfer_write %[[N]], %{{.*}}[%[[I]], %[[J]]]
// CHECK-NOT:     linalg.

func.func @elementwise(%a: tensor<64x256xf32>, %out: tensor<64x256xf32> {kiln.cpu.output = 0 : i64}) -> tensor<64x256xf32> {
  %e = tensor.empty() : tensor<64x256xf32>
  %x = linalg.exp ins(%a : tensor<64x256xf32>) outs(%e : tensor<64x256xf32>) -> tensor<64x256xf32>
  %r = linalg.negf ins(%x : tensor<64x256xf32>) outs(%out : tensor<64x256xf32>) -> tensor<64x256xf32>
  return %r : tensor<64x256xf32>
}

// -----

// Innermost reductions: four vectors of partial sums carried in registers,
// the remainder (1000 = 15 * 64 + 40) peeled, one horizontal reduction per
// row.
// CHECK-LABEL: func.func @reduction
// CHECK:         scf.for %[[I:.*]] = %c0 to %c32 step %c1
// CHECK:           %[[PARTIAL:.*]] = scf.for %[[J:.*]] = %c0 to %c960 step %c64 iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<1x64xf32>)
// CHECK:             %[[V:.*]] = vector.transfer_read %{{.*}}[%[[I]], %[[J]]]{{.*}} : tensor<32x1000xf32>, vector<1x64xf32>
// CHECK:             %[[S:.*]] = arith.addf %[[V]], %[[ACC]] : vector<1x64xf32>
// CHECK:             scf.yield %[[S]] : vector<1x64xf32>
// CHECK:           vector.transfer_read %{{.*}}[%[[I]], %c960]{{.*}} : tensor<32x1000xf32>, vector<1x40xf32>
// CHECK:           vector.multi_reduction <add>, %{{.*}}, %{{.*}} [1] : vector<1x64xf32> to vector<1xf32>
// CHECK-NOT:     linalg.

func.func @reduction(%a: tensor<32x1000xf32>, %out: tensor<32xf32> {kiln.cpu.output = 0 : i64}) -> tensor<32xf32> {
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%out : tensor<32xf32>) -> tensor<32xf32>
  %r = linalg.reduce ins(%a : tensor<32x1000xf32>) outs(%f : tensor<32xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<32xf32>
}

// -----

// Transposes: 16x16 tiles read along the input's rows.
// CHECK-LABEL: func.func @transpose
// CHECK:         scf.for %[[I:.*]] = %c0 to %c32 step %c16
// CHECK:           scf.for %[[J:.*]] = %c0 to %c64 step %c16
// CHECK:             %[[T:.*]] = vector.transfer_read %{{.*}}[%[[J]], %[[I]]], %{{.*}} {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : tensor<64x32xf32>, vector<16x16xf32>
// CHECK:             vector.transfer_write %[[T]], %{{.*}}[%[[I]], %[[J]]] {in_bounds = [true, true]} : vector<16x16xf32>, tensor<32x64xf32>

func.func @transpose(%a: tensor<64x32xf32>, %out: tensor<32x64xf32> {kiln.cpu.output = 0 : i64}) -> tensor<32x64xf32> {
  %t = linalg.transpose ins(%a : tensor<64x32xf32>) outs(%out : tensor<32x64xf32>) permutation = [1, 0]
  return %t : tensor<32x64xf32>
}

// -----

// Dynamic sizes: whole vectors in the main loop, a masked last step.
// CHECK-LABEL: func.func @dynamic
// CHECK:         %[[N:.*]] = tensor.dim
// CHECK:         %[[MAIN:.*]] = affine.apply affine_map<()[s0] -> ((s0 floordiv 16) * 16)>()[%[[N]]]
// CHECK:         scf.for %{{.*}} = %c0 to %[[MAIN]] step %c16
// CHECK:           vector.transfer_read {{.*}} : tensor<?xf32>, vector<16xf32>
// CHECK:         scf.for %[[J:.*]] = %[[MAIN]] to %[[N]] step %c16
// CHECK:           %[[REST:.*]] = affine.apply affine_map<(d0)[s0] -> (-d0 + s0)>(%[[J]])[%[[N]]]
// CHECK:           %[[MASK:.*]] = vector.create_mask %[[REST]] : vector<16xi1>
// CHECK:           vector.transfer_read %{{.*}}[%c0], %{{.*}}, %[[MASK]]
// CHECK:           vector.transfer_write %{{.*}}, %{{.*}}[%c0], %[[MASK]]

func.func @dynamic(%a: tensor<?xf32> {kexec.dims = array<i64: 0>}, %out: tensor<?xf32> {kexec.dims = array<i64: 0>, kiln.cpu.output = 0 : i64}) -> tensor<?xf32> {
  %r = linalg.exp ins(%a : tensor<?xf32>) outs(%out : tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// Contractions: an 8x32 register tile of the output, one reduction index
// per step; the fill becomes the initial accumulator.
// CHECK-LABEL: func.func @matmul
// CHECK:         scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK:             %[[ACC:.*]] = scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args(%{{.*}} = %cst) -> (vector<8x32xf32>)
// CHECK:               arith.mulf %{{.*}}, %{{.*}} : vector<8x32x1xf32>
// CHECK:               arith.addf %{{.*}}, %{{.*}} : vector<8x32xf32>
// CHECK:             vector.transfer_write %[[ACC]], %{{.*}} : vector<8x32xf32>, tensor<16x64xf32>

func.func @matmul(%a: tensor<16x32xf32>, %b: tensor<32x64xf32>, %out: tensor<16x64xf32> {kiln.cpu.output = 0 : i64}) -> tensor<16x64xf32> {
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%out : tensor<16x64xf32>) -> tensor<16x64xf32>
  %r = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x64xf32>) outs(%f : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %r : tensor<16x64xf32>
}

// -----

// i1 results stay scalar (vectors of i1 are bit-packed in memory).
// CHECK-LABEL: func.func @compare
// CHECK:         linalg.generic
// CHECK-NOT:     vector.transfer_write

#id = affine_map<(d0) -> (d0)>
func.func @compare(%a: tensor<64xf32>, %out: tensor<64xi1> {kiln.cpu.output = 0 : i64}) -> tensor<64xi1> {
  %zero = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<64xf32>) outs(%out : tensor<64xi1>) {
  ^bb0(%x: f32, %o: i1):
    %c = arith.cmpf ogt, %x, %zero : f32
    linalg.yield %c : i1
  } -> tensor<64xi1>
  return %r : tensor<64xi1>
}
