// SPDX-License-Identifier: Apache-2.0
//
// Artifact verification: nothing in a .kiln file is trusted before it passes.
//
//  1. the "KILN" identifier and the FlatBuffers verifier (every offset,
//     vector and string inside the buffer);
//  2. format_version <= kFormatVersion (else UNIMPLEMENTED);
//  3. the metadata and executable-object checksums (kiln_checksum.h);
//  4. semantics: sections inside the file and 64-byte aligned; indices of
//     functions, kernels, sections, inputs, outputs and arena buffers in
//     range; dims expressions referring to earlier entries; every Size
//     referring to an existing dims entry; buffer ranges inside their buffers
//     wherever sizes are static (the executor checks the rest at run time);
//     arena plans consistent; workgroup counts sane; call operand counts.
//
// Failures are KILN_STATUS_DATA_LOSS with one line naming the function,
// command and field.
#ifndef KILN_RUNTIME_SRC_VERIFIER_H_
#define KILN_RUNTIME_SRC_VERIFIER_H_

#include <cstddef>
#include <cstdint>

#include "kiln/kiln.h"
#include "schema.h"

namespace kiln::rt {

/// The most workgroups one dispatch may have.
inline constexpr uint64_t kMaxWorkgroups = uint64_t{1} << 32;

/// Verifies the `size` bytes at `data` (64-byte aligned) and sets *out_model
/// to the root on success.
kiln_status_t VerifyArtifact(const uint8_t* data, size_t size,
                             const fb::Model** out_model);

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_VERIFIER_H_
