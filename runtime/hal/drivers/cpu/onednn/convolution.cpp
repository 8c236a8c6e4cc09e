// SPDX-License-Identifier: Apache-2.0
//
// Convolution and transposed convolution (oneDNN deconvolution), 1-D to 3-D,
// grouped (depthwise included), dilated, asymmetric pads, bias, post-ops.
#include "hal/drivers/cpu/onednn/onednn_call.h"

#include <string>

namespace kiln::hal::cpu::onednn {

namespace {

/// oneDNN's weights descriptor over the artifact's layout: O(I/g)<k>, or
/// I(O/g)<k> when transposed; grouped dims are (g, O/g, I/g, <k>).
dnnl::memory::desc WeightsDesc(int64_t in_channels, int64_t out_channels,
                               int64_t groups, const Dims& kernel,
                               bool transposed) {
  int64_t k = 1;
  for (int64_t dim : kernel) k *= dim;
  Dims kernel_strides = RowMajorStrides(kernel);
  int64_t out_per_group = out_channels / groups;
  int64_t in_per_group = in_channels / groups;
  Dims dims, strides;
  if (groups > 1) {
    dims = {groups, out_per_group, in_per_group};
    if (transposed) {  // [g][I/g][O/g][k]
      strides = {in_per_group * out_per_group * k, k, out_per_group * k};
    } else {  // [g][O/g][I/g][k]
      strides = {out_per_group * in_per_group * k, in_per_group * k, k};
    }
  } else {
    dims = {out_channels, in_channels};
    strides = transposed ? Dims{k, out_channels * k} : Dims{in_channels * k, k};
  }
  dims.insert(dims.end(), kernel.begin(), kernel.end());
  strides.insert(strides.end(), kernel_strides.begin(), kernel_strides.end());
  return StridedDesc(dims, strides);
}

/// The geometry of a convolution, checked against the operand shapes.
struct Geometry {
  int64_t groups = 1;
  int64_t in_channels = 0;
  int64_t out_channels = 0;
  Dims kernel, strides, dilations, pads_begin, pads_end;
};

kiln_status_t CheckGeometry(const CallSpec& spec, const fb::Convolution* params,
                            Geometry* g) {
  const std::vector<int64_t>& x = spec.operands[0].shape;
  const std::vector<int64_t>& w = spec.operands[1].shape;
  const std::vector<int64_t>& y = spec.results[0].shape;
  bool transposed = params->transposed();
  size_t rank = x.size();
  if (rank < 3 || rank > 5) {
    return Invalid(spec,
                   "input rank %zu; convolutions have 1 to 3 spatial "
                   "dims",
                   rank);
  }
  if (w.size() != rank || y.size() != rank) {
    return Invalid(spec,
                   "input, weights and result ranks %zu, %zu, %zu "
                   "differ",
                   rank, w.size(), y.size());
  }
  size_t spatial = rank - 2;
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "strides", params->strides(), spatial));
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "dilations", params->dilations(), spatial));
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "pads_begin", params->pads_begin(), spatial));
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "pads_end", params->pads_end(), spatial));
  g->groups = params->groups();
  g->in_channels = x[1];
  g->out_channels = transposed ? w[1] * g->groups : w[0];
  if (g->in_channels % g->groups != 0 || g->out_channels % g->groups != 0) {
    return Invalid(spec,
                   "%lld input and %lld output channels do not divide "
                   "into %lld groups",
                   static_cast<long long>(g->in_channels),
                   static_cast<long long>(g->out_channels),
                   static_cast<long long>(g->groups));
  }
  int64_t weights_in = transposed ? w[0] : w[1] * g->groups;
  if (weights_in != g->in_channels) {
    return Invalid(spec,
                   "weights %s do not fit %lld input channels in %lld "
                   "groups",
                   rt::ShapeString(w.data(), w.size()).c_str(),
                   static_cast<long long>(g->in_channels),
                   static_cast<long long>(g->groups));
  }
  if (y[0] != x[0] || y[1] != g->out_channels) {
    return Invalid(spec,
                   "result %s does not have batch %lld and %lld "
                   "channels",
                   rt::ShapeString(y.data(), y.size()).c_str(),
                   static_cast<long long>(x[0]),
                   static_cast<long long>(g->out_channels));
  }
  if (params->has_bias()) {
    const std::vector<int64_t>& b = spec.operands[2].shape;
    if (b.size() != 1 || b[0] != g->out_channels) {
      return Invalid(spec, "bias %s is not [%lld]",
                     rt::ShapeString(b.data(), b.size()).c_str(),
                     static_cast<long long>(g->out_channels));
    }
  }
  for (size_t i = 0; i < spatial; ++i) {
    int64_t k = w[2 + i];
    int64_t s = SpatialParam(params->strides(), i, 1);
    int64_t d = SpatialParam(params->dilations(), i, 1);
    int64_t pb = SpatialParam(params->pads_begin(), i, 0);
    int64_t pe = SpatialParam(params->pads_end(), i, 0);
    // Transposed: ONNX output_padding is folded into pads_end, which may
    // then be negative.
    if (s < 1 || d < 1 || pb < 0 || (!transposed && pe < 0) || k < 1 ||
        s > (1 << 20) || d > (1 << 20) || pb > (1 << 20) || pe > (1 << 20) ||
        pe < -(1 << 20)) {
      return Invalid(spec,
                     "spatial dim %zu: kernel %lld, stride %lld, "
                     "dilation %lld, pads %lld/%lld are out of range",
                     i, static_cast<long long>(k), static_cast<long long>(s),
                     static_cast<long long>(d), static_cast<long long>(pb),
                     static_cast<long long>(pe));
    }
    int64_t extent = (k - 1) * d + 1;
    int64_t in = x[2 + i];
    int64_t expected = transposed ? (in - 1) * s + extent - pb - pe
                                  : (in + pb + pe - extent) / s + 1;
    if (!transposed && in + pb + pe < extent) expected = 0;
    if (expected != y[2 + i]) {
      return Invalid(spec,
                     "result spatial dim %zu is %lld; input %lld, "
                     "kernel %lld, stride %lld, dilation %lld and pads "
                     "%lld/%lld give %lld",
                     i, static_cast<long long>(y[2 + i]),
                     static_cast<long long>(in), static_cast<long long>(k),
                     static_cast<long long>(s), static_cast<long long>(d),
                     static_cast<long long>(pb), static_cast<long long>(pe),
                     static_cast<long long>(expected));
    }
    g->kernel.push_back(k);
    g->strides.push_back(s);
    g->dilations.push_back(d - 1);  // oneDNN counts the holes
    g->pads_begin.push_back(pb);
    g->pads_end.push_back(pe);
  }
  return nullptr;
}

/// `ops` with the first binary add whose operand has the result's dims
/// (`plain_dst`) turned into a sum post-op, which accumulates into the
/// result's initial value: oneDNN's fast convolutions take a sum in any
/// layout, a binary operand only in a few. Sets *addend to that post-op's
/// index in `ops`, or -1.
dnnl::post_ops WithAddendAsSum(const dnnl::post_ops& ops,
                               const dnnl::memory::desc& plain_dst,
                               int* addend) {
  dnnl::post_ops result;
  *addend = -1;
  int binary = 0;
  for (int i = 0; i < ops.len(); ++i) {
    switch (ops.kind(i)) {
      case dnnl::primitive::kind::sum: {
        float scale;
        ops.get_params_sum(i, scale);
        result.append_sum(scale);
        break;
      }
      case dnnl::primitive::kind::eltwise: {
        float scale, alpha, beta;
        dnnl::algorithm algorithm;
        ops.get_params_eltwise(i, scale, algorithm, alpha, beta);
        result.append_eltwise(scale, algorithm, alpha, beta);
        break;
      }
      case dnnl::primitive::kind::binary: {
        dnnl::algorithm algorithm;
        dnnl::memory::desc desc;
        ops.get_params_binary(i, algorithm, desc);
        if (*addend < 0 && algorithm == dnnl::algorithm::binary_add &&
            desc.dims() == plain_dst.dims()) {
          *addend = binary;
          result.append_sum(1.0f);
        } else {
          result.append_binary(algorithm, desc);
        }
        ++binary;
        break;
      }
      default:
        break;
    }
  }
  return result;
}

/// Creates the primitive descriptor of `Op` (convolution_forward or
/// deconvolution_forward) with weights laid out as `weights`.
template <typename Op>
typename Op::primitive_desc MakePrimitiveDesc(
    bool transposed, const dnnl::memory::desc& src,
    const dnnl::memory::desc& weights, const dnnl::memory::desc* bias,
    const dnnl::memory::desc& dst, const Geometry& g,
    const dnnl::primitive_attr& attr) {
  dnnl::algorithm algorithm = transposed ? dnnl::algorithm::deconvolution_direct
                                         : dnnl::algorithm::convolution_direct;
  auto kind = dnnl::prop_kind::forward_inference;
  if (bias) {
    typename Op::desc desc(kind, algorithm, src, weights, *bias, dst, g.strides,
                           g.dilations, g.pads_begin, g.pads_end);
    return typename Op::primitive_desc(desc, attr, Engine());
  }
  typename Op::desc desc(kind, algorithm, src, weights, dst, g.strides,
                         g.dilations, g.pads_begin, g.pads_end);
  return typename Op::primitive_desc(desc, attr, Engine());
}

template <typename Op>
kiln_status_t Build(const CallSpec& spec, const Resources& resources,
                    const Geometry& g, std::unique_ptr<PreparedCall>* out) {
  const fb::Convolution* params = spec.call->params_as_Convolution();
  bool transposed = params->transposed();
  dnnl::memory::desc src = ActivationDesc(spec.operands[0]);
  dnnl::memory::desc dst = ActivationDesc(spec.results[0]);
  dnnl::memory::desc plain_weights = WeightsDesc(
      g.in_channels, g.out_channels, g.groups, g.kernel, transposed);
  dnnl::memory::desc any_weights(plain_weights.dims(),
                                 dnnl::memory::data_type::f32,
                                 dnnl::memory::format_tag::any);
  dnnl::memory::desc bias_desc;
  if (params->has_bias()) bias_desc = PlainDesc({g.out_channels});
  const dnnl::memory::desc* bias = params->has_bias() ? &bias_desc : nullptr;

  dnnl::post_ops ops;
  std::vector<PostOpArg> post_op_args;
  KILN_RETURN_IF_ERROR(AppendPostOps(
      spec, params->post_ops(), spec.results[0].shape, &ops, &post_op_args));
  dnnl::primitive_attr attr = MakeAttr();
  attr.set_post_ops(ops);

  // Constant weights take oneDNN's preferred layout (converted once per
  // model); weights computed at run time are used in place when possible.
  // Activations may take the layout oneDNN prefers too (blocked channels,
  // for its direct convolutions), staged around the call.
  typename Op::primitive_desc pd;
  bool constant = spec.operands[1].constant_data != nullptr;
  auto any = [](const dnnl::memory::desc& desc) {
    return dnnl::memory::desc(desc.dims(), dnnl::memory::data_type::f32,
                              dnnl::memory::format_tag::any);
  };
  try {
    pd = MakePrimitiveDesc<Op>(transposed, any(src),
                               constant ? any_weights : plain_weights, bias,
                               any(dst), g, attr);
  } catch (const dnnl::error&) {
  }
  if (!pd && !constant) {
    try {
      pd = MakePrimitiveDesc<Op>(transposed, src, plain_weights, bias, dst, g,
                                 attr);
    } catch (const dnnl::error&) {
    }
  }
  if (!pd) {
    pd =
        MakePrimitiveDesc<Op>(transposed, src, any_weights, bias, dst, g, attr);
  }
  // A residual addend read as a binary operand keeps oneDNN on a slow path
  // (gemm or reference) in most layouts: the result starts as the addend
  // (in the chosen layout) and a sum post-op accumulates into it.
  int addend = -1;
  if (!post_op_args.empty()) {
    dnnl::post_ops summed = WithAddendAsSum(ops, dst, &addend);
    if (addend >= 0) {
      dnnl::primitive_attr summed_attr = MakeAttr();
      summed_attr.set_post_ops(summed);
      try {
        typename Op::primitive_desc staged = MakePrimitiveDesc<Op>(
            transposed, any(src), constant ? any_weights : plain_weights, bias,
            any(dst), g, summed_attr);
        std::string impl = staged.impl_info_str();
        if (impl.find("ref") == std::string::npos &&
            impl.find("gemm") == std::string::npos) {
          pd = staged;
          ops = summed;
        } else {
          addend = -1;
        }
      } catch (const dnnl::error&) {
        addend = -1;
      }
    }
  }
  uint32_t addend_operand = 0;
  dnnl::memory::desc addend_desc;
  if (addend >= 0) {
    addend_operand = post_op_args[static_cast<size_t>(addend)].operand;
    addend_desc = post_op_args[static_cast<size_t>(addend)].desc;
    post_op_args.erase(post_op_args.begin() + addend);
  }
  bool accumulate = false;
  for (int i = 0; i < ops.len(); ++i) {
    accumulate |= ops.kind(i) == dnnl::primitive::kind::sum;
  }
  CallBuilder builder(spec, resources);
  builder.BindActivation(DNNL_ARG_SRC, 0, src, pd.src_desc());
  KILN_RETURN_IF_ERROR(builder.BindWeights(DNNL_ARG_WEIGHTS, 1, plain_weights,
                                           pd.weights_desc()));
  if (bias) builder.BindOperand(DNNL_ARG_BIAS, bias_desc, 2);
  if (addend >= 0) {
    builder.BindResultFrom(DNNL_ARG_DST, dst, pd.dst_desc(), addend_operand,
                           addend_desc);
  } else {
    builder.BindResultAs(DNNL_ARG_DST, dst, pd.dst_desc(), accumulate);
  }
  builder.BindPostOpArgs(post_op_args);
  return builder.Finish(Op(pd), pd.scratchpad_desc(), out);
}

}  // namespace

kiln_status_t PrepareConvolution(const CallSpec& spec,
                                 const Resources& resources,
                                 std::unique_ptr<PreparedCall>* out) {
  Geometry geometry;
  KILN_RETURN_IF_ERROR(
      CheckGeometry(spec, spec.call->params_as_Convolution(), &geometry));
  if (spec.call->params_as_Convolution()->transposed()) {
    return Build<dnnl::deconvolution_forward>(spec, resources, geometry, out);
  }
  return Build<dnnl::convolution_forward>(spec, resources, geometry, out);
}

}  // namespace kiln::hal::cpu::onednn
