// SPDX-License-Identifier: Apache-2.0
//
// The integrity checksums of a .kiln artifact (see kiln.fbs): FNV-1a 64 over
// the metadata (the bytes before the first section, Model.checksum counted as
// zeros) and over each executable object. Header-only, shared by the writer
// (kilnc's serializer, the tests' ArtifactBuilder) and the runtime's loader.
//
// Writing: build the Model with non-zero placeholders in Model.checksum and
// every Executable.object_checksum (so FlatBuffers stores the fields), lay out
// the file, then call kiln::artifact::SealArtifact on the final bytes.
#ifndef KILN_SCHEMA_KILN_CHECKSUM_H_
#define KILN_SCHEMA_KILN_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kiln_generated.h"

namespace kiln::artifact {

inline constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
inline constexpr uint64_t kFnvPrime = 0x100000001b3ull;

/// Continues an FNV-1a 64 hash `hash` over `size` bytes.
inline uint64_t Fnv1a64(const uint8_t* data, size_t size,
                        uint64_t hash = kFnvOffsetBasis) {
  for (size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= kFnvPrime;
  }
  return hash;
}

/// The end of the metadata: the lowest section offset, clamped to `size`
/// (`size` when there is no section). `model` must have passed the
/// FlatBuffers verifier.
inline size_t MetadataEnd(const fb::Model* model, size_t size) {
  size_t end = size;
  if (const auto* sections = model->sections()) {
    for (const fb::Section* section : *sections) {
      if (section->offset() < end) end = static_cast<size_t>(section->offset());
    }
  }
  return end;
}

/// The checksum of the metadata of the `size`-byte file `file` whose root is
/// `model`, with the 8 bytes of Model.checksum (when stored) hashed as zeros.
inline uint64_t ComputeModelChecksum(const uint8_t* file, size_t size,
                                     const fb::Model* model) {
  size_t end = MetadataEnd(model, size);
  // Tables derive privately from flatbuffers::Table (as generated code uses).
  const uint8_t* field =
      reinterpret_cast<const flatbuffers::Table*>(model)->GetAddressOf(
          fb::Model::VT_CHECKSUM);
  if (field == nullptr || field < file || field + 8 > file + end) {
    return Fnv1a64(file, end);
  }
  size_t at = static_cast<size_t>(field - file);
  static const uint8_t kZeros[8] = {};
  uint64_t hash = Fnv1a64(file, at);
  hash = Fnv1a64(kZeros, 8, hash);
  return Fnv1a64(file + at + 8, end - at - 8, hash);
}

/// Writes the object checksum of every executable and then the model checksum
/// into the finished file `file` (sections in place). Returns false when a
/// checksum field is not stored (write a non-zero placeholder first) or an
/// executable's object section lies outside the file (its checksum is then
/// left as it is; the model checksum is still written).
inline bool SealArtifact(uint8_t* file, size_t size) {
  fb::Model* model = fb::GetMutableModel(file);
  bool ok = true;
  if (auto* executables = model->mutable_executables()) {
    const auto* sections = model->sections();
    for (uint32_t i = 0; i < executables->size(); ++i) {
      fb::Executable* executable = executables->GetMutableObject(i);
      if (sections == nullptr || executable->object() >= sections->size()) {
        ok = false;
        continue;
      }
      const fb::Section* section = sections->Get(executable->object());
      if (section->offset() > size ||
          section->length() > size - section->offset()) {
        ok = false;
        continue;
      }
      uint64_t hash = Fnv1a64(file + section->offset(),
                              static_cast<size_t>(section->length()));
      ok &= executable->mutate_object_checksum(hash);
    }
  }
  uint64_t hash = ComputeModelChecksum(file, size, model);
  return model->mutate_checksum(hash) && ok;
}

}  // namespace kiln::artifact

#endif  // KILN_SCHEMA_KILN_CHECKSUM_H_
