// SPDX-License-Identifier: Apache-2.0
//===- KilnControlFlowOps.td - ONNX control-flow operators -----*- tablegen -*-===//
//
// If, Loop and Scan carry their ONNX subgraphs as regions. A region may use
// values of the enclosing graph directly, as ONNX subgraphs do, and ends in
// kiln.yield. The importer sets result types from the regions' yields.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNCONTROLFLOWOPS_TD
#define KILN_DIALECT_KILN_IR_KILNCONTROLFLOWOPS_TD

include "KilnBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Kiln_YieldOp : Kiln_Op<"yield", [Pure, Terminator, ReturnLike,
    ParentOneOf<["IfOp", "LoopOp", "ScanOp", "SequenceMapOp"]>]> {
  let summary = "ends a control-flow region with the subgraph's outputs";
  let description = [{
    ```mlir
    kiln.yield %a, %b : tensor<4xf32>, tensor<i1>
    ```
  }];
  let arguments = (ins Variadic<Kiln_AnyValue>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Kiln_IfOp : Kiln_Op<"if", [RecursiveMemoryEffects, NoRegionArguments]> {
  let summary = "runs one of two subgraphs on a boolean condition (ONNX If)";
  let description = [{
    `cond` is a single-element bool tensor. Both branches yield as many
    values as the op has results; a result's type must be compatible with
    what either branch yields (ONNX lets branches differ in shape). Results
    may be tensors, sequences or optionals; an optional result also takes a
    plain value of its kind from a branch.

    ```mlir
    %r = kiln.if %c : tensor<i1> -> tensor<?xf32> then {
      kiln.yield %a : tensor<3xf32>
    } else {
      kiln.yield %b : tensor<5xf32>
    }
    ```
  }];
  let arguments = (ins Kiln_BoolTensor:$cond);
  let results = (outs Variadic<Kiln_AnyValue>:$outputs);
  let regions = (region SizedRegion<1>:$then_branch,
                        SizedRegion<1>:$else_branch);
  let assemblyFormat = [{
    $cond attr-dict `:` type($cond) (`->` type($outputs)^)?
    `then` $then_branch `else` $else_branch
  }];
  let hasVerifier = 1;
}

def Kiln_LoopOp : Kiln_Op<"loop", [RecursiveMemoryEffects,
    AttrSizedOperandSegments]> {
  let summary = "a loop with a trip count and/or condition (ONNX Loop)";
  let description = [{
    Runs `body` while the iteration number is below `M` (if given) and the
    condition holds (if given). The body's arguments are the iteration
    number (`tensor<i64>`), the condition (`tensor<i1>`) and the
    loop-carried values; it yields the next condition, the next carried
    values and one element of each scan output. The results are the final
    carried values, then the scan outputs stacked along a new leading dim.

    ```mlir
    %final, %stack = kiln.loop max %m : tensor<i64>
        initial(%x : tensor<2xf32>) -> tensor<2xf32>, tensor<?x2xf32> {
    ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2xf32>):
      %next = kiln.add %v, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      kiln.yield %c, %next, %next : tensor<i1>, tensor<2xf32>, tensor<2xf32>
    }
    ```
  }];
  let arguments = (ins Optional<Kiln_I64Tensor>:$M,
                       Optional<Kiln_BoolTensor>:$cond,
                       Variadic<Kiln_AnyValue>:$v_initial);
  let results = (outs Variadic<Kiln_AnyValue>:$v_final_and_scan_outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`max` $M^ `:` type($M))? (`while` $cond^ `:` type($cond))?
    (`initial` `(` $v_initial^ `:` type($v_initial) `)`)?
    (`->` type($v_final_and_scan_outputs)^)? $body attr-dict
  }];
  let hasVerifier = 1;
}

def Kiln_ScanOp : Kiln_Op<"scan", [RecursiveMemoryEffects]> {
  let summary = "runs a subgraph over slices of its inputs (ONNX Scan)";
  let description = [{
    The first operands are the initial states, the last `num_scan_inputs`
    the tensors scanned along `scan_input_axes` (default 0), in
    `scan_input_directions` (0 forward, 1 reverse). The body takes the states
    and one slice of each scanned input and yields the next states and one
    element of each scan output. Results: final states, then scan outputs.

    ```mlir
    %sum, %partial = kiln.scan %init, %xs {num_scan_inputs = 1 : i64}
        : (tensor<2xf32>, tensor<5x2xf32>) -> (tensor<2xf32>, tensor<5x2xf32>) {
    ^bb0(%s: tensor<2xf32>, %x: tensor<2xf32>):
      %n = kiln.add %s, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      kiln.yield %n, %n : tensor<2xf32>, tensor<2xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$initial_state_and_scan_inputs,
                       I64Attr:$num_scan_inputs,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_input_axes,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_input_directions,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_output_axes,
                       OptionalAttr<DenseI64ArrayAttr>:$scan_output_directions);
  let results = (outs Variadic<Kiln_Tensor>:$final_state_and_scan_outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $initial_state_and_scan_inputs attr-dict `:`
    functional-type($initial_state_and_scan_inputs,
                    $final_state_and_scan_outputs) $body
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNCONTROLFLOWOPS_TD
