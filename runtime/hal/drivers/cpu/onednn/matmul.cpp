// SPDX-License-Identifier: Apache-2.0
//
// y = alpha * op(a) x op(b) + beta * c, batched with numpy broadcasting of the
// batch dims, transposes as strides, post-ops.
#include "hal/drivers/cpu/onednn/onednn_call.h"

namespace kiln::hal::cpu::onednn {

namespace {

/// `shape` with leading 1s up to `rank`.
Dims Padded(const std::vector<int64_t>& shape, size_t rank) {
  Dims dims(rank - shape.size(), 1);
  dims.insert(dims.end(), shape.begin(), shape.end());
  return dims;
}

/// A descriptor of op(operand) with dims `dims` (logical, padded) over the
/// operand's row-major bytes; `transposed` swaps the last two dims.
dnnl::memory::desc OperandDesc(const Dims& dims, bool transposed) {
  size_t rank = dims.size();
  Dims physical = dims;
  if (transposed) std::swap(physical[rank - 1], physical[rank - 2]);
  Dims strides = RowMajorStrides(physical);
  if (transposed) std::swap(strides[rank - 1], strides[rank - 2]);
  return StridedDesc(dims, strides);
}

uint64_t Product(const std::vector<int64_t>& dims, size_t begin, size_t end) {
  uint64_t product = 1;
  for (size_t i = begin; i < end; ++i) product *= static_cast<uint64_t>(dims[i]);
  return product;
}

/// When b is shared by every batch (its batch dims are 1) and a is not
/// transposed, a batched product [B..., M, K] x [K, N] is one matrix product
/// [B*M, K] x [K, N]: a single large GEMM with prepackable weights instead of
/// B small ones (a Linear layer applied to [seq, batch, hidden] has M = 1).
/// Writes that view of `spec` to *folded when every other operand (bias,
/// post-op operands) is either per-column or as large as y; false otherwise.
bool FoldBatchIntoRows(const CallSpec& spec, CallSpec* folded) {
  const fb::MatMul* params = spec.call->params_as_MatMul();
  const std::vector<int64_t>& y = spec.results[0].shape;
  size_t rank = y.size();
  const std::vector<int64_t>& b = spec.operands[1].shape;
  if (rank < 3 || params->transpose_a() || spec.operands.size() < 2 ||
      spec.operands[0].shape.size() < 2 ||
      b.size() < 2 || b.size() > rank || Product(b, 0, b.size() - 2) != 1) {
    return false;
  }
  const std::vector<int64_t>& a = spec.operands[0].shape;
  int64_t rows = static_cast<int64_t>(Product(y, 0, rank - 1));
  int64_t n = y[rank - 1];
  // Anything inconsistent is left to the unfolded path to report.
  if (static_cast<int64_t>(Product(a, 0, a.size() - 1)) != rows) return false;
  *folded = spec;
  folded->operands[0].shape = {rows, spec.operands[0].shape.back()};
  folded->operands[1].shape = {b[b.size() - 2], b[b.size() - 1]};
  folded->results[0].shape = {rows, n};
  for (size_t i = 2; i < spec.operands.size(); ++i) {
    std::vector<int64_t>& shape = folded->operands[i].shape;
    if (shape.size() > rank) return false;
    std::vector<int64_t> padded = Padded(shape, rank);
    if (padded == y) {
      shape = {rows, n};
    } else if (Product(padded, 0, rank - 1) == 1) {
      shape = {1, padded[rank - 1]};
    } else {
      return false;
    }
  }
  return true;
}

kiln_status_t PrepareMatMulAsIs(const CallSpec& spec,
                                const Resources& resources,
                                std::unique_ptr<PreparedCall>* out);

}  // namespace

kiln_status_t PrepareMatMul(const CallSpec& spec, const Resources& resources,
                            std::unique_ptr<PreparedCall>* out) {
  CallSpec folded;
  if (FoldBatchIntoRows(spec, &folded)) {
    return PrepareMatMulAsIs(folded, resources, out);
  }
  return PrepareMatMulAsIs(spec, resources, out);
}

namespace {

kiln_status_t PrepareMatMulAsIs(const CallSpec& spec,
                                const Resources& resources,
                                std::unique_ptr<PreparedCall>* out) {
  const fb::MatMul* params = spec.call->params_as_MatMul();
  const std::vector<int64_t>& a = spec.operands[0].shape;
  const std::vector<int64_t>& b = spec.operands[1].shape;
  const std::vector<int64_t>& y = spec.results[0].shape;
  size_t rank = y.size();
  if (a.size() < 2 || b.size() < 2 || rank < 2 || a.size() > rank ||
      b.size() > rank || rank > DNNL_MAX_NDIMS) {
    return Invalid(spec,
                   "ranks a %zu, b %zu, y %zu: a and b need rank >= 2 "
                   "and at most y's (<= %d)",
                   a.size(), b.size(), rank, DNNL_MAX_NDIMS);
  }
  Dims a_dims = Padded(a, rank), b_dims = Padded(b, rank);
  if (params->transpose_a()) std::swap(a_dims[rank - 1], a_dims[rank - 2]);
  if (params->transpose_b()) std::swap(b_dims[rank - 1], b_dims[rank - 2]);
  int64_t m = a_dims[rank - 2], k = a_dims[rank - 1], n = b_dims[rank - 1];
  std::string shapes = "a " + rt::ShapeString(a.data(), a.size()) + ", b " +
                       rt::ShapeString(b.data(), b.size()) + ", y " +
                       rt::ShapeString(y.data(), y.size());
  if (b_dims[rank - 2] != k || y[rank - 2] != m || y[rank - 1] != n) {
    return Invalid(
        spec, "%s: op(a) is %lldx%lld, op(b) %lldx%lld", shapes.c_str(),
        static_cast<long long>(m), static_cast<long long>(k),
        static_cast<long long>(b_dims[rank - 2]), static_cast<long long>(n));
  }
  for (size_t i = 0; i + 2 < rank; ++i) {
    int64_t expected = a_dims[i] == 1 ? b_dims[i] : a_dims[i];
    if ((b_dims[i] != 1 && b_dims[i] != expected) || y[i] != expected) {
      return Invalid(spec, "%s: batch dim %zu does not broadcast",
                     shapes.c_str(), i);
    }
  }
  dnnl::memory::desc src = OperandDesc(a_dims, params->transpose_a());
  dnnl::memory::desc plain_weights = OperandDesc(b_dims, params->transpose_b());
  dnnl::memory::desc dst = PlainDesc(y);
  bool constant = spec.operands[1].constant_data != nullptr;
  dnnl::memory::desc weights =
      constant ? dnnl::memory::desc(b_dims, dnnl::memory::data_type::f32,
                                    dnnl::memory::format_tag::any)
               : plain_weights;

  // c: broadcast to y like a post-op operand.
  bool has_c = params->has_bias() && params->beta() != 0.0f;
  Dims c_dims;
  if (has_c) {
    const std::vector<int64_t>& c = spec.operands[2].shape;
    if (c.size() > rank) {
      return Invalid(spec, "c has rank %zu > %zu", c.size(), rank);
    }
    c_dims = Padded(c, rank);
    for (size_t i = 0; i < rank; ++i) {
      if (c_dims[i] != 1 && c_dims[i] != y[i]) {
        return Invalid(spec, "c %s does not broadcast to y %s",
                       rt::ShapeString(c.data(), c.size()).c_str(),
                       rt::ShapeString(y.data(), y.size()).c_str());
      }
    }
  }
  dnnl::memory::desc c_desc = has_c
                                  ? StridedDesc(c_dims, RowMajorStrides(c_dims))
                                  : dnnl::memory::desc();

  float alpha = params->alpha(), beta = params->beta();
  // oneDNN computes scale * (a x b + bias): c is a native bias only when
  // alpha and beta are 1, else alpha*ab + beta*c =
  // beta * ((alpha/beta) * ab + c) with a binary add and a linear post-op.
  auto build_attr = [&](bool native_bias, dnnl::primitive_attr* attr,
                        std::vector<PostOpArg>* args) -> kiln_status_t {
    dnnl::post_ops ops;
    float scale = alpha;
    if (has_c && !native_bias) {
      scale = alpha / beta;
      ops.append_binary(dnnl::algorithm::binary_add, c_desc);
      args->push_back(
          {DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, 2, c_desc});
      if (beta != 1.0f) {
        ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, beta, 0.0f);
      }
    }
    if (scale != 1.0f) attr->set_output_scales(0, {scale});
    KILN_RETURN_IF_ERROR(
        AppendPostOps(spec, params->post_ops(), y, &ops, args));
    attr->set_post_ops(ops);
    return nullptr;
  };
  bool native_bias = has_c && alpha == 1.0f && beta == 1.0f;
  dnnl::matmul::primitive_desc pd;
  std::vector<PostOpArg> post_op_args;
  if (native_bias) {
    dnnl::primitive_attr attr = MakeAttr();
    KILN_RETURN_IF_ERROR(build_attr(true, &attr, &post_op_args));
    try {
      pd = dnnl::matmul::primitive_desc(
          dnnl::matmul::desc(src, weights, c_desc, dst), attr, Engine());
    } catch (const dnnl::error&) {
      native_bias = false;  // e.g. a bias broadcast oneDNN does not take
      post_op_args.clear();
    }
  }
  if (!native_bias) {
    dnnl::primitive_attr attr = MakeAttr();
    KILN_RETURN_IF_ERROR(build_attr(false, &attr, &post_op_args));
    pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, weights, dst),
                                      attr, Engine());
  }

  CallBuilder builder(spec, resources);
  builder.BindOperand(DNNL_ARG_SRC, src, 0);
  KILN_RETURN_IF_ERROR(builder.BindWeights(DNNL_ARG_WEIGHTS, 1, plain_weights,
                                           pd.weights_desc()));
  if (native_bias) builder.BindOperand(DNNL_ARG_BIAS, c_desc, 2);
  builder.BindResult(DNNL_ARG_DST, dst);
  builder.BindPostOpArgs(post_op_args);
  return builder.Finish(dnnl::matmul(pd), pd.scratchpad_desc(), out);
}

}  // namespace

}  // namespace kiln::hal::cpu::onednn
