// SPDX-License-Identifier: Apache-2.0
//
// The dims table: a function's shape program (Function.dims in kiln.fbs),
// evaluated when a run starts from the bound input shapes.
#ifndef KILN_RUNTIME_SRC_DIMS_H_
#define KILN_RUNTIME_SRC_DIMS_H_

#include <cstdint>
#include <vector>

#include "kiln/kiln.h"
#include "schema.h"

namespace kiln::rt {

/// The bound inputs of a run: one shape and one data pointer per input.
/// `data` may be null when the table reads no input values.
struct InputBinding {
  const std::vector<const std::vector<int64_t>*>& shapes;
  const void* const* data;
};

/// Element `element` (row-major) of integer input `input`, as an InputValue
/// entry reads it. An INVALID_ARGUMENT error names the input when it has no
/// such element or the value does not fit in int64.
kiln_status_t ReadInputValue(const fb::Function* function,
                             const InputBinding& inputs, int64_t input,
                             int64_t element, int64_t* value);

/// Evaluates `function`'s dims table (verified) into *dims given the bound
/// inputs. Division by zero and overflow are INVALID_ARGUMENT errors that
/// name the entry. *dims keeps its capacity, so re-evaluation allocates
/// nothing once it is large enough.
kiln_status_t EvaluateDims(const fb::Function* function,
                           const InputBinding& inputs,
                           std::vector<int64_t>* dims);

/// The value of a Size: a constant, or its dims entry. False when that value
/// is negative (not a valid size).
inline bool ResolveSize(int64_t size, const std::vector<int64_t>& dims,
                        uint64_t* out) {
  int64_t value = IsDimRef(size) ? dims[DimIndex(size)] : size;
  if (value < 0) return false;
  *out = static_cast<uint64_t>(value);
  return true;
}

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_DIMS_H_
