// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// RUN: kiln-opt %s --split-input-file --canonicalize | FileCheck %s --check-prefix=CANON
// Every nn op prints in its custom form and parses back to the same IR; the
// CANON cases at the end check folders and canonicalization patterns.

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> (tensor<1x16x32x32xf32>, tensor<1x16x15x15xf32>) {
  // CHECK: kiln.conv %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  %0 = kiln.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  // Attributes equal to their default (group = 1) are not printed.
  // CHECK: kiln.conv %{{.*}}, %{{.*}} {auto_pad = "VALID", dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x15x15xf32>
  %1 = kiln.conv %x, %w {auto_pad = "VALID", dilations = array<i64: 1, 1>, group = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x15x15xf32>
  return %0, %1 : tensor<1x16x32x32xf32>, tensor<1x16x15x15xf32>
}

// -----

// CHECK-LABEL: func.func @conv_transpose
func.func @conv_transpose(%x: tensor<1x8x4x4xf16>, %w: tensor<8x4x3x3xf16>, %b: tensor<8xf16>) -> (tensor<1x8x9x9xf16>, tensor<1x8x10x10xf16>) {
  // CHECK: kiln.conv_transpose %{{.*}}, %{{.*}}, %{{.*}} {group = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf16>, tensor<8x4x3x3xf16>, tensor<8xf16>) -> tensor<1x8x9x9xf16>
  %0 = kiln.conv_transpose %x, %w, %b {group = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf16>, tensor<8x4x3x3xf16>, tensor<8xf16>) -> tensor<1x8x9x9xf16>
  // CHECK: kiln.conv_transpose %{{.*}}, %{{.*}} {group = 2 : i64, output_padding = array<i64: 1, 1>, output_shape = array<i64: 10, 10>, strides = array<i64: 2, 2>}
  %1 = kiln.conv_transpose %x, %w {group = 2 : i64, output_padding = array<i64: 1, 1>, output_shape = array<i64: 10, 10>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf16>, tensor<8x4x3x3xf16>) -> tensor<1x8x10x10xf16>
  return %0, %1 : tensor<1x8x9x9xf16>, tensor<1x8x10x10xf16>
}

// -----

// CHECK-LABEL: func.func @deform_conv
func.func @deform_conv(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x2x2xf32>, %off: tensor<1x8x2x2xf32>, %b: tensor<1xf32>, %m: tensor<1x4x2x2xf32>, %x2: tensor<1x2x3x3xf32>, %w2: tensor<1x2x2x2xf32>, %off2: tensor<1x16x2x2xf32>, %m2: tensor<1x8x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  // CHECK: kiln.deform_conv %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x8x2x2xf32>) -> tensor<1x1x2x2xf32>
  %0 = kiln.deform_conv %x, %w, %off : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x8x2x2xf32>) -> tensor<1x1x2x2xf32>
  // CHECK: kiln.deform_conv %{{.*}}, %{{.*}}, %{{.*}} mask(%{{.*}}) : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x8x2x2xf32>, tensor<1x4x2x2xf32>)
  %1 = kiln.deform_conv %x, %w, %off mask(%m) : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x8x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x1x2x2xf32>
  // CHECK: kiln.deform_conv %{{.*}}, %{{.*}}, %{{.*}} B(%{{.*}}) mask(%{{.*}}) {offset_group = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<1x2x2x2xf32>, tensor<1x16x2x2xf32>, tensor<1xf32>, tensor<1x8x2x2xf32>) -> tensor<1x1x2x2xf32>
  %2 = kiln.deform_conv %x2, %w2, %off2 B(%b) mask(%m2) {offset_group = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<1x2x2x2xf32>, tensor<1x16x2x2xf32>, tensor<1xf32>, tensor<1x8x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0, %1, %2 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x3x32x32xf32>, %q: tensor<1x3x8x8xi8>) {
  // CHECK: kiln.max_pool %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, tensor<1x3x16x16xi64>)
  %y, %i = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, tensor<1x3x16x16xi64>)
  // CHECK: kiln.max_pool %{{.*}} {kernel_shape = array<i64: 3, 3>} : (tensor<1x3x8x8xi8>) -> (tensor<1x3x6x6xi8>, tensor<1x3x6x6xi64>)
  %qy, %qi = kiln.max_pool %q {kernel_shape = array<i64: 3, 3>} : (tensor<1x3x8x8xi8>) -> (tensor<1x3x6x6xi8>, tensor<1x3x6x6xi64>)
  // CHECK: kiln.average_pool %{{.*}} {auto_pad = "SAME_UPPER", count_include_pad = 1 : i64, kernel_shape = array<i64: 3, 3>} : (tensor<1x3x32x32xf32>) -> tensor<1x3x32x32xf32>
  %a = kiln.average_pool %x {auto_pad = "SAME_UPPER", count_include_pad = 1 : i64, kernel_shape = array<i64: 3, 3>} : (tensor<1x3x32x32xf32>) -> tensor<1x3x32x32xf32>
  // CHECK: kiln.lp_pool %{{.*}} {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, p = 3 : i64, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> tensor<1x3x16x16xf32>
  %l = kiln.lp_pool %x {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, p = 3 : i64, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> tensor<1x3x16x16xf32>
  // CHECK: kiln.global_average_pool %{{.*}} : (tensor<1x3x32x32xf32>) -> tensor<1x3x1x1xf32>
  %ga = kiln.global_average_pool %x : (tensor<1x3x32x32xf32>) -> tensor<1x3x1x1xf32>
  // CHECK: kiln.global_max_pool %{{.*}} : (tensor<1x3x32x32xf32>) -> tensor<1x3x1x1xf32>
  %gm = kiln.global_max_pool %x : (tensor<1x3x32x32xf32>) -> tensor<1x3x1x1xf32>
  // CHECK: kiln.global_lp_pool %{{.*}} {p = 1 : i64} : (tensor<1x3x32x32xf32>) -> tensor<?x3x1x1xf32>
  %gl = kiln.global_lp_pool %x {p = 1 : i64} : (tensor<1x3x32x32xf32>) -> tensor<?x3x1x1xf32>
  return
}

// -----

// CHECK-LABEL: func.func @max_unpool
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>, %s: tensor<4xi64>) -> (tensor<1x1x4x4xf32>, tensor<?x?x?x?xf32>) {
  // CHECK: kiln.max_unpool %{{.*}}, %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  %0 = kiln.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  // CHECK: kiln.max_unpool %{{.*}}, %{{.*}}, %{{.*}} {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  %1 = kiln.max_unpool %x, %i, %s {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  return %0, %1 : tensor<1x1x4x4xf32>, tensor<?x?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @batch_normalization
func.func @batch_normalization(%x: tensor<2x8x4x4xbf16>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf16>, %v: tensor<8xf16>) -> tensor<2x8x4x4xbf16> {
  // CHECK: %[[Y:[^,]*]], %{{.*}}, %{{.*}} = kiln.batch_normalization %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32, momentum = 8.000000e-01 : f32, training_mode = 1 : i64} : (tensor<2x8x4x4xbf16>, tensor<8xf32>, tensor<8xf32>, tensor<8xf16>, tensor<8xf16>) -> (tensor<2x8x4x4xbf16>, tensor<8xf16>, tensor<8xf16>)
  %y, %rm, %rv = kiln.batch_normalization %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32, momentum = 0.8 : f32, training_mode = 1 : i64} : (tensor<2x8x4x4xbf16>, tensor<8xf32>, tensor<8xf32>, tensor<8xf16>, tensor<8xf16>) -> (tensor<2x8x4x4xbf16>, tensor<8xf16>, tensor<8xf16>)
  // CHECK: return %[[Y]]
  return %y : tensor<2x8x4x4xbf16>
}

// -----

// CHECK-LABEL: func.func @normalizations
func.func @normalizations(%x: tensor<2x4x8xf16>, %c: tensor<4xf16>, %l: tensor<8xf16>, %r: tensor<8xf32>) {
  // CHECK: kiln.instance_normalization %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 0.00999999977 : f32} : (tensor<2x4x8xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x4x8xf16>
  %0 = kiln.instance_normalization %x, %c, %c {epsilon = 1.0e-2 : f32} : (tensor<2x4x8xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x4x8xf16>
  // CHECK: kiln.layer_normalization %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x4x8xf16>, tensor<8xf16>, tensor<8xf16>) -> (tensor<2x4x8xf16>, tensor<2x4x1xf32>, tensor<2x4x1xf32>)
  %1:3 = kiln.layer_normalization %x, %l, %l : (tensor<2x4x8xf16>, tensor<8xf16>, tensor<8xf16>) -> (tensor<2x4x8xf16>, tensor<2x4x1xf32>, tensor<2x4x1xf32>)
  // CHECK: kiln.layer_normalization %{{.*}}, %{{.*}} {axis = 1 : i64, stash_type = f16} : (tensor<2x4x8xf16>, tensor<4x8xf16>) -> (tensor<2x4x8xf16>, tensor<2x1x1xf16>, tensor<2x1x1xf16>)
  %s = kiln.constant dense<1.0> : tensor<4x8xf16>
  %2:3 = kiln.layer_normalization %x, %s {axis = 1 : i64, stash_type = f16} : (tensor<2x4x8xf16>, tensor<4x8xf16>) -> (tensor<2x4x8xf16>, tensor<2x1x1xf16>, tensor<2x1x1xf16>)
  // CHECK: kiln.group_normalization %{{.*}}, %{{.*}}, %{{.*}} {num_groups = 2 : i64, stash_type = f64} : (tensor<2x4x8xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x4x8xf16>
  %3 = kiln.group_normalization %x, %c, %c {num_groups = 2 : i64, stash_type = f64} : (tensor<2x4x8xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x4x8xf16>
  // CHECK: kiln.rms_normalization %{{.*}}, %{{.*}} : (tensor<2x4x8xf16>, tensor<8xf32>) -> tensor<2x4x8xf32>
  %4 = kiln.rms_normalization %x, %r : (tensor<2x4x8xf16>, tensor<8xf32>) -> tensor<2x4x8xf32>
  // CHECK: kiln.lp_normalization %{{.*}} {axis = 1 : i64, p = 1 : i64} : (tensor<2x4x8xf16>) -> tensor<2x4x8xf16>
  %5 = kiln.lp_normalization %x {axis = 1 : i64, p = 1 : i64} : (tensor<2x4x8xf16>) -> tensor<2x4x8xf16>
  // CHECK: kiln.mean_variance_normalization %{{.*}} {axes = array<i64: 0, 2>} : (tensor<2x4x8xf16>) -> tensor<2x4x8xf16>
  %6 = kiln.mean_variance_normalization %x {axes = array<i64: 0, 2>} : (tensor<2x4x8xf16>) -> tensor<2x4x8xf16>
  // CHECK: kiln.lrn %{{.*}} {alpha = 2.000000e-04 : f32, size = 3 : i64} : (tensor<2x4x8xf16>) -> tensor<2x4x8xf16>
  %7 = kiln.lrn %x {alpha = 2.0e-4 : f32, size = 3 : i64} : (tensor<2x4x8xf16>) -> tensor<2x4x8xf16>
  return
}

// -----

// CHECK-LABEL: func.func @dropout
func.func @dropout(%x: tensor<4x8xf32>, %r: tensor<f32>, %t: tensor<i1>) -> (tensor<4x8xf32>, tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>) {
  // CHECK: kiln.dropout %{{.*}} ratio(%{{.*}}) training_mode(%{{.*}}) {seed = 7 : i64} : (tensor<4x8xf32>, tensor<f32>, tensor<i1>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  %0, %1 = kiln.dropout %x ratio(%r) training_mode(%t) {seed = 7 : i64} : (tensor<4x8xf32>, tensor<f32>, tensor<i1>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  // CHECK: kiln.dropout %{{.*}} training_mode(%{{.*}}) : (tensor<4x8xf32>, tensor<i1>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  %2, %3 = kiln.dropout %x training_mode(%t) : (tensor<4x8xf32>, tensor<i1>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  // CHECK: kiln.dropout %{{.*}} : (tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  %4, %5 = kiln.dropout %x : (tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  return %0, %1, %2, %4 : tensor<4x8xf32>, tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x3x8x8xf32>, %u: tensor<2x5xui8>, %scales: tensor<4xf32>, %roi: tensor<8xf32>, %sizes: tensor<2xi64>) {
  // CHECK: kiln.resize %{{.*}} scales(%{{.*}}) {mode = "linear"} : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  %0 = kiln.resize %x scales(%scales) {mode = "linear"} : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  // CHECK: kiln.resize %{{.*}} roi(%{{.*}}) sizes(%{{.*}}) {axes = array<i64: 2, 3>, coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 1.000000e+00 : f32} : (tensor<1x3x8x8xf32>, tensor<8xf32>, tensor<2xi64>) -> tensor<1x3x?x?xf32>
  %1 = kiln.resize %x roi(%roi) sizes(%sizes) {axes = array<i64: 2, 3>, coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 1.0 : f32} : (tensor<1x3x8x8xf32>, tensor<8xf32>, tensor<2xi64>) -> tensor<1x3x?x?xf32>
  // CHECK: kiln.resize %{{.*}} sizes(%{{.*}}) {antialias = 1 : i64, cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = 1 : i64, keep_aspect_ratio_policy = "not_larger", mode = "cubic", nearest_mode = "floor"} : (tensor<2x5xui8>, tensor<2xi64>) -> tensor<?x?xui8>
  %2 = kiln.resize %u sizes(%sizes) {antialias = 1 : i64, cubic_coeff_a = -0.5 : f32, exclude_outside = 1 : i64, keep_aspect_ratio_policy = "not_larger", mode = "cubic", nearest_mode = "floor"} : (tensor<2x5xui8>, tensor<2xi64>) -> tensor<?x?xui8>
  return
}

// -----

// CHECK-LABEL: func.func @sampling
func.func @sampling(%x: tensor<1x3x8x8xf32>, %grid: tensor<1x4x4x2xf32>, %theta: tensor<2x2x3xf32>, %size: tensor<4xi64>) -> (tensor<1x3x4x4xf32>, tensor<2x?x?x2xf32>) {
  // CHECK: kiln.grid_sample %{{.*}}, %{{.*}} {align_corners = 1 : i64, mode = "cubic", padding_mode = "border"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
  %0 = kiln.grid_sample %x, %grid {align_corners = 1 : i64, mode = "cubic", padding_mode = "border"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
  // CHECK: kiln.affine_grid %{{.*}}, %{{.*}} : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf32>
  %1 = kiln.affine_grid %theta, %size : (tensor<2x2x3xf32>, tensor<4xi64>) -> tensor<2x?x?x2xf32>
  return %0, %1 : tensor<1x3x4x4xf32>, tensor<2x?x?x2xf32>
}

// -----

// CHECK-LABEL: func.func @detection
func.func @detection(%x: tensor<1x256x32x32xf32>, %rois: tensor<10x4xf32>, %idx: tensor<10xi64>, %boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %n: tensor<1xi64>, %iou: tensor<f32>) -> (tensor<10x256x7x7xf32>, tensor<?x3xi64>, tensor<?x3xi64>) {
  // CHECK: kiln.roi_align %{{.*}}, %{{.*}}, %{{.*}} {coordinate_transformation_mode = "output_half_pixel", mode = "max", output_height = 7 : i64, output_width = 7 : i64, sampling_ratio = 2 : i64, spatial_scale = 6.250000e-02 : f32} : (tensor<1x256x32x32xf32>, tensor<10x4xf32>, tensor<10xi64>) -> tensor<10x256x7x7xf32>
  %0 = kiln.roi_align %x, %rois, %idx {coordinate_transformation_mode = "output_half_pixel", mode = "max", output_height = 7 : i64, output_width = 7 : i64, sampling_ratio = 2 : i64, spatial_scale = 0.0625 : f32} : (tensor<1x256x32x32xf32>, tensor<10x4xf32>, tensor<10xi64>) -> tensor<10x256x7x7xf32>
  // CHECK: kiln.non_max_suppression %{{.*}}, %{{.*}} max_output_boxes_per_class(%{{.*}}) iou_threshold(%{{.*}}) {center_point_box = 1 : i64} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<f32>) -> tensor<?x3xi64>
  %1 = kiln.non_max_suppression %boxes, %scores max_output_boxes_per_class(%n) iou_threshold(%iou) {center_point_box = 1 : i64} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<f32>) -> tensor<?x3xi64>
  // CHECK: kiln.non_max_suppression %{{.*}}, %{{.*}} score_threshold(%{{.*}}) : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<f32>) -> tensor<?x3xi64>
  %2 = kiln.non_max_suppression %boxes, %scores score_threshold(%iou) : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<f32>) -> tensor<?x3xi64>
  return %0, %1, %2 : tensor<10x256x7x7xf32>, tensor<?x3xi64>, tensor<?x3xi64>
}

// -----

// CHECK-LABEL: func.func @recurrent
func.func @recurrent(%x: tensor<5x2x3xf32>, %lens: tensor<5xi32>) {
  %w1 = kiln.constant dense<0.1> : tensor<1x4x3xf32>
  %r1 = kiln.constant dense<0.1> : tensor<1x4x4xf32>
  %b1 = kiln.constant dense<0.0> : tensor<1x8xf32>
  %h1 = kiln.constant dense<0.0> : tensor<1x2x4xf32>
  // CHECK: kiln.rnn %{{.*}}, %{{.*}}, %{{.*}} B(%{{.*}}) initial_h(%{{.*}}) {activations = ["Relu"], clip = 5.000000e+00 : f32, hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %0:2 = kiln.rnn %x, %w1, %r1 B(%b1) initial_h(%h1) {activations = ["Relu"], clip = 5.0 : f32, hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %w3 = kiln.constant dense<0.1> : tensor<2x12x3xf32>
  %r3 = kiln.constant dense<0.1> : tensor<2x12x4xf32>
  // With layout 1, X is batch x seq x input.
  // CHECK: kiln.gru %{{.*}}, %{{.*}}, %{{.*}} sequence_lens(%{{.*}}) {direction = "bidirectional", layout = 1 : i64, linear_before_reset = 1 : i64} : (tensor<5x2x3xf32>, tensor<2x12x3xf32>, tensor<2x12x4xf32>, tensor<5xi32>) -> (tensor<5x2x2x4xf32>, tensor<5x2x4xf32>)
  %1:2 = kiln.gru %x, %w3, %r3 sequence_lens(%lens) {direction = "bidirectional", layout = 1 : i64, linear_before_reset = 1 : i64} : (tensor<5x2x3xf32>, tensor<2x12x3xf32>, tensor<2x12x4xf32>, tensor<5xi32>) -> (tensor<5x2x2x4xf32>, tensor<5x2x4xf32>)
  %w4 = kiln.constant dense<0.1> : tensor<1x16x3xf32>
  %r4 = kiln.constant dense<0.1> : tensor<1x16x4xf32>
  %p4 = kiln.constant dense<0.1> : tensor<1x12xf32>
  // CHECK: kiln.lstm %{{.*}}, %{{.*}}, %{{.*}} initial_h(%{{.*}}) initial_c(%{{.*}}) P(%{{.*}}) {activation_alpha = array<f32: 1.000000e+00>, activations = ["Sigmoid", "Tanh", "Tanh"], direction = "reverse", input_forget = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  %2:3 = kiln.lstm %x, %w4, %r4 initial_h(%h1) initial_c(%h1) P(%p4) {activation_alpha = array<f32: 1.0>, activations = ["Sigmoid", "Tanh", "Tanh"], direction = "reverse", input_forget = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @attention
func.func @attention(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x16x64xf16>, %v: tensor<2x2x16x32xf32>, %mask: tensor<16x24xi1>, %pk: tensor<2x2x8x64xf16>, %pv: tensor<2x2x8x32xf32>, %q3: tensor<2x16x512xf16>, %k3: tensor<2x16x128xf16>, %v3: tensor<2x16x64xf32>) {
  // CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}} attn_mask(%{{.*}}) past_key(%{{.*}}) past_value(%{{.*}}) {is_causal = 1 : i64, scale = 1.250000e-01 : f32, softmax_precision = f32} : (tensor<2x8x16x64xf16>, tensor<2x2x16x64xf16>, tensor<2x2x16x32xf32>, tensor<16x24xi1>, tensor<2x2x8x64xf16>, tensor<2x2x8x32xf32>) -> (tensor<2x8x16x32xf16>, tensor<2x2x24x64xf16>, tensor<2x2x24x32xf32>, tensor<2x8x16x24xf16>)
  %0:4 = kiln.attention %q, %k, %v attn_mask(%mask) past_key(%pk) past_value(%pv) {is_causal = 1 : i64, scale = 0.125 : f32, softmax_precision = f32} : (tensor<2x8x16x64xf16>, tensor<2x2x16x64xf16>, tensor<2x2x16x32xf32>, tensor<16x24xi1>, tensor<2x2x8x64xf16>, tensor<2x2x8x32xf32>) -> (tensor<2x8x16x32xf16>, tensor<2x2x24x64xf16>, tensor<2x2x24x32xf32>, tensor<2x8x16x24xf16>)
  // CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}} {kv_num_heads = 2 : i64, q_num_heads = 8 : i64} : (tensor<2x16x512xf16>, tensor<2x16x128xf16>, tensor<2x16x64xf32>) -> (tensor<2x16x256xf16>, tensor<2x2x16x64xf16>, tensor<2x2x16x32xf32>, tensor<2x8x16x16xf16>)
  %1:4 = kiln.attention %q3, %k3, %v3 {kv_num_heads = 2 : i64, q_num_heads = 8 : i64} : (tensor<2x16x512xf16>, tensor<2x16x128xf16>, tensor<2x16x64xf32>) -> (tensor<2x16x256xf16>, tensor<2x2x16x64xf16>, tensor<2x2x16x32xf32>, tensor<2x8x16x16xf16>)
  return
}

// -----

// CHECK-LABEL: func.func @rotary_embedding
func.func @rotary_embedding(%x: tensor<1x4x8x16xbf16>, %cos: tensor<64x8xbf16>, %pos: tensor<1x8xi64>, %x3: tensor<1x8x64xbf16>, %cos3: tensor<1x8x8xbf16>) -> (tensor<1x4x8x16xbf16>, tensor<1x8x64xbf16>) {
  // CHECK: kiln.rotary_embedding %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {interleaved = 1 : i64} : (tensor<1x4x8x16xbf16>, tensor<64x8xbf16>, tensor<64x8xbf16>, tensor<1x8xi64>) -> tensor<1x4x8x16xbf16>
  %0 = kiln.rotary_embedding %x, %cos, %cos, %pos {interleaved = 1 : i64} : (tensor<1x4x8x16xbf16>, tensor<64x8xbf16>, tensor<64x8xbf16>, tensor<1x8xi64>) -> tensor<1x4x8x16xbf16>
  // CHECK: kiln.rotary_embedding %{{.*}}, %{{.*}}, %{{.*}} {num_heads = 4 : i64, rotary_embedding_dim = 8 : i64} : (tensor<1x8x64xbf16>, tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) -> tensor<1x8x64xbf16>
  %1 = kiln.rotary_embedding %x3, %cos3, %cos3 {num_heads = 4 : i64, rotary_embedding_dim = 8 : i64} : (tensor<1x8x64xbf16>, tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) -> tensor<1x8x64xbf16>
  return %0, %1 : tensor<1x4x8x16xbf16>, tensor<1x8x64xbf16>
}

// -----

// CHECK-LABEL: func.func @losses
func.func @losses(%x: tensor<3x5x2xf32>, %t: tensor<3x2xi64>, %w: tensor<5xf32>) {
  // CHECK: kiln.negative_log_likelihood_loss %{{.*}}, %{{.*}}, %{{.*}} {ignore_index = -1 : i64, reduction = "none"} : (tensor<3x5x2xf32>, tensor<3x2xi64>, tensor<5xf32>) -> tensor<3x2xf32>
  %0 = kiln.negative_log_likelihood_loss %x, %t, %w {ignore_index = -1 : i64, reduction = "none"} : (tensor<3x5x2xf32>, tensor<3x2xi64>, tensor<5xf32>) -> tensor<3x2xf32>
  // CHECK: kiln.negative_log_likelihood_loss %{{.*}}, %{{.*}} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<f32>
  %1 = kiln.negative_log_likelihood_loss %x, %t : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<f32>
  // CHECK: kiln.softmax_cross_entropy_loss %{{.*}}, %{{.*}}, %{{.*}} {reduction = "sum"} : (tensor<3x5x2xf32>, tensor<3x2xi64>, tensor<5xf32>) -> (tensor<f32>, tensor<3x5x2xf32>)
  %2:2 = kiln.softmax_cross_entropy_loss %x, %t, %w {reduction = "sum"} : (tensor<3x5x2xf32>, tensor<3x2xi64>, tensor<5xf32>) -> (tensor<f32>, tensor<3x5x2xf32>)
  return
}

// -----

// A global pool over spatial dims of size 1 is the identity.
// CANON-LABEL: func.func @fold_global_pool
// CANON-SAME: (%[[X:.*]]: tensor<2x8x1x1xf32>, %[[Y:.*]]: tensor<2x8x3x1xf32>)
func.func @fold_global_pool(%x: tensor<2x8x1x1xf32>, %y: tensor<2x8x3x1xf32>) -> (tensor<2x8x1x1xf32>, tensor<2x8x1x1xf32>, tensor<2x8x1x1xf32>) {
  %0 = kiln.global_average_pool %x : (tensor<2x8x1x1xf32>) -> tensor<2x8x1x1xf32>
  %1 = kiln.global_max_pool %x : (tensor<2x8x1x1xf32>) -> tensor<2x8x1x1xf32>
  // CANON: %[[P:.*]] = kiln.global_average_pool %[[Y]]
  %2 = kiln.global_average_pool %y : (tensor<2x8x3x1xf32>) -> tensor<2x8x1x1xf32>
  // CANON: return %[[X]], %[[X]], %[[P]]
  return %0, %1, %2 : tensor<2x8x1x1xf32>, tensor<2x8x1x1xf32>, tensor<2x8x1x1xf32>
}

// -----

// Outside training, Dropout forwards its input; it stays while its mask is
// used, and when it may be training.
// CANON-LABEL: func.func @forward_inference_dropout
// CANON-SAME: (%[[X:.*]]: tensor<4xf32>, %[[T:.*]]: tensor<i1>)
func.func @forward_inference_dropout(%x: tensor<4xf32>, %t: tensor<i1>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xf32>) {
  %false = kiln.constant dense<false> : tensor<i1>
  %0:2 = kiln.dropout %x : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>)
  // CANON: %[[F:.*]] = kiln.constant dense<false>
  // CANON-NEXT: %{{.*}}, %[[MASK:.*]] = kiln.dropout %[[X]] training_mode(%[[F]])
  %1:2 = kiln.dropout %x training_mode(%false) : (tensor<4xf32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  // CANON-NEXT: %[[OUT:.*]], %{{.*}} = kiln.dropout %[[X]] training_mode(%[[T]])
  %2:2 = kiln.dropout %x training_mode(%t) : (tensor<4xf32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  // CANON-NEXT: return %[[X]], %[[X]], %[[MASK]], %[[OUT]]
  return %0#0, %1#0, %1#1, %2#0 : tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xf32>
}
