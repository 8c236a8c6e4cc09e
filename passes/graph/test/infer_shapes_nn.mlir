// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s
// Expected sizes of the convolution, pooling and resize cases agree with
// onnx.shape_inference (onnx 1.19) on the same nodes.

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>, %x31: tensor<1x3x31x31xf32>, %w4: tensor<16x3x4x4xf32>, %x1d: tensor<2x4x10xf32>, %w1d: tensor<6x2x3xf32>) {
  // CHECK: kiln.conv {{.*}} -> tensor<1x16x32x32xf32>
  %0 = kiln.conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.conv {{.*}} -> tensor<1x16x16x16xf32>
  %1 = kiln.conv %x, %w {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.conv {{.*}} -> tensor<1x16x11x11xf32>
  %2 = kiln.conv %x31, %w4 {auto_pad = "SAME_LOWER", strides = array<i64: 3, 3>} : (tensor<1x3x31x31xf32>, tensor<16x3x4x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.conv {{.*}} -> tensor<1x16x14x14xf32>
  %3 = kiln.conv %x, %w {auto_pad = "VALID", dilations = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<*xf32>
  // Grouped 1-D convolution with asymmetric pads.
  // CHECK: kiln.conv {{.*}} -> tensor<2x6x4xf32>
  %4 = kiln.conv %x1d, %w1d {group = 2 : i64, pads = array<i64: 0, 2>, strides = array<i64: 3>} : (tensor<2x4x10xf32>, tensor<6x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

// Dynamic input dims stay dynamic; the others are still known.
// CHECK-LABEL: func.func @conv_dynamic
func.func @conv_dynamic(%x: tensor<?x3x?x32xf32>, %w: tensor<16x3x3x3xf32>, %u: tensor<*xf32>, %wd: tensor<16x3x?x3xf32>) {
  // CHECK: kiln.conv {{.*}} -> tensor<?x16x?x30xf32>
  %0 = kiln.conv %x, %w : (tensor<?x3x?x32xf32>, tensor<16x3x3x3xf32>) -> tensor<*xf32>
  // An unranked input still has W's rank.
  // CHECK: kiln.conv {{.*}} -> tensor<?x16x?x?xf32>
  %1 = kiln.conv %u, %w : (tensor<*xf32>, tensor<16x3x3x3xf32>) -> tensor<*xf32>
  // A dynamic kernel dim only hides its own output dim.
  // CHECK: kiln.conv {{.*}} -> tensor<?x16x?x30xf32>
  %2 = kiln.conv %x, %wd : (tensor<?x3x?x32xf32>, tensor<16x3x?x3xf32>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @conv_transpose
func.func @conv_transpose(%x: tensor<1x8x4x4xf32>, %x5: tensor<1x8x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // CHECK: kiln.conv_transpose {{.*}} -> tensor<1x8x9x9xf32>
  %0 = kiln.conv_transpose %x, %w {group = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.conv_transpose {{.*}} -> tensor<1x4x8x8xf32>
  %1 = kiln.conv_transpose %x, %w {output_padding = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.conv_transpose {{.*}} -> tensor<1x4x10x10xf32>
  %2 = kiln.conv_transpose %x5, %w {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x8x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.conv_transpose {{.*}} -> tensor<1x4x17x17xf32>
  %3 = kiln.conv_transpose %x5, %w {dilations = array<i64: 2, 2>, strides = array<i64: 3, 3>} : (tensor<1x8x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  // output_shape gives the spatial dims.
  // CHECK: kiln.conv_transpose {{.*}} -> tensor<1x4x11x12xf32>
  %4 = kiln.conv_transpose %x5, %w {output_shape = array<i64: 11, 12>, strides = array<i64: 2, 2>} : (tensor<1x8x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

// The offsets come per output position, so they fill in what the input
// cannot tell.
// CHECK-LABEL: func.func @deform_conv
func.func @deform_conv(%x: tensor<2x4x?x9xf32>, %w: tensor<6x4x3x3xf32>, %off: tensor<2x36x5x7xf32>, %m: tensor<2x18x5x7xf32>) {
  // CHECK: kiln.deform_conv {{.*}} -> tensor<2x6x5x7xf32>
  %0 = kiln.deform_conv %x, %w, %off mask(%m) {offset_group = 2 : i64} : (tensor<2x4x?x9xf32>, tensor<6x4x3x3xf32>, tensor<2x36x5x7xf32>, tensor<2x18x5x7xf32>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @pools
func.func @pools(%x4: tensor<1x1x4x4xf32>, %x5: tensor<1x1x5x5xf32>, %x79: tensor<1x3x7x9xi8>, %x32: tensor<1x3x32x32xf16>, %x6: tensor<1x3x6xf32>, %x10: tensor<1x3x10x10xf32>) {
  // CHECK: kiln.max_pool {{.*}} -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  %0:2 = kiln.max_pool %x4 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  // ceil_mode drops a last window that would start in the end padding.
  // CHECK: kiln.max_pool {{.*}} -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>)
  %1:2 = kiln.max_pool %x5 {ceil_mode = 1 : i64, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  // CHECK: kiln.max_pool {{.*}} -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  %2:2 = kiln.max_pool %x4 {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  // CHECK: kiln.max_pool {{.*}} -> (tensor<1x3x4x5xi8>, tensor<1x3x4x5xi64>)
  %3:2 = kiln.max_pool %x79 {auto_pad = "SAME_LOWER", kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x7x9xi8>) -> (tensor<*xi8>, tensor<*xi64>)
  // CHECK: kiln.average_pool {{.*}} -> tensor<1x3x16x16xf16>
  %4 = kiln.average_pool %x32 {auto_pad = "SAME_UPPER", kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf16>) -> tensor<*xf16>
  // CHECK: kiln.average_pool {{.*}} -> tensor<1x3x3xf32>
  %5 = kiln.average_pool %x6 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3>, strides = array<i64: 2>} : (tensor<1x3x6xf32>) -> tensor<*xf32>
  // CHECK: kiln.lp_pool {{.*}} -> tensor<1x3x3x3xf32>
  %6 = kiln.lp_pool %x10 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 3, 3>} : (tensor<1x3x10x10xf32>) -> tensor<*xf32>
  return
}

// -----

// An unranked input still has kernel_shape's rank.
// CHECK-LABEL: func.func @pool_unranked
func.func @pool_unranked(%x: tensor<*xf32>) {
  // CHECK: kiln.max_pool {{.*}} -> (tensor<?x?x?x?xf32>, tensor<?x?x?x?xi64>)
  %0:2 = kiln.max_pool %x {kernel_shape = array<i64: 2, 2>} : (tensor<*xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  return
}

// -----

// CHECK-LABEL: func.func @global_pools
func.func @global_pools(%x: tensor<?x64x7x?xf32>, %y: tensor<2x8x5xf64>) {
  // CHECK: kiln.global_average_pool {{.*}} -> tensor<?x64x1x1xf32>
  %0 = kiln.global_average_pool %x : (tensor<?x64x7x?xf32>) -> tensor<*xf32>
  // CHECK: kiln.global_max_pool {{.*}} -> tensor<2x8x1xf64>
  %1 = kiln.global_max_pool %y : (tensor<2x8x5xf64>) -> tensor<*xf64>
  // CHECK: kiln.global_lp_pool {{.*}} -> tensor<?x64x1x1xf32>
  %2 = kiln.global_lp_pool %x {p = 3 : i64} : (tensor<?x64x7x?xf32>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @max_unpool
func.func @max_unpool(%x: tensor<1x1x2x3xf32>, %i: tensor<1x1x2x3xi64>, %s: tensor<4xi64>) {
  // CHECK: kiln.max_unpool {{.*}} -> tensor<1x1x3x5xf32>
  %0 = kiln.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x2x3xf32>, tensor<1x1x2x3xi64>) -> tensor<*xf32>
  // A constant output_shape is the result shape.
  %shape = kiln.constant dense<[1, 1, 5, 6]> : tensor<4xi64>
  // CHECK: kiln.max_unpool {{.*}} -> tensor<1x1x5x6xf32>
  %1 = kiln.max_unpool %x, %i, %shape {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x3xf32>, tensor<1x1x2x3xi64>, tensor<4xi64>) -> tensor<*xf32>
  // A computed one only gives the rank.
  // CHECK: kiln.max_unpool {{.*}} -> tensor<?x?x?x?xf32>
  %2 = kiln.max_unpool %x, %i, %s {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x3xf32>, tensor<1x1x2x3xi64>, tensor<4xi64>) -> tensor<*xf32>
  return
}

// -----

// The channel count may come from any of the statistics.
// CHECK-LABEL: func.func @batch_normalization
func.func @batch_normalization(%x: tensor<?x?x4x4xf32>, %s: tensor<8xf32>, %m: tensor<?xf16>, %x1: tensor<5xf32>, %s1: tensor<1xf32>) {
  // CHECK: kiln.batch_normalization {{.*}} -> (tensor<?x?x4x4xf32>, tensor<8xf16>, tensor<8xf16>)
  %0:3 = kiln.batch_normalization %x, %s, %s, %m, %m : (tensor<?x?x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<?xf16>, tensor<?xf16>) -> (tensor<*xf32>, tensor<*xf16>, tensor<*xf16>)
  // A 1-D input has one channel.
  // CHECK: kiln.batch_normalization {{.*}} -> (tensor<5xf32>, tensor<1xf32>, tensor<1xf32>)
  %1:3 = kiln.batch_normalization %x1, %s1, %s1, %s1, %s1 : (tensor<5xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @normalizations
func.func @normalizations(%x: tensor<2x4x?x8xbf16>, %c: tensor<4xbf16>, %l: tensor<8xbf16>, %r: tensor<8xf16>) {
  // CHECK: kiln.instance_normalization {{.*}} -> tensor<2x4x?x8xbf16>
  %0 = kiln.instance_normalization %x, %c, %c : (tensor<2x4x?x8xbf16>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<*xbf16>
  // Mean and InvStdDev keep the dims before axis and have the stash type.
  // CHECK: kiln.layer_normalization {{.*}} -> (tensor<2x4x?x8xbf16>, tensor<2x4x?x1xf32>, tensor<2x4x?x1xf32>)
  %1:3 = kiln.layer_normalization %x, %l : (tensor<2x4x?x8xbf16>, tensor<8xbf16>) -> (tensor<*xbf16>, tensor<*xf32>, tensor<*xf32>)
  // CHECK: kiln.layer_normalization {{.*}} -> (tensor<2x4x?x8xbf16>, tensor<2x1x1x1xbf16>, tensor<2x1x1x1xbf16>)
  %2:3 = kiln.layer_normalization %x, %l {axis = -3 : i64, stash_type = bf16} : (tensor<2x4x?x8xbf16>, tensor<8xbf16>) -> (tensor<*xbf16>, tensor<*xbf16>, tensor<*xbf16>)
  // CHECK: kiln.group_normalization {{.*}} -> tensor<2x4x?x8xbf16>
  %3 = kiln.group_normalization %x, %c, %c {num_groups = 2 : i64} : (tensor<2x4x?x8xbf16>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<*xbf16>
  // RMSNormalization's result has scale's element type.
  // CHECK: kiln.rms_normalization {{.*}} -> tensor<2x4x?x8xf16>
  %4 = kiln.rms_normalization %x, %r : (tensor<2x4x?x8xbf16>, tensor<8xf16>) -> tensor<*xf16>
  // CHECK: kiln.lp_normalization {{.*}} -> tensor<2x4x?x8xbf16>
  %5 = kiln.lp_normalization %x : (tensor<2x4x?x8xbf16>) -> tensor<*xbf16>
  // CHECK: kiln.mean_variance_normalization {{.*}} -> tensor<2x4x?x8xbf16>
  %6 = kiln.mean_variance_normalization %x : (tensor<2x4x?x8xbf16>) -> tensor<*xbf16>
  // CHECK: kiln.lrn {{.*}} -> tensor<2x4x?x8xbf16>
  %7 = kiln.lrn %x {size = 3 : i64} : (tensor<2x4x?x8xbf16>) -> tensor<*xbf16>
  return
}

// -----

// CHECK-LABEL: func.func @dropout
func.func @dropout(%x: tensor<4x?xf32>) {
  // CHECK: kiln.dropout {{.*}} -> (tensor<4x?xf32>, tensor<4x?xi1>)
  %0:2 = kiln.dropout %x : (tensor<4x?xf32>) -> (tensor<*xf32>, tensor<*xi1>)
  return
}

// -----

// CHECK-LABEL: func.func @resize_constants
func.func @resize_constants(%x: tensor<1x3x8x8xf32>, %y: tensor<1x3x8x6xf32>, %z: tensor<1x3x7x6xf32>) {
  // Constant scales: floor(size * scale).
  %scales = kiln.constant dense<[1.0, 1.0, 1.5, 0.3]> : tensor<4xf32>
  // CHECK: kiln.resize {{.*}} -> tensor<1x3x12x2xf32>
  %0 = kiln.resize %x scales(%scales) {mode = "linear"} : (tensor<1x3x8x8xf32>, tensor<4xf32>) -> tensor<*xf32>
  // Constant sizes on a subset of axes.
  %sizes = kiln.constant dense<[5, 5]> : tensor<2xi64>
  // CHECK: kiln.resize {{.*}} -> tensor<1x3x5x5xf32>
  %1 = kiln.resize %y sizes(%sizes) {axes = array<i64: 2, 3>} : (tensor<1x3x8x6xf32>, tensor<2xi64>) -> tensor<*xf32>
  // Keeping the aspect ratio uses one common scale.
  // CHECK: kiln.resize {{.*}} -> tensor<1x3x5x4xf32>
  %2 = kiln.resize %y sizes(%sizes) {axes = array<i64: 2, 3>, keep_aspect_ratio_policy = "not_larger"} : (tensor<1x3x8x6xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: kiln.resize {{.*}} -> tensor<1x3x7x5xf32>
  %3 = kiln.resize %y sizes(%sizes) {axes = array<i64: 2, 3>, keep_aspect_ratio_policy = "not_smaller"} : (tensor<1x3x8x6xf32>, tensor<2xi64>) -> tensor<*xf32>
  %sizes2 = kiln.constant dense<[3, 10]> : tensor<2xi64>
  // CHECK: kiln.resize {{.*}} -> tensor<1x3x10x9xf32>
  %4 = kiln.resize %z sizes(%sizes2) {axes = array<i64: -1, 2>, keep_aspect_ratio_policy = "not_smaller"} : (tensor<1x3x7x6xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @resize_computed
func.func @resize_computed(%x: tensor<1x3x8x8xf32>, %s: tensor<2xf32>, %u: tensor<*xi32>, %sizes: tensor<3xi64>, %empty: tensor<0xf32>) {
  // Computed scales: only the dims outside axes are known.
  // CHECK: kiln.resize {{.*}} -> tensor<1x?x8x?xf32>
  %0 = kiln.resize %x scales(%s) {axes = array<i64: 1, 3>} : (tensor<1x3x8x8xf32>, tensor<2xf32>) -> tensor<*xf32>
  // The length of sizes gives the rank of an unranked input.
  // CHECK: kiln.resize {{.*}} -> tensor<?x?x?xi32>
  %1 = kiln.resize %u sizes(%sizes) : (tensor<*xi32>, tensor<3xi64>) -> tensor<*xi32>
  // An empty scales tensor (opset 11 style) counts as absent.
  %c = kiln.constant dense<[1, 3, 4, 4]> : tensor<4xi64>
  // CHECK: kiln.resize {{.*}} -> tensor<1x3x4x4xf32>
  %2 = kiln.resize %x scales(%empty) sizes(%c) : (tensor<1x3x8x8xf32>, tensor<0xf32>, tensor<4xi64>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @sampling
func.func @sampling(%x: tensor<?x3x8x8x8xf16>, %grid: tensor<2x4x5x6x3xf16>, %theta: tensor<?x2x3xf32>, %theta3: tensor<2x3x4xf32>, %size: tensor<5xi64>) {
  // CHECK: kiln.grid_sample {{.*}} -> tensor<2x3x4x5x6xf16>
  %0 = kiln.grid_sample %x, %grid : (tensor<?x3x8x8x8xf16>, tensor<2x4x5x6x3xf16>) -> tensor<*xf16>
  %c = kiln.constant dense<[7, 3, 10, 12]> : tensor<4xi64>
  // CHECK: kiln.affine_grid {{.*}} -> tensor<7x10x12x2xf32>
  %1 = kiln.affine_grid %theta, %c : (tensor<?x2x3xf32>, tensor<4xi64>) -> tensor<*xf32>
  // CHECK: kiln.affine_grid {{.*}} -> tensor<2x?x?x?x3xf32>
  %2 = kiln.affine_grid %theta3, %size : (tensor<2x3x4xf32>, tensor<5xi64>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @detection
func.func @detection(%x: tensor<2x256x?x?xf32>, %rois: tensor<?x4xf32>, %idx: tensor<300xi64>, %boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>) {
  // CHECK: kiln.roi_align {{.*}} -> tensor<300x256x7x5xf32>
  %0 = kiln.roi_align %x, %rois, %idx {output_height = 7 : i64, output_width = 5 : i64} : (tensor<2x256x?x?xf32>, tensor<?x4xf32>, tensor<300xi64>) -> tensor<*xf32>
  // CHECK: kiln.non_max_suppression {{.*}} -> tensor<?x3xi64>
  %1 = kiln.non_max_suppression %boxes, %scores : (tensor<1x6x4xf32>, tensor<1x2x6xf32>) -> tensor<*xi64>
  return
}

// -----

// CHECK-LABEL: func.func @recurrent
func.func @recurrent(%x: tensor<5x?x3xf32>, %w: tensor<2x12x3xf32>, %r: tensor<2x12x4xf32>, %h: tensor<2x7x4xf32>, %wl: tensor<1x?x3xf32>, %rl: tensor<1x?x?xf32>) {
  // hidden_size from the attribute.
  // CHECK: kiln.rnn {{.*}} -> (tensor<5x1x?x6xf32>, tensor<1x?x6xf32>)
  %0:2 = kiln.rnn %x, %wl, %rl {hidden_size = 6 : i64} : (tensor<5x?x3xf32>, tensor<1x?x3xf32>, tensor<1x?x?xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  // hidden_size from R, the batch from initial_h.
  // CHECK: kiln.gru {{.*}} -> (tensor<5x2x7x4xf32>, tensor<2x7x4xf32>)
  %1:2 = kiln.gru %x, %w, %r initial_h(%h) {direction = "bidirectional"} : (tensor<5x?x3xf32>, tensor<2x12x3xf32>, tensor<2x12x4xf32>, tensor<2x7x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  // layout 1: X is batch x seq x input.
  %w4 = kiln.constant dense<0.1> : tensor<1x16x3xf32>
  %r4 = kiln.constant dense<0.1> : tensor<1x16x4xf32>
  // CHECK: kiln.lstm {{.*}} -> (tensor<5x?x1x4xf32>, tensor<5x1x4xf32>, tensor<5x1x4xf32>)
  %2:3 = kiln.lstm %x, %w4, %r4 {layout = 1 : i64} : (tensor<5x?x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @attention
func.func @attention(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x?x64xf16>, %v: tensor<2x?x10x32xf16>, %pk: tensor<2x2x6x64xf16>, %pv: tensor<2x2x6x32xf16>, %q3: tensor<?x16x512xf32>, %k3: tensor<?x12x128xf32>, %v3: tensor<?x12x96xf32>) {
  // The cache adds its length to the key/value sequence.
  // CHECK: kiln.attention {{.*}} -> (tensor<2x8x16x32xf16>, tensor<2x2x16x64xf16>, tensor<2x2x16x32xf16>, tensor<2x8x16x16xf16>)
  %0:4 = kiln.attention %q, %k, %v past_key(%pk) past_value(%pv) : (tensor<2x8x16x64xf16>, tensor<2x2x?x64xf16>, tensor<2x?x10x32xf16>, tensor<2x2x6x64xf16>, tensor<2x2x6x32xf16>) -> (tensor<*xf16>, tensor<*xf16>, tensor<*xf16>, tensor<*xf16>)
  // 3-D inputs: the heads come from the attributes.
  // CHECK: kiln.attention {{.*}} -> (tensor<?x16x384xf32>, tensor<?x2x12x64xf32>, tensor<?x2x12x48xf32>, tensor<?x8x16x12xf32>)
  %1:4 = kiln.attention %q3, %k3, %v3 {kv_num_heads = 2 : i64, q_num_heads = 8 : i64} : (tensor<?x16x512xf32>, tensor<?x12x128xf32>, tensor<?x12x96xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @rotary_embedding
func.func @rotary_embedding(%x: tensor<1x?x8x16xf16>, %cos: tensor<64x8xf16>, %pos: tensor<1x8xi64>) {
  // CHECK: kiln.rotary_embedding {{.*}} -> tensor<1x?x8x16xf16>
  %0 = kiln.rotary_embedding %x, %cos, %cos, %pos : (tensor<1x?x8x16xf16>, tensor<64x8xf16>, tensor<64x8xf16>, tensor<1x8xi64>) -> tensor<*xf16>
  return
}

// -----

// CHECK-LABEL: func.func @losses
func.func @losses(%x: tensor<?x5x4xf32>, %t: tensor<3x?xi32>) {
  // CHECK: kiln.negative_log_likelihood_loss {{.*}} -> tensor<3x4xf32>
  %0 = kiln.negative_log_likelihood_loss %x, %t {reduction = "none"} : (tensor<?x5x4xf32>, tensor<3x?xi32>) -> tensor<*xf32>
  // CHECK: kiln.negative_log_likelihood_loss {{.*}} -> tensor<f32>
  %1 = kiln.negative_log_likelihood_loss %x, %t : (tensor<?x5x4xf32>, tensor<3x?xi32>) -> tensor<*xf32>
  // CHECK: kiln.softmax_cross_entropy_loss {{.*}} -> (tensor<3x4xf32>, tensor<?x5x4xf32>)
  %2:2 = kiln.softmax_cross_entropy_loss %x, %t {reduction = "none"} : (tensor<?x5x4xf32>, tensor<3x?xi32>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}
