// SPDX-License-Identifier: Apache-2.0
#include "dims.h"

#include <algorithm>
#include <cstring>

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

template <typename T>
int64_t Load(const void* data, uint64_t element) {
  T value;
  std::memcpy(&value, static_cast<const uint8_t*>(data) + element * sizeof(T),
              sizeof(T));
  return static_cast<int64_t>(value);
}

}  // namespace

kiln_status_t ReadInputValue(const fb::Function* function,
                             const InputBinding& inputs, int64_t input,
                             int64_t element, int64_t* value) {
  const fb::TensorType* type =
      function->inputs()->Get(static_cast<uint32_t>(input));
  const std::vector<int64_t>& shape = *inputs.shapes[static_cast<size_t>(input)];
  uint64_t count = 1;
  for (int64_t dim : shape) count *= static_cast<uint64_t>(dim);
  if (static_cast<uint64_t>(element) >= count) {
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "input %s has %llu elements; the model reads element "
                      "%lld of it to size the run",
                      Quote(View(type->name())).c_str(),
                      static_cast<unsigned long long>(count),
                      static_cast<long long>(element));
  }
  const void* data = inputs.data[static_cast<size_t>(input)];
  uint64_t at = static_cast<uint64_t>(element);
  switch (type->element_type()) {
    case fb::ElementType::I8:
      *value = Load<int8_t>(data, at);
      break;
    case fb::ElementType::I16:
      *value = Load<int16_t>(data, at);
      break;
    case fb::ElementType::I32:
      *value = Load<int32_t>(data, at);
      break;
    case fb::ElementType::I64:
      *value = Load<int64_t>(data, at);
      break;
    case fb::ElementType::U8:
    case fb::ElementType::Bool:
      *value = Load<uint8_t>(data, at);
      break;
    case fb::ElementType::U16:
      *value = Load<uint16_t>(data, at);
      break;
    case fb::ElementType::U32:
      *value = Load<uint32_t>(data, at);
      break;
    case fb::ElementType::U64:
      *value = Load<int64_t>(data, at);
      if (*value < 0) {
        return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                          "input %s element %lld does not fit in int64",
                          Quote(View(type->name())).c_str(),
                          static_cast<long long>(element));
      }
      break;
    default:  // the verifier admits integer inputs only
      return MakeStatus(KILN_STATUS_INTERNAL,
                        "input %s is not an integer tensor",
                        Quote(View(type->name())).c_str());
  }
  return nullptr;
}

kiln_status_t EvaluateDims(const fb::Function* function,
                           const InputBinding& inputs,
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
        value = (*inputs.shapes[static_cast<size_t>(a)])[static_cast<size_t>(b)];
        break;
      case fb::DimOp::InputValue:
        KILN_RETURN_IF_ERROR(ReadInputValue(function, inputs, a, b, &value));
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
