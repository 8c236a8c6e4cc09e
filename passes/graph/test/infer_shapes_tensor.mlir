// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes))' | FileCheck %s
// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(kiln-infer-shapes,canonicalize,kiln-infer-shapes))' | FileCheck %s --check-prefix=FOLD

// Reshape with a constant shape: -1 is inferred, 0 copies the input dim.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: -> (tensor<6x4xf32>, tensor<?x12xf32>, tensor<?x?xf32>)
func.func @reshape(%x: tensor<2x3x4xf32>, %d: tensor<?x3x4xf32>, %s: tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %c0 = kiln.constant dense<[-1, 4]> : tensor<2xi64>
  // CHECK: kiln.reshape {{.*}} -> tensor<6x4xf32>
  %0 = kiln.reshape %x, %c0 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  %c1 = kiln.constant dense<[0, 12]> : tensor<2xi64>
  // CHECK: kiln.reshape {{.*}} -> tensor<?x12xf32>
  %1 = kiln.reshape %d, %c1 : (tensor<?x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  // A computed shape of static length gives the rank.
  // CHECK: kiln.reshape {{.*}} -> tensor<?x?xf32>
  %2 = kiln.reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// A shape subgraph (Shape, Gather, Unsqueeze, Concat) is typed by inference
// and folded to a constant by canonicalization; inference then gives Reshape
// its static result.
// CHECK-LABEL: func.func @shape_subgraph
// FOLD-LABEL: func.func @shape_subgraph
// FOLD-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
func.func @shape_subgraph(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // CHECK: kiln.shape {{.*}} -> tensor<3xi64>
  %shape = kiln.shape %x : (tensor<2x3x4xf32>) -> tensor<*xi64>
  %i0 = kiln.constant dense<0> : tensor<i64>
  // CHECK: kiln.gather {{.*}} -> tensor<i64>
  %batch = kiln.gather %shape, %i0 : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  // CHECK: kiln.unsqueeze {{.*}} -> tensor<1xi64>
  %b1 = kiln.unsqueeze %batch {axes = array<i64: 0>} : (tensor<*xi64>) -> tensor<*xi64>
  %m1 = kiln.constant dense<-1> : tensor<1xi64>
  // CHECK: kiln.concat {{.*}} -> tensor<2xi64>
  %target = kiln.concat %b1, %m1 {axis = 0 : i64} : (tensor<*xi64>, tensor<1xi64>) -> tensor<*xi64>
  // CHECK: kiln.reshape {{.*}} -> tensor<?x?xf32>
  // FOLD: %[[SHAPE:.*]] = kiln.constant dense<[2, -1]> : tensor<2xi64>
  // FOLD: kiln.reshape %[[X]], %[[SHAPE]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  %y = kiln.reshape %x, %target : (tensor<2x3x4xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @shape_size_cast
// FOLD-LABEL: func.func @shape_size_cast
func.func @shape_size_cast(%x: tensor<?x3x4xf32>) -> (tensor<*xi64>, tensor<*xi64>, tensor<*xi32>, tensor<*xf16>) {
  // CHECK: kiln.shape {{.*}} {start = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<2xi64>
  // FOLD-DAG: %[[TAIL:.*]] = kiln.constant dense<[3, 4]> : tensor<2xi64>
  %0 = kiln.shape %x {start = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<*xi64>
  // The whole shape holds a dynamic dim: no fold.
  // CHECK: kiln.shape {{.*}} -> tensor<3xi64>
  // FOLD-DAG: %[[FULL:.*]] = kiln.shape
  %1 = kiln.shape %x : (tensor<?x3x4xf32>) -> tensor<*xi64>
  // FOLD-DAG: %[[I32:.*]] = kiln.constant dense<[3, 4]> : tensor<2xi32>
  %2 = kiln.cast %0 {to = i32} : (tensor<*xi64>) -> tensor<*xi32>
  // CHECK: kiln.cast {{.*}} {to = f16} : (tensor<?x3x4xf32>) -> tensor<?x3x4xf16>
  %3 = kiln.cast %x {to = f16} : (tensor<?x3x4xf32>) -> tensor<*xf16>
  // FOLD: return %[[TAIL]], %[[FULL]], %[[I32]], %{{.*}} : tensor<2xi64>, tensor<3xi64>, tensor<2xi32>, tensor<?x3x4xf16>
  return %0, %1, %2, %3 : tensor<*xi64>, tensor<*xi64>, tensor<*xi32>, tensor<*xf16>
}

// -----

// CHECK-LABEL: func.func @size_identity
// FOLD-LABEL: func.func @size_identity
// FOLD-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @size_identity(%x: tensor<2x3xf32>) -> (tensor<*xi64>, tensor<*xf32>) {
  // CHECK: kiln.size {{.*}} -> tensor<i64>
  // FOLD: %[[N:.*]] = kiln.constant dense<6> : tensor<i64>
  %0 = kiln.size %x : (tensor<2x3xf32>) -> tensor<*xi64>
  // CHECK: kiln.identity {{.*}} -> tensor<2x3xf32>
  %1 = kiln.identity %x : (tensor<2x3xf32>) -> tensor<*xf32>
  // FOLD: return %[[N]], %[[X]]
  return %0, %1 : tensor<*xi64>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @constant_of_shape
// FOLD-LABEL: func.func @constant_of_shape
func.func @constant_of_shape(%s: tensor<3xi64>) -> (tensor<*xi32>, tensor<*xf32>) {
  %c = kiln.constant dense<[2, 3]> : tensor<2xi64>
  // CHECK: kiln.constant_of_shape {{.*}} -> tensor<2x3xi32>
  // FOLD: kiln.constant dense<7> : tensor<2x3xi32>
  %0 = kiln.constant_of_shape %c {value = dense<7> : tensor<1xi32>} : (tensor<2xi64>) -> tensor<*xi32>
  // CHECK: kiln.constant_of_shape {{.*}} -> tensor<?x?x?xf32>
  %1 = kiln.constant_of_shape %s : (tensor<3xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xi32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_flatten
func.func @transpose_flatten(%x: tensor<2x?x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.transpose {{.*}} -> tensor<4x?x2xf32>
  %0 = kiln.transpose %x : (tensor<2x?x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.transpose {{.*}} -> tensor<?x4x2xf32>
  %1 = kiln.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x?x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.flatten {{.*}} -> tensor<2x?xf32>
  %2 = kiln.flatten %x : (tensor<2x?x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.flatten {{.*}} -> tensor<1x?xf32>
  %3 = kiln.flatten %x {axis = 0 : i64} : (tensor<2x?x4xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze_unsqueeze
func.func @squeeze_unsqueeze(%x: tensor<1x3x1xf32>, %d: tensor<?x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.squeeze {{.*}} -> tensor<3xf32>
  %0 = kiln.squeeze %x : (tensor<1x3x1xf32>) -> tensor<*xf32>
  // CHECK: kiln.squeeze {{.*}} {axes = array<i64: -1>} : (tensor<1x3x1xf32>) -> tensor<1x3xf32>
  %1 = kiln.squeeze %x {axes = array<i64: -1>} : (tensor<1x3x1xf32>) -> tensor<*xf32>
  // A dynamic dim might be 1: the rank is unknown.
  // CHECK: kiln.squeeze {{.*}} -> tensor<*xf32>
  %2 = kiln.squeeze %d : (tensor<?x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.unsqueeze {{.*}} -> tensor<1x?x1x3xf32>
  %3 = kiln.unsqueeze %d {axes = array<i64: -2, 0>} : (tensor<?x3xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @concat_split
func.func @concat_split(%a: tensor<?x3xf32>, %b: tensor<2x5xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // Static dims of one input fill the dynamic dims of another.
  // CHECK: kiln.concat {{.*}} -> tensor<2x8xf32>
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<?x3xf32>, tensor<2x5xf32>) -> tensor<*xf32>
  // CHECK: kiln.concat {{.*}} -> tensor<?x3xf32>
  %1 = kiln.concat %a, %u {axis = 0 : i64} : (tensor<?x3xf32>, tensor<*xf32>) -> tensor<*xf32>
  // Uneven parts: ceil(8 / 3) = 3, the last takes the rest.
  // CHECK: kiln.split {{.*}} -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>)
  %2:3 = kiln.split %0 {axis = 1 : i64, num_outputs = 3 : i64} : (tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  %sizes = kiln.constant dense<[1, 1]> : tensor<2xi64>
  // CHECK: kiln.split {{.*}} -> (tensor<1x8xf32>, tensor<1x8xf32>)
  %3:2 = kiln.split %0, %sizes : (tensor<*xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0, %1, %2#2, %3#1 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @slice
// FOLD-LABEL: func.func @slice
func.func @slice(%x: tensor<4x10xf32>, %d: tensor<?x10xf32>, %e: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi64>) {
  %starts = kiln.constant dense<[-1, 1]> : tensor<2xi64>
  %ends = kiln.constant dense<[-9223372036854775807, 1000]> : tensor<2xi64>
  %axes = kiln.constant dense<[1, 0]> : tensor<2xi32>
  %steps = kiln.constant dense<[-3, 2]> : tensor<2xi64>
  // Axis 1 from 9 down by 3: 9, 6, 3, 0; axis 0 from 1 by 2: 1, 3.
  // CHECK: kiln.slice {{.*}} -> tensor<2x4xf32>
  %0 = kiln.slice %x, %starts, %ends axes(%axes) steps(%steps) : (tensor<4x10xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi32>, tensor<2xi64>) -> tensor<*xf32>
  // A dynamic dim stays dynamic, the others are sliced.
  // CHECK: kiln.slice {{.*}} -> tensor<?x4xf32>
  %1 = kiln.slice %d, %starts, %ends axes(%axes) steps(%steps) : (tensor<?x10xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi32>, tensor<2xi64>) -> tensor<*xf32>
  // Computed ends on known axes: only axis 1 changes.
  %s1 = kiln.constant dense<2> : tensor<1xi64>
  %a1 = kiln.constant dense<-1> : tensor<1xi64>
  // CHECK: kiln.slice {{.*}} -> tensor<4x?xf32>
  %2 = kiln.slice %x, %s1, %e axes(%a1) : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  // Without axes, the first len(starts) axes are sliced.
  // CHECK: kiln.slice {{.*}} -> tensor<?x10xf32>
  %3 = kiln.slice %x, %s1, %e : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  // A constant slice folds.
  %v = kiln.constant dense<[10, 11, 12, 13, 14]> : tensor<5xi64>
  %s2 = kiln.constant dense<-1> : tensor<1xi64>
  %e2 = kiln.constant dense<0> : tensor<1xi64>
  %st2 = kiln.constant dense<-2> : tensor<1xi64>
  // CHECK: kiln.slice {{.*}} -> tensor<2xi64>
  // FOLD: %[[REV:.*]] = kiln.constant dense<[14, 12]> : tensor<2xi64>
  %4 = kiln.slice %v, %s2, %e2 axes(%a1) steps(%st2) : (tensor<5xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xi64>
  // FOLD: return {{.*}}, %[[REV]]
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func.func @expand_tile
func.func @expand_tile(%x: tensor<3x1xf32>, %d: tensor<?x1xf32>, %s: tensor<3xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %shape = kiln.constant dense<[2, 1, 5]> : tensor<3xi64>
  // CHECK: kiln.expand {{.*}} -> tensor<2x3x5xf32>
  %0 = kiln.expand %x, %shape : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  // A computed shape keeps the dims that are not 1.
  // CHECK: kiln.expand {{.*}} -> tensor<?x3x?xf32>
  %1 = kiln.expand %x, %s : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  %repeats = kiln.constant dense<[2, 4]> : tensor<2xi64>
  // CHECK: kiln.tile {{.*}} -> tensor<6x4xf32>
  %2 = kiln.tile %x, %repeats : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: kiln.tile {{.*}} -> tensor<?x4xf32>
  %3 = kiln.tile %d, %repeats : (tensor<?x1xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @pad
// FOLD-LABEL: func.func @pad
// FOLD-SAME: (%[[X:[^:]*]]: tensor<2x3xf32>
func.func @pad(%x: tensor<2x3xf32>, %p: tensor<4xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %pads = kiln.constant dense<[1, 0, 2, -1]> : tensor<4xi64>
  // CHECK: kiln.pad {{.*}} -> tensor<5x2xf32>
  %0 = kiln.pad %x, %pads : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<*xf32>
  %one = kiln.constant dense<[1, 1]> : tensor<2xi64>
  // CHECK: kiln.pad {{.*}} {axes = array<i64: -1>, mode = "reflect"} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x5xf32>
  %1 = kiln.pad %x, %one {axes = array<i64: -1>, mode = "reflect"} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  // CHECK: kiln.pad {{.*}} -> tensor<?x?xf32>
  %2 = kiln.pad %x, %p : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<*xf32>
  %zero = kiln.constant dense<0> : tensor<4xi64>
  // CHECK: kiln.pad {{.*}} -> tensor<2x3xf32>
  %3 = kiln.pad %x, %zero : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<*xf32>
  // FOLD: return %{{.*}}, %{{.*}}, %{{.*}}, %[[X]] :
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @rearrangements
func.func @rearrangements(%x: tensor<1x8x2x3xf32>, %c: tensor<20x?x3xf32>, %cols: tensor<2x12x9xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.depth_to_space {{.*}} -> tensor<1x2x4x6xf32>
  %0 = kiln.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.space_to_depth {{.*}} -> tensor<1x8x2x3xf32>
  %1 = kiln.space_to_depth %0 {blocksize = 2 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  %crop = kiln.constant dense<[10, 16]> : tensor<2xi64>
  // CHECK: kiln.center_crop_pad {{.*}} -> tensor<10x16x3xf32>
  %2 = kiln.center_crop_pad %c, %crop {axes = array<i64: 0, -2>} : (tensor<20x?x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  // 3 channels of 2x2 blocks, stride 2 over a padded 6x6 image: 3x3 blocks.
  %image = kiln.constant dense<[5, 5]> : tensor<2xi64>
  %block = kiln.constant dense<[2, 2]> : tensor<2xi64>
  // CHECK: kiln.col2im {{.*}} -> tensor<2x3x5x5xf32>
  %3 = kiln.col2im %cols, %image, %block {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>} : (tensor<2x12x9xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @gathers
// FOLD-LABEL: func.func @gathers
func.func @gathers(%x: tensor<5x4x3xf32>, %i: tensor<2x6xi32>, %e: tensor<5x2x3xi32>, %n: tensor<7x2xi64>, %b: tensor<5x3x1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi64>) {
  // CHECK: kiln.gather {{.*}} -> tensor<5x2x6x3xf32>
  %0 = kiln.gather %x, %i {axis = -2 : i64} : (tensor<5x4x3xf32>, tensor<2x6xi32>) -> tensor<*xf32>
  // CHECK: kiln.gather_elements {{.*}} -> tensor<5x2x3xf32>
  %1 = kiln.gather_elements %x, %e {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<5x2x3xi32>) -> tensor<*xf32>
  // CHECK: kiln.gather_nd {{.*}} -> tensor<7x3xf32>
  %2 = kiln.gather_nd %x, %n : (tensor<5x4x3xf32>, tensor<7x2xi64>) -> tensor<*xf32>
  // CHECK: kiln.gather_nd {{.*}} {batch_dims = 1 : i64} : (tensor<5x4x3xf32>, tensor<5x3x1xi64>) -> tensor<5x3x3xf32>
  %3 = kiln.gather_nd %x, %b {batch_dims = 1 : i64} : (tensor<5x4x3xf32>, tensor<5x3x1xi64>) -> tensor<*xf32>
  // Gathering from a constant folds, negative indices count from the back.
  %table = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %idx = kiln.constant dense<[2, -3]> : tensor<2xi64>
  // CHECK: kiln.gather {{.*}} -> tensor<2x2xi64>
  // FOLD: %[[G:.*]] = kiln.constant dense<{{\[\[}}3, 1], [6, 4]]> : tensor<2x2xi64>
  %4 = kiln.gather %table, %idx {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi64>) -> tensor<*xi64>
  // FOLD: return {{.*}}, %[[G]]
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func.func @scatters
func.func @scatters(%x: tensor<4x5xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>, %c: tensor<2x8x16xf32>, %v: tensor<2x8x1xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.scatter_elements {{.*}} -> tensor<4x5xf32>
  %0 = kiln.scatter_elements %x, %i, %u {axis = 1 : i64} : (tensor<4x5xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<*xf32>
  // CHECK: kiln.tensor_scatter {{.*}} {axis = -1 : i64} : (tensor<2x8x16xf32>, tensor<2x8x1xf32>) -> tensor<2x8x16xf32>
  %1 = kiln.tensor_scatter %c, %v {axis = -1 : i64} : (tensor<2x8x16xf32>, tensor<2x8x1xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @masks
func.func @masks(%x: tensor<3x4xf32>, %i: tensor<2x3xi64>, %v: tensor<2xf16>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf16>) {
  // CHECK: kiln.trilu {{.*}} -> tensor<3x4xf32>
  %0 = kiln.trilu %x : (tensor<3x4xf32>) -> tensor<*xf32>
  // CHECK: kiln.non_zero {{.*}} -> tensor<2x?xi64>
  %1 = kiln.non_zero %x : (tensor<3x4xf32>) -> tensor<*xi64>
  // A constant condition gives the count kept.
  %cond = kiln.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK: kiln.compress {{.*}} -> tensor<2x4xf32>
  %2 = kiln.compress %x, %cond {axis = 0 : i64} : (tensor<3x4xf32>, tensor<3xi1>) -> tensor<*xf32>
  // CHECK: kiln.compress {{.*}} -> tensor<2xf32>
  %3 = kiln.compress %x, %cond : (tensor<3x4xf32>, tensor<3xi1>) -> tensor<*xf32>
  %depth = kiln.constant dense<10> : tensor<1xi32>
  // CHECK: kiln.one_hot {{.*}} -> tensor<2x10x3xf16>
  %4 = kiln.one_hot %i, %depth, %v {axis = 1 : i64} : (tensor<2x3xi64>, tensor<1xi32>, tensor<2xf16>) -> tensor<*xf16>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf16>
}

// -----

// CHECK-LABEL: func.func @unique
func.func @unique(%x: tensor<3x4xi32>) -> (tensor<*xi32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>) {
  // CHECK: kiln.unique {{.*}} -> (tensor<3x?xi32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>)
  %y, %i, %inv, %n = kiln.unique %x {axis = -1 : i64} : (tensor<3x4xi32>) -> (tensor<*xi32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>)
  return %y, %i, %inv, %n : tensor<*xi32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func.func @generators
// FOLD-LABEL: func.func @generators
func.func @generators(%x: tensor<3x4xi64>, %p: tensor<2x10xf32>) -> (tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>) {
  %start = kiln.constant dense<10> : tensor<i64>
  %limit = kiln.constant dense<1> : tensor<i64>
  %delta = kiln.constant dense<-4> : tensor<i64>
  // 10, 6, 2
  // CHECK: kiln.range {{.*}} -> tensor<3xi64>
  // FOLD: %[[R:.*]] = kiln.constant dense<[10, 6, 2]> : tensor<3xi64>
  %0 = kiln.range %start, %limit, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  %fs = kiln.constant dense<0.0> : tensor<f32>
  %fl = kiln.constant dense<1.0> : tensor<f32>
  %fd = kiln.constant dense<0.3> : tensor<f32>
  // 0.0, 0.3, 0.6, 0.9
  // CHECK: kiln.range {{.*}} -> tensor<4xf32>
  %1 = kiln.range %fs, %fl, %fd : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  // CHECK: kiln.eye_like {{.*}} -> tensor<3x4xf32>
  %2 = kiln.eye_like %x {dtype = f32} : (tensor<3x4xi64>) -> tensor<*xf32>
  // CHECK: kiln.random_uniform_like {{.*}} -> tensor<3x4xf32>
  %3 = kiln.random_uniform_like %x {dtype = f32} : (tensor<3x4xi64>) -> tensor<*xf32>
  // CHECK: kiln.multinomial {{.*}} -> tensor<2x1xi32>
  %4 = kiln.multinomial %p {dtype = i32} : (tensor<2x10xf32>) -> tensor<*xi32>
  // CHECK: kiln.bernoulli {{.*}} -> tensor<2x10xf32>
  %5 = kiln.bernoulli %p : (tensor<2x10xf32>) -> tensor<*xf32>
  // FOLD: return %[[R]],
  return %0, %1, %2, %3, %4, %5 : tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>
}
