// SPDX-License-Identifier: Apache-2.0
#include "artifact_bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kiln::rt {

kiln_status_t ArtifactBytes::MapFile(const char* path,
                                     std::unique_ptr<ArtifactBytes>* out) {
  out->reset();
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    return MakeStatus(
        error == ENOENT ? KILN_STATUS_NOT_FOUND : KILN_STATUS_INVALID_ARGUMENT,
        "cannot open: %s", std::strerror(error));
  }
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    int error = errno;
    ::close(fd);
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "cannot stat: %s",
                      std::strerror(error));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT, "not a regular file");
  }
  if (info.st_size == 0) {
    ::close(fd);
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: the file is empty");
  }
  size_t size = static_cast<size_t>(info.st_size);
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int error = errno;
  ::close(fd);
  if (mapping == MAP_FAILED) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY, "cannot map %zu bytes: %s",
                      size, std::strerror(error));
  }
  std::unique_ptr<ArtifactBytes> bytes(new ArtifactBytes());
  bytes->mapping_ = mapping;
  bytes->mapping_size_ = size;
  bytes->data_ = static_cast<const uint8_t*>(mapping);
  bytes->size_ = size;
  *out = std::move(bytes);
  return nullptr;
}

kiln_status_t ArtifactBytes::FromMemory(const void* data, size_t size,
                                        bool copy,
                                        std::unique_ptr<ArtifactBytes>* out) {
  out->reset();
  if (data == nullptr || size == 0) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: no bytes (%zu bytes at %p)", size,
                      data);
  }
  std::unique_ptr<ArtifactBytes> bytes(new ArtifactBytes());
  bytes->size_ = size;
  if (!copy && reinterpret_cast<uintptr_t>(data) % 64 == 0) {
    bytes->data_ = static_cast<const uint8_t*>(data);
  } else {
    bytes->owned_ = AllocateAligned(size);
    if (!bytes->owned_) {
      return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                        "cannot allocate %zu bytes for a copy", size);
    }
    std::memcpy(bytes->owned_.get(), data, size);
    bytes->data_ = bytes->owned_.get();
  }
  *out = std::move(bytes);
  return nullptr;
}

ArtifactBytes::~ArtifactBytes() {
  if (mapping_) ::munmap(mapping_, mapping_size_);
}

}  // namespace kiln::rt
