// SPDX-License-Identifier: Apache-2.0
#include "dims.h"

#include <algorithm>

#include "util.h"

namespace kiln::rt {

namespace {

const char* OpSymbol(fb::DimOp op) {
  switch (op) {
    case fb::DimOp::Add:
      return "+";
    case fb::DimOp::Sub:
      return "-";
    case fb::DimOp::Mul:
      return "*";
    case fb::DimOp::FloorDiv:
      return "floordiv";
    case fb::DimOp::CeilDiv:
      return "ceildiv";
    case fb::DimOp::Min:
      return "min";
    case fb::DimOp::Max:
      return "max";
    case fb::DimOp::Div:
      return "/";
    case fb::DimOp::Rem:
      return "%";
    case fb::DimOp::Eq:
      return "==";
    case fb::DimOp::Lt:
      return "<";
    case fb::DimOp::Le:
      return "<=";
    default:
      return "?";
  }
}

}  // namespace

kiln_status_t EvaluateDims(
    const fb::Function* function,
    const std::vector<const std::vector<int64_t>*>& inputs,
    std::vector<int64_t>* dims) {
  const auto* table = function->dims();
  uint32_t count = Count(table);
  dims->resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    const fb::DimExpr* expr = table->Get(i);
    int64_t a = expr->a(), b = expr->b(), value = 0;
    bool ok = true;
    switch (expr->op()) {
      case fb::DimOp::Const:
        value = a;
        break;
      case fb::DimOp::InputDim:
        value = (*inputs[static_cast<size_t>(a)])[static_cast<size_t>(b)];
        break;
      default: {
        int64_t x = (*dims)[static_cast<size_t>(a)];
        int64_t y = (*dims)[static_cast<size_t>(b)];
        switch (expr->op()) {
          case fb::DimOp::Add:
            ok = !__builtin_add_overflow(x, y, &value);
            break;
          case fb::DimOp::Sub:
            ok = !__builtin_sub_overflow(x, y, &value);
            break;
          case fb::DimOp::Mul:
            ok = !__builtin_mul_overflow(x, y, &value);
            break;
          case fb::DimOp::FloorDiv:
          case fb::DimOp::CeilDiv:
          case fb::DimOp::Div:
          case fb::DimOp::Rem: {
            if (y == 0) {
              return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                                "dims[%u] = dims[%lld] %s dims[%lld] divides "
                                "%lld by zero; check the input shapes",
                                i, static_cast<long long>(a),
                                OpSymbol(expr->op()), static_cast<long long>(b),
                                static_cast<long long>(x));
            }
            if (x == INT64_MIN && y == -1) {
              ok = false;
              break;
            }
            if (expr->op() == fb::DimOp::Rem) {
              value = x % y;
              break;
            }
            value = x / y;
            if (expr->op() == fb::DimOp::Div) break;
            bool inexact = x % y != 0;
            bool negative = (x < 0) != (y < 0);
            if (expr->op() == fb::DimOp::FloorDiv && inexact && negative) {
              --value;
            }
            if (expr->op() == fb::DimOp::CeilDiv && inexact && !negative) {
              ++value;
            }
            break;
          }
          case fb::DimOp::Min:
            value = std::min(x, y);
            break;
          case fb::DimOp::Max:
            value = std::max(x, y);
            break;
          case fb::DimOp::Eq:
            value = x == y;
            break;
          case fb::DimOp::Lt:
            value = x < y;
            break;
          case fb::DimOp::Le:
            value = x <= y;
            break;
          default:
            ok = false;
            break;
        }
        if (!ok) {
          return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "dims[%u] = dims[%lld] %s dims[%lld] overflows "
                            "(%lld, %lld); check the input shapes",
                            i, static_cast<long long>(a), OpSymbol(expr->op()),
                            static_cast<long long>(b),
                            static_cast<long long>(x),
                            static_cast<long long>(y));
        }
      }
    }
    (*dims)[i] = value;
  }
  return nullptr;
}

}  // namespace kiln::rt
