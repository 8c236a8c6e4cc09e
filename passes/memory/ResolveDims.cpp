// SPDX-License-Identifier: Apache-2.0
//===- ResolveDims.cpp - dynamic dims as dims-table expressions -----------===//
//
// After outlining, a host function is a straight line of dispatches, library
// calls and reshapes, with index arithmetic (tensor.dim, arith) sizing them.
// This pass expresses every dynamic dim of every host tensor, and every
// index value a kernel takes, as an entry of the function's dims table: an
// expression over input dims (and the values of integer inputs that size
// the run, such as a reduction's axes) the runtime evaluates when a run
// starts. A dispatch result's dims come from its kernel's body (an empty's
// sizes, a slice's sizes, an op's destination, ...), read through the
// kernel's arguments back to the host.
//
// Records: the table on the function (`kexec.dims_table`), the Sizes of each
// host result with dynamic dims (`kexec.shapes`), and on kernels the entry
// of each dynamic dim of an argument or result (`kexec.dims`) and of each
// index argument (`kexec.dim`), which the kernel ABI loads from the table.
//
//===----------------------------------------------------------------------===//

#include "passes/memory/DimsTable.h"
#include "passes/memory/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_RESOLVEDIMSPASS
#include "passes/memory/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

using DimOp = DimsTable::Op;

namespace {

/// Resolves dims and index values of one host function (and the kernels it
/// dispatches) to dims-table entries.
class DimResolver {
public:
  DimResolver(DimsTable &table, SymbolTableCollection &symbols)
      : table(table), symbols(symbols) {}

  /// The entry of dim `dim` of `tensor`.
  FailureOr<int64_t> getDim(Value tensor, int64_t dim);
  /// The entry of an index or integer value.
  FailureOr<int64_t> getIndex(Value value);
  FailureOr<int64_t> getIndex(OpFoldResult value);
  /// The kernel `dispatch` runs; its arguments now stand for the operands.
  FailureOr<func::FuncOp> enterKernel(kexec::DispatchOp dispatch);

private:
  FailureOr<int64_t> computeDim(Operation *op, OpResult result, int64_t dim);
  FailureOr<int64_t> computeIndex(Operation *op, Value value);
  FailureOr<int64_t> getLibraryCallDim(Operation *op, int64_t dim);
  FailureOr<int64_t> getInputValue(tensor::ExtractOp extract);
  FailureOr<int64_t> getAffine(AffineExpr expr, ValueRange operands,
                               unsigned numDims);
  FailureOr<int64_t> getWindowDim(Value input, int64_t dim, int64_t kernel,
                                  int64_t stride, int64_t dilation,
                                  int64_t pads);
  LogicalResult fail(Operation *op, const Twine &why) {
    return op->emitError(why);
  }

  DimsTable &table;
  SymbolTableCollection &symbols;
  DenseMap<std::pair<Value, int64_t>, int64_t> dims;
  DenseMap<Value, int64_t> indices;
  /// Kernel arguments -> the dispatch operands they receive.
  DenseMap<Value, Value> kernelArguments;
};

} // namespace

FailureOr<func::FuncOp> DimResolver::enterKernel(kexec::DispatchOp dispatch) {
  auto kernel = symbols.lookupNearestSymbolFrom<func::FuncOp>(
      dispatch, dispatch.getKernel());
  if (!kernel || kernel.isExternal() ||
      kernel.getNumArguments() != dispatch.getNumOperands()) {
    dispatch.emitError("dispatches a kernel that does not match it");
    return failure();
  }
  for (auto [argument, operand] :
       llvm::zip(kernel.getArguments(), dispatch.getOperands()))
    kernelArguments[argument] = operand;
  return kernel;
}

FailureOr<int64_t> DimResolver::getDim(Value tensor, int64_t dim) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return table.getConstant(type.getDimSize(dim));
  if (auto it = dims.find({tensor, dim}); it != dims.end())
    return it->second;
  FailureOr<int64_t> entry = failure();
  if (auto argument = dyn_cast<BlockArgument>(tensor)) {
    Operation *owner = argument.getOwner()->getParentOp();
    if (auto it = kernelArguments.find(argument); it != kernelArguments.end())
      entry = getDim(it->second, dim);
    else if (isa<func::FuncOp>(owner))
      entry = table.getInputDim(argument.getArgNumber(), dim);
    else if (auto loop = dyn_cast<scf::ForOp>(owner);
             loop && argument.getArgNumber() > 0)
      // Loop-carried tensors keep their shape (kiln's lowerings rely on it).
      entry = getDim(loop.getInitArgs()[argument.getArgNumber() - 1], dim);
    else
      entry = fail(owner, "cannot tell dim " + Twine(dim) +
                              " of a block argument before the run");
  } else {
    entry = computeDim(tensor.getDefiningOp(), cast<OpResult>(tensor), dim);
  }
  if (succeeded(entry))
    dims[{tensor, dim}] = *entry;
  return entry;
}

FailureOr<int64_t> DimResolver::computeDim(Operation *op, OpResult result,
                                           int64_t dim) {
  if (auto dispatch = dyn_cast<kexec::DispatchOp>(op)) {
    FailureOr<func::FuncOp> kernel = enterKernel(dispatch);
    if (failed(kernel))
      return failure();
    Operation *ret = kernel->getBody().front().getTerminator();
    return getDim(ret->getOperand(result.getResultNumber()), dim);
  }
  if (auto copy = dyn_cast<kexec::CopyOp>(op))
    return getDim(copy.getSource(), dim);
  if (isa<kexec::ConvolutionOp, kexec::MatMulOp, kexec::PoolingOp>(op))
    return getLibraryCallDim(op, dim);
  if (auto empty = dyn_cast<tensor::EmptyOp>(op))
    return getIndex(empty.getDynamicSize(dim));
  // Ops listing their dynamic sizes in order.
  auto type = cast<RankedTensorType>(result.getType());
  if (auto splat = dyn_cast<tensor::SplatOp>(op))
    return getIndex(splat.getDynamicSizes()[type.getDynamicDimIndex(dim)]);
  if (auto generate = dyn_cast<tensor::GenerateOp>(op))
    return getIndex(generate.getDynamicExtents()[type.getDynamicDimIndex(dim)]);
  if (auto cast = dyn_cast<tensor::CastOp>(op))
    return getDim(cast.getSource(), dim);
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return getIndex(expand.getMixedOutputShape()[dim]);
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
    SmallVector<ReassociationIndices> groups =
        collapse.getReassociationIndices();
    SmallVector<int64_t> factors;
    for (int64_t sourceDim : groups[dim]) {
      FailureOr<int64_t> factor = getDim(collapse.getSrc(), sourceDim);
      if (failed(factor))
        return failure();
      factors.push_back(*factor);
    }
    return table.getProduct(factors);
  }
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
    for (int64_t d = 0, kept = 0, e = sizes.size(); d < e; ++d)
      if (!dropped.test(d) && kept++ == dim)
        return getIndex(sizes[d]);
    return fail(op, "malformed rank-reducing slice");
  }
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    FailureOr<int64_t> source = getDim(pad.getSource(), dim);
    FailureOr<int64_t> low = getIndex(pad.getMixedLowPad()[dim]);
    FailureOr<int64_t> high = getIndex(pad.getMixedHighPad()[dim]);
    if (failed(source) || failed(low) || failed(high))
      return failure();
    return table.get(DimOp::Add, table.get(DimOp::Add, *source, *low), *high);
  }
  if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
    if (dim != int64_t(concat.getDim()))
      return getDim(concat.getInputs().front(), dim);
    int64_t sum = table.getConstant(0);
    for (Value input : concat.getInputs()) {
      FailureOr<int64_t> size = getDim(input, dim);
      if (failed(size))
        return failure();
      sum = table.get(DimOp::Add, sum, *size);
    }
    return sum;
  }
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return getDim(loop.getInitArgs()[result.getResultNumber()], dim);
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
    return getDim(dps.getTiedOpOperand(result)->get(), dim);
  return fail(op, "cannot tell dim " + Twine(dim) + " of '" +
                      op->getName().getStringRef() +
                      "' before the run: it depends on "
                      "tensor data");
}

FailureOr<int64_t> DimResolver::getWindowDim(Value input, int64_t dim,
                                             int64_t kernel, int64_t stride,
                                             int64_t dilation, int64_t pads) {
  // (in + pads - dilation * (kernel - 1) - 1) floordiv stride + 1
  FailureOr<int64_t> in = getDim(input, dim);
  if (failed(in))
    return failure();
  int64_t span = table.get(
      DimOp::Sub, *in, table.getConstant(dilation * (kernel - 1) + 1 - pads));
  return table.get(DimOp::Add,
                   table.get(DimOp::FloorDiv, span, table.getConstant(stride)),
                   table.getConstant(1));
}

FailureOr<int64_t> DimResolver::getLibraryCallDim(Operation *op, int64_t dim) {
  if (auto matmul = dyn_cast<kexec::MatMulOp>(op)) {
    auto a = matmul.getA(), b = matmul.getB();
    int64_t rank = matmul.getType().getRank();
    int64_t rankA = a.getType().getRank(), rankB = b.getType().getRank();
    if (dim == rank - 2)
      return getDim(a, matmul.getTransposeA() ? rankA - 1 : rankA - 2);
    if (dim == rank - 1)
      return getDim(b, matmul.getTransposeB() ? rankB - 2 : rankB - 1);
    // Batch dims broadcast, numpy style (1 against n gives n).
    int64_t dimA = dim - (rank - rankA), dimB = dim - (rank - rankB);
    if (dimA < 0)
      return getDim(b, dimB);
    if (dimB < 0)
      return getDim(a, dimA);
    FailureOr<int64_t> sizeA = getDim(a, dimA), sizeB = getDim(b, dimB);
    if (failed(sizeA) || failed(sizeB))
      return failure();
    return table.get(DimOp::Max, *sizeA, *sizeB);
  }
  if (auto pool = dyn_cast<kexec::PoolingOp>(op)) {
    if (dim < 2)
      return getDim(pool.getInput(), dim);
    int64_t s = dim - 2;
    return getWindowDim(pool.getInput(), dim, pool.getKernel()[s],
                        pool.getStrides()[s], pool.getDilations()[s],
                        pool.getPadsBegin()[s] + pool.getPadsEnd()[s]);
  }
  auto conv = cast<kexec::ConvolutionOp>(op);
  if (dim == 0)
    return getDim(conv.getInput(), 0);
  if (dim >= 2 && !conv.getTransposed()) {
    int64_t s = dim - 2;
    auto filter = conv.getFilter().getType();
    if (!filter.isDynamicDim(dim))
      return getWindowDim(conv.getInput(), dim, filter.getDimSize(dim),
                          conv.getStrides()[s], conv.getDilations()[s],
                          conv.getPadsBegin()[s] + conv.getPadsEnd()[s]);
  }
  return fail(op, "cannot tell dim " + Twine(dim) +
                      " of the convolution before the run");
}

/// An element of a function input at a constant position: the runtime reads
/// it from the bound data when a run starts (a "shape input" such as
/// Reshape's shape or a reduction's axes). Other tensor data is computed by
/// kernels, too late to size anything.
FailureOr<int64_t> DimResolver::getInputValue(tensor::ExtractOp extract) {
  Value source = extract.getTensor();
  if (auto it = kernelArguments.find(source); it != kernelArguments.end())
    source = it->second;
  auto argument = dyn_cast<BlockArgument>(source);
  auto type = cast<RankedTensorType>(source.getType());
  if (!argument || !isa<func::FuncOp>(argument.getOwner()->getParentOp()) ||
      !type.getElementType().isIntOrIndex())
    return fail(extract, "a size depends on tensor data, which is only known "
                         "when the run has computed it");
  if (!type.hasStaticShape())
    return fail(extract, "reads a shape input whose shape is dynamic");
  int64_t element = 0;
  for (auto [index, size] : llvm::zip(extract.getIndices(), type.getShape())) {
    APInt position;
    if (!matchPattern(index, m_ConstantInt(&position)))
      return fail(extract, "reads a shape input at a computed position");
    element = element * size + position.getSExtValue();
  }
  return table.getInputValue(argument.getArgNumber(), element);
}

FailureOr<int64_t> DimResolver::getIndex(OpFoldResult value) {
  if (auto attr = dyn_cast<Attribute>(value))
    return table.getConstant(cast<IntegerAttr>(attr).getInt());
  return getIndex(cast<Value>(value));
}

FailureOr<int64_t> DimResolver::getIndex(Value value) {
  if (auto it = indices.find(value); it != indices.end())
    return it->second;
  FailureOr<int64_t> entry = failure();
  if (auto it = kernelArguments.find(value); it != kernelArguments.end())
    entry = getIndex(it->second);
  else if (Operation *def = value.getDefiningOp())
    entry = computeIndex(def, value);
  else
    entry = fail(value.getParentBlock()->getParentOp(),
                 "a size depends on a loop variable or argument that is "
                 "not known before the run");
  if (succeeded(entry))
    indices[value] = *entry;
  return entry;
}

FailureOr<int64_t> DimResolver::computeIndex(Operation *op, Value value) {
  APInt constant;
  if (matchPattern(value, m_ConstantInt(&constant)))
    // Conditions are 0 or 1 (an i1 true is not -1).
    return table.getConstant(value.getType().isInteger(1)
                                 ? int64_t(constant.getZExtValue())
                                 : constant.getSExtValue());
  if (auto dimOp = dyn_cast<tensor::DimOp>(op)) {
    std::optional<int64_t> index = dimOp.getConstantIndex();
    if (!index)
      return fail(op, "reads a dim whose index is not a constant");
    return getDim(dimOp.getSource(), *index);
  }
  if (auto extract = dyn_cast<tensor::ExtractOp>(op))
    return getInputValue(extract);
  // Casts between index and integers keep the value (dims fit in i64).
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp,
          arith::ExtUIOp, arith::TruncIOp>(op))
    return getIndex(op->getOperand(0));
  if (auto select = dyn_cast<arith::SelectOp>(op)) {
    FailureOr<int64_t> c = getIndex(select.getCondition());
    FailureOr<int64_t> x = getIndex(select.getTrueValue());
    FailureOr<int64_t> y = getIndex(select.getFalseValue());
    if (failed(c) || failed(x) || failed(y))
      return failure();
    return table.getSelect(*c, *x, *y);
  }
  if (auto apply = dyn_cast<affine::AffineApplyOp>(op))
    return getAffine(apply.getAffineMap().getResult(0), apply.getOperands(),
                     apply.getAffineMap().getNumDims());
  if (op->getNumOperands() != 2 ||
      !llvm::all_of(op->getOperandTypes(),
                    llvm::IsaPred<IndexType, IntegerType>))
    return fail(op, "'" + op->getName().getStringRef() +
                        "' cannot size a buffer before the run");
  FailureOr<int64_t> a = getIndex(op->getOperand(0));
  FailureOr<int64_t> b = getIndex(op->getOperand(1));
  if (failed(a) || failed(b))
    return failure();
  if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
    using P = arith::CmpIPredicate;
    switch (cmp.getPredicate()) {
    case P::eq:
      return table.get(DimOp::Eq, *a, *b);
    case P::ne:
      return table.get(DimOp::Sub, table.getConstant(1),
                       table.get(DimOp::Eq, *a, *b));
    case P::slt:
    case P::ult:
      return table.get(DimOp::Lt, *a, *b);
    case P::sle:
    case P::ule:
      return table.get(DimOp::Le, *a, *b);
    case P::sgt:
    case P::ugt:
      return table.get(DimOp::Lt, *b, *a);
    case P::sge:
    case P::uge:
      return table.get(DimOp::Le, *b, *a);
    }
  }
  // Logic on conditions (0 or 1).
  if (op->getResultTypes()[0].isInteger(1)) {
    if (isa<arith::AndIOp>(op))
      return table.get(DimOp::Mul, *a, *b);
    if (isa<arith::OrIOp>(op))
      return table.get(DimOp::Max, *a, *b);
    if (isa<arith::XOrIOp>(op))
      return table.get(DimOp::Sub, table.getConstant(1),
                       table.get(DimOp::Eq, *a, *b));
  }
  std::optional<DimOp> dimOp =
      llvm::TypeSwitch<Operation *, std::optional<DimOp>>(op)
          .Case<arith::AddIOp>([](auto) { return DimOp::Add; })
          .Case<arith::SubIOp>([](auto) { return DimOp::Sub; })
          .Case<arith::MulIOp>([](auto) { return DimOp::Mul; })
          .Case<arith::DivSIOp, arith::DivUIOp>([](auto) { return DimOp::Div; })
          .Case<arith::RemSIOp, arith::RemUIOp>([](auto) { return DimOp::Rem; })
          .Case<arith::FloorDivSIOp>([](auto) { return DimOp::FloorDiv; })
          .Case<arith::CeilDivSIOp, arith::CeilDivUIOp>(
              [](auto) { return DimOp::CeilDiv; })
          .Case<arith::MinSIOp, arith::MinUIOp>([](auto) { return DimOp::Min; })
          .Case<arith::MaxSIOp, arith::MaxUIOp>([](auto) { return DimOp::Max; })
          .Default([](auto) { return std::nullopt; });
  if (!dimOp)
    return fail(op, "'" + op->getName().getStringRef() +
                        "' cannot size a buffer before the run");
  return table.get(*dimOp, *a, *b);
}

FailureOr<int64_t> DimResolver::getAffine(AffineExpr expr, ValueRange operands,
                                          unsigned numDims) {
  if (auto constant = dyn_cast<AffineConstantExpr>(expr))
    return table.getConstant(constant.getValue());
  if (auto dimExpr = dyn_cast<AffineDimExpr>(expr))
    return getIndex(operands[dimExpr.getPosition()]);
  if (auto symbol = dyn_cast<AffineSymbolExpr>(expr))
    return getIndex(operands[numDims + symbol.getPosition()]);
  auto binary = cast<AffineBinaryOpExpr>(expr);
  FailureOr<int64_t> a = getAffine(binary.getLHS(), operands, numDims);
  FailureOr<int64_t> b = getAffine(binary.getRHS(), operands, numDims);
  if (failed(a) || failed(b))
    return failure();
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return table.get(DimOp::Add, *a, *b);
  case AffineExprKind::Mul:
    return table.get(DimOp::Mul, *a, *b);
  case AffineExprKind::FloorDiv:
    return table.get(DimOp::FloorDiv, *a, *b);
  case AffineExprKind::CeilDiv:
    return table.get(DimOp::CeilDiv, *a, *b);
  case AffineExprKind::Mod: // a - floordiv(a, b) * b, never negative
    return table.get(
        DimOp::Sub, *a,
        table.get(DimOp::Mul, table.get(DimOp::FloorDiv, *a, *b), *b));
  default:
    return failure();
  }
}

/// The entry of each dim of `tensor`, -1 for static dims.
static FailureOr<SmallVector<int64_t>> getDimEntries(DimResolver &resolver,
                                                     Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<int64_t> entries(type.getRank(), -1);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    FailureOr<int64_t> entry = resolver.getDim(tensor, d);
    if (failed(entry))
      return failure();
    entries[d] = *entry;
  }
  return entries;
}

/// Records on `dispatch`'s kernel where each dynamic dim and index argument
/// comes from in the dims table.
static LogicalResult annotateKernel(DimResolver &resolver,
                                    kexec::DispatchOp dispatch) {
  FailureOr<func::FuncOp> kernel = resolver.enterKernel(dispatch);
  if (failed(kernel))
    return failure();
  MLIRContext *context = dispatch.getContext();
  for (auto [index, operand] : llvm::enumerate(dispatch.getOperands())) {
    if (isa<RankedTensorType>(operand.getType())) {
      if (cast<RankedTensorType>(operand.getType()).hasStaticShape())
        continue;
      FailureOr<SmallVector<int64_t>> entries =
          getDimEntries(resolver, operand);
      if (failed(entries))
        return failure();
      kernel->setArgAttr(index, kexec::kDimsAttrName,
                         DenseI64ArrayAttr::get(context, *entries));
      continue;
    }
    FailureOr<int64_t> entry = resolver.getIndex(operand);
    if (failed(entry))
      return failure();
    kernel->setArgAttr(index, kexec::kDimAttrName,
                       IntegerAttr::get(IntegerType::get(context, 64), *entry));
  }
  for (auto [index, result] : llvm::enumerate(dispatch.getResults())) {
    if (cast<RankedTensorType>(result.getType()).hasStaticShape())
      continue;
    FailureOr<SmallVector<int64_t>> entries = getDimEntries(resolver, result);
    if (failed(entries))
      return failure();
    kernel->setResultAttr(index, kexec::kDimsAttrName,
                          DenseI64ArrayAttr::get(context, *entries));
  }
  return success();
}

namespace {
struct ResolveDimsPass : kiln::impl::ResolveDimsPassBase<ResolveDimsPass> {
  void runOnOperation() override;
};
} // namespace

void ResolveDimsPass::runOnOperation() {
  ModuleOp module = getOperation();
  SymbolTableCollection symbols;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    FailureOr<DimsTable> table = DimsTable::load(func);
    if (failed(table))
      return signalPassFailure();
    DimResolver resolver(*table, symbols);
    WalkResult walk = WalkResult::advance();
    SmallVector<Attribute> checks;
    SmallVector<Operation *> asserts;
    for (Operation &hostOp : func.getBody().front()) {
      Operation *op = &hostOp;
      auto visit = [&]() -> WalkResult {
        // An assertion on sizes or shape-input values becomes a check the
        // runtime evaluates before the run.
        if (auto check = dyn_cast<cf::AssertOp>(op)) {
          asserts.push_back(op);
          if (matchPattern(check.getArg(), m_One()))
            return WalkResult::advance();
          FailureOr<int64_t> entry = resolver.getIndex(check.getArg());
          if (failed(entry))
            return WalkResult::interrupt();
          std::optional<int64_t> known = table->getConstantValue(*entry);
          if (known && *known == 0) {
            check.emitError("fails for every input: ") << check.getMsg();
            return WalkResult::interrupt();
          }
          if (!known)
            checks.push_back(ArrayAttr::get(
                op->getContext(),
                {IntegerAttr::get(IntegerType::get(op->getContext(), 64),
                                  *entry),
                 check.getMsgAttr()}));
          return WalkResult::advance();
        }
        if (auto dispatch = dyn_cast<kexec::DispatchOp>(op))
          if (failed(annotateKernel(resolver, dispatch)))
            return WalkResult::interrupt();
        // The Sizes of every tensor result with dynamic dims.
        SmallVector<Attribute> shapes;
        bool dynamic = false;
        for (Value result : op->getResults()) {
          auto type = dyn_cast<RankedTensorType>(result.getType());
          if (!type)
            return WalkResult::advance();
          SmallVector<int64_t> sizes(type.getShape());
          for (int64_t d = 0; d < type.getRank(); ++d) {
            if (!type.isDynamicDim(d))
              continue;
            FailureOr<int64_t> entry = resolver.getDim(result, d);
            if (failed(entry))
              return WalkResult::interrupt();
            sizes[d] = table->toSize(*entry);
            dynamic = true;
          }
          shapes.push_back(DenseI64ArrayAttr::get(op->getContext(), sizes));
        }
        if (dynamic)
          op->setAttr(kShapesAttrName,
                      ArrayAttr::get(op->getContext(), shapes));
        return WalkResult::advance();
      };
      walk = visit();
      if (walk.wasInterrupted())
        break;
    }
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (Operation *op : asserts)
      op->erase();
    if (!checks.empty())
      func->setAttr(kexec::kChecksAttrName,
                    ArrayAttr::get(func.getContext(), checks));
    if (!table->getEntries().empty())
      table->store(func);
  }
}
