// RUN: kiln-opt %s --split-input-file | kiln-opt --split-input-file | FileCheck %s
// Every tensor op prints and parses back to the same IR.

// CHECK-LABEL: func.func @constant_of_shape
func.func @constant_of_shape(%s: tensor<2xi64>) -> (tensor<?x?xi32>, tensor<*xf32>) {
  // CHECK: kiln.constant_of_shape %{{.*}} {value = dense<7> : tensor<1xi32>} : (tensor<2xi64>) -> tensor<?x?xi32>
  %0 = kiln.constant_of_shape %s {value = dense<7> : tensor<1xi32>} : (tensor<2xi64>) -> tensor<?x?xi32>
  // CHECK: kiln.constant_of_shape %{{.*}} : (tensor<2xi64>) -> tensor<*xf32>
  %1 = kiln.constant_of_shape %s : (tensor<2xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<?x?xi32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[T:.*]]: tensor<ui8>)
func.func @casts(%x: tensor<2x3xf32>, %t: tensor<ui8>) -> (tensor<2x3xi64>, tensor<2x3xi1>, tensor<2x3xui8>) {
  // CHECK: kiln.cast %[[X]] {to = i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
  %0 = kiln.cast %x {to = i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
  // CHECK: kiln.cast %[[X]] {saturate = 0 : i64, to = i1} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %1 = kiln.cast %x {to = i1, saturate = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: kiln.cast_like %[[X]], %[[T]] : (tensor<2x3xf32>, tensor<ui8>) -> tensor<2x3xui8>
  %2 = kiln.cast_like %x, %t : (tensor<2x3xf32>, tensor<ui8>) -> tensor<2x3xui8>
  return %0, %1, %2 : tensor<2x3xi64>, tensor<2x3xi1>, tensor<2x3xui8>
}

// -----

// CHECK-LABEL: func.func @identity_shape_size
func.func @identity_shape_size(%x: tensor<?x3x4xbf16>) -> (tensor<?x3x4xbf16>, tensor<2xi64>, tensor<i64>) {
  // CHECK: kiln.identity %{{.*}} : (tensor<?x3x4xbf16>) -> tensor<?x3x4xbf16>
  %0 = kiln.identity %x : (tensor<?x3x4xbf16>) -> tensor<?x3x4xbf16>
  // CHECK: kiln.shape %{{.*}} {end = -1 : i64, start = -2 : i64} : (tensor<?x3x4xbf16>) -> tensor<1xi64>
  %1 = kiln.shape %x {start = -2 : i64, end = -1 : i64} : (tensor<?x3x4xbf16>) -> tensor<1xi64>
  // CHECK: kiln.shape %{{.*}} {start = 1 : i64} : (tensor<?x3x4xbf16>) -> tensor<2xi64>
  %2 = kiln.shape %x {start = 1 : i64} : (tensor<?x3x4xbf16>) -> tensor<2xi64>
  // CHECK: kiln.size %{{.*}} : (tensor<?x3x4xbf16>) -> tensor<i64>
  %3 = kiln.size %x : (tensor<?x3x4xbf16>) -> tensor<i64>
  return %0, %2, %3 : tensor<?x3x4xbf16>, tensor<2xi64>, tensor<i64>
}

// -----

// CHECK-LABEL: func.func @reshape_flatten
func.func @reshape_flatten(%x: tensor<2x3x4xf32>, %s: tensor<2xi64>, %empty: tensor<2x0x4xf32>) -> (tensor<?x?xf32>, tensor<0x4xf32>, tensor<6x4xf32>) {
  // CHECK: kiln.reshape %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %0 = kiln.reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %z = kiln.constant dense<[0, 4]> : tensor<2xi64>
  // CHECK: kiln.reshape %{{.*}}, %{{.*}} {allowzero = 1 : i64} : (tensor<2x0x4xf32>, tensor<2xi64>) -> tensor<0x4xf32>
  %1 = kiln.reshape %empty, %z {allowzero = 1 : i64} : (tensor<2x0x4xf32>, tensor<2xi64>) -> tensor<0x4xf32>
  // CHECK: kiln.flatten %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %2 = kiln.flatten %x {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return %0, %1, %2 : tensor<?x?xf32>, tensor<0x4xf32>, tensor<6x4xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze_unsqueeze
func.func @squeeze_unsqueeze(%x: tensor<1x3x1xf32>, %axes: tensor<1xi64>) -> (tensor<3xf32>, tensor<?x?xf32>, tensor<1x3x1x1xf32>, tensor<?x?x?x?xf32>) {
  // CHECK: kiln.squeeze %{{.*}} {axes = array<i64: 0, -1>} : (tensor<1x3x1xf32>) -> tensor<3xf32>
  %0 = kiln.squeeze %x {axes = array<i64: 0, -1>} : (tensor<1x3x1xf32>) -> tensor<3xf32>
  // CHECK: kiln.squeeze %{{.*}}, %{{.*}} : (tensor<1x3x1xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  %1 = kiln.squeeze %x, %axes : (tensor<1x3x1xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  // CHECK: kiln.unsqueeze %{{.*}} {axes = array<i64: 3>} : (tensor<1x3x1xf32>) -> tensor<1x3x1x1xf32>
  %2 = kiln.unsqueeze %x {axes = array<i64: 3>} : (tensor<1x3x1xf32>) -> tensor<1x3x1x1xf32>
  // CHECK: kiln.unsqueeze %{{.*}}, %{{.*}} : (tensor<1x3x1xf32>, tensor<1xi64>) -> tensor<?x?x?x?xf32>
  %3 = kiln.unsqueeze %x, %axes : (tensor<1x3x1xf32>, tensor<1xi64>) -> tensor<?x?x?x?xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<?x?xf32>, tensor<1x3x1x1xf32>, tensor<?x?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<2x3x4xi8>) -> (tensor<2x4x3xi8>, tensor<4x3x2xi8>) {
  // CHECK: kiln.transpose %{{.*}} {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xi8>) -> tensor<2x4x3xi8>
  %0 = kiln.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xi8>) -> tensor<2x4x3xi8>
  // CHECK: kiln.transpose %{{.*}} : (tensor<2x3x4xi8>) -> tensor<4x3x2xi8>
  %1 = kiln.transpose %x : (tensor<2x3x4xi8>) -> tensor<4x3x2xi8>
  return %0, %1 : tensor<2x4x3xi8>, tensor<4x3x2xi8>
}

// -----

// CHECK-LABEL: func.func @concat_split
func.func @concat_split(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %s: tensor<2xi64>) -> (tensor<2x8xf32>, tensor<2x2xf32>, tensor<?x8xf32>) {
  // CHECK: %[[C:.*]] = kiln.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // CHECK: kiln.split %[[C]] {axis = 1 : i64, split = array<i64: 2, 6>} : (tensor<2x8xf32>) -> (tensor<2x2xf32>, tensor<2x6xf32>)
  %1:2 = kiln.split %0 {axis = 1 : i64, split = array<i64: 2, 6>} : (tensor<2x8xf32>) -> (tensor<2x2xf32>, tensor<2x6xf32>)
  // CHECK: kiln.split %[[C]] {axis = -1 : i64, num_outputs = 3 : i64} : (tensor<2x8xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>)
  %2:3 = kiln.split %0 {axis = -1 : i64, num_outputs = 3 : i64} : (tensor<2x8xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>)
  // CHECK: kiln.split %[[C]], %{{.*}} : (tensor<2x8xf32>, tensor<2xi64>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  %3:2 = kiln.split %0, %s : (tensor<2x8xf32>, tensor<2xi64>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return %0, %1#0, %3#0 : tensor<2x8xf32>, tensor<2x2xf32>, tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x10xf32>, %s: tensor<1xi32>, %e: tensor<1xi32>, %st: tensor<1xi32>) -> (tensor<4x?xf32>, tensor<?x10xf32>) {
  %axes = kiln.constant dense<1> : tensor<1xi32>
  // CHECK: kiln.slice %{{.*}}, %{{.*}}, %{{.*}} axes(%{{.*}}) steps(%{{.*}}) : (tensor<4x10xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<4x?xf32>
  %0 = kiln.slice %x, %s, %e axes(%axes) steps(%st) : (tensor<4x10xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<4x?xf32>
  // CHECK: kiln.slice %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x10xf32>, tensor<1xi32>, tensor<1xi32>) -> tensor<?x10xf32>
  %1 = kiln.slice %x, %s, %e : (tensor<4x10xf32>, tensor<1xi32>, tensor<1xi32>) -> tensor<?x10xf32>
  return %0, %1 : tensor<4x?xf32>, tensor<?x10xf32>
}

// -----

// CHECK-LABEL: func.func @expand_tile
func.func @expand_tile(%x: tensor<3x1xi32>, %s: tensor<3xi64>, %r: tensor<2xi64>) -> (tensor<?x3x?xi32>, tensor<?x?xi32>) {
  // CHECK: kiln.expand %{{.*}}, %{{.*}} : (tensor<3x1xi32>, tensor<3xi64>) -> tensor<?x3x?xi32>
  %0 = kiln.expand %x, %s : (tensor<3x1xi32>, tensor<3xi64>) -> tensor<?x3x?xi32>
  // CHECK: kiln.tile %{{.*}}, %{{.*}} : (tensor<3x1xi32>, tensor<2xi64>) -> tensor<?x?xi32>
  %1 = kiln.tile %x, %r : (tensor<3x1xi32>, tensor<2xi64>) -> tensor<?x?xi32>
  return %0, %1 : tensor<?x3x?xi32>, tensor<?x?xi32>
}

// -----

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<2x3xf32>, %pads: tensor<4xi64>, %v: tensor<f32>, %axes: tensor<2xi32>) -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<2x?xf32>) {
  // CHECK: kiln.pad %{{.*}}, %{{.*}} constant_value(%{{.*}}) : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<?x?xf32>
  %0 = kiln.pad %x, %pads constant_value(%v) : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<?x?xf32>
  // CHECK: kiln.pad %{{.*}}, %{{.*}} axes_input(%{{.*}}) {mode = "reflect"} : (tensor<2x3xf32>, tensor<4xi64>, tensor<2xi32>) -> tensor<?x?xf32>
  %1 = kiln.pad %x, %pads axes_input(%axes) {mode = "reflect"} : (tensor<2x3xf32>, tensor<4xi64>, tensor<2xi32>) -> tensor<?x?xf32>
  %p = kiln.constant dense<[1, 2]> : tensor<2xi64>
  // CHECK: kiln.pad %{{.*}}, %{{.*}} {axes = array<i64: -1>, mode = "edge"} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x?xf32>
  %2 = kiln.pad %x, %p {axes = array<i64: -1>, mode = "edge"} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x?xf32>
  return %0, %1, %2 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<2x?xf32>
}

// -----

// CHECK-LABEL: func.func @center_crop_pad
func.func @center_crop_pad(%x: tensor<20x10x3xf32>) -> tensor<10x20x3xf32> {
  %s = kiln.constant dense<[10, 20]> : tensor<2xi32>
  // CHECK: kiln.center_crop_pad %{{.*}}, %{{.*}} {axes = array<i64: 0, 1>} : (tensor<20x10x3xf32>, tensor<2xi32>) -> tensor<10x20x3xf32>
  %0 = kiln.center_crop_pad %x, %s {axes = array<i64: 0, 1>} : (tensor<20x10x3xf32>, tensor<2xi32>) -> tensor<10x20x3xf32>
  return %0 : tensor<10x20x3xf32>
}

// -----

// CHECK-LABEL: func.func @depth_space
func.func @depth_space(%x: tensor<1x8x2x3xf32>) -> tensor<1x8x2x3xf32> {
  // CHECK: %[[D:.*]] = kiln.depth_to_space %{{.*}} {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %0 = kiln.depth_to_space %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  // CHECK: kiln.space_to_depth %[[D]] {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  %1 = kiln.space_to_depth %0 {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  return %1 : tensor<1x8x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @col2im
func.func @col2im(%x: tensor<1x5x25xf32>) -> tensor<1x5x5x5xf32> {
  %image = kiln.constant dense<5> : tensor<2xi64>
  %block = kiln.constant dense<1> : tensor<2xi64>
  // CHECK: kiln.col2im %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x25xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x5x5x5xf32>
  %0 = kiln.col2im %x, %image, %block {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x25xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x5x5x5xf32>
  return %0 : tensor<1x5x5x5xf32>
}

// -----

// CHECK-LABEL: func.func @gathers
func.func @gathers(%x: tensor<5x4x3xf32>, %i: tensor<2xi64>, %e: tensor<5x4x1xi32>, %n: tensor<7x2xi64>) -> (tensor<5x2x3xf32>, tensor<5x4x1xf32>, tensor<7x3xf32>) {
  // CHECK: kiln.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2xi64>) -> tensor<5x2x3xf32>
  %0 = kiln.gather %x, %i {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2xi64>) -> tensor<5x2x3xf32>
  // CHECK: kiln.gather_elements %{{.*}}, %{{.*}} {axis = -1 : i64} : (tensor<5x4x3xf32>, tensor<5x4x1xi32>) -> tensor<5x4x1xf32>
  %1 = kiln.gather_elements %x, %e {axis = -1 : i64} : (tensor<5x4x3xf32>, tensor<5x4x1xi32>) -> tensor<5x4x1xf32>
  // CHECK: kiln.gather_nd %{{.*}}, %{{.*}} : (tensor<5x4x3xf32>, tensor<7x2xi64>) -> tensor<7x3xf32>
  %2 = kiln.gather_nd %x, %n : (tensor<5x4x3xf32>, tensor<7x2xi64>) -> tensor<7x3xf32>
  return %0, %1, %2 : tensor<5x2x3xf32>, tensor<5x4x1xf32>, tensor<7x3xf32>
}

// -----

// CHECK-LABEL: func.func @scatters
func.func @scatters(%x: tensor<4x5xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>, %n: tensor<2x1xi64>, %v: tensor<2x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  // CHECK: kiln.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, reduction = "max"} : (tensor<4x5xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x5xf32>
  %0 = kiln.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "max"} : (tensor<4x5xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x5xf32>
  // CHECK: kiln.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = "add"} : (tensor<4x5xf32>, tensor<2x1xi64>, tensor<2x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.scatter_nd %x, %n, %v {reduction = "add"} : (tensor<4x5xf32>, tensor<2x1xi64>, tensor<2x5xf32>) -> tensor<4x5xf32>
  return %0, %1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @tensor_scatter
func.func @tensor_scatter(%cache: tensor<2x8x16x64xf16>, %update: tensor<2x8x1x64xf16>, %pos: tensor<2xi64>) -> (tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16>) {
  // CHECK: kiln.tensor_scatter %{{.*}}, %{{.*}}, %{{.*}} {mode = "circular"} : (tensor<2x8x16x64xf16>, tensor<2x8x1x64xf16>, tensor<2xi64>) -> tensor<2x8x16x64xf16>
  %0 = kiln.tensor_scatter %cache, %update, %pos {mode = "circular"} : (tensor<2x8x16x64xf16>, tensor<2x8x1x64xf16>, tensor<2xi64>) -> tensor<2x8x16x64xf16>
  // CHECK: kiln.tensor_scatter %{{.*}}, %{{.*}} : (tensor<2x8x16x64xf16>, tensor<2x8x1x64xf16>) -> tensor<2x8x16x64xf16>
  %1 = kiln.tensor_scatter %cache, %update : (tensor<2x8x16x64xf16>, tensor<2x8x1x64xf16>) -> tensor<2x8x16x64xf16>
  return %0, %1 : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16>
}

// -----

// CHECK-LABEL: func.func @masks
func.func @masks(%x: tensor<2x4x4xf32>, %k: tensor<i64>, %c: tensor<2xi1>) -> (tensor<2x4x4xf32>, tensor<2x4x4xf32>, tensor<3x?xi64>, tensor<?x4x4xf32>) {
  // CHECK: kiln.trilu %{{.*}}, %{{.*}} {upper = 0 : i64} : (tensor<2x4x4xf32>, tensor<i64>) -> tensor<2x4x4xf32>
  %0 = kiln.trilu %x, %k {upper = 0 : i64} : (tensor<2x4x4xf32>, tensor<i64>) -> tensor<2x4x4xf32>
  // CHECK: kiln.trilu %{{.*}} : (tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %1 = kiln.trilu %x : (tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  // CHECK: kiln.non_zero %{{.*}} : (tensor<2x4x4xf32>) -> tensor<3x?xi64>
  %2 = kiln.non_zero %x : (tensor<2x4x4xf32>) -> tensor<3x?xi64>
  // CHECK: kiln.compress %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x4x4xf32>, tensor<2xi1>) -> tensor<?x4x4xf32>
  %3 = kiln.compress %x, %c {axis = 0 : i64} : (tensor<2x4x4xf32>, tensor<2xi1>) -> tensor<?x4x4xf32>
  return %0, %1, %2, %3 : tensor<2x4x4xf32>, tensor<2x4x4xf32>, tensor<3x?xi64>, tensor<?x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @one_hot
func.func @one_hot(%i: tensor<3xi64>, %v: tensor<2xf32>) -> tensor<3x5xf32> {
  %depth = kiln.constant dense<5.0> : tensor<f32>
  // CHECK: kiln.one_hot %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<3xi64>, tensor<f32>, tensor<2xf32>) -> tensor<3x5xf32>
  %0 = kiln.one_hot %i, %depth, %v {axis = 1 : i64} : (tensor<3xi64>, tensor<f32>, tensor<2xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @unique
func.func @unique(%x: tensor<6xf32>, %m: tensor<3x4xi32>) -> (tensor<?xf32>, tensor<6xi64>, tensor<3x?xi32>, tensor<4xi64>) {
  // CHECK: kiln.unique %{{.*}} : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  %y, %i, %inv, %n = kiln.unique %x : (tensor<6xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  // CHECK: kiln.unique %{{.*}} {axis = 1 : i64, sorted = 0 : i64} : (tensor<3x4xi32>) -> (tensor<3x?xi32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>)
  %y2, %i2, %inv2, %n2 = kiln.unique %m {axis = 1 : i64, sorted = 0 : i64} : (tensor<3x4xi32>) -> (tensor<3x?xi32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>)
  return %y, %inv, %y2, %inv2 : tensor<?xf32>, tensor<6xi64>, tensor<3x?xi32>, tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @reverse_sequence
func.func @reverse_sequence(%x: tensor<4x5x8xf32>, %lens: tensor<4xi64>) -> tensor<4x5x8xf32> {
  // CHECK: kiln.reverse_sequence %{{.*}}, %{{.*}} {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<4x5x8xf32>, tensor<4xi64>) -> tensor<4x5x8xf32>
  %0 = kiln.reverse_sequence %x, %lens {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<4x5x8xf32>, tensor<4xi64>) -> tensor<4x5x8xf32>
  return %0 : tensor<4x5x8xf32>
}

// -----

// CHECK-LABEL: func.func @range_eye_like
func.func @range_eye_like(%s: tensor<i32>, %l: tensor<i32>, %d: tensor<i32>, %x: tensor<3x4xi32>) -> (tensor<?xi32>, tensor<3x4xf32>, tensor<3x4xi32>) {
  // CHECK: kiln.range %{{.*}}, %{{.*}}, %{{.*}} : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<?xi32>
  %0 = kiln.range %s, %l, %d : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<?xi32>
  // CHECK: kiln.eye_like %{{.*}} {dtype = f32, k = 1 : i64} : (tensor<3x4xi32>) -> tensor<3x4xf32>
  %1 = kiln.eye_like %x {dtype = f32, k = 1 : i64} : (tensor<3x4xi32>) -> tensor<3x4xf32>
  // CHECK: kiln.eye_like %{{.*}} : (tensor<3x4xi32>) -> tensor<3x4xi32>
  %2 = kiln.eye_like %x : (tensor<3x4xi32>) -> tensor<3x4xi32>
  return %0, %1, %2 : tensor<?xi32>, tensor<3x4xf32>, tensor<3x4xi32>
}

// -----

// CHECK-LABEL: func.func @random
func.func @random(%x: tensor<2x?xi64>, %p: tensor<8xf32>, %logits: tensor<2x10xf16>) -> (tensor<2x3xf32>, tensor<4xf16>, tensor<2x?xf32>, tensor<2x?xf64>, tensor<8xi1>, tensor<2x5xi64>) {
  // CHECK: kiln.random_normal {dtype = f32, mean = 1.000000e+00 : f32, scale = 2.000000e+00 : f32, seed = 3.000000e+00 : f32, shape = array<i64: 2, 3>} : () -> tensor<2x3xf32>
  %0 = kiln.random_normal {dtype = f32, shape = array<i64: 2, 3>, mean = 1.0 : f32, scale = 2.0 : f32, seed = 3.0 : f32} : () -> tensor<2x3xf32>
  // CHECK: kiln.random_uniform {dtype = f16, high = 5.000000e+00 : f32, shape = array<i64: 4>} : () -> tensor<4xf16>
  %1 = kiln.random_uniform {dtype = f16, shape = array<i64: 4>, high = 5.0 : f32} : () -> tensor<4xf16>
  // CHECK: kiln.random_normal_like %{{.*}} {dtype = f32} : (tensor<2x?xi64>) -> tensor<2x?xf32>
  %2 = kiln.random_normal_like %x {dtype = f32} : (tensor<2x?xi64>) -> tensor<2x?xf32>
  // CHECK: kiln.random_uniform_like %{{.*}} {dtype = f64, low = -1.000000e+00 : f32} : (tensor<2x?xi64>) -> tensor<2x?xf64>
  %3 = kiln.random_uniform_like %x {dtype = f64, low = -1.0 : f32} : (tensor<2x?xi64>) -> tensor<2x?xf64>
  // CHECK: kiln.bernoulli %{{.*}} {dtype = i1} : (tensor<8xf32>) -> tensor<8xi1>
  %4 = kiln.bernoulli %p {dtype = i1} : (tensor<8xf32>) -> tensor<8xi1>
  // CHECK: kiln.multinomial %{{.*}} {dtype = i64, sample_size = 5 : i64} : (tensor<2x10xf16>) -> tensor<2x5xi64>
  %5 = kiln.multinomial %logits {dtype = i64, sample_size = 5 : i64} : (tensor<2x10xf16>) -> tensor<2x5xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<4xf16>, tensor<2x?xf32>, tensor<2x?xf64>, tensor<8xi1>, tensor<2x5xi64>
}
