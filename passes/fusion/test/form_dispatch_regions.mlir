// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-form-dispatch-regions))' | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// An elementwise producer used only by the reduction joins its region; the
// empty tensor and the fill are cloned in; the reshape stays outside.
// CHECK-LABEL: func.func @exp_then_sum
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
func.func @exp_then_sum(%x: tensor<4x8xf32>) -> tensor<2x2xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %exp = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %0 = math.exp %a : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %r = tensor.empty() : tensor<4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%r : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  %s = tensor.expand_shape %sum [[0, 1]] output_shape [2, 2] : tensor<4xf32> into tensor<2x2xf32>
  return %s : tensor<2x2xf32>
  // CHECK-NEXT: %[[R:.*]] = kexec.region -> tensor<4xf32> {
  // CHECK-DAG:    tensor.empty() : tensor<4x8xf32>
  // CHECK-DAG:    arith.constant 0.0
  // CHECK-DAG:    tensor.empty() : tensor<4xf32>
  // CHECK:        math.exp
  // CHECK:        %[[FILL:.*]] = linalg.fill
  // CHECK:        %[[SUM:.*]] = linalg.generic {{.*}} outs(%[[FILL]] : tensor<4xf32>)
  // CHECK:        kexec.yield %[[SUM]] : tensor<4xf32>
  // CHECK-NEXT: }
  // CHECK-NEXT: %[[S:.*]] = tensor.expand_shape %[[R]]
  // CHECK-NEXT: return %[[S]]
}

// -----

#id = affine_map<(d0) -> (d0)>

// A value used by two kernels is computed once: no producer fusion.
// CHECK-LABEL: func.func @shared_producer
func.func @shared_producer(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %y = math.exp %a : f32
    linalg.yield %y : f32
  } -> tensor<4xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%0 : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %y = math.log %a : f32
    linalg.yield %y : f32
  } -> tensor<4xf32>
  // CHECK: %[[A:.*]] = kexec.region
  // CHECK:   math.exp
  // CHECK: kexec.region
  // CHECK:   ins(%[[A]] : tensor<4xf32>)
  // CHECK:   math.log
  // CHECK-NOT: tensor.empty
  // CHECK: return
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// A reshaped empty destination is cloned in with its reshape.
// CHECK-LABEL: func.func @reshaped_destination
func.func @reshaped_destination(%x: tensor<4x8xf32>) -> tensor<4x1xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %r = tensor.expand_shape %e [[0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
  %c = tensor.collapse_shape %r [[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
  // CHECK: kexec.region
  // CHECK:   tensor.empty() : tensor<4xf32>
  // CHECK:   tensor.expand_shape
  // CHECK:   tensor.collapse_shape
  // CHECK:   linalg.generic
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x8xf32>) outs(%c : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  // CHECK: }
  // CHECK-NOT: tensor.empty
  %s = tensor.expand_shape %sum [[0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
  return %s : tensor<4x1xf32>
}

// -----

// A loop over tensors (an RNN's time steps) runs whole in one kernel, with
// the empty it starts from; a cast of an empty is cloned in too.
// CHECK-LABEL: func.func @recurrence
func.func @recurrence(%x: tensor<4xf32>, %n: index) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = tensor.empty() : tensor<4xf32>
  %d = tensor.cast %e : tensor<4xf32> to tensor<?xf32>
  // CHECK: kexec.region -> tensor<?xf32> {
  // CHECK:   tensor.empty() : tensor<4xf32>
  // CHECK:   tensor.cast
  // CHECK:   scf.for
  // CHECK:     linalg.add
  // CHECK:   kexec.yield
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %d) -> (tensor<?xf32>) {
    %c = tensor.cast %acc : tensor<?xf32> to tensor<4xf32>
    %s = linalg.add ins(%c, %x : tensor<4xf32>, tensor<4xf32>) outs(%c : tensor<4xf32>) -> tensor<4xf32>
    %b = tensor.cast %s : tensor<4xf32> to tensor<?xf32>
    scf.yield %b : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// A scalar read from tensor data (a pad value, and arithmetic on it) is
// recomputed inside the kernel, which takes the tensor: the host knows only
// what it can compute before the run.
// CHECK-LABEL: func.func @pad_value
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[V:.*]]: tensor<f32>)
func.func @pad_value(%x: tensor<4xf32>, %v: tensor<f32>) -> tensor<6xf32> {
  %value = tensor.extract %v[] : tensor<f32>
  %twice = arith.addf %value, %value : f32
  %p = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %twice : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %p : tensor<6xf32>
  // CHECK-NEXT: %[[R:.*]] = kexec.region -> tensor<6xf32> {
  // CHECK-NEXT:   %[[E:.*]] = tensor.extract %[[V]][]
  // CHECK-NEXT:   %[[T:.*]] = arith.addf %[[E]], %[[E]]
  // CHECK-NEXT:   tensor.pad %[[X]]
  // CHECK:        tensor.yield %[[T]]
  // CHECK:      return %[[R]]
}

// -----

// A fill the function returns is a kernel of its own (an empty reduction).
// CHECK-LABEL: func.func @returned_fill
func.func @returned_fill() -> tensor<2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %f : tensor<2x4xf32>
  // CHECK-NEXT: %[[R:.*]] = kexec.region -> tensor<2x4xf32> {
  // CHECK:        linalg.fill
  // CHECK:      return %[[R]]
}

// -----

// A reduction's fill of a reshaped empty tensor (global pooling's [N, C]
// sum viewed as [N, C, 1, 1]) is cloned into the reduction's kernel, which
// then writes its output directly.
// CHECK-LABEL: func.func @fill_of_reshaped_empty
func.func @fill_of_reshaped_empty(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4xf32>
  %v = tensor.expand_shape %e [[0], [1, 2, 3]] output_shape [1, 4, 1, 1] : tensor<1x4xf32> into tensor<1x4x1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%v : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, 0, 0)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x : tensor<1x4x8x8xf32>) outs(%f : tensor<1x4x1x1xf32>) {
  ^bb0(%a: f32, %b: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<1x4x1x1xf32>
  return %r : tensor<1x4x1x1xf32>
  // CHECK-NEXT: %[[R:.*]] = kexec.region -> tensor<1x4x1x1xf32> {
  // CHECK-DAG:    tensor.empty() : tensor<1x4xf32>
  // CHECK-DAG:    tensor.expand_shape
  // CHECK:        %[[FILL:.*]] = linalg.fill
  // CHECK:        %[[SUM:.*]] = linalg.generic {{.*}} outs(%[[FILL]] : tensor<1x4x1x1xf32>)
  // CHECK:        kexec.yield %[[SUM]]
  // CHECK-NEXT: }
  // CHECK-NEXT: return %[[R]]
}

// -----

// A QKV split: the slice of the projection's last dim, flattened and
// reshaped into heads, becomes a slice of a reshaped view of the projection
// and joins the kernel of the transpose that reads it. No copy of the slice.
// CHECK-LABEL: func.func @qkv_heads
// CHECK-SAME: (%[[QKV:.*]]: tensor<16x1x192xf32>)
func.func @qkv_heads(%qkv: tensor<16x1x192xf32>) -> tensor<4x16x16xf32> {
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[QKV]] {{\[\[}}0, 1, 2]] : tensor<16x1x192xf32> into tensor<3072xf32>
  // CHECK: %[[VIEW:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2]] output_shape [16, 12, 16] : tensor<3072xf32> into tensor<16x12x16xf32>
  // CHECK: kexec.region -> tensor<4x16x16xf32> {
  // CHECK: tensor.extract_slice %[[VIEW]][0, 4, 0] [16, 4, 16] [1, 1, 1] : tensor<16x12x16xf32> to tensor<16x4x16xf32>
  // CHECK: linalg.transpose
  // CHECK-NOT: kexec.region
  %k = tensor.extract_slice %qkv[0, 0, 64] [16, 1, 64] [1, 1, 1] : tensor<16x1x192xf32> to tensor<16x1x64xf32>
  %flat = tensor.collapse_shape %k [[0, 1, 2]] : tensor<16x1x64xf32> into tensor<1024xf32>
  %heads = tensor.expand_shape %flat [[0, 1, 2]] output_shape [16, 4, 16] : tensor<1024xf32> into tensor<16x4x16xf32>
  %e = tensor.empty() : tensor<4x16x16xf32>
  %t = linalg.transpose ins(%heads : tensor<16x4x16xf32>) outs(%e : tensor<4x16x16xf32>) permutation = [1, 0, 2]
  return %t : tensor<4x16x16xf32>
}

// -----

// A slice whose range does not split into whole heads stays a kernel of its
// own, read through the reshapes.
// CHECK-LABEL: func.func @slice_not_in_heads
func.func @slice_not_in_heads(%x: tensor<4x10xf32>) -> tensor<3x4xf32> {
  // CHECK: kexec.region -> tensor<4x3xf32>
  // CHECK: tensor.extract_slice
  // CHECK: kexec.region -> tensor<3x4xf32>
  %s = tensor.extract_slice %x[0, 1] [4, 3] [1, 1] : tensor<4x10xf32> to tensor<4x3xf32>
  %flat = tensor.collapse_shape %s [[0, 1]] : tensor<4x3xf32> into tensor<12xf32>
  %v = tensor.expand_shape %flat [[0, 1]] output_shape [3, 4] : tensor<12xf32> into tensor<3x4xf32>
  %e = tensor.empty() : tensor<3x4xf32>
  %t = linalg.copy ins(%v : tensor<3x4xf32>) outs(%e : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %t : tensor<3x4xf32>
}
