// SPDX-License-Identifier: Apache-2.0
#include "hal/drivers/cpu/elf_library.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "util.h"

namespace kiln::hal::cpu {

using rt::MakeStatus;
using rt::Quote;

namespace {

// dlerror() is per thread but dlopen/dlsym/dlerror pairs must not interleave
// with another thread's on the same thread state; a lock keeps messages
// attached to the right call.
std::mutex& DlMutex() {
  static std::mutex mutex;
  return mutex;
}

bool WriteAll(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

}  // namespace

kiln_status_t ElfLibrary::Load(const uint8_t* data, size_t size,
                               const char* label,
                               std::unique_ptr<ElfLibrary>* out) {
  out->reset();
  // ELF magic first: dlopen's message for other bytes is unhelpful.
  if (size < 64 || std::memcmp(data,
                               "\x7f"
                               "ELF",
                               4) != 0) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "%s: the object is not an ELF file (%zu bytes)", label,
                      size);
  }
  std::unique_ptr<ElfLibrary> library(new ElfLibrary());
  library->label_ = label;
  library->fd_ = ::memfd_create("kiln-executable", MFD_CLOEXEC);
  if (library->fd_ < 0) {
    return MakeStatus(KILN_STATUS_UNAVAILABLE, "%s: memfd_create failed: %s",
                      label, std::strerror(errno));
  }
  if (!WriteAll(library->fd_, data, size)) {
    return MakeStatus(KILN_STATUS_OUT_OF_MEMORY,
                      "%s: cannot write %zu bytes to a memfd: %s", label, size,
                      std::strerror(errno));
  }
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/self/fd/%d", library->fd_);
  std::lock_guard<std::mutex> lock(DlMutex());
  dlerror();
  library->handle_ = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (library->handle_ == nullptr) {
    const char* error = dlerror();
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "%s: cannot load the kernel object: %s", label,
                      error ? error : "dlopen failed");
  }
  *out = std::move(library);
  return nullptr;
}

ElfLibrary::~ElfLibrary() {
  if (handle_) {
    std::lock_guard<std::mutex> lock(DlMutex());
    ::dlclose(handle_);
  }
  if (fd_ >= 0) ::close(fd_);
}

kiln_status_t ElfLibrary::Resolve(const char* name, void** out) const {
  std::lock_guard<std::mutex> lock(DlMutex());
  dlerror();
  *out = ::dlsym(handle_, name);
  if (*out == nullptr) {
    const char* error = dlerror();
    return MakeStatus(KILN_STATUS_NOT_FOUND,
                      "%s: kernel %s is not exported by the object%s%s",
                      label_.c_str(), Quote(name).c_str(), error ? ": " : "",
                      error ? error : "");
  }
  return nullptr;
}

}  // namespace kiln::hal::cpu
