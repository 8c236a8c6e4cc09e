// SPDX-License-Identifier: Apache-2.0
//===- ControlFlowLowering.cpp - ONNX If, Loop, Scan to scf ---------------===//
//
// These run in a second conversion phase, after every other kiln op (those
// in the regions included) has been lowered, so a region's yielded values
// already have their final types. kiln.if becomes scf.if; kiln.loop
// becomes scf.while over (iteration, condition, carried values), or
// scf.for when it has scan outputs and a constant trip count; kiln.scan
// becomes scf.for slicing its scan inputs and inserting its scan outputs.
// Region blocks are merged into the scf regions with their arguments
// rebuilt from the scf ones (tensor.from_elements for the iteration number
// and condition, casts where types were refined).
//
//===----------------------------------------------------------------------===//

#include "passes/codegen/Passes.h"

#include "passes/codegen/LoweringUtils.h"

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// `value` as a value of tensor type `type`: tensor.bitcast where element
/// types differ in signedness only, tensor.cast where shapes differ. Null
/// when neither applies.
Value adaptTo(OpBuilder &b, Location loc, Value value, Type type) {
  Type from = value.getType();
  if (from == type)
    return value;
  auto fromTensor = dyn_cast<TensorType>(from);
  auto toTensor = dyn_cast<TensorType>(type);
  if (!fromTensor || !toTensor)
    return {};
  if (fromTensor.getElementType() != toTensor.getElementType()) {
    Type fromElement = fromTensor.getElementType();
    Type toElement = toTensor.getElementType();
    if (!isa<IntegerType>(fromElement) || !isa<IntegerType>(toElement) ||
        fromElement.getIntOrFloatBitWidth() !=
            toElement.getIntOrFloatBitWidth())
      return {};
    value =
        tensor::BitcastOp::create(b, loc, fromTensor.clone(toElement), value);
    fromTensor = cast<TensorType>(value.getType());
  }
  if (fromTensor == toTensor)
    return value;
  if (!tensor::CastOp::areCastCompatible(fromTensor, toTensor))
    return {};
  return tensor::CastOp::create(b, loc, toTensor, value);
}

/// The converted types of `types`; fails unless all are tensors.
FailureOr<SmallVector<Type>> convertTensorTypes(Operation *op,
                                                const TypeConverter &converter,
                                                TypeRange types) {
  SmallVector<Type> converted;
  for (Type type : types) {
    Type result = converter.convertType(type);
    if (!result || !isa<TensorType>(result))
      return emitLoweringError(op, "sequence and optional values are not "
                                   "supported");
    converted.push_back(result);
  }
  return converted;
}

/// `type` as text, for messages.
std::string debugString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// Adapts each of `values` to the matching type of `types`; reports and
/// fails when one does not fit.
FailureOr<SmallVector<Value>> adaptAll(Operation *op, OpBuilder &b,
                                       Location loc, ValueRange values,
                                       TypeRange types) {
  SmallVector<Value> adapted;
  for (auto [value, type] : llvm::zip(values, types)) {
    Value result = adaptTo(b, loc, value, type);
    if (!result)
      return emitLoweringError(op, "a value of type " +
                                       debugString(value.getType()) +
                                       " does not fit " + debugString(type));
    adapted.push_back(result);
  }
  return adapted;
}

/// The values `yield` yields once `body`'s arguments are replaced by
/// `replacements`. Read before merging the block: a yielded block argument
/// must not be looked up after its block is gone.
SmallVector<Value> remapYielded(YieldOp yield, Block &body,
                                ArrayRef<Value> replacements) {
  SmallVector<Value> values;
  for (Value value : yield.getValues()) {
    auto argument = dyn_cast<BlockArgument>(value);
    if (argument && argument.getOwner() == &body)
      value = replacements[argument.getArgNumber()];
    values.push_back(value);
  }
  return values;
}

/// A rank-0 tensor of `type` holding scalar `value`.
Value toTensor(OpBuilder &b, Location loc, Value value, Type type) {
  auto tensorType = cast<RankedTensorType>(type);
  if (tensorType.getRank() == 0)
    return tensor::FromElementsOp::create(b, loc, tensorType, value);
  return tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({1}, tensorType.getElementType()), value);
}

struct IfLowering : KilnPattern<IfOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(IfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<Type>> types =
        convertTensorTypes(op, *getTypeConverter(), op.getResultTypes());
    if (failed(types))
      return failure();
    if (!getRankedType(adaptor.getCond()))
      return emitLoweringError(op, "the condition must be ranked");
    Value cond = extractScalar(rewriter, loc, adaptor.getCond());
    auto ifOp = scf::IfOp::create(rewriter, loc, *types, cond,
                                  /*addThenBlock=*/false,
                                  /*addElseBlock=*/false);
    for (auto [from, to] :
         {std::make_pair(&op.getThenBranch(), &ifOp.getThenRegion()),
          std::make_pair(&op.getElseBranch(), &ifOp.getElseRegion())}) {
      rewriter.inlineRegionBefore(*from, *to, to->end());
      auto yield = cast<YieldOp>(to->front().getTerminator());
      rewriter.setInsertionPoint(yield);
      FailureOr<SmallVector<Value>> values =
          adaptAll(op, rewriter, yield.getLoc(), yield.getValues(), *types);
      if (failed(values))
        return failure();
      rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, *values);
    }
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

/// Whether `value` is a constant true.
bool isConstantTrue(Value value) {
  std::optional<double> scalar = getConstantScalar(value);
  return scalar && *scalar != 0;
}

struct LoopLowering : KilnPattern<LoopOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(LoopOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<Type>> resultTypes =
        convertTensorTypes(op, *getTypeConverter(), op.getResultTypes());
    if (failed(resultTypes))
      return failure();
    size_t numCarried = op.getVInitial().size();
    size_t numScans = op.getNumResults() - numCarried;
    SmallVector<Type> carriedTypes(resultTypes->begin(),
                                   resultTypes->begin() + numCarried);
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    Type i64 = rewriter.getI64Type(), i1 = rewriter.getI1Type();
    FailureOr<SmallVector<Value>> initial =
        adaptAll(op, rewriter, loc, adaptor.getVInitial(), carriedTypes);
    if (failed(initial))
      return failure();

    if (numScans > 0) {
      // Scan outputs stack one element per iteration: that needs a known
      // trip count, so a constant M and a condition that stays true.
      std::optional<double> tripCount =
          op.getM() ? getConstantScalar(op.getM()) : std::nullopt;
      bool condStaysTrue = (!op.getCond() || isConstantTrue(op.getCond())) &&
                           (yield.getValues()[0] == body.getArgument(1) ||
                            isConstantTrue(yield.getValues()[0]));
      if (!tripCount || !condStaysTrue)
        return emitLoweringError(op, "scan outputs need a constant trip count "
                                     "and a condition that stays true");
      return lowerCounted(op, rewriter, static_cast<int64_t>(*tripCount),
                          *resultTypes, *initial);
    }

    // scf.while over (iteration, condition, carried...).
    Value maxTrip =
        adaptor.getM()
            ? convertScalar(rewriter, loc,
                            extractScalar(rewriter, loc, adaptor.getM()), i64,
                            false, false)
            : Value();
    Value cond = adaptor.getCond()
                     ? extractScalar(rewriter, loc, adaptor.getCond())
                     : createConstant(rewriter, loc, i1, 1);
    SmallVector<Value> inits = {createIntConstant(rewriter, loc, i64, 0), cond};
    inits.append(initial->begin(), initial->end());
    SmallVector<Type> types = {i64, i1};
    types.append(carriedTypes);
    SmallVector<Location> locs(types.size(), loc);
    auto whileOp = scf::WhileOp::create(rewriter, loc, types, inits);
    Block *before = rewriter.createBlock(&whileOp.getBefore(), {}, types, locs);
    {
      Value go = before->getArgument(1);
      if (maxTrip)
        go = arith::AndIOp::create(
            rewriter, loc, go,
            arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt,
                                  before->getArgument(0), maxTrip));
      scf::ConditionOp::create(rewriter, loc, go, before->getArguments());
    }
    Block *after = rewriter.createBlock(&whileOp.getAfter(), {}, types, locs);
    SmallVector<Value> replacements;
    Value iteration = adaptTo(rewriter, loc,
                              toTensor(rewriter, loc, after->getArgument(0),
                                       body.getArgument(0).getType()),
                              body.getArgument(0).getType());
    Value condition = adaptTo(rewriter, loc,
                              toTensor(rewriter, loc, after->getArgument(1),
                                       body.getArgument(1).getType()),
                              body.getArgument(1).getType());
    if (!iteration || !condition)
      return emitLoweringError(op, "unexpected types of the body's iteration "
                                   "number or condition");
    replacements = {iteration, condition};
    FailureOr<SmallVector<Value>> carried =
        adaptAll(op, rewriter, loc, after->getArguments().drop_front(2),
                 TypeRange(body.getArgumentTypes()).drop_front(2));
    if (failed(carried))
      return failure();
    replacements.append(carried->begin(), carried->end());
    SmallVector<Value> values = remapYielded(yield, body, replacements);
    rewriter.mergeBlocks(&body, after, replacements);
    rewriter.setInsertionPoint(yield);
    Value next =
        arith::AddIOp::create(rewriter, loc, after->getArgument(0),
                              createIntConstant(rewriter, loc, i64, 1));
    SmallVector<Value> yielded = {next,
                                  extractScalar(rewriter, loc, values[0])};
    FailureOr<SmallVector<Value>> carriedOut =
        adaptAll(op, rewriter, loc,
                 ArrayRef<Value>(values).slice(1, numCarried), carriedTypes);
    if (failed(carriedOut))
      return failure();
    yielded.append(carriedOut->begin(), carriedOut->end());
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yielded);
    rewriter.replaceOp(op, whileOp.getResults().drop_front(2));
    return success();
  }

  /// A loop of `tripCount` iterations with scan outputs: scf.for carrying
  /// the values and the stacked outputs.
  LogicalResult lowerCounted(LoopOp op, ConversionPatternRewriter &rewriter,
                             int64_t tripCount, ArrayRef<Type> resultTypes,
                             ArrayRef<Value> initial) const {
    Location loc = op.getLoc();
    size_t numCarried = initial.size();
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    SmallVector<Value> inits(initial);
    SmallVector<RankedTensorType> stackTypes;
    for (Type type : resultTypes.drop_front(numCarried)) {
      auto ranked = dyn_cast<RankedTensorType>(type);
      if (!ranked || ranked.getRank() < 1 ||
          !llvm::all_of(ranked.getShape().drop_front(),
                        [](int64_t d) { return !ShapedType::isDynamic(d); }))
        return emitLoweringError(op, "scan outputs need static element shapes");
      SmallVector<int64_t> shape(ranked.getShape());
      shape[0] = tripCount;
      auto stackType = RankedTensorType::get(shape, ranked.getElementType());
      stackTypes.push_back(stackType);
      inits.push_back(tensor::EmptyOp::create(rewriter, loc, shape,
                                              ranked.getElementType()));
    }
    Value lower = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value upper = arith::ConstantIndexOp::create(rewriter, loc, tripCount);
    Value step = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto forOp = scf::ForOp::create(rewriter, loc, lower, upper, step, inits);
    Block *loopBody = forOp.getBody();
    rewriter.setInsertionPointToStart(loopBody);
    Value index = forOp.getInductionVar();
    Value iteration = convertScalar(rewriter, loc, index, rewriter.getI64Type(),
                                    false, false);
    SmallVector<Value> replacements = {
        adaptTo(
            rewriter, loc,
            toTensor(rewriter, loc, iteration, body.getArgument(0).getType()),
            body.getArgument(0).getType()),
        adaptTo(rewriter, loc,
                toTensor(rewriter, loc,
                         createConstant(rewriter, loc, rewriter.getI1Type(), 1),
                         body.getArgument(1).getType()),
                body.getArgument(1).getType())};
    if (!replacements[0] || !replacements[1])
      return emitLoweringError(op, "unexpected types of the body's iteration "
                                   "number or condition");
    FailureOr<SmallVector<Value>> carried = adaptAll(
        op, rewriter, loc, forOp.getRegionIterArgs().take_front(numCarried),
        TypeRange(body.getArgumentTypes()).drop_front(2));
    if (failed(carried))
      return failure();
    replacements.append(carried->begin(), carried->end());
    SmallVector<Value> values = remapYielded(yield, body, replacements);
    // scf.for with iter_args starts without a terminator: the body (and
    // its kiln.yield, replaced below) goes at the end.
    rewriter.inlineBlockBefore(&body, loopBody, loopBody->end(), replacements);
    rewriter.setInsertionPoint(yield);
    FailureOr<SmallVector<Value>> next = adaptAll(
        op, rewriter, loc, ArrayRef<Value>(values).slice(1, numCarried),
        resultTypes.take_front(numCarried));
    if (failed(next))
      return failure();
    SmallVector<Value> yielded(*next);
    for (auto [i, stackType] : llvm::enumerate(stackTypes)) {
      Value element = values[1 + numCarried + i];
      auto elementType = RankedTensorType::get(
          stackType.getShape().drop_front(), stackType.getElementType());
      element = adaptTo(rewriter, loc, element, elementType);
      if (!element)
        return emitLoweringError(op, "a scan output does not fit its result");
      Value stack = forOp.getRegionIterArgs()[numCarried + i];
      int64_t rank = stackType.getRank();
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[0] = index;
      SmallVector<OpFoldResult> sizes;
      sizes.push_back(rewriter.getIndexAttr(1));
      for (int64_t d : elementType.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      yielded.push_back(tensor::InsertSliceOp::create(
          rewriter, loc, element, stack, offsets, sizes, strides));
    }
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yielded);
    rewriter.setInsertionPointAfter(forOp);
    SmallVector<Value> results(forOp.getResults().take_front(numCarried));
    for (auto [i, type] : llvm::enumerate(resultTypes.drop_front(numCarried)))
      results.push_back(
          castToType(rewriter, loc, forOp.getResult(numCarried + i), type));
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct ScanLowering : KilnPattern<ScanOp> {
  using KilnPattern::KilnPattern;
  LogicalResult
  matchAndRewrite(ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<Type>> resultTypes =
        convertTensorTypes(op, *getTypeConverter(), op.getResultTypes());
    if (failed(resultTypes))
      return failure();
    ValueRange operands = adaptor.getInitialStateAndScanInputs();
    int64_t numScanInputs = static_cast<int64_t>(op.getNumScanInputs());
    size_t numStates = operands.size() - numScanInputs;
    size_t numOutputs = op.getNumResults() - numStates;
    ValueRange states = operands.take_front(numStates);
    ValueRange scanInputs = operands.drop_front(numStates);
    auto listOr = [](std::optional<ArrayRef<int64_t>> list, size_t count) {
      if (list)
        return SmallVector<int64_t>(list->begin(), list->end());
      return SmallVector<int64_t>(count, 0);
    };
    SmallVector<int64_t> inputAxes =
        listOr(op.getScanInputAxes(), numScanInputs);
    SmallVector<int64_t> inputDirections =
        listOr(op.getScanInputDirections(), numScanInputs);
    SmallVector<int64_t> outputAxes =
        listOr(op.getScanOutputAxes(), numOutputs);
    SmallVector<int64_t> outputDirections =
        listOr(op.getScanOutputDirections(), numOutputs);
    for (auto [axis, input] : llvm::zip(inputAxes, scanInputs)) {
      auto type = getRankedType(input);
      if (!type)
        return emitLoweringError(op, "scan inputs must be ranked");
      FailureOr<int64_t> normalized = normalizeAxis(axis, type.getRank());
      if (failed(normalized))
        return emitLoweringError(op, "a scan input axis is out of range");
      axis = *normalized;
    }
    for (auto [axis, type] : llvm::zip(
             outputAxes, ArrayRef<Type>(*resultTypes).drop_front(numStates))) {
      auto ranked = dyn_cast<RankedTensorType>(type);
      if (!ranked)
        return emitLoweringError(op, "scan outputs must be ranked");
      FailureOr<int64_t> normalized = normalizeAxis(axis, ranked.getRank());
      if (failed(normalized))
        return emitLoweringError(op, "a scan output axis is out of range");
      axis = *normalized;
    }
    Value count = getDimValue(rewriter, loc, scanInputs.front(), inputAxes[0]);
    SmallVector<Type> stateTypes(resultTypes->begin(),
                                 resultTypes->begin() + numStates);
    FailureOr<SmallVector<Value>> inits =
        adaptAll(op, rewriter, loc, states, stateTypes);
    if (failed(inits))
      return failure();
    SmallVector<RankedTensorType> outputTypes;
    for (auto [index, type] :
         llvm::enumerate(ArrayRef<Type>(*resultTypes).drop_front(numStates))) {
      auto ranked = cast<RankedTensorType>(type);
      int64_t axis = outputAxes[index];
      SmallVector<OpFoldResult> sizes;
      for (int64_t dim = 0; dim < ranked.getRank(); ++dim) {
        if (dim == axis)
          sizes.push_back(count);
        else if (ranked.isDynamicDim(dim))
          return emitLoweringError(op, "scan outputs need static element "
                                       "shapes");
        else
          sizes.push_back(rewriter.getIndexAttr(ranked.getDimSize(dim)));
      }
      outputTypes.push_back(ranked);
      inits->push_back(createEmpty(rewriter, loc, ranked, sizes));
    }
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value last = arith::SubIOp::create(rewriter, loc, count, one);
    auto forOp = scf::ForOp::create(rewriter, loc, zero, count, one, *inits);
    Block *loopBody = forOp.getBody();
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    rewriter.setInsertionPointToStart(loopBody);
    Value t = forOp.getInductionVar();
    Value reversed = arith::SubIOp::create(rewriter, loc, last, t);
    SmallVector<Value> replacements;
    FailureOr<SmallVector<Value>> carried = adaptAll(
        op, rewriter, loc, forOp.getRegionIterArgs().take_front(numStates),
        TypeRange(body.getArgumentTypes()).take_front(numStates));
    if (failed(carried))
      return failure();
    replacements.append(carried->begin(), carried->end());
    // One slice of each scan input, without the scan axis.
    for (auto [index, input] : llvm::enumerate(scanInputs)) {
      auto type = getRankedType(input);
      int64_t axis = inputAxes[index];
      int64_t rank = type.getRank();
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = inputDirections[index] == 1 ? reversed : t;
      SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
      sizes[axis] = rewriter.getIndexAttr(1);
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      SmallVector<int64_t> shape;
      for (int64_t dim = 0; dim < rank; ++dim)
        if (dim != axis)
          shape.push_back(type.getDimSize(dim));
      auto sliceType = RankedTensorType::get(shape, type.getElementType());
      Value slice = tensor::ExtractSliceOp::create(
          rewriter, loc, sliceType, input, offsets, sizes, strides);
      Value adapted = adaptTo(rewriter, loc, slice,
                              body.getArgument(numStates + index).getType());
      if (!adapted)
        return emitLoweringError(op, "a scan input slice does not fit the "
                                     "body's argument");
      replacements.push_back(adapted);
    }
    SmallVector<Value> values = remapYielded(yield, body, replacements);
    rewriter.inlineBlockBefore(&body, loopBody, loopBody->end(), replacements);
    rewriter.setInsertionPoint(yield);
    FailureOr<SmallVector<Value>> next =
        adaptAll(op, rewriter, loc,
                 ArrayRef<Value>(values).take_front(numStates), stateTypes);
    if (failed(next))
      return failure();
    SmallVector<Value> yielded(*next);
    for (auto [index, outputType] : llvm::enumerate(outputTypes)) {
      int64_t axis = outputAxes[index];
      int64_t rank = outputType.getRank();
      SmallVector<int64_t> shape;
      for (int64_t dim = 0; dim < rank; ++dim)
        if (dim != axis)
          shape.push_back(outputType.getDimSize(dim));
      auto elementType =
          RankedTensorType::get(shape, outputType.getElementType());
      Value element =
          adaptTo(rewriter, loc, values[numStates + index], elementType);
      if (!element)
        return emitLoweringError(op, "a scan output does not fit its result");
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = outputDirections[index] == 1 ? reversed : t;
      SmallVector<OpFoldResult> sizes;
      for (int64_t dim = 0; dim < rank; ++dim)
        sizes.push_back(
            dim == axis ? rewriter.getIndexAttr(1)
                        : rewriter.getIndexAttr(outputType.getDimSize(dim)));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      yielded.push_back(tensor::InsertSliceOp::create(
          rewriter, loc, element, forOp.getRegionIterArgs()[numStates + index],
          offsets, sizes, strides));
    }
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yielded);
    rewriter.replaceOp(op, forOp.getResults());
    return success();
  }
};

} // namespace

void mlir::kiln::populateKilnControlFlowToSCFPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<IfLowering, LoopLowering, ScanLowering>(converter,
                                                       patterns.getContext());
}
