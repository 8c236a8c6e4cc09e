// Runs lowered elementwise ops and checks the values against onnxruntime's
// (computed with one-node ONNX models).
// RUN: kiln-opt --kiln-lower-to-linalg %s | %mlir_opt %lower_to_llvm \
// RUN:   | %mlir_runner %runner_args | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)

func.func @printF32(%t: tensor<?xf32>) {
  %u = tensor.cast %t : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @printI32(%t: tensor<?xi32>) {
  %u = tensor.cast %t : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @main() {
  // Broadcast over both operands, and a dynamic dim.
  %a = kiln.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = kiln.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %ad = tensor.cast %a : tensor<2x1xf32> to tensor<?x1xf32>
  %sum = kiln.add %ad, %b : (tensor<?x1xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %sum2 = tensor.cast %sum : tensor<?x3xf32> to tensor<*xf32>
  call @printMemrefF32(%sum2) : (tensor<*xf32>) -> ()
  // CHECK: [11,   21,   31],
  // CHECK-NEXT: [12,   22,   32]

  // Integer division truncates; Mod follows the divisor's sign, fmod the
  // dividend's.
  %x = kiln.constant dense<[-7, 7, -8, 9, -9, 5]> : tensor<6xi32>
  %y = kiln.constant dense<[2, -2, 3, 2, -2, 3]> : tensor<6xi32>
  %div = kiln.div %x, %y : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  %divc = tensor.cast %div : tensor<6xi32> to tensor<?xi32>
  call @printI32(%divc) : (tensor<?xi32>) -> ()
  // CHECK: [-3,  -3,  -2,  4,  4,  1]
  %mod = kiln.mod %x, %y : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  %modc = tensor.cast %mod : tensor<6xi32> to tensor<?xi32>
  call @printI32(%modc) : (tensor<?xi32>) -> ()
  // CHECK: [1,  -1,  1,  1,  -1,  2]
  %fmod = kiln.mod %x, %y {fmod = 1 : i64} : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  %fmodc = tensor.cast %fmod : tensor<6xi32> to tensor<?xi32>
  call @printI32(%fmodc) : (tensor<?xi32>) -> ()
  // CHECK: [-1,  1,  -2,  1,  -1,  2]

  // Unsigned division and remainder.
  %u = kiln.constant dense<[200, 7, 255]> : tensor<3xui8>
  %v = kiln.constant dense<[3, 2, 16]> : tensor<3xui8>
  %udiv = kiln.div %u, %v : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %umod = kiln.mod %u, %v : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %uboth = kiln.concat %udiv, %umod {axis = 0 : i64} : (tensor<3xui8>, tensor<3xui8>) -> tensor<6xui8>
  %uwide = kiln.cast %uboth {to = i32} : (tensor<6xui8>) -> tensor<6xi32>
  %uwidec = tensor.cast %uwide : tensor<6xi32> to tensor<?xi32>
  call @printI32(%uwidec) : (tensor<?xi32>) -> ()
  // CHECK: [66,  3,  15,  2,  1,  15]

  // Round half to even; Cast float -> int truncates.
  %f = kiln.constant dense<[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7, -3.7]> : tensor<8xf32>
  %round = kiln.round %f : (tensor<8xf32>) -> tensor<8xf32>
  %roundc = tensor.cast %round : tensor<8xf32> to tensor<?xf32>
  call @printF32(%roundc) : (tensor<?xf32>) -> ()
  // CHECK: [-2,  -2,  -0,  0,  2,  2,  4,  -4]
  %trunc = kiln.cast %f {to = i32} : (tensor<8xf32>) -> tensor<8xi32>
  %truncc = tensor.cast %trunc : tensor<8xi32> to tensor<?xi32>
  call @printI32(%truncc) : (tensor<?xi32>) -> ()
  // CHECK: [-2,  -1,  0,  0,  1,  2,  3,  -3]

  // f32 -> f16 rounds, overflows to inf, underflows to 0.
  %g = kiln.constant dense<[1.0009765625, 65504.0, 70000.0, 1.0e-8]> : tensor<4xf32>
  %half = kiln.cast %g {to = f16} : (tensor<4xf32>) -> tensor<4xf16>
  %back = kiln.cast %half {to = f32} : (tensor<4xf16>) -> tensor<4xf32>
  %backc = tensor.cast %back : tensor<4xf32> to tensor<?xf32>
  call @printF32(%backc) : (tensor<?xf32>) -> ()
  // CHECK: [1.00098,  65504,  inf,  0]

  // i32 -> ui8 wraps; floats -> bool compare with 0 (NaN is true);
  // ui8 -> f32 is unsigned.
  %i = kiln.constant dense<[300, -1, 128]> : tensor<3xi32>
  %narrow = kiln.cast %i {to = ui8} : (tensor<3xi32>) -> tensor<3xui8>
  %widened = kiln.cast %narrow {to = f32} : (tensor<3xui8>) -> tensor<3xf32>
  %widenedc = tensor.cast %widened : tensor<3xf32> to tensor<?xf32>
  call @printF32(%widenedc) : (tensor<?xf32>) -> ()
  // CHECK: [44,  255,  128]
  %z = kiln.constant dense<[0.0, -0.0, 0x7FC00000, 2.0]> : tensor<4xf32>
  %bool = kiln.cast %z {to = i1} : (tensor<4xf32>) -> tensor<4xi1>
  %boolint = kiln.cast %bool {to = i32} : (tensor<4xi1>) -> tensor<4xi32>
  %boolc = tensor.cast %boolint : tensor<4xi32> to tensor<?xi32>
  call @printI32(%boolc) : (tensor<?xi32>) -> ()
  // CHECK: [0,  0,  1,  1]

  // bf16 rounds to nearest even: 1 + 2^-8 is a tie and goes to 1.
  %h = kiln.constant dense<[1.00390625, 3.14159]> : tensor<2xf32>
  %bf = kiln.cast %h {to = bf16} : (tensor<2xf32>) -> tensor<2xbf16>
  %bfback = kiln.cast %bf {to = f32} : (tensor<2xbf16>) -> tensor<2xf32>
  %bfbackc = tensor.cast %bfback : tensor<2xf32> to tensor<?xf32>
  call @printF32(%bfbackc) : (tensor<?xf32>) -> ()
  // CHECK: [1,  3.14062]

  // Comparisons on unsigned values, and Where.
  %cmp = kiln.greater %u, %v : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xi1>
  %one = kiln.constant dense<1.0> : tensor<f32>
  %minus = kiln.constant dense<-1.0> : tensor<f32>
  %sel = kiln.where %cmp, %one, %minus : (tensor<3xi1>, tensor<f32>, tensor<f32>) -> tensor<3xf32>
  %selc = tensor.cast %sel : tensor<3xf32> to tensor<?xf32>
  call @printF32(%selc) : (tensor<?xf32>) -> ()
  // CHECK: [1,  1,  1]

  // Activations.
  %act = kiln.constant dense<[-3.0, -0.5, 0.0, 0.5, 3.0, 30.0]> : tensor<6xf32>
  %gelu = kiln.gelu %act : (tensor<6xf32>) -> tensor<6xf32>
  %geluc = tensor.cast %gelu : tensor<6xf32> to tensor<?xf32>
  call @printF32(%geluc) : (tensor<?xf32>) -> ()
  // CHECK: [-0.00404969,  -0.154269,  0,  0.345731,  2.99595,  30]
  %gelut = kiln.gelu %act {approximate = "tanh"} : (tensor<6xf32>) -> tensor<6xf32>
  %gelutc = tensor.cast %gelut : tensor<6xf32> to tensor<?xf32>
  call @printF32(%gelutc) : (tensor<?xf32>) -> ()
  // CHECK: [-0.003637{{[0-9]+}},  -0.154286,  0,  0.345714,  2.99636,  30]
  %softplus = kiln.softplus %act : (tensor<6xf32>) -> tensor<6xf32>
  %softplusc = tensor.cast %softplus : tensor<6xf32> to tensor<?xf32>
  call @printF32(%softplusc) : (tensor<?xf32>) -> ()
  // CHECK: [0.0485874,  0.474077,  0.693147,  0.974077,  3.04859,  30]
  %hs = kiln.hard_swish %act : (tensor<6xf32>) -> tensor<6xf32>
  %hsc = tensor.cast %hs : tensor<6xf32> to tensor<?xf32>
  call @printF32(%hsc) : (tensor<?xf32>) -> ()
  // CHECK: [-0,  -0.208333,  0,  0.291667,  3,  30]
  return
}
