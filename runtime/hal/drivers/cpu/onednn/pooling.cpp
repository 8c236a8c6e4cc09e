// SPDX-License-Identifier: Apache-2.0
//
// Max and average pooling (padding counted or not), 1-D to 3-D, dilations.
#include "hal/drivers/cpu/onednn/onednn_call.h"

namespace kiln::hal::cpu::onednn {

kiln_status_t PreparePooling(const CallSpec& spec, const Resources& resources,
                             std::unique_ptr<PreparedCall>* out) {
  const fb::Pooling* params = spec.call->params_as_Pooling();
  const std::vector<int64_t>& x = spec.operands[0].shape;
  const std::vector<int64_t>& y = spec.results[0].shape;
  size_t rank = x.size();
  if (rank < 3 || rank > 5 || y.size() != rank) {
    return Invalid(spec,
                   "input rank %zu, result rank %zu: pooling has 1 to "
                   "3 spatial dims",
                   rank, y.size());
  }
  if (y[0] != x[0] || y[1] != x[1]) {
    return Invalid(spec,
                   "result %s does not keep the batch and channels of "
                   "%s",
                   rt::ShapeString(y.data(), y.size()).c_str(),
                   rt::ShapeString(x.data(), x.size()).c_str());
  }
  size_t spatial = rank - 2;
  if (rt::Count(params->kernel()) != spatial) {
    return Invalid(spec, "kernel has %u entries for %zu spatial dims",
                   rt::Count(params->kernel()), spatial);
  }
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "strides", params->strides(), spatial));
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "dilations", params->dilations(), spatial));
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "pads_begin", params->pads_begin(), spatial));
  KILN_RETURN_IF_ERROR(
      CheckSpatialParam(spec, "pads_end", params->pads_end(), spatial));
  Dims kernel, strides, dilations, pads_begin, pads_end;
  for (size_t i = 0; i < spatial; ++i) {
    int64_t k = params->kernel()->Get(static_cast<uint32_t>(i));
    int64_t s = SpatialParam(params->strides(), i, 1);
    int64_t d = SpatialParam(params->dilations(), i, 1);
    int64_t pb = SpatialParam(params->pads_begin(), i, 0);
    int64_t pe = SpatialParam(params->pads_end(), i, 0);
    if (k < 1 || s < 1 || d < 1 || pb < 0 || pe < 0 || k > (1 << 20) ||
        s > (1 << 20) || d > (1 << 20) || pb > (1 << 20) || pe > (1 << 20)) {
      return Invalid(spec,
                     "spatial dim %zu: kernel %lld, stride %lld, "
                     "dilation %lld, pads %lld/%lld are out of range",
                     i, static_cast<long long>(k), static_cast<long long>(s),
                     static_cast<long long>(d), static_cast<long long>(pb),
                     static_cast<long long>(pe));
    }
    int64_t extent = (k - 1) * d + 1, in = x[2 + i];
    int64_t expected =
        in + pb + pe < extent ? 0 : (in + pb + pe - extent) / s + 1;
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
    kernel.push_back(k);
    strides.push_back(s);
    dilations.push_back(d - 1);  // oneDNN counts the holes
    pads_begin.push_back(pb);
    pads_end.push_back(pe);
  }
  dnnl::algorithm algorithm = dnnl::algorithm::pooling_max;
  switch (params->kind()) {
    case fb::PoolKind::Max:
      algorithm = dnnl::algorithm::pooling_max;
      break;
    case fb::PoolKind::AverageIncludePad:
      algorithm = dnnl::algorithm::pooling_avg_include_padding;
      break;
    case fb::PoolKind::AverageExcludePad:
      algorithm = dnnl::algorithm::pooling_avg_exclude_padding;
      break;
  }
  // The result takes the source's layout (oneDNN's fast pooling needs
  // both alike), staged when the artifact wants another.
  dnnl::memory::desc src = ActivationDesc(spec.operands[0]);
  dnnl::memory::desc dst = ActivationDesc(spec.results[0]);
  dnnl::memory::desc any_dst(dst.dims(), dnnl::memory::data_type::f32,
                             dnnl::memory::format_tag::any);
  dnnl::pooling_v2_forward::primitive_desc pd(
      dnnl::pooling_v2_forward::desc(dnnl::prop_kind::forward_inference,
                                     algorithm, src, any_dst, strides, kernel,
                                     dilations, pads_begin, pads_end),
      MakeAttr(), Engine());
  CallBuilder builder(spec, resources);
  builder.BindOperand(DNNL_ARG_SRC, src, 0);
  builder.BindResultAs(DNNL_ARG_DST, dst, pd.dst_desc(), false);
  return builder.Finish(dnnl::pooling_v2_forward(pd), pd.scratchpad_desc(),
                        out);
}

}  // namespace kiln::hal::cpu::onednn
