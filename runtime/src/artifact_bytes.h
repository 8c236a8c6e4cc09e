// SPDX-License-Identifier: Apache-2.0
//
// The bytes of a loaded artifact: a read-only mapping of a file, the caller's
// memory used in place, or an owned 64-byte aligned copy.
#ifndef KILN_RUNTIME_SRC_ARTIFACT_BYTES_H_
#define KILN_RUNTIME_SRC_ARTIFACT_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kiln/kiln.h"
#include "util.h"

namespace kiln::rt {

class ArtifactBytes {
 public:
  /// Maps `path` read-only (no copy).
  static kiln_status_t MapFile(const char* path,
                               std::unique_ptr<ArtifactBytes>* out);
  /// Uses `data` in place when it is 64-byte aligned and `copy` is false,
  /// else copies it into aligned memory.
  static kiln_status_t FromMemory(const void* data, size_t size, bool copy,
                                  std::unique_ptr<ArtifactBytes>* out);

  ArtifactBytes(const ArtifactBytes&) = delete;
  ArtifactBytes& operator=(const ArtifactBytes&) = delete;
  ~ArtifactBytes();

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  /// Whether the bytes are a mapping, the caller's memory or a copy.
  bool is_mapped() const { return mapping_ != nullptr; }
  bool is_borrowed() const { return !mapping_ && !owned_; }

 private:
  ArtifactBytes() = default;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // munmap'ed on destruction
  size_t mapping_size_ = 0;
  AlignedMemory owned_;
};

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_ARTIFACT_BYTES_H_
