// RUN: kiln-opt %s --kiln-cpu-lower-to-llvm | FileCheck %s

// f32 math becomes polynomial approximations (no calls), f64 special
// functions become libm calls, horizontal reductions may reassociate.
// CHECK:       llvm.func @atan(f64) -> f64
// CHECK-LABEL: llvm.func @math
// CHECK-NOT:     math.
// CHECK-NOT:     llvm.call @exp
// CHECK-NOT:     llvm.intr.exp
// CHECK:         llvm.fmul %{{.*}} : vector<16xf32>
// CHECK:         llvm.call @atan(%{{.*}}) : (f64) -> f64
// CHECK:         "llvm.intr.vector.reduce.fadd"(%{{.*}}, %{{.*}}) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<16xf32>) -> f32
// CHECK-NOT:     vector.
// CHECK-NOT:     memref.
func.func @math(%a: memref<16xf32>, %b: memref<4xf64>,
                %out: memref<16xf32> {kiln.cpu.output = 0 : i64},
                %out2: memref<4xf64> {kiln.cpu.output = 1 : i64},
                %out3: memref<f32> {kiln.cpu.output = 2 : i64}) {
  %c0 = arith.constant 0 : index
  %p = ub.poison : f32
  %pd = ub.poison : f64
  %v = vector.transfer_read %a[%c0], %p {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  %e = math.exp %v : vector<16xf32>
  vector.transfer_write %e, %out[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
  %w = vector.transfer_read %b[%c0], %pd {in_bounds = [true]} : memref<4xf64>, vector<4xf64>
  %t = math.atan %w : vector<4xf64>
  vector.transfer_write %t, %out2[%c0] {in_bounds = [true]} : vector<4xf64>, memref<4xf64>
  %zero = arith.constant 0.0 : f32
  %s = vector.reduction <add>, %v, %zero : vector<16xf32> into f32
  memref.store %s, %out3[] : memref<f32>
  return
}

// Leftover linalg ops become scalar loops.
// CHECK-LABEL: llvm.func @scalar
// CHECK:         llvm.cond_br
// CHECK:         llvm.load %{{.*}} : !llvm.ptr -> i1
// CHECK-NOT:     linalg.
func.func @scalar(%a: memref<7xi1>, %out: memref<7xi1> {kiln.cpu.output = 0 : i64}) {
  linalg.copy ins(%a : memref<7xi1>) outs(%out : memref<7xi1>)
  return
}
