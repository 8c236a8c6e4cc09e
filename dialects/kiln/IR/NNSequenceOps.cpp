// SPDX-License-Identifier: Apache-2.0
//===- NNSequenceOps.cpp - recurrent, attention and rotary type inference -===//

#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::kiln;

/// `a * b`, dynamic if either is.
static int64_t mulDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return ShapedType::kDynamic;
  return a * b;
}

/// `a / b`, dynamic if either is or `b` does not divide `a`.
static int64_t divDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || b == 0 ||
      a % b != 0)
    return ShapedType::kDynamic;
  return a / b;
}

/// `a + b`, dynamic if either is.
static int64_t addDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return ShapedType::kDynamic;
  return a + b;
}

/// Checks that an optional operand has element type `elementType`.
static LogicalResult checkElementType(std::optional<Location> loc,
                                      StringRef opName, StringRef name,
                                      Value value, Type elementType) {
  if (!value)
    return success();
  auto type = dyn_cast<TensorType>(value.getType());
  if (!type || type.getElementType() != elementType)
    return emitOptionalError(loc, opName, " ", name, " must have element type ",
                             elementType, ", got ", value.getType());
  return success();
}

//===----------------------------------------------------------------------===//
// RNN, GRU, LSTM
//===----------------------------------------------------------------------===//

namespace {
/// The operands and attributes of a recurrent layer.
struct RecurrentLayer {
  StringRef opName;
  /// Gates per direction: 1 (RNN), 3 (GRU), 4 (LSTM).
  int64_t numGates;
  Value x, w, r, b, sequenceLens, initialH, initialC, p;
  StringRef direction;
  std::optional<uint64_t> hiddenSize;
  int64_t layout;
  /// 2 results, or 3 with LSTM's Y_c.
  unsigned numResults;
};
} // namespace

/// Infers Y, Y_h (and Y_c) of a recurrent layer from X's sizes, the
/// direction and the hidden size (the attribute, else R's and W's shapes).
static LogicalResult inferRecurrentTypes(std::optional<Location> loc,
                                         const RecurrentLayer &layer,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef opName = layer.opName;
  auto xType = dyn_cast<TensorType>(layer.x.getType());
  if (!xType || !isa<TensorType>(layer.w.getType()) ||
      !isa<TensorType>(layer.r.getType()))
    return emitOptionalError(loc, opName, " operands must be tensors");
  Type elementType = xType.getElementType();
  for (auto [name, value] : {std::pair<StringRef, Value>{"W", layer.w},
                             {"R", layer.r},
                             {"B", layer.b},
                             {"initial_h", layer.initialH},
                             {"initial_c", layer.initialC},
                             {"P", layer.p}})
    if (failed(checkElementType(loc, opName, name, value, elementType)))
      return failure();

  int64_t numDirections;
  if (layer.direction == "forward" || layer.direction == "reverse")
    numDirections = 1;
  else if (layer.direction == "bidirectional")
    numDirections = 2;
  else
    return emitOptionalError(loc, opName,
                             " direction must be forward, reverse or "
                             "bidirectional, got '",
                             layer.direction, "'");
  if (layer.layout != 0 && layer.layout != 1)
    return emitOptionalError(loc, opName, " layout must be 0 or 1, got ",
                             layer.layout);

  int64_t hidden = ShapedType::kDynamic;
  if (layer.hiddenSize) {
    if (*layer.hiddenSize < 1 ||
        *layer.hiddenSize > static_cast<uint64_t>(INT64_MAX))
      return emitOptionalError(loc, opName, " hidden_size must be >= 1");
    hidden = static_cast<int64_t>(*layer.hiddenSize);
  }
  // Without the attribute, R's last dim is the hidden size; W's and R's
  // dim 1 hold numGates of it.
  if (ShapedType::isDynamic(hidden))
    hidden = getDim(layer.r.getType(), 2);
  if (ShapedType::isDynamic(hidden))
    hidden = divDims(getDim(layer.w.getType(), 1), layer.numGates);
  if (ShapedType::isDynamic(hidden))
    hidden = divDims(getDim(layer.r.getType(), 1), layer.numGates);

  // X is [seq, batch, input] (layout 0) or [batch, seq, input] (layout 1).
  int64_t seq = ShapedType::kDynamic, batch = ShapedType::kDynamic,
          input = ShapedType::kDynamic;
  if (failed(matchShape(loc, opName, "X", layer.x,
                        layer.layout == 0
                            ? ArrayRef<int64_t *>{&seq, &batch, &input}
                            : ArrayRef<int64_t *>{&batch, &seq, &input})))
    return failure();
  int64_t directions = numDirections;
  int64_t gateRows = mulDims(layer.numGates, hidden);
  int64_t biasSize = mulDims(2 * layer.numGates, hidden);
  int64_t peepholeSize = mulDims(3, hidden);
  auto stateDims = [&]() -> SmallVector<int64_t *> {
    if (layer.layout == 0)
      return {&directions, &batch, &hidden};
    return {&batch, &directions, &hidden};
  };
  if (failed(matchShape(loc, opName, "W", layer.w,
                        {&directions, &gateRows, &input})) ||
      failed(matchShape(loc, opName, "R", layer.r,
                        {&directions, &gateRows, &hidden})) ||
      failed(matchShape(loc, opName, "B", layer.b, {&directions, &biasSize})) ||
      failed(matchShape(loc, opName, "sequence_lens", layer.sequenceLens,
                        {&batch})) ||
      failed(
          matchShape(loc, opName, "initial_h", layer.initialH, stateDims())) ||
      failed(
          matchShape(loc, opName, "initial_c", layer.initialC, stateDims())) ||
      failed(
          matchShape(loc, opName, "P", layer.p, {&directions, &peepholeSize})))
    return failure();

  SmallVector<int64_t> yShape =
      layer.layout == 0
          ? SmallVector<int64_t>{seq, numDirections, batch, hidden}
          : SmallVector<int64_t>{batch, seq, numDirections, hidden};
  SmallVector<int64_t> stateShape =
      layer.layout == 0 ? SmallVector<int64_t>{numDirections, batch, hidden}
                        : SmallVector<int64_t>{batch, numDirections, hidden};
  inferred.push_back(RankedTensorType::get(yShape, elementType));
  for (unsigned i = 1; i < layer.numResults; ++i)
    inferred.push_back(RankedTensorType::get(stateShape, elementType));
  return success();
}

/// Checks the activation list of a recurrent layer: `numPerDirection` names
/// for one direction (or for each of two), each a known ONNX activation.
static LogicalResult checkActivations(Operation *op,
                                      std::optional<ArrayAttr> activations,
                                      int64_t numPerDirection) {
  if (!activations)
    return success();
  int64_t count = activations->size();
  if (count != numPerDirection && count != 2 * numPerDirection)
    return op->emitOpError() << "activations must hold " << numPerDirection
                             << " names per direction, got " << count;
  static constexpr StringLiteral known[] = {
      "Relu",       "Tanh",        "Sigmoid",
      "Affine",     "LeakyRelu",   "ThresholdedRelu",
      "ScaledTanh", "HardSigmoid", "Elu",
      "Softsign",   "Softplus"};
  for (Attribute attr : *activations) {
    StringRef name = cast<StringAttr>(attr).getValue();
    if (!llvm::any_of(known,
                      [&](StringRef k) { return k.equals_insensitive(name); }))
      return op->emitOpError() << "unknown activation '" << name << "'";
  }
  return success();
}

LogicalResult RNNOp::inferResultTypes(MLIRContext *context,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RecurrentLayer layer{"rnn",
                       1,
                       adaptor.getX(),
                       adaptor.getW(),
                       adaptor.getR(),
                       adaptor.getB(),
                       adaptor.getSequenceLens(),
                       adaptor.getInitialH(),
                       nullptr,
                       nullptr,
                       adaptor.getDirection(),
                       adaptor.getHiddenSize(),
                       static_cast<int64_t>(adaptor.getLayout()),
                       2};
  return inferRecurrentTypes(loc, layer, inferred);
}

LogicalResult RNNOp::verify() {
  return checkActivations(*this, getActivations(), 1);
}

LogicalResult GRUOp::inferResultTypes(MLIRContext *context,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RecurrentLayer layer{"gru",
                       3,
                       adaptor.getX(),
                       adaptor.getW(),
                       adaptor.getR(),
                       adaptor.getB(),
                       adaptor.getSequenceLens(),
                       adaptor.getInitialH(),
                       nullptr,
                       nullptr,
                       adaptor.getDirection(),
                       adaptor.getHiddenSize(),
                       static_cast<int64_t>(adaptor.getLayout()),
                       2};
  return inferRecurrentTypes(loc, layer, inferred);
}

LogicalResult GRUOp::verify() {
  if (failed(verifyFlag(*this, "linear_before_reset", getLinearBeforeReset())))
    return failure();
  return checkActivations(*this, getActivations(), 2);
}

LogicalResult LSTMOp::inferResultTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  RecurrentLayer layer{"lstm",
                       4,
                       adaptor.getX(),
                       adaptor.getW(),
                       adaptor.getR(),
                       adaptor.getB(),
                       adaptor.getSequenceLens(),
                       adaptor.getInitialH(),
                       adaptor.getInitialC(),
                       adaptor.getP(),
                       adaptor.getDirection(),
                       adaptor.getHiddenSize(),
                       static_cast<int64_t>(adaptor.getLayout()),
                       3};
  return inferRecurrentTypes(loc, layer, inferred);
}

LogicalResult LSTMOp::verify() {
  if (failed(verifyFlag(*this, "input_forget", getInputForget())))
    return failure();
  return checkActivations(*this, getActivations(), 3);
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::inferResultTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  StringRef opName = "attention";
  auto qType = dyn_cast<TensorType>(adaptor.getQ().getType());
  auto kType = dyn_cast<TensorType>(adaptor.getK().getType());
  auto vType = dyn_cast<TensorType>(adaptor.getV().getType());
  if (!qType || !kType || !vType)
    return emitOptionalError(loc, "attention operands must be tensors");
  Type qElementType = qType.getElementType();
  Type vElementType = vType.getElementType();
  if (failed(checkElementType(loc, opName, "past_key", adaptor.getPastKey(),
                              qElementType)) ||
      failed(checkElementType(loc, opName, "past_value", adaptor.getPastValue(),
                              vElementType)))
    return failure();

  for (auto [name, value] : {std::pair<StringRef, Value>{"Q", adaptor.getQ()},
                             {"K", adaptor.getK()},
                             {"V", adaptor.getV()}})
    if (std::optional<int64_t> rank = getRank(value);
        rank && *rank != 3 && *rank != 4)
      return emitOptionalError(loc, "attention ", name,
                               " must be 3-D or 4-D, got ", value.getType());
  std::optional<int64_t> qRank = getRank(adaptor.getQ());
  std::optional<int64_t> kRank = getRank(adaptor.getK());
  std::optional<int64_t> vRank = getRank(adaptor.getV());

  int64_t qHeads = ShapedType::kDynamic, kvHeads = ShapedType::kDynamic;
  if (std::optional<uint64_t> heads = adaptor.getQNumHeads()) {
    if (*heads < 1 || *heads > static_cast<uint64_t>(INT64_MAX))
      return emitOptionalError(loc, "attention q_num_heads must be >= 1");
    qHeads = *heads;
  }
  if (std::optional<uint64_t> heads = adaptor.getKvNumHeads()) {
    if (*heads < 1 || *heads > static_cast<uint64_t>(INT64_MAX))
      return emitOptionalError(loc, "attention kv_num_heads must be >= 1");
    kvHeads = *heads;
  }
  if (qRank == 3 && (!adaptor.getQNumHeads() || !adaptor.getKvNumHeads()))
    return emitOptionalError(
        loc, "attention with 3-D inputs needs q_num_heads and kv_num_heads");
  if ((kRank == 3 || vRank == 3) && !adaptor.getKvNumHeads())
    return emitOptionalError(loc,
                             "attention with 3-D K or V needs kv_num_heads");

  // 4-D: [batch, heads, seq, head_size]; 3-D: [batch, seq, heads * head_size].
  int64_t batch = ShapedType::kDynamic, qSeq = ShapedType::kDynamic,
          kvSeq = ShapedType::kDynamic, headSize = ShapedType::kDynamic,
          vHeadSize = ShapedType::kDynamic;
  auto mismatch = [&](StringRef what) {
    return emitOptionalError(loc, "attention ", what, " differ: Q ", qType,
                             ", K ", kType, ", V ", vType);
  };
  if (failed(mergeDim(batch, getDim(qType, 0))) ||
      failed(mergeDim(batch, getDim(kType, 0))) ||
      failed(mergeDim(batch, getDim(vType, 0))))
    return mismatch("batch sizes");
  if (qRank == 4) {
    if (failed(mergeDim(qHeads, getDim(qType, 1))))
      return mismatch("query head counts");
    qSeq = getDim(qType, 2);
    headSize = getDim(qType, 3);
  } else if (qRank == 3) {
    qSeq = getDim(qType, 1);
    int64_t hidden = getDim(qType, 2);
    if (!ShapedType::isDynamic(hidden) && hidden % qHeads != 0)
      return emitOptionalError(loc, "attention Q hidden size ", hidden,
                               " is not a multiple of q_num_heads ", qHeads);
    headSize = divDims(hidden, qHeads);
  }
  for (auto [rank, type, isValue] :
       {std::tuple<std::optional<int64_t>, TensorType, bool>{kRank, kType,
                                                             false},
        {vRank, vType, true}}) {
    if (!rank)
      continue;
    int64_t seq = getDim(type, *rank == 4 ? 2 : 1);
    if (failed(mergeDim(kvSeq, seq)))
      return mismatch("K and V sequence lengths");
    int64_t size;
    if (*rank == 4) {
      if (failed(mergeDim(kvHeads, getDim(type, 1))))
        return mismatch("key/value head counts");
      size = getDim(type, 3);
    } else {
      int64_t hidden = getDim(type, 2);
      if (!ShapedType::isDynamic(hidden) && hidden % kvHeads != 0)
        return emitOptionalError(
            loc, "attention ", isValue ? "V" : "K", " hidden size ", hidden,
            " is not a multiple of kv_num_heads ", kvHeads);
      size = divDims(hidden, kvHeads);
    }
    if (failed(mergeDim(isValue ? vHeadSize : headSize, size)))
      return mismatch("Q and K head sizes");
  }
  if (!ShapedType::isDynamic(qHeads) && !ShapedType::isDynamic(kvHeads) &&
      qHeads % kvHeads != 0)
    return emitOptionalError(loc, "attention query heads ", qHeads,
                             " are not a multiple of key/value heads ",
                             kvHeads);

  // The cache: past_key [batch, kv_heads, past_seq, head_size] and
  // past_value [batch, kv_heads, past_seq, v_head_size].
  int64_t totalSeq = kvSeq;
  if (adaptor.getPastKey() || adaptor.getPastValue()) {
    int64_t pastSeq = ShapedType::kDynamic;
    if (failed(matchShape(loc, opName, "past_key", adaptor.getPastKey(),
                          {&batch, &kvHeads, &pastSeq, &headSize})) ||
        failed(matchShape(loc, opName, "past_value", adaptor.getPastValue(),
                          {&batch, &kvHeads, &pastSeq, &vHeadSize})))
      return failure();
    totalSeq = addDims(pastSeq, kvSeq);
  }
  if (failed(matchShape(loc, opName, "nonpad_kv_seqlen",
                        adaptor.getNonpadKvSeqlen(), {&batch})))
    return failure();

  if (!qRank)
    inferred.push_back(UnrankedTensorType::get(qElementType));
  else if (*qRank == 4)
    inferred.push_back(
        RankedTensorType::get({batch, qHeads, qSeq, vHeadSize}, qElementType));
  else
    inferred.push_back(RankedTensorType::get(
        {batch, qSeq, mulDims(qHeads, vHeadSize)}, qElementType));
  inferred.push_back(RankedTensorType::get({batch, kvHeads, totalSeq, headSize},
                                           qElementType));
  inferred.push_back(RankedTensorType::get(
      {batch, kvHeads, totalSeq, vHeadSize}, vElementType));
  inferred.push_back(
      RankedTensorType::get({batch, qHeads, qSeq, totalSeq}, qElementType));
  return success();
}

LogicalResult AttentionOp::verify() {
  int64_t outputMode = getQkMatmulOutputMode();
  if (failed(verifyFlag(*this, "is_causal", getIsCausal())))
    return failure();
  if (outputMode < 0 || outputMode > 3)
    return emitOpError() << "qk_matmul_output_mode must be in [0, 3], got "
                         << outputMode;
  if (bool(getPastKey()) != bool(getPastValue()))
    return emitOpError() << "past_key and past_value must be given together";
  if (getNonpadKvSeqlen() && getPastKey())
    return emitOpError()
           << "nonpad_kv_seqlen cannot be combined with past_key/past_value";
  return success();
}

//===----------------------------------------------------------------------===//
// RotaryEmbedding
//===----------------------------------------------------------------------===//

LogicalResult RotaryEmbeddingOp::inferResultTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto xType = dyn_cast<TensorType>(adaptor.getX().getType());
  if (!xType)
    return emitOptionalError(loc, "rotary_embedding input must be a tensor");
  std::optional<int64_t> rank = getRank(adaptor.getX());
  if (rank && *rank != 3 && *rank != 4)
    return emitOptionalError(loc,
                             "rotary_embedding input must be 3-D or 4-D, "
                             "got ",
                             xType);
  std::optional<uint64_t> numHeads = adaptor.getNumHeads();
  if (numHeads && static_cast<int64_t>(*numHeads) < 1)
    return emitOptionalError(loc, "rotary_embedding num_heads must be >= 1");
  if (rank == 3 && !numHeads)
    return emitOptionalError(
        loc, "rotary_embedding with a 3-D input needs num_heads");
  int64_t interleaved = adaptor.getInterleaved();
  int64_t rotaryDim = adaptor.getRotaryEmbeddingDim();
  if (interleaved != 0 && interleaved != 1)
    return emitOptionalError(
        loc, "rotary_embedding interleaved must be 0 or 1, got ", interleaved);
  if (rotaryDim < 0)
    return emitOptionalError(
        loc, "rotary_embedding rotary_embedding_dim must be >= 0, got ",
        rotaryDim);
  // The caches are indexed by position_ids ([max_position, dim / 2]) or
  // given per token ([batch, seq, dim / 2]).
  int64_t cacheRank = adaptor.getPositionIds() ? 2 : 3;
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"cos_cache", adaptor.getCosCache()},
        {"sin_cache", adaptor.getSinCache()}})
    if (std::optional<int64_t> valueRank = getRank(value);
        valueRank && *valueRank != cacheRank)
      return emitOptionalError(
          loc, "rotary_embedding ", name, " must have rank ", cacheRank,
          adaptor.getPositionIds() ? " with position_ids"
                                   : " without position_ids",
          ", got ", value.getType());
  if (std::optional<int64_t> idsRank = getRank(adaptor.getPositionIds());
      idsRank && *idsRank != 2)
    return emitOptionalError(loc,
                             "rotary_embedding position_ids must be 2-D, "
                             "got ",
                             adaptor.getPositionIds().getType());
  inferred.push_back(xType);
  return success();
}
